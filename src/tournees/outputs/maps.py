"""Plan maps (folium): a layer per day, numbered stops in driving order, road paths, a day picker.

The page carries Leaflet inline, so it opens offline (on a phone in a village with no
signal, or here with no tile server): faint named streets from the road file stand in for
the background, and the OpenStreetMap tiles appear under them when the network is there.
Only one day shows at first; a native select (easy on a phone) picks another. Each stop
has a navigation link (``geo:`` URI) that opens the phone's map application. Popups say
when and what, never who (no phone, no name). The public variant (grocery calendar)
shows only stops with their weekday and time.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from functools import cache, lru_cache
from urllib.parse import quote

from tournees.i18n import t
from tournees.model.vocab import WEEKDAYS
from tournees.network.roads import Place, RoadNetwork
from tournees.outputs.escape import html_text, map_html
from tournees.outputs.folder import PlanFolder, RouteRows
from tournees.outputs.labels import PlaceLabel, TaskLabel, short_date

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"]
CSS = """
.tournees-stop, .tournees-depot, .tournees-public-stop { display: flex; align-items: center; justify-content: center;
  border-radius: 50%; color: #fff; font: bold 13px/1 Arial, sans-serif; border: 2px solid #fff;
  box-shadow: 0 0 3px #000; }
.tournees-depot { border-radius: 4px; background: #333; }
.tournees-legend { position: fixed; bottom: 52px; left: 10px; z-index: 1000; background: rgba(255,255,255,.93);
  padding: 8px 10px; font: 13px/1.4 Arial, sans-serif; border-radius: 6px; box-shadow: 0 0 4px rgba(0,0,0,.4);
  max-width: 70vw; max-height: 40vh; overflow: auto; }
.tournees-legend .swatch { display: inline-block; width: 14px; height: 4px; margin-right: 6px; vertical-align: middle; }
.leaflet-container { background: #eef0ea; }
.tournees-legend ol { margin: 2px 0 4px 18px; padding: 0; } .tournees-nav { white-space: nowrap; }
.tournees-picker { display: block; margin: 4px 0; }
.tournees-picker select { font-size: 16px; min-height: 36px; max-width: 100%; }
.tournees-public-stop { border-radius: 12px; font-size: 12px; white-space: nowrap; }
@media (max-width: 600px) { .tournees-legend { font-size: 12px; bottom: 52px; max-width: calc(100vw - 40px); } }
"""


def route_lines(folder: PlanFolder, roads: RoadNetwork | None) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """The road path of every route (straight segments where no road network is given)."""
    located = {
        r["location_id"]: (float(r["lat"]), float(r["lon"]))
        for route in folder.routes
        for r in route.rows
        if r["location_id"] and r["lat"]
    }
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


def _geo(lat: float, lon: float, label: str) -> str:
    """A navigation link the phone's map application opens (RFC 5870 geo URI)."""
    return f"geo:{lat:.6f},{lon:.6f}?q={lat:.6f},{lon:.6f}({quote(label)})"


def _popup(
    route: RouteRows,
    row: dict[str, str],
    n: int,
    places: Mapping[str, PlaceLabel],
    tasks: Mapping[str, TaskLabel],
    lang: str | None,
) -> str:
    place = places.get(row["location_id"], PlaceLabel(row["location_id"]))
    task = tasks.get(row["task_id"])
    slot = (
        f"{row['slot_start'][11:16]} – {row['slot_end'][11:16]}"
        if row["slot_start"]
        else f"{row['start'][11:16]} – {row['end'][11:16]}"
    )
    what = task.what if task else t("docs_session" if row["kind"] == "session" else "docs_stop", lang)
    link = _geo(float(row["lat"]), float(row["lon"]), place.name)
    return (
        f"<b>{n}. {map_html(place.name)}</b><br>{map_html(place.address)}<br>{map_html(route.resource_id)},"
        f" {map_html(short_date(_date(route.date), lang))}<br>"
        f"{map_html(t('docs_slot', lang))} : {slot}<br>{map_html(what)}<br><a class='tournees-nav'"
        f" href='{map_html(link)}'>{map_html(t('docs_navigate', lang))}</a>"
    )


MAX_ZOOM = 19  # OpenStreetMap's deepest tiles


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _number_icon(n: int | str, colour: str, css_class: str = "tournees-stop", width: int = 24,  # type: ignore[no-untyped-def]
                 offset: tuple[int, int] = (0, 0)):
    """A marker drawn as a disc (or label) ``offset`` pixels (x right, y down) from its place."""
    import folium

    return folium.DivIcon(
        html=f'<div class="{css_class}" style="background:{colour};width:{width}px;height:24px">'
        f"{map_html(str(n))}</div>",
        icon_size=(width + 4, 28),
        icon_anchor=(width // 2 + 2 - offset[0], 14 - offset[1]),
        class_name="tournees-icon",
    )


def side_by_side(places: Sequence[tuple[float, float]], step: int, *, vertical: bool = False) -> list[tuple[int, int]]:
    """Pixel offsets that set markers at the same place side by side (a row, or a column when ``vertical``),
    centred on it, in the order given: none hides another and each stays clickable at every zoom."""
    groups: dict[tuple[float, float], list[int]] = {}
    for i, (lat, lon) in enumerate(places):
        groups.setdefault((round(lat, 5), round(lon, 5)), []).append(i)  # about a metre: the same building
    offsets = [(0, 0)] * len(places)
    for members in groups.values():
        for k, i in enumerate(members):
            shift = round((k - (len(members) - 1) / 2) * step)
            offsets[i] = (0, shift) if vertical else (shift, 0)
    return offsets


def _streets_layer(m, streets: Mapping[str, Sequence[Sequence[tuple[float, float]]]], lang: str | None) -> None:  # type: ignore[no-untyped-def]
    """Faint named streets under the routes: a background that needs no tile server."""
    import folium

    def layer(items: list[tuple[str, Sequence[Sequence[tuple[float, float]]]]], named: bool) -> None:
        features = [
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": {
                    "type": "MultiLineString",
                    "coordinates": [[[round(b, 5), round(a, 5)] for a, b in piece] for piece in pieces],
                },
            }
            for name, pieces in items
        ]
        extra = (
            {
                "tooltip": folium.GeoJsonTooltip(fields=["name"], labels=False),
                "highlight_function": lambda _: {"color": "#444", "weight": 3, "opacity": 0.8},
            }
            if named
            else {}
        )
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=t("docs_streets_layer", lang),
            control=named,
            style_function=lambda _: {"color": "#8a8a8a", "weight": 2, "opacity": 0.45, "className": "tournees-street"},
            smooth_factor=1.5,
            **extra,  # type: ignore[arg-type]
        ).add_to(m)

    named = sorted((k, v) for k, v in streets.items() if k)
    if named:
        layer(named, True)
    if streets.get(""):
        layer([("", streets[""])], False)


def plan_map(
    folder: PlanFolder,
    lines: Mapping[tuple[str, str], Sequence[tuple[float, float]]],
    places: Mapping[str, PlaceLabel],
    tasks: Mapping[str, TaskLabel],
    *,
    title: str,
    tiles: bool = True,
    streets: Mapping[str, Sequence[Sequence[tuple[float, float]]]] | None = None,
    lang: str | None = None,
):  # type: ignore[no-untyped-def]
    """The map of a plan: one layer per day (only the first shown), a day picker, a stop list with navigation links."""
    import folium

    m = folium.Map(tiles=None, control_scale=True, zoom_control=True)
    m.options["max_zoom"] = MAX_ZOOM  # no tile layer (offline) caps it: fitting one stop would zoom to NaN
    if tiles:
        folium.TileLayer("OpenStreetMap", name=t("docs_osm_tiles", lang), attr="© OpenStreetMap contributors").add_to(m)
    _streets_layer(m, streets or {}, lang)
    colours: dict[str, str] = {}
    bounds: list[tuple[float, float]] = []
    depots: dict[str, tuple[float, float]] = {}
    dates = sorted({r.date for r in folder.routes})
    layers: dict[str, folium.FeatureGroup] = {
        d: folium.FeatureGroup(name=short_date(_date(d), lang), show=d == dates[0], control=False) for d in dates
    }
    lists: dict[str, list[str]] = {d: [] for d in dates}
    offsets: dict[tuple[str, str, int], tuple[int, int]] = {}  # stops of a day at one place (every resource's)
    for d in dates:
        keys = [(r.resource_id, d, n) for r in folder.routes if r.date == d for n in range(1, len(r.stops) + 1)]
        spots = [(float(s["lat"]), float(s["lon"])) for r in folder.routes if r.date == d for s in r.stops]
        offsets.update(zip(keys, side_by_side(spots, 28), strict=True))
    for route in folder.routes:
        colour = colours.setdefault(route.resource_id, COLOURS[len(colours) % len(COLOURS)])
        group = layers[route.date]
        line = list(lines.get((route.resource_id, route.date), []))
        if len(line) > 1:
            folium.PolyLine(
                line,
                color=colour,
                weight=4,
                opacity=0.8,
                class_name="tournees-route",
                tooltip=f"{map_html(route.resource_id)} — {map_html(short_date(_date(route.date), lang))}",
            ).add_to(group)
            bounds += line
        items = []
        for n, row in enumerate(route.stops, start=1):
            at = (float(row["lat"]), float(row["lon"]))
            folium.Marker(
                at,
                icon=_number_icon(n, colour, offset=offsets[(route.resource_id, route.date, n)]),
                popup=folium.Popup(_popup(route, row, n, places, tasks, lang), max_width=280),
            ).add_to(group)
            bounds.append(at)
            place = places.get(row["location_id"], PlaceLabel(row["location_id"]))
            items.append(
                f"<li>{row['start'][11:16]} {html_text(place.name)} "
                f"<a class='tournees-nav' href='{html_text(_geo(at[0], at[1], place.name))}'>"
                f"{html_text(t('docs_navigate', lang))}</a></li>"
            )
        lists[route.date].append(
            f"<div><span class='swatch' style='background:{colour}'></span><b>{html_text(route.resource_id)}</b>"
            f"<ol>{''.join(items)}</ol></div>"
        )
        first = route.rows[0]
        if first["location_id"] and first["lat"]:
            depots[first["location_id"]] = (float(first["lat"]), float(first["lon"]))
    for group in layers.values():
        group.add_to(m)
    for place_id, at in depots.items():
        label = places.get(place_id, PlaceLabel(place_id)).name
        folium.Marker(at, icon=_number_icon("D", "#333", "tournees-depot"), tooltip=map_html(label)).add_to(m)
        bounds.append(at)
    picker = _day_picker(
        m,
        {d: [layers[d]] for d in dates},
        [(d, short_date(_date(d), lang)) for d in dates],
        dates[0] if dates else "",
        t("docs_day", lang),
    )
    panels = "".join(
        f"<div class='tournees-day-stops' data-day='{html_text(d)}'{'' if d == dates[0] else ' hidden'}>"
        f"{''.join(lists[d])}</div>"
        for d in dates
    )
    _finish(
        m,
        bounds,
        f"<b>{html_text(title)}</b>{picker}<details class='tournees-stops'><summary>{html_text(t('docs_stop_list', lang))}"
        "</summary>"
        f"{panels}</details><div>{html_text(t('docs_map_legend', lang))}</div>",
        lang,
    )
    return m


def _day_picker(
    m, groups: Mapping[str, Sequence[object]], options: Sequence[tuple[str, str]], first: str, label: str
) -> str:  # type: ignore[no-untyped-def]
    """A native select (large and easy on a phone) that shows the chosen day's layers and stop list; its HTML."""
    from branca.element import MacroElement
    from jinja2 import Template

    mapping = ", ".join(f"{json.dumps(day)}: [{', '.join(g.get_name() for g in gs)}]" for day, gs in groups.items())  # type: ignore[attr-defined]
    script = MacroElement()
    script._template = Template(
        "{% macro script(this, kwargs) %}(function () { var map = " + m.get_name() + "; var days = {" + mapping + "};"
        " var pick = document.getElementById('tournees-day');"
        " function show(day) { Object.keys(days).forEach(function (d) { days[d].forEach(function (g) {"
        " if (day === 'all' || d === day) { map.addLayer(g); } else { map.removeLayer(g); } }); });"
        " document.querySelectorAll('.tournees-day-stops').forEach(function (p)"
        " { p.hidden = !(day === 'all' || p.dataset.day === day); }); }"
        " pick.addEventListener('change', function () { show(pick.value); }); show(pick.value); })();{% endmacro %}"
    )
    m.add_child(script)  # added last: rendered after the layers it shows and hides
    choices = "".join(
        f"<option value='{html_text(v)}'{' selected' if v == first else ''}>{html_text(text)}</option>" for v, text in options
    )
    return f"<label class='tournees-picker'>{html_text(label)} <select id='tournees-day'>{choices}</select></label>"


def public_grocery_map(
    calendar: Sequence[Mapping[str, str]],
    *,
    title: str,
    tiles: bool = True,
    streets: Mapping[str, Sequence[Sequence[tuple[float, float]]]] | None = None,
    lang: str | None = None,
):  # type: ignore[no-untyped-def]
    """Grocery stops with their weekday and time on the marker, a layer per weekday: no route, no person."""
    import folium

    m = folium.Map(tiles=None, control_scale=True)
    m.options["max_zoom"] = MAX_ZOOM
    if tiles:
        folium.TileLayer("OpenStreetMap", name=t("docs_osm_tiles", lang), attr="© OpenStreetMap contributors").add_to(m)
    _streets_layer(m, streets or {}, lang)
    names = t("docs_weekdays", lang).split(",")
    short = t("docs_weekdays_short", lang).split(",")
    bounds = []
    groups: dict[str, list[object]] = {}
    # a stop served on several weekdays: its labels one above the other (all days show at first)
    ordered = sorted(calendar, key=lambda r: (WEEKDAYS.index(r["weekday"]), r["start"]))
    shifts = side_by_side([(float(r["lat"]), float(r["lon"])) for r in ordered], 28, vertical=True)
    offset = {id(r): o for r, o in zip(ordered, shifts, strict=True)}
    for i, d in enumerate(WEEKDAYS):
        rows = [r for r in ordered if r["weekday"] == d]
        if not rows:
            continue
        group = folium.FeatureGroup(name=names[i].capitalize(), show=True, control=False)
        for r in rows:
            at = (float(r["lat"]), float(r["lon"]))
            text = (
                f"<b>{map_html(r['commune'])}</b><br>{map_html(r['stop_name'])}<br>{map_html(names[i].capitalize())} "
                f"{map_html(r['start'])} – {map_html(r['end'])}<br>{map_html(r['weeks'])}<br>"
                f"<a class='tournees-nav' href='{map_html(_geo(at[0], at[1], r['stop_name']))}'>"
                f"{map_html(t('docs_navigate', lang))}</a>"
            )
            folium.Marker(
                at,
                icon=_number_icon(f"{short[i]} {r['start']}", COLOURS[i], "tournees-public-stop", width=86,
                                  offset=offset[id(r)]),
                popup=folium.Popup(text, max_width=260),
                tooltip=f"{map_html(r['commune'])} : {map_html(names[i])} {map_html(r['start'])}",
            ).add_to(group)
            bounds.append(at)
        group.add_to(m)
        groups[d] = [group]
    options = [("all", t("docs_all_days", lang))] + [(d, names[WEEKDAYS.index(d)].capitalize()) for d in groups]
    picker = _day_picker(m, groups, options, "all", t("docs_day", lang))
    legend = "".join(
        f"<div><span class='swatch' style='background:{COLOURS[WEEKDAYS.index(d)]}'>"
        f"</span>{html_text(names[WEEKDAYS.index(d)].capitalize())}</div>"
        for d in groups
    )
    _finish(m, bounds, f"<b>{html_text(title)}</b>{picker}{legend}", lang)
    return m


def _finish(m, bounds: list[tuple[float, float]], legend: str, lang: str | None = None) -> None:  # type: ignore[no-untyped-def]
    import folium
    from branca.element import Element

    if bounds:
        lats, lons = [b[0] for b in bounds], [b[1] for b in bounds]
        m.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(20, 20))
    folium.LayerControl(collapsed=True).add_to(m)
    _declutter(m)
    root = m.get_root()
    root.header.add_child(Element(f"<style>{CSS}</style>"))
    root.header.add_child(Element("<meta name='viewport' content='width=device-width, initial-scale=1'>"))
    root.html.add_child(
        Element(
            f"<div class='tournees-legend'>{legend}<div"
            f" style='margin-top:4px;font-size:11px'>{html_text(t('docs_osm_credit', lang))}</div></div>"
        )
    )


