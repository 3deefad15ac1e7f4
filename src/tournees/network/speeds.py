"""French default speeds by road class, used where ``maxspeed`` is not tagged."""

from __future__ import annotations

# km/h. Built-up roads 50, departmental roads 80, expressways 110, motorways 130.
DRIVE_KPH: dict[str, float] = {
    "motorway": 130, "motorway_link": 70, "trunk": 110, "trunk_link": 60,
    "primary": 80, "primary_link": 50, "secondary": 80, "secondary_link": 50,
    "tertiary": 50, "tertiary_link": 40, "unclassified": 50, "residential": 50,
    "living_street": 20, "service": 20, "road": 50,
}
DRIVE_CLASSES = frozenset(DRIVE_KPH)
NO_WALK_CLASSES = frozenset({"motorway", "motorway_link", "trunk", "trunk_link", "construction", "proposed", "raceway", "busway"})
WALK_KPH = 4.5  # a senior's pace is slower still: coverage rules state their own distance too
SENIOR_WALK_MPS = 1.0  # m/s: a senior's walking pace, the one the planners use (écrivain trips, épicerie reach)
