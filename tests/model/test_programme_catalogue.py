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
