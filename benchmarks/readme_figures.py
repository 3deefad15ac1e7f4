"""Rewrite the engine figures of README.md from benchmarks/results/ (never typed by hand).

    python benchmarks/readme_figures.py [--readme README.md]

Replaces the block between ``<!-- engine-figures:begin -->`` and ``<!-- engine-figures:end -->``
with tables built from ``solomon_*.csv``, the last line of ``engine_domain.txt`` and the
summary lines of ``bricolage.txt``; each figure names the file and date it comes from.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
BEGIN, END = "<!-- engine-figures:begin -->", "<!-- engine-figures:end -->"
SOLVERS = {"tournees": "tournees (`solve()`)", "ortools_default": "OR-Tools, paramètres par défaut",
           "ortools_wrapper": "OR-Tools, notre réglage", "pyvrp": "PyVRP seul", "vroom": "VROOM"}


def pct(x: float) -> str:
    return f"{x:.2f} %".replace(".", ",")


def _dated(path: Path) -> str:
    """The date in the first comment line of the .txt beside a result (``# command — date``)."""
    txt = path.with_suffix(".txt")
    first = txt.read_text(encoding="utf-8").splitlines()[0] if txt.exists() else ""
    m = re.search(r"(\d{4}-\d{2}-\d{2})", first)
    return m.group(1) if m else "?"


def solomon_table(path: Path, label: str) -> list[str]:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    if rows and "path" not in rows[0]:  # written before solomon.py labelled its rows honestly
        label += " — ancien run : `solve()` avec 2 workers, « OR-Tools par défaut » y était notre réglage"
    out = []
    for solver in [s for s in SOLVERS if any(r["solver"] == s for r in rows)]:
        mine = [r for r in rows if r["solver"] == solver]
        gaps = [float(r["gap_pct"]) for r in mine if r["gap_pct"] not in ("", "None")]
        ok = sum(r["feasible"] == "True" for r in mine)
        paths = sorted({r.get("path") or r.get("note") or "" for r in mine} - {""})
        median = pct(statistics.median(gaps)) if gaps else "-"
        mean = pct(statistics.mean(gaps)) if gaps else "-"
        out.append(f"| {label} | {SOLVERS[solver]} | {median} | {mean} | {ok}/{len(mine)} | {', '.join(paths[:3])} |")
    return out


def last_line(path: Path, prefix: str = "") -> str:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and x.startswith(prefix)]
    return lines[-1] if lines else ""


def block() -> str:
    lines = ["| jeu (fichier, date) | moteur | écart médian | écart moyen | faisables | chemin |", "|---|---|---|---|---|---|"]
    for name, label in (("solomon_baseline.csv", "12 instances de Solomon"), ("solomon_all.csv", "56 instances de Solomon"),
                        ("solomon_gh200.csv", "60 Gehring-Homberger 200")):
        path = RESULTS / name
        if path.exists():
            lines += solomon_table(path, f"{label} (`{name}`, {_dated(path)})")
    lines.append("")
    domain = RESULTS / "engine_domain.txt"
    if domain.exists():
        values = dict(kv.split("=") for kv in last_line(domain, "breaks_").split())
        lines += ["Problèmes des services (`engine_domain.txt`, " + _dated(domain) + ", écart à PyVRP seul sur l'instance sans pause) :",
                  "",
                  "| variante | écart médian | faisables sans tâche écartée |", "|---|---|---|",
                  f"| pause pour chaque véhicule | {pct(float(values['breaks_median_gap_pct']))} | {values['breaks_feasible']} |",
                  f"| deux jours, chaque client permis les deux jours | {pct(float(values['twoday_median_gap_pct']))} | "
                  f"{values.get('twoday_feasible', '-')} |", ""]
        if "breaks_median_gap_to_relaxed_pct" in values:
            lines += ["Avec pause, écart médian à la relaxation (même problème sans ordre imposé avant/après la pause, "
                      f"estimation de ce que coûte la recherche et non la pause) : "
                      f"{pct(float(values['breaks_median_gap_to_relaxed_pct']))}.", ""]
    brico = RESULTS / "bricolage.txt"
    if brico.exists():
        lines += [f"Bricol'âge (`bricolage.txt`, {_dated(brico)}) :", ""]
        for line in brico.read_text(encoding="utf-8").splitlines():
            m = re.match(r"(\w+): planning_time_s=([\d.]+) served_share=([\d.]+) gap_vs_([\d.]+)x_pct=(-?[\d.]+)", line)
            if m:
                week, secs, share, factor, gap = m.groups()
                served = f"{float(share) * 100:.1f}".replace(".", ",")
                lines.append(f"- semaine « {week} » : {secs.replace('.', ',')} s, {served} % des demandes servies, "
                             f"écart {pct(float(gap))} à un calcul {factor}× plus long")
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", default=str(Path(__file__).resolve().parent.parent / "README.md"))
    args = parser.parse_args()
    readme = Path(args.readme)
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{readme}: markers {BEGIN} / {END} missing", file=sys.stderr)
        return 2
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{BEGIN}\n{block()}{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
