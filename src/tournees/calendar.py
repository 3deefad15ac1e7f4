"""Working calendar: ISO weeks, French public holidays, working days."""

from __future__ import annotations

import datetime as dt
import re

from tournees.errors import ValidationError
from tournees.model.vocab import WEEKDAYS

# The half-day rule shared by every service (fiche 7 and 10 availabilities « -am »/« -pm », sessions, absences):
HALF_DAY_SPLIT = dt.time(12, 0)  # clock time: mornings end; a session starting from then on is an afternoon one
AFTERNOON = dt.time(13, 30)  # clock time: afternoons start, after lunch


def easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def french_holidays(year: int) -> dict[dt.date, str]:
    """The eleven public holidays of metropolitan France (jours fériés)."""
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Jour de l'an",
        e + dt.timedelta(days=1): "Lundi de Pâques",
        dt.date(year, 5, 1): "Fête du Travail",
        dt.date(year, 5, 8): "Victoire 1945",
        e + dt.timedelta(days=39): "Ascension",
        e + dt.timedelta(days=50): "Lundi de Pentecôte",
        dt.date(year, 7, 14): "Fête nationale",
        dt.date(year, 8, 15): "Assomption",
        dt.date(year, 11, 1): "Toussaint",
        dt.date(year, 11, 11): "Armistice 1918",
        dt.date(year, 12, 25): "Noël",
    }


def is_holiday(day: dt.date) -> bool:
    return day in french_holidays(day.year)


def parse_week(text: str) -> dt.date:
    """The Monday of an ISO week written ``2026-W48``."""
    m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text.strip(), flags=re.IGNORECASE)
    if not m:
        raise ValidationError(f"semaine « {text} » : format attendu AAAA-Wnn, par exemple 2026-W48")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        return dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationError(f"semaine « {text} » : l'année {year} n'a pas de semaine {week}") from None


def weekday_code(day: dt.date) -> str:
    """``lun`` … ``dim``."""
    return WEEKDAYS[day.weekday()]


def working_days(start: dt.date, end: dt.date, weekdays: tuple[str, ...] = WEEKDAYS[:5]) -> list[dt.date]:
    """Days from ``start`` to ``end`` inclusive that are in ``weekdays`` and not holidays."""
    days = []
    day = start
    while day <= end:
        if weekday_code(day) in weekdays and not is_holiday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def add_working_days(day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day (Monday to Friday, no holiday) after ``day``."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and not is_holiday(day):
            n -= 1
    return day
