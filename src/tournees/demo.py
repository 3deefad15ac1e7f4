"""The demo programme: a seeded, plausible data set on real road networks.

Places come from the OpenStreetMap road graphs of the shared data folder (Orléans
for the urban services, villages west of Amiens for the grocery van until a rural
Centre-Val de Loire extract exists). People and requests are invented, drawn
with a fixed seed, so the same seed always gives the same files.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

from tournees.geo import local_xy
from tournees.io.exporter import table_rows, write_csv
from tournees.model import (
    Activity,
    BricolageRequest,
    Depot,
    EcrivainRequest,
    GroceryCommune,
    GroceryStop,
    Landlord,
    Record,
    Residence,
    SatisfactionAnswer,
    Sector,
    Staff,
    Tenant,
    Territory,
    Vehicle,
    Venue,
    VenueHours,
    Workshop,
    columns,
)
from tournees.model.vocab import MOTIVES
from tournees.settings import Settings

log = logging.getLogger(__name__)

RESOURCES = Path(__file__).with_name("resources")
ORLEANS_GRAPH = ("roads", "orleans", "orleans.graphml.gz")
SOMME_GRAPH = ("roads", "rural_sample_somme", "villages_ouest_amiens.graphml.gz")
# The same areas, for a download when the shared files are absent (west, south, east, north).
BBOXES: dict[tuple[str, ...], tuple[float, float, float, float]] = {ORLEANS_GRAPH: (1.83049, 47.84322, 2.00953, 47.95095), SOMME_GRAPH: (1.97544, 49.80998, 2.21805, 49.95095)}
DEMO_WEEK = "2026-W48"
BUILTIN = ("actions", "action_costs", "intervention_types")

# (name, commune, INSEE, postcode, lat, lon, QPV, sector): real neighbourhoods.
NEIGHBOURHOODS = [
    ("Argonne", "Orléans", "45234", "45000", 47.9095, 1.9340, True, "EST"),
    ("Blossières", "Orléans", "45234", "45000", 47.9215, 1.8990, True, "NORD"),
    ("Dunois", "Orléans", "45234", "45000", 47.9070, 1.8960, False, "OUEST"),
    ("Bourgogne", "Orléans", "45234", "45000", 47.9005, 1.9150, False, "EST"),
    ("Madeleine", "Orléans", "45234", "45000", 47.8985, 1.8870, False, "OUEST"),
    ("Saint-Marceau", "Orléans", "45234", "45100", 47.8890, 1.9060, False, "SUD"),
    ("Le Bêle", "Saint-Jean-de-Braye", "45284", "45800", 47.9120, 1.9700, False, "EST"),
    ("Les Salmoneries", "Fleury-les-Aubrais", "45147", "45400", 47.9330, 1.9150, True, "NORD"),
    ("Les Chaises", "Saint-Jean-de-la-Ruelle", "45285", "45140", 47.9125, 1.8660, True, "OUEST"),
    ("Le Larry", "Olivet", "45232", "45160", 47.8680, 1.9000, False, "SUD"),
    ("Centre", "Saran", "45302", "45770", 47.9480, 1.8800, False, "NORD"),
]
STREETS = ["rue des Acacias", "rue de la Borde", "avenue des Droits de l'Homme", "rue du Faubourg Bannier",
           "rue Basse d'Ingré", "allée des Tilleuls", "rue de Coulmiers", "boulevard Marie Stuart",
           "rue des Charretiers", "rue Saint-Marc", "rue de la Mouillère", "rue du Pressoir Neuf"]
SECTORS = [("NORD", "Secteur Nord", "mar"), ("EST", "Secteur Est", "mer"), ("SUD", "Secteur Sud", "jeu"), ("OUEST", "Secteur Ouest", "ven")]
# Venues of the writer: real public buildings, approximate positions (snapped to the network).
VENUES = [
    ("MAIRIE-ORL", "mairie", "Mairie d'Orléans", "Place de l'Étape, 45000 Orléans", "45234", 47.9030, 1.9045,
     {"lun": [(9, 12), (14, 17)], "mar": [(9, 12), (14, 17)], "mer": [(9, 12)], "jeu": [(9, 12), (14, 17)], "ven": [(9, 12), (14, 16)]}),
    ("CS-ARGONNE", "centre_social", "Centre social de l'Argonne", "Rue de l'Argonne, 45000 Orléans", "45234", 47.9110, 1.9330,
     {"mar": [(9, 12), (14, 17)], "jeu": [(14, 17)], "ven": [(9, 12)]}),
    ("CCAS-FLEURY", "ccas", "CCAS de Fleury-les-Aubrais", "Place de la République, 45400 Fleury-les-Aubrais", "45147", 47.9330, 1.9180,
     {"lun": [(14, 17)], "mer": [(9, 12), (14, 17)], "ven": [(9, 12)]}),
    ("MAIRIE-SJB", "mairie", "Mairie de Saint-Jean-de-Braye", "43 rue de la Mairie, 45800 Saint-Jean-de-Braye", "45284", 47.9125, 1.9735,
     {"mar": [(9, 12)], "jeu": [(9, 12), (14, 17)]}),
    ("MAIRIE-SJR", "mairie", "Mairie de Saint-Jean-de-la-Ruelle", "Place Charles de Gaulle, 45140 Saint-Jean-de-la-Ruelle", "45285", 47.9110, 1.8650,
     {"lun": [(9, 12)], "mer": [(14, 17)], "ven": [(14, 17)]}),
]
# Villages west of Amiens (Somme) for the grocery van. INSEE codes are indicative.
VILLAGES = [
    ("80010", "Ailly-sur-Somme", 49.9270, 2.1990, "hebdo", (), ("dim",), "mer"),
    ("80621", "Picquigny", 49.9440, 2.1420, "bihebdo", ("mar", "ven"), (), "mer"),
    ("80125", "Bovelles", 49.8930, 2.1380, "hebdo", (), (), None),
    ("80738", "Seux", 49.8800, 2.1070, "quinzaine", (), (), None),
    ("80629", "Pissy", 49.8660, 2.1300, "hebdo", ("jeu",), (), None),
    ("80671", "Revelles", 49.8460, 2.1160, "hebdo", (), ("lun",), None),
    ("80320", "Fluy", 49.8620, 2.0870, "quinzaine", (), (), None),
    ("80552", "Molliens-Dreuil", 49.8840, 2.0200, "hebdo", (), (), "jeu"),
    ("80180", "Cavillon", 49.9180, 2.0850, "quinzaine", (), (), None),
    ("80340", "Fourdrinoy", 49.9200, 2.1060, "hebdo", (), (), None),
    ("80670", "Riencourt", 49.9200, 2.0450, "quinzaine", (), (), None),
    ("80120", "Bougainville", 49.8620, 2.0450, "hebdo", (), ("mer",), None),
    ("80713", "Saisseval", 49.8980, 2.1060, "quinzaine", (), (), None),
    ("80609", "Oissy", 49.9100, 2.0600, "quinzaine", (), (), None),
]


@dataclass
class NodeIndex:
    """Graph nodes of the largest connected part, for placing points on the network."""

    lat: np.ndarray
    lon: np.ndarray
    tree: cKDTree
    lat0: float

    @classmethod
    def for_area(cls, settings: Settings, parts: tuple[str, ...]) -> NodeIndex:
        """The demo area from the shared data folder, or downloaded when it is absent and allowed."""
        from tournees.errors import DataFolderError, NetworkError
        from tournees.network import largest_component, load_graph
        from tournees.network.graph import graph_from_osm_online

        try:
            graph = load_graph(settings.road_file(*parts))
        except DataFolderError as missing:
            if not settings.download:
                raise
            log.warning("%s ; essai de téléchargement de la même zone depuis OpenStreetMap", missing)
            try:
                graph = graph_from_osm_online(BBOXES[parts], cache_dir=settings.cache_dir)
            except NetworkError as offline:
                raise DataFolderError(f"{missing}\n{offline}") from offline
        graph = largest_component(graph)
        ids = sorted(graph.nodes)
        lat = np.array([graph.nodes[n]["y"] for n in ids])
        lon = np.array([graph.nodes[n]["x"] for n in ids])
        lat0 = float(lat.mean())
        return cls(lat, lon, cKDTree(local_xy(lat, lon, lat0)), lat0)

    def near(self, lat: float, lon: float, rng: np.random.Generator, radius_m: float) -> tuple[float, float]:
        """A network node drawn at random within ``radius_m`` of a point (the nearest if none)."""
        centre = local_xy(np.array([lat]), np.array([lon]), self.lat0)[0]
        found = sorted(self.tree.query_ball_point(centre, radius_m))
        idx = int(rng.choice(found)) if found else int(self.tree.query(centre)[1])
        return round(float(self.lat[idx]), 6), round(float(self.lon[idx]), 6)


def demo_road_files(settings: Settings) -> list[Path]:
    """The demo's road networks, for its plans to use through the ``roads`` setting like a user's own
    files: the shared data folder's, or the copies downloaded into the cache when those are absent."""
    from tournees.errors import DataFolderError
    from tournees.network.download import download_to

    files = []
    for parts in (ORLEANS_GRAPH, SOMME_GRAPH):
        try:
            files.append(settings.road_file(*parts))
        except DataFolderError:
            if not settings.download:
                raise
            files.append(download_to(BBOXES[parts], settings.cache_dir))
    return files


