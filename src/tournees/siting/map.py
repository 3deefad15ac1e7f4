"""The map of a siting study: for each k a layer with the open sites and the outline of their catchments.

No person on it: a catchment is drawn as the outline around the residences whose nearest open site it is,
with head counts for the whole catchment only. Leaflet inline (opens offline), texts escaped for the map.
"""

from __future__ import annotations

from collections.abc import Sequence

from tournees.i18n import t
from tournees.outputs.escape import html_text, map_html
from tournees.outputs.maps import COLOURS, _finish, offline_html
from tournees.siting.evaluate import Figures
from tournees.siting.from_db import Demand, Site

SMALL_CATCHMENT_M = 400  # a catchment of one or two residences: a circle this wide around its site


def siting_map(
    sites: Sequence[Site], where: Demand, studies: Sequence[tuple[int, Figures]], title: str, lang: str | None = None
) -> str:
    """The page (HTML, Leaflet inline): a layer per k, the last shown."""
    import folium

    m = folium.Map(tiles=None, control_scale=True)
    folium.TileLayer("OpenStreetMap", name=t("docs_osm_tiles", lang), attr="© OpenStreetMap contributors").add_to(m)
    bounds: list[tuple[float, float]] = []
    for n, (k, figures) in enumerate(studies):
        group = folium.FeatureGroup(name=f"k = {k}", show=n == len(studies) - 1)
        for c, catchment in enumerate(figures.catchments):
            site = sites[catchment.site]
            colour = COLOURS[c % len(COLOURS)]
            outline = _outline([where.positions[i] for i in catchment.points] + [(site.lat, site.lon)])
            heads = sum(where.seniors[i] for i in catchment.points)
            if outline:
                folium.Polygon(outline, color=colour, weight=2, fill=True, fill_opacity=0.15).add_to(group)
            else:
                folium.Circle(
                    (site.lat, site.lon), radius=SMALL_CATCHMENT_M, color=colour, fill=True, fill_opacity=0.15
                ).add_to(group)
            text = t(
                "siting_popup",
                lang,
                name=site.name,
                seniors=heads,
                pct=round(100 * catchment.covered_weight / catchment.weight) if catchment.weight else 0,
                minutes=round(catchment.mean_travel_s / 60),
            )
            folium.CircleMarker(  # drawn: no marker image to fetch
                (site.lat, site.lon), radius=8, color="#000", weight=2, fill=True, fill_color=colour, fill_opacity=1,
                popup=folium.Popup(map_html(text), max_width=260), tooltip=map_html(site.name),
            ).add_to(group)
            bounds += [(site.lat, site.lon), *outline]  # the whole catchment in view
        group.add_to(m)
    _finish(m, bounds, f"<b>{html_text(title)}</b>", lang)
    return offline_html(m)


def _outline(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of the points (lat, lon); empty when they are too few or on one line."""
    import numpy as np
    from scipy.spatial import ConvexHull, QhullError

    unique = sorted(set(points))
    if len(unique) < 3:
        return []
    try:
        hull = ConvexHull(np.array(unique))
    except QhullError:
        return []
    return [unique[i] for i in hull.vertices]
