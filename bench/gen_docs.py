"""Generate a realistic, deterministic ops doc set of a given size for the benchmarks.

Run from the project root::

    .venv/bin/python -m bench.gen_docs /tmp/ops-set --docs 1000          # seed 7
    .venv/bin/python -m bench.gen_docs /tmp/ops-set --docs 10000 --seed 3

It writes ``OUT/ops-docs/`` in the shape of the bundled ``ops-docs/``: an ``owners.yaml``
roster, and one *domain* per ~50 docs (``ops-docs/<domain>/``), each with a handover doc
(the eleven sections, RACI, severity matrix, runbook inventory linking every runbook of the
domain, SLO and error-budget policy tables, a 20-item checklist), runbooks with front-matter
(type, owner, trigger, severity, dry_run, last_reviewed, review_cycle_days), numbered steps
with code blocks, tables and task lists, policies, reference pages, incidents and their
postmortems. Docs cross-link with relative links and ``#anchors``, also across domains.
Lengths vary from about 2 to 12 KB (the handovers are larger).

The set passes the builtin rule pack with ``--as-of 2026-11-27`` except for a small,
deterministic sprinkling of findings, so the rule engine does real work: a few placeholders
(OPS004), a few broken links and anchors (OPS005), a few stale reviews (OPS601). The same
``n_docs`` and ``seed`` always give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

GENERATOR_VERSION = 1  # bump when the output changes: invalidates cached sets
GROUP = 50  # docs per domain: 1 handover + runbooks + 4 policies + 5 reference + 4 + 4
POLICIES = ("severity-policy", "error-budget-policy", "postmortem-policy", "change-policy")
REFERENCES = ("platform-overview", "alert-catalog", "partner-onboarding", "certificate-inventory")
INCIDENT_PAIRS = 4

TEAMS = (  # id, name, RACI alias, members
    ("l1-support", "L1 Support", "L1 Support", 8),
    ("l2-support", "L2 Support", "L2 Support", 8),
    ("service-engineering", "Service Engineering (L3)", "L3 Engineering", 6),
    ("incident-command", "Incident Command", "Incident Commander", 5),
    ("platform-sre", "Platform Engineering (SRE)", "Platform Engineering", 8),
    ("security-privacy", "Security & Privacy", "Security & Privacy", 4),
    ("partner-management", "Partner Management", "Partner Management", 4),
    ("engineering-leadership", "Engineering Leadership", "Engineering Leadership", 3),
)
OWNER_IDS = ("l2-support", "service-engineering", "platform-sre", "security-privacy")
FIRST = ("Priya", "Marcus", "Ana", "Jordan", "Mei", "Devon", "Fatima", "Luis", "Rachel", "Tomasz")
LAST = ("Raman", "Bell", "Ferreira", "Okafor", "Tsai", "Carter", "Haddad", "Ortega", "Kim", "Nowak")
SERVICES = (
    "ingest",
    "router",
    "ack-service",
    "ledger",
    "gateway",
    "portal",
    "dispatcher",
    "scheduler",
    "billing",
    "eligibility",
    "search",
    "notifier",
    "auth",
    "exporter",
    "reconciler",
    "archiver",
)
SYMPTOMS = (
    ("backlog", "QueueDepthHigh", "queue depth above {n} messages for {m} min"),
    ("latency", "LatencyP95High", "p95 latency above {n} ms for {m} min"),
    ("error-rate", "ErrorRateHigh", "5xx share above {n}% over {m} min"),
    ("outage", "ProbeFailing", "synthetic probe failing from {n} of 3 locations for {m} min"),
    ("cert-expiry", "CertExpiring", "certificate expires within {n} days (checked every {m} min)"),
    ("disk-full", "DiskUsageHigh", "volume above {n}% full for {m} min"),
    ("dlq", "DlqDepthHigh", "dead-letter queue above {n} messages for {m} min"),
    ("replication-lag", "ReplicationLagHigh", "replica lag above {n} s for {m} min"),
)
SENTENCES = (
    "The on-call engineer records every command and its output in the incident channel.",
    "Check the service dashboard before changing anything; the graphs show when the trend began.",
    "A change synced in the last two hours is the first suspect: compare its time with the graph.",
    "Partner traffic is retried for up to four hours, so a short stall loses no data.",
    "Do not restart every replica at once; the readiness probe needs ninety seconds per pod.",
    "If the numbers do not move within ten minutes, escalate rather than repeat the step.",
    "The queue keeps messages for fourteen days; nothing is lost while the consumer is down.",
    "Write down the time each step finished; the postmortem timeline is built from it.",
    "Most alerts of this family clear on their own after a deploy; confirm before acting.",
    "The staging environment mirrors production sizing at a quarter of the replicas.",
    "Rate limits on the partner side are documented in the onboarding reference.",
    "Every mitigation must be reversible; the rollback section lists how to undo each step.",
    "Capacity headroom is reviewed monthly and after every load test.",
    "Keep the status page in step with the incident severity and the communication plan.",
)
COMMANDS = (
    "kubectl -n {svc} get pods -o wide",
    "kubectl -n {svc} rollout status deploy/{svc} --timeout=5m",
    "kubectl -n {svc} logs deploy/{svc} --since=15m | grep -c ERROR",
    'aws sqs get-queue-attributes --queue-url "$QUEUE_URL" --attribute-names All',
    "opsctl {svc} status --env prod",
    "opsctl {svc} drain --env prod --rate 50 --dry-run",
    'psql "$LEDGER_URL" -c "SELECT state, count(*) FROM jobs GROUP BY state"',
    "curl -fsS https://{svc}.internal.example/healthz",
)


class Domain(NamedTuple):
    """One ~50-doc slice of the set: a handover and the docs it governs."""

    index: int
    slug: str
    runbooks: tuple[str, ...]


class Ctx(NamedTuple):
    """What a doc writer needs besides its own random stream."""

    domain: Domain
    domains: tuple[Domain, ...]
    rng: random.Random


def _prose(rng: random.Random, sentences: int) -> str:
    picked = [rng.choice(SENTENCES) for _ in range(sentences)]
    return "\n".join(picked) + "\n"


def _front(fields: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {v}" for k, v in value.items())
        else:
            lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", ""]) + "\n"


def _date(rng: random.Random, month_from: int = 9, month_to: int = 11) -> str:
    return f"2026-{rng.randint(month_from, month_to):02d}-{rng.randint(1, 20):02d}"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def _flaw(domain: Domain, slot: int) -> str | None:
    """The deterministic sprinkling of findings: which flaw, if any, this doc carries."""
    if slot != 3:
        return None
    return {0: "placeholder", 1: "broken-anchor", 2: "stale", 4: "broken-file"}.get(
        domain.index % 7
    )


def _owner(domain: Domain, slot: int) -> str:
    return OWNER_IDS[(domain.index + slot) % len(OWNER_IDS)]


# -- the roster ---------------------------------------------------------------------
def owners_yaml(rng: random.Random) -> str:
    lines = ["# Team registry: every `owner:` must be one of these ids.", "teams:"]
    for team_id, name, alias, size in TEAMS:
        lines += [f"  - id: {team_id}", f"    name: {name}", f'    aliases: ["{alias}"]']
        lines.append("    members:")
        for _ in range(size):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            handle = f"@{first[0].lower()}{last.lower()}{rng.randint(1, 99)}"
            lines.append(f'      - {{name: "{first} {last}", handle: "{handle}"}}')
    return "\n".join(lines) + "\n"


# -- runbooks -----------------------------------------------------------------------
def runbook(name: str, slot: int, ctx: Ctx) -> str:
    rng, dom = ctx.rng, ctx.domain
    svc, symptom = _split(name)
    _, alert, cond = next(s for s in SYMPTOMS if s[0] == symptom)
    trigger = f"{svc.title().replace('-', '')}{alert}: " + cond.format(
        n=rng.randint(2, 900), m=rng.choice((5, 10, 15))
    )
    flaw = _flaw(dom, slot)
    reviewed = "2026-03-02" if flaw == "stale" else _date(rng)
    fm = {
        "title": f'"{svc} {symptom.replace("-", " ")}"',
        "type": "runbook",
        "owner": _owner(dom, slot),
        "last_reviewed": reviewed,
        "review_cycle_days": 90,
        "tags": f"[{svc}, {symptom}, runbook]",
        "trigger": f'"{trigger}"',
        "severity": f"S{rng.randint(1, 3)}",
        "dry_run": {
            "method": '"staging game day with injected faults"',
            "last_run": _date(rng),
            "result": "passed",
        },
    }
    body = [_front(fm), f"# {svc} {symptom.replace('-', ' ')}\n", _prose(rng, rng.randint(2, 5))]
    body.append(
        f"See the [runbook inventory](../handover/handover.md#3-runbook-inventory) of {dom.slug}.\n"
    )
    body += ["## Trigger\n", f"- `{trigger}`\n", "## Prerequisites\n", _prose(rng, 2)]
    body.append(
        f"```bash\nexport SVC={svc} ENV=prod\nexport QUEUE_URL=$(opsctl {svc} queue-url)\n```\n"
    )
    body += ["## Steps\n", _steps(rng, svc, name, ctx, flaw)]
    body += ["## Verification\n", _tasks(rng, svc, rng.randint(3, 6))]
    body += ["## Rollback\n", _prose(rng, rng.randint(2, 4))]
    body += ["## Escalation\n", _escalation(rng)]
    body += ["## Dry Run\n", _prose(rng, rng.randint(1, 3))]
    return "\n".join(body)


def _split(name: str) -> tuple[str, str]:
    """``ledger-dlq-2`` -> (``ledger``, ``dlq``): a runbook's service and symptom."""
    for symptom, _, _ in SYMPTOMS:
        head, sep, _tail = name.partition(f"-{symptom}")
        if sep and head in SERVICES:
            return head, symptom
    raise ValueError(name)


