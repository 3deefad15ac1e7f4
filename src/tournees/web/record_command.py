"""``tournees record FILE``: what happened at the visits of published bricol'âge plans, from a CSV or xlsx file.

The same rules as the web pages (:mod:`tournees.web.outcomes`), every row checked first; one bad row
and nothing is written (exit 2, each problem naming the file, row, field and rule). Columns:
``request_id``, ``day`` (the visit's date), ``outcome`` (done, cancelled, no_show), ``cancelled_by``
(tenant, landlord, service; for a cancelled visit), ``score`` (1 to 5, optional, for a visit done).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from tournees.errors import ValidationError
from tournees.web.texts import tr

if TYPE_CHECKING:  # (the command line starts without the database modules: they load when the command runs)
    from tournees.db import Database
    from tournees.settings import Settings
    from tournees.web.outcomes import Outcome, Visit

COLUMNS = ("request_id", "day", "outcome", "cancelled_by", "score")
RECORDER = "cli"  # the audit trail's name for the command line


def _problem(label: str, row: int, field: str, text: str, lang: str) -> str:
    return tr("record_problem", lang, file=label, row=row, field=field, rule=text)


def checked_rows(path: Path, db: Database, lang: str) -> list[tuple[Visit, Outcome]]:
    """Every row as a published visit and its outcome, or a ValidationError listing every problem."""
    from tournees.io.sources import read_source
    from tournees.web import outcomes

    tables, found = read_source(path)
    problems = [f.message(lang) for f in found]
    visits = {(v.request_id, v.day): v for v in outcomes.published_visits(db)}
    today = dt.date.today()
    out = []
    for table in tables:
        missing = [c for c in ("request_id", "day", "outcome") if c not in table.header]
        if missing:
            problems.append(tr("record_columns", lang, file=table.label, missing=", ".join(missing)))
            continue
        for row, cells in table.rows:
            values = dict(zip(table.header, cells, strict=False))
            try:
                day = dt.date.fromisoformat(values.get("day", "").strip())
            except ValueError:
                problems.append(_problem(table.label, row, "day", tr("bad_day", lang, day=values.get("day", "")), lang))
                continue
            visit = visits.get((values.get("request_id", "").strip(), day))
            if visit is None:
                text = tr("record_no_visit", lang, request=values.get("request_id", ""), day=day.isoformat())
                problems.append(_problem(table.label, row, "request_id", text, lang))
                continue
            if day > today:
                problems.append(_problem(table.label, row, "day", tr("outcome_future", lang, day=day), lang))
                continue
            try:
                out.append((visit, outcomes.parse(values, lang)))
            except outcomes.OutcomeError as err:
                problems.append(_problem(table.label, row, "outcome", str(err), lang))
    if problems:
        raise ValidationError(tr("record_refused", lang, n=len(problems)) + "\n" + "\n".join(problems))
    return out


def cmd_record(args: argparse.Namespace, settings: Settings) -> int:
    import sqlalchemy as sa

    from tournees.db import Database
    from tournees.web import outcomes

    lang = settings.lang
    db = Database.existing(settings.database, lang)
    try:
        rows = checked_rows(Path(args.file), db, lang)
        try:
            with db.engine.begin() as conn:  # all or nothing
                for visit, what in rows:
                    outcomes.store(conn, RECORDER, visit, what, lang)
        except (outcomes.OutcomeError, sa.exc.IntegrityError) as err:
            detail = str(err) if isinstance(err, outcomes.OutcomeError) else tr("record_twice", lang)
            raise ValidationError(tr("record_refused", lang, n=1) + "\n" + detail) from None
    finally:
        db.dispose()
    print(tr("record_done", lang, n=len(rows)))
    return 0


def register(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser], lang: str) -> None:
    text = tr("record_help", lang)
    p = subparsers.add_parser("record", parents=parents, help=text, description=text)
    p.add_argument("file", help=tr("record_file_help", lang))
    p.set_defaults(handler=cmd_record)
