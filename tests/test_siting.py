"""Siting (fiches 1, 8, 10; issue #30): CP-SAT's sites against brute force, kept sites, the command on the demo."""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from tournees.cli import main
from tournees.network.roads import UNREACHABLE
from tournees.siting import choose_sites, evaluate


def _instance(seed: int) -> tuple[np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    times = rng.integers(60, 2400, size=(9, 6)).astype(np.int64)
    times[rng.random(times.shape) < 0.1] = UNREACHABLE
    return times, [int(w) for w in rng.integers(1, 4, size=9)]


def _brute(times: np.ndarray, weights: list[int], k: int, keep: tuple[int, ...], key) -> float:  # type: ignore[no-untyped-def]
    options = [c for c in itertools.combinations(range(times.shape[1]), k) if set(keep) <= set(c)]
    return min(key(evaluate(times, weights, c, 900)) for c in options)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_maximal_covering_matches_brute_force(seed: int, k: int) -> None:
    times, weights = _instance(seed)
    keep = (seed % 6,) if seed % 2 else ()
    choice = choose_sites(times, weights, k, objective="couverture", limit_s=900, keep=keep)
    got = evaluate(times, weights, choice.sites, 900)
    assert choice.optimal and len(choice.sites) == k and set(keep) <= set(choice.sites)
    assert -got.covered_weight == _brute(times, weights, k, keep, lambda f: -f.covered_weight)
    # among the choices of best coverage, the least travel
    best = _brute(
        times,
        weights,
        k,
        keep,
        lambda f: (-f.covered_weight, f.mean_travel_s * (f.total_weight - f.unreachable_weight)),
    )
    assert (-got.covered_weight, got.mean_travel_s * (got.total_weight - got.unreachable_weight)) == pytest.approx(best)


@pytest.mark.parametrize("seed", range(5))
def test_p_median_matches_brute_force(seed: int) -> None:
    times, weights = _instance(seed)
    times[times >= UNREACHABLE] = 3000  # p-median: every demand reachable, so the totals compare
    for k in (1, 2, 3):
        choice = choose_sites(times, weights, k, objective="pmedian")
        got = evaluate(times, weights, choice.sites, 900)
        assert got.mean_travel_s == pytest.approx(_brute(times, weights, k, (), lambda f: f.mean_travel_s))


def test_catchments_split_the_demand_between_open_sites() -> None:
    times = np.array([[100, 900], [800, 200], [700, 600], [UNREACHABLE, UNREACHABLE]], dtype=np.int64)
    figures = evaluate(times, [1, 2, 3, 4], (0, 1), 650)
    assert [(c.site, c.points, c.weight, c.covered_weight) for c in figures.catchments] == [
        (0, (0,), 1, 1),
        (1, (1, 2), 5, 5),
    ]
    assert figures.covered_weight == 6 and figures.unreachable_weight == 4 and figures.covered_pct == 60.0


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_on_the_demo_an_analyst_compares_cabin_sites_for_k_1_to_3(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites = tmp_path / "cabines.csv"
    sites.write_text(
        "site_id,name,lat,lon\n"
        "CAB-ARGONNE,<script>alert(1)</script> Argonne,47.9110,1.9330\n"
        'CAB-NORD,=HYPERLINK("http://x") Nord,47.9330,1.9150\n'
        "CAB-SUD,Olivet,47.8680,1.9000\n"
        "CAB-OUEST,La Chaise,47.9125,1.8660\n",
        encoding="utf-8",
    )
    out = tmp_path / "etude"
    code = main(
        [
            "siting",
            "--candidates",
            str(sites),
            "--k",
            "1..3",
            "--minutes",
            "8",
            "--keep",
            "CAB-SUD",
            "--landlord",
            "LOGEMLOIRET",
            "--demo",
            "--db",
            str(demo_db),
            "--out",
            str(out),
        ]
    )
    printed, err = capsys.readouterr()
    assert code == 0, err
    table = _rows(out / "sites.csv")
    assert [r["k"] for r in table] == ["1", "2", "3"] and all("CAB-SUD" in r["sites"] for r in table)
    covered = [float(r["part_couverte_pct"]) for r in table]
    assert covered == sorted(covered) and all(r["optimal"] == "oui" for r in table)
    assert sum(int(r["k"]) == 3 for r in _rows(out / "zones.csv")) == 3
    page = (out / "carte.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page  # the name escaped for the map
    assert not re.search(r"LOC-\d|RES-\d", page + (out / "zones.csv").read_text(encoding="utf-8-sig"))
    assert "k = 3 :" in printed


def test_a_bad_candidate_file_or_option_is_refused_with_its_place(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text("site_id,name,lat,lon\nS1,Salle,quarante-sept,1.9\n", encoding="utf-8")
    base = ["--demo", "--db", str(demo_db), "--out", str(tmp_path / "o")]
    assert main(["siting", "--candidates", str(sites), "--k", "1", *base]) == 2
    assert "sites.csv, ligne 2, colonne « lat »" in capsys.readouterr().err
    assert main(["siting", "--candidates", "venues", "--k", "0..3", *base]) == 2
    assert "--k" in capsys.readouterr().err
    assert main(["siting", "--candidates", "venues", "--k", "2", "--minutes", "0", *base]) == 2
    assert "--minutes : 0 n'est pas entre 1 et 180" in capsys.readouterr().err
    assert main(["siting", "--candidates", "venues", "--k", "1", "--keep", "NULLE-PART", *base]) == 2
    assert "NULLE-PART" in capsys.readouterr().err and not (tmp_path / "o").exists()
