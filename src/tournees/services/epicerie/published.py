"""A published grocery calendar, locked: the stops, days and times of the latest stored plan of an
earlier period, so that re-planning the next period keeps what the communes were told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tournees.calendar import weekday_code
from tournees.model import PlanningRun, PlanStep

Slot = tuple[int, str, int]  # (van index, weekday, parity)


def published_pattern(runs: Sequence[PlanningRun], steps: Sequence[PlanStep], before: dt.date, van_ids: Sequence[str],
                      parities: int) -> dict[Slot, dict[str, int]]:
    """Per calendar slot, the published stops and their start (seconds of the day), from the latest
    épicerie plan starting before ``before``, or published and starting in that week (empty when there is
    none). A stop's day is its planned date (``STOP@date``), not the date a holiday moved it to."""
    # an earlier period's plan, or one of this very period that was published (re-planning it keeps what it told)
    earlier = [r for r in runs if r.service == "epicerie"
               and (r.horizon_start < before
                    or (r.horizon_start < before + dt.timedelta(days=7) and r.status == "published"))]
    if not earlier:
        return {}
    last = max(earlier, key=lambda r: (r.horizon_start, r.created_at, r.run_id))
    pattern: dict[Slot, dict[str, int]] = {}
    for s in steps:
        if s.run_id != last.run_id or s.kind != "visit" or not s.task_id or "@" not in s.task_id or s.start is None:
            continue
        stop, planned = s.task_id.split("@", 1)
        day = dt.date.fromisoformat(planned)
        if s.resource_id not in van_ids:
            continue
        parity = day.isocalendar()[1] % 2 if parities == 2 else 0
        start = s.start.hour * 3600 + s.start.minute * 60
        pattern.setdefault((list(van_ids).index(s.resource_id), weekday_code(day), parity), {})[stop] = start
    return pattern
