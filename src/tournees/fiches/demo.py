"""A little of each fiche's records for the demo, so that every tab of ``indicateurs.xlsx`` has figures.

Drawn from a random stream of its own: the rest of the demo (and its frozen plans) stays as it was.
Volunteers live near the demo's urban residences, on the road network (``near`` snaps a point to it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np

from tournees.model import (
    CabinConsultation,
    HomeWork,
    MutuelleSubscription,
    Record,
    Residence,
    Tenant,
    Venue,
    Volunteer,
    VolunteerIntervention,
    Workshop,
    WorkshopAttendance,
)
from tournees.model.vocab import SITUATIONS

Near = Callable[[float, float, np.random.Generator, float], tuple[float, float]]
ADAPTATIONS = ("douche_plain_pied", "barres_appui", "volets_motorises", "rehausse_wc")
MULTISERVICES = ("entretien_chaudiere", "joint_robinet", "bouche_aeration", "robinetterie")


def programme_records(
    tenants: Sequence[Tenant],
    residences: Sequence[Residence],
    venues: Sequence[Venue],
    workshops: Sequence[Workshop],
    near: Near,
    *,
    seed: int,
) -> dict[str, list[Record]]:
    """Tables for fiches 1, 3, 5, 6, 8 and 9 (the CSV name of each → its records)."""
    rng = np.random.default_rng(seed + 30)
    homes = {r.residence_id: r for r in residences}
    urban = [x for x in tenants if homes[x.residence_id].commune != "" and not x.residence_id.startswith("RES-R")]

    def some(n: int) -> list[Tenant]:
        return [urban[int(i)] for i in rng.choice(len(urban), size=n, replace=False)]

    def day(first: dt.date, span: int) -> dt.date:
        return first + dt.timedelta(days=int(rng.integers(0, span)))

    channels = ("bailleur", "mairie", "bouche_a_oreille", "ccas", "affichage")
    attendance: list[Record] = [
        WorkshopAttendance(
            workshop_id=shop.workshop_id,
            tenant_id=x.tenant_id,
            status=str(rng.choice(["present", "absent", "desiste"], p=[0.75, 0.1, 0.15])),
            channel=str(rng.choice(channels)),
            score=int(rng.choice([3, 4, 5])),
        )
        for shop in workshops
        for x in some(12)
    ]
    works: list[Record] = []
    for n, x in enumerate(some(30)):
        scheme = "adaptation" if n % 2 == 0 else "multiservices"
        asked = day(dt.date(2026, 6, 1), 150)
        done = asked + dt.timedelta(days=int(rng.integers(5, 60))) if rng.random() < 0.7 else None
        works.append(
            HomeWork(
                work_id=f"TRV-{n + 1:04d}",
                scheme=scheme,
                tenant_id=x.tenant_id,
                kind=str(rng.choice(ADAPTATIONS if scheme == "adaptation" else MULTISERVICES)),
                requested_on=asked,
                done_on=done if done and done <= dt.date(2026, 11, 20) else None,
                channel=str(rng.choice(channels)),
                score=int(rng.choice([3, 4, 5])) if done and rng.random() < 0.6 else None,
            )
        )
    cabin_venues = [v.venue_id for v in venues][:2]
    cabin: list[Record] = [
        CabinConsultation(
            consultation_id=f"CAB-{n + 1:04d}",
            tenant_id=x.tenant_id,
            venue_id=str(rng.choice(cabin_venues)),
            on=day(dt.date(2026, 9, 1), 75),
            channel=str(rng.choice(channels)),
            ease_score=int(rng.choice([2, 3, 4, 5])),
            would_recommend=bool(rng.random() < 0.8),
        )
        for n, x in enumerate([*some(20), *some(8)])  # some come twice
    ]
    mutuelle: list[Record] = [
        MutuelleSubscription(
            tenant_id=x.tenant_id,
            subscribed_on=day(dt.date(2026, 1, 5), 300),
            yearly_saving_eur=float(rng.integers(8, 40) * 10),
            channel=str(rng.choice(channels)),
            score=int(rng.choice([3, 4, 5])) if rng.random() < 0.5 else None,
        )
        for x in some(25)
    ]
    volunteers: list[Volunteer] = []
    for n, home in enumerate(sorted({homes[x.residence_id].residence_id for x in urban})[:16]):
        base = homes[home]
        lat, lon = near(float(base.lat or 0), float(base.lon or 0), rng, 900)
        volunteers.append(
            Volunteer(
                volunteer_id=f"BEN-{n + 1:03d}",
                landlord_id=base.landlord_id,
                lat=lat,
                lon=lon,
                mobility=("voiture", "pied") if n % 3 == 0 else (("pied",) if n % 3 == 1 else ("voiture",)),
                availability=() if n % 4 else ("lun", "mer", "ven"),
                situations=tuple(s for k, s in enumerate(SITUATIONS) if k == 0 or (n + k) % 2 == 0),
                consent=True,
                charter_signed_on=dt.date(2026, 4, 1) + dt.timedelta(days=n) if n % 7 else None,
                max_minutes=int(rng.choice([10, 15, 20])),
            )
        )
    interventions: list[Record] = []
    for n, x in enumerate(some(18)):
        helper = volunteers[n % len(volunteers)]
        asked = dt.datetime(2026, 7, 1, 8) + dt.timedelta(
            days=int(rng.integers(0, 60)), minutes=int(rng.integers(0, 600))
        )
        interventions.append(
            VolunteerIntervention(
                intervention_id=f"INT-{n + 1:04d}",
                volunteer_id=helper.volunteer_id,
                tenant_id=x.tenant_id,
                situation=helper.situations[n % len(helper.situations)],
                requested_at=asked,
                matched_at=asked + dt.timedelta(minutes=int(rng.integers(20, 300))),
                family_involved=bool(rng.random() < 0.4),
                score=int(rng.choice([4, 5])) if rng.random() < 0.5 else None,
            )
        )
    return {
        "workshop_attendance": attendance,
        "home_works": works,
        "cabin_consultations": cabin,
        "mutuelle_subscriptions": mutuelle,
        "volunteers": list(volunteers),
        "volunteer_interventions": interventions,
    }
