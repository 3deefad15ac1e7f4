"""All the documents of a plan folder: map, public map (grocery), route sheets (HTML, PDF), workbook."""

from __future__ import annotations

import logging
from pathlib import Path

from tournees.db import Database
from tournees.network.roads import Place
from tournees.network.select import network_for
from tournees.outputs.folder import PlanFolder
from tournees.outputs.labels import place_labels, task_labels
from tournees.outputs.maps import offline_html, plan_map, public_grocery_map, route_lines
from tournees.outputs.sheets import html_to_pdf, sheets_page
from tournees.settings import Settings

log = logging.getLogger(__name__)
TITLES = {"bricolage": "Bricol'âge : tournées", "ecrivain": "Écrivain numérique : tournées", "epicerie": "Épicerie mobile : tournées"}


def write_workbook(folder: Path) -> Path:
    """``plan.xlsx``: the visits and the tasks left out, one sheet each, for a spreadsheet."""
    import pandas as pd

    out = folder / "plan.xlsx"
    with pd.ExcelWriter(out, engine="openpyxl") as xl:
        for name, sheet in (("visits.csv", "tournees"), ("unassigned.csv", "non_planifie"), ("calendrier_communes.csv", "calendrier"),
                            ("appointments.csv", "rendez_vous")):
            if (folder / name).exists():
                pd.read_csv(folder / name, dtype=str, keep_default_na=False).to_excel(xl, sheet_name=sheet, index=False)
    return out


def write_outputs(folder: str | Path, db: Database, settings: Settings, *, pdf: bool = True, roads: bool = True,
                  tiles: bool = True) -> dict[str, Path]:
    """Write the documents beside the plan files; return them by kind.

    Road paths come from the road file (settings ``roads``) that holds the plan's places."""
    path = Path(folder)
    plan = PlanFolder.read(path)
    network = None
    located = sorted({(r["location_id"], float(r["lat"]), float(r["lon"])) for route in plan.routes for r in route.rows
                      if r["location_id"] and r["lat"]})
    if roads and located:
        try:
            network = network_for(settings, [Place(*row) for row in located])
        except Exception as exc:  # a map with straight legs is better than none
            log.warning("réseau routier indisponible pour les cartes (%s) : tracés en ligne droite", exc)
    lines = route_lines(plan, network)
    places, tasks = place_labels(db), task_labels(db)
    written: dict[str, Path] = {}
    written["map"] = path / "carte.html"
    written["map"].write_text(offline_html(plan_map(plan, lines, places, tasks, title=TITLES.get(plan.service, plan.service), tiles=tiles)),
                              encoding="utf-8")
    if plan.service == "epicerie" and "calendar" in plan.plan:  # the public pattern the planner wrote in plan.json
        written["public_map"] = path / "carte_publique.html"
        written["public_map"].write_text(offline_html(public_grocery_map(plan.plan["calendar"], title="Épicerie mobile : où et quand",
                                                                         tiles=tiles)), encoding="utf-8")
    written["sheets"] = path / "feuilles_de_route.html"
    written["sheets"].write_text(sheets_page(plan, lines, places, tasks), encoding="utf-8")
    if pdf:
        try:
            written["pdf"] = html_to_pdf(written["sheets"], path / "feuilles_de_route.pdf")
        except (RuntimeError, OSError) as exc:
            log.warning("%s", exc)
    written["workbook"] = write_workbook(path)
    return written
