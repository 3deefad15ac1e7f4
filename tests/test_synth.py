"""Synthetic regional data (issue #31): landlords, tenants, requests arriving week after week and staff, through
the normal import, in a new base only."""

from __future__ import annotations

from pathlib import Path

from tournees.cli import main
from tournees.db import Database
from tournees.model import BricolageRequest, Landlord, Residence, Staff, Tenant


def test_synth_writes_a_new_base_of_invented_landlords(tmp_path: Path, settings, monkeypatch, capsys) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    out = tmp_path / "synth.sqlite"
    args = ["synth", "--landlords", "2", "--seniors", "30", "--weeks", "2", "--rate", "0.2", "--out", str(out)]
    assert main(args) == 0
    assert "données inventées" in capsys.readouterr().out
    db = Database.open(out)
    assert sorted(x.landlord_id for x in db.load(Landlord)) == ["SYN01", "SYN02"]
    tenants = db.load(Tenant)
    assert len(tenants) == 60 and all(x.gir is None and not x.phone for x in tenants)  # nothing sensitive invented
    residences = db.load(Residence)
    assert all(r.lat is not None and r.sector_id for r in residences)
    staff = db.load(Staff)
    assert {s.depot_id for s in staff} == {"DEP-SYN01", "DEP-SYN02"}  # each landlord's own service
    received = sorted(r.received_on.isoformat() for r in db.load(BricolageRequest))
    assert received[0] < "2026-11-23" <= received[-1] < "2026-12-07"  # a backlog, then arrivals over the weeks
    before = out.read_bytes()
    assert main(args) == 2  # never replaces a file
    assert "existe déjà" in capsys.readouterr().err and out.read_bytes() == before
    assert main(["synth", "--landlords", "0", "--out", str(tmp_path / "x.sqlite")]) == 2
    assert "--landlords" in capsys.readouterr().err and not (tmp_path / "x.sqlite").exists()
