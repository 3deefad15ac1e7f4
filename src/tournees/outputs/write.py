"""All the documents of a plan folder: map, the service's own documents, route sheets (HTML, PDF), workbook.

Outputs sit below the services: the caller passes the service's title and its extra-documents hook.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from tournees.db import Database
from tournees.io.spreadsheet import keep_text
from tournees.network.roads import RoadNetwork
from tournees.outputs.folder import PlanFolder
from tournees.outputs.labels import place_labels, task_labels
from tournees.outputs.maps import offline_html, plan_map, route_lines
from tournees.outputs.sheets import html_to_pdf, sheets_page
from tournees.settings import Settings

log = logging.getLogger(__name__)


def write_workbook(folder: Path) -> Path:
    """``plan.xlsx``: the visits and the tasks left out, one sheet each, for a spreadsheet."""
    import pandas as pd

    out = folder / "plan.xlsx"
    with pd.ExcelWriter(out, engine="openpyxl") as xl:
        for name, sheet in (("visits.csv", "tournees"), ("unassigned.csv", "non_planifie"), ("calendrier_communes.csv", "calendrier"),
                            ("appointments.csv", "rendez_vous")):
            if (folder / name).exists():
                pd.read_csv(folder / name, dtype=str, keep_default_na=False).to_excel(xl, sheet_name=sheet, index=False)
        keep_text(xl.book)  # security: formula-like texts (names, reasons) stay text
    return out


def write_outputs(folder: str | Path, db: Database, settings: Settings, area: tuple[str, ...] | None, *, title: str | None = None,
                  extra: Callable[[PlanFolder, bool], dict[str, Path]] | None = None, pdf: bool = True,
                  tiles: bool = True) -> dict[str, Path]:
    """Write the documents beside the plan files; return them by kind.

    ``title`` names the service on the map and sheets (its code when absent); ``extra(plan, tiles)``
    writes the service's own documents (e.g. the grocery's public map) and returns them by kind.
    """
    path = Path(folder)
    plan = PlanFolder.read(path)
    roads = None
    if area is not None:
        try:
            roads = RoadNetwork.from_file(settings.road_file(*area), cache_dir=settings.cache_dir)
        except Exception as exc:  # a map with straight legs is better than none
            log.warning("réseau routier indisponible pour les cartes (%s) : tracés en ligne droite", exc)
    lines = route_lines(plan, roads)
    places, tasks = place_labels(db), task_labels(db)
    name = title or plan.service
    written: dict[str, Path] = {}
    written["map"] = path / "carte.html"
    written["map"].write_text(offline_html(plan_map(plan, lines, places, tasks, title=f"{name} : tournées", tiles=tiles)),
                              encoding="utf-8")
    if extra is not None:
        written |= extra(plan, tiles)
    written["sheets"] = path / "feuilles_de_route.html"
    written["sheets"].write_text(sheets_page(plan, lines, places, tasks, title=name), encoding="utf-8")
    if pdf:
        try:
            written["pdf"] = html_to_pdf(written["sheets"], path / "feuilles_de_route.pdf")
        except (RuntimeError, OSError) as exc:
            log.warning("%s", exc)
    written["workbook"] = write_workbook(path)
    return written
