"""Requests taken by phone (issue #27): the form describes a one-row table, checked exactly as an import checks it
(rules of the record, references, the account's landlords), then written in one transaction with its audit line."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tournees.db import Database
from tournees.db.failures import StorageError
from tournees.db.schema import TABLES
from tournees.errors import InputError
from tournees.i18n import rule_text
from tournees.io import validate_path
from tournees.model import BricolageRequest, EcrivainRequest, Record
from tournees.model.vocab import CHANNELS, MOTIVES, PRIORITIES, WEEKDAYS
from tournees.web.accounts import User, record
from tournees.web.context import current_user, lang_of, render, state
from tournees.web.imports import ownership_problems
from tournees.web.texts import tr

RECORDS: dict[str, type[Record]] = {"bricolage": BricolageRequest, "ecrivain": EcrivainRequest}
# the form's fields per service, in the order of the page; écrivain's urgency is its "priority" field
FIELDS = {
    "bricolage": ("request_id", "tenant_id", "type_id", "priority", "received_on", "due_on", "availability", "channel",
                  "notes"),
    "ecrivain": ("request_id", "tenant_id", "motive", "priority", "received_on", "deadline", "home_visit",
                 "availability", "channel"),
}
ID_PREFIX = "TEL"
ATTEMPTS = 5  # a generated id taken meanwhile by another planner's request: the next one is tried


@dataclass
class Outcome:
    errors: dict[str, str] = field(default_factory=dict)  # form field ('' for the whole form) -> message
    request_id: str | None = None


def residences(db: Database, user: User) -> list[sa.Row]:
    """The residences of the account's landlords (every one for an administrator), for the tenant picker."""
    rs = TABLES["residences"]
    query = sa.select(rs.c.residence_id, rs.c.name, rs.c.commune).order_by(rs.c.commune, rs.c.name, rs.c.residence_id)
    if not user.is_admin:
        query = query.where(rs.c.landlord_id.in_(sorted(user.landlords)))
    with db.engine.connect() as conn:
        return list(conn.execute(query))


def tenants_of(db: Database, user: User, residence_id: str) -> list[sa.Row]:
    """A residence's tenants with where they live in it (never GIR nor phone); none if it is not the account's."""
    if residence_id not in {r.residence_id for r in residences(db, user)}:
        return []
    tn = TABLES["tenants"]
    query = (
        sa.select(tn.c.tenant_id, tn.c.building, tn.c.staircase, tn.c.floor, tn.c.door)
        .where(tn.c.residence_id == residence_id)
        .order_by(tn.c.tenant_id)
    )
    with db.engine.connect() as conn:
        return list(conn.execute(query))


def intervention_types(db: Database) -> list[sa.Row]:
    it = TABLES["intervention_types"]
    with db.engine.connect() as conn:
        return list(conn.execute(sa.select(it.c.type_id, it.c.label).order_by(it.c.label, it.c.type_id)))


def _taken_ids(conn: sa.Connection, prefix: str | None = None, exact: str | None = None) -> set[str]:
    """Request ids of both services, starting with ``prefix`` or equal to ``exact``."""
    found: set[str] = set()
    for cls in RECORDS.values():
        column = TABLES[cls.table].c.request_id
        where = column == exact if exact is not None else column.startswith(prefix or "", autoescape=True)
        found |= set(conn.scalars(sa.select(column).where(where)))
    return found


