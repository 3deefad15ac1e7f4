"""Booking a tenant who calls into a planned écrivain week: the free times of the sessions already held,
those the tenant may reach by the travel rule of their mobility (:func:`..rules.trip`) on a half-day
they are available, nearest first.

The sessions stay as planned (the public calendar is not changed by a booking); a session's free
times are the gaps between its appointments, cut into appointments of the request's length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from tournees.db import Database
from tournees.errors import ValidationError
from tournees.model import EcrivainRequest, PlanAppointment, PlanSession, Residence, Tenant, Venue
from tournees.services.common import HALF_DAY_SPLIT, Places
from tournees.services.ecrivain.params import EcrivainOptions
from tournees.services.ecrivain.planner import _halves
from tournees.services.ecrivain.rules import as_array, trip
from tournees.settings import Settings


@dataclass(frozen=True)
class FreeSlot:
    """An appointment the tenant may be given: a session's free time and the tenant's trip to its venue."""

    session_id: str
    venue_id: str
    start: dt.datetime
    end: dt.datetime
    travel_s: int
    mode: str  # voiture, pied (rules.trip)


def _gaps(
    session: PlanSession, booked: Sequence[PlanAppointment], minutes: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The session's free appointments of ``minutes``, between those already booked."""
    length = dt.timedelta(minutes=minutes)
    free, cursor = [], session.start
    for a in sorted(booked, key=lambda a: a.start):
        while cursor + length <= a.start:
            free.append((cursor, cursor + length))
            cursor += length
        cursor = max(cursor, a.end)
    while cursor + length <= session.end:
        free.append((cursor, cursor + length))
        cursor += length
    return free


def free_slots(
    db: Database, settings: Settings, run_id: str, request_id: str, options: EcrivainOptions | None = None
) -> list[FreeSlot]:
    """The free appointments of run ``run_id``'s sessions that suit request ``request_id``, nearest first (then
    earliest). Its own appointment, when it has one, counts as free (moving it)."""
    o = options or EcrivainOptions.from_settings(settings)
    request = next((r for r in db.load(EcrivainRequest) if r.request_id == request_id), None)
    if request is None:
        raise ValidationError(f"demande {request_id} inconnue")
    tenant = next(t for t in db.load(Tenant) if t.tenant_id == request.tenant_id)
    home = next(r for r in db.load(Residence) if r.residence_id == tenant.residence_id)
    if request.home_visit or tenant.mobility == "domicile":
        return []  # a home visit is planned with the writer's rounds, not booked into a session
    sessions = [s for s in db.load(PlanSession) if s.run_id == run_id]
    booked = [a for a in db.load(PlanAppointment) if a.run_id == run_id and a.request_id != request_id]
    venues = {v.venue_id: v for v in db.load(Venue)}
    places = Places()
    places.add(home.residence_id, home.lat, home.lon)
    for s in sessions:
        places.add(s.venue_id, venues[s.venue_id].lat, venues[s.venue_id].lon)
    durations, _, _ = places.matrix(settings)
    _, walk, _ = places.matrix(settings, network="walk")
    walk_m = as_array(walk)
    limit = request.max_travel_min or o.mobility_limit_min.get(tenant.mobility, 20)
    found = []
    for s in sessions:
        half = "am" if s.start.time() < HALF_DAY_SPLIT else "pm"
        if half not in _halves(request.availability, s.start.date()):
            continue
        here, there = places.index(home.residence_id), places.index(s.venue_id)
        way = trip(tenant, venues[s.venue_id], int(durations[here, there]), int(walk_m[here, there]),
                   walk_speed_mps=o.walk_speed_mps, limit_min=limit)
        if not way.allowed:
            continue
        mine = [a for a in booked if a.session_id == s.session_id]
        found += [FreeSlot(s.session_id, s.venue_id, a, b, way.seconds, way.mode)
                  for a, b in _gaps(s, mine, request.appointment_min)]
    return sorted(found, key=lambda f: (f.travel_s, f.start, f.session_id))
