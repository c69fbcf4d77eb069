"""The freshness report as JSON: the versioned contract the other formats render."""

from __future__ import annotations

import json
from typing import Any


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
