"""``tournees retime`` reads what a spreadsheet writes or refuses it (issue #24 items 3, 4, 9).

A visits.csv re-saved by French Excel (``;``, tab, BOM, decimal comma, French dates) times
the same as the original; an emptied, cut, foreign, binary or linked one, a broken plan.json
or a bad time in appointments.csv is an input error (exit 2) naming the file, row and field,
with the folder untouched; visits that would be dropped are refused unless ``--allow-drop``;
regenerated documents keep nothing stale. Each test fails on the code before the fix.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.security.test_check_hand_edits import _rows, _save, _visit, clean  # noqa: F401 - the fixture
from tournees.cli import main
from tournees.plan import VISIT_COLUMNS
from tournees.plan.retime import retime


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def folder(clean: Path, tmp_path: Path) -> Path:  # noqa: F811 - uses the imported fixture
    out = tmp_path / "plan"
    shutil.copytree(clean, out)
    return out


def _slip(rows: list[dict[str, str]], seq: str) -> None:
    """Move the last visit of the first route between its first two stops (seq written as given)."""
    first = rows[0]["resource_id"], rows[0]["date"]
    visits = [r for r in rows if (r["resource_id"], r["date"]) == first and r["kind"] == "visit"]
    visits[-1]["seq"] = seq


def _excel(rows: list[dict[str, str]]) -> None:
    """What French Excel does to the cells it recognises: dates as JJ/MM/AAAA."""
    for r in rows:
        year, month, day = r["date"].split("-")
        r["date"] = f"{day}/{month}/{year}"


# --- reading what a spreadsheet writes ------------------------------------------------------------------

RESAVES: list[tuple[str, Callable[[Path, list[dict[str, str]]], None]]] = [
    ("semicolon", lambda f, rows: _save(f, rows, delimiter=";")),
    ("tab", lambda f, rows: _save(f, rows, delimiter="\t")),
    ("semicolon_bom", lambda f, rows: _save(f, rows, delimiter=";", encoding="utf-8-sig")),
    ("semicolon_cp1252_french_dates", lambda f, rows: (_excel(rows), _save(f, rows, delimiter=";", encoding="cp1252"))),
]


@pytest.mark.parametrize("resave", [r[1] for r in RESAVES], ids=[r[0] for r in RESAVES])
def test_a_spreadsheet_resave_times_as_the_original(
    folder: Path, tmp_path: Path, resave: Callable[[Path, list[dict[str, str]]], None]
) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(folder, plain)
    rows = _rows(plain)
    _slip(rows, "1.5")
    _save(plain, rows)
    expected = retime(plain)
    rows = _rows(folder)
    _slip(rows, "1,5")  # a French decimal comma
    resave(folder, rows)
    got = retime(folder)
    assert got.rows == expected.rows and got.unassigned == expected.unassigned
    assert not any(u["reason_code"] == "removed_by_planner" for u in got.unassigned)


# --- refused, naming the file: exit 2, nothing written --------------------------------------------------


def _cut_mid_row(f: Path) -> None:
    data = (f / "visits.csv").read_bytes()
    (f / "visits.csv").write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 40])


def _cut_at_row(f: Path) -> None:
    lines = (f / "visits.csv").read_bytes().splitlines(keepends=True)
    (f / "visits.csv").write_bytes(b"".join(lines[: len(lines) // 2]))


def _link(f: Path) -> None:
    (f / "visits.csv").rename(f.parent / "elsewhere.csv")
    (f / "visits.csv").symlink_to(f.parent / "elsewhere.csv")


def _appointments(f: Path) -> None:
    (f / "appointments.csv").write_text(
        "session_id,venue_id,date,start,end,request_id,travel_s_tenant\n"
        "S1,V1,2026-11-23,2026-11-23T25:99:00,2026-11-23T10:00:00,E1,0\n",
        encoding="utf-8",
    )


def _plan(change: Callable[[dict], object]) -> Callable[[Path], None]:  # type: ignore[type-arg]
    def edit(f: Path) -> None:
        plan = json.loads((f / "plan.json").read_text(encoding="utf-8"))
        change(plan)
        (f / "plan.json").write_text(json.dumps(plan), encoding="utf-8")

    return edit


REFUSED: list[tuple[str, Callable[[Path], object], str]] = [
    ("emptied", lambda f: (f / "visits.csv").write_bytes(b""), "visits.csv : fichier vide"),
    (
        "header_only",
        lambda f: (f / "visits.csv").write_text(",".join(VISIT_COLUMNS) + "\n", encoding="utf-8"),
        "visite(s) planifiée(s) ne sont plus dans visits.csv",
    ),
    ("cut_mid_row", _cut_mid_row, "cellule(s) pour 20 colonnes"),
    ("cut_at_row", _cut_at_row, "ne sont plus dans visits.csv"),
    (
        "foreign",
        lambda f: shutil.copyfile(f / "unassigned.csv", f / "visits.csv"),
        "visits.csv : colonne(s) manquante(s) : resource_id, date, seq, kind",
    ),
    (
        "no_task_id_column",
        lambda f: _save(f, _rows(f), columns=[c for c in VISIT_COLUMNS if c != "task_id"]),
        "visits.csv : colonne(s) manquante(s) : task_id",
    ),
    ("link", _link, "visits.csv : lien symbolique refusé"),
    ("binary", lambda f: (f / "visits.csv").write_bytes(b"PK\x03\x04\x00\x00binary"), "visits.csv : fichier binaire"),
    ("seq_nan", lambda f: _save(f, [{**r, "seq": "nan"} for r in _rows(f)]), "colonne « seq » : « nan »"),
    (
        "kind_in_french",
        lambda f: _save(f, [{**r, "kind": "visite" if r["kind"] == "visit" else r["kind"]} for r in _rows(f)]),
        "colonne « kind » : « visite »",
    ),
    ("plan_corrupt", lambda f: (f / "plan.json").write_text('{"service": ', encoding="utf-8"), "JSON illisible"),
    ("plan_empty", lambda f: (f / "plan.json").write_bytes(b""), "plan.json : JSON illisible ligne 1"),
    (
        "plan_deep",
        lambda f: (f / "plan.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8"),
        "plan.json : crochets ou accolades imbriqués trop profondément",
    ),
    ("plan_list", lambda f: (f / "plan.json").write_text("[]", encoding="utf-8"), "un objet JSON {…} est attendu"),
    ("plan_no_matrix", _plan(lambda p: p.pop("matrix")), "plan.json : contenu inattendu (clé « matrix » absente)"),
    ("plan_bad_shift", _plan(lambda p: p["resources"][0].update(shift_start="8h")), "plan.json : contenu inattendu"),
    ("appointment_25_99", _appointments, "appointments.csv ligne 2, colonne « start » : « 2026-11-23T25:99:00 »"),
]


@pytest.mark.parametrize(("edit", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_what_a_spreadsheet_cannot_have_written_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str], edit: Callable[[Path], object], message: str
) -> None:
    edit(folder)
    before = _snapshot(folder)
    code = main(["retime", str(folder), "--no-pdf"])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert message in err, err
    assert "Erreur interne" not in out + err and "Traceback" not in out + err
    assert "respecte toutes les règles" not in out
    assert _snapshot(folder) == before and [p.name for p in folder.parent.iterdir() if p.name.startswith(".")] == []


def test_a_special_file_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "visits.csv").unlink()
    os.mkfifo(folder / "visits.csv")  # reading it would block for ever

    def stuck(*_: object) -> None:
        raise TimeoutError("retime blocked on a pipe")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        code = main(["retime", str(folder)])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert code == 2
    assert "visits.csv : ce n'est pas un fichier ordinaire" in capsys.readouterr().err


def test_a_drop_says_how_many_and_why(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _rows(folder)
    gone = [r["task_id"] for r in rows if r["kind"] == "visit"][:3]
    _save(folder, [r for r in rows if r["task_id"] not in gone])
    assert main(["retime", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "3 visite(s) planifiée(s) ne sont plus dans visits.csv" in err and "--allow-drop" in err
    assert all(task in err for task in gone)


def test_allow_drop_moves_them_to_unassigned_and_says_so(folder: Path) -> None:
    rows = _rows(folder)
    gone = _visit(rows)["task_id"]
    _save(folder, [r for r in rows if r["task_id"] != gone])
    result = retime(folder, allow_drop=True)
    assert [u["reason_code"] for u in result.unassigned if u["task_id"] == gone] == ["removed_by_planner"]
    assert any("1 visite(s) retirée(s) du plan (--allow-drop)" in b and gone in b for b in result.breaks)


def test_english_messages(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "visits.csv").write_text(",".join(VISIT_COLUMNS) + "\n", encoding="utf-8")
    assert main(["--lang", "en", "retime", str(folder)]) == 2
    assert "planned visit(s) are no longer in visits.csv" in capsys.readouterr().err


# --- regenerated documents keep nothing stale (needs the demo base and roads) ----------------------------


@pytest.fixture(scope="module")
def planned(demo_db: Path, settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("retime-demo")
    db = base / "prog.sqlite"
    shutil.copyfile(demo_db, db)
    out = base / "plan"
    os.environ.setdefault("TOURNEES_DATA_DIR", str(settings.data_dir))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(
            ["plan", "bricolage", "--week", "2026-W48", "--db", str(db), "--out", str(out), "--time-limit", "1"]
        )
    assert code == 0
    return db, out


def test_retime_out_no_pdf_keeps_no_stale_pdf_nor_sheet(
    planned: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = planned
    source = tmp_path / "edited"
    shutil.copytree(out, source)
    (source / "feuilles_de_route.pdf").write_bytes(b"%PDF-1.4 semaine d'avant")
    with (source / "visits.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    techs = sorted({r["resource_id"] for r in rows if r["kind"] == "visit"})
    leaving, taking = techs[-1], techs[0]
    for r in rows:  # every visit of the last technician to the first, same day, at the end of his day
        if r["resource_id"] == leaving and r["kind"] == "visit":
            r["resource_id"], r["seq"] = taking, "1000"
    _save(source, rows)
    assert (source / f"feuille_{leaving}.html").exists()
    new = tmp_path / "new"
    code = main(["--db", str(db), "retime", str(source), "--out", str(new), "--no-pdf"])
    out_text, err = capsys.readouterr()
    assert code == 0, out_text + err
    assert not (new / "feuilles_de_route.pdf").exists() and not (new / f"feuille_{leaving}.html").exists()
    assert (new / f"feuille_{taking}.html").exists()
    manifest = json.loads((new / "plan.json").read_text(encoding="utf-8"))["manifest"]["files"]
    assert "feuilles_de_route.pdf" not in manifest and f"feuille_{leaving}.html" not in manifest
