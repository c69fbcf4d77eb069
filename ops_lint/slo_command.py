"""``ops-lint slo export | rules``: the SLOs of the docs as OpenSLO and Prometheus rules.

Both read the handover doc's SLO table, ``yaml sli`` query blocks, burn-rate table and
error-budget policy (:mod:`ops_lint.slo_spec`). What could not be read is said on stderr
as a warning (an SLO without queries is left out of the output, never silently); no SLO
with queries at all is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ops_lint.errors import UsageError
from ops_lint.report_io import say, write_output

if TYPE_CHECKING:
    from ops_lint.cli_args import Subparsers


def add_parser(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    slo = sub.add_parser(
        "slo", help="SLOs of the docs as OpenSLO or Prometheus rules", parents=[common]
    )
    actions = slo.add_subparsers(dest="slo_command", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export", help="write the SLOs as a specification (OpenSLO v1)", parents=[common]
    )
    export.add_argument("--format", choices=["openslo"], default="openslo")
    export.add_argument(
        "--service",
        metavar="NAME",
        help="the OpenSLO service (default: the handover's 'service' front-matter, else its "
        "title up to the first colon)",
    )
    rules = actions.add_parser(
        "rules",
        help="write Prometheus recording and burn-rate alerting rules for the SLOs",
        parents=[common],
    )
    for parser in (export, rules):
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="write to FILE (default: stdout)"
        )
        parser.add_argument(
            "--config", metavar="FILE", help="config file (default: searched upwards)"
        )


def _service(meta: dict[str, object], title: str) -> str:
    named = meta.get("service")
    if isinstance(named, str) and named.strip():
        return named.strip()
    head = title.split(":", 1)[0].strip()
    return re.sub(r"[^a-z0-9]+", "-", head.lower()).strip("-") or "service"


def run(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.slo_spec import handover_doc, load_context, slo_set_of

    ctx = load_context(cwd, args.config)
    slo_set = slo_set_of(ctx)
    if not any(s.queries is not None for s in slo_set.slos):
        for problem in slo_set.problems:
            say(f"ops-lint: warning: {problem}")
        raise UsageError(
            "no SLO has queries: add a fenced 'yaml sli' block (slo, id, alert, errors, total "
            "per SLO) to the handover's SLO section"
        )
    if args.slo_command == "export":
        from ops_lint.slo_openslo import export_openslo

        doc = handover_doc(ctx)
        service = args.service or _service(doc.meta, doc.title)
        text, problems = export_openslo(slo_set, service), slo_set.problems
    else:
        from ops_lint.slo_rules import build_rules

        built = build_rules(slo_set, ctx)
        text, problems = built.text, built.problems
    for problem in problems:
        say(f"ops-lint: warning: {problem}")
    write_output(text, args.output)
    return 0
