"""Absences of staff and vehicles: leave, sickness, training, a van at the garage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tournees.model.fields import Issue, Record, col, issue
from tournees.model.programme import id_col
from tournees.model.vocab import ABSENCE_PARTS, ABSENCE_REASONS

# The half-days an absence takes, per ``part`` (the clock times are the shared half-day rule of the planners).
HALVES: dict[str, frozenset[str]] = {
    "jour": frozenset({"am", "pm"}),
    "matin": frozenset({"am"}),
    "apres-midi": frozenset({"pm"}),
}


@dataclass(kw_only=True)
class Absence(Record):
    """A staff member or a vehicle away from ``first_day`` to ``last_day`` (included), all day or half of each day."""

    table: ClassVar[str] = "absences"
    label_fr: ClassVar[str] = "absences"
    label_en: ClassVar[str] = "absences"

    # a staff member's or a vehicle's id (no foreign key: it may be either; the import checks it exists)
    resource_id: str = id_col(
        "personne (staff_id) ou véhicule (vehicle_id) absent", "staff member (staff_id) or vehicle (vehicle_id) away",
        "TECH-1", key=True,
    )
    first_day: dt.date = col("premier jour d'absence", "first day away", example="2026-11-25", key=True)
    last_day: dt.date = col("dernier jour d'absence (inclus)", "last day away (included)", example="2026-11-25")
    part: str = col(
        "partie de chaque jour : jour (toute la journée), matin (absent le matin, au travail à partir de 13:30), "
        "apres-midi (absent à partir de 12:00) ; la demi-journée travaillée n'a pas de pause déjeuner",
        "part of each day: jour (all day), matin (away in the morning, at work from 13:30), "
        "apres-midi (away from 12:00); the half-day worked has no lunch break",
        example="jour", choices=ABSENCE_PARTS, default="jour", key=True,
    )
    # sickness is health data: never repeated in a message, a log or a document
    reason: str = col(
        "motif : conge, maladie, formation, entretien (véhicule), autre",
        "reason: conge (leave), maladie (sickness), formation (training), entretien (vehicle upkeep), autre (other)",
        example="conge", choices=ABSENCE_REASONS, default="autre", sensitive=True,
    )

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        first, last = values.get("first_day"), values.get("last_day")
        if first is not None and last is not None and last < first:
            return [issue("last_day", "absence_last_before_first", first=first, last=last)]
        return []

    def covers(self, day: dt.date) -> frozenset[str]:
        """The half-days (``am``, ``pm``) this absence takes on ``day``."""
        return HALVES[self.part] if self.first_day <= day <= self.last_day else frozenset()

    def overlaps(self, other: Absence) -> bool:
        """Same resource, a day in common and a half-day in common."""
        same_days = self.first_day <= other.last_day and other.first_day <= self.last_day
        return self.resource_id == other.resource_id and same_days and bool(HALVES[self.part] & HALVES[other.part])

    def span(self) -> str:
        """« 2026-11-25 → 2026-11-26, matin », as the file writes it: never the reason (it may be health data)."""
        return f"{self.first_day.isoformat()} → {self.last_day.isoformat()}, {self.part}"
