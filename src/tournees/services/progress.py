"""Progress lines of the planners for the user, in their language."""

from __future__ import annotations

import time
from collections.abc import Callable

from tournees.i18n import t


def cost_progress(say: Callable[[str], None] | None, lang: str) -> Callable[[float, int], None] | None:
    """The engine's (seconds, best cost) reports as lines (cost with spaces between thousands).

    A planner may solve several times (a second solve for requests that found no place on their
    preferred day), each solve timing and ranking its own costs: the lines keep one clock from
    the first report and show only a cost lower than every one shown before, so the best cost
    never seems to rise nor the time to go back.
    """
    if say is None:
        return None
    best: int | None = None
    start: float | None = None

    def show(seconds: float, cost: int) -> None:
        nonlocal best, start
        now = time.monotonic()
        if start is None:
            start = now - seconds
        if best is not None and cost >= best:
            return
        best = cost
        say(t("best_cost", lang, cost=f"{cost:,}".replace(",", " "), t=now - start))

    return show
