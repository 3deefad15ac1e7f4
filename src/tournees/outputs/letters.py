"""What the écrivain's public and tenants read: the session calendar and appointment letters.

Written with the plan's other documents (:func:`tournees.outputs.write_outputs`).

Both are read from the plan folder (``visits.csv`` sessions and home visits,
``appointments.csv``), so a plan re-timed by hand (``tournees retime``) gets them again.
Public documents name places and times only. Letters carry an addressee block with the
request's reference and the residence's address (no name is stored), the appointment's
real duration, what to bring and the landlord's service to call, with no identity, tax or
health number.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tournees.db import Database
from tournees.i18n import t
from tournees.model import EcrivainRequest, Landlord, Residence, Tenant, Venue
from tournees.outputs.escape import html_text
from tournees.outputs.folder import PlanFolder
from tournees.outputs.labels import documents_to_bring, dwelling, length_text, long_date, motive_label
from tournees.outputs.publish import PRINT_CSS, PublicEvent, printable_page, write_ics

LETTER_CSS = (
    PRINT_CSS
    + """
.to { margin: 0 0 2em auto; width: 18em; border: 1px solid #999; padding: .6em .8em; }
.contact { border-top: 1px solid #999; padding-top: .6em; }
"""
)


def _hm(moment: dt.datetime, lang: str | None) -> str:
    return t("docs_hm", lang, h=f"{moment:%H}", m=f"{moment:%M}")


def write_calendar(folder: Path, db: Database, *, lang: str | None = None) -> None:
    """``permanences.ics`` (iCalendar) and ``permanences.html`` (printable), with no personal data."""
    plan = PlanFolder.read(folder)
    venues = {v.venue_id: v for v in db.load(Venue)}
    sessions = sorted(
        (r for route in plan.routes for r in route.rows if r["kind"] == "session"), key=lambda r: r["start"]
    )
    events, rows = [], []
    for s in sessions:
        venue = venues[s["location_id"]]
        begin, end = dt.datetime.fromisoformat(s["start"]), dt.datetime.fromisoformat(s["end"])
        events.append(
            PublicEvent(
                s["task_id"],
                t("docs_session_event", lang, venue=venue.name),
                begin,
                end,
                f"{venue.name}, {venue.address}",
                t("docs_session_description", lang),
            )
        )
        rows.append(
            [
                long_date(begin.date(), lang).capitalize(),
                f"{_hm(begin, lang)} – {_hm(end, lang)}",
                f"{venue.name}\n{venue.address}",
            ]
        )
    write_ics(
        folder / "permanences.ics", t("docs_sessions_title", lang), "écrivain numérique", events
    )  # SEQUENCE per UID
    page = printable_page(
        t("docs_sessions_title", lang),
        t("docs_sessions_intro", lang),
        [t("docs_col_date", lang), t("docs_col_hours", lang), t("docs_col_place", lang)],
        rows,
    )
    (folder / "permanences.html").write_text(page, encoding="utf-8")


def write_letters(folder: Path, db: Database, *, lang: str | None = None) -> Path:
    """``courriers.html``: one printable letter per tenant served (appointment or home visit), one page each."""
    plan = PlanFolder.read(folder)
    venues = {v.venue_id: v for v in db.load(Venue)}
    requests = {r.request_id: r for r in db.load(EcrivainRequest)}
    tenants = {x.tenant_id: x for x in db.load(Tenant)}
    residences = {x.residence_id: x for x in db.load(Residence)}
    landlords = {x.landlord_id: x for x in db.load(Landlord)}
    home = {
        r["task_id"]: r
        for route in plan.routes
        for r in route.rows
        if r["kind"] == "visit" and r["task_id"] in requests
    }
    letters = []
    for request_id in sorted({a["request_id"] for a in plan.appointments} | set(home)):
        req = requests[request_id]
        tenant = tenants.get(req.tenant_id)
        residence = residences.get(tenant.residence_id) if tenant else None
        landlord = landlords.get(residence.landlord_id) if residence else None
        appointment = next((a for a in plan.appointments if a["request_id"] == request_id), None)
        row = appointment or home[request_id]
        begin, end = dt.datetime.fromisoformat(row["start"]), dt.datetime.fromisoformat(row["end"])
        minutes = round((end - begin).total_seconds() / 60)
        to = [t("docs_letter_ref", lang, ref=request_id)]
        if residence is not None:
            to += [
                residence.name,
                dwelling(tenant, lang) if tenant else "",
                residence.address,
                f"{residence.postcode} {residence.commune}",
            ]
        if appointment is not None:
            venue = venues[appointment["venue_id"]]
            on = t("docs_letter_on", lang, date=long_date(begin.date(), lang), time=_hm(begin, lang))
            when = f"<p class='when'>{html_text(on)}<br>{html_text(venue.name)}<br>{html_text(venue.address)}</p>"
            intro = t("docs_letter_intro", lang, motive=motive_label(req.motive, lang))
        else:
            if row.get("slot_start") and row.get("slot_end"):  # the slot announced for the visit
                a, b = dt.datetime.fromisoformat(row["slot_start"]), dt.datetime.fromisoformat(row["slot_end"])
                day = long_date(a.date(), lang)
                on = t("docs_letter_home_slot", lang, date=day, start=_hm(a, lang), end=_hm(b, lang))
            else:
                on = t("docs_letter_home_on", lang, date=long_date(begin.date(), lang), time=_hm(begin, lang))
            when = f"<p class='when'>{html_text(on)}</p>"
            intro = t("docs_letter_intro_home", lang, motive=motive_label(req.motive, lang))
        contact = contact_block(landlord, lang)
        letters.append(letter_html(to, [
            f"<p>{html_text(t('docs_letter_salutation', lang))}</p><p>{html_text(intro)}</p>{when}",
            f"<p>{html_text(t('docs_letter_duration', lang, length=length_text(minutes, lang)))}</p>",
            f"<p>{html_text(t('docs_letter_bring', lang, documents=documents_to_bring(req.motive, lang)))}</p>",
            f"<p>{html_text(t('docs_letter_cancel', lang))}</p>{contact}",
            f"<p>{html_text(t('docs_letter_ref_reminder', lang, ref=request_id))}</p>",
        ], t("docs_letter_closing", lang)))
    out = folder / "courriers.html"
    out.write_text(letters_page(letters, lang), encoding="utf-8")
    return out


def letter_html(to: list[str], body: list[str], closing: str) -> str:
    """One letter: the addressee block (texts, escaped here), its paragraphs (escaped HTML) and the closing text."""
    return ("<div class='letter'><div class='to'>" + "<br>".join(html_text(x) for x in to if x) + "</div>"
            + "".join(body) + f"<p>{html_text(closing).replace(chr(10), '<br>')}</p></div>")


def contact_block(landlord: Landlord | None, lang: str | None) -> str:
    """The landlord's service to call about the visit (escaped HTML), or a line saying to call the landlord."""
    if landlord is not None and (landlord.service_name or landlord.service_phone or landlord.service_email):
        reach = " · ".join(html_text(x) for x in (landlord.service_phone, landlord.service_email) if x)
        return (
            f"<p class='contact'>{html_text(t('docs_letter_contact', lang))}<br>"
            f"<b>{html_text(landlord.service_name or landlord.name)}</b>"
            + (f"<br>{reach}" if reach else "")
            + "</p>"
        )
    return f"<p class='contact'>{html_text(t('docs_letter_contact_landlord', lang))}</p>"


def letters_page(letters: list[str], lang: str | None) -> str:
    """One printable page of letters (each already escaped HTML), one letter a page."""
    return (
        f"<!doctype html><html lang='{html_text(lang or 'fr')}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"  # a phone shows the letter at its width
        f"<title>{html_text(t('docs_letters_title', lang))}</title>"
        f"<style>{LETTER_CSS}</style></head><body>" + "".join(letters) + "</body></html>"
    )
