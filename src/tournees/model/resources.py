"""Means of the services: depots, vehicles, staff, venues and grocery stops."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tournees.model.fields import Issue, Record, col, coords_issue, issue, order_issue
from tournees.model.programme import id_col, insee_col, lat_col, lon_col
from tournees.model.vocab import FREQUENCIES, SERVICES, VENUE_KINDS, WEEKDAYS

_SKILL_DOC = ("compétences (minuscules, séparées par ;)", "skills (lower case, separated by ;)")


@dataclass(kw_only=True)
class Depot(Record):
    table: ClassVar[str] = "depots"
    label_fr: ClassVar[str] = "dépôts"
    label_en: ClassVar[str] = "depots"

    depot_id: str = id_col("identifiant du dépôt ou de la base", "depot or base id", "DEP-ORL", key=True)
    name: str = col("nom", "name", example="Atelier LogemLoiret")
    address: str = col("adresse", "address", example="5 rue de la Borde, 45000 Orléans")
    insee_code: str | None = insee_col(default=None)
    lat: float | None = lat_col()  # empty until ``tournees geocode`` finds the address
    lon: float | None = lon_col()

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return coords_issue(values)


@dataclass(kw_only=True)
class Vehicle(Record):
    table: ClassVar[str] = "vehicles"
    label_fr: ClassVar[str] = "véhicules"
    label_en: ClassVar[str] = "vehicles"

    vehicle_id: str = id_col("identifiant du véhicule", "vehicle id", "VAN-1", key=True)
    service: str = col("service", "service", example="bricolage", choices=SERVICES)
    depot_id: str = id_col("dépôt de départ et de retour", "start and end depot", "DEP-ORL", ref="depots")
    label: str = col("description", "description", example="Fourgon Kangoo équipé")
    cost_per_km_eur: float = col("coût kilométrique (carburant, entretien)", "cost per km (fuel, upkeep)", example="0.35", unit="€/km", min=0, default=0.0)
    needs_electricity: bool = col("a besoin d'une prise électrique à l'arrêt", "needs a power socket at stops", example="non", default=False)


@dataclass(kw_only=True)
class Staff(Record):
    """A technician, driver or writer with a weekly pattern of work."""

    table: ClassVar[str] = "staff"
    label_fr: ClassVar[str] = "personnel"
    label_en: ClassVar[str] = "staff"

    staff_id: str = id_col("identifiant de la personne (pas de nom nécessaire)", "staff id (no name needed)", "TECH-1", key=True)
    service: str = col("service", "service", example="bricolage", choices=SERVICES)
    label: str = col("désignation affichée sur les feuilles de route", "label shown on route sheets", example="Technicien 1")
    depot_id: str = id_col("base de départ et de retour", "start and end base", "DEP-ORL", ref="depots")
    vehicle_id: str | None = id_col("véhicule habituel", "usual vehicle", "VAN-1", ref="vehicles", default=None)
    skills: tuple[str, ...] = col(
        "compétences", "skills", example="plomberie;electricite",
        pattern=r"[a-z_]+", pattern_doc=_SKILL_DOC, default=(),
    )
    working_days: tuple[str, ...] = col("jours travaillés", "working days", example="lun;mar;mer;jeu;ven", choices=WEEKDAYS, default=("lun", "mar", "mer", "jeu", "ven"))
    shift_start: dt.time = col("début de journée", "start of the working day", example="08:30", default=dt.time(8, 30))
    shift_end: dt.time = col("fin de journée", "end of the working day", example="17:00", default=dt.time(17, 0))
    lunch_start: dt.time = col("début de la fenêtre de pause déjeuner", "start of the lunch window", example="12:00", default=dt.time(12, 0))
    lunch_end: dt.time = col("fin de la fenêtre de pause déjeuner", "end of the lunch window", example="14:00", default=dt.time(14, 0))
    lunch_min: int = col("durée de la pause déjeuner", "lunch break length", example="45", unit="min", min=0, max=180, default=45)
    max_work_min: int | None = col("temps de travail maximal par jour", "maximum working time per day", example="450", unit="min", min=30, max=720, default=None)
    weekly_hours: float = col("heures contractuelles par semaine", "contract hours per week", example="35", unit="h", min=1, max=48, default=35.0)

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        found = order_issue(values, "shift_start", "shift_end")
        found += order_issue(values, "lunch_start", "lunch_end", strict=False)
        if found:
            return found
        s, e, ls, le = (values.get(k) for k in ("shift_start", "shift_end", "lunch_start", "lunch_end"))
        if ls < s or le > e:  # type: ignore[operator]
            found.append(issue("lunch_start", "lunch_outside_shift", lunch=f"{ls:%H:%M}-{le:%H:%M}", shift=f"{s:%H:%M}-{e:%H:%M}"))
        window = (le.hour * 60 + le.minute) - (ls.hour * 60 + ls.minute)  # type: ignore[union-attr]
        if values.get("lunch_min", 0) > window:
            found.append(issue("lunch_min", "lunch_too_long", minutes=values["lunch_min"], window=f"{ls:%H:%M}-{le:%H:%M}"))
        return found


@dataclass(kw_only=True)
class Venue(Record):
    """A place where the writer holds sessions or a workshop takes place."""

    table: ClassVar[str] = "venues"
    label_fr: ClassVar[str] = "lieux d'accueil"
    label_en: ClassVar[str] = "venues"

    venue_id: str = id_col("identifiant du lieu", "venue id", "MAIRIE-ORL", key=True)
    kind: str = col("type de lieu", "kind of venue", example="mairie", choices=VENUE_KINDS)
    name: str = col("nom affiché", "public name", example="Mairie d'Orléans")
    address: str = col("adresse", "address", example="Place de l'Étape, 45000 Orléans")
    insee_code: str = insee_col()
    lat: float | None = lat_col()  # empty until ``tournees geocode`` finds the address
    lon: float | None = lon_col()
    accessible: bool = col("accessible aux personnes à mobilité réduite", "accessible to people with reduced mobility", example="oui", default=True)

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return coords_issue(values)


@dataclass(kw_only=True)
class VenueHours(Record):
    """One opening interval of a venue on a weekday (several rows for split days)."""

    table: ClassVar[str] = "venue_hours"
    label_fr: ClassVar[str] = "horaires des lieux"
    label_en: ClassVar[str] = "venue opening hours"

    venue_id: str = id_col("lieu", "venue", "MAIRIE-ORL", ref="venues", key=True)
    weekday: str = col("jour", "weekday", example="mar", choices=WEEKDAYS, key=True)
    opens: dt.time = col("ouverture", "opening time", example="09:00", key=True)
    closes: dt.time = col("fermeture", "closing time", example="12:00")

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return order_issue(values, "opens", "closes")


@dataclass(kw_only=True)
class Workshop(Record):
    """A collective workshop at a venue, at a fixed time, grafted into a staff member's day."""

    table: ClassVar[str] = "workshops"
    label_fr: ClassVar[str] = "ateliers collectifs"
    label_en: ClassVar[str] = "collective workshops"

    workshop_id: str = id_col("identifiant de l'atelier", "workshop id", "ATELIER-01", key=True)
    title: str = col("intitulé public", "public title", example="Atelier : changer un joint")
    venue_id: str = id_col("lieu", "venue", "CS-ARGONNE", ref="venues")
    staff_id: str = id_col("animateur", "staff member running it", "TECH-2", ref="staff")
    on: dt.date = col("date", "date", example="2026-11-26")
    start: dt.time = col("début", "start", example="14:00")
    end: dt.time = col("fin", "end", example="16:00")

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        return order_issue(values, "start", "end")


