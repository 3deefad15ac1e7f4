"""What the écrivain's public and tenants read: the session calendar and appointment letters.

Public documents name places and times only; letters say when, where and what to bring,
with no identity, tax or health number.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tournees.model import EcrivainRequest, Venue
from tournees.outputs.escape import html_text
from tournees.outputs.publish import PRINT_CSS, PublicEvent, french_date, printable_page, write_ics
from tournees.services.ecrivain.result import EcrivainPlan

# What to bring, by motive: documents only, never numbers written on the letter.
DOCUMENTS = {
    "caf": "votre dernier courrier de la CAF, votre numéro d'allocataire, un relevé d'identité bancaire",
    "impots": "votre dernier avis d'impôt, vos justificatifs de revenus de l'année",
    "retraite": "vos derniers relevés de pension, le courrier reçu de votre caisse de retraite",
    "sante": "votre carte Vitale, votre attestation de mutuelle, les courriers de l'Assurance maladie",
    "logement": "votre dernier avis d'échéance de loyer, les courriers de votre bailleur",
    "energie": "vos dernières factures d'électricité ou de gaz",
    "banque": "vos relevés de compte, les courriers de votre banque",
    "emploi": "les courriers de France Travail, votre CV s'il existe",
    "autre": "tous les courriers utiles à votre démarche",
}



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
    write_ics(folder / "permanences.ics", "Permanences de l'écrivain numérique", "écrivain numérique", events)  # SEQUENCE per UID
    page = printable_page("Permanences de l'écrivain numérique",
                          "Aide gratuite aux démarches administratives (CAF, impôts, retraite, santé…), sur rendez-vous auprès de votre bailleur.",
                          ["Jour", "Horaires", "Lieu"], rows)
    (folder / "permanences.html").write_text(page, encoding="utf-8")


def write_letters(folder: Path, plan: EcrivainPlan, venues: dict[str, Venue], requests: dict[str, EcrivainRequest]) -> None:
    """``courriers.html``: one printable appointment letter per tenant (one page each)."""

    letters = []
    for a in sorted(plan.appointments, key=lambda a: a.request_id):
        venue = venues[a.venue_id]
        begin = _moment(plan, a.start)
        motive = requests[a.request_id].motive
        letters.append(
            "<div class='letter'><p>Madame, Monsieur,</p>"
            "<p>Vous avez demandé l'aide de l'écrivain numérique pour une démarche. Votre rendez-vous est fixé :</p>"
            f"<p class='when'>le {french_date(begin.date())} à {begin:%H:%M}<br>{html_text(venue.name)}<br>{html_text(venue.address)}</p>"
            f"<p>Pensez à apporter : {html_text(DOCUMENTS.get(motive, DOCUMENTS['autre']))}.</p>"
            "<p>Le rendez-vous dure environ une heure. En cas d'empêchement, prévenez votre bailleur pour que la place serve à quelqu'un d'autre.</p>"
            f"<p>Référence à rappeler : {html_text(a.request_id)}</p><p>Bien cordialement,<br>L'écrivain numérique</p></div>"
        )
    page = (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Courriers de rendez-vous</title><style>{PRINT_CSS}</style>"
            "</head><body>" + "".join(letters) + "</body></html>")
    (folder / "courriers.html").write_text(page, encoding="utf-8")
