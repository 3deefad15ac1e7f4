"""``tournees siting``: where to put k sites (fiches 1, 8, 10), for k = 1 … K, as a table and a map.

``--candidates venues|residences|FILE --k 1..K --minutes T [--walk] [--keep ID,…] [--objective couverture|pmedian]
--out DIR``: the seniors of the base (or of ``--landlord``) weighted by fragility, the road (or walking) times
from their residences to the candidates, CP-SAT's choice for each k. Nothing personal in the results.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from tournees.cli.common import EXIT_OK
from tournees.cli.fiches import publish, run_context
from tournees.cli.help import CLI_HELP
from tournees.cli.roads import add_roads_option
from tournees.errors import ValidationError
from tournees.i18n import pick, t
from tournees.settings import Settings

MAX_K = 10
SITES_COLUMNS = [
    "k",
    "objectif",
    "sites",
    "noms",
    "seniors_ponderes_couverts",
    "part_couverte_pct",
    "trajet_moyen_min",
    "seniors_ponderes_hors_reseau",
    "optimal",
]
ZONES_COLUMNS = ["k", "site_id", "nom", "residences", "seniors", "part_couverte_pct", "trajet_moyen_min"]


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser, lang: str) -> None:
    """Add ``siting`` to the CLI."""
    p = subparsers.add_parser(
        "siting", parents=[common], help=t("siting_help", lang), description=t("siting_help", lang)
    )
    p.add_argument("--candidates", required=True, help=t("siting_candidates", lang))
    p.add_argument("--k", required=True, help=t("siting_k", lang))
    p.add_argument("--minutes", type=int, default=15, help=t("siting_minutes", lang))
    p.add_argument("--walk", action="store_true", help=t("siting_walk", lang))
    p.add_argument("--keep", default="", help=t("siting_keep", lang))
    p.add_argument(
        "--objective", choices=("couverture", "pmedian"), default="couverture", help=t("siting_objective", lang)
    )
    p.add_argument("--landlord", default=None, help=t("vol_landlord", lang))
    p.add_argument("--out", required=True, help=t("siting_out", lang))
    p.add_argument("--demo", action="store_true", help=pick(CLI_HELP["use_demo_db"], lang))
    add_roads_option(p, lang)
    p.set_defaults(handler=cmd_siting)


def k_values(text: str, lang: str | None = None) -> list[int]:
    """``3`` → [3]; ``1..3`` → [1, 2, 3] (1 ≤ k ≤ 10)."""
    m = re.fullmatch(r"\s*(\d{1,2})\s*(?:\.\.\s*(\d{1,2}))?\s*", text)
    first, last = (int(m[1]), int(m[2] or m[1])) if m else (0, 0)
    if not 1 <= first <= last <= MAX_K:
        raise ValidationError(t("siting_bad_k", lang, value=text, max=MAX_K))
    return list(range(first, last + 1)) if m and m[2] else [last]


def cmd_siting(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.db import Database
    from tournees.io.exporter import write_csv
    from tournees.plan.staging import check_replaceable
    from tournees.siting import choose_sites, evaluate
    from tournees.siting.from_db import candidates, demand, travel_times
    from tournees.siting.map import siting_map

    lang = settings.lang
    ks = k_values(args.k, lang)
    if not 1 <= args.minutes <= 180:
        raise ValidationError(t("opt_range", lang, option="--minutes", value=args.minutes, lo=1, hi=180))
    settings, database = run_context(args, settings)
    out = Path(args.out)
    check_replaceable(out, protect=[database] if "://" not in database else [], lang=lang)  # before any work
    db = Database.read(database)
    sites = candidates(db, args.candidates, lang)
    ids = [s.site_id for s in sites]
    kept = [k.strip() for k in args.keep.split(",") if k.strip()]
    if unknown := [k for k in kept if k not in ids]:
        raise ValidationError(t("siting_unknown_keep", lang, ids=", ".join(unknown)))
    if len(set(kept)) > ks[0] or ks[-1] > len(sites):
        raise ValidationError(
            t("siting_too_many_kept", lang, kept=len(set(kept)), k=ks[0])
            if len(set(kept)) > ks[0]
            else t("siting_bad_k", lang, value=args.k, max=min(MAX_K, len(sites)))
        )
    where = demand(db, args.landlord)
    if not where.residences:
        raise ValidationError(t("siting_no_seniors", lang))
    times = travel_times(settings, where, sites, walk=args.walk)
    limit_s = args.minutes * 60
    keep = [ids.index(k) for k in dict.fromkeys(kept)]
    studies = []
    for k in ks:
        choice = choose_sites(times, where.weights, k, objective=args.objective, limit_s=limit_s, keep=keep)
        studies.append((k, choice, evaluate(times, where.weights, choice.sites, limit_s)))
    mode = t("vol_mode_pied" if args.walk else "vol_mode_voiture", lang)
    title = t("siting_title", lang, objective=args.objective, minutes=args.minutes, mode=mode)
    yes, no = ("yes", "no") if lang == "en" else ("oui", "non")

    def write(folder: Path) -> None:
        write_csv(
            folder / "sites.csv",
            SITES_COLUMNS,
            [
                [
                    str(k),
                    args.objective,
                    ";".join(ids[j] for j in c.sites),
                    ";".join(sites[j].name for j in c.sites),
                    str(f.covered_weight),
                    str(f.covered_pct),
                    str(round(f.mean_travel_s / 60, 1)),
                    str(f.unreachable_weight),
                    yes if c.optimal else no,
                ]
                for k, c, f in studies
            ],
        )
        write_csv(
            folder / "zones.csv",
            ZONES_COLUMNS,
            [
                [
                    str(k),
                    ids[z.site],
                    sites[z.site].name,
                    str(len(z.points)),
                    str(sum(where.seniors[i] for i in z.points)),
                    str(round(100 * z.covered_weight / z.weight, 1) if z.weight else 0.0),
                    str(round(z.mean_travel_s / 60, 1)),
                ]
                for k, _, f in studies
                for z in f.catchments
            ],
        )
        page = siting_map(sites, where, [(k, f) for k, _, f in studies], title, lang)
        (folder / "carte.html").write_text(page, encoding="utf-8")

    publish(out, "siting", lang, write, protect=[database])
    for k, c, f in studies:
        print(
            t(
                "siting_line",
                lang,
                k=k,
                sites=", ".join(sites[j].name for j in c.sites),
                pct=f.covered_pct,
                minutes=round(f.mean_travel_s / 60, 1),
            )
        )
    print(t("siting_done", lang, ks=", ".join(str(k) for k in ks), path=out))
    return EXIT_OK
