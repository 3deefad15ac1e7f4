"""Who may be asked and who is concerned: available volunteers, isolated or fragile seniors."""

from __future__ import annotations

import datetime as dt

from tournees.calendar import weekday_code
from tournees.model import Tenant, Volunteer

FRAGILE_GIR = 4  # GIR 1 to 4: dependent (APA); used to choose, never shown
HOUSEBOUND = ("fauteuil", "domicile")


def available(volunteer: Volunteer, situation: str, day: dt.date | None) -> bool:
    """Consent and charter signed, the situation accepted, and free on ``day`` (any day when None)."""
    if not volunteer.can_be_called or situation not in volunteer.situations:
        return False
    if day is None or not volunteer.availability:
        return True
    code = weekday_code(day)
    return any(slot == code or slot.startswith(f"{code}-") for slot in volunteer.availability)


def fragile(tenant: Tenant) -> bool:
    """Isolated, dependent (GIR 1 to 4) or housebound: the seniors a campaign must reach."""
    return tenant.isolated or (tenant.gir is not None and tenant.gir <= FRAGILE_GIR) or tenant.mobility in HOUSEBOUND