def _steps(rng: random.Random, svc: str, name: str, ctx: Ctx, flaw: str | None) -> str:
    out: list[str] = []
    for n in range(1, rng.randint(4, 14) + 1):
        out.append(f"{n}. {rng.choice(SENTENCES)}\n")
        if rng.random() < 0.5:
            out.append(
                "   " + _prose(rng, rng.randint(2, 5)).replace("\n", "\n   ").rstrip() + "\n"
            )
        if rng.random() < 0.6:
            cmds = "\n".join(rng.choice(COMMANDS).format(svc=svc) for _ in range(rng.randint(1, 4)))
            out.append(f"   ```bash\n   {cmds.replace(chr(10), chr(10) + '   ')}\n   ```\n")
        if rng.random() < 0.3:
            out.append("   " + _link(rng, name, ctx) + "\n")
        if rng.random() < 0.15:
            rows = [
                (f"`E{rng.randint(100, 999)}`", rng.choice(SENTENCES), "retry") for _ in range(3)
            ]
            table = _table(("Error", "Meaning", "Action"), rows)
            out.append("   " + table.replace("\n", "\n   ").rstrip() + "\n")
    if flaw == "placeholder":
        out.append(f"{len(out) + 1}. Set the drain rate to TBD messages per second.\n")
    if flaw == "broken-anchor":
        out.append(f"{len(out) + 1}. Continue with [the restore]({name}.md#restore-procedure).\n")
    if flaw == "broken-file":
        out.append(f"{len(out) + 1}. Continue with [the old runbook](../runbooks/{name}-v1.md).\n")
    return "\n".join(out)


