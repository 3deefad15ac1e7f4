"""Volunteers near a senior (fiche 3, issue #30): bands, ranking on the real road network, heat-wave campaign.

Privacy: a volunteer's trip is shown as a band only; no output (terminal, CSV, logs) holds an address,
coordinates or a distance, and a senior's phone is on a list only where they agreed to be called.
"""

from __future__ import annotations

import csv
import itertools
import logging
import re
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import OK_SMALL, write_tables
from tournees.cli import main
from tournees.network.roads import UNREACHABLE
from tournees.volunteers import assign, band

R1 = (47.91, 1.93)  # the residence of OK_SMALL's tenants L1 (isolated) and L2 (housebound)
VOLUNTEERS = [
    # id, lat, lon, mobility, situations, consent, charter, max minutes
    ("BEN-NEAR", "47.9112", "1.9312", "pied", "canicule", "oui", "2026-05-01", "20"),
    ("BEN-CAR", "47.9300", "1.9000", "voiture", "canicule;silence_inquietant", "oui", "2026-05-02", "30"),
    ("BEN-NOCHARTER", "47.9101", "1.9301", "pied;voiture", "canicule", "oui", "", "30"),
    ("BEN-OTHER", "47.9102", "1.9302", "pied", "transport_medical", "oui", "2026-05-01", "30"),
    ("BEN-SHORT", "47.8800", "1.8600", "voiture", "canicule", "oui", "2026-05-01", "1"),
]
SECRETS = {v[1] for v in VOLUNTEERS} | {v[2] for v in VOLUNTEERS} | {"12 rue des Acacias", "47.91", "1.93"}
PHONES = {"L1": "02 38 11 22 33", "L2": "02 38 44 55 66"}


@pytest.fixture
def base(tmp_path: Path) -> str:
    tables = {k: [dict(r) for r in v] for k, v in OK_SMALL.items()}
    tables["tenants"][0].update(phone=PHONES["L1"], call_ahead="oui", consent="oui")  # L1 agrees to be called
    tables["tenants"][1].update(phone=PHONES["L2"], call_ahead="non", consent="oui")  # L2 does not
    # L3: isolated, but did not consent to the processing of their data
    tables["tenants"].append({"tenant_id": "L3", "residence_id": "R1", "birth_year": "1938", "sex": "F",
                              "isolated": "oui"})
    keys = ("volunteer_id", "lat", "lon", "mobility", "situations", "consent", "charter_signed_on", "max_minutes")
    tables["volunteers"] = [dict(zip(keys, v, strict=True)) | {"landlord_id": "LL"} for v in VOLUNTEERS]
    db = str(tmp_path / "base.sqlite")
    assert main(["import", str(write_tables(tmp_path / "in", tables)), "--db", db]) == 0
    return db


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _private(text: str) -> list[str]:
    """What a volunteer output must never hold: coordinates, the address, a distance, a refused phone."""
    found = [s for s in SECRETS if s in text]
    found += re.findall(r"\b\d+(?:[.,]\d+)?\s?(?:m|km|mètres)\b", text)
    found += re.findall(r"\b\d{1,3}\.\d{3,}\b", text)  # any coordinate-like number
    return found + ([PHONES["L2"]] if PHONES["L2"] in text else [])


def test_bands_never_give_the_exact_time() -> None:
    assert band(0) == "moins de 5 min" and band(299) == "moins de 5 min"
    assert band(300) == "5 à 10 min" and band(1199) == "10 à 20 min" and band(3600) == "plus de 60 min"
    assert band(700, "en") == "10 to 20 min"


def _brute_force(seconds: np.ndarray, limits: list[int], k: int) -> tuple[int, int]:
    """(seniors served, total seconds) of the best assignment, by trying every choice of volunteer per senior."""
    n_v, n_s = seconds.shape
    best = (0, 0)
    for choice in itertools.product([None, *range(n_v)], repeat=n_s):
        pairs = [(c, j) for j, c in enumerate(choice) if c is not None]
        if any(seconds[c, j] >= UNREACHABLE or seconds[c, j] > limits[c] for c, j in pairs):
            continue
        if any(choice.count(i) > k for i in range(n_v)):
            continue
        served = sum(c is not None for c in choice)
        cost = sum(int(seconds[c, j]) for j, c in enumerate(choice) if c is not None)
        if (served, -cost) > (best[0], -best[1]):
            best = (served, cost)
    return best


@pytest.mark.parametrize("seed", range(6))
def test_campaign_assignment_is_the_brute_force_optimum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_v, n_s, k = 3, 5, int(rng.integers(1, 3))
    seconds = rng.integers(60, 1800, size=(n_v, n_s)).astype(np.int64)
    seconds[rng.random((n_v, n_s)) < 0.2] = UNREACHABLE
    limits = [int(x) for x in rng.integers(600, 1800, size=n_v)]
    result = assign([f"V{i}" for i in range(n_v)], [f"S{j}" for j in range(n_s)], seconds, np.zeros_like(seconds),
                    ["pied"], limits_s=limits, max_per_volunteer=k)
    assert (len(result.assignments), result.total_seconds) == _brute_force(seconds, limits, k)
    counts = [sum(a.volunteer_id == f"V{i}" for a in result.assignments) for i in range(n_v)]
    assert max(counts) <= k and len(result.assignments) + len(result.unreached) == n_s


