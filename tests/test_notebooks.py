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
    assert {p.stem for p in NOTEBOOKS} >= {"epicerie_couverture", "epicerie_scenarios", "bricolage_delais"}


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
