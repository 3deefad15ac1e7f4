"""Printable route sheets: per resource a cover page for the week, then one page per day.

Each day lists its steps in driving order, the lunch break in its place: whom and where
(request id, address, building, staircase, floor, door, access notes), the task, the
announced slot, the tariff, and a small map of the streets (drawn from the road network:
it prints and works offline). The call-ahead phone of a tenant who agreed to it is written
only on that technician's own sheet (``with_phone``), never on the all-resources sheet.
Table rows are never split across pages.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from tournees.i18n import t
from tournees.i18n.numbers import number_text
from tournees.outputs.escape import html_attr, html_text
from tournees.outputs.folder import PlanFolder, RouteRows
from tournees.outputs.labels import PlaceLabel, TaskLabel, long_date
from tournees.outputs.publish import PRINT_CSS

Line = Sequence[tuple[float, float]]
SHEET_CSS = (
    PRINT_CSS
    + """
body { font-size: 10pt; line-height: 1.3; margin: 1em; }
h1 { font-size: 14pt; margin: 0 0 .3em; } h2 { font-size: 12pt; margin: .6em 0 .3em; }
.sheet, .cover { break-before: page; page-break-before: always; }
body > section:first-child { break-before: auto; page-break-before: auto; }
table { font-size: 9pt; table-layout: fixed; width: 100%; } th, td { padding: .15em .35em; overflow-wrap: anywhere; }
col.n { width: 2.2em; } col.when { width: 7em; } col.where { width: 40%; } col.task { width: 25%; }
td { line-height: 1.25; }
tr { break-inside: avoid; page-break-inside: avoid; } thead { display: table-header-group; }
td.n { text-align: center; font-weight: bold; } td.when b { font-size: 11pt; }
tr.break td, tr.depot td { background: #f2f2f2; } .slot, .small { font-size: 8.5pt; color: #333; }
.phone { font-weight: bold; }
.totals { margin-top: .4em; font-weight: bold; } ul.appointments { margin: .2em 0 0 1em; padding: 0; }
svg.minimap { display: block; width: 100%; max-width: 17cm; height: 5.2cm; border: 1px solid #999; margin: .3em 0; }
.phone a { color: inherit; white-space: nowrap; }
@page { size: A4; margin: 1cm; }
@media print { body { margin: 0; } .phone a { text-decoration: none; } }
/* A phone (390 px): the fixed five columns would leave the notes a few pixels wide (one letter per line).
   Each step becomes a card: number and time on a line, then where, task and notes at full width; the
   week's table shows each day as a card with its figures labelled. Print keeps the table. */
@media screen and (max-width: 640px) {
  body { margin: .5em; }
  table.steps, table.steps tbody, table.week, table.week tbody { display: block; width: auto; }
  table.steps thead, table.week thead, table.steps colgroup { display: none; }
  table.steps tr { display: grid; grid-template-columns: 2.4em 1fr; border: 1px solid #999; margin-top: -1px; }
  table.steps td { border: none; overflow-wrap: break-word; }
  table.steps td:not(.n):not(.when) { grid-column: 2; }
  table.steps td:empty { display: none; }
  table.week tr { display: grid; grid-template-columns: repeat(3, 1fr); border: 1px solid #999; margin-top: -1px; }
  table.week td { border: none; overflow-wrap: break-word; }
  table.week td:first-child { grid-column: 1 / -1; font-weight: bold; }
  table.week td[data-label]::before { content: attr(data-label); display: block; font-size: 8pt; color: #555; }
}
"""
)
COVER_COLUMNS = ("docs_col_date", "docs_col_leave", "docs_col_first", "docs_col_back", "docs_col_visits",
                 "docs_col_driving", "docs_col_km")
LABEL_R, MIN_GAP = 9, 20  # radius of a number's disc and the least distance between two numbers, in SVG units


def minimap_svg(
    line: Line,
    stops: Line,
    *,
    depot: tuple[float, float] | None = None,
    streets: Sequence[Line] = (),
    colour: str = "#1f77b4",
    label: str = "",
) -> str:
    """An SVG of the route over the streets (equirectangular, north up): depot, numbered stops that never overlap."""
    points = list(line) + list(stops) + ([depot] if depot else [])
    if not points:
        return ""
    lat0 = sum(p[0] for p in points) / len(points)
    kx = math.cos(math.radians(lat0))
    xs, ys = [p[1] * kx for p in points], [-p[0] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span = max(x1 - x0, y1 - y0, 1e-4)
    w, h, pad = 640, 240, 24
    scale = min((w - 2 * pad) / max(x1 - x0, span * 0.2), (h - 2 * pad) / max(y1 - y0, span * 0.2))
    ox, oy = (w - (x1 - x0) * scale) / 2, (h - (y1 - y0) * scale) / 2  # centred

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return ox + (p[1] * kx - x0) * scale, oy + (-p[0] - y0) * scale

    def d(pts: Line) -> str:
        return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, pts))

    roads = " ".join(d(s) for s in streets if len(s) > 1)
    parts = [f"<rect width='{w}' height='{h}' fill='#fafafa'/>"]
    if roads:
        parts.append(f"<path class='streets' d='{roads}' fill='none' stroke='#c8c8c8' stroke-width='1.2'/>")
    if len(line) > 1:
        parts.append(
            f"<path class='route' d='{d(line)}' fill='none' stroke='{colour}' stroke-width='3' stroke-opacity='.85'/>"
        )
    placed: list[tuple[float, float]] = []
    if depot:
        dx, dy = xy(depot)
        placed.append((dx, dy))
        parts.append(
            f"<rect class='depot' x='{dx - 9:.1f}' y='{dy - 9:.1f}' width='18' height='18' fill='#333' stroke='#fff'/>"
            f"<text x='{dx:.1f}' y='{dy + 4:.1f}' font-size='11' text-anchor='middle' fill='#fff'"
            " font-family='Arial'>D</text>"
        )
    for n, (x, y) in enumerate(map(xy, stops), start=1):
        cx, cy = _free_spot(x, y, placed, w, h)
        placed.append((cx, cy))
        if (cx, cy) != (x, y):  # moved aside: a leader line to the true place
            parts.append(
                f"<line x1='{x:.1f}' y1='{y:.1f}' x2='{cx:.1f}' y2='{cy:.1f}' stroke='#555' stroke-width='1'/>"
                f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2.5' fill='#555'/>"
            )
        parts.append(
            f"<circle class='num' cx='{cx:.1f}' cy='{cy:.1f}' r='{LABEL_R}' fill='{colour}' stroke='#fff'/>"
            f"<text x='{cx:.1f}' y='{cy + 4:.1f}' font-size='11' text-anchor='middle' fill='#fff'"
            f" font-family='Arial'>{n}</text>"
        )
    return (
        f"<svg class='minimap' viewBox='0 0 {w} {h}' xmlns='http://www.w3.org/2000/svg' role='img'"
        f" aria-label='{html_text(label)}'>"
        + "".join(parts)
        + "</svg>"
    )


def _free_spot(x: float, y: float, placed: Sequence[tuple[float, float]], w: int, h: int) -> tuple[float, float]:
    """The place itself when free, else the nearest spot on rings around it that keeps every number apart."""

    def free(cx: float, cy: float) -> bool:
        return (
            LABEL_R <= cx <= w - LABEL_R
            and LABEL_R <= cy <= h - LABEL_R
            and all((cx - px) ** 2 + (cy - py) ** 2 >= MIN_GAP**2 for px, py in placed)
        )

    if free(x, y):
        return x, y
    for radius in range(22, 200, 12):
        count = max(8, int(2 * math.pi * radius / MIN_GAP))
        for k in range(count):
            a = -math.pi / 2 + 2 * math.pi * k / count
            cx, cy = x + radius * math.cos(a), y + radius * math.sin(a)
            if free(cx, cy):
                return cx, cy
    return x, y


def _hm(stamp: str | dt.datetime, lang: str | None) -> str:
    if not stamp:
        return ""
    moment = stamp if isinstance(stamp, dt.datetime) else dt.datetime.fromisoformat(stamp)
    return t("docs_hm", lang, h=f"{moment:%H}", m=f"{moment:%M}")


def leaves_at(route: RouteRows) -> dt.datetime:
    """When the day really starts: not before the shift, and no earlier than the first visit needs.

    A break taken at the base before the first visit (lunch before an afternoon session) comes
    before leaving: the resource leaves after it, in time for the first visit.
    """
    start = dt.datetime.fromisoformat(route.rows[0]["departure"])
    k = 1
    while k < len(route.rows) and route.rows[k]["kind"] == "break":
        start = max(start, dt.datetime.fromisoformat(route.rows[k]["end"]))
        k += 1
    first = route.rows[k] if k < len(route.rows) else None
    if first is None or first["kind"] not in ("visit", "session"):
        return start
    drive = sum(int(r["travel_s_from_prev"] or 0) for r in route.rows[1 : k + 1])  # a break may carry the drive
    need = dt.datetime.fromisoformat(first["arrival"]) - dt.timedelta(seconds=drive)
    return max(start, need)


def in_order(route: RouteRows) -> list[dict[str, str]]:
    """The route's rows as the day goes: breaks taken at the base before leaving come before the start."""
    k = 1
    while k < len(route.rows) and route.rows[k]["kind"] == "break":
        k += 1
    return [*route.rows[1:k], route.rows[0], *route.rows[k:]]


def _call_ahead(phone: str, lang: str | None) -> str:
    """The call-ahead line: the number stays whole on one line and dials from a phone (``tel:`` link)."""
    dial = "".join(c for c in phone if c.isdigit() or c == "+")
    number = f"<a href='tel:{html_attr(dial)}'>{html_text(phone)}</a>" if dial else html_text(phone)
    return f"<span class='phone'>{html_text(t('docs_call_ahead', lang))} : {number}</span>"


def _money(value: float, lang: str | None) -> str:
    return t("docs_eur", lang, amount=number_text(value, 2, lang))


def _who_where(row: dict[str, str], place: PlaceLabel, task: TaskLabel | None, lang: str | None) -> str:
    head = (
        f"<b>{html_text(row['task_id'])}</b> · {html_text(place.name)}"
        if row["task_id"] and row["kind"] == "visit"
        else f"<b>{html_text(place.name)}</b>"
    )
    lines = [f"{head} — {html_text(place.address)}"]
    access = "; ".join(x for x in (place.access, task.access if task else "") if x)
    flat = [html_text(task.dwelling)] if task and task.dwelling else []
    if access:
        flat.append(f"<i>{html_text(t('docs_access', lang))} : {html_text(access)}</i>")
    if flat:
        lines.append(" · ".join(flat))
    return "<br>".join(lines)


def _task_cell(
    row: dict[str, str],
    task: TaskLabel | None,
    appointments: Sequence[Mapping[str, str]],
    tasks: Mapping[str, TaskLabel],
    lang: str | None,
) -> str:
    minutes = (dt.datetime.fromisoformat(row["end"]) - dt.datetime.fromisoformat(row["start"])).seconds // 60
    if row["kind"] == "session":
        items = []
        for a in appointments:
            info = tasks.get(a["request_id"])
            items.append(
                f"<li>{_hm(a['start'], lang)} · <b>{html_text(a['request_id'])}</b>"
                + (f" · {html_text(info.motive)} — {html_text(t('docs_bring', lang))} : {html_text(info.bring)}" if info else "")
                + "</li>"
            )
        booked = t("docs_session_booked", lang, n=len(appointments))
        return f"{html_text(t('docs_session', lang))} · {minutes} min<br>{html_text(booked)}" + (
            f"<ul class='appointments'>{''.join(items)}</ul>" if items else ""
        )
    what = task.what if task else t("docs_stop", lang)
    bits = [html_text(what), f"{minutes} min"]
    if task and task.tariff_eur is not None:
        bits.append(html_text(_money(task.tariff_eur, lang)))
    text = " · ".join(bits)
    if task and task.motive:
        text += f"<br>{html_text(task.motive)} — {html_text(t('docs_bring', lang))} : {html_text(task.bring)}"
    return text


def route_sheet(
    folder: PlanFolder,
    route: RouteRows,
    line: Line,
    places: Mapping[str, PlaceLabel],
    tasks: Mapping[str, TaskLabel],
    *,
    streets: Sequence[Line] = (),
    with_phone: bool = False,
    title: str | None = None,
    lang: str | None = None,
) -> str:
    """One day of one resource, on one page for a normal day (``title``: the service's name)."""
    by_session: dict[str, list[dict[str, str]]] = {}
    for a in sorted(folder.appointments, key=lambda a: a["start"]):
        by_session.setdefault(a["session_id"], []).append(a)
    body, n = [], 0
    leave = leaves_at(route)
    started = False  # breaks before leaving are taken at the base (see in_order)
    for row in in_order(route):
        place = places.get(row["location_id"], PlaceLabel(row["location_id"]))
        started |= row["kind"] == "start"
        if row["kind"] == "start":
            body.append(
                f"<tr class='depot'><td class='n'>D</td><td class='when'>{_hm(leave, lang)}</td>"
                f"<td colspan='3'>{html_text(t('docs_leave', lang))} : <b>{html_text(place.name)}</b> <span"
                f" class='small'>{html_text(place.address)}</span></td></tr>"
            )
        elif row["kind"] == "end":
            body.append(
                f"<tr class='depot'><td class='n'>D</td><td class='when'>{_hm(row['arrival'], lang)}</td>"
                f"<td colspan='3'>{html_text(t('docs_back', lang))} : <b>{html_text(place.name)}</b></td></tr>"
            )
        elif row["kind"] == "break":
            # a break waiting at the next place says when the resource got there: « arrivée 11:34 à …, pause 12:00–13:00 »
            arrived = (
                html_text(t("docs_arrive_at", lang, time=_hm(row["arrival"], lang), place=place.name)) + " · "
                if started and row["location_id"] and row["arrival"] < row["start"]
                else ""
            )
            body.append(
                f"<tr class='break'><td class='n'>–</td><td class='when'>{_hm(row['start'], lang)}<br>"
                f"<span class='slot'>{html_text(t('docs_until', lang))} {_hm(row['end'], lang)}</span></td>"
                f"<td colspan='3'>{arrived}{html_text(t('docs_lunch', lang))}</td></tr>"
            )
        else:
            n += 1
            task = tasks.get(row["task_id"])
            slot = (
                f"<br><span class='slot'>{_hm(row['slot_start'], lang)}–{_hm(row['slot_end'], lang)}</span>"
                if row["slot_start"]
                else ""
            )
            notes = [html_text(task.notes)] if task and task.notes else []
            if with_phone and task and task.phone:
                notes.append(_call_ahead(task.phone, lang))
            body.append(
                f"<tr><td class='n'>{n}</td><td class='when'><b>{_hm(row['start'], lang)}</b>{slot}</td>"
                f"<td>{_who_where(row, place, task, lang)}</td>"
                f"<td>{_task_cell(row, task, by_session.get(row['task_id'], []), tasks, lang)}</td>"
                f"<td>{'<br>'.join(notes)}</td></tr>"
            )
    driving = sum(int(r["travel_s_from_prev"] or 0) for r in route.rows)
    km = sum(int(r["distance_m_from_prev"] or 0) for r in route.rows) / 1000
    on_site = (
        sum((dt.datetime.fromisoformat(r["end"]) - dt.datetime.fromisoformat(r["start"])).seconds for r in route.stops)
        // 60
    )
    start, end = route.rows[0], route.rows[-1]
    depot = (float(start["lat"]), float(start["lon"])) if start["lat"] else None
    stops = [(float(r["lat"]), float(r["lon"])) for r in route.stops]
    day = long_date(dt.date.fromisoformat(route.date), lang)
    heading = f"{title or t('docs_plan', lang)} — {route.resource_id} — {day}"
    summary = t(
        "docs_day_summary",
        lang,
        leave=_hm(leave, lang),
        back=_hm(end["arrival"], lang),
        n=len(route.stops),
        on_site=on_site,
        driving=driving // 60,
        km=number_text(km, 1, lang),
    )
    head = "".join(
        f"<th>{html_text(t(k, lang))}</th>"
        for k in ("docs_col_n", "docs_col_when_slot", "docs_col_where", "docs_col_task", "docs_col_notes")
    )
    return (
        f"<section class='sheet' data-resource='{html_text(route.resource_id)}' data-date='{html_text(route.date)}'>"
        f"<h1>{html_text(heading)}</h1>"
        f"<p>{html_text(summary)}</p>{minimap_svg(line, stops, depot=depot, streets=streets, label=t('docs_minimap', lang))}"
        "<table class='steps'><colgroup><col class='n'><col class='when'><col class='where'><col class='task'><col></colgroup>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<p class='note'>{html_text(t('docs_osm_credit', lang))}</p></section>"
    )


def cover_page(
    folder: PlanFolder, resource: str, routes: Sequence[RouteRows], *, title: str | None = None, lang: str | None = None
) -> str:
    """The week of one resource at a glance: each day's start, return, visits and driving."""
    rows = []
    for route in routes:
        driving = sum(int(r["travel_s_from_prev"] or 0) for r in route.rows) // 60
        km = sum(int(r["distance_m_from_prev"] or 0) for r in route.rows) / 1000
        first = route.stops[0] if route.stops else None
        cells = [
            html_text(long_date(dt.date.fromisoformat(route.date), lang)),
            _hm(leaves_at(route), lang),
            _hm(first["start"], lang) if first else "",
            _hm(route.rows[-1]["arrival"], lang),
            str(len(route.stops)),
            f"{driving} min",
            f"{number_text(km, 1, lang)} km",
        ]
        # data-label: on a phone each day is a card whose figures carry their column's name
        rows.append(
            "<tr>"
            + "".join(
                f"<td data-label='{html_attr(t(k, lang))}'>{c}</td>" if k != COVER_COLUMNS[0] else f"<td>{c}</td>"
                for k, c in zip(COVER_COLUMNS, cells, strict=True)
            )
            + "</tr>"
        )
    head = "".join(f"<th>{html_text(t(k, lang))}</th>" for k in COVER_COLUMNS)
    days = [dt.date.fromisoformat(r.date) for r in routes]
    heading = f"{title or t('docs_plan', lang)} — {resource}"
    period = t("docs_period", lang, start=long_date(days[0], lang), end=long_date(days[-1], lang)) if days else ""
    return (
        f"<section class='cover' data-resource='{html_text(resource)}'><h1>{html_text(heading)}</h1><p>{html_text(period)}</p>"
        f"<table class='week'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p class='note'>{html_text(t('docs_cover_note', lang))}</p></section>"
    )


def sheets_page(
    folder: PlanFolder,
    lines: Mapping[tuple[str, str], Line],
    places: Mapping[str, PlaceLabel],
    tasks: Mapping[str, TaskLabel],
    *,
    streets: Mapping[tuple[str, str], Sequence[Line]] | None = None,
    resource: str | None = None,
    title: str | None = None,
    lang: str | None = None,
) -> str:
    """The sheets of every resource (no phone), or of one resource with its call-ahead phones."""
    parts = []
    for res, routes in folder.by_resource().items():
        if resource is not None and res != resource:
            continue
        parts.append(cover_page(folder, res, routes, title=title, lang=lang))
        parts += [
            route_sheet(
                folder,
                r,
                lines.get((r.resource_id, r.date), []),
                places,
                tasks,
                streets=(streets or {}).get((r.resource_id, r.date), ()),
                with_phone=resource is not None,
                title=title,
                lang=lang,
            )
            for r in routes
        ]
    page_title = t("docs_sheets_title", lang) + (f" — {resource}" if resource else "")
    return (
        f"<!doctype html><html lang='{html_text(lang or 'fr')}'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{html_text(page_title)}</title>"
        f"<style>{SHEET_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def chromium() -> str | None:
    return next(
        (p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), shutil.which("google-chrome")) if p),
        None,
    )


def html_to_pdf(page: Path, pdf: Path, *, timeout_s: float = 120) -> Path:
    """Print ``page`` to ``pdf`` with headless Chromium (Debian package ``chromium``)."""
    browser = chromium()
    if browser is None:
        raise RuntimeError(
            "Chromium introuvable : installez le paquet Debian « chromium » pour produire les PDF "
            "(les feuilles HTML s'impriment aussi depuis un navigateur)"
        )
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf.resolve()}",
            page.resolve().as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout_s)
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"{pdf} : Chromium n'a pas produit de PDF")
    return pdf
