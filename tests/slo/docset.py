"""A small doc set with SLOs, queries, burn tiers, a budget policy and an alert catalog."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import write_tree

SLO_TABLE = """\
| SLO | SLI | Target | Window | Error budget | Budgeting method |
|---|---|---|---|---|---|
| Platform availability | good ÷ all | 99.9% | 30 days | 43.2 min | Timeslices (1 min) |
| Batch delivery latency | in 30 min | 99% | 30 days | 4,500 late | Occurrences |
"""

SLI_BLOCK = """\
```yaml sli
- slo: platform  AVAILABILITY
  id: availability
  alert: SloAvailability
  errors: sum(rate(test_bad_minutes_total[{{window}}]))
  total: sum(rate(test_minutes_total[{{window}}]))
- slo: Batch delivery latency
  id: batch_delivery
  alert: SloBatchDelivery
  errors: sum(rate(test_late_total[{{window}}]))
  total: sum(rate(test_delivered_total[{{window}}]))
```
"""

BURN_TABLE = """\
| Tier | Burn rate | Long window | Short window | Budget consumed when it fires | Severity |
|---|---|---|---|---|---|
| Page, fast | 14.4× | 1 h | 5 min | 2% | S1 |
| Page, slow | 6× | 6 h | 30 min | 5% | S1 |
| Ticket, fast | 3× | 1 day | 2 h | 10% | S3 |
| Ticket, slow | 1× | 3 days | 6 h | 10% | S3 |
"""

POLICY = """\
| Budget consumed | Deployment decision |
|---|---|
| < 50% | Normal |
| 50–75% | Caution: reviewer and longer canary |
| 75–100% | Restricted: reliability fixes only |
| ≥ 100% | Freeze: no deploys on the path |
"""

CATALOG = """\
---
type: reference
---
# Alert catalog

| Name | Page alert | Ticket alert | Runbook |
|---|---|---|---|
| Avail | `SloAvailabilityBurnPage` | `SloAvailabilityBurnTicket` | [I](../runbooks/intake.md) |
| Batch | `SloBatchDeliveryBurnPage` | `SloBatchDeliveryBurnTicket` | [S](../runbooks/scale.md) |
"""


def handover(
    slo_table: str = SLO_TABLE,
    sli: str = SLI_BLOCK,
    burn: str = BURN_TABLE,
    policy: str = POLICY,
) -> str:
    return (
        "---\ntype: handover\ntitle: 'Acme EDI: handover'\n---\n# Acme EDI: handover\n\n"
        f"## SLOs & Error Budgets\n\n{slo_table}\n{sli}\n"
        f"### Burn-rate alerting\n\n{burn}\n### Error-budget policy\n\n{policy}"
    )


def write_docset(base: Path, handover_text: str | None = None, catalog: str = CATALOG) -> Path:
    files = {
        "ops-docs/handover/edi.md": handover_text if handover_text is not None else handover(),
        "ops-docs/reference/alert-catalog.md": catalog,
        "ops-docs/runbooks/intake.md": "---\ntype: runbook\n---\n# Intake\n",
        "ops-docs/runbooks/scale.md": "---\ntype: runbook\n---\n# Scale\n",
    }
    write_tree(base, files)
    (base / ".ops-lint.yaml").write_text(yaml.safe_dump({"docs": ["ops-docs"]}), encoding="utf-8")
    return base