def _link(rng: random.Random, name: str, ctx: Ctx) -> str:
    """A relative link with an anchor to a runbook of this or (sometimes) another domain."""
    anchor = rng.choice(("steps", "verification", "rollback", "escalation", "dry-run"))
    target = ctx.domain
    if rng.random() < 0.2 and len(ctx.domains) > 1:
        target = ctx.domains[rng.randrange(len(ctx.domains))]
    other = rng.choice(target.runbooks)
    if target is ctx.domain:
        return f"If that fails, follow [{other}]({other}.md#{anchor})."
    return f"Upstream: [{other}](../../{target.slug}/runbooks/{other}.md#{anchor})."


def _tasks(rng: random.Random, svc: str, count: int) -> str:
    items = [
        f"- [ ] `{rng.choice(COMMANDS).format(svc=svc)}` looks normal ({n + 1})"
        for n in range(count)
    ]
    return "\n".join(items) + "\n"


def _escalation(rng: random.Random) -> str:
    rows = [
        ("5 min unacknowledged", "L2 secondary (automatic)"),
        (f"{rng.choice((15, 20, 30))} min without a cause", "Service Engineering on-call"),
        ("customer impact across partners", "Incident Commander (declare S1)"),
    ]
    return _table(("After", "Escalate to"), rows)


