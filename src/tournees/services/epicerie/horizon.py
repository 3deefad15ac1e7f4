"""The épicerie's horizon: the weekly pattern laid over the weeks planned, with the public-holiday rule."""

from __future__ import annotations

import datetime as dt

from tournees.calendar import french_holidays, is_holiday, weekday_code
from tournees.model import Staff
from tournees.model.vocab import WEEKDAYS
from tournees.services.epicerie.area import EpicerieArea
from tournees.services.epicerie.calendar import CalendarResult, Slot, StopSpec, VanSpec
from tournees.services.epicerie.routing import DayRoute

HOLIDAY_RULE = {
    "fr": "Jour férié : la tournée du jour est décalée, aux mêmes heures, au jour sans tournée le plus proche de la "
    "même "
    "semaine (du lundi au samedi, non férié) ; un arrêt dont la commune exclut ce jour (jour interdit ou de marché) "
    "est supprimé cette semaine-là et signalé ; sans jour libre, la tournée est annulée et les communes prévenues.",
    "en": "Public holiday: the day's round moves, at the same times, to the nearest day of the same week without a "
    "round "
    "(Monday to Saturday, not a holiday); a stop whose commune excludes that day (forbidden or market day) is dropped "
    "that week and reported; with no free day, the round is cancelled and the communes told.",
}

Run = tuple[dt.date, int, DayRoute, dt.date]  # (date run, van, route, date planned)
Cancelled = tuple[str, dt.date, str, str]  # (stop, date, code, reason)


def lay_over_horizon(
    t: EpicerieArea,
    cal: CalendarResult,
    routes: dict[Slot, DayRoute],
    by_id: dict[str, StopSpec],
    vans: list[tuple[VanSpec, Staff]],
    mondays: list[dt.date],
) -> tuple[list[Run], list[Cancelled], list[dict[str, str]]]:
    """The rounds run on each date of the horizon, the stops cancelled by holidays, and the holiday moves."""
    runs: list[Run] = []
    cancelled: list[Cancelled] = []
    moves: list[dict[str, str]] = []
    for monday in mondays:
        parity = monday.isocalendar()[1] % 2 if cal.parities == 2 else 0
        taken: set[tuple[int, dt.date]] = set()
        for v, (van, _) in enumerate(vans):
            for d in van.weekdays:
                route = routes.get((v, d, parity))
                if route is None or not route.order:
                    continue
                date = monday + dt.timedelta(days=WEEKDAYS.index(d))
                if not is_holiday(date):
                    runs.append((date, v, route, date))
                    continue
                holiday = french_holidays(date.year)[date]
                free = [
                    monday + dt.timedelta(days=i)
                    for i in range(6)
                    if WEEKDAYS[i] not in van.weekdays
                    and not is_holiday(monday + dt.timedelta(days=i))
                    and (v, monday + dt.timedelta(days=i)) not in taken
                ]
                if not free:
                    cancelled += [
                        (
                            s,
                            date,
                            "holiday",
                            f"{holiday} ({date:%d/%m}) : tournée annulée, aucun jour libre dans la semaine",
                        )
                        for s in route.order
                    ]
                    moves.append({"date": date.isoformat(), "van": van.van_id, "holiday": holiday, "moved_to": ""})
                    continue
                target = min(free, key=lambda x: (abs((x - date).days), -x.toordinal()))
                taken.add((v, target))
                code = weekday_code(target)
                keep = [s for s in route.order if _commune_allows(t, by_id[s], code)]
                for s in route.order:
                    if s not in keep:
                        cancelled.append(
                            (
                                s,
                                date,
                                "holiday",
                                f"{holiday} ({date:%d/%m}) : tournée décalée au {target:%d/%m}, "
                                "jour que la commune exclut ; passage supprimé cette semaine",
                            )
                        )
                moves.append(
                    {"date": date.isoformat(), "van": van.van_id, "holiday": holiday, "moved_to": target.isoformat()}
                )
                runs.append((target, v, DayRoute(route.slot, keep, route.starts), date))
    return runs, cancelled, moves


def _commune_allows(t: EpicerieArea, spec: StopSpec, code: str) -> bool:
    return code not in t.communes[spec.insee_code].excluded_days and code != "dim"
