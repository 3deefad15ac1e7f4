"""Matches and campaigns on a database: volunteers, seniors and their residences, times on the road network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tournees.db import Database
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.model import Residence, Tenant, Volunteer
from tournees.model.vocab import SITUATIONS
from tournees.settings import Settings
from tournees.volunteers.campaign import CampaignResult, Unreached, assign
from tournees.volunteers.match import Match, rank
from tournees.volunteers.people import available, fragile
from tournees.volunteers.travel import Times, road_times


@dataclass
class Campaign:
    """A campaign's result, with the seniors' records (for the phone where they agreed to be called)."""

    situation: str
    result: CampaignResult
    seniors: dict[str, Tenant]


def check_situation(situation: str, lang: str | None = None) -> None:
    if situation not in SITUATIONS:
        raise ValidationError(t("vol_bad_situation", lang, value=situation, choices=", ".join(SITUATIONS)))


def _times(settings: Settings, volunteers: list[Volunteer], seniors: list[tuple[str, float, float]]) -> Times:
    return road_times(settings, [(v.volunteer_id, v.lat, v.lon, v.mobility) for v in volunteers], seniors)


def match_senior(
    db: Database, settings: Settings, tenant_id: str, situation: str, day: dt.date | None, lang: str | None = None
) -> list[Match]:
    """The available volunteers of the senior's landlord, nearest first, each within their own longest trip."""
    check_situation(situation, lang)
    tenant = next((x for x in db.load(Tenant) if x.tenant_id == tenant_id), None)
    if tenant is None:
        raise ValidationError(t("vol_unknown_tenant", lang, tenant=tenant_id))
    home = next(r for r in db.load(Residence) if r.residence_id == tenant.residence_id)
    if home.lat is None or home.lon is None:
        raise ValidationError(t("vol_no_coords", lang, tenant=tenant_id))
    volunteers = [v for v in db.load(Volunteer) if v.landlord_id == home.landlord_id and available(v, situation, day)]
    if not volunteers:
        return []
    times = _times(settings, volunteers, [(tenant_id, home.lat, home.lon)])
    return rank(times, tenant_id, {v.volunteer_id: v.max_minutes * 60 for v in volunteers}, lang)


def run_campaign(
    db: Database,
    settings: Settings,
    situation: str,
    max_per_volunteer: int,
    *,
    day: dt.date | None = None,
    landlord: str | None = None,
    lang: str | None = None,
) -> Campaign:
    """Every isolated or fragile senior (of ``landlord``, or of every landlord) given a volunteer of their landlord."""
    check_situation(situation, lang)
    homes = {r.residence_id: r for r in db.load(Residence) if landlord is None or r.landlord_id == landlord}
    seniors = sorted((x for x in db.load(Tenant) if x.residence_id in homes and fragile(x)), key=lambda x: x.tenant_id)
    volunteers = sorted(
        (v for v in db.load(Volunteer) if landlord in (None, v.landlord_id) and available(v, situation, day)),
        key=lambda v: v.volunteer_id,
    )
    total = CampaignResult()
    for owner in sorted({homes[x.residence_id].landlord_id for x in seniors}):  # a landlord's volunteers, its seniors
        mine = [x for x in seniors if homes[x.residence_id].landlord_id == owner]
        # a senior who did not consent to the processing of their data is not passed on to a volunteer
        total.unreached += [Unreached(x.tenant_id, "no_consent") for x in mine if not x.consent]
        mine = [x for x in mine if x.consent]
        placed = [x for x in mine if homes[x.residence_id].lat is not None]
        total.unreached += [Unreached(x.tenant_id, "no_coords") for x in mine if x not in placed]
        helpers = [v for v in volunteers if v.landlord_id == owner]
        if not helpers or not placed:
            total.unreached += [Unreached(x.tenant_id, "too_far") for x in placed]
            continue
        points = [(x.tenant_id, homes[x.residence_id].lat, homes[x.residence_id].lon) for x in placed]
        times = _times(settings, helpers, points)  # type: ignore[arg-type]
        if not times.by_mode:  # no helper travels by any mode
            total.unreached += [Unreached(x.tenant_id, "too_far") for x in placed]
            continue
        seconds, modes = times.best_matrix()
        part = assign(
            times.volunteers,
            times.seniors,
            seconds,
            modes,
            sorted(times.by_mode),
            limits_s=[v.max_minutes * 60 for v in helpers],
            max_per_volunteer=max_per_volunteer,
        )
        total.assignments += part.assignments
        total.unreached += part.unreached
    total.unreached.sort(key=lambda u: u.senior_id)
    return Campaign(situation, total, {x.tenant_id: x for x in seniors})
