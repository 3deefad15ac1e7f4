"""The README's measured figures, generated from ``benchmarks/results`` (``make docs`` rewrites them).

``python benchmarks/figures.py`` rewrites the table between the README's markers; tests/test_readme.py
checks that the committed README matches the committed results.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
FIG_BEGIN = "<!-- BEGIN benchmark figures (make docs) -->"
FIG_END = "<!-- END benchmark figures -->"


def _between(text: str, begin: str, end: str) -> str:
    assert begin in text and end in text, f"markers {begin!r} / {end!r} missing"
    return text.split(begin, 1)[1].split(end, 1)[0].strip()


def _find(name: str, pattern: str) -> tuple[str, ...]:
    """The groups of ``pattern`` in results file ``name`` (first match), French decimals."""
    text = (RESULTS / name).read_text(encoding="utf-8")
    found = re.search(pattern, text, re.MULTILINE)
    if found is None:
        raise ValueError(f"benchmarks/results/{name}: no line matches {pattern!r}")
    return tuple(g.replace(".", ",") for g in found.groups())


def _cost_versus(gap: str) -> str:
    """How a plan's cost compares with a longer run's, from the gap (French decimals; negative: ours is lower)."""
    return f"coût {gap[1:]} % plus bas que" if gap.startswith("-") else f"coût à {gap} % de"


def _gaps(name: str, solver: str = "tournees") -> str:
    median, mean, feasible = _find(
        name, rf"^{solver}\s+median gap ([\d.]+) %, mean gap ([\d.]+) %, feasible (\d+/\d+)$"
    )
    return f"{median} % / {mean} % ({feasible} faisables)"


def figures_markdown() -> str:
    """The headline figures of the README, read from the committed benchmark results."""
    solvers = {
        "tournees": "tournees",
        "ortools_default": "OR-Tools, réglages par défaut",
        "ortools_wrapper": "OR-Tools, réglages de tournees",
        "pyvrp": "PyVRP seul",
        "vroom": "VROOM",
    }
    weeks = {}
    for week in ("demo", "landlord"):
        b_time, b_gap = _find(
            "bricolage.txt", rf"^{week}: planning_time_s=([\d.]+) served_share=[\d.]+ gap_vs_10x_pct=([-\d.]+)"
        )
        size = _find("bricolage.txt", rf"^week {week}: (\d+) requests, (\d+) technicians x (\d+) days")
        limit, served, long = _find(
            "bricolage.txt",
            rf"^week {week}:.*\n^plan .* time limit\s+(\d+) s:.* served (\d+)/\d+.*"
            rf"\n^reference .* time limit\s+(\d+) s",
        )
        weeks[week] = (b_time, b_gap, size, served, limit, long)
    draws, draws_time, draws_gap, draws_max = _find(
        "bricolage.txt",
        r"^landlord weeks \((\d+) draws\): max_planning_time_s=([\d.]+) mean_gap_pct=([-\d.]+) max_gap_pct=([-\d.]+)",
    )
    b_gap_breaks, b_feasible, two_gap = _find(
        "engine_domain.txt",
        r"^breaks_median_gap_pct=([-\d.]+) breaks_feasible=(\d+/\d+) twoday_median_gap_pct=([-\d.]+)",
    )
    b_relaxed, b_vroom_wins, b_vroom_gap = _find(
        "engine_domain.txt",
        r"breaks_median_gap_to_relaxed_pct=([-\d.]+) breaks_not_worse_than_vroom=(\d+/\d+) "
        r"breaks_median_gap_to_vroom_pct=([-\d.]+)",
    )
    p_gap, p_large, p_behind = _find(
        "prizes.txt", r"^median_gap_pct=([-\d.]+) large_median_gap_pct=([-\d.]+) not_behind=(\d+/\d+)"
    )
    e_time, e_gain, e_saving, e_cov = _find(
        "epicerie.txt",
        r"planning_time_s=([\d.]+) coverage_gain_points=([\d.]+) driving_saving_vs_greedy_pct=([\d.]+)"
        r" \(coverage ours ([\d.]+)",
    )
    load_s, nodes = _find("matrix.txt", r"graph load \+ prepare: ([\d.]+) s \((\d+) nodes")
    nodes = f"{int(nodes):,}".replace(",", " ")
    (m_time,) = _find("matrix.txt", r"tournees 1000x1000 .*: ([\d.]+) s")
    (m_ratio,) = _find("matrix.txt", r"ratio_vs_networkx=([\d.]+)")
    (reload_s,) = _find("matrix.txt", r"cached network reload: ([\d.]+) s")
    planners, seconds = _find("web_load.txt", r"^(\d+) planners browsing for (\d+) s")
    p95, errors = _find("web_load.txt", r"p95_ms=(\d+) goal_ms=\d+ errors=(\d+)")
    rows = [
        (f"Solomon, 12 instances de référence : {label}", _gaps("solomon_baseline.txt", code), "solomon_baseline.txt")
        for code, label in solvers.items()
    ]
    rows += [
        ("Solomon, les 56 instances : tournees", _gaps("solomon_all.txt"), "solomon_all.txt"),
        ("Gehring-Homberger, 60 instances de 200 clients : tournees", _gaps("solomon_gh200.txt"), "solomon_gh200.txt"),
        (
            "Solomon, 12 instances, chaque véhicule avec une pause (5 % de l'horizon) : tournees",
            f"écart médian {b_gap_breaks} % à PyVRP sur l'instance sans pause ({b_feasible} faisables, aucune tâche "
            f"retirée) ; pas plus long que VROOM (pauses natives) sur {b_vroom_wins}, écart médian {b_vroom_gap} % à "
            f"VROOM, {b_relaxed} % à la relaxation",
            "engine_domain.txt",
        ),
        (
            "Tâches facultatives avec prix (Solomon 100 clients à 10 s ; 1 000 clients à 60 s) : tournees",
            f"écart médian {p_gap} % (100 clients) et {p_large} % (1 000) à PyVRP seul avec ses réglages, même temps "
            f"processeur ; pas derrière (0,1 point près) sur {p_behind}",
            "prizes.txt",
        ),
        (
            "Solomon, 12 instances sur deux jours : tournees",
            f"écart médian {two_gap} % à PyVRP en un jour",
            "engine_domain.txt",
        ),
    ]
    for week, label in (("demo", "semaine de démonstration"),):
        b_time, b_gap, (n, techs, days), served, limit, long = weeks[week]
        rows.append(
            (
                f"Bricol'âge, {label} : {n} demandes, {techs} techniciens × {days} jours",
                f"plan en {b_time} s (`--time-limit {limit}`), {served} demandes servies ; {_cost_versus(b_gap)} "
                f"celui obtenu avec une limite de {long} s",
                "bricolage.txt",
            )
        )
    l_n, l_techs, l_days = weeks["landlord"][2]
    rows += [
        (
            f"Bricol'âge, semaine d'un bailleur : {l_n} demandes, {l_techs} techniciens × {l_days} jours, "
            f"{draws} semaines tirées au hasard",
            f"plan en {draws_time} s au plus (`--time-limit {weeks['landlord'][4]}`) ; coût à {draws_gap} % en moyenne "
            f"(au plus {draws_max} %) de celui obtenu avec une limite dix fois plus longue",
            "bricolage.txt",
        ),
    ]
    rows += [
        (
            "Épicerie mobile (démonstration)",
            f"plan en {e_time} s ; couverture pondérée {e_cov} % avec {e_saving} % de conduite en moins que le "
            f"glouton, ou +{e_gain} points de couverture au même budget de conduite",
            "epicerie.txt",
        ),
        (
            "Réseau d'Orléans",
            f"{nodes} carrefours préparés en {load_s} s la première fois, relus du cache en "
            f"{reload_s} s ; matrice 1000 × 1000 (temps et distances) en {m_time} s, {m_ratio} fois plus vite que "
            "networkx",
            "matrix.txt",
        ),
        (
            "Application web",
            f"{planners} planificateurs pendant {seconds} s et un calcul de plan : p95 {p95} ms, {errors} erreur",
            "web_load.txt",
        ),
    ]
    arch, cores = _find("solomon_baseline.txt", r"^machine: (\w+), (\d+) cores")
    lines = [
        f"Machine : {arch}, {cores} cœurs. Lignes Solomon et Gehring-Homberger : écart médian / moyen à la "
        "meilleure solution connue, 10 s par instance, même convention entière pour tous les moteurs, chaque "
        "solution vérifiée par `tournees.engine.check`.",
        "",
        "| mesure | résultat | fichier |",
        "|---|---|---|",
    ]
    lines += [f"| {what} | {result} | `benchmarks/results/{name}` |" for what, result, name in rows]
    return "\n".join(lines)


def refresh_figures(path: Path = ROOT / "README.md") -> bool:
    """Rewrite the figures between the markers of ``path``; True if they changed."""
    text = path.read_text(encoding="utf-8")
    _between(text, FIG_BEGIN, FIG_END)
    head, _, rest = text.partition(FIG_BEGIN)
    tail = rest.partition(FIG_END)[2]
    new = f"{head}{FIG_BEGIN}\n{figures_markdown()}\n{FIG_END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    changed = refresh_figures()
    print("README.md : chiffres mis à jour" if changed else "README.md : chiffres déjà à jour", file=sys.stderr)
