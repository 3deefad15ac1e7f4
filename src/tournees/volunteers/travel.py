"""Travel times from volunteers' homes to seniors' residences, by car and on foot, on the road network.

Only this module sees the exact times; what leaves it is a band (:mod:`.bands`) or a ranking.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from tournees.errors import NetworkError
from tournees.i18n import t
from tournees.network.by_file import file_of, times_by_file
from tournees.network.roads import UNREACHABLE, Place
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
    """Times from ``volunteers`` (id, lat, lon, modes) to ``seniors`` (id, lat, lon) on the road networks;
    a pair on two road files, or a place on none, is unreachable."""
    times = Times([v[0] for v in volunteers], [s[0] for s in seniors], modes={v[0]: v[3] for v in volunteers})
    # prefixed ids: a volunteer and a tenant may share an id, and the matrix makes a place's time to itself 0
    origins = [Place(f"v:{v}", lat, lon) for v, lat, lon, _ in volunteers]
    targets = [Place(f"s:{s}", lat, lon) for s, lat, lon in seniors]
    if not any(file_of(settings, [*origins, *targets]).values()):
        raise NetworkError(t("vol_no_network", None))
    for mode, network in NETWORK.items():
        users = [i for i, v in enumerate(volunteers) if mode in v[3]]
        if not users:
            continue
        full = np.full((len(origins), len(targets)), UNREACHABLE, dtype=np.int64)
        full[users, :] = times_by_file(settings, [origins[i] for i in users], targets, network=network)
        times.by_mode[mode] = full
        log.info("temps de trajet %s : %d bénévole(s) × %d senior(s)", mode, len(users), len(targets))  # no place
    return times
