"""The bundled ops-docs/ passes the bundled pack, and every rule bites on it.

Each mutation copies ops-docs/ into a temporary project, makes one realistic edit, and
asserts that exactly the expected rule code appears (plus, where an edit cannot avoid
it, the codes named in ``also``: deleting a file also breaks the links to it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from ops_lint.packs import bundled_rules_dir
from tests.conftest import ROOT

AS_OF = "2026-12-02"
HANDOVER = "handover/operations-handover.md"

Edit = Callable[[Path], object]


class Mutation(NamedTuple):
    code: str
    description: str
    edit: Edit
    also: frozenset[str] = frozenset()


def replace(rel: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(docs: Path) -> None:
        path = docs / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"mutation target not found in {rel}: {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def regex(rel: str, pattern: str, new: str, count: int = 1) -> Edit:
    def edit(docs: Path) -> None:
        path = docs / rel
        text = path.read_text(encoding="utf-8")
        changed, n = re.subn(pattern, new, text, count=count, flags=re.M)
        assert n, f"mutation pattern not found in {rel}: {pattern!r}"
        path.write_text(changed, encoding="utf-8")

    return edit


def drop_raci_columns(keep: int) -> Edit:
    """Keep the Activity column and the first ``keep`` role columns of the RACI table."""

    def edit(docs: Path) -> None:
        path = docs / HANDOVER
        lines = path.read_text(encoding="utf-8").split("\n")
        start = next(i for i, line in enumerate(lines) if line.startswith("| Activity |"))
        i = start
        while lines[i].startswith("|"):
            cells = lines[i].strip().strip("|").split("|")
            lines[i] = "|" + "|".join(cells[: keep + 1]) + "|"
            i += 1
        path.write_text("\n".join(lines), encoding="utf-8")

    return edit


def drop_checklist_items(keep: int) -> Edit:
    def edit(docs: Path) -> None:
        path = docs / HANDOVER
        text = path.read_text(encoding="utf-8")
        head, rest = text.split("## 9. Handover Checklist", 1)
        body, tail = rest.split("## 10.", 1)
        kept = 0
        out = []
        for line in body.split("\n"):
            if line.startswith("- [ ]"):
                kept += 1
                if kept > keep:
                    continue
            out.append(line)
        path.write_text(head + "## 9. Handover Checklist" + "\n".join(out) + "## 10." + tail)

    return edit


def delete(rel: str) -> Edit:
    return lambda docs: (docs / rel).unlink()


def copy(src: str, dst: str) -> Edit:
    return lambda docs: shutil.copy(docs / src, docs / dst)


def write_bytes(rel: str, data: bytes) -> Edit:
    return lambda docs: (docs / rel).write_bytes(data)


def chain(*edits: Edit) -> Edit:
    def edit(docs: Path) -> None:
        for step in edits:
            step(docs)

    return edit


def git_history_by_one_author(rel: str, edits: int) -> Edit:
    """Commit the doc set, then ``edits`` more commits to ``rel``, all by one person."""

    def git(repo: Path, *args: str, day: int) -> None:
        stamp = f"2026-11-{day:02d}T10:00:00+00:00"
        env = {
            **os.environ,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "GIT_AUTHOR_NAME": "Dana Whitfield",
            "GIT_AUTHOR_EMAIL": "dana@example.org",
            "GIT_COMMITTER_NAME": "Dana Whitfield",
            "GIT_COMMITTER_EMAIL": "dana@example.org",
        }
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    def edit(docs: Path) -> None:
        repo = docs.parent
        git(repo, "init", "-q", day=1)
        git(repo, "add", ".", day=1)
        git(repo, "commit", "-qm", "Import the ops docs", day=1)
        for n in range(edits):
            with (docs / rel).open("a", encoding="utf-8") as handle:
                handle.write(f"\nRevision note {n + 1}: steps re-checked in staging.\n")
            git(repo, "commit", "-qam", f"Update {rel} ({n + 1})", day=10 + n)

    return edit


KMS = "runbooks/kms-key-rotation.md"
DR = "runbooks/disaster-recovery-failover.md"
CATALOG = "reference/alert-catalog.md"
ROSTER = "owners.yaml"
POLICY = "policies/severity-policy.md"

MUTATIONS = [
    Mutation(
        "OPS000",
        "save a runbook as UTF-16",
        lambda d: (d / KMS).write_bytes((d / KMS).read_text().encode("utf-16")),
    ),
    Mutation(
        "OPS001",
        "break the front-matter YAML of a runbook",
        replace(
            KMS,
            "tags: [edi, kms, encryption, rotation, security]",
            "tags: [edi, kms, encryption, rotation, security",
        ),
    ),
    Mutation(
        "OPS002",
        "a review date that does not exist",
        regex(POLICY, r"^last_reviewed: .*$", "last_reviewed: 2026-02-30"),
        # an impossible date is also an invalid review date
        frozenset({"OPS602"}),
    ),
    Mutation(
        "OPS003", "rename a runbook's Rollback section", replace(KMS, "## Rollback", "## Undo")
    ),
    Mutation(
        "OPS004",
        "put <number> back into a variable",
        replace(
            HANDOVER,
            "- PRIMARY_SLO_LATENCY_P95_MS = 1500",
            "- PRIMARY_SLO_LATENCY_P95_MS = <number>",
        ),
    ),
    Mutation(
        "OPS005",
        "break a link",
        replace(POLICY, "../handover/operations-handover.md", "../handover/handover.md"),
    ),
    Mutation(
        "OPS006",
        "a list nested 30 levels deep in a runbook",
        lambda docs: (docs / KMS).write_text(
            (docs / KMS).read_text(encoding="utf-8") + "\n" + "- " * 30 + "step\n",
            encoding="utf-8",
        ),
    ),
    # Dropping role columns also drops the A and R they held.
    Mutation(
        "OPS101",
        "drop RACI columns down to 4 roles",
        drop_raci_columns(4),
        frozenset({"OPS102", "OPS103"}),
    ),
    Mutation(
        "OPS102",
        "a second Accountable on partner onboarding",
        replace(
            HANDOVER,
            "| Partner onboarding | I | R | C | - | C | C | A/R | - |",
            "| Partner onboarding | I | A/R | C | - | C | C | A/R | - |",
        ),
    ),
    Mutation(
        "OPS103",
        "nobody Responsible for capacity reviews",
        replace(
            HANDOVER,
            "| Capacity reviews | - | C | C | - | A/R | - | C | I |",
            "| Capacity reviews | - | C | C | - | A | - | C | I |",
        ),
    ),
    Mutation(
        "OPS104",
        "a person as a runbook owner",
        replace(KMS, "owner: platform-sre", "owner: dana.whitfield@claimsbridge.example"),
    ),
    Mutation(
        "OPS105",
        "an owner team that is not in the roster",
        replace(KMS, "owner: platform-sre", "owner: platform-night-shift"),
    ),
    Mutation(
        "OPS106",
        "a RACI column that is no team of the roster",
        replace(
            HANDOVER,
            "| Partner Management | Engineering Leadership |\n",
            "| Partner Mgmt | Engineering Leadership |\n",
        ),
    ),
    Mutation(
        "OPS201",
        "delete the S3 row of the severity matrix",
        regex(HANDOVER, r"^\| S3 — Low \|.*\n", ""),
    ),
    Mutation(
        "OPS202",
        "blank the S2 communication cell",
        regex(HANDOVER, r"(^\| S2 — Medium(?: \|[^|]*){4}\| )[^|]*( \|)", r"\1-\2"),
    ),
    Mutation(
        "OPS203",
        "S1 response time of 2 hours",
        replace(
            HANDOVER,
            "or a regulatory timing floor is at risk | 1 hour |",
            "or a regulatory timing floor is at risk | 2 hours |",
        ),
    ),
    Mutation(
        "OPS204",
        "publish the S1 postmortem 80 h after resolution",
        replace(
            "postmortems/2026-09-08-route-dlq-backlog.md",
            "published_at: 2026-09-10T16:30:00-04:00",
            "published_at: 2026-09-11T13:30:00-04:00",
        ),
    ),
    Mutation(
        "OPS301",
        "blank a trigger cell of the inventory",
        regex(HANDOVER, r"(^\| \[KMS key rotation\]\([^)]*\) \| )[^|]*(\|)", r"\1 \2"),
    ),
    Mutation(
        "OPS302",
        "blank an owner cell of the inventory",
        regex(
            HANDOVER, r"(^\| \[KMS key rotation\]\([^)]*\) \|[^|]*\| )platform-sre( \|)", r"\1\2"
        ),
    ),
    Mutation(
        "OPS303",
        "delete a runbook file",
        delete(KMS),
        # the links to it break too: the generic link rule and the alert catalog's row
        frozenset({"OPS005", "OPS701"}),
    ),
    Mutation(
        "OPS304",
        "add a runbook the inventory does not list",
        copy(KMS, "runbooks/kms-key-rotation-legacy.md"),
    ),
    Mutation(
        "OPS305",
        "remove the dry-run from a runbook",
        chain(
            regex(KMS, r"^dry_run:\n(?:  .*\n)+", ""), regex(KMS, r"^## Dry Run\n(?:.*\n?)*", "")
        ),
    ),
    Mutation(
        "OPS306",
        "an alert rule whose runbook does not exist",
        chain(
            write_bytes("../.ops-lint.yaml", b"runbooks: {alert_rules: [ops-docs/*.rules.yml]}\n"),
            write_bytes(
                "kms.rules.yml",
                b"groups:\n- name: kms\n  rules:\n  - alert: KmsRotationFailed\n"
                b"    annotations: {runbook_url: ops-docs/runbooks/kms-rotation-failed.md}\n",
            ),
        ),
    ),
    Mutation(
        "OPS401",
        "availability above 100 %",
        replace(HANDOVER, "availability_percent: 99.9", "availability_percent: 100.5"),
    ),
    Mutation(
        "OPS402",
        "break the error-budget arithmetic",
        replace(HANDOVER, "| 99.9% | 30 days | 43.2 min |", "| 99.9% | 30 days | 45 min |"),
    ),
    Mutation(
        "OPS403",
        "remove the freeze row of the error-budget policy",
        regex(HANDOVER, r"^\| ≥ 100% \| Freeze:.*\n", ""),
    ),
    Mutation(
        "OPS404",
        "a burn rate typed by hand in the handover's burn-rate table",
        replace(
            HANDOVER,
            "| Page, fast | 14.4× | 1 h | 5 min | 2% |",
            "| Page, fast | 12× | 1 h | 5 min | 2% |",
        ),
    ),
    Mutation("OPS501", "cut the handover checklist to 14 items", drop_checklist_items(14)),
    Mutation(
        "OPS601",
        "a review date older than the 90-day cycle",
        regex(KMS, r"^last_reviewed: .*$", "last_reviewed: 2026-06-01"),
    ),
    Mutation(
        "OPS602",
        "a review date in the future",
        regex(KMS, r"^last_reviewed: .*$", "last_reviewed: 2027-03-01"),
    ),
    Mutation(
        "OPS603",
        "every recent change to a runbook by one person",
        git_history_by_one_author(KMS, 3),
    ),
    Mutation(
        "OPS701",
        "link a catalog alert to a reference page instead of its runbook",
        regex(
            CATALOG,
            r"(^\| `KmsKeyRotationDue` .*)\(\.\./runbooks/kms-key-rotation\.md\)",
            r"\1(platform-overview.md)",
        ),
    ),
    Mutation(
        "OPS702",
        "a runbook trigger that no longer names its alert",
        regex(
            KMS,
            r"^trigger: .*$",
            'trigger: "a customer managed key reaches its rotation date minus 14 days"',
        ),
    ),
    Mutation(
        "OPS703",
        "an S1 example scenario no alert detects",
        regex(
            HANDOVER,
            r"(^\| S1 — High \|.*) \|$",
            r"\1; partner files silently truncated by the VAN |",
        ),
    ),
    Mutation(
        "OPS704",
        "a runbook rated below its most severe alert",
        regex(DR, r"^severity: S0$", "severity: S1"),
    ),
    Mutation(
        "OPS705",
        "an L2 secondary acknowledgement timeout of 15 min",
        regex(HANDOVER, r"(L2 secondary \()\d+ min\)", r"\g<1>15 min)"),
    ),
    Mutation(
        "OPS706",
        "the handover states the postmortem deadline as 3 business days",
        regex(
            HANDOVER,
            r"postmortem published within 72 h",
            "postmortem published within 3 business days",
        ),
    ),
    Mutation(
        "OPS707",
        "a step uses an account id variable the runbook never sets",
        replace("runbooks/ack-sla-breach.md", "$ACCT/", "$AWS_ACCOUNT_ID/"),
    ),
    Mutation(
        "OPS708",
        "drop the closing 'done' of a shell loop",
        regex(KMS, r"^   done\n", ""),
    ),
    Mutation(
        "OPS709",
        "drop the evidence of the KMS runbook's last dry run",
        regex(KMS, r"^  evidence: .*\n", ""),
    ),
    Mutation(
        "OPS710",
        "the KMS runbook's last author records its dry run herself",
        chain(
            regex(
                ROSTER,
                r'^(      - \{name: "Sofia Almeida", handle: "@salmeida"\}\n)',
                r'\1      - {name: "Dana Whitfield", handle: "@dwhitfield", '
                r'email: "dana@example.org"}\n',
            ),
            regex(KMS, r'^  by: ".*"$', '  by: "@dwhitfield"'),
            git_history_by_one_author(KMS, 1),
        ),
    ),
    Mutation(
        "OPS711",
        "the Privacy Officer loses her deputy",
        replace(ROSTER, 'deputies: ["@ivolkova"]', "deputies: []"),
    ),
    Mutation(
        "OPS712",
        "Partner Management paged around the clock with 4 people",
        replace(ROSTER, "on_call: business-hours", "on_call: 24x7"),
    ),
    Mutation(
        "OPS713",
        "an S1 postmortem action owned by a team not in the roster",
        regex(
            "postmortems/2026-09-08-route-dlq-backlog.md",
            r"^(\|[^|\n]*\| )platform-sre( \| P0 \|)",
            r"\1Platform team\2",
        ),
    ),
    Mutation(
        "OPS901",
        "a suppression without a reason",
        replace(POLICY, "\n## ", "\n<!-- ops-lint-disable-next-line OPS004 -->\nOwner TBD.\n\n## "),
    ),
    Mutation(
        "OPS902",
        "a suppression that suppresses nothing",
        replace(
            POLICY,
            "\n## ",
            "\n<!-- ops-lint-disable-next-line OPS004 -- kept from the draft -->\n"
            "Owner confirmed.\n\n## ",
        ),
    ),
    Mutation(
        "OPS903",
        "a suppression past its until date",
        replace(
            POLICY,
            "\n## ",
            "\n<!-- ops-lint-disable-next-line OPS004 until=2026-10-01 -- Q3 -->\n"
            "Owner TBD.\n\n## ",
        ),
        frozenset({"OPS004"}),
    ),
    Mutation(
        "OPS904",
        "a misspelt suppression comment",
        replace(POLICY, "\n## ", "\n<!-- ops-lint-disabel OPS004 -- typo -->\n\n## "),
    ),
]


def _pack_codes() -> set[str]:
    codes: set[str] = set()
    for pack in bundled_rules_dir().glob("*.yaml"):
        codes |= {r["code"] for r in yaml.safe_load(pack.read_text(encoding="utf-8"))["rules"]}
    return codes


def _project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "ops-docs", tmp_path / "ops-docs")
    return tmp_path / "ops-docs"


def test_bundled_docs_pass_with_zero_findings(ops_lint: Any) -> None:
    """What the docs say, without this repository's history: not one finding."""
    result = ops_lint(ROOT, "check", "--format", "json", "--as-of", AS_OF, "--no-git")
    assert result.json()["diagnostics"] == []
    assert result.code == 0
    assert result.json()["summary"]["files"] >= 25


