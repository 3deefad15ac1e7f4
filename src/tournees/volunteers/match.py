"""Rank the available volunteers for one senior by travel time (a band is all that is shown)."""

from __future__ import annotations

from dataclasses import dataclass

from tournees.volunteers.bands import band
from tournees.volunteers.travel import Times


@dataclass(frozen=True)
class Match:
    """A volunteer for a senior: rank, travel mode (voiture, pied) and the band of the trip."""

    rank: int
    volunteer_id: str
    mode: str
    band: str


def rank(times: Times, senior: str, limits_s: dict[str, int], lang: str | None = None) -> list[Match]:
    """The volunteers of ``times`` who reach ``senior`` within their own limit, nearest first (ties by id)."""
    reachable = []
    for volunteer in times.volunteers:
        seconds, mode = times.best(volunteer, senior)
        if mode is not None and seconds <= limits_s[volunteer]:
            reachable.append((seconds, volunteer, mode))
    reachable.sort()
    return [Match(i + 1, v, mode, band(s, lang)) for i, (s, v, mode) in enumerate(reachable)]
