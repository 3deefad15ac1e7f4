import datetime as dt

import pytest

from tournees.calendar import add_working_days, easter, french_holidays, parse_week, working_days
from tournees.errors import ValidationError


def test_easter_and_holidays() -> None:
    assert easter(2026) == dt.date(2026, 4, 5)
    assert easter(2027) == dt.date(2027, 3, 28)
    days = french_holidays(2026)
    assert len(days) == 11
    assert days[dt.date(2026, 5, 14)] == "Ascension" and days[dt.date(2026, 5, 25)] == "Lundi de Pentecôte"


def test_weeks_and_working_days() -> None:
    assert parse_week("2026-W48") == dt.date(2026, 11, 23)
    with pytest.raises(ValidationError, match="AAAA-Wnn"):
        parse_week("semaine 48")
    with pytest.raises(ValidationError, match="pas de semaine 54"):
        parse_week("2026-W54")
    # 11 November 2026 is a Wednesday and a holiday
    assert working_days(dt.date(2026, 11, 9), dt.date(2026, 11, 13)) == [dt.date(2026, 11, d) for d in (9, 10, 12, 13)]
    assert add_working_days(dt.date(2026, 11, 10), 1) == dt.date(2026, 11, 12)
