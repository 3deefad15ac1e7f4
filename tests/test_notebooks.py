"""The analyst notebooks run from top to bottom on the demo programme, and are stored without outputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert {p.stem for p in NOTEBOOKS} >= {"epicerie_couverture", "epicerie_scenarios", "bricolage_delais", "scenarios"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip the outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, demo_db: Path, settings, tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db, db)
    monkeypatch.setenv("TOURNEES_DB", str(db))
    monkeypatch.setenv("TOURNEES_DATA_DIR", str(Path(settings.data_dir).resolve()))
    monkeypatch.setenv("TOURNEES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    assert any(c.outputs for c in book.cells if c.cell_type == "code")
    assert os.environ["TOURNEES_DB"] == str(db)


def test_notebooks_find_the_demo_base_from_their_own_folder(demo_db: Path, tmp_path: Path, monkeypatch) -> None:
    """Opened from notebooks/ without TOURNEES_DB, a notebook reads the root's var/demo.sqlite (it created an empty
    notebooks/var/demo.sqlite and failed)."""
    (tmp_path / "var").mkdir()
    shutil.copyfile(demo_db, tmp_path / "var" / "demo.sqlite")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.delenv("TOURNEES_DB", raising=False)
    for path in NOTEBOOKS:
        book = nbformat.read(path, as_version=4)
        first = next(c for c in book.cells if c.cell_type == "code")
        assert "find_demo_database()" in first.source, f"{path.name}: find the demo base from any folder"
    book = nbformat.read(NOTEBOOKS[0], as_version=4)  # bricolage_delais: its first cell reads the base
    book.cells = [next(c for c in book.cells if c.cell_type == "code")]
    NotebookClient(book, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path / "notebooks")}}).execute()
    assert [o for o in book.cells[0].outputs if o.output_type == "error"] == []
    assert not (tmp_path / "notebooks" / "var").exists()


def test_without_a_demo_base_the_notebooks_say_how_to_get_one(tmp_path: Path, monkeypatch) -> None:
    from tournees.demo import find_demo_database

    monkeypatch.delenv("TOURNEES_DB", raising=False)
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(FileNotFoundError, match="make demo"):
        find_demo_database(tmp_path / "notebooks")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["notebooks"]


@pytest.mark.skipif(os.geteuid() != 0, reason="JupyterLab asks --allow-root of root only")
def test_make_notebooks_starts_jupyter_as_root() -> None:
    import subprocess

    root = Path(__file__).resolve().parent.parent
    shown = subprocess.run(["make", "-n", "-W", "pyproject.toml", "notebooks"], cwd=root, capture_output=True, text=True)
    assert "jupyter lab --allow-root" in shown.stdout


def test_a_scenario_that_empties_the_plan_says_why() -> None:
    from types import SimpleNamespace

    from tournees.engine.model import LeftOut
    from tournees.services.epicerie.study import why_worse

    base = {"stops_selected": 14, "coverage_pct": 90.0}
    full = "arrêt retenu mais la journée du camion ne permet pas de le desservir"
    empty = SimpleNamespace(
        kpis={"stops_selected": 0, "coverage_pct": 0.0, "not_covered_by_reason": {"capacity": 83, "too_far": 7},
              "covered_fortnightly_only": 0},
        solution=SimpleNamespace(unassigned=[LeftOut(f"ARR-{i}", "capacity", full) for i in range(14)]),
    )
    why = why_worse(base, empty, "fr")  # type: ignore[arg-type]
    assert "0 arrêt(s) (aujourd'hui 14)" in why and "0,0 %" in why and "90,0 %" in why
    assert f"14 × {full}" in why and "pas de place dans la semaine du camion : 83" in why
    same = SimpleNamespace(kpis={"stops_selected": 14, "coverage_pct": 88.0}, solution=None)
    assert why_worse(base, same, "fr") == ""  # type: ignore[arg-type]
