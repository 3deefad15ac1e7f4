"""What the planners publish for the public: iCalendar files and printable pages, in French.

Public documents name places and times only, never a person. Text is escaped for its
context by :mod:`tournees.outputs.escape`. Calendar events carry a real ``DTSTAMP`` and a
``SEQUENCE`` that grows each time an event's time or place changes, read from the previous
file of the same plan folder, so that subscribed calendars take re-planned times.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tournees.outputs.escape import html_attr, html_text, ics_text
from tournees.plan.staging import published_path

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
PRINT_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 13pt; line-height: 1.5; margin: 2em; color: #111; }
h1 { font-size: 18pt; } h2 { font-size: 15pt; margin-top: 1.2em; } table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .4em .6em; text-align: left; vertical-align: top; }
.letter { page-break-after: always; max-width: 40em; } .when { font-size: 15pt; font-weight: bold; }
.note { font-size: 11pt; color: #333; }
@media print { body { margin: 1.5cm; } a { color: inherit; text-decoration: none; } h2 { page-break-after: avoid; } }
@media screen and (max-width: 640px) {  /* a phone: each table row becomes a card, each cell under its column's name */
  body { margin: .6em; font-size: 11pt; } h1 { font-size: 15pt; } .when { font-size: 13pt; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; }
  table.cards thead { display: none; } table.cards tr { border: 1px solid #999; margin-top: -1px; padding: .2em 0; }
  table.cards td { border: none; padding: .1em .5em; overflow-wrap: break-word; }
  table.cards td[data-label]::before { content: attr(data-label) " : "; color: #555; font-size: 10pt; } }
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


def _fields(e: PublicEvent) -> tuple[str, ...]:
    """What subscribers see of an event: a change in any of these is a new SEQUENCE."""
    return (ics_text(e.summary), e.start.isoformat(), e.end.isoformat(), ics_text(e.location), ics_text(e.description))


def previous_versions(ics: bytes | None) -> dict[str, tuple[int, dt.datetime, tuple[str, ...]]]:
    """UID -> (SEQUENCE, DTSTAMP, fields) of the events of an earlier file (empty when none or unreadable)."""
    if not ics:
        return {}
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(ics)
    except ValueError:
        return {}
    found = {}
    for ev in cal.walk("VEVENT"):
        try:
            e = PublicEvent(str(ev["uid"]), str(ev["summary"]), ev.decoded("dtstart"), ev.decoded("dtend"), str(ev.get("location", "")),
                            str(ev.get("description", "")))
            found[str(ev["uid"])] = (int(ev.get("sequence", 0)), ev.decoded("dtstamp"), _fields(e))
        except (KeyError, ValueError, TypeError):
            continue
    return found


def ics_bytes(name: str, product: str, events: Iterable[PublicEvent], *, previous: bytes | None = None,
              now: dt.datetime | None = None) -> bytes:
    """An iCalendar file (local Paris times) with one event per item.

    An event identical to the one of ``previous`` (same UID) keeps its SEQUENCE and DTSTAMP, so
    the same plan gives the same file; a changed one gets SEQUENCE + 1 and DTSTAMP ``now`` (UTC).
    """
    from icalendar import Calendar, Event

    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    before = previous_versions(previous)
    cal = Calendar()
    cal.add("prodid", f"-//tournees//{product}//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", ics_text(name, one_line=True))
    for e in events:
        uid = f"{e.uid}@tournees"
        sequence, dtstamp = 0, stamp
        if uid in before:
            old_sequence, old_stamp, old_fields = before[uid]
            sequence, dtstamp = (old_sequence, old_stamp) if old_fields == _fields(e) else (old_sequence + 1, stamp)
        event = Event()
        event.add("uid", uid)
        event.add("summary", ics_text(e.summary))
        event.add("dtstart", e.start)
        event.add("dtend", e.end)
        event.add("dtstamp", dtstamp)
        event.add("sequence", sequence)
        event.add("location", ics_text(e.location))
        event.add("description", ics_text(e.description))
        cal.add_component(event)
    return cal.to_ical()


def write_ics(path: Path, name: str, product: str, events: Iterable[PublicEvent]) -> Path:
    """Write ``path``, numbering event versions from the file the plan folder held before (if any)."""
    earlier = published_path(path.parent) / path.name
    previous = earlier.read_bytes() if earlier.is_file() else None
    path.write_bytes(ics_bytes(name, product, events, previous=previous))
    return path


def printable_page(title: str, intro: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, note: str = "") -> str:
    """A printable HTML page with one table (cells are escaped)."""
    labels = [f" data-label='{html_attr(h)}'" for h in header]  # shown before each cell on a phone (cards)
    body = "".join("<tr>" + "".join(f"<td{labels[i] if i < len(labels) else ''}>{html_text(c).replace(chr(10), '<br>')}</td>"
                                    for i, c in enumerate(row)) + "</tr>" for row in rows)
    head = "".join(f"<th>{html_text(h)}</th>" for h in header)
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html_text(title)}</title><style>{PRINT_CSS}</style></head><body><h1>{html_text(title)}</h1>"
            f"<p>{html_text(intro)}</p><table class='cards'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            + (f"<p class='note'>{html_text(note)}</p>" if note else "") + "</body></html>")
