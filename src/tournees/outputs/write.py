"""All the documents of a plan folder: map, public map (grocery), route sheets (HTML, PDF), workbook."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tournees.db import Database
from tournees.i18n import t
from tournees.network.roads import Place, RoadNetwork
from tournees.network.select import choose_file, network_from
from tournees.outputs.folder import PlanFolder
from tournees.outputs.labels import place_labels, task_labels
from tournees.outputs.maps import offline_html, plan_map, route_lines
from tournees.outputs.sheets import html_to_pdf, sheets_page
from tournees.outputs.streets import bbox_of, edge_lines, named_streets
from tournees.outputs.workbook import write_workbook
from tournees.settings import Settings

log = logging.getLogger(__name__)
Streets = dict[str, list[list[tuple[float, float]]]]  # street name -> its polylines (lat, lon)


@dataclass(frozen=True)
class DocumentContext:
    """What a service's own documents (its ``extra_documents`` hook) are written with."""

    db: Database
    tiles: bool  # OSM tiles under the offline street background
    lang: str
    streets: Streets  # the named streets of the plan's area, for map backgrounds


ExtraDocuments = Callable[[PlanFolder, DocumentContext], dict[str, Path]]


def sheet_file(resource: str) -> str:
    """The file name of one resource's own route sheets (with its call-ahead phones)."""
    return "feuille_" + re.sub(r"[^A-Za-z0-9_-]+", "_", resource) + ".html"


def _drop_stale_documents(path: Path, sheets: set[str]) -> None:
    """Remove this folder's documents of an earlier plan that the new one does not write again.

    A resource left without visits keeps no ``feuille_<resource>.html`` (with the phones of
    tenants it no longer visits), and no PDF of earlier sheets stays when none is printed now.
    """
    for old in path.glob("feuille_*.html"):
        if old.name not in sheets:
            old.unlink()
    (path / "feuilles_de_route.pdf").unlink(missing_ok=True)


def write_outputs(
    folder: str | Path,
    db: Database,
    settings: Settings,
    *,
    title: str | None = None,
    extra: ExtraDocuments | None = None,
    pdf: bool = True,
    roads: bool = True,
    tiles: bool = True,
    lang: str | None = None,
) -> dict[str, Path]:
    """Write the documents beside the plan files; return them by kind.

    ``title`` names the service on the map and sheets; ``extra(plan, context)`` writes the
    service's own documents (the grocery's public map, the writer's calendar and letters).

    ``feuilles_de_route.html`` holds every resource's sheets without any phone (for the
    office); ``feuille_<resource>.html`` is each resource's own copy, with the call-ahead
    phones of tenants who agreed to be called. Road paths and streets come from the road file
    (settings ``roads``) that holds the plan's places; ``roads=False`` draws straight legs.
    """
    lang = lang or settings.lang
    path = Path(folder)
    plan = PlanFolder.read(path)
    network: RoadNetwork | None = None
    road_file: Path | None = None
    located = sorted(
        {(r["location_id"], float(r["lat"]), float(r["lon"])) for route in plan.routes for r in route.rows
         if r["location_id"] and r["lat"]}
    )
    if roads and located:
        try:
            where = [Place(*row) for row in located]
            road_file = choose_file(settings, where)
            network = network_from(settings, where, road_file)
        except Exception as exc:  # a map with straight legs is better than none
            log.warning("réseau routier indisponible pour les cartes (%s) : tracés en ligne droite", exc)
    lines = route_lines(plan, network)
    places, tasks = place_labels(db), task_labels(db, lang)
    every = [p for line in lines.values() for p in line] + [
        (float(r["lat"]), float(r["lon"])) for route in plan.routes for r in route.rows if r["lat"]
    ]
    box = bbox_of(every)
    streets: Streets = {}
    if network is not None and road_file is not None and box is not None:
        try:
            streets = named_streets(road_file, settings.cache_dir, box)
        except Exception as exc:  # the background is a comfort: the routes show without it
            log.warning("noms de rues indisponibles pour le fond de carte (%s)", exc)
        if not streets:  # a road file without street names: the streets still show, unnamed
            streets = {"": edge_lines(network, box)}
    day_streets = {}
    if network is not None:
        for key, line in lines.items():
            small = bbox_of(list(line), margin=0.1)
            if small is not None:
                day_streets[key] = edge_lines(network, small)
    written: dict[str, Path] = {}
    written["map"] = path / "carte.html"
    name = title or t("docs_plan", lang)
    written["map"].write_text(
        offline_html(
            plan_map(
                plan, lines, places, tasks, title=t("docs_map_title", lang, service=name), tiles=tiles, streets=streets,
                lang=lang,
            )
        ),
        encoding="utf-8",
    )
    if extra is not None:
        written |= extra(plan, DocumentContext(db, tiles, lang, streets))
    written["sheets"] = path / "feuilles_de_route.html"
    written["sheets"].write_text(
        sheets_page(plan, lines, places, tasks, streets=day_streets, title=title, lang=lang), encoding="utf-8"
    )
    _drop_stale_documents(path, {sheet_file(resource) for resource in plan.by_resource()})
    for resource in plan.by_resource():
        own = path / sheet_file(resource)
        own.write_text(
            sheets_page(
                plan, lines, places, tasks, streets=day_streets, resource=resource, title=title, lang=lang
            ), encoding="utf-8"
        )
        written[f"sheet:{resource}"] = own
    if pdf:
        try:
            written["pdf"] = html_to_pdf(written["sheets"], path / "feuilles_de_route.pdf")
        except (RuntimeError, OSError) as exc:
            log.warning("%s", exc)
    written["workbook"] = write_workbook(plan, places, tasks, lang=lang)
    return written
