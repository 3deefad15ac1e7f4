"""Épicerie mobile: the public calendar per commune (CSV, iCalendar, printable page) and the coverage tables.

The public calendar names communes, places, days and times only. ``couverture.csv`` and
``portee.csv`` (for the planner and for checks) carry pseudonymous tenant ids and weights,
never an identity or health field.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from tournees.calendar import weekday_code
from tournees.i18n import t
from tournees.model.vocab import WEEKDAYS
from tournees.outputs.labels import long_date
from tournees.outputs.publish import DAYS, PublicEvent, printable_page, write_ics
from tournees.services.epicerie.horizon import HOLIDAY_RULE
from tournees.services.epicerie.result import EpiceriePlan

FREQUENCY_KEY = {"hebdo": "epi_freq_hebdo", "bihebdo": "epi_freq_bihebdo", "quinzaine": "epi_freq_quinzaine"}
WEEKS_KEY = {"toutes les semaines": "epi_weeks_all", "semaines paires": "epi_weeks_even", "semaines impaires": "epi_weeks_odd"}


def occurrences(plan: EpiceriePlan) -> list[tuple[str, dt.datetime, dt.datetime, str]]:
    """Every stop served in the horizon: (stop id, start, end, planned date when moved for a holiday)."""
    found = []
    for route in plan.solution.routes:
        for step in route.steps:
            if step.kind == "visit" and step.task_id:
                stop_id, planned = step.task_id.split("@")
                found.append((stop_id, dt.datetime.fromisoformat(plan.context.when(step.start)),
                              dt.datetime.fromisoformat(plan.context.when(step.end)), planned))
    return sorted(found, key=lambda o: (o[1], o[0]))


def write_public_calendar(folder: Path, plan: EpiceriePlan, rule_text: str, lang: str | None = None) -> None:
    """``calendrier_communes.csv`` (plan format), ``.ics`` and ``.html`` (in ``lang``): places, days and times only."""
    _write_calendar(folder, plan.calendar, occurrences(plan), rule_text, lang)


def moved_weekday(folder: Path, stop_id: str, weekday: str, to_weekday: str, renamed: dict[str, str]) -> None:
    """After a stop moved from ``weekday`` to ``to_weekday`` (every week): plan.json's tasks take their new ids
    (``STOP@date`` of the new day, what the published calendar reads) with the commune's hours on that day, and the
    calendar row its new weekday (its time is then redone by :func:`retimed_calendar`)."""
    path = folder / "plan.json"
    plan = json.loads(path.read_text(encoding="utf-8"))
    shift = dt.timedelta(days=WEEKDAYS.index(to_weekday) - WEEKDAYS.index(weekday))
    for task in plan["tasks"]:
        if task["task_id"] in renamed:
            task["task_id"] = renamed[task["task_id"]]
            task["windows"] = [[(dt.datetime.fromisoformat(w) + shift).isoformat() for w in span]
                               for span in task.get("windows", [])]
    for row in plan["calendar"]:
        if row["stop_id"] == stop_id and row["weekday"] == weekday:
            row["weekday"] = to_weekday
    path.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")


def retimed_calendar(folder: Path, lang: str | None = None) -> bool:
    """After ``tournees retime``: the weekly times of plan.json's calendar and the public calendar files, redone
    from visits.csv as re-timed (a stop's time on a weekday is the one most of its weeks keep, the published one on
    a tie; weeks that differ are what ``tournees check`` reports). False when the folder holds no calendar."""
    path = folder / "plan.json"
    plan = json.loads(path.read_text(encoding="utf-8"))
    if not plan.get("calendar"):
        return False
    with (folder / "visits.csv").open(encoding="utf-8-sig") as fh:
        visits = [r for r in csv.DictReader(fh) if r["kind"] == "visit" and r["task_id"]]
    served: list[tuple[str, dt.datetime, dt.datetime, str]] = []
    times: dict[tuple[str, str], Counter[tuple[str, str]]] = {}
    for row in visits:
        stop_id, _, planned = row["task_id"].partition("@")
        start, end = dt.datetime.fromisoformat(row["start"]), dt.datetime.fromisoformat(row["end"])
        planned = planned or start.date().isoformat()
        served.append((stop_id, start, end, planned))
        weekday = weekday_code(dt.date.fromisoformat(planned))
        times.setdefault((stop_id, weekday), Counter())[(f"{start:%H:%M}", f"{end:%H:%M}")] += 1
    for row in plan["calendar"]:
        kept = times.get((row["stop_id"], row["weekday"]))
        if kept:  # the time most weeks keep; on a tie the published one when it is among them, else the earliest
            most = max(kept.values())
            tied = sorted(hours for hours, n in kept.items() if n == most)
            row["start"], row["end"] = (row["start"], row["end"]) if (row["start"], row["end"]) in tied else tied[0]
    plan["calendar"].sort(key=lambda r: (r["commune"], WEEKDAYS.index(r["weekday"]), r["start"]))
    path.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    rule = HOLIDAY_RULE[lang if lang in HOLIDAY_RULE else "fr"]
    _write_calendar(folder, pd.DataFrame(plan["calendar"]), sorted(served, key=lambda o: (o[1], o[0])), rule, lang)
    return True


def _write_calendar(folder: Path, cal: pd.DataFrame, served: list[tuple[str, dt.datetime, dt.datetime, str]],
                    rule_text: str, lang: str | None) -> None:
    days = t("docs_weekdays", lang).split(",")
    public = cal.drop(columns=["van"]).rename(columns={
        "insee_code": "code_insee", "stop_id": "arret_id", "stop_name": "arret", "weekday": "jour", "start": "debut",
        "end": "fin", "frequency": "frequence", "weeks": "semaines"})
    public["jour"] = public["jour"].map(lambda d: DAYS[WEEKDAYS.index(d)])  # the plan format is French
    public.to_csv(folder / "calendrier_communes.csv", index=False, encoding="utf-8")
    names = {row.stop_id: (row.stop_name, row.commune) for row in cal.itertuples()}
    events = []
    for stop_id, start, end, planned in served:
        name, commune = names[stop_id]
        moved = ""
        if planned != start.date().isoformat():
            moved = t("epi_moved_holiday", lang, date=long_date(dt.date.fromisoformat(planned), lang))
        events.append(PublicEvent(f"{stop_id}-{start:%Y%m%d}", t("epi_event", lang, commune=commune), start, end, name,
                                  t("epi_event_description", lang) + moved))
    write_ics(folder / "calendrier_communes.ics", t("epi_calendar_name", lang), "épicerie mobile", events)  # SEQUENCE per UID

    def how_often(row: Any) -> str:
        often = t(FREQUENCY_KEY[row.frequency], lang) if row.frequency in FREQUENCY_KEY else row.frequency
        weeks = t(WEEKS_KEY[row.weeks], lang) if row.weeks in WEEKS_KEY else row.weeks
        return often if row.weeks == "toutes les semaines" else f"{often} ({weeks})"

    rows = [[row.commune, row.stop_name, days[WEEKDAYS.index(row.weekday)], f"{row.start} – {row.end}", how_often(row)]
            for row in cal.itertuples()]
    dated = [[long_date(start.date(), lang).capitalize(), f"{start:%H:%M} – {end:%H:%M}", names[s][1], names[s][0]]
             for s, start, end, _ in served]
    header = [t(k, lang) for k in ("epi_col_commune", "epi_col_stop", "epi_col_day", "docs_col_hours", "epi_col_often")]
    page = printable_page(t("epi_page_title", lang), t("epi_page_intro", lang), header, rows, note=rule_text)
    detail = printable_page(t("epi_dated_title", lang), t("epi_dated_intro", lang),
                            [t(k, lang) for k in ("epi_col_date", "docs_col_hours", "epi_col_commune", "epi_col_stop")],
                            dated)
    page = page.replace("</body></html>", detail[detail.index("<table"):detail.index("</body>")] + "</body></html>")
    (folder / "calendrier_communes.html").write_text(page, encoding="utf-8")


def write_coverage(folder: Path, plan: EpiceriePlan) -> None:
    plan.coverage.to_csv(folder / "couverture.csv", index=False, encoding="utf-8")
    plan.reach.to_csv(folder / "portee.csv", index=False, encoding="utf-8")
