"""The exception family of tournees.

Every error a planner can act on subclasses a built-in and carries a message that
names the object, the field and the rule. The CLI maps them to exit codes: input
problems exit 2, anything else 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class TourneesError(Exception):
    """Base class of every error raised on purpose by tournees."""


class ValidationError(TourneesError, ValueError):
    """A domain object or an input value breaks a rule."""


@dataclass(frozen=True)
class Finding:
    """One broken rule in an input, located as precisely as the input allows.

    ``row`` counts like a spreadsheet: the header is row 1, the first data row 2.
    ``rule`` is a stable code (see :mod:`tournees.i18n`), ``params`` fill its text.
    """

    file: str
    row: int | None
    column: str | None
    rule: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "fr") -> str:
        from tournees.i18n import problem_text

        return problem_text(self, lang)


class InputError(TourneesError, ValueError):
    """An input file or folder has problems; nothing was written."""

    def __init__(self, problems: Sequence[Finding], lang: str = "fr") -> None:
        self.problems = list(problems)
        self.lang = lang
        super().__init__(self.render(lang))

    def render(self, lang: str = "fr", limit: int | None = None) -> str:
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [p.message(lang) for p in shown]
        if limit is not None and len(self.problems) > limit:
            rest = len(self.problems) - limit
            lines.append(f"… (+{rest})")
        return "\n".join(lines)


class DatabaseError(TourneesError, RuntimeError):
    """The database cannot be opened, is too new, or is inconsistent."""


class NetworkError(TourneesError, ValueError):
    """A road network file cannot be read or a point cannot be placed on it."""


class DataFolderError(TourneesError, FileNotFoundError):
    """The shared data folder (OpenStreetMap extracts, communes) is missing."""