def test_unreached_seniors_say_why() -> None:
    seconds = np.array([[100, 200, UNREACHABLE]], dtype=np.int64)
    result = assign(["V"], ["A", "B", "C"], seconds, np.zeros_like(seconds), ["pied"], limits_s=[600],
                    max_per_volunteer=1)
    assert [(a.volunteer_id, a.senior_id) for a in result.assignments] == [("V", "A")]
    assert {(u.senior_id, u.reason) for u in result.unreached} == {("B", "full"), ("C", "too_far")}


def test_match_ranks_available_volunteers_by_band_and_reveals_no_place(
    base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    out_csv = tmp_path / "classement.csv"
    code = main(["volunteers", "match", "L1", "--situation", "canicule", "--on", "2026-07-20", "--db", base,
                 "--csv", str(out_csv), "--debug"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "1. BEN-NEAR : moins de 5 min (à pied)" in out
    assert "2. BEN-CAR : " in out and "(en voiture)" in out
    for absent in ("BEN-NOCHARTER", "BEN-OTHER", "BEN-SHORT"):  # no charter, another situation, beyond their limit
        assert absent not in out
    with out_csv.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["benevole"] for r in rows] == ["BEN-NEAR", "BEN-CAR"] and rows[0]["trajet"] == "moins de 5 min"
    everything = out + err + out_csv.read_text(encoding="utf-8-sig") + "\n".join(r.getMessage() for r in caplog.records)
    assert _private(everything) == []
    assert main(["volunteers", "match", "L1", "--situation", "canicule", "--db", base, "--csv", str(out_csv)]) == 2
    assert "existe déjà" in capsys.readouterr().err  # a file is never overwritten


def test_match_refuses_an_unknown_senior_or_situation(base: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["volunteers", "match", "L9", "--situation", "canicule", "--db", base]) == 2
    assert "locataire inconnu : L9" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:  # argparse's refusal, in French
        main(["volunteers", "match", "L1", "--situation", "tempete", "--db", base])
    assert stop.value.code == 2 and "choix « tempete » impossible" in capsys.readouterr().err
    code = main(["volunteers", "campaign", "--situation", "canicule", "--max-per-volunteer", "0", "--db", base,
                 "--out", str(Path(base).parent / "c")])
    assert code == 2 and "--max-per-volunteer : 0 n'est pas entre 1 et 50" in capsys.readouterr().err


def test_heat_wave_campaign_gives_each_fragile_senior_a_volunteer(
    base: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "canicule"
    code = main(["volunteers", "campaign", "--situation", "canicule", "--max-per-volunteer", "1", "--db", base,
                 "--out", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    with (out / "affectations.csv").open(encoding="utf-8-sig") as fh:
        pairs = {(r["benevole"], r["senior"]) for r in csv.DictReader(fh)}
    assert {s for _, s in pairs} == {"L1", "L2"} and len({v for v, _ in pairs}) == 2  # k = 1: two volunteers
    assert {r["senior"]: r["raison"] for r in _rows(out / "sans_benevole.csv")} == {
        "L3": "pas de consentement au traitement des données : à contacter par le bailleur"
    }
    lists = "".join(p.read_text(encoding="utf-8-sig") for p in sorted(out.glob("benevole_*.csv")))
    assert PHONES["L1"] in lists and PHONES["L2"] not in lists  # only who agreed to be called
    everything = printed + err + "".join(p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv"))
    everything += "\n".join(r.getMessage() for r in caplog.records)
    assert [s for s in _private(everything) if s != PHONES["L2"]] == [] and PHONES["L2"] not in everything
    # With no volunteer for that situation, every fragile senior is listed with the reason
    code = main(["volunteers", "campaign", "--situation", "retour_hospitalisation", "--db", base, "--out",
                 str(tmp_path / "retour")])
    assert code == 0
    reasons = {r["senior"]: r["raison"] for r in _rows(tmp_path / "retour" / "sans_benevole.csv")}
    assert reasons["L1"] == reasons["L2"] == "aucun bénévole disponible à moins de son temps de trajet maximal"


def test_on_the_demo_a_planner_finds_volunteers_and_runs_a_heat_wave_campaign(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["volunteers", "match", "LOC-0005", "--situation", "canicule", "--demo", "--db", str(demo_db)]) == 0
    assert "1. BEN-" in capsys.readouterr().out
    out = tmp_path / "canicule"
    assert main(["volunteers", "campaign", "--situation", "canicule", "--max-per-volunteer", "8", "--demo", "--db",
                 str(demo_db), "--out", str(out)]) == 0
    assert "senior(s) confiés" in capsys.readouterr().out and list(out.glob("benevole_BEN-*.csv"))