# -- the handover -------------------------------------------------------------------
RACI_ROWS = (
    "Incident response (S0/S1)",
    "Incident response (S2-S4)",
    "Partner onboarding",
    "Certificate rotation",
    "Production deployments",
    "Postmortems",
    "Capacity reviews",
    "Access reviews",
    "Key rotation",
    "Error-budget policy enforcement",
    "DLQ redrive",
    "Runbook maintenance",
    "DR test and regional failover",
    "Dependency updates",
)
SEVERITY = (  # level, response time
    ("S0 — Critical", "15 min"),
    ("S1 — High", "1 hour"),
    ("S2 — Medium", "4 hours"),
    ("S3 — Low", "1 business day"),
    ("S4 — Enhancement", "Backlog"),
)
SLOS = (
    ("Availability", None),
    ("Latency p95", 99.5),
    ("Batch delivery", 99.0),
    ("Acknowledgment turnaround", 99.5),
    ("Job completion", 99.0),
)


def _raci(rng: random.Random) -> str:
    header = ("Activity", *(t[2] for t in TEAMS))
    rows = []
    for activity in RACI_ROWS:
        cells = [rng.choice(("C", "I", "-", "R")) for _ in TEAMS]
        cells[rng.randrange(len(TEAMS))] = rng.choice(("A", "A/R"))
        if not any("R" in c for c in cells):
            cells[(cells.index(next(c for c in cells if "A" in c)) + 1) % len(TEAMS)] = "R"
        rows.append((activity, *cells))
    return _table(header, rows)


def _budget(target: float, window: int) -> str:
    minutes = (1 - target / 100) * window * 1440
    return f"{minutes:.4g} min" if minutes < 120 else f"{minutes / 60:.4g} hours"


def handover(ctx: Ctx) -> str:
    rng, dom = ctx.rng, ctx.domain
    availability, window = rng.choice((99.9, 99.95, 99.5)), rng.choice((28, 30))
    fm = {
        "title": f'"{dom.slug}: day-2 operations handover"',
        "type": "handover",
        "owner": "platform-sre",
        "last_reviewed": _date(rng),
        "review_cycle_days": 90,
        "tags": "[handover, operations, raci, slo]",
        "slo": {
            "latency_p95_ms": rng.choice((250, 500, 1500)),
            "availability_percent": availability,
            "error_budget_window_days": window,
        },
    }
    sev = [
        (
            lvl,
            rng.choice(SENTENCES),
            rt,
            "Page L2 primary; IC for S0/S1",
            "status page",
            "see catalog",
        )
        for lvl, rt in SEVERITY
    ]
    inventory = [
        (f"[{rb}](../runbooks/{rb}.md)", f"`{rb}` alert fires", _owner(dom, i), "S2", _date(rng))
        for i, rb in enumerate(dom.runbooks)
    ]
    slos = [
        (
            n,
            rng.choice(SENTENCES),
            f"{t or availability}%",
            f"{window} days",
            _budget(t or availability, window),
        )
        for n, t in SLOS
    ]
    policy = [
        ("< 50%", "Normal: standard changes ship", "Release captain"),
        ("50–75%", "Caution: extra reviewer and a longer canary", "Release captain"),
        ("75–100%", "Restricted: reliability and security fixes only", "VP Engineering"),
        ("≥ 100%", "Freeze: no production deploys on the affected path", "VP Engineering"),
    ]
    checklist = [
        f"- [ ] {rng.choice(SENTENCES)[:-1]} (item {n + 1}, owner: l2-support)" for n in range(20)
    ]
    parts = [
        _front(fm),
        f"# {dom.slug}: day-2 operations handover\n",
        _prose(rng, 6),
        "## 1. Operational Roles & RACI\n",
        _prose(rng, 3),
        _raci(rng),
        "## 2. Incident Classification Matrix\n",
        _table(
            (
                "Severity",
                "Definition",
                "Response time",
                "Escalation path",
                "Communication",
                "Example scenarios",
            ),
            sev,
        ),
        "Full rules: [severity policy](../policies/severity-policy.md#levels).\n",
        "## 3. Runbook Inventory\n",
        _table(("Runbook", "Trigger", "Owner", "Severity", "Last dry-run"), inventory),
        "## 4. SLOs & Error Budgets\n",
        _table(("SLO", "SLI", "Target", "Window", "Error budget"), slos),
        "### Error-budget policy\n",
        _table(("Budget consumed", "Deployment decision", "Who decides"), policy),
        "## 5. Monitoring & Triage Workflow\n",
        _prose(rng, 8),
        "See the [alert catalog](../reference/alert-catalog.md#alerts).\n",
        "## 6. Capacity & Scaling Strategy\n",
        _prose(rng, 6),
        "## 7. Maintenance & Housekeeping Plan\n",
        _prose(rng, 6),
        "## 8. Knowledge Base Structure\n",
        "```text\nops-docs/\n  handover/\n  runbooks/\n  policies/\n```\n",
        "## 9. Handover Checklist\n",
        "\n".join(checklist) + "\n",
        "## 10. Continuous Improvement Loop\n",
        _prose(rng, 5),
        "## 11. Open Questions\n",
        _table(
            ("Question", "Owner", "Target date"),
            [(rng.choice(SENTENCES), "platform-sre", "2027-01-15")],
        ),
    ]
    return "\n".join(parts)


