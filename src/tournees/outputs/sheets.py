"""Printable route sheets in French: one page per resource and day, with a small map drawn inline.

Order, place and address, announced slot, task, time on site, the notes the visit needs,
totals. The small map is an SVG of the road path (no tiles: it prints and works offline).
No name, birth date, GIR or phone number is ever written.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from tournees.outputs.folder import PlanFolder, RouteRows
from tournees.outputs.labels import PlaceLabel, TaskLabel
from tournees.outputs.publish import PRINT_CSS, french_date

SHEET_CSS = PRINT_CSS + """
.sheet { page-break-after: always; } .sheet:last-child { page-break-after: auto; }
.sheet table { font-size: 11pt; } .sheet td.n { text-align: center; font-weight: bold; width: 2em; }
.totals { margin-top: .6em; font-weight: bold; } svg.minimap { width: 100%; max-width: 16cm; height: 7cm; border: 1px solid #999; }
@page { size: A4; margin: 1.2cm; }
"""
SERVICE_TITLE = {"bricolage": "Bricol'âge", "ecrivain": "Écrivain numérique", "epicerie": "Épicerie mobile"}


def minimap_svg(line: Sequence[tuple[float, float]], stops: Sequence[tuple[float, float]], colour: str = "#1f77b4") -> str:
    """An SVG of the route (equirectangular, north up) with numbered stops."""
    points = list(line) + list(stops)
    if not points:
        return ""
    import math

    lat0 = sum(p[0] for p in points) / len(points)
    kx = math.cos(math.radians(lat0))
    xs, ys = [p[1] * kx for p in points], [-p[0] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span = max(x1 - x0, y1 - y0, 1e-4)
    w, h, pad = 600, 260, 18
    scale = min((w - 2 * pad) / max(x1 - x0, span * 0.2), (h - 2 * pad) / max(y1 - y0, span * 0.2))

    def xy(p: tuple[float, float]) -> tuple[float, float]:
        return pad + (p[1] * kx - x0) * scale, pad + (-p[0] - y0) * scale

    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, line))
    marks = "".join(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='9' fill='{colour}' stroke='#fff'/><text x='{x:.1f}' y='{y + 4:.1f}' "
                    f"font-size='11' text-anchor='middle' fill='#fff' font-family='Arial'>{n}</text>"
                    for n, (x, y) in enumerate(map(xy, stops), start=1))
    return (f"<svg class='minimap' viewBox='0 0 {w} {h}' xmlns='http://www.w3.org/2000/svg' role='img' aria-label='plan de la tournée'>"
            f"<polyline points='{path}' fill='none' stroke='{colour}' stroke-width='3' stroke-opacity='.8'/>{marks}</svg>")


def _hm(stamp: str) -> str:
    return stamp[11:16].replace(":", " h ") if stamp else ""


def route_sheet(folder: PlanFolder, route: RouteRows, line: Sequence[tuple[float, float]], places: Mapping[str, PlaceLabel],
                tasks: Mapping[str, TaskLabel]) -> str:
    rows = []
    for n, row in enumerate(route.stops, start=1):
        place = places.get(row["location_id"], PlaceLabel(row["location_id"]))
        task = tasks.get(row["task_id"])
        what = task.what if task else ("Permanence" if row["kind"] == "session" else "Arrêt")
        slot = f"{_hm(row['slot_start'])} – {_hm(row['slot_end'])}" if row["slot_start"] else ""
        on_site = (dt.datetime.fromisoformat(row["end"]) - dt.datetime.fromisoformat(row["start"])).seconds // 60
        rows.append(f"<tr><td class='n'>{n}</td><td>{html.escape(place.name)}<br><small>{html.escape(place.address)}</small></td>"
                    f"<td>{_hm(row['start'])}<br><small>{slot}</small></td><td>{html.escape(what)}</td><td>{on_site} min</td>"
                    f"<td>{html.escape(task.notes if task else '')}</td></tr>")
    breaks = [r for r in route.rows if r["kind"] == "break"]
    pause = "".join(f"<p>Pause : {_hm(b['start'])} – {_hm(b['end'])}</p>" for b in breaks)
    driving = sum(int(r["travel_s_from_prev"] or 0) for r in route.rows)
    km = sum(int(r["distance_m_from_prev"] or 0) for r in route.rows) / 1000
    start, end = route.rows[0], route.rows[-1]
    day = dt.date.fromisoformat(route.date)
    stops = [(float(r["lat"]), float(r["lon"])) for r in route.stops]
    title = f"{SERVICE_TITLE.get(folder.service, folder.service)} — {route.resource_id} — {french_date(day)}"
    return (f"<section class='sheet'><h1>{html.escape(title)}</h1>"
            f"<p>Départ {_hm(start['departure'])} de {html.escape(places.get(start['location_id'], PlaceLabel(start['location_id'])).name)}, "
            f"retour vers {_hm(end['arrival'])}.</p>{minimap_svg(line, stops)}"
            "<table><thead><tr><th>N°</th><th>Lieu et adresse</th><th>Heure prévue<br><small>créneau annoncé</small></th>"
            "<th>Tâche</th><th>Sur place</th><th>Consignes</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            f"{pause}<p class='totals'>{len(route.stops)} arrêt(s) ; conduite {driving // 60} min, {km:.1f} km.</p>"
            "<p class='note'>Fond de plan : réseau routier © OpenStreetMap contributors.</p></section>")


def sheets_page(folder: PlanFolder, lines: Mapping[tuple[str, str], Sequence[tuple[float, float]]], places: Mapping[str, PlaceLabel],
                tasks: Mapping[str, TaskLabel]) -> str:
    body = "".join(route_sheet(folder, r, lines.get((r.resource_id, r.date), []), places, tasks) for r in folder.routes)
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Feuilles de route</title><style>{SHEET_CSS}</style></head><body>{body}</body></html>")


def chromium() -> str | None:
    return next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), shutil.which("google-chrome")) if p), None)


def html_to_pdf(page: Path, pdf: Path, *, timeout_s: float = 120) -> Path:
    """Print ``page`` to ``pdf`` with headless Chromium (Debian package ``chromium``)."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("Chromium introuvable : installez le paquet Debian « chromium » pour produire les PDF "
                           "(les feuilles HTML s'impriment aussi depuis un navigateur)")
    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf.resolve()}", page.resolve().as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout_s)
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"{pdf} : Chromium n'a pas produit de PDF")
    return pdf
