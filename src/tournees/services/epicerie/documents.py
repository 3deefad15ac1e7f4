"""Épicerie mobile: the public calendar per commune (CSV, iCalendar, printable page) and the coverage tables.

The public calendar names communes, places, days and times only. ``couverture.csv`` and
``portee.csv`` (for the planner and for checks) carry pseudonymous tenant ids and weights,
never an identity or health field.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from tournees.model.vocab import WEEKDAYS
from tournees.outputs.publish import DAYS, PublicEvent, french_date, ics_bytes, printable_page

if TYPE_CHECKING:
    from tournees.services.epicerie.planner import EpiceriePlan

FREQUENCY_LABEL = {"hebdo": "chaque semaine", "bihebdo": "deux fois par semaine", "quinzaine": "une semaine sur deux"}


def occurrences(plan: EpiceriePlan) -> list[tuple[str, dt.datetime, dt.datetime, str]]:
    """Every stop served in the horizon: (stop id, start, end, planned date when moved for a holiday)."""
    found = []
    for route in plan.solution.routes:
        for step in route.steps:
            if step.kind == "visit" and step.task_id:
                stop_id, planned = step.task_id.split("@")
                found.append((stop_id, dt.datetime.fromisoformat(plan.context.when(step.start)),
                              dt.datetime.fromisoformat(plan.context.when(step.end)), planned))
    return sorted(found, key=lambda o: (o[1], o[0]))


def write_public_calendar(folder: Path, plan: EpiceriePlan, rule_text: str) -> None:
    cal = plan.calendar
    public = cal.drop(columns=["van"]).rename(columns={
        "insee_code": "code_insee", "stop_id": "arret_id", "stop_name": "arret", "weekday": "jour", "start": "debut",
        "end": "fin", "frequency": "frequence", "weeks": "semaines"})
    public["jour"] = public["jour"].map(lambda d: DAYS[WEEKDAYS.index(d)])
    public.to_csv(folder / "calendrier_communes.csv", index=False, encoding="utf-8")
    names = {row.stop_id: (row.stop_name, row.commune) for row in cal.itertuples()}
    served = occurrences(plan)
    events = []
    for stop_id, start, end, planned in served:
        name, commune = names[stop_id]
        moved = f" (au lieu du {french_date(dt.date.fromisoformat(planned))}, jour férié)" if planned != start.date().isoformat() else ""
        events.append(PublicEvent(f"{stop_id}-{start:%Y%m%d}", f"Épicerie mobile — {commune}", start, end, name,
                                  "Passage de l'épicerie mobile : produits frais et épicerie, paiement sur place." + moved))
    (folder / "calendrier_communes.ics").write_bytes(ics_bytes("Épicerie mobile : passages dans les communes", "épicerie mobile", events))
    rows = [[row.commune, row.stop_name, DAYS[WEEKDAYS.index(row.weekday)], f"{row.start} – {row.end}",
             FREQUENCY_LABEL.get(row.frequency, row.frequency) + ("" if row.weeks == "toutes les semaines" else f" ({row.weeks})")]
            for row in cal.itertuples()]
    dated = [[french_date(start.date()).capitalize(), f"{start:%H:%M} – {end:%H:%M}", names[s][1], names[s][0]]
             for s, start, end, _ in served]
    page = printable_page("Épicerie mobile : jours et heures de passage", "Le camion passe aux mêmes jour et heure à chaque passage.",
                          ["Commune", "Arrêt", "Jour", "Heures", "Fréquence"], rows, note=rule_text)
    detail = printable_page("Épicerie mobile : calendrier daté", "Tous les passages de la période.", ["Date", "Heures", "Commune", "Arrêt"], dated)
    page = page.replace("</body></html>", detail[detail.index("<table>"):detail.index("</body>")] + "</body></html>")
    (folder / "calendrier_communes.html").write_text(page, encoding="utf-8")


def write_coverage(folder: Path, plan: EpiceriePlan) -> None:
    plan.coverage.to_csv(folder / "couverture.csv", index=False, encoding="utf-8")
    plan.reach.to_csv(folder / "portee.csv", index=False, encoding="utf-8")
