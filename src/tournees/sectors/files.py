"""The folder ``tournees sectors`` writes: the import's sectors.csv and residences.csv, the balance, a map.

Written whole or not at all, and only over an earlier folder of ours (:mod:`tournees.plan.staging`).
No tenant appears anywhere: residences, sectors and yearly hours only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from tournees.db import Database
from tournees.i18n import t
from tournees.i18n.numbers import number_text
from tournees.io.exporter import table_rows, write_csv
from tournees.model import Residence, Sector, columns
from tournees.outputs.publish import printable_page
from tournees.plan.staging import staged_folder
from tournees.sectors.split import LandlordSectors

BALANCE_COLUMNS = ["landlord_id", "sector_id", "name", "residences", "visit_h", "driving_h", "workload_h",
                   "tour_min", "contiguous"]


def write_folder(out: Path, results: Sequence[LandlordSectors], db: Database, *, protect: Sequence[str],
                 lang: str) -> Path:
    with staged_folder(out, protect=protect, lang=lang) as tmp:
        sectors = [s for r in results for s in r.sectors]
        write_csv(tmp / "sectors.csv", [c.name for c in columns(Sector)], table_rows(Sector, sectors))
        assignment = {rid: sid for r in results for rid, sid in r.assignment.items()}
        homes = sorted((replace(h, sector_id=assignment[h.residence_id]) for h in db.load(Residence)
                        if h.residence_id in assignment), key=lambda h: h.residence_id)
        write_csv(tmp / "residences.csv", [c.name for c in columns(Residence)], table_rows(Residence, homes))
        # the balance as a page, not a CSV: the folder stays one ``tournees import`` reads as it is
        rows = [[r.landlord_id, s.sector_id, s.name, str(r.figures.residences[j]),
                 *(number_text(getattr(r.figures, key)[j], 1, lang)
                   for key in ("visit_h", "driving_h", "workload_h", "tour_min")),
                 t("sec_yes" if r.figures.contiguous[j] else "sec_no", lang)]
                for r in results for j, s in enumerate(r.sectors)]
        intro = " ".join(landlord_line(r, lang) for r in results)
        header = [t(f"sec_col_{c}", lang) for c in BALANCE_COLUMNS]
        (tmp / "equilibre.html").write_text(printable_page(t("sec_balance_title", lang), intro, header, rows),
                                            encoding="utf-8")
        (tmp / "carte_secteurs.html").write_text(sector_map(results, homes, lang), encoding="utf-8")
        (tmp / "plan.json").write_text(json.dumps({"kind": "sectors", "figures": summary(results)},
                                                  ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def summary(results: Sequence[LandlordSectors]) -> dict[str, dict[str, object]]:
    """Per landlord: the balance and driving of the sectors and of the k-medoids baseline."""
    return {
        r.landlord_id: {
            "sectors": len(r.sectors), "ratio": round(r.figures.ratio, 3),
            "workload_h_min": round(min(r.figures.workload_h), 1),
            "workload_h_max": round(max(r.figures.workload_h), 1),
            "tour_min": round(r.figures.tour_total_min, 1), "contiguous": all(r.figures.contiguous),
            "kmedoids_ratio": round(r.baseline.ratio, 3), "kmedoids_tour_min": round(r.baseline.tour_total_min, 1),
            "notes": r.notes,
        }
        for r in results
    }


def landlord_line(r: LandlordSectors, lang: str) -> str:
    note = (" ; " + " ; ".join(r.notes)) if r.notes else ""
    return t("sec_landlord_line", lang, landlord=r.landlord_id, k=len(r.sectors),
             low=number_text(min(r.figures.workload_h), 0, lang), high=number_text(max(r.figures.workload_h), 0, lang),
             ratio=number_text(r.figures.ratio, 2, lang), tour=number_text(r.figures.tour_total_min, 0, lang),
             base_ratio=number_text(r.baseline.ratio, 2, lang),
             base_tour=number_text(r.baseline.tour_total_min, 0, lang),
             note=note)


def sector_map(results: Sequence[LandlordSectors], homes: Sequence[Residence], lang: str) -> str:
    """Residences as dots coloured by sector, a legend of the sectors' yearly hours; offline page."""
    import folium

    from tournees.outputs.escape import html_text, map_html
    from tournees.outputs.maps import COLOURS, _finish, offline_html

    m = folium.Map(tiles=None, control_scale=True)
    folium.TileLayer("OpenStreetMap", name=t("docs_osm_tiles", lang), attr="© OpenStreetMap contributors").add_to(m)
    colour: dict[str, str] = {}
    name: dict[str, str] = {}
    legend = []
    for r in results:
        for j, s in enumerate(r.sectors):
            colour[s.sector_id] = COLOURS[len(colour) % len(COLOURS)]
            name[s.sector_id] = s.name
            hours = number_text(r.figures.workload_h[j], 0, lang)
            legend.append(f"<div><span class='swatch' style='background:{colour[s.sector_id]}'></span>"
                          f"{html_text(t('sec_map_legend', lang, name=s.name, n=r.figures.residences[j], hours=hours))}"
                          "</div>")
    bounds = []
    for h in homes:
        if h.lat is None or h.lon is None or h.sector_id is None:
            continue
        at = (h.lat, h.lon)
        bounds.append(at)
        folium.CircleMarker(at, radius=7, color="#fff", weight=1, fill=True, fill_color=colour[h.sector_id],
                            fill_opacity=0.9, tooltip=f"{map_html(h.name)} : {map_html(name[h.sector_id])}").add_to(m)
    _finish(m, bounds, f"<b>{html_text(t('sec_map_title', lang))}</b>{''.join(legend)}", lang)
    return offline_html(m)
