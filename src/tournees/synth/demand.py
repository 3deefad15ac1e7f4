"""A demand model for the bricol'âge: requests arriving week after week, drawn with a seed.

Arrivals per week follow a Poisson law around ``per_week``, on working days drawn evenly; the
priority mix, the wished due date and the tenant's availability are those of the demo programme
(:func:`tournees.demo.build_demo`). The same seed and parameters always give the same requests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from tournees.model import BricolageRequest, Tenant

WORKDAYS = ("lun", "mar", "mer", "jeu", "ven")
PRIORITY_MIX = {"urgent": 0.08, "fragile": 0.17, "isole": 0.2, "normal": 0.55}  # the demo's shares


def priority_shares(urgent_share: float | None = None) -> dict[str, float]:
    """The priority mix, with the urgent share set to ``urgent_share`` and the others scaled to fill the rest."""
    if urgent_share is None:
        return dict(PRIORITY_MIX)
    rest = sum(v for k, v in PRIORITY_MIX.items() if k != "urgent")
    return {k: urgent_share if k == "urgent" else v * (1 - urgent_share) / rest for k, v in PRIORITY_MIX.items()}


def draw_requests(
    tenants: Sequence[Tenant],
    type_ids: Sequence[str],
    *,
    first_monday: dt.date,
    weeks: int,
    per_week: float,
    rng: np.random.Generator,
    urgent_share: float | None = None,
    prefix: str = "SYN",
) -> list[BricolageRequest]:
    """Requests received from ``first_monday`` on, over ``weeks`` weeks (ids ``<prefix>-0001``…)."""
    shares = priority_shares(urgent_share)
    names, p = list(shares), np.array(list(shares.values()))
    out: list[BricolageRequest] = []
    for week in range(weeks):
        for _ in range(int(rng.poisson(per_week))):
            tenant = tenants[int(rng.integers(len(tenants)))]
            received = first_monday + dt.timedelta(days=7 * week + int(rng.integers(0, 5)))
            priority = str(rng.choice(names, p=p / p.sum()))
            avail: tuple[str, ...] = ()
            if rng.random() < 0.45:
                days = sorted(rng.choice(5, size=int(rng.integers(1, 4)), replace=False))
                avail = tuple(f"{WORKDAYS[d]}{rng.choice(['', '-am', '-pm'])}" for d in days)
            out.append(BricolageRequest(
                request_id=f"{prefix}-{len(out) + 1:04d}", tenant_id=tenant.tenant_id,
                type_id=str(rng.choice(list(type_ids))), received_on=received, priority=priority,
                due_on=received + dt.timedelta(days=3 if priority == "urgent" else 21), availability=avail,
                channel=str(rng.choice(["bailleur", "mairie", "bouche_a_oreille", "ccas"])),
            ))
    return out
