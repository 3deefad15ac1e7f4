"""Progress lines of the planners for the user, in their language."""

from __future__ import annotations

from collections.abc import Callable

from tournees.i18n import t


def cost_progress(say: Callable[[str], None] | None, lang: str) -> Callable[[float, int], None] | None:
    """The engine's (seconds, best cost) reports as lines (cost with spaces between thousands)."""
    if say is None:
        return None

    def show(seconds: float, cost: int) -> None:
        say(t("best_cost", lang, cost=f"{cost:,}".replace(",", " "), t=seconds))

    return show