# Markers of nearby places overlap at some zooms (a phone shows the whole day small): after each zoom, move and
# day change, each marker that would cover one placed before it moves to the nearest free spot on rings around its
# place (a few pixels, never a place of its own), so every stop stays visible and clickable.
DECLUTTER = """(function () { var map = %s, queued = false;
 function place() { queued = false;
  var icons = Array.prototype.slice.call(document.querySelectorAll('.leaflet-marker-icon.tournees-icon'));
  icons.forEach(function (el) { if (el.dataset.ml === undefined) { el.dataset.ml = parseFloat(el.style.marginLeft) || 0;
   el.dataset.mt = parseFloat(el.style.marginTop) || 0; } el.style.marginLeft = el.dataset.ml + 'px';
   el.style.marginTop = el.dataset.mt + 'px'; });
  var placed = [];
  icons.forEach(function (el) { var r = el.getBoundingClientRect(), dx = 0, dy = 0;
   function free(x, y) { return placed.every(function (p) { return x + r.width <= p.x || p.x + p.w <= x
    || y + r.height <= p.y || p.y + p.h <= y; }); }
   if (!free(r.left, r.top)) { search: for (var ring = 1; ring < 15; ring++) { for (var k = 0; k < 8 * ring; k++) {
    var a = 2 * Math.PI * k / (8 * ring) - Math.PI / 2, x = Math.round(Math.cos(a) * ring * r.height),
     y = Math.round(Math.sin(a) * ring * r.height);
    if (free(r.left + x, r.top + y)) { dx = x; dy = y; break search; } } } }
   el.style.marginLeft = (+el.dataset.ml + dx) + 'px'; el.style.marginTop = (+el.dataset.mt + dy) + 'px';
   placed.push({x: r.left + dx, y: r.top + dy, w: r.width, h: r.height}); }); }
 function later() { if (!queued) { queued = true; window.requestAnimationFrame(place); } }
 map.on('zoomend moveend layeradd layerremove', later); place(); })();"""


def _declutter(m) -> None:  # type: ignore[no-untyped-def]
    from branca.element import MacroElement
    from jinja2 import Template

    script = MacroElement()
    script._template = Template("{% macro script(this, kwargs) %}" + DECLUTTER % m.get_name() + "{% endmacro %}")
    m.add_child(script)  # after the layers and the day picker: the first day's markers are on the map


def offline_html(m) -> str:  # type: ignore[no-untyped-def]
    """The page with Leaflet (and jQuery) inline and nothing else fetched but tiles.

    folium's other libraries (bootstrap, icon fonts) are not used.
    """
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
    wanted = {
        url
        for name, url in folium.Map.default_js + folium.Map.default_css
        if name in ("leaflet", "leaflet_css", "jquery")
    }
    found = {url: text for url, text in elements._res.items() if url in wanted}
    if len(found) != len(wanted):
        raise RuntimeError(
            f"Leaflet hors ligne introuvable pour {sorted(wanted - set(found))} : versions de folium et"
            " folium-offline à accorder"
        )
    return found
