"""What happened at the visits of a published plan, recorded by the planner or the technician.

Each outcome writes, in one transaction, the activity record the fiche indicators read
(:mod:`tournees.indicators`, :mod:`tournees.fiches`), the satisfaction answer if one was given and the
visit's line in ``visit_outcomes``. A bricol'âge visit serves a request (fiche 7): the request's new
status is ``done``, or back to ``received`` (the pending requests) when the visit did not happen, its
history kept and shown in the backlog. An écrivain appointment (at a session's venue) or home visit serves an
écrivain request (fiche 10) the same way, the activity carrying the request's démarche and the venue. A référent
visit (fiche 2) serves no request: it carries the reason for contact given at the door
(:data:`tournees.model.vocab.REFERENT_MOTIVES`), and a visit not done is seen again by the campaign (the activity
record says it was not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from tournees.db import Database
from tournees.db.failures import StorageError
from tournees.db.schema import TABLES
from tournees.db.web_tables import plan_publications, visit_outcomes
from tournees.model.vocab import OUTCOMES, REFERENT_MOTIVES
from tournees.web.accounts import User, now, record
from tournees.web.texts import tr

CANCELLERS = ("tenant", "landlord", "service")  # who cancelled a visit
QUESTION = "global"  # the one satisfaction question asked at the door
STEPS, REQUESTS = TABLES["plan_steps"], TABLES["bricolage_requests"]
# the services whose visits serve a request: its table, the column the activity's motive is, the statuses of a
# request booked (the écrivain's planner leaves the requests it books as received, a booking moves them to planned)
SERVED: dict[str, tuple[sa.Table, str, tuple[str, ...]]] = {
    "bricolage": (REQUESTS, "type_id", ("planned", "confirmed")),
    "ecrivain": (TABLES["ecrivain_requests"], "motive", ("received", "planned", "confirmed")),
}
ACTIVITIES, SATISFACTION = TABLES["activities"], TABLES["satisfaction"]


class OutcomeError(Exception):
    """The outcome cannot be recorded (a sentence naming the field and the rule)."""


@dataclass(frozen=True)
class Visit:
    """A visit of a published run."""

    plan_id: str
    run_id: str
    landlord_id: str
    request_id: str
    staff_id: str
    day: dt.date
    seq: int
    start: dt.datetime
    end: dt.datetime
    slot_start: dt.datetime | None
    slot_end: dt.datetime | None
    location_id: str | None
    lat: float | None
    lon: float | None
    service: str = "bricolage"  # the bricol'âge's visits serve a request (request_id); the référent's do not
    tenant_id: str | None = None  # a référent visit's tenant (its request_id is the plan's task id)
    venue_id: str | None = None  # an écrivain appointment's venue (none for a home visit)


def _latest_publications(conn: sa.Connection) -> list[sa.Row]:
    """Per landlord and week, the latest published run (a plan published again replaces the earlier one)."""
    rows = conn.execute(sa.select(plan_publications).order_by(plan_publications.c.published_at))
    latest = {(r.landlord_id, r.service, r.week): r for r in rows}
    return [r for key, r in sorted(latest.items()) if key[1] == "bricolage"]


def published_visits(
    db: Database, *, run_id: str | None = None, staff_id: str | None = None, day: dt.date | None = None
) -> list[Visit]:
    """The visits of the current published runs (or of ``run_id`` if it is one), by day, technician and order."""
    with db.engine.connect() as conn:
        runs = [p for p in _latest_publications(conn) if run_id is None or p.run_id == run_id]
        if run_id is not None and not runs:  # an earlier published run of a plan re-planned since
            runs = list(conn.execute(sa.select(plan_publications).where(plan_publications.c.run_id == run_id)))
        owners = {p.run_id: p for p in runs}
        query = sa.select(STEPS).where(
            STEPS.c.run_id.in_(sorted(owners)),
            STEPS.c.kind == "visit",
            STEPS.c.task_id.in_(sa.select(REQUESTS.c.request_id)),  # (not a workshop)
        )
        if staff_id is not None:
            query = query.where(STEPS.c.resource_id == staff_id)
        if day is not None:
            query = query.where(STEPS.c.date == day)
        steps = list(conn.execute(query.order_by(STEPS.c.date, STEPS.c.resource_id, STEPS.c.start, STEPS.c.seq)))
    return [
        Visit(owners[s.run_id].plan_id, s.run_id, owners[s.run_id].landlord_id, s.task_id, s.resource_id, s.date,
              s.seq, s.start, s.end, s.slot_start, s.slot_end, s.location_id, s.lat, s.lon)
        for s in steps
    ]


def recorded(db: Database, request_ids: Iterable[str]) -> dict[tuple[str, dt.date], sa.Row]:
    """The outcomes already recorded for those requests, by (request, day)."""
    with db.engine.connect() as conn:
        rows = conn.execute(sa.select(visit_outcomes).where(visit_outcomes.c.request_id.in_(sorted(set(request_ids)))))
        return {(r.request_id, r.day): r for r in rows}


def histories(db: Database, request_ids: Iterable[str]) -> dict[str, list[sa.Row]]:
    """Per request, its visits that did not happen (oldest first): the history a pending request carries."""
    out: dict[str, list[sa.Row]] = {}
    for (request_id, _), row in sorted(recorded(db, request_ids).items()):
        if row.outcome != "done":
            out.setdefault(request_id, []).append(row)
    return out


@dataclass(frozen=True)
class Outcome:
    outcome: str
    cancelled_by: str | None
    score: int | None
    motive: str | None = None  # the reason for contact (référent, fiche 2's « motifs de consultation »)


MOTIVES = {"referent": REFERENT_MOTIVES}  # the services whose visits record a reason for contact


def parse(form: Mapping[str, object], lang: str, service: str = "bricolage") -> Outcome:
    """The outcome a form sends for a ``service`` visit, or the error naming the field and the rule."""
    outcome = str(form.get("outcome", "")).strip()
    by = str(form.get("cancelled_by", "")).strip() or None
    score_text = str(form.get("score", "")).strip()
    if outcome not in OUTCOMES:
        raise OutcomeError(tr("outcome_bad", lang, value=outcome))
    if outcome == "cancelled" and by not in CANCELLERS:
        raise OutcomeError(tr("outcome_who", lang))
    if outcome != "cancelled" and by is not None:
        raise OutcomeError(tr("outcome_who_only_cancelled", lang))
    score = None
    if score_text:
        if not score_text.isdigit() or not 1 <= int(score_text) <= 5:
            raise OutcomeError(tr("outcome_score", lang, value=score_text))
        if outcome != "done":
            raise OutcomeError(tr("outcome_score_done", lang))
        score = int(score_text)
    return Outcome(outcome, by, score, _motive(form, outcome, MOTIVES.get(service), lang))


def _motive(form: Mapping[str, object], outcome: str, motives: tuple[str, ...] | None, lang: str) -> str | None:
    """The reason for contact: asked for a visit done (what the tenant talked about), none for one not done."""
    motive = str(form.get("motive", "")).strip() or None
    if motives is None or outcome != "done":
        if motive is not None:
            raise OutcomeError(tr("outcome_motive_done", lang))
        return None
    if motive not in motives:
        raise OutcomeError(tr("outcome_motive", lang, value=motive or ""))
    return motive


def activity_id(visit: Visit) -> str:
    """The same visit always gives the same record id (the key refuses a second record of it)."""
    digest = hashlib.sha256(f"{visit.request_id}|{visit.day.isoformat()}".encode()).hexdigest()[:12].upper()
    return f"VIS-{digest}"


def record_visit(
    db: Database, user: User, visit: Visit, what: Outcome, lang: str, today: dt.date | None = None
) -> None:
    """Record what happened at ``visit``: activity, satisfaction, request status and history, audit line."""
    if visit.day > (today or dt.date.today()):
        raise OutcomeError(tr("outcome_future", lang, day=visit.day.isoformat()))
    try:
        with db.engine.begin() as conn:
            store(conn, user.username, visit, what, lang)
    except (sa.exc.IntegrityError, StorageError) as err:  # the same visit recorded already, or at the same moment
        if isinstance(err, StorageError) and err.kind != "constraint":  # (the database's guard words its errors)
            raise
        raise OutcomeError(tr("outcome_already", lang, request=visit.request_id)) from None


def store(conn: sa.Connection, username: str, visit: Visit, what: Outcome, lang: str) -> None:
    """Write the outcome in the caller's transaction, whose first statement this is (see below)."""
    act_id = activity_id(visit)
    duration = round((visit.end - visit.start).total_seconds() / 60) if what.outcome == "done" else None
    if visit.service in SERVED:
        served = _served_request(conn, visit, what, lang)
    else:  # no request: the visit's own line is the first write (its key refuses a second record of the visit)
        served = {"tenant_id": visit.tenant_id, "motive": what.motive}
        _outcome_line(conn, username, visit, what, act_id)
    conn.execute(
        ACTIVITIES.insert().values(
            activity_id=act_id, service=visit.service, on=visit.day, outcome=what.outcome, staff_id=visit.staff_id,
            duration_min=duration, **served,
        )
    )
    if what.score is not None:
        conn.execute(SATISFACTION.insert().values(activity_id=act_id, question=QUESTION, score=what.score))
    if visit.service in SERVED:  # (after the request's update, see _served_request)
        _outcome_line(conn, username, visit, what, act_id)
    record(conn, username, "visit_outcome", f"{visit.plan_id}:{visit.request_id}", what.outcome)