# Written in the SQLite header (PRAGMA application_id) of a base the demo built: the demo
# replaces such a base, never another one (a real programme given by mistake to --db).
DEMO_APPLICATION_ID = 0x746F7572  # "tour"


def mark_demo_database(db_path: str | Path) -> None:
    """Record in the SQLite file ``db_path`` that the demo built it."""
    import sqlite3

    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
        conn.commit()


def made_by_demo(db_path: str | Path) -> bool:
    """Whether the SQLite file ``db_path`` was built by the demo (read only; False for anything else)."""
    import sqlite3

    try:
        with closing(sqlite3.connect(f"file:{Path(db_path).absolute()}?mode=ro", uri=True)) as conn:
            return bool(conn.execute("PRAGMA application_id").fetchone()[0] == DEMO_APPLICATION_ID)
    except sqlite3.Error:
        return False


def check_demo_target(db_path: str, *, force: bool = False, lang: str | None = None) -> None:
    """Refuse (nothing touched) to rebuild the demo over a base it did not create, unless ``force``."""
    from tournees.errors import ValidationError
    from tournees.i18n import t

    path = Path(db_path)
    if "://" in db_path or force or not (path.exists() or path.is_symlink()):
        return
    if not path.is_file() or not made_by_demo(path):
        raise ValidationError(t("safe_demo_foreign", lang, path=path))


