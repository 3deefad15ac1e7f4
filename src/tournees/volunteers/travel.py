"""Travel times from volunteers' homes to seniors' residences, by car and on foot, on the road network.

Only this module sees the exact times; what leaves it is a band (:mod:`.bands`) or a ranking.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tournees.errors import NetworkError
from tournees.i18n import t
from tournees.network.roads import UNREACHABLE, Place
from tournees.network.select import choose_file, network_from
from tournees.settings import Settings

log = logging.getLogger(__name__)
NETWORK = {"voiture": "drive", "pied": "walk"}


@dataclass
class Times:
    """Seconds from each volunteer to each senior, per mode; a mode a volunteer does not use is absent."""

    volunteers: list[str]
    seniors: list[str]
    by_mode: dict[str, np.ndarray] = field(default_factory=dict)  # mode -> (volunteers × seniors) seconds
    modes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # volunteer -> modes they travel by

    def best(self, volunteer: str, senior: str) -> tuple[int, str | None]:
        """The fastest of the volunteer's modes: (seconds, mode); (UNREACHABLE, None) when no path."""
        i, j = self.volunteers.index(volunteer), self.seniors.index(senior)
        options = [(int(self.by_mode[m][i, j]), m) for m in sorted(self.modes[volunteer]) if m in self.by_mode]
        options = [o for o in options if o[0] < UNREACHABLE]
        return min(options) if options else (UNREACHABLE, None)

    def best_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """(seconds, mode index in ``sorted(by_mode)``) of the fastest mode of every pair."""
        names = sorted(self.by_mode)
        stack = np.stack(
            [
                np.where(np.array([m in self.modes[v] for v in self.volunteers])[:, None], self.by_mode[m], UNREACHABLE)
                for m in names
            ]
        )
        return stack.min(axis=0), stack.argmin(axis=0)


def road_times(
    settings: Settings,
    volunteers: Sequence[tuple[str, float, float, tuple[str, ...]]],
    seniors: Sequence[tuple[str, float, float]],
) -> Times:
    """Times from ``volunteers`` (id, lat, lon, modes) to ``seniors`` (id, lat, lon) on the road networks.

    Places are grouped by the road file that holds them (a landlord may have residences in two regions):
    a pair on two files, or a place on none, is unreachable. No error names a place's coordinates.
    """
    times = Times([v[0] for v in volunteers], [s[0] for s in seniors], modes={v[0]: v[3] for v in volunteers})
    # prefixed ids: a volunteer and a tenant may share an id, and the matrix makes a place's time to itself 0
    origins = [Place(f"v:{v}", lat, lon) for v, lat, lon, _ in volunteers]
    targets = [Place(f"s:{s}", lat, lon) for s, lat, lon in seniors]
    files = _files(settings, origins + targets)
    for mode, network in NETWORK.items():
        full = np.full((len(origins), len(targets)), UNREACHABLE, dtype=np.int64)
        for path in sorted({f for f in files.values() if f is not None}):
            users = [o for o, v in zip(origins, volunteers, strict=True) if mode in v[3] and files[o.id] == path]
            near = [p for p in targets if files[p.id] == path]
            if not users or not near:
                continue
            roads = network_from(settings, users + near, path, network=network)
            matrix = roads.matrix(roads.snap(users), roads.snap(near))
            rows = [times.volunteers.index(p.id[2:]) for p in users]
            cols = [times.seniors.index(p.id[2:]) for p in near]
            full[np.ix_(rows, cols)] = matrix.durations
            log.info("temps de trajet %s : %d bénévole(s) × %d senior(s)", mode, len(users), len(near))  # no place
        if any(mode in v[3] for v in volunteers):
            times.by_mode[mode] = full
    return times


def _files(settings: Settings, places: Sequence[Place]) -> dict[str, Path | None]:
    """The road file of each place (None: on no declared file); one place at a time, so they may differ."""
    found: dict[str, Path | None] = {}
    for place in places:
        try:
            found[place.id] = choose_file(settings, [place])
        except NetworkError:  # its message gives coordinates: a volunteer's home must not reach any output
            found[place.id] = None
    if not any(found.values()):
        raise NetworkError(t("vol_no_network", None))
    return found
