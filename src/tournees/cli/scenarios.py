"""The analysts' commands: ``tournees scenarios SWEEP.toml`` (a sweep on Dask) and ``tournees synth`` (synthetic
regional data)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pandas as pd

from tournees.cli.common import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, say
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.io.options import seed_number, whole_number
from tournees.settings import Settings

PARQUET_MARK = b"tournees-scenarios"  # in the Parquet file's metadata: a results file this command wrote
CSV_HEAD = "scenario,week,"  # the first columns of a results CSV this command wrote


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser | None = None,
             lang: str | None = None) -> None:
    """Add ``scenarios`` and ``synth`` to the CLI."""
    parents = [common] if common is not None else []
    p = subparsers.add_parser("scenarios", parents=parents, help=t("scen_help", lang), description=t("scen_help", lang))
    p.add_argument("sweep", help=t("scen_help_sweep", lang))
    p.add_argument("--out", default=None, help=t("scen_help_out", lang))
    p.add_argument("--scheduler", default=None, metavar="ADRESSE" if lang != "en" else "ADDRESS",
                   help=t("scen_help_scheduler", lang))
    p.add_argument("--workers", type=whole_number, default=None, help=t("scen_help_workers", lang))
    p.add_argument("--cache", default=None, help=t("scen_help_cache", lang))
    p.set_defaults(handler=cmd_scenarios)

    p = subparsers.add_parser("synth", parents=parents, help=t("synth_help", lang), description=t("synth_help", lang))
    p.add_argument("--landlords", type=whole_number, default=3, help=t("synth_help_landlords", lang))
    p.add_argument("--seniors", type=whole_number, default=300, help=t("synth_help_seniors", lang))
    p.add_argument("--weeks", type=whole_number, default=4, help=t("synth_help_weeks", lang))
    p.add_argument("--first-week", default="2026-W48", help=t("synth_help_first_week", lang))
    p.add_argument("--rate", type=float, default=None, help=t("synth_help_rate", lang))
    p.add_argument("--seed", type=seed_number, default=0, help=t("synth_help_seed", lang))
    p.add_argument("--out", required=True, help=t("synth_help_out", lang))
    p.set_defaults(handler=cmd_synth)


def results_written_by_us(path: Path) -> bool:
    """Whether ``path`` is a results file of this command (the only kind it replaces)."""
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            return PARQUET_MARK in (pq.read_schema(path).metadata or {})
        with path.open(encoding="utf-8") as fh:
            return fh.readline().startswith(CSV_HEAD)
    except (OSError, ValueError, UnicodeDecodeError):
        return False


def check_results_path(path: Path, lang: str) -> None:
    """Before any scenario runs: a .parquet or .csv name, and not a file of someone else's."""
    if path.suffix.lower() not in (".parquet", ".csv"):
        raise ValidationError(t("scen_out_suffix", lang, path=path))
    if path.exists() and (not path.is_file() or not results_written_by_us(path)):
        raise ValidationError(t("scen_out_exists", lang, path=path))


def write_results(frame: pd.DataFrame, path: Path) -> None:
    """Written beside, then renamed into place: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False)
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), PARQUET_MARK: b"1"})
            pq.write_table(table, tmp)
        else:
            frame.to_csv(tmp, index=False)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def cmd_scenarios(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.scenarios import load_sweep
    from tournees.scenarios.run import DONE, FAILED
    from tournees.scenarios.sweep import run_sweep

    lang = settings.lang
    out = Path(args.out) if args.out else None
    if out is not None:
        check_results_path(out, lang)
    sweep = load_sweep(args.sweep, lang)  # every problem of the file before anything runs
    frame = run_sweep(sweep, scheduler=args.scheduler, workers=args.workers, settings=settings,
                      cache_dir=args.cache, on_failure=lambda name, error: say(t("scen_failed", lang, name=name,
                                                                                   error=error)))
    by_scenario = frame.groupby("scenario", sort=False)["status"].agg(lambda s: FAILED if (s == FAILED).any() else DONE)
    ok, failed = int((by_scenario == DONE).sum()), int((by_scenario == FAILED).sum())
    if out is not None:
        write_results(frame, out)
        print(t("scen_done", lang, rows=len(frame), path=out, ok=ok, failed=failed))
    else:
        with pd.option_context("display.max_columns", None, "display.width", 200):
            print(frame.to_string(index=False))
        print(t("scen_done_no_file", lang, ok=ok, failed=failed))
    kinds = set(frame.get("error_kind", pd.Series(dtype=object)).dropna())
    if "internal" in kinds:
        return EXIT_INTERNAL
    return EXIT_INPUT if "input" in kinds else EXIT_OK  # a scenario the analyst can fix: the same code as bad input


def cmd_synth(args: argparse.Namespace, settings: Settings) -> int:
    from tournees.synth import synthesize

    report = synthesize(settings, Path(args.out), landlords=args.landlords, seniors=args.seniors, weeks=args.weeks,
                        first_week=args.first_week, rate=args.rate, seed=args.seed)
    print(t("synth_done", settings.lang, path=args.out, **report))
    return EXIT_OK
