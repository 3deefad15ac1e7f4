"""A sweep on Dask: one task per scenario, results cached per scenario, failures reported beside the others.

By default a local cluster of the machine's cores (processes with one thread each: the planners are
CPU-bound, and each plan searches on one thread); ``scheduler="tcp://host:8786"`` runs on an existing
cluster, whose workers need tournees installed and the shared data folder (``TOURNEES_DATA_DIR``). The base
database travels to the workers with the tasks, so they need no access to it. ``workers=0`` runs the
scenarios one after the other in this process, without Dask.

A scenario's rows are kept in the cache under a key of the base's content, the scenario, the sweep's base
settings and the code: a re-run computes only what changed. A failed scenario is not cached.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from tournees import __version__
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.scenarios.run import FAILED, Job, run_scenario
from tournees.scenarios.spec import Sweep, load_sweep
from tournees.settings import Settings, load_settings

CACHE_FORMAT = 1


@lru_cache(maxsize=1)
def code_version() -> str:
    """tournees's version and a digest of its source: a changed planner computes its scenarios again."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def scenario_key(database_sha: str, job: Job) -> str:
    """The cache key of a scenario: the base's content, the sweep's base settings, the scenario, the code."""
    base = {k: v for k, v in dataclasses.asdict(job.base).items() if k != "database"}
    text = json.dumps({"format": CACHE_FORMAT, "db": database_sha, "base": base, "changes": job.scenario.changes,
                       "code": code_version(), "lang": job.settings.lang}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class Cache:
    """One JSON file of rows per scenario key (written whole, then renamed into place)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> list[dict[str, Any]] | None:
        try:
            return json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return None

    def put(self, key: str, rows: list[dict[str, Any]]) -> None:
        if any(row.get("status") == FAILED for row in rows):
            return  # a failure is computed again next time
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(rows, default=str), encoding="utf-8")
        tmp.replace(self.folder / f"{key}.json")


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, disable=not enabled or total == 0, unit="scénario", dynamic_ncols=True)


def _serial(jobs: list[tuple[str, Job]], database: bytes) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for key, job in jobs:
        yield key, run_scenario(job, database)


def _on_dask(jobs: list[tuple[str, Job]], database: bytes, scheduler: str | None, workers: int,
             lang: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the analyst reads the progress bar, not the scheduler's log
    try:
        if scheduler is None:  # on loopback only; its status page on a free port, never a fixed one
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as err:
        quiet.setLevel(level)
        if cluster is not None:
            cluster.close()
        raise ValidationError(t("scen_no_scheduler", lang, address=scheduler or "local", detail=err)) from None
    try:
        shared = client.scatter(database, broadcast=True)  # one copy per worker, not one per task
        futures = {client.submit(run_scenario, job, shared, key=f"scenario-{key}", pure=False): (key, job)
                   for key, job in jobs}
        for future in as_completed(futures):
            key, job = futures[future]
            try:
                rows = future.result()
            except Exception as err:  # the worker died (memory, kill): this scenario fails, the others go on
                from tournees.scenarios.run import identity

                rows = [{**identity(job, None), "status": FAILED, "error": f"{type(err).__name__}: {err}",
                         "error_kind": "internal"}]
            yield key, rows
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        quiet.setLevel(level)


def run_sweep(
    sweep: Sweep | str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    settings: Settings | None = None,
    cache_dir: str | Path | None = None,
    progress: bool = True,
    on_failure: Callable[[str, str], None] | None = None,
) -> pd.DataFrame:
    """Every scenario of ``sweep`` (a :class:`Sweep` or its TOML file), one row per scenario and week.

    ``scheduler``: address of an existing Dask cluster; by default a local cluster of ``workers`` processes
    (the machine's cores); ``workers=0``: in this process. ``on_failure(name, error)`` is told of each failed
    scenario as it fails. Columns: see docs/analystes.md."""
    settings = settings or load_settings()
    if not isinstance(sweep, Sweep):
        sweep = load_sweep(sweep, settings.lang)
    database = sweep.base.database.read_bytes()
    sha = hashlib.sha256(database).hexdigest()
    cache = Cache(Path(cache_dir) if cache_dir is not None else Path(settings.cache_dir) / "scenarios")
    jobs = [(scenario_key(sha, job), job) for job in (Job(sweep.base, s, settings) for s in sweep.scenarios)]
    results: dict[str, list[dict[str, Any]]] = {}
    todo = []
    for key, job in jobs:
        if (rows := cache.get(key)) is not None:
            results[key] = rows
        else:
            todo.append((key, job))
    n_workers = (os.cpu_count() or 1) if workers is None else workers
    if scheduler is not None:
        where = t("scen_remote_cluster", settings.lang, address=scheduler)
    elif n_workers == 0:
        where = t("scen_serial", settings.lang)
    else:
        where = t("scen_local_cluster", settings.lang, workers=n_workers)
    if progress:
        print(t("scen_running", settings.lang, n=len(jobs), weeks=sweep.base.weeks, cached=len(results),
                todo=len(todo), where=where), file=sys.stderr, flush=True)
    unique = list({key: job for key, job in todo}.items())  # two identical scenarios are computed once
    running = (_serial(unique, database) if scheduler is None and n_workers == 0
               else _on_dask(unique, database, scheduler, max(1, n_workers), settings.lang))
    with _progress(len(unique), progress) as bar:
        for key, rows in running:
            results[key] = rows
            cache.put(key, rows)
            bar.update(1)
            failed = [r for r in rows if r.get("status") == FAILED]
            if failed and on_failure is not None:
                on_failure(str(failed[0]["scenario"]), str(failed[0]["error"]))
    rows = []
    for key, job in jobs:  # in the sweep's order, whatever order they finished in
        rows += [{**row, "scenario": job.scenario.name} for row in results[key]]
    frame = pd.DataFrame(rows)
    return frame.drop(columns=[c for c in ("traceback",) if c in frame.columns])
