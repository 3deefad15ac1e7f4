"""The service registry: the CLI, the summary and ``check`` come from it; a fourth service plans end to end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services.toy_service import CourtesyVisits
from tournees.cli import main
from tournees.io import import_path
from tournees.services import registry


@pytest.fixture
def toy() -> Iterator[CourtesyVisits]:
    service = CourtesyVisits()
    registry.register(service)
    try:
        yield service
    finally:
        registry.unregister(service.code)


def test_the_four_services_are_registered_in_order() -> None:
    assert registry.codes() == ("bricolage", "ecrivain", "epicerie", "referent")
    assert [s.title("en") for s in registry.services()] == [
        "Bricol'âge", "Digital writer", "Mobile grocery", "Senior tenants' référent"]


def test_a_fourth_service_plans_through_the_registry_alone(
    toy: CourtesyVisits, ok_small: Path, tmp_path: Path, settings, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    db = tmp_path / "db.sqlite"
    import_path(ok_small, db)
    out = tmp_path / "visites"
    code = main(["plan", "visites", "--db", str(db), "--week", "2026-W48", "--out", str(out), "--time-limit", "2"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Visites de courtoisie : 1 visite(s)" in captured.out  # OK_SMALL has one isolated tenant
    assert "VISITE-L1" in (out / "visits.csv").read_text(encoding="utf-8")
    assert "Visites de courtoisie — VISITEUR" in (out / "feuilles_de_route.html").read_text(encoding="utf-8")
    assert (out / "mot_du_visiteur.txt").exists()  # its extra-documents hook ran
    assert main(["check", str(out)]) == 0
    (out / "mot_du_visiteur.txt").unlink()
    assert main(["check", str(out)]) == 2  # its own folder check ran
    assert "mot_du_visiteur.txt manquant" in capsys.readouterr().out


def test_an_unknown_service_is_refused_by_the_cli(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["plan", "visites", "--week", "2026-W48", "--out", str(tmp_path / "x")])
    assert stop.value.code == 2
    assert "visites" in capsys.readouterr().err


def test_a_service_code_is_registered_once() -> None:
    with pytest.raises(ValueError):
        registry.register(registry.get("bricolage"))
