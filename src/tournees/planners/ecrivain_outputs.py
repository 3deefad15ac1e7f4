"""What the écrivain's public and tenants read: the session calendar and appointment letters.

Public documents name places and times only; letters say when, where and what to bring,
with no identity, tax or health number.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import TYPE_CHECKING

from tournees.model import EcrivainRequest, Venue

if TYPE_CHECKING:
    from tournees.planners.ecrivain import EcrivainPlan

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
PRINT_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 13pt; line-height: 1.5; margin: 2em; color: #111; }
h1 { font-size: 18pt; } table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .4em .6em; text-align: left; vertical-align: top; }
.letter { page-break-after: always; max-width: 40em; } .when { font-size: 15pt; font-weight: bold; }
@media print { body { margin: 1.5cm; } a { color: inherit; text-decoration: none; } }
"""


def french_date(day: dt.date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _moment(plan: EcrivainPlan, seconds: int) -> dt.datetime:
    return dt.datetime.fromisoformat(plan.context.when(seconds))


def write_calendar(folder: Path, plan: EcrivainPlan, venues: dict[str, Venue]) -> None:
    """``permanences.ics`` (iCalendar) and ``permanences.html`` (printable), with no personal data."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//tournees//écrivain numérique//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Permanences de l'écrivain numérique")
    rows = []
    for s in sorted(plan.sessions, key=lambda s: s.start):
        venue = venues[s.venue_id]
        begin, end = _moment(plan, s.start), _moment(plan, s.end)
        event = Event()
        event.add("uid", f"{s.session_id}@tournees")
        event.add("summary", f"Permanence de l'écrivain numérique — {venue.name}")
        event.add("dtstart", begin)
        event.add("dtend", end)
        event.add("dtstamp", dt.datetime(2026, 1, 1))
        event.add("location", f"{venue.name}, {venue.address}")
        event.add("description", "Aide aux démarches administratives, sur rendez-vous.")
        cal.add_component(event)
        rows.append(f"<tr><td>{french_date(begin.date()).capitalize()}</td><td>{begin:%H:%M} – {end:%H:%M}</td>"
                    f"<td>{html.escape(venue.name)}<br>{html.escape(venue.address)}</td></tr>")
    (folder / "permanences.ics").write_bytes(cal.to_ical())
    page = (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Permanences de l'écrivain numérique</title>"
            f"<style>{PRINT_CSS}</style></head><body><h1>Permanences de l'écrivain numérique</h1>"
            "<p>Aide gratuite aux démarches administratives (CAF, impôts, retraite, santé…), sur rendez-vous auprès de votre bailleur.</p>"
            "<table><thead><tr><th>Jour</th><th>Horaires</th><th>Lieu</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></body></html>")
    (folder / "permanences.html").write_text(page, encoding="utf-8")


def write_letters(folder: Path, plan: EcrivainPlan, venues: dict[str, Venue], requests: dict[str, EcrivainRequest]) -> None:
    """``courriers.html``: one printable appointment letter per tenant (one page each)."""
    from tournees.planners.ecrivain import DOCUMENTS

    letters = []
    for a in sorted(plan.appointments, key=lambda a: a.request_id):
        venue = venues[a.venue_id]
        begin = _moment(plan, a.start)
        motive = requests[a.request_id].motive
        letters.append(
            "<div class='letter'><p>Madame, Monsieur,</p>"
            "<p>Vous avez demandé l'aide de l'écrivain numérique pour une démarche. Votre rendez-vous est fixé :</p>"
            f"<p class='when'>le {french_date(begin.date())} à {begin:%H:%M}<br>{html.escape(venue.name)}<br>{html.escape(venue.address)}</p>"
            f"<p>Pensez à apporter : {html.escape(DOCUMENTS.get(motive, DOCUMENTS['autre']))}.</p>"
            "<p>Le rendez-vous dure environ une heure. En cas d'empêchement, prévenez votre bailleur pour que la place serve à quelqu'un d'autre.</p>"
            f"<p>Référence à rappeler : {html.escape(a.request_id)}</p><p>Bien cordialement,<br>L'écrivain numérique</p></div>"
        )
    page = (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Courriers de rendez-vous</title><style>{PRINT_CSS}</style>"
            "</head><body>" + "".join(letters) + "</body></html>")
    (folder / "courriers.html").write_text(page, encoding="utf-8")
