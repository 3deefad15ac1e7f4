"""Scenario sweeps (issue #31): the sweep file's rules, one row per scenario and week, the base untouched,
the cache, a failed scenario beside the others, the same draws for the same seed, and Dask."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tournees.cli import main
from tournees.scenarios import load_sweep, sweep_from_mapping
from tournees.scenarios.sweep import run_sweep

BASE = {"service": "bricolage", "first_week": "2026-W48", "weeks": 1, "time_limit": 0.5, "replan_days": ["mer"],
        "simulate_runs": 20}


@pytest.fixture
def base_db(demo_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "base.sqlite"
    shutil.copyfile(demo_db, path)
    return path


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "balayage.toml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = """[base]
database = "base.sqlite"
service = "bricolage"
first_week = "2026-W48"
"""


@pytest.mark.parametrize(("body", "key", "rule"), [
    ("[grid]\ntechnicians = [0, 2]\n", "grid.technicians", "nombre entier entre 1 et 200"),
    ("[grid]\ntechniciens = [1]\n", "grid.techniciens", "clé inconnue"),
    ("[[scenarios]]\nslot_hours = 20.0\n", "slot_hours", "créneau entre 0,5 et 8 h"),
    ("[[scenarios]]\ntime_limit_s = 3.0\n", "scenarios[1].time_limit_s", "réglé dans [base]"),
    ("[[scenarios]]\nshift = \"17:00-08:00\"\n", "scenarios[1].shift", "début avant fin"),
    ("[[scenarios]]\nname = \"a\"\n[[scenarios]]\nname = \"a\"\ntechnicians = 2\n", "a", "nom de scénario déjà pris"),
    ("[basse]\nx = 1\n", "basse", "table inconnue"),
])
def test_a_bad_sweep_file_stops_with_file_key_and_rule(base_db: Path, tmp_path: Path, capsys, body: str, key: str,
                                                        rule: str) -> None:
    sweep = _write(tmp_path, HEAD + body)
    assert main(["scenarios", str(sweep), "--workers", "0", "--db", str(base_db)]) == 2
    err = capsys.readouterr().err
    assert str(sweep) in err and key in err and rule in err and "Erreur interne" not in err


def test_unreadable_toml_and_missing_base_are_input_errors(tmp_path: Path, capsys) -> None:
    broken = _write(tmp_path, "[base\n")
    assert main(["scenarios", str(broken)]) == 2
    assert "fichier TOML illisible" in capsys.readouterr().err
    missing = _write(tmp_path, HEAD.replace("base.sqlite", "absente.sqlite"))
    assert main(["scenarios", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "base.database" in err and "absente.sqlite n'existe pas" in err


def test_a_sweep_gives_a_row_per_scenario_and_week_never_touches_the_base_and_caches(
        base_db: Path, tmp_path: Path, settings, capsys) -> None:
    before = hashlib.sha256(base_db.read_bytes()).hexdigest()
    sweep = sweep_from_mapping({
        "base": {**BASE, "database": str(base_db), "weeks": 2},
        "grid": {"technicians": [1, 2]},
        "scenarios": [{"name": "absent", "absences": [{"resource_id": "INCONNU", "first_day": "2026-11-24",
                                                       "last_day": "2026-11-24"}]}],
    })
    failures: list[tuple[str, str]] = []
    frame = run_sweep(sweep, workers=0, settings=settings, cache_dir=tmp_path / "cache",
                      on_failure=lambda name, error: failures.append((name, error)))
    assert hashlib.sha256(base_db.read_bytes()).hexdigest() == before
    ok = frame[frame["status"] == "ok"]
    assert list(ok["scenario"]) == ["technicians=1", "technicians=1", "technicians=2", "technicians=2"]
    assert list(ok["week"]) == ["2026-W48", "2026-W49"] * 2
    for column in ("requests_served", "urgent_within_2_days_pct", "waiting_days_mean", "km", "work_hours",
                   "cost_per_intervention_eur", "slots_held_pct", "coverage_pct"):
        assert column in frame.columns
    one, two = (ok[ok["technicians"] == n] for n in (1, 2))
    assert one["requests_served"].sum() < two["requests_served"].sum()  # the second technician serves more
    assert (ok["requests_served"] > 0).all() and (ok["km"] > 0).all() and (ok["cost_per_intervention_eur"] > 0).all()
    failed = frame[frame["status"] == "echec"]
    assert list(failed["scenario"]) == ["absent"] and "INCONNU" in failed["error"].iloc[0]
    assert failures and failures[0][0] == "absent"
    capsys.readouterr()
    again = run_sweep(sweep, workers=0, settings=settings, cache_dir=tmp_path / "cache")
    assert "2 déjà en cache, 1 à calculer" in capsys.readouterr().err  # only the failed one again
    pd.testing.assert_frame_equal(again[again["status"] == "ok"].reset_index(drop=True),
                                  ok.reset_index(drop=True), check_dtype=False)


def test_the_demand_model_draws_the_same_requests_for_the_same_seed(demo_db: Path) -> None:
    from tournees.db import Database
    from tournees.model import Tenant
    from tournees.synth.demand import draw_requests

    tenants = Database.open(demo_db).load(Tenant)[:50]

    def draw(seed: int) -> list[tuple[str, str, dt.date, str]]:
        found = draw_requests(tenants, ["A", "B"], first_monday=dt.date(2026, 11, 23), weeks=3, per_week=20,
                              rng=np.random.default_rng(seed), urgent_share=0.5)
        return [(r.request_id, r.tenant_id, r.received_on, r.priority) for r in found]

    assert draw(1) == draw(1) and draw(1) != draw(2)
    urgent = sum(1 for *_, p in draw(1) if p == "urgent") / len(draw(1))
    assert 0.3 < urgent < 0.7
    assert all(dt.date(2026, 11, 23) <= day <= dt.date(2026, 12, 11) for _, _, day, _ in draw(1))


def test_on_a_local_dask_cluster_a_failed_scenario_does_not_stop_the_others(base_db: Path, tmp_path: Path,
                                                                             settings) -> None:
    sweep = sweep_from_mapping({
        "base": {**BASE, "database": str(base_db)},
        "scenarios": [{"name": "deux", "technicians": 2}, {"name": "faux", "landlords": ["PERSONNE"]}],
    })
    frame = run_sweep(sweep, workers=1, settings=settings, cache_dir=tmp_path / "cache", progress=False)
    assert list(frame["scenario"]) == ["deux", "faux"]
    assert list(frame["status"]) == ["ok", "echec"]
    assert "PERSONNE" in frame["error"].iloc[1] and frame["requests_served"].iloc[0] > 0


def test_the_results_file_is_written_whole_and_never_replaces_a_file_of_someone_else(
        base_db: Path, tmp_path: Path, settings, capsys, monkeypatch) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TOURNEES_CACHE_DIR", str(tmp_path / "cache"))
    sweep = _write(tmp_path, HEAD + "weeks = 1\ntime_limit = 0.5\nreplan_days = []\nsimulate_runs = 0\n")
    theirs = tmp_path / "resultats.parquet"
    theirs.write_bytes(b"not ours")
    assert main(["scenarios", str(sweep), "--workers", "0", "--out", str(theirs)]) == 2
    assert theirs.read_bytes() == b"not ours" and "n'a pas été écrit par tournees" in capsys.readouterr().err
    assert main(["scenarios", str(sweep), "--workers", "0", "--out", str(tmp_path / "r.txt")]) == 2
    ours = tmp_path / "resultats2.parquet"
    assert main(["scenarios", str(sweep), "--workers", "0", "--out", str(ours)]) == 0
    frame = pd.read_parquet(ours)
    assert list(frame["scenario"]) == ["base"] and frame["status"].iloc[0] == "ok"
    assert 0 < frame["scenario_cpu_seconds"].iloc[0] and 0 < frame["scenario_seconds"].iloc[0]
    assert main(["scenarios", str(sweep), "--workers", "0", "--out", str(ours)]) == 0  # its own file: replaced
    assert load_sweep(sweep).base.replan_days == ()


def test_a_writer_sweep_counts_appointments_at_venues_and_writes_csv(base_db: Path, tmp_path: Path, settings,
                                                                     monkeypatch) -> None:
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("TOURNEES_CACHE_DIR", str(tmp_path / "cache"))
    sweep = _write(tmp_path, HEAD.replace("bricolage", "ecrivain") + "time_limit = 0.5\nsimulate_runs = 0\n")
    out = tmp_path / "ecrivain.csv"
    assert main(["scenarios", str(sweep), "--workers", "0", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert out.read_text(encoding="utf-8").startswith("scenario,week,")
    row = frame.iloc[0]
    assert row["status"] == "ok" and row["requests_served"] > 5  # sessions' appointments, not only home visits
    assert main(["scenarios", str(sweep), "--workers", "0", "--out", str(out)]) == 0  # its own CSV: replaced