def clear_demo_database(db_path: str, *, force: bool = False, lang: str | None = None) -> None:
    """Delete the earlier demo base at ``db_path`` before it is built again (see :func:`check_demo_target`)."""
    check_demo_target(db_path, force=force, lang=lang)
    if "://" not in db_path and Path(db_path).is_file():
        Path(db_path).unlink()


def find_demo_database(start: str | Path | None = None) -> Path:
    """The demo base for the analysts' notebooks: ``TOURNEES_DB``, else ``var/demo.sqlite`` in ``start`` (the
    current folder) or the nearest folder above it, so a notebook opened from ``notebooks/`` finds the one
    ``make demo`` built at the root. Never creates one: a clear error says how to get it."""
    import os

    from tournees.i18n import t

    if os.environ.get("TOURNEES_DB"):
        return Path(os.environ["TOURNEES_DB"])
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "var" / "demo.sqlite").is_file():
            return folder / "var" / "demo.sqlite"
    raise FileNotFoundError(t("demo_base_not_found", None, folder=here))


def _time(h: int, m: int = 0) -> dt.time:
    return dt.time(h, m)


def build_demo(settings: Settings, out: Path, *, seed: int = 2026, n_bricolage: int = 120) -> dict[str, Sequence[Record]]:
    """Generate the demo input tables and write them to ``out`` as CSV templates."""
    rng = np.random.default_rng(seed)
    urban = NodeIndex.for_area(settings, ORLEANS_GRAPH)
    rural = NodeIndex.for_area(settings, SOMME_GRAPH)
    tables: dict[str, Sequence[Record]] = {}

    landlords = [
        Landlord(landlord_id="LOGEMLOIRET", name="LogemLoiret", service_name="Service seniors de LogemLoiret",
                 service_phone="02 38 00 10 10", service_email="seniors@logemloiret.example"),
        Landlord(landlord_id="RES-ORLEANAIS", name="Les résidences de l'Orléanais", service_name="Pôle accompagnement",
                 service_phone="02 38 00 20 20", service_email="accompagnement@residences-orleanais.example"),
    ]
    territories = [
        Territory(territory_id="LL-NORD", landlord_id="LOGEMLOIRET", name="Agence Orléans Nord"),
        Territory(territory_id="LL-SUD", landlord_id="LOGEMLOIRET", name="Agence Orléans Sud"),
        Territory(territory_id="RO-CENTRE", landlord_id="RES-ORLEANAIS", name="Territoire Centre"),
        Territory(territory_id="RO-RURAL", landlord_id="RES-ORLEANAIS", name="Territoire rural"),
    ]
    sectors = [Sector(sector_id=s, name=n, pass_weekday=d, pass_every_weeks=2, first_pass_on=dt.date(2026, 11, 23) + dt.timedelta(days=["lun", "mar", "mer", "jeu", "ven"].index(d))) for s, n, d in SECTORS]

    residences: list[Residence] = []
    for i in range(44):
        name, commune, insee, postcode, lat, lon, qpv, sector = NEIGHBOURHOODS[i % len(NEIGHBOURHOODS)]
        plat, plon = urban.near(lat, lon, rng, 700)
        landlord = "LOGEMLOIRET" if i % 2 == 0 else "RES-ORLEANAIS"
        territory = ("LL-NORD" if plat > 47.90 else "LL-SUD") if landlord == "LOGEMLOIRET" else "RO-CENTRE"
        residences.append(Residence(
            residence_id=f"RES-{i + 1:03d}", landlord_id=landlord, territory_id=territory, sector_id=sector,
            name=f"Résidence {name} {i // len(NEIGHBOURHOODS) + 1}", address=f"{int(rng.integers(1, 120))} {STREETS[int(rng.integers(len(STREETS)))]}",
            postcode=postcode, commune=commune, insee_code=insee, qpv=qpv, lat=plat, lon=plon,
            access_notes="Stationnement visiteurs devant le bâtiment A" if i % 3 == 0 else None,
        ))
    for j, (insee, village, lat, lon, *_rest) in enumerate(VILLAGES):
        for k in range(2):
            plat, plon = rural.near(lat, lon, rng, 900 if k else 400)
            residences.append(Residence(
                residence_id=f"RES-R{j + 1:02d}{k + 1}", landlord_id="RES-ORLEANAIS", territory_id="RO-RURAL",
                name=f"Logements {village} {k + 1}", address=f"{int(rng.integers(1, 40))} rue principale",
                postcode="80000", commune=village, insee_code=insee, lat=plat, lon=plon,
            ))

    urban_res = [r for r in residences if not r.residence_id.startswith("RES-R")]
    rural_res = [r for r in residences if r.residence_id.startswith("RES-R")]
    tenants: list[Tenant] = []
    for i in range(400):
        res = urban_res[int(rng.integers(len(urban_res)))] if i < 300 else rural_res[int(rng.integers(len(rural_res)))]
        age = int(np.clip(rng.normal(78, 7), 62, 99))
        mobility = str(rng.choice(["autonome", "aide", "fauteuil", "domicile"], p=[0.62, 0.22, 0.06, 0.10]))
        gir = int(rng.choice([2, 3, 4, 5, 6], p=[0.05, 0.1, 0.25, 0.3, 0.3])) if rng.random() < 0.4 else None
        tenants.append(Tenant(
            tenant_id=f"LOC-{i + 1:04d}", residence_id=res.residence_id, birth_year=2026 - age,
            sex=str(rng.choice(["F", "M"], p=[0.62, 0.38])), gir=gir, isolated=bool(rng.random() < 0.35),
            has_car=bool(rng.random() < (0.35 if i >= 300 else 0.2)), mobility=mobility, consent=bool(rng.random() < 0.93),
            contact_preference=str(rng.choice(["telephone", "courrier", "visite"], p=[0.6, 0.3, 0.1])),
            channel=str(rng.choice(["bailleur", "mairie", "bouche_a_oreille", "ccas", "affichage"])),
            phone=f"02 38 {int(rng.integers(10, 99))} {int(rng.integers(10, 99))} {int(rng.integers(10, 99))}",
            # where the flat is (derived from the index: the random stream of the demo stays as it was)
            building="ABC"[i % 3], staircase=str(1 + i % 2), floor="RDC" if i % 5 == 0 else str(i % 5), door=f"{i % 5}{1 + i % 7}",
            access_notes="Interphone au nom du bailleur, ascenseur" if i % 4 == 0 else None, call_ahead=i % 3 == 0,
        ))

    def place(lat: float, lon: float, index: NodeIndex) -> tuple[float, float]:
        return index.near(lat, lon, rng, 150)

    dlat, dlon = place(47.9180, 1.9250, urban)
    glat, glon = place(49.9270, 2.1990, rural)
    depots = [
        Depot(depot_id="DEP-BRICO", name="Atelier bricol'âge", address="Rue du Faubourg Bourgogne, 45000 Orléans", insee_code="45234", lat=dlat, lon=dlon),
        Depot(depot_id="DEP-ECRIVAIN", name="Bureau de l'écrivain numérique", address="Place de l'Étape, 45000 Orléans", insee_code="45234", lat=dlat, lon=dlon),
        Depot(depot_id="DEP-EPICERIE", name="Local de l'épicerie mobile", address="Zone artisanale, Ailly-sur-Somme", insee_code="80010", lat=glat, lon=glon),
    ]
    depots[1] = Depot(**{**vars_of(depots[1]), **dict(zip(("lat", "lon"), place(47.9030, 1.9045, urban), strict=True))})  # type: ignore[arg-type]
    vehicles = [
        Vehicle(vehicle_id="VAN-1", service="bricolage", depot_id="DEP-BRICO", label="Fourgon bricol'âge 1", cost_per_km_eur=0.32),
        Vehicle(vehicle_id="VAN-2", service="bricolage", depot_id="DEP-BRICO", label="Fourgon bricol'âge 2", cost_per_km_eur=0.32),
        Vehicle(vehicle_id="EPI-1", service="epicerie", depot_id="DEP-EPICERIE", label="Camion épicerie", cost_per_km_eur=0.45, needs_electricity=True),
        Vehicle(vehicle_id="ECR-CAR", service="ecrivain", depot_id="DEP-ECRIVAIN", label="Voiture de service", cost_per_km_eur=0.25),
    ]
    staff = [
        Staff(staff_id="TECH-1", service="bricolage", label="Technicien 1", depot_id="DEP-BRICO", vehicle_id="VAN-1",
              skills=("plomberie", "electricite", "menuiserie"), shift_start=_time(8), shift_end=_time(16, 30), lunch_start=_time(12), lunch_end=_time(13, 30), lunch_min=45),
        Staff(staff_id="TECH-2", service="bricolage", label="Technicien 2", depot_id="DEP-BRICO", vehicle_id="VAN-2",
              skills=("menuiserie", "serrurerie", "adaptation", "electricite"), shift_start=_time(8, 30), shift_end=_time(17), lunch_start=_time(12), lunch_end=_time(14), lunch_min=45),
        Staff(staff_id="EPI-CHAUFFEUR", service="epicerie", label="Épicier itinérant", depot_id="DEP-EPICERIE", vehicle_id="EPI-1",
              working_days=("mar", "mer", "jeu", "ven", "sam"), shift_start=_time(7, 30), shift_end=_time(16, 30), lunch_start=_time(12), lunch_end=_time(14), lunch_min=60),
        Staff(staff_id="ECRIVAIN-1", service="ecrivain", label="Écrivain numérique", depot_id="DEP-ECRIVAIN", vehicle_id="ECR-CAR",
              skills=("demarches",), shift_start=_time(8, 30), shift_end=_time(17, 30), lunch_start=_time(12), lunch_end=_time(14), lunch_min=60),
        # a référent seniors per landlord (fiche 2), both based in Orléans: the rural residences are on another network
        *(Staff(staff_id=f"REF-{n}", service="referent", label=f"Référent seniors {name}", depot_id="DEP-ECRIVAIN",
                shift_start=_time(9), shift_end=_time(17, 30), lunch_start=_time(12), lunch_end=_time(14), lunch_min=60)
          for n, name in ((1, "LogemLoiret"), (2, "Résidences de l'Orléanais"))),
    ]
    venues, hours = [], []
    for vid, kind, name, address, insee, lat, lon, opening in VENUES:
        vlat, vlon = place(lat, lon, urban)
        venues.append(Venue(venue_id=vid, kind=kind, name=name, address=address, insee_code=insee, lat=vlat, lon=vlon))
        for day, spans in opening.items():
            hours += [VenueHours(venue_id=vid, weekday=day, opens=_time(a), closes=_time(b)) for a, b in spans]

    workshops = [Workshop(workshop_id="ATELIER-W48", title="Atelier petits travaux : changer un joint de robinet", venue_id="CS-ARGONNE",
                          staff_id="TECH-2", on=dt.date(2026, 11, 26), start=_time(14), end=_time(16))]
    communes, stops = [], []
    for j, (insee, village, lat, lon, freq, preferred, forbidden, market) in enumerate(VILLAGES):
        communes.append(GroceryCommune(insee_code=insee, name=village, frequency=freq, preferred_days=preferred,
                                       forbidden_days=forbidden, market_day=market, window_start=_time(8, 30), window_end=_time(18)))
        for k, label in enumerate(["Place de la mairie", "Parking de l'église"][: 1 + (j % 3 == 0)]):
            slat, slon = rural.near(lat, lon, rng, 250 if k == 0 else 600)
            stops.append(GroceryStop(stop_id=f"ARR-{j + 1:02d}{k + 1}", name=f"{village} – {label}", insee_code=insee,
                                     lat=slat, lon=slon, parking=True, electricity=bool(k == 0 or rng.random() < 0.3),
                                     dwell_min=int(rng.choice([30, 45, 60]))))

    type_rows = _builtin_rows("intervention_types")
    type_ids = [row["type_id"] for row in type_rows]
    start = dt.date(2026, 11, 9)
    brico: list[BricolageRequest] = []
    urban_tenants = [t for t in tenants if t.residence_id in {r.residence_id for r in urban_res}]
    for i in range(n_bricolage):
        tenant = urban_tenants[int(rng.integers(len(urban_tenants)))]
        received = start + dt.timedelta(days=int(rng.integers(0, 14)))
        priority = str(rng.choice(["urgent", "fragile", "isole", "normal"], p=[0.08, 0.17, 0.2, 0.55]))
        avail: tuple[str, ...] = ()
        if rng.random() < 0.45:
            days = sorted(rng.choice(5, size=int(rng.integers(1, 4)), replace=False))
            avail = tuple(f"{['lun', 'mar', 'mer', 'jeu', 'ven'][d]}{str(rng.choice(['', '-am', '-pm']))}" for d in days)
        brico.append(BricolageRequest(
            request_id=f"BRI-{i + 1:04d}", tenant_id=tenant.tenant_id, type_id=str(rng.choice(type_ids)), received_on=received,
            priority=priority, due_on=received + dt.timedelta(days=3 if priority == "urgent" else 21), availability=avail,
            preferred_staff_id=("TECH-1" if rng.random() < 0.5 else "TECH-2") if rng.random() < 0.15 else None,
            channel=str(rng.choice(["bailleur", "mairie", "bouche_a_oreille", "ccas"])),
        ))
    ecr: list[EcrivainRequest] = []
    for i in range(60):
        tenant = urban_tenants[int(rng.integers(len(urban_tenants)))]
        received = start + dt.timedelta(days=int(rng.integers(0, 14)))
        motive = str(rng.choice(MOTIVES, p=[0.2, 0.15, 0.15, 0.12, 0.12, 0.1, 0.06, 0.04, 0.06]))
        home = tenant.mobility == "domicile"
        deadline = received + dt.timedelta(days=int(rng.integers(10, 45))) if motive in ("caf", "impots", "retraite", "sante") else None
        ecr.append(EcrivainRequest(
            request_id=f"ECR-{i + 1:04d}", tenant_id=tenant.tenant_id, motive=motive, received_on=received,
            deadline=deadline, urgent=bool(rng.random() < 0.12), home_visit=home,
            max_travel_min=None if home else int(rng.choice([15, 20, 30])),
            availability=tuple(sorted(set(str(d) for d in rng.choice(["lun", "mar-am", "mer", "jeu", "ven-am"], size=2)))) if rng.random() < 0.5 else (),
            channel=str(rng.choice(["mairie", "bailleur", "ccas", "bouche_a_oreille"])),
        ))

    activities, answers = _history(rng, tenants, urban_res, stops, type_ids)
    urgent = [BricolageRequest(request_id=f"BRI-U{k + 1}", tenant_id=urban_tenants[int(rng.integers(len(urban_tenants)))].tenant_id,
                               type_id=type_id, received_on=dt.date(2026, 11, 24), priority="urgent", due_on=dt.date(2026, 11, 26),
                               channel="bailleur", notes=note)
              for k, (type_id, note) in enumerate([("CHASSE-EAU", "Fuite continue"), ("SERRURE", "Porte qui ne ferme plus"),
                                                   ("PRISE", "Prise arrachée")])]
    tables.update({
        "landlords": landlords, "territories": territories, "sectors": sectors, "residences": residences,
        "tenants": tenants, "depots": depots, "vehicles": vehicles, "staff": staff, "venues": venues,
        "venue_hours": hours, "workshops": workshops, "grocery_communes": communes, "grocery_stops": stops,
        "bricolage_requests": brico, "ecrivain_requests": ecr, "activities": activities, "satisfaction": answers,
    })
    from tournees.fiches.demo import programme_records  # the other fiches' records (issue #30), own random stream

    tables.update(programme_records(tenants, residences, venues, workshops, urban.near, seed=seed))
    _write(out, tables)
    # Three urgent requests arriving on Tuesday, for the re-planning example (not imported).
    cls = BricolageRequest
    write_csv(out.parent / "urgences_mardi.csv", [c.name for c in columns(cls)], table_rows(cls, urgent))
    return tables