# -- policies, reference, incidents, postmortems ------------------------------------
def simple_doc(kind: str, name: str, ctx: Ctx) -> str:
    rng = ctx.rng
    cycle = 180 if kind in ("policy", "reference") else 365
    fm = {
        "title": f'"{name.replace("-", " ")}"',
        "type": kind,
        "owner": rng.choice(OWNER_IDS),
        "last_reviewed": _date(rng),
        "review_cycle_days": cycle,
        "tags": f"[{kind}]",
    }
    body = [_front(fm), f"# {name.replace('-', ' ')}\n", _prose(rng, rng.randint(3, 8))]
    for heading in ("Levels", "Alerts", "Scope", "Details"):
        body += [f"## {heading}\n", _prose(rng, rng.randint(3, 12))]
        if rng.random() < 0.5:
            rows = [
                (rng.choice(SERVICES), rng.choice(SENTENCES), rng.choice(OWNER_IDS))
                for _ in range(rng.randint(3, 12))
            ]
            body.append(_table(("Component", "Notes", "Owner"), rows))
    other = rng.choice(ctx.domain.runbooks)
    body.append(
        f"Related: [{other}](../runbooks/{other}.md#steps), [handover](../handover/handover.md).\n"
    )
    return "\n".join(body)


def incident(n: int, ctx: Ctx) -> str:
    rng = ctx.rng
    day = 1 + n * 5
    fm = {
        "title": f'"2026-10-{day:02d} S1 incident {n}"',
        "type": "incident",
        "owner": "service-engineering",
        "last_reviewed": _date(rng, 10, 11),
        "review_cycle_days": 365,
        "severity": "S1",
        "started_at": f"2026-10-{day:02d}T02:14:00-04:00",
        "resolved_at": f"2026-10-{day:02d}T05:02:00-04:00",
        "postmortem": f"../postmortems/incident-{n}.md",
    }
    rb = rng.choice(ctx.domain.runbooks)
    return "\n".join(
        [
            _front(fm),
            f"# Incident {n}\n",
            _table(
                ("Field", "Value"),
                [("Severity", "S1"), ("Runbook", f"[{rb}](../runbooks/{rb}.md#steps)")],
            ),
            "## Summary\n",
            _prose(rng, rng.randint(4, 10)),
            "## Impact\n",
            _prose(rng, rng.randint(3, 8)),
            "## Response\n",
            _prose(rng, rng.randint(6, 20)),
            "## Timeline\n",
            _table(
                ("Time (ET)", "Event"),
                [
                    (f"0{h}:{rng.randint(10, 59)}", rng.choice(SENTENCES))
                    for h in range(2, 2 + rng.randint(3, 8))
                ],
            ),
            f"Postmortem: [incident {n}](../postmortems/incident-{n}.md#timeline).\n",
        ]
    )


