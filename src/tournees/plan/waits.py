"""Long waits in a plan folder: a resource at a place, idle, before it may start (flagged in the plan summary).

A wait is the time between reaching the place and starting there, breaks taken there set
aside. Its cause is what the start waited for: the commune's time window (épicerie), the
session's hours (écrivain), a confirmed appointment, or the tenant's availability.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tournees.i18n import t

LONG_WAIT_S = 45 * 60  # waits longer than this are flagged (issue #25)
SHOWN = 10  # at most this many in the summary, the longest first


@dataclass(frozen=True)
class Wait:
    resource_id: str
    date: str
    location_id: str
    arrival: dt.datetime  # when the resource got there
    start: dt.datetime
    seconds: int  # idle, breaks taken there set aside
    cause: str  # wait_cause_* text key


def _cause(row: dict[str, str]) -> str:
    if row["service"] == "epicerie":
        return "wait_cause_commune"
    if row["kind"] == "session":
        return "wait_cause_venue"
    if row["pinned"] in ("1", "True", "true"):
        return "wait_cause_pinned"
    return "wait_cause_tenant"


def long_waits(rows: Sequence[dict[str, str]], *, longer_than: int = LONG_WAIT_S) -> list[Wait]:
    """The waits longer than ``longer_than`` seconds in ``visits.csv`` rows, longest first."""
    routes: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        routes.setdefault((row["resource_id"], row["date"]), []).append(row)
    found = []
    for route in routes.values():
        route.sort(key=lambda r: int(r["seq"]))
        for k, row in enumerate(route):
            if row["kind"] not in ("visit", "session"):
                continue
            arrival, paused, j = dt.datetime.fromisoformat(row["arrival"]), dt.timedelta(0), k - 1
            while j > 0 and route[j]["kind"] == "break" and route[j]["location_id"] == row["location_id"]:
                arrival = dt.datetime.fromisoformat(route[j]["arrival"])  # a break waiting there: got there before it
                paused += dt.datetime.fromisoformat(route[j]["end"]) - dt.datetime.fromisoformat(route[j]["start"])
                j -= 1
            start = dt.datetime.fromisoformat(row["start"])
            idle = int((start - arrival - paused).total_seconds())
            if idle > longer_than:
                where = (row["resource_id"], row["date"], row["location_id"])
                found.append(Wait(*where, arrival, start, idle, _cause(row)))
    return sorted(found, key=lambda w: (-w.seconds, w.date, w.resource_id))


def wait_lines(waits: Sequence[Wait], lang: str | None = None) -> list[str]:
    """The summary's lines: the longest ``SHOWN`` waits, then how many more."""
    lines = [t("wait_long", lang, minutes=w.seconds // 60, resource=w.resource_id, date=w.date, place=w.location_id,
               arrival=f"{w.arrival:%H:%M}", start=f"{w.start:%H:%M}", cause=t(w.cause, lang)) for w in waits[:SHOWN]]
    if len(waits) > SHOWN:
        lines.append(t("wait_more", lang, n=len(waits) - SHOWN))
    return lines
