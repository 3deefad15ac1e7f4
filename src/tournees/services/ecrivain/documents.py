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
from tournees.outputs.publish import PRINT_CSS, PublicEvent, french_date, ics_bytes, printable_page

if TYPE_CHECKING:
    from tournees.services.ecrivain.planner import EcrivainPlan


def _moment(plan: EcrivainPlan, seconds: int) -> dt.datetime:
    return dt.datetime.fromisoformat(plan.context.when(seconds))


def write_calendar(folder: Path, plan: EcrivainPlan, venues: dict[str, Venue]) -> None:
    """``permanences.ics`` (iCalendar) and ``permanences.html`` (printable), with no personal data."""
    events, rows = [], []
    for s in sorted(plan.sessions, key=lambda s: s.start):
        venue = venues[s.venue_id]
        begin, end = _moment(plan, s.start), _moment(plan, s.end)
        events.append(PublicEvent(s.session_id, f"Permanence de l'écrivain numérique — {venue.name}", begin, end,
                                  f"{venue.name}, {venue.address}", "Aide aux démarches administratives, sur rendez-vous."))
        rows.append([french_date(begin.date()).capitalize(), f"{begin:%H:%M} – {end:%H:%M}", f"{venue.name}\n{venue.address}"])
    (folder / "permanences.ics").write_bytes(ics_bytes("Permanences de l'écrivain numérique", "écrivain numérique", events))
    page = printable_page("Permanences de l'écrivain numérique",
                          "Aide gratuite aux démarches administratives (CAF, impôts, retraite, santé…), sur rendez-vous auprès de votre bailleur.",
                          ["Jour", "Horaires", "Lieu"], rows)
    (folder / "permanences.html").write_text(page, encoding="utf-8")


def write_letters(folder: Path, plan: EcrivainPlan, venues: dict[str, Venue], requests: dict[str, EcrivainRequest]) -> None:
    """``courriers.html``: one printable appointment letter per tenant (one page each)."""
    from tournees.services.ecrivain.planner import DOCUMENTS

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
