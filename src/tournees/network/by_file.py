"""Travel times between places that may lie on different road files (a landlord with residences in two regions).

Each place goes with the first road file that holds it; times are computed file by file, and a pair on two
files, or a place on none, is unreachable. Errors never repeat a place's coordinates (a volunteer's home).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tournees.errors import NetworkError
from tournees.network.roads import UNREACHABLE, Place
from tournees.network.select import choose_file, network_from
from tournees.settings import Settings

log = logging.getLogger(__name__)


def file_of(settings: Settings, places: Sequence[Place]) -> dict[str, Path | None]:
    """The road file of each place (None: on no declared file); one place at a time, so they may differ."""
    found: dict[str, Path | None] = {}
    for place in places:
        try:
            found[place.id] = choose_file(settings, [place])
        except NetworkError:  # its message names coordinates: the caller says what is missing, by id only
            found[place.id] = None
    return found


def times_by_file(
    settings: Settings, origins: Sequence[Place], targets: Sequence[Place], *, network: str = "drive"
) -> np.ndarray:
    """Seconds from each origin to each target (:data:`UNREACHABLE` across files or off every network).

    Origin and target ids must differ (a place's time to itself is 0 in a matrix).
    """
    files = file_of(settings, [*origins, *targets])
    full = np.full((len(origins), len(targets)), UNREACHABLE, dtype=np.int64)
    for path in sorted({f for f in files.values() if f is not None}):
        rows = [i for i, p in enumerate(origins) if files[p.id] == path]
        cols = [j for j, p in enumerate(targets) if files[p.id] == path]
        if not rows or not cols:
            continue
        mine, theirs = [origins[i] for i in rows], [targets[j] for j in cols]
        roads = network_from(settings, [*mine, *theirs], path, network=network)
        full[np.ix_(rows, cols)] = roads.matrix(roads.snap(mine), roads.snap(theirs)).durations
        log.info("temps de trajet (%s) : %d × %d lieux sur %s", network, len(rows), len(cols), path.name)
    return full
