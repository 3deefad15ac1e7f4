"""What ``make demo`` and ``tournees plan`` print reads as French (or English): labels, not codes; « 156,6 km »;
plurals agreed; a best cost that never rises (issue #26 item 14)."""

from __future__ import annotations

import re
from pathlib import Path

from tournees.db import Database
from tournees.io import import_path
from tournees.services.progress import cost_progress

BRICO_KPIS = {
    "requests_served": 1,
    "requests_left_out": 64,
    "left_out_by_reason": {"time_budget": 63, "no_skill": 1},
    "driving_time_s": 12960,
    "driving_distance_m": 156_600,
    "lead_time_days_mean": 11.0,
    "lead_time_days_max": 18,
    "utilisation_pct": {"TECH-1": 90.2},
    "urgent_overdue": 4,
    "past_due": 0,
    "amount_collected_eur": 640.0,
    "processing_staff_hours": 112.0,
}


def test_bricolage_summary_in_french_and_english() -> None:
    from tournees.services.bricolage.service import summary_text

    fr = summary_text(BRICO_KPIS, Path("plan"), "fr")
    assert "1 demande servie, 64 non planifiées" in fr
    assert "pas assez de temps dans la semaine : 63" in fr and "compétence absente : 1" in fr
    assert "156,6 km" in fr and "11,0 j" in fr and "TECH-1 90,2 %" in fr and "640,00 €" in fr and "112,0 h" in fr
    assert "time_budget" not in fr and "no_skill" not in fr
    en = summary_text(BRICO_KPIS, Path("plan"), "en")
    assert "1 request served, 64 left out" in en and "not enough time in the week: 63" in en and "156.6 km" in en


def test_grocery_summary_names_why_seniors_are_not_covered() -> None:
    from tournees.services.epicerie.service import summary_text

    kpis = {"stops_selected": 1, "stops_candidates": 19, "communes_served": 1, "seniors_covered": 90, "seniors": 100,
            "coverage_pct": 90.0, "weighted_coverage_pct": 88.0,
            "not_covered_by_reason": {"stop_unsuitable": 3, "too_far": 7},
            "weekly_driving_time_s": 4260, "weekly_driving_distance_m": 78_000, "weekly_fuel_cost_eur": 20.0}
    fr = summary_text(kpis, Path("plan"), "fr")
    assert "1 arrêt sur 19 dans 1 commune" in fr and "(90,0 %, pondéré 88,0 %)" in fr
    assert "arrêts à portée inadaptés au camion : 3, aucun arrêt à portée : 7" in fr
    assert "stop_unsuitable" not in fr and "too_far" not in fr
    assert "no stop within reach: 7" in summary_text(kpis, Path("plan"), "en")


def test_programme_summary_agrees_its_plurals(ok_small: Path, tmp_path: Path) -> None:
    from tournees.demo import RESOURCES
    from tournees.summary import programme_summary

    db_path = tmp_path / "t.sqlite"
    import_path(RESOURCES, db_path)
    import_path(ok_small, db_path)
    text = programme_summary(Database.open(db_path), lang="fr")
    assert re.search(r"\b1 intervenant\b", text) and re.search(r"\b0 intervenant\b", text)
    assert "1 intervenants" not in text and "0 intervenants" not in text
    assert "1 demande (urgentes : 1)" in text and "1 arrêt candidat" in text and "1 lieu d'accueil" in text
    assert "0 staff" in programme_summary(Database.open(db_path), lang="en")


def test_best_cost_never_rises_and_time_never_goes_back() -> None:
    lines: list[str] = []
    show = cost_progress(lines.append, "fr")
    assert show is not None
    for seconds, cost in [(0.0, 730_000), (1.0, 678_000), (0.0, 706_000), (1.0, 706_500), (2.0, 600_000)]:
        show(seconds, cost)  # a second solve starts again at 0 s and on its own costs
    costs = [int(re.search(r"coût ([\d ]+) \(", x).group(1).replace(" ", "")) for x in lines]  # type: ignore[union-attr]
    assert costs == [730_000, 678_000, 600_000]
    times = [int(re.search(r"\((\d+) s\)", x).group(1)) for x in lines]  # type: ignore[union-attr]
    assert times == sorted(times)


def test_the_demo_prints_words_and_french_numbers(demo_run) -> None:  # type: ignore[no-untyped-def]
    out = demo_run.stdout
    assert not re.search(r"\b(time_budget|stop_unsuitable|too_far|no_skill|capacity|no_day_available)\b", out)
    assert not re.search(r"\d\.\d+ ?(km|%|h|j|min|€)", out), "decimal comma in French"
    assert not re.search(r"\b[01] intervenants\b", out)
    for block in demo_run.stderr.split("Planification")[1:]:  # each service's best costs, as printed
        costs = [int(c.replace(" ", "")) for c in re.findall(r"meilleur coût ([\d ]+) \(", block)]
        assert costs == sorted(costs, reverse=True) and len(set(costs)) == len(costs)
