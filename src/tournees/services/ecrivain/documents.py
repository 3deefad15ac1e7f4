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


def length_text(minutes: int) -> str:
    """« 45 minutes », « 1 heure », « 1 h 30 »: the real length of an appointment (15 to 240 min)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    if not rest:
        return f"{hours} heure" + ("s" if hours > 1 else "")
    return f"{hours} h {rest:02d}"


def _letter(when: str, motive: str, minutes: int, request_id: str) -> str:
    from tournees.services.ecrivain.planner import DOCUMENTS

    return ("<div class='letter'><p>Madame, Monsieur,</p>"
            f"<p>Vous avez demandé l'aide de l'écrivain numérique pour une démarche. {when}</p>"
            f"<p>Pensez à apporter : {html.escape(DOCUMENTS.get(motive, DOCUMENTS['autre']))}.</p>"
            f"<p>Le rendez-vous dure {length_text(minutes)}. En cas d'empêchement, prévenez votre bailleur pour que la place "
            "serve à quelqu'un d'autre.</p>"
            f"<p>Référence à rappeler : {html.escape(request_id)}</p><p>Bien cordialement,<br>L'écrivain numérique</p></div>")


def write_letters(folder: Path, plan: EcrivainPlan, venues: dict[str, Venue], requests: dict[str, EcrivainRequest]) -> None:
    """``courriers.html``: one printable letter per tenant (one page each): the appointment at a
    venue, or the home visit with the slot announced for it; each with its real length."""
    letters = []
    for a in sorted(plan.appointments, key=lambda a: a.request_id):
        venue = venues[a.venue_id]
        begin = _moment(plan, a.start)
        when = ("Votre rendez-vous est fixé :</p>"
                f"<p class='when'>le {french_date(begin.date())} à {begin:%H:%M}<br>{html.escape(venue.name)}<br>"
                f"{html.escape(venue.address)}")
        letters.append(_letter(when, requests[a.request_id].motive, (a.end - a.start) // 60, a.request_id))
    for rid, (a, b) in sorted(plan.context.slots.items()):
        if rid not in requests:
            continue
        begin, end = _moment(plan, a), _moment(plan, b)
        when = ("L'écrivain numérique viendra chez vous :</p>"
                f"<p class='when'>le {french_date(begin.date())}, entre {begin:%H:%M} et {end:%H:%M}")
        letters.append(_letter(when, requests[rid].motive, requests[rid].appointment_min, rid))
    page = (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Courriers de rendez-vous</title><style>{PRINT_CSS}</style>"
            "</head><body>" + "".join(letters) + "</body></html>")
    (folder / "courriers.html").write_text(page, encoding="utf-8")
