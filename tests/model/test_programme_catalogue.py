"""The programme catalogue loaded by ``tournees init`` says what the fiches say (seed 001_)."""

from __future__ import annotations

from pathlib import Path

from tournees.db import Database
from tournees.demo import RESOURCES
from tournees.io import import_path
from tournees.model import ProgrammeAction


def test_every_fiche_has_its_objectives_titles_and_indicators(tmp_path: Path) -> None:
    path = tmp_path / "cat.sqlite"
    import_path(RESOURCES, path)
    actions = {a.action_id: a for a in Database.open(path).load(ProgrammeAction)}
    assert sorted(actions) == list(range(1, 11))
    assert all(len(a.objectives) >= 3 for a in actions.values())  # the objectives of all ten fiches
    assert "Rendre le locataire acteur de son adaptation" in actions[5].objectives
    assert "Suivi et comparaison des délais d'attente" in actions[5].indicators
    assert actions[3].title.endswith("réseau de bénévoles d'urgence")
    assert actions[9].title.endswith("un achat groupé de mutuelles")


def test_ranges_staff_time_cabin_rental_and_member_organisations(tmp_path: Path) -> None:
    from tournees.model import ActionCost, MemberOrganisation

    path = tmp_path / "cat.sqlite"
    import_path(RESOURCES, path)
    db = Database.open(path)
    actions = {a.action_id: a for a in db.load(ProgrammeAction)}
    assert (actions[3].setup_months, actions[3].setup_months_max) == (9, 12)  # « 9 à 12 mois », not 10
    assert (actions[4].setup_months, actions[4].setup_months_max) == (12, None)
    costs = {(c.action_id, c.label): c for c in db.load(ActionCost)}
    workshop = costs[1, "Coût d'un atelier"]
    assert (workshop.amount_eur, workshop.amount_max_eur, workshop.period) == (50.0, 500.0, "par_seance")  # per session
    platform = costs[3, "Développement d'une plateforme de mise en relation"]
    assert (platform.amount_eur, platform.amount_max_eur) == (5000.0, 10000.0)
    rental = costs[8, "Location d'une cabine (selon les prestataires)"]
    assert (rental.amount_eur, rental.amount_max_eur, rental.period) == (500.0, 2500.0, "mensuel")
    assert costs[5, "Mise à disposition d'un collaborateur"].etp_share_pct == 10.0
    members = {m.name: m.departement for m in db.load(MemberOrganisation)}
    assert len(members) == 35 and members["OPAC 36"] == "36" and members["Loir&Cher Logement"] == "41"
    assert members["Tours Habitat"] is None  # no département in the name: none invented
