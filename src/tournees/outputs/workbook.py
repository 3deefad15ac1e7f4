"""``plan.xlsx``, the planner's workbook: a week summary, then one sheet per resource and day.

Cells are typed (numbers, dates, times) so a spreadsheet sorts and sums them; headers are
in the user's language; header rows are frozen, columns sized, pages set for printing
(landscape, one page wide, header repeated). A text that looks like a formula stays text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tournees.i18n import t
from tournees.io.spreadsheet import cell_value, keep_text
from tournees.outputs.folder import PlanFolder, RouteRows
from tournees.outputs.labels import PlaceLabel, TaskLabel, short_date

DAY_COLUMNS = [
    ("docs_x_seq", 5, None),
    ("docs_x_kind", 12, None),
    ("docs_x_arrival", 9, "hh:mm"),
    ("docs_x_start", 9, "hh:mm"),
    ("docs_x_end", 9, "hh:mm"),
    ("docs_x_slot_start", 9, "hh:mm"),
    ("docs_x_slot_end", 9, "hh:mm"),
    ("docs_x_task", 14, None),
    ("docs_x_place", 28, None),
    ("docs_x_address", 36, None),
    ("docs_x_dwelling", 26, None),
    ("docs_x_what", 30, None),
    ("docs_x_on_site", 10, "0"),
    ("docs_x_tariff", 10, "#,##0.00 €"),
    ("docs_x_travel", 10, "0"),
    ("docs_x_km", 9, "0.0"),
]
WEEK_COLUMNS = [
    ("docs_x_resource", 14, None),
    ("docs_x_date", 12, "dd/mm/yyyy"),
    ("docs_x_leave", 9, "hh:mm"),
    ("docs_x_back", 9, "hh:mm"),
    ("docs_x_visits", 9, "0"),
    ("docs_x_hours_on_site", 12, "0.00"),
    ("docs_x_driving_min", 12, "0"),
    ("docs_x_km", 9, "0.0"),
]
def _time(stamp: str) -> dt.time | None:
    return dt.datetime.fromisoformat(stamp).time() if stamp else None


def _sheet_name(label: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", cell_value(label))[:31]
    name, k = base, 2
    while name in used:
        name, k = f"{base[:28]}~{k}", k + 1
    used.add(name)
    return name


def _header(ws: Any, columns: list[tuple[str, int, str | None]], lang: str | None, row: int = 1) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for c, (key, width, _) in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=c, value=t(key, lang))
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(c)].width = width


def _put(ws: Any, row: int, columns: list[tuple[str, int, str | None]], values: list[Any]) -> None:
    for c, ((_, _, fmt), value) in enumerate(zip(columns, values, strict=True), start=1):
        cell = ws.cell(row=row, column=c, value=cell_value(value))
        if fmt and value is not None and not isinstance(value, str):
            cell.number_format = fmt


def _print_setup(ws: Any, header_rows: int = 1) -> None:
    ws.freeze_panes = ws.cell(row=header_rows + 1, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{header_rows}"


def _day_rows(
    route: RouteRows, places: Mapping[str, PlaceLabel], tasks: Mapping[str, TaskLabel], lang: str | None
) -> list[list[Any]]:
    rows = []
    n = 0
    for r in route.rows:
        place = places.get(r["location_id"], PlaceLabel(r["location_id"]))
        task = tasks.get(r["task_id"])
        is_stop = r["kind"] in ("visit", "session")
        n += is_stop
        minutes = round(
            (dt.datetime.fromisoformat(r["end"]) - dt.datetime.fromisoformat(r["start"])).total_seconds() / 60
        )
        what = (
            (task.what if task else t("docs_session", lang) if r["kind"] == "session" else t("docs_stop", lang))
            if is_stop
            else ""
        )
        rows.append(
            [
                n if is_stop else None,
                t(f"docs_kind_{r['kind']}", lang),
                _time(r["arrival"]),
                _time(r["start"]),
                _time(r["end"]),
                _time(r["slot_start"]),
                _time(r["slot_end"]),
                r["task_id"],
                place.name if r["location_id"] else "",
                place.address if r["location_id"] else "",
                task.dwelling if task else "",
                what,
                minutes if is_stop else None,
                task.tariff_eur if task and is_stop else None,
                round(int(r["travel_s_from_prev"] or 0) / 60),
                round(int(r["distance_m_from_prev"] or 0) / 1000, 1),
            ]
        )
    return rows


def write_workbook(
    folder: PlanFolder, places: Mapping[str, PlaceLabel], tasks: Mapping[str, TaskLabel], *, lang: str | None = None
) -> Path:
    """``plan.xlsx`` beside the plan files."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    week = wb.active
    week.title = t("docs_x_week_sheet", lang)[:31]
    _header(week, WEEK_COLUMNS, lang)
    used = {week.title}
    r = 2
    totals = [0, 0.0, 0, 0.0]
    for resource, routes in folder.by_resource().items():
        for route in routes:
            on_site = sum(
                (dt.datetime.fromisoformat(x["end"]) - dt.datetime.fromisoformat(x["start"])).total_seconds()
                for x in route.stops
            )
            driving = sum(int(x["travel_s_from_prev"] or 0) for x in route.rows)
            km = sum(int(x["distance_m_from_prev"] or 0) for x in route.rows) / 1000
            values = [
                resource,
                dt.date.fromisoformat(route.date),
                _time(route.rows[0]["departure"]),
                _time(route.rows[-1]["arrival"]),
                len(route.stops),
                round(on_site / 3600, 2),
                round(driving / 60),
                round(km, 1),
            ]
            _put(week, r, WEEK_COLUMNS, values)
            totals = [
                totals[0] + len(route.stops),
                totals[1] + on_site / 3600,
                totals[2] + round(driving / 60),
                totals[3] + km,
            ]
            r += 1
            day = dt.date.fromisoformat(route.date)
            ws = wb.create_sheet(_sheet_name(f"{resource} {short_date(day, lang)}", used))
            ws.cell(row=1, column=1, value=cell_value(f"{resource} — {short_date(day, lang)}")).font = Font(
                bold=True, size=12
            )
            _header(ws, DAY_COLUMNS, lang, row=2)
            for k, values in enumerate(_day_rows(route, places, tasks, lang), start=3):
                _put(ws, k, DAY_COLUMNS, values)
            _print_setup(ws, header_rows=2)
    _put(
        week,
        r,
        WEEK_COLUMNS,
        [t("docs_x_total", lang), None, None, None, totals[0], round(totals[1], 2), totals[2], round(totals[3], 1)],
    )
    for c in range(1, len(WEEK_COLUMNS) + 1):
        week.cell(row=r, column=c).font = Font(bold=True)
    reasons: dict[str, int] = {}
    for u in folder.unassigned:
        reasons[u["reason_code"]] = reasons.get(u["reason_code"], 0) + 1
    r += 2
    week.cell(row=r, column=1, value=t("docs_x_left_out_by_reason", lang)).font = Font(bold=True)
    for code, count in sorted(reasons.items()):
        r += 1
        week.cell(row=r, column=1, value=code)
        week.cell(row=r, column=2, value=count).number_format = "0"
    _print_setup(week)
    if folder.unassigned:
        ws = wb.create_sheet(t("docs_x_left_out_sheet", lang)[:31])
        cols: list[tuple[str, int, str | None]] = [
            ("docs_x_task", 16, None), ("docs_x_reason_code", 20, None), ("docs_x_reason", 90, None)
        ]
        _header(ws, cols, lang)
        for k, u in enumerate(folder.unassigned, start=2):
            _put(ws, k, cols, [u["task_id"], u["reason_code"], u["reason"]])
        _print_setup(ws)
    out = folder.path / "plan.xlsx"
    keep_text(wb)
    wb.save(out)
    return out
