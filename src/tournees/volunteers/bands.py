"""Travel time as a band: the only form in which a volunteer's distance to a senior is ever shown."""

from __future__ import annotations

from tournees.i18n import t

EDGES_MIN = (5, 10, 20, 30, 45, 60)  # band limits; a time exactly on a limit belongs to the band above


def band(seconds: int, lang: str | None = None) -> str:
    """« moins de 5 min », « 5 à 10 min », …, « plus de 60 min »."""
    minutes = seconds / 60
    if minutes < EDGES_MIN[0]:
        return t("band_lt", lang, hi=EDGES_MIN[0])
    for lo, hi in zip(EDGES_MIN, EDGES_MIN[1:], strict=False):
        if minutes < hi:
            return t("band_range", lang, lo=lo, hi=hi)
    return t("band_gt", lang, lo=EDGES_MIN[-1])
