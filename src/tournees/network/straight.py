"""Straight-line travel estimates, for when no road network is available.

Only on request, never as a silent fallback: the matrix says ``estimated=True`` and
every output built on it must say the times are estimates. Distance is the
great-circle distance (as geopy's ``great_circle``) times a detour factor.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from tournees.geo import EARTH_RADIUS_M
from tournees.network.roads import Matrix, Place

log = logging.getLogger(__name__)


def straight_line_matrix(places: Sequence[Place], destinations: Sequence[Place] | None = None, *,
                         detour: float = 1.3, speed_kph: float = 40.0) -> Matrix:
    """Estimated times (s) and distances (m): great circle × ``detour`` at ``speed_kph``."""
    if detour < 1 or speed_kph <= 0:
        raise ValueError(f"detour ≥ 1 et speed_kph > 0 attendus (reçus {detour}, {speed_kph})")
    dest = list(places if destinations is None else destinations)
    lat1 = np.radians([p.lat for p in places])[:, None]
    lon1 = np.radians([p.lon for p in places])[:, None]
    lat2 = np.radians([p.lat for p in dest])[None, :]
    lon2 = np.radians([p.lon for p in dest])[None, :]
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    metres = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a)) * detour
    seconds = metres / (speed_kph / 3.6)
    log.warning("temps de parcours ESTIMÉS à vol d'oiseau (détour ×%.2f, %.0f km/h) : pas de réseau routier", detour, speed_kph)
    return Matrix([p.id for p in places], [p.id for p in dest], np.rint(seconds).astype(np.int64),
                  np.rint(metres).astype(np.int64), [], estimated=True)
