"""Plan maps (folium): a layer per resource and day, numbered stops in driving order, road paths.

The page carries Leaflet inline, so it opens offline (on a phone in a village with no
signal, or here with no tile server): routes and stops show on a plain background; the
OpenStreetMap tiles appear under them when the network is there. Popups say when and
what, never who. The public variant (grocery calendar) shows only stops, days and times.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache

from tournees.model.vocab import WEEKDAYS
from tournees.network.roads import Place, RoadNetwork
from tournees.outputs.folder import PlanFolder, RouteRows
from tournees.outputs.labels import PlaceLabel, TaskLabel
from tournees.outputs.publish import DAYS as DAY_NAMES

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"]
DAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
CREDIT = "Réseau routier et fond de carte © OpenStreetMap contributors"
CSS = """
.tournees-stop, .tournees-depot, .tournees-public-stop { display: flex; align-items: center; justify-content: center;
  border-radius: 50%; color: #fff; font: bold 13px/1 Arial, sans-serif; border: 2px solid #fff; box-shadow: 0 0 3px #000; }
.tournees-depot { border-radius: 4px; background: #333; }
.tournees-legend { position: fixed; bottom: 48px; left: 10px; z-index: 1000; background: rgba(255,255,255,.93); padding: 8px 10px;
  font: 13px/1.4 Arial, sans-serif; border-radius: 6px; box-shadow: 0 0 4px rgba(0,0,0,.4); max-width: 70vw; max-height: 40vh; overflow: auto; }
.tournees-legend .swatch { display: inline-block; width: 14px; height: 4px; margin-right: 6px; vertical-align: middle; }
.leaflet-container { background: #eef0ea; }
@media (max-width: 600px) { .tournees-legend { font-size: 12px; } }
"""


def route_lines(folder: PlanFolder, roads: RoadNetwork | None) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """The road path of every route (straight segments where no road network is given)."""
    located = {r["location_id"]: (float(r["lat"]), float(r["lon"])) for route in folder.routes for r in route.rows if r["location_id"] and r["lat"]}
    snaps = {}
    if roads is not None and located:
        ids = sorted(located)
        snaps = dict(zip(ids, roads.snap([Place(i, *located[i]) for i in ids]), strict=True))

    @cache
    def leg(a: str, b: str) -> tuple[tuple[float, float], ...]:
        if a == b:
            return (located[a],)
        if a in snaps and b in snaps:
            return tuple(roads.leg_geometry(snaps[a], snaps[b]))  # type: ignore[union-attr]
        return (located[a], located[b])

    lines = {}
    for route in folder.routes:
        ids = [r["location_id"] for r in route.rows if r["location_id"] in located]
        points: list[tuple[float, float]] = [located[ids[0]]] if ids else []
        for a, b in zip(ids, ids[1:], strict=False):
            points.extend(leg(a, b)[1:])
        lines[(route.resource_id, route.date)] = points
    return lines


def _day_label(date: str) -> str:
    import datetime as dt

    day = dt.date.fromisoformat(date)
    return f"{DAYS[day.weekday()]} {day:%d/%m}"


def _popup(route: RouteRows, row: dict[str, str], n: int, places: Mapping[str, PlaceLabel], tasks: Mapping[str, TaskLabel]) -> str:
    place = places.get(row["location_id"], PlaceLabel(row["location_id"]))
    task = tasks.get(row["task_id"])
    slot = f"{row['slot_start'][11:16]} – {row['slot_end'][11:16]}" if row["slot_start"] else f"{row['start'][11:16]} – {row['end'][11:16]}"
    what = task.what if task else ("Permanence" if row["kind"] == "session" else "Arrêt")
    return (f"<b>{n}. {html.escape(place.name)}</b><br>{html.escape(route.resource_id)}, {_day_label(route.date)}<br>"
            f"Créneau : {slot}<br>{html.escape(what)}")


def _number_icon(n: int | str, colour: str, css_class: str = "tournees-stop"):  # type: ignore[no-untyped-def]
    import folium

    return folium.DivIcon(html=f'<div class="{css_class}" style="background:{colour};width:24px;height:24px">{n}</div>',
                          icon_size=(28, 28), icon_anchor=(14, 14), class_name="tournees-icon")


def plan_map(folder: PlanFolder, lines: Mapping[tuple[str, str], Sequence[tuple[float, float]]], places: Mapping[str, PlaceLabel],
             tasks: Mapping[str, TaskLabel], *, title: str, tiles: bool = True):  # type: ignore[no-untyped-def]
    """The map of a plan: one toggled layer per resource and day."""
    import folium

    m = folium.Map(tiles=None, control_scale=True, zoom_control=True)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="Fond OpenStreetMap", attr="© OpenStreetMap contributors").add_to(m)
    colours: dict[str, str] = {}
    bounds: list[tuple[float, float]] = []
    depots: dict[str, tuple[float, float]] = {}
    for route in folder.routes:
        colour = colours.setdefault(route.resource_id, COLOURS[len(colours) % len(COLOURS)])
        group = folium.FeatureGroup(name=f"{route.resource_id} — {_day_label(route.date)}", show=True)
        line = list(lines.get((route.resource_id, route.date), []))
        if len(line) > 1:
            folium.PolyLine(line, color=colour, weight=4, opacity=0.8, class_name="tournees-route",
                            tooltip=f"{route.resource_id} — {_day_label(route.date)}").add_to(group)
            bounds += line
        for n, row in enumerate(route.stops, start=1):
            at = (float(row["lat"]), float(row["lon"]))
            folium.Marker(at, icon=_number_icon(n, colour), popup=folium.Popup(_popup(route, row, n, places, tasks), max_width=280)).add_to(group)
            bounds.append(at)
        first = route.rows[0]
        if first["location_id"] and first["lat"]:
            depots[first["location_id"]] = (float(first["lat"]), float(first["lon"]))
        group.add_to(m)
    for place_id, at in depots.items():
        label = places.get(place_id, PlaceLabel(place_id)).name
        folium.Marker(at, icon=_number_icon("D", "#333", "tournees-depot"), tooltip=html.escape(label)).add_to(m)
        bounds.append(at)
    legend = "".join(f"<div><span class='swatch' style='background:{c}'></span>{html.escape(r)}</div>" for r, c in colours.items())
    _finish(m, bounds, f"<b>{html.escape(title)}</b>{legend}<div>1, 2, 3… : ordre de passage ; D : départ et retour</div>")
    return m


def public_grocery_map(calendar: Sequence[Mapping[str, str]], *, title: str, tiles: bool = True):  # type: ignore[no-untyped-def]
    """Grocery stops with their days and times, a layer per weekday: no route, no person."""
    import folium

    m = folium.Map(tiles=None, control_scale=True)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="Fond OpenStreetMap", attr="© OpenStreetMap contributors").add_to(m)
    order, names = WEEKDAYS, DAY_NAMES
    bounds = []
    for d in order:
        rows = [r for r in calendar if r["weekday"] == d]
        if not rows:
            continue
        colour = COLOURS[order.index(d)]
        group = folium.FeatureGroup(name=names[order.index(d)].capitalize(), show=True)
        for r in rows:
            at = (float(r["lat"]), float(r["lon"]))
            text = (f"<b>{html.escape(r['commune'])}</b><br>{html.escape(r['stop_name'])}<br>{names[order.index(d)].capitalize()} "
                    f"{r['start']} – {r['end']}<br>{html.escape(r['weeks'])}")
            folium.Marker(at, icon=_number_icon(names[order.index(d)][:2].capitalize(), colour, "tournees-public-stop"),
                          popup=folium.Popup(text, max_width=260)).add_to(group)
            bounds.append(at)
        group.add_to(m)
    legend = "".join(f"<div><span class='swatch' style='background:{COLOURS[i]}'></span>{names[i].capitalize()}</div>"
                     for i, d in enumerate(order) if any(r["weekday"] == d for r in calendar))
    _finish(m, bounds, f"<b>{html.escape(title)}</b>{legend}")
    return m


def _finish(m, bounds: list[tuple[float, float]], legend: str) -> None:  # type: ignore[no-untyped-def]
    import folium
    from branca.element import Element

    if bounds:
        lats, lons = [b[0] for b in bounds], [b[1] for b in bounds]
        m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(20, 20))
    folium.LayerControl(collapsed=True).add_to(m)
    root = m.get_root()
    root.header.add_child(Element(f"<style>{CSS}</style>"))
    root.header.add_child(Element("<meta name='viewport' content='width=device-width, initial-scale=1'>"))
    root.html.add_child(Element(f"<div class='tournees-legend'>{legend}<div style='margin-top:4px;font-size:11px'>{CREDIT}</div></div>"))


def offline_html(m) -> str:  # type: ignore[no-untyped-def]
    """The page with Leaflet (and jQuery) inline and nothing else fetched but tiles (folium's other libraries are not used)."""
    page = m.get_root().render()
    resources = _leaflet()

    def script(match: re.Match) -> str:
        url = match.group(1)
        return f"<script>{resources[url]}</script>" if url in resources else ""

    def link(match: re.Match) -> str:
        url = match.group(1)
        return f"<style>{resources[url]}</style>" if url in resources else ""

    page = re.sub(r'<script src="(https?://[^"]+)"></script>', script, page)
    return re.sub(r'<link rel="stylesheet" href="(https?://[^"]+)"\s*/?>', link, page)


@lru_cache(maxsize=1)
def _leaflet() -> dict[str, str]:
    """Leaflet's script and style sheet and jQuery, from the offline folium package (same folium version)."""
    import folium
    from offlinefolium import elements

    # Leaflet, and jQuery which folium's page script calls; bootstrap and the icon fonts are not used
    wanted = {url for name, url in folium.Map.default_js + folium.Map.default_css if name in ("leaflet", "leaflet_css", "jquery")}
    found = {url: text for url, text in elements._res.items() if url in wanted}
    if len(found) != len(wanted):
        raise RuntimeError(f"Leaflet hors ligne introuvable pour {sorted(wanted - set(found))} : versions de folium et folium-offline à accorder")
    return found