def _outcome_line(conn: sa.Connection, username: str, visit: Visit, what: Outcome, act_id: str) -> None:
    """The visit's line in ``visit_outcomes`` (its key refuses a second record of the same visit)."""
    conn.execute(
        visit_outcomes.insert().values(
            request_id=visit.request_id, day=visit.day, plan_id=visit.plan_id, run_id=visit.run_id,
            landlord_id=visit.landlord_id, staff_id=visit.staff_id, outcome=what.outcome,
            cancelled_by=what.cancelled_by, activity_id=act_id, recorded_by=username, recorded_at=now(),
        )
    )


def _served_request(conn: sa.Connection, visit: Visit, what: Outcome, lang: str) -> dict[str, object]:
    """The served request's new status; the activity's fields it gives (tenant, motive, channel, lead time, venue)."""
    table, motive, booked = SERVED[visit.service]
    status = "done" if what.outcome == "done" else "received"  # not done: back to the pending requests
    # the write comes first: on SQLite a transaction that reads and then writes is refused at once ("locked")
    # when another one writes meanwhile (the queue's worker does, every moment); here it waits its turn
    moved = conn.execute(
        table.update().where(table.c.request_id == visit.request_id, table.c.status.in_(booked)).values(status=status)
    ).rowcount
    if moved != 1:  # done already, or recorded as not done and back among the pending requests
        raise OutcomeError(tr("outcome_already", lang, request=visit.request_id))
    # (an écrivain request back to received passes the check above: the visit's own key refuses it then)
    request = conn.execute(sa.select(table).where(table.c.request_id == visit.request_id)).one()
    return {"tenant_id": request.tenant_id, "request_id": visit.request_id, "received_on": request.received_on,
            "motive": getattr(request, motive), "channel": request.channel, "venue_id": visit.venue_id}
