"""The contract every service planner keeps, so the CLI, the demo and the outputs need not name services.

A service is one subpackage under :mod:`tournees.services` with a :class:`Service` subclass
registered in :mod:`tournees.services.registry`. The CLI builds ``tournees plan <code>`` from
it, the demo plans every registered service, the plan folder's documents get its title and
its extra documents, ``tournees check`` its extra folder checks, the summary its lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from tournees.db import Database
from tournees.outputs.folder import PlanFolder
from tournees.outputs.write import DocumentContext
from tournees.settings import Settings


@dataclass(frozen=True)
class PlanRequest:
    """What ``tournees plan <service>`` (or the demo) asks of a service."""

    db: Database
    settings: Settings
    week: str  # ISO week label of the first week, e.g. 2026-W48
    monday: dt.date  # its Monday
    out: Path  # the plan folder to write
    weeks: int = 4  # weeks planned (services with a horizon)
    time_limit_s: float = 20.0
    seed: int = 0
    options: Mapping[str, Any] = field(default_factory=dict)  # the service's own command-line options
    progress: Callable[[str], None] | None = None  # progress lines for the user


@dataclass
class PlanOutcome:
    """A plan written: its folder, its summary line, and what else to tell the user."""

    folder: Path
    summary: str
    notes: list[str] = field(default_factory=list)  # extra lines printed after the documents
    result: Any = None  # the planner's result; its ``run_id`` is set once the folder is in place and the run stored


# who the service reached (fiche indicators every service reports), before its own tables
AUDIENCE_INDICATORS = ("beneficiaires", "public_age", "public_sexe", "public_qpv", "public_commune")


class Service:
    """One mobile service. Subclasses set the class attributes and implement :meth:`plan`."""

    code: ClassVar[str]  # the ``service`` value in the records and plan folders
    titles: ClassVar[Mapping[str, str]]  # {"fr": …, "en": …}
    params_type: ClassVar[type | None] = None  # its typed parameters (services/<code>/params.py)
    indicators: ClassVar[tuple[str, ...]] = ()  # indicator tables that concern it (tournees.indicators.TITLES keys)
    horizon_weeks: ClassVar[bool] = False  # plans several weeks (``--weeks``) rather than one
    needs_week: ClassVar[bool] = True  # ``--week`` required outside the demo
    replannable: ClassVar[bool] = False  # ``tournees replan`` applies
    check_files: ClassVar[tuple[str, ...]] = ()  # files of its plan folders that ``check_folder`` reads

    def title(self, lang: str) -> str:
        return self.titles.get(lang, self.titles["fr"])

    def plan(self, request: PlanRequest) -> PlanOutcome:
        raise NotImplementedError

    def replan(self, request: PlanRequest) -> PlanOutcome:
        raise NotImplementedError

    def extra_documents(self, plan: PlanFolder, context: DocumentContext) -> dict[str, Path]:
        """Documents beside the map for this service (e.g. a public map), by kind; none by default."""
        return {}

    def check_folder(self, folder: Path) -> list[str]:
        """Problems with this service's own files of a plan folder, beyond the shared checks."""
        return []

    def retimed(self, folder: Path, lang: str) -> None:
        """Bring this service's own files of a re-timed plan folder up to date with its visits (before its
        documents and manifest are written again); nothing by default."""

    def summary_lines(self, db: Database, lang: str) -> list[str]:
        """Lines of ``tournees summary`` about this service's demand and means."""
        return []

    def demo_step(self, week: str, lang: str) -> str:
        """The demo's progress line while it plans this service."""
        return self.title(lang)

    def demo_files(self, lang: str) -> str:
        """What the demo says this service's plan folder holds."""
        return self.title(lang)
