"""Importing uploaded CSV or xlsx files: the command line's all-or-nothing import, limited to the account's
landlords."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tournees.db import Database
from tournees.errors import InputError
from tournees.i18n import rule_text
from tournees.io import import_path, validate_path
from tournees.io.validate import CheckedTable
from tournees.model import BricolageRequest, EcrivainRequest, Residence, Tenant
from tournees.web.accounts import User
from tournees.web.texts import tr

PLANNER_TABLES = ("residences", "tenants", "bricolage_requests", "ecrivain_requests")


@dataclass
class ImportOutcome:
    problems: list[dict[str, object]] = field(default_factory=list)  # file, row, column, rule
    summary: dict[str, int] = field(default_factory=dict)


def _owners(db: Database) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Stored residence -> landlord, tenant -> landlord and request -> landlord."""
    residence = {r.residence_id: r.landlord_id for r in db.load(Residence)}
    tenant = {t.tenant_id: residence[t.residence_id] for t in db.load(Tenant)}
    request = {r.request_id: tenant[r.tenant_id] for cls in (BricolageRequest, EcrivainRequest) for r in db.load(cls)}  # type: ignore[attr-defined]
    return residence, tenant, request


def ownership_problems(
    db: Database, user: User, checked: dict[str, CheckedTable], lang: str
) -> list[dict[str, object]]:
    """Rows a planner may not write: other tables, or rows (new or replaced) of another landlord."""
    if user.is_admin:
        return []
    problems: list[dict[str, object]] = []
    residence, tenant, request = _owners(db)
    for name, table in checked.items():
        if name not in PLANNER_TABLES:
            problems.append(
                {
                    "file": table.label,
                    "row": None,
                    "column": None,
                    "rule": tr("not_your_table", lang, allowed=", ".join(PLANNER_TABLES)),
                }
            )
    new_res = {r.residence_id: r.landlord_id for _, r in checked.get("residences", CheckedTable(Residence, "")).records}  # type: ignore[attr-defined]
    new_ten = {
        t.tenant_id: new_res.get(t.residence_id, residence.get(t.residence_id))  # type: ignore[attr-defined]
        for _, t in checked.get("tenants", CheckedTable(Tenant, "")).records
    }

    def bad(table: CheckedTable, row: int, column: str, owners: Iterable[str | None]) -> None:
        if any(owner not in user.landlords for owner in owners):
            problems.append({"file": table.label, "row": row, "column": column, "rule": tr("not_your_landlord", lang)})

    for name, table in checked.items():
        for row, rec in table.records:
            if name == "residences":
                bad(
                    table,
                    row,
                    "landlord_id",
                    [rec.landlord_id, *([residence[rec.residence_id]] if rec.residence_id in residence else [])],  # type: ignore[attr-defined]
                )
            elif name == "tenants":
                bad(
                    table,
                    row,
                    "residence_id",
                    [new_ten[rec.tenant_id], *([tenant[rec.tenant_id]] if rec.tenant_id in tenant else [])],  # type: ignore[attr-defined]
                )
            elif name in ("bricolage_requests", "ecrivain_requests"):
                owner = new_ten.get(rec.tenant_id, tenant.get(rec.tenant_id))  # type: ignore[attr-defined]
                bad(table, row, "tenant_id", [owner, *([request[rec.request_id]] if rec.request_id in request else [])])  # type: ignore[attr-defined]
    return problems


def import_upload(db: Database, user: User, files: list[tuple[str, bytes]], lang: str) -> ImportOutcome:
    """Check every uploaded file, then import them all in one transaction, or nothing."""
    outcome = ImportOutcome()
    if not files:
        outcome.problems.append({"file": "", "row": None, "column": None, "rule": tr("no_file", lang)})
        return outcome
    named = [(Path(name).name, content) for name, content in files]
    kept = [(n, c) for n, c in named if n.lower().endswith((".csv", ".xlsx")) and not n.startswith(".")]
    # a file of the wrong kind is listed beside the problems of the others, not in a round of its own
    wrong = [n for n, c in named if (n, c) not in kept]
    outcome.problems += [{"file": n, "row": None, "column": None, "rule": tr("csv_or_xlsx", lang)} for n in wrong]
    if not kept:
        return outcome
    with tempfile.TemporaryDirectory(prefix="tournees-upload-") as tmp:
        folder = Path(tmp)
        for name, content in kept:
            (folder / name).write_bytes(content)
        source = folder if len(kept) > 1 else folder / kept[0][0]
        try:
            checked = validate_path(source, db.url, lang=lang)
        except InputError as err:
            outcome.problems += [
                {"file": p.file, "row": p.row, "column": p.column, "rule": rule_text(p.rule, lang, **dict(p.params))}
                for p in err.problems
            ]
            return outcome
        outcome.problems += ownership_problems(db, user, checked, lang)
        if outcome.problems:
            return outcome
        report = import_path(source, db.url, lang=lang)
    outcome.summary = {name: report.added.get(name, 0) + report.replaced.get(name, 0) for name in report.added}
    return outcome