def postmortem(n: int, ctx: Ctx) -> str:
    rng = ctx.rng
    day = 1 + n * 5
    fm = {
        "title": f'"Postmortem: incident {n}"',
        "type": "postmortem",
        "owner": "service-engineering",
        "last_reviewed": _date(rng, 10, 11),
        "review_cycle_days": 365,
        "incident": f"../incidents/incident-{n}.md",
        "published_at": f"2026-10-{day + 2:02d}T16:30:00-04:00",
    }
    timeline = [(f"0{h}:{rng.randint(10, 59)}", rng.choice(SENTENCES)) for h in range(2, 6)]
    actions = [
        (f"OPS-{rng.randint(1000, 9999)}", rng.choice(SENTENCES), "P1", "l2-support")
        for _ in range(4)
    ]
    return "\n".join(
        [
            _front(fm),
            f"# Postmortem: incident {n}\n",
            _prose(rng, 4),
            "## Timeline\n",
            _table(("Time (ET)", "Event"), timeline),
            "## Contributing Factors\n",
            _prose(rng, rng.randint(8, 30)),
            "## What Went Well\n",
            _prose(rng, rng.randint(3, 10)),
            "## Action Items\n",
            _table(("Ticket", "Action", "Priority", "Owner"), actions),
            f"Incident record: [incident {n}](../incidents/incident-{n}.md#summary).\n",
        ]
    )


# -- layout -------------------------------------------------------------------------
def _domains(n_docs: int, rng: random.Random) -> tuple[Domain, ...]:
    fixed = 1 + len(POLICIES) + len(REFERENCES) + 2 * INCIDENT_PAIRS
    count = max(1, round(n_docs / GROUP))
    out: list[Domain] = []
    for i in range(count):
        size = GROUP if i < count - 1 else n_docs - GROUP * (count - 1)
        names: list[str] = []
        while len(names) < max(1, size - fixed):
            name = f"{rng.choice(SERVICES)}-{rng.choice(SYMPTOMS)[0]}"
            names.append(name if name not in names else f"{name}-{len(names)}")
        out.append(Domain(i, f"domain-{i:04d}", tuple(names)))
    return tuple(out)


def _domain_files(ctx: Ctx) -> dict[str, str]:
    files = {"handover/handover.md": handover(ctx)}
    for slot, name in enumerate(ctx.domain.runbooks):
        files[f"runbooks/{name}.md"] = runbook(name, slot, ctx)
    for name in POLICIES:
        files[f"policies/{name}.md"] = simple_doc("policy", name, ctx)
    for name in REFERENCES:
        files[f"reference/{name}.md"] = simple_doc("reference", name, ctx)
    for n in range(INCIDENT_PAIRS):
        files[f"incidents/incident-{n}.md"] = incident(n, ctx)
        files[f"postmortems/incident-{n}.md"] = postmortem(n, ctx)
    return files


def generate(root: Path, n_docs: int, seed: int = 7) -> list[Path]:
    """Write ``root/ops-docs/`` with about ``n_docs`` Markdown docs; return the doc paths."""
    rng = random.Random(seed)
    docs_root = root / "ops-docs"
    docs_root.mkdir(parents=True, exist_ok=True)
    (docs_root / "owners.yaml").write_text(owners_yaml(rng), encoding="utf-8")
    domains = _domains(n_docs, rng)
    written: list[Path] = []
    for domain in domains:
        ctx = Ctx(domain, domains, random.Random(f"{seed}:{domain.index}"))
        for rel, text in _domain_files(ctx).items():
            path = docs_root / domain.slug / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="directory to write ops-docs/ into")
    parser.add_argument("--docs", type=int, default=1000, help="number of docs (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    paths = generate(args.out, args.docs, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} docs ({size / 1e6:.1f} MB) under {args.out / 'ops-docs'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
