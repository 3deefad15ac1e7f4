"""Addresses imported without coordinates: the import stores them offline, ``tournees geocode`` fills them in
(against the local BAN/Nominatim stub of test_geocoding), lists what to review, and says "hors ligne" offline."""

from __future__ import annotations

import copy
import csv
import socket
from pathlib import Path

import pytest

from tests.conftest import OK_SMALL, write_tables
from tests.test_geocoding import Stub, stub  # noqa: F401 - the stub server fixture
from tournees.cli import main
from tournees.db import Database
from tournees.geocoding import Address, Geocoder, Provider, review_list
from tournees.model import Depot, Residence, Venue


def _refused() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.fixture
def no_coords(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """OK_SMALL with a residence, the depot and the venue given by address only."""
    tables = copy.deepcopy(OK_SMALL)
    res = tables["residences"][0]
    res.update(address="12 rue des Acacias", postcode="45000", commune="Orléans", lat="", lon="")
    tables["depots"][0].update(address="Rue imaginaire 45000 Orléans", lat="", lon="")
    tables["venues"][0].update(address="Nulle part", lat="", lon="")
    monkeypatch.setenv("TOURNEES_CACHE_DIR", str(tmp_path / "cache"))
    return write_tables(tmp_path / "csv", tables)


def test_import_stores_addresses_without_coordinates_and_says_what_to_run(
    no_coords: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("TOURNEES_GEOCODER_BAN_URL", _refused())  # the import must not even try
    db = str(tmp_path / "db.sqlite")
    assert main(["--db", db, "import", str(no_coords)]) == 0
    assert "3 adresse(s) sans coordonnées" in capsys.readouterr().out
    base = Database.open(db)
    assert [(r.lat, r.lon) for r in base.load(Residence)] == [(None, None)]
    assert base.load(Depot)[0].lat is None and base.load(Venue)[0].lat is None
    assert main(["--db", db, "geocode", "--check"]) == 0
    out = capsys.readouterr().out
    assert (
        "residences R1 : 12 rue des Acacias 45000 Orléans — sans coordonnées" in out
        and "depots D1" in out
        and "venues MAIRIE" in out
    )
    # Planning before geocoding: the depot missing is a clear input error naming it, nothing written
    # (a residence missing only leaves its requests out, with that reason).
    code = main(["--db", db, "plan", "bricolage", "--week", "2026-W48", "--out", str(tmp_path / "D")])
    err = capsys.readouterr().err
    assert (
        code == 2
        and "1 lieu(x) sans coordonnées : D1. Lancez « tournees geocode »" in err
        and not (tmp_path / "D").exists()
    )


def test_geocode_fills_what_it_finds_and_lists_the_rest(
    no_coords: Path,
    tmp_path: Path,
    stub: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys,
) -> None:
    db = str(tmp_path / "db.sqlite")
    assert main(["--db", db, "import", str(no_coords)]) == 0
    monkeypatch.setenv("TOURNEES_GEOCODER_BAN_URL", f"http://{stub}/ban")
    monkeypatch.setenv("TOURNEES_GEOCODER_NOMINATIM_URL", f"http://{stub}/nominatim")
    capsys.readouterr()
    review = tmp_path / "a_verifier.csv"
    assert main(["--db", db, "geocode", "--review", str(review)]) == 0
    out = capsys.readouterr().out
    assert "1 adresse(s) géocodée(s) sur 3 ; 2 à vérifier." in out
    assert "depots D1 : Rue imaginaire 45000 Orléans — correspondance incertaine (0.45)" in out
    assert "venues MAIRIE : Nulle part — introuvable" in out and "hors ligne" not in out
    base = Database.open(db)
    assert [(r.lat, r.lon) for r in base.load(Residence)] == [(47.9101, 1.9302)]  # BAN, score 0.93
    assert base.load(Depot)[0].lat is None  # 0.45: too unsure to be written, listed instead
    with review.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["table"], r["id"], r["reason"]) for r in rows] == [
        ("depots", "D1", "uncertain"),
        ("venues", "MAIRIE", "not_found"),
    ]
    hits = len(Stub.hits)
    assert main(["--db", db, "geocode"]) == 0  # asked again: answered from the cache, nothing sent
    assert len(Stub.hits) == hits


def test_offline_says_hors_ligne_not_introuvable_and_stops_asking(
    no_coords: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    geo = Geocoder(
        tmp_path / "geo.sqlite",
        providers=[Provider.ban(domain=_refused()[7:], scheme="http", min_delay_s=0.0)],
        sleep=lambda s: None,
    )
    results = geo.geocode(
        [Address("A", "1 rue de la Paix 45000 Orléans"), Address("B", "2 rue de la Paix 45000 Orléans")]
    )
    assert [r.provider for r in results] == [
        "unreachable",
        "unreachable",
    ] and geo.calls == 1  # the second address is not tried
    assert all(r.startswith("géocodeur injoignable (hors ligne") for r in review_list(results)["raison"])
    db = str(tmp_path / "db.sqlite")
    assert main(["--db", db, "import", str(no_coords)]) == 0
    monkeypatch.setenv("TOURNEES_GEOCODER_BAN_URL", _refused())
    monkeypatch.setenv("TOURNEES_GEOCODER_NOMINATIM_URL", _refused())
    capsys.readouterr()
    assert main(["--db", db, "geocode"]) == 0
    out = capsys.readouterr().out
    assert out.count("hors ligne") == 3 and "introuvable" not in out
    assert Database.open(db).load(Residence)[0].lat is None