def vars_of(record: Record) -> dict[str, object]:
    return {c.name: getattr(record, c.name) for c in columns(type(record))}


def _builtin_rows(name: str) -> list[dict[str, str]]:
    import csv

    with (RESOURCES / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _history(rng: np.random.Generator, tenants: Sequence[Tenant], urban_res: Sequence[Residence],
             stops: Sequence[GroceryStop], type_ids: Sequence[str]) -> tuple[list[Activity], list[SatisfactionAnswer]]:
    """Three months of past activity (September to mid-November 2026) for the indicators."""
    urban_ids = {r.residence_id for r in urban_res}
    urban = [t for t in tenants if t.residence_id in urban_ids]
    rural = [t for t in tenants if t.residence_id not in urban_ids]
    first = dt.date(2026, 9, 1)
    activities: list[Activity] = []
    answers: list[SatisfactionAnswer] = []
    plan = [("bricolage", urban, 140), ("ecrivain", urban, 90), ("epicerie", rural, 160)]
    n = 0
    for service, pool, count in plan:
        for _ in range(count):
            n += 1
            tenant = pool[int(rng.integers(len(pool)))]
            day = first + dt.timedelta(days=int(rng.integers(0, 75)))
            while day.weekday() > 4:
                day -= dt.timedelta(days=1)
            outcome = str(rng.choice(["done", "cancelled", "no_show"], p=[0.86, 0.09, 0.05]))
            lead = int(rng.gamma(2.0, 4.0)) if service != "epicerie" else None
            activity = Activity(
                activity_id=f"ACT-{n:05d}", service=service, tenant_id=tenant.tenant_id, on=day, outcome=outcome,
                received_on=day - dt.timedelta(days=lead) if lead is not None else None,
                staff_id={"bricolage": "TECH-1" if rng.random() < 0.5 else "TECH-2", "ecrivain": "ECRIVAIN-1", "epicerie": "EPI-CHAUFFEUR"}[service],
                venue_id=str(rng.choice([v[0] for v in VENUES])) if service == "ecrivain" else None,
                stop_id=stops[int(rng.integers(len(stops)))].stop_id if service == "epicerie" else None,
                motive=str(rng.choice(type_ids)) if service == "bricolage" else (str(rng.choice(MOTIVES)) if service == "ecrivain" else None),
                channel=tenant.channel,
                duration_min=int(rng.integers(40, 130)) if outcome == "done" and service != "epicerie" else None,
                succeeded=bool(rng.random() < 0.8) if service == "ecrivain" and outcome == "done" else None,
            )
            activities.append(activity)
            if outcome == "done" and rng.random() < 0.3:
                for question in ("global", "delai" if service != "epicerie" else "produits"):
                    answers.append(SatisfactionAnswer(activity_id=activity.activity_id, question=question,
                                                      score=int(rng.choice([2, 3, 4, 5], p=[0.05, 0.15, 0.45, 0.35]))))
    return activities, answers


def _write(out: Path, tables: dict[str, Sequence[Record]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in BUILTIN:
        shutil.copyfile(RESOURCES / f"{name}.csv", out / f"{name}.csv")
    for name, records in tables.items():
        cls = type(records[0])
        write_csv(out / f"{name}.csv", [c.name for c in columns(cls)], table_rows(cls, records))
    log.info("données de démonstration écrites dans %s", out)
