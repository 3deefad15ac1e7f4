"""Analysts' scenario sweeps: many plans of changed inputs, side by side, on Dask.

``run_sweep(load_sweep("sweep.toml"))`` gives a pandas DataFrame, one row per scenario and week;
``tournees scenarios sweep.toml --out results.parquet`` does the same from the command line.
"""

from __future__ import annotations

from tournees.scenarios.spec import Base, Scenario, Sweep, load_sweep, sweep_from_mapping

__all__ = ["Base", "Scenario", "Sweep", "load_sweep", "run_sweep", "sweep_from_mapping"]


def __getattr__(name: str) -> object:  # Dask is imported only when a sweep runs
    if name == "run_sweep":
        from tournees.scenarios.sweep import run_sweep

        return run_sweep
    raise AttributeError(name)
