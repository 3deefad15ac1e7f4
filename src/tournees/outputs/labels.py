"""Names and addresses of places and what each task is, from the database, for maps, sheets and workbooks.

Only what the person on the road needs: the building's address, where the flat is and how
to get in, the intervention type and its tariff, the notes written for the visit. Never a
name, a birth date or a GIR. The call-ahead phone is read only when the tenant agreed to be
called (``call_ahead``) and the consent column allows it; callers put it on the technician's
own sheet and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from tournees.db import Database
from tournees.i18n import t
from tournees.model import (
    BricolageRequest,
    Depot,
    EcrivainRequest,
    GroceryStop,
    InterventionType,
    Residence,
    Tenant,
    Venue,
)


@dataclass(frozen=True)
class PlaceLabel:
    name: str
    address: str = ""
    access: str = ""  # how to get into the residence


@dataclass(frozen=True)
class TaskLabel:
    what: str
    notes: str = ""
    dwelling: str = ""  # building, staircase, floor, door
    access: str = ""  # how to reach the dwelling
    tariff_eur: float | None = None
    phone: str = ""  # call-ahead phone, only with the tenant's agreement: the technician's own sheet only
    motive: str = ""  # écrivain: kind of help (a word, not the file)
    bring: str = ""  # écrivain: what the tenant brings
    duration_min: int | None = None


def long_date(day: dt.date, lang: str | None = None) -> str:
    """« lundi 23 novembre 2026 » / "Monday 23 November 2026"."""
    days, months = t("docs_weekdays", lang).split(","), t("docs_months", lang).split(",")
    return t(
        "docs_long_date", lang, weekday=days[day.weekday()], day=day.day, month=months[day.month - 1], year=day.year
    )


def length_text(minutes: int, lang: str | None = None) -> str:
    """« 45 minutes », « 1 heure », « 1 h 30 »: the real length of an appointment (15 to 240 min)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return t("docs_len_minutes", lang, m=rest)
    if not rest:
        return t("docs_len_hour" if hours == 1 else "docs_len_hours", lang, h=hours)
    return t("docs_len_h_min", lang, h=hours, m=f"{rest:02d}")


def short_date(day: dt.date, lang: str | None = None) -> str:
    """« lun. 23/11 » / "Mon 23/11"."""
    return f"{t('docs_weekdays_short', lang).split(',')[day.weekday()]} {day:%d/%m}"


def place_labels(db: Database) -> dict[str, PlaceLabel]:
    found: dict[str, PlaceLabel] = {}
    for d in db.load(Depot):
        found[d.depot_id] = PlaceLabel(d.name, d.address)
    for r in db.load(Residence):
        found[r.residence_id] = PlaceLabel(r.name, f"{r.address}, {r.postcode} {r.commune}", r.access_notes or "")
    for v in db.load(Venue):
        found[v.venue_id] = PlaceLabel(v.name, v.address)
    for s in db.load(GroceryStop):
        found[s.stop_id] = PlaceLabel(s.name, s.name)
    return found


def dwelling(tenant: Tenant, lang: str | None = None) -> str:
    parts = [
        (tenant.building, "docs_building"),
        (tenant.staircase, "docs_staircase"),
        (tenant.floor, "docs_floor"),
        (tenant.door, "docs_door"),
    ]
    return ", ".join(t(key, lang, v=value) for value, key in parts if value)


class CallAhead(Protocol):  # a Tenant, or a database row of the tenants table
    @property
    def phone(self) -> str | None: ...
    @property
    def call_ahead(self) -> bool: ...
    @property
    def consent(self) -> bool: ...


def call_ahead_phone(tenant: CallAhead) -> str:
    """The tenant's phone if they agreed to be called before a visit (and consented), else "" (the one rule)."""
    return tenant.phone or "" if tenant.call_ahead and tenant.consent else ""


def motive_label(motive: str, lang: str | None = None) -> str:
    return t(f"docs_motive_{motive}", lang)


def documents_to_bring(motive: str, lang: str | None = None) -> str:
    return t(f"docs_bring_{motive}", lang)


def task_labels(db: Database, lang: str | None = None) -> dict[str, TaskLabel]:
    types = {x.type_id: x for x in db.load(InterventionType)}
    tenants = {x.tenant_id: x for x in db.load(Tenant)}

    def phone(tenant: Tenant | None) -> str:
        return call_ahead_phone(tenant) if tenant is not None else ""

    found: dict[str, TaskLabel] = {}
    for r in db.load(BricolageRequest):
        kind, tenant = types.get(r.type_id), tenants.get(r.tenant_id)
        found[r.request_id] = TaskLabel(
            kind.label if kind else r.type_id,
            r.notes or "",
            dwelling(tenant, lang) if tenant else "",
            (tenant.access_notes or "") if tenant else "",
            kind.tariff_eur if kind else None,
            phone(tenant),
            duration_min=r.duration_min or (kind.duration_min if kind else None),
        )
    for e in db.load(EcrivainRequest):
        tenant = tenants.get(e.tenant_id)
        # the writer's motive may touch on health: maps and sheets say what kind of help, never the file
        what = t("docs_home_visit", lang) if e.home_visit else t("docs_appointment", lang)
        found[e.request_id] = TaskLabel(
            what,
            "",
            dwelling(tenant, lang) if tenant and e.home_visit else "",
            (tenant.access_notes or "") if tenant and e.home_visit else "",
            None,
            phone(tenant) if e.home_visit else "",
            motive_label(e.motive, lang),
            documents_to_bring(e.motive, lang),
            e.appointment_min,
        )
    return found
