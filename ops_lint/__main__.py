from __future__ import annotations

from ops_lint.cli import main

raise SystemExit(main())
