"""French default speeds by road class, used where ``maxspeed`` is not tagged, and the drive filter.

Sources (Code de la route, Légifrance):
- R413-2: outside built-up areas 80 km/h on two-way roads without a central separator
  (décret 2018-487), 110 km/h on dual carriageways (trunk), 130 km/h on motorways;
- R413-3: 50 km/h inside built-up areas (residential, tertiary and unclassified streets are
  taken as urban: most of a landlord's residences are);
- R110-2: "zone de rencontre" (living_street) 20 km/h; car parks and service lanes at
  walking-to-parking pace, 20 km/h.
Links (slip roads) are slower than their road. These are limits, not speeds reached: the
matrix is optimistic in town, which the announced slots absorb with their late margin.
"""

from __future__ import annotations

import math
import re
from typing import Any

# km/h.
DRIVE_KPH: dict[str, float] = {
    "motorway": 130, "motorway_link": 70, "trunk": 110, "trunk_link": 60,
    "primary": 80, "primary_link": 50, "secondary": 80, "secondary_link": 50,
    "tertiary": 50, "tertiary_link": 40, "unclassified": 50, "residential": 50,
    "living_street": 20, "service": 20, "road": 50,
}
DRIVE_CLASSES = frozenset(DRIVE_KPH)  # footway, path, cycleway, pedestrian, steps, track… are not driven
# ``service=*`` lanes a van does not drive through to reach a door (OSMnx's drive filter excludes the same).
NO_DRIVE_SERVICE = frozenset({"parking", "parking_aisle", "driveway", "private", "emergency_access", "alley"})
NO_WALK_CLASSES = frozenset({"motorway", "motorway_link", "trunk", "trunk_link", "construction", "proposed", "raceway", "busway"})
WALK_KPH = 4.5  # a senior's pace is slower still: coverage rules state their own distance too
SENIOR_WALK_MPS = 1.0  # m/s: a senior's walking pace, the one the planners use (écrivain trips, épicerie reach)

# Implicit limits tagged as ``maxspeed=FR:…`` (OSM wiki, "Default speed limits", France).
FR_IMPLICIT = {"fr:urban": 50.0, "fr:rural": 80.0, "fr:trunk": 110.0, "fr:motorway": 130.0, "fr:zone30": 30.0,
               "fr:walk": 6.0, "fr:living_street": 20.0, "fr:zone20": 20.0}


def maxspeed_kph(value: Any) -> Any:
    """A ``maxspeed`` tag as a number OSMnx reads (a list stays a list); None when unreadable."""
    if isinstance(value, list):
        parsed = [v for v in (maxspeed_kph(x) for x in value) if v is not None]
        return parsed or None
    if isinstance(value, int | float):
        return None if math.isnan(value) else str(value)
    text = str(value).strip().lower()
    if text in FR_IMPLICIT:
        return str(FR_IMPLICIT[text])
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(mph)?", text)
    if not match:
        return None
    kph = float(match.group(1)) * (1.609344 if match.group(2) else 1.0)
    return str(round(kph, 1))