def next_id(conn: sa.Connection, today: dt.date) -> str:
    """TEL-YYYYMMDD-NNN, the first number after those of the day (unique across both services)."""
    prefix = f"{ID_PREFIX}-{today:%Y%m%d}-"
    numbers = [int(i[len(prefix):]) for i in _taken_ids(conn, prefix) if i[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def cells(service: str, values: dict[str, str]) -> dict[str, str]:
    """The import's cells for what the form holds (same vocabulary as the import's columns)."""
    out = {name: values.get(name, "").strip() for name in FIELDS[service] if name not in ("priority", "home_visit")}
    priority = values.get("priority", "").strip()
    if service == "bricolage":
        out["priority"] = priority
    else:  # an écrivain request is urgent or not; any other word is left for the import's rule to refuse
        out["urgent"] = {"urgent": "oui", "normal": "non", "": "non"}.get(priority, priority)
        out["home_visit"] = "oui" if values.get("home_visit") else "non"
    return out


def _field(service: str, column: str | None) -> str:
    if column == "urgent" and service == "ecrivain":
        return "priority"
    return column if column in FIELDS[service] else ""


def _checked(
    db: Database, user: User, service: str, row: dict[str, str], lang: str, outcome: Outcome
) -> BricolageRequest | EcrivainRequest | None:
    """The record the row describes, checked as the import checks it, or None with its problems in ``outcome``."""
    cls = RECORDS[service]
    with tempfile.TemporaryDirectory(prefix="tournees-phone-") as tmp:
        path = Path(tmp) / f"{cls.table}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(list(row))
            writer.writerow(list(row.values()))
        try:
            checked = validate_path(path, db.url, lang=lang)
        except InputError as err:
            for found in err.problems:
                text = rule_text(found.rule, lang, **dict(found.params))
                outcome.errors.setdefault(_field(service, found.column), text)
            return None
    for owned in ownership_problems(db, user, checked, lang):
        outcome.errors.setdefault(_field(service, str(owned["column"] or "")), str(owned["rule"]))
    if outcome.errors:
        return None
    return cast(BricolageRequest | EcrivainRequest, checked[cls.table].records[0][1])


def save(db: Database, user: User, service: str, values: dict[str, str], lang: str, today: dt.date) -> Outcome:
    """Check the request the form describes and store it, all or nothing; the id is generated unless given."""
    outcome = Outcome()
    given = values.get("request_id", "").strip()
    row = cells(service, values) | {"received_on": values.get("received_on", "").strip() or today.isoformat()}
    if given:
        with db.engine.connect() as conn:
            if _taken_ids(conn, exact=given):  # a phone request never replaces a stored one (the import would)
                outcome.errors["request_id"] = tr("request_id_taken", lang, request=given)
    else:
        with db.engine.connect() as conn:
            row["request_id"] = next_id(conn, today)
    checked = _checked(db, user, service, row, lang, outcome)
    if checked is None or outcome.errors:
        return outcome
    for _ in range(ATTEMPTS):
        try:
            # the insert comes first: it takes SQLite's write lock at once (a read first could deadlock with
            # another writer) and its key refuses an id stored meanwhile, which is never replaced
            with db.session() as session:
                session.add(checked)
                session.flush()
                record(session.connection(), user.username, "phone_request", checked.request_id, service)
            outcome.request_id = checked.request_id
            return outcome
        except StorageError as err:
            if err.kind != "constraint":
                raise
            if given:  # stored meanwhile by someone else: never replaced
                outcome.errors["request_id"] = tr("request_id_taken", lang, request=given)
                return outcome
            with db.engine.connect() as conn:
                checked = dataclasses.replace(checked, request_id=next_id(conn, today))
    outcome.errors[""] = tr("request_busy", lang)
    return outcome


def _form_context(request: Request, user: User, service: str, values: dict[str, str]) -> dict[str, Any]:
    db = state(request).db
    own = residences(db, user)
    residence = values.get("residence", "")
    residence = residence if residence in {r.residence_id for r in own} else ""  # another landlord's: not echoed
    return {
        "service": service,
        "values": values,
        "residences": own,
        "residence": residence,
        "tenants": tenants_of(db, user, residence) if residence else [],
        "types": intervention_types(db) if service == "bricolage" else [],
        "motives": MOTIVES,
        "priorities": PRIORITIES if service == "bricolage" else ("normal", "urgent"),
        "channels": CHANNELS,
        "weekdays": WEEKDAYS,
    }


async def new_request(request: Request) -> Response:
    """GET: the form (a residence chosen lists its tenants); POST: the request checked and stored, or the form again
    with each problem beside its field."""
    user = current_user(request, "planner", "admin")
    lang = lang_of(request)
    today = dt.date.today()
    if request.method == "GET":
        q = request.query_params
        service = str(q.get("service")) if q.get("service") in RECORDS else "bricolage"
        values = {"residence": q.get("residence", ""), "received_on": today.isoformat()}
        context = await run_in_threadpool(_form_context, request, user, service, values)
        return render(request, "request_new.html", **context)
    form = await request.form()
    service = str(form.get("service", ""))
    service = service if service in RECORDS else "bricolage"
    values = {k: str(v) for k, v in form.items() if isinstance(v, str) and k != "csrftoken"}
    values["availability"] = ";".join(str(v) for v in form.getlist("availability"))
    db = state(request).db
    outcome = await run_in_threadpool(save, db, user, service, values, lang, today)
    if outcome.errors:
        context = await run_in_threadpool(_form_context, request, user, service, values)
        return render(
            request,
            "request_new.html",
            status_code=422,
            errors=outcome.errors,
            error=tr("request_refused", lang, n=len(outcome.errors)),
            **context,
        )
    request.session["flash"] = tr("request_saved", lang, request=outcome.request_id)
    return RedirectResponse(f"/backlog?service={service}", status_code=303)
