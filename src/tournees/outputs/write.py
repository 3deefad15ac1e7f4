"""All the documents of a plan folder: map, public map (grocery), route sheets (HTML, PDF), workbook."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from tournees.db import Database
from tournees.i18n import t
from tournees.network.roads import RoadNetwork
from tournees.outputs.folder import PlanFolder
from tournees.outputs.labels import place_labels, task_labels
from tournees.outputs.maps import offline_html, plan_map, public_grocery_map, route_lines
from tournees.outputs.sheets import html_to_pdf, sheets_page
from tournees.outputs.streets import bbox_of, edge_lines, named_streets
from tournees.outputs.workbook import write_workbook
from tournees.settings import Settings

log = logging.getLogger(__name__)
TITLES = {"bricolage": "docs_map_bricolage", "ecrivain": "docs_map_ecrivain", "epicerie": "docs_map_epicerie"}


def sheet_file(resource: str) -> str:
    """The file name of one resource's own route sheets (with its call-ahead phones)."""
    return "feuille_" + re.sub(r"[^A-Za-z0-9_-]+", "_", resource) + ".html"


def write_outputs(
    folder: str | Path,
    db: Database,
    settings: Settings,
    area: tuple[str, ...] | None,
    *,
    pdf: bool = True,
    tiles: bool = True,
    lang: str | None = None,
) -> dict[str, Path]:
    """Write the documents beside the plan files; return them by kind.

    ``feuilles_de_route.html`` holds every resource's sheets without any phone (for the
    office); ``feuille_<resource>.html`` is each resource's own copy, with the call-ahead
    phones of tenants who agreed to be called.
    """
    lang = lang or settings.lang
    path = Path(folder)
    plan = PlanFolder.read(path)
    roads, road_file = None, None
    if area is not None:
        road_file = settings.road_file(*area)
        try:
            roads = RoadNetwork.from_file(road_file, cache_dir=settings.cache_dir)
        except Exception as exc:  # a map with straight legs is better than none
            log.warning("réseau routier indisponible pour les cartes (%s) : tracés en ligne droite", exc)
    lines = route_lines(plan, roads)
    places, tasks = place_labels(db), task_labels(db, lang)
    every = [p for line in lines.values() for p in line] + [
        (float(r["lat"]), float(r["lon"])) for route in plan.routes for r in route.rows if r["lat"]
    ]
    box = bbox_of(every)
    streets: dict[str, list[list[tuple[float, float]]]] = {}
    if roads is not None and road_file is not None and box is not None:
        try:
            streets = named_streets(road_file, settings.cache_dir, box)
        except Exception as exc:  # the background is a comfort: the routes show without it
            log.warning("noms de rues indisponibles pour le fond de carte (%s)", exc)
        if not streets:  # a road file without street names: the streets still show, unnamed
            streets = {"": edge_lines(roads, box)}
    day_streets = {}
    if roads is not None:
        for key, line in lines.items():
            small = bbox_of(list(line), margin=0.1)
            if small is not None:
                day_streets[key] = edge_lines(roads, small)
    written: dict[str, Path] = {}
    written["map"] = path / "carte.html"
    title = t(TITLES.get(plan.service, "docs_plan"), lang)
    written["map"].write_text(
        offline_html(plan_map(plan, lines, places, tasks, title=title, tiles=tiles, streets=streets, lang=lang)),
        encoding="utf-8",
    )
    if plan.service == "epicerie" and "calendar" in plan.plan:  # the public pattern the planner wrote in plan.json
        written["public_map"] = path / "carte_publique.html"
        written["public_map"].write_text(
            offline_html(
                public_grocery_map(
                    plan.plan["calendar"], title=t("docs_public_map", lang), tiles=tiles, streets=streets, lang=lang
                )
            ),
            encoding="utf-8",
        )
    written["sheets"] = path / "feuilles_de_route.html"
    written["sheets"].write_text(
        sheets_page(plan, lines, places, tasks, streets=day_streets, lang=lang), encoding="utf-8"
    )
    for resource in plan.by_resource():
        own = path / sheet_file(resource)
        own.write_text(
            sheets_page(plan, lines, places, tasks, streets=day_streets, resource=resource, lang=lang), encoding="utf-8"
        )
        written[f"sheet:{resource}"] = own
    if pdf:
        try:
            written["pdf"] = html_to_pdf(written["sheets"], path / "feuilles_de_route.pdf")
        except (RuntimeError, OSError) as exc:
            log.warning("%s", exc)
    written["workbook"] = write_workbook(plan, places, tasks, lang=lang)
    if plan.service == "ecrivain":
        from tournees.outputs.letters import write_calendar, write_letters

        write_calendar(path, db, lang=lang)
        written["calendar"] = path / "permanences.html"
        written["letters"] = write_letters(path, db, lang=lang)
    return written
