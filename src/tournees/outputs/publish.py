"""What the planners publish for the public: iCalendar files and printable pages, in French.

Public documents name places and times only, never a person.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
PRINT_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 13pt; line-height: 1.5; margin: 2em; color: #111; }
h1 { font-size: 18pt; } h2 { font-size: 15pt; margin-top: 1.2em; } table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .4em .6em; text-align: left; vertical-align: top; }
.letter { page-break-after: always; max-width: 40em; } .when { font-size: 15pt; font-weight: bold; }
.note { font-size: 11pt; color: #333; }
@media print { body { margin: 1.5cm; } a { color: inherit; text-decoration: none; } h2 { page-break-after: avoid; } }
"""


def french_date(day: dt.date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class PublicEvent:
    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    location: str
    description: str


def ics_bytes(name: str, product: str, events: Iterable[PublicEvent]) -> bytes:
    """An iCalendar file (local Paris times) with one event per item."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//tournees//{product}//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for e in events:
        event = Event()
        event.add("uid", f"{e.uid}@tournees")
        event.add("summary", e.summary)
        event.add("dtstart", e.start)
        event.add("dtend", e.end)
        event.add("dtstamp", dt.datetime(2026, 1, 1))  # fixed: the same plan gives the same file
        event.add("location", e.location)
        event.add("description", e.description)
        cal.add_component(event)
    return cal.to_ical()


def printable_page(title: str, intro: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, note: str = "") -> str:
    """A printable HTML page with one table (cells are escaped)."""
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c).replace(chr(10), '<br>')}</td>" for c in row) + "</tr>" for row in rows)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{PRINT_CSS}</style></head><body><h1>{html.escape(title)}</h1>"
            f"<p>{html.escape(intro)}</p><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            + (f"<p class='note'>{html.escape(note)}</p>" if note else "") + "</body></html>")