def test_bundled_docs_history_adds_only_authorship_warnings(ops_lint: Any) -> None:
    """With the history: no error; the only warnings are OPS603, because one identity
    commits this repository (what the handover's review-evidence question is about)."""
    result = ops_lint(ROOT, "check", "--format", "json", "--as-of", AS_OF)
    assert result.code == 0, result.out
    found = result.json()["diagnostics"]
    assert {d["severity"] for d in found} <= {"warning"}, result.out
    assert {d["code"] for d in found} <= {"OPS603"}, result.out


def test_every_pack_code_has_a_mutation() -> None:
    covered = {m.code for m in MUTATIONS}
    assert _pack_codes() - covered == set()


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.code for m in MUTATIONS])
def test_mutation_bites(mutation: Mutation, tmp_path: Path, ops_lint: Any) -> None:
    docs = _project(tmp_path)
    mutation.edit(docs)
    result = ops_lint(tmp_path, "check", "--format", "json", "--as-of", AS_OF)
    codes = {d["code"] for d in result.json()["diagnostics"]}
    assert mutation.code in codes, result.out
    assert codes <= {mutation.code} | mutation.also, result.out
    warnings = {"OPS006", "OPS601", "OPS603", "OPS901", "OPS902", "OPS904"}
    assert result.code == (0 if mutation.code in warnings else 1)
