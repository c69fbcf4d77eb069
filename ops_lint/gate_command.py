"""``ops-lint gate``: decide whether a deployment may ship, from the error budgets left.

The Prometheus URL comes from ``--prometheus`` or the environment variable
``OPS_LINT_PROMETHEUS_URL``, and from nowhere else: a repository's config cannot make
ops-lint fetch anything (a pull request could otherwise point it at any host). The SLOs,
their queries and the policy bands come from the docs (:func:`ops_lint.slo_spec.load_slo_set`).
Exit codes are those of :mod:`ops_lint.gate`, 4 when Prometheus cannot answer, and 2 for
a usage or configuration error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ops_lint.errors import UsageError
from ops_lint.escape import visible
from ops_lint.report_io import say, write_output

if TYPE_CHECKING:
    from ops_lint.gate import GateResult

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

URL_VARIABLE = "OPS_LINT_PROMETHEUS_URL"


def add_parser(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """The ``gate`` subcommand's arguments."""
    gate = sub.add_parser(
        "gate",
        help="decide whether to deploy from the error budgets consumed (asks Prometheus)",
        parents=[common],
    )
    gate.add_argument(
        "--prometheus",
        metavar="URL",
        help=f"the Prometheus to query (default: ${URL_VARIABLE}; never the config)",
    )
    gate.add_argument(
        "--slo",
        action="append",
        metavar="NAME",
        help="gate on this SLO only (name or id; repeatable; default: every SLO with queries)",
    )
    gate.add_argument(
        "--at",
        type=rfc3339,
        metavar="RFC3339",
        help="evaluate at this time, e.g. 2026-12-02T12:00:00Z (default: now)",
    )
    gate.add_argument("--format", choices=["text", "json"], default="text")
    gate.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE")
    gate.add_argument("--config", metavar="FILE", help="config file (default: searched upwards)")
    gate.add_argument(
        "--use-env-proxy",
        action="store_true",
        help="reach Prometheus through the proxy of HTTP_PROXY/HTTPS_PROXY (default: direct)",
    )


def rfc3339(value: str) -> dt.datetime:
    """An RFC 3339 time (``2026-12-02T12:00:00Z``); a zone is required."""
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "zZ" else text)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"not an RFC 3339 time with a zone (e.g. 2026-12-02T12:00:00Z): {value!r}"
        )
    return parsed.astimezone(dt.UTC)


def prometheus_url(given: str | None) -> str:
    """The URL to query: ``--prometheus``, else the environment; never the config."""
    url = given or os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        raise UsageError(
            f"no Prometheus to ask: pass --prometheus URL or set {URL_VARIABLE} "
            "(a URL in the repository's config is never used)"
        )
    return url


def _line(result: GateResult, index: int) -> str:
    band = result.bands[index]
    return f"{band.label}: {band.decision}"


def to_text(result: GateResult, url: str) -> str:
    from ops_lint.gate import percent

    when = "at " + result.at.isoformat().replace("+00:00", "Z") if result.at else "now"
    lines = [f"Error budgets {when} (Prometheus {url}):"]
    for slo in result.slos:
        if slo.consumed is None or slo.band is None:
            lines.append(f"- {slo.name}: NO DATA: {slo.problem}")
        else:
            lines.append(
                f"- {slo.name}: {percent(slo.consumed)} of the budget consumed, "
                f"band {_line(result, slo.band)}"
            )
    for note in result.not_gated:
        lines.append(f"- {note}")
    decision = result.decision
    if any(s.problem for s in result.slos):
        missing = sum(1 for s in result.slos if s.problem)
        lines.append(f"Decision: none: {missing} SLO(s) without data (exit 5)")
    elif decision is not None:
        lines.append(f"Decision: {_line(result, decision)} (exit {result.exit_code})")
    return "\n".join(visible(line, lines=True) for line in lines) + "\n"


def to_json(result: GateResult, url: str) -> str:
    def band(index: int | None) -> dict[str, Any] | None:
        if index is None:
            return None
        b = result.bands[index]
        return {"index": index, "label": b.label, "threshold": b.threshold, "decision": b.decision}

    data = {
        "at": result.at.isoformat().replace("+00:00", "Z") if result.at else None,
        "prometheus": url,
        "slos": [
            {
                "name": s.name,
                "id": s.id,
                "query": s.query,
                "consumed_percent": None if s.consumed is None else round(s.consumed, 3),
                "band": band(s.band),
                "problem": s.problem,
            }
            for s in result.slos
        ],
        "not_gated": list(result.not_gated),
        "decision": None if any(s.problem for s in result.slos) else band(result.decision),
        "exit_code": result.exit_code,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace, cwd: Path) -> int:
    from ops_lint.prometheus_api import Client, PrometheusError, check_url

    url = check_url(prometheus_url(args.prometheus))  # before the docs: no URL, no reading
    from ops_lint.gate import EXIT_UNREACHABLE, evaluate
    from ops_lint.slo_spec import load_slo_set

    slo_set = load_slo_set(cwd, args.config)
    for problem in slo_set.problems:
        say(f"ops-lint: warning: {problem}")
    client = Client(url, proxies_from_env=args.use_env_proxy)
    try:
        result = evaluate(slo_set, client, args.at, args.slo)
    except PrometheusError as exc:
        say(f"ops-lint: error: {exc}")
        return EXIT_UNREACHABLE
    render = to_json if args.format == "json" else to_text
    write_output(render(result, client.base_url), args.output)
    return result.exit_code