@dataclass(kw_only=True)
class GroceryCommune(Record):
    """What a commune asks of the grocery van: frequency, days, market, hours."""

    table: ClassVar[str] = "grocery_communes"
    label_fr: ClassVar[str] = "communes de l'épicerie"
    label_en: ClassVar[str] = "grocery communes"

    insee_code: str = insee_col(key=True)
    name: str = col("nom de la commune", "commune name", example="Ailly-sur-Somme")
    frequency: str = col("fréquence de passage : hebdo, quinzaine, bihebdo (2 fois par semaine)", "visit frequency: hebdo (weekly), quinzaine (fortnightly), bihebdo (twice weekly)", example="hebdo", choices=FREQUENCIES, default="hebdo")
    preferred_days: tuple[str, ...] = col("jours souhaités par la commune", "weekdays the commune prefers", example="mar;jeu", choices=WEEKDAYS, default=())
    forbidden_days: tuple[str, ...] = col("jours exclus par la commune", "weekdays the commune forbids", example="sam;dim", choices=WEEKDAYS, default=())
    market_day: str | None = col("jour de marché (pas de passage ce jour-là)", "market day (no visit that day)", example="mer", choices=WEEKDAYS, default=None)
    window_start: dt.time | None = col("heure d'arrivée au plus tôt", "earliest arrival", example="09:00", default=None)
    window_end: dt.time | None = col("heure de départ au plus tard", "latest departure", example="18:00", default=None)

    @property
    def excluded_days(self) -> set[str]:
        """Weekdays the van may not come: the forbidden days and the market day."""
        return set(self.forbidden_days) | ({self.market_day} if self.market_day else set())

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        found = order_issue(values, "window_start", "window_end")
        for day in set(values.get("preferred_days", ())) & set(values.get("forbidden_days", ())):
            found.append(issue("forbidden_days", "day_conflict", day=day))
        banned = set(values.get("forbidden_days", ())) | ({values["market_day"]} if values.get("market_day") else set())
        allowed = len(set(WEEKDAYS[:6]) - banned)
        needed = 2 if values.get("frequency") == "bihebdo" else 1
        if allowed < needed:
            found.append(issue("forbidden_days", "frequency_days", frequency=values.get("frequency"), needed=needed, found=allowed))
        return found


@dataclass(kw_only=True)
class GroceryStop(Record):
    """A candidate stop of the grocery van (village square, car park)."""

    table: ClassVar[str] = "grocery_stops"
    label_fr: ClassVar[str] = "arrêts candidats de l'épicerie"
    label_en: ClassVar[str] = "grocery stop candidates"

    stop_id: str = id_col("identifiant de l'arrêt", "stop id", "ARR-001", key=True)
    name: str = col("nom public de l'arrêt", "public stop name", example="Place de l'église")
    insee_code: str = insee_col(ref="grocery_communes")
    lat: float = lat_col(required=True, example="49.9170")
    lon: float = lon_col(required=True, example="2.0210")
    parking: bool = col("stationnement possible pour le camion", "the van can park", example="oui", default=True)
    electricity: bool = col("prise électrique disponible", "power socket available", example="non", default=False)
    dwell_min: int = col("durée de stationnement prévue", "planned dwell time", example="45", unit="min", min=10, max=240, default=45)
