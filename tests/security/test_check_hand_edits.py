"""``tournees check`` on 25 hand-edited plan folders: each edit is a clear finding (exit 2), never an internal error."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.engine import instances as inst
from tournees.cli import main
from tournees.engine import solve
from tournees.plan import VISIT_COLUMNS, PlanContext, write_plan
from tournees.plan.staging import staged_folder


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan folder written as the planners write it (staged, with its manifest), which checks clean."""
    p = inst.busy_week(n=14, days=2)
    s = solve(p, time_limit_s=1.0, engine="ortools", workers=1)
    visits = [(st.task_id, st.start, p.vehicles[r.vehicle]) for r in s.routes for st in r.steps if st.kind == "visit"]
    slots = {tid: (max(at - 1800, v.shift_start), min(at + 1800, v.shift_end)) for tid, at, v in visits if tid}
    ctx = PlanContext(
        "bricolage",
        dt.date(2026, 11, 23),
        [f"P{i}" for i in range(12)],
        [(47.9 + i / 1000, 1.9) for i in range(12)],
        slots=slots,
    )
    out = tmp_path_factory.mktemp("hand") / "plan"
    with staged_folder(out) as tmp:
        write_plan(tmp, p, s, ctx, meta={"inputs_fingerprint": "test"})
        (tmp / "couverture.csv").write_text("tenant_id,weight\n", encoding="utf-8")
        (tmp / "portee.csv").write_text("tenant_id,stop_id\n", encoding="utf-8")
    assert main(["check", str(out)]) == 0
    return out


def _rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _save(
    folder: Path,
    rows: list[dict[str, str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    columns: list[str] = VISIT_COLUMNS,
) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    (folder / "visits.csv").write_bytes(buffer.getvalue().encode(encoding))


def _visit(rows: list[dict[str, str]]) -> dict[str, str]:
    return next(r for r in rows if r["kind"] == "visit")


def _edit_rows(change: Callable[[list[dict[str, str]]], object], **save: object) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        rows = _rows(folder)
        change(rows)
        _save(folder, rows, **save)  # type: ignore[arg-type]

    return edit


def _edit_json(change: Callable[[dict], object]) -> Callable[[Path], None]:  # type: ignore[type-arg]
    def edit(folder: Path) -> None:
        plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        change(plan)
        (folder / "plan.json").write_text(json.dumps(plan), encoding="utf-8")

    return edit


def _set(row: dict[str, str], **values: str) -> None:
    row.update(values)


def _french(text: str) -> str:
    return dt.datetime.fromisoformat(text).strftime("%d/%m/%Y %H:%M")


def _later(text: str, minutes: int) -> str:
    return (dt.datetime.fromisoformat(text) + dt.timedelta(minutes=minutes)).isoformat()


def _link_visits(folder: Path) -> None:
    """visits.csv replaced by a link to another file (here the unassigned list)."""
    (folder / "visits.csv").unlink()
    (folder / "visits.csv").symlink_to(folder / "unassigned.csv")


def _link_document(folder: Path) -> None:
    """A link slipped among the documents: check says so rather than reading what it points at."""
    (folder / "carte_ancienne.html").symlink_to(folder / "plan.json")


def _pipe_visits(folder: Path) -> None:
    (folder / "visits.csv").unlink()
    os.mkfifo(folder / "visits.csv")


def _unassign_visit(folder: Path) -> None:
    """A visit moved by hand from visits.csv to unassigned.csv: the plan lost it, both lists still agree."""
    rows = _rows(folder)
    gone = _visit(rows)
    rows.remove(gone)
    _save(folder, rows)
    with (folder / "unassigned.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write(f"bricolage,{gone['task_id']},capacity,pas le temps\n")


CASES: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "json_truncated",
        lambda f: (f / "plan.json").write_text('{"service": "bricolage", "visits": [', encoding="utf-8"),
        "JSON illisible",
    ),
    (
        "json_list",
        lambda f: (f / "plan.json").write_text("[1, 2]", encoding="utf-8"),
        "un objet JSON {…} est attendu, pas list",
    ),
    ("json_null", lambda f: (f / "plan.json").write_text("null", encoding="utf-8"), "un objet JSON {…} est attendu"),
    ("json_missing", lambda f: (f / "plan.json").unlink(), "plan.json : fichier manquant"),
    (
        "json_cp1252",
        lambda f: (f / "plan.json").write_bytes('{"service": "épicerie"}'.encode("cp1252")),
        "plan.json : le fichier n'est pas en UTF-8",
    ),
    ("visits_missing", lambda f: (f / "visits.csv").unlink(), "visits.csv : fichier manquant"),
    ("unassigned_missing", lambda f: (f / "unassigned.csv").unlink(), "unassigned.csv : fichier manquant"),
    ("visits_empty", lambda f: (f / "visits.csv").write_bytes(b""), "visits.csv : colonne(s) manquante(s)"),
    ("seq_in_words", _edit_rows(lambda rows: _set(rows[1], seq="un")), "seq « un » : un nombre entier"),
    (
        "french_dates",
        _edit_rows(lambda rows: [_set(r, arrival=_french(r["arrival"])) for r in rows]),
        "format attendu AAAA-MM-JJTHH:MM:SS",
    ),
    ("space_in_dates", _edit_rows(lambda rows: _set(rows[2], start=rows[2]["start"].replace("T", " "))), "start « "),
    (
        "impossible_date",
        _edit_rows(lambda rows: _set(rows[2], end="2026-02-30T10:00:00")),
        "n'est pas une date-heure qui existe",
    ),
    (
        "column_deleted",
        lambda f: _save(f, _rows(f), columns=[c for c in VISIT_COLUMNS if c != "departure"]),
        "visits.csv : colonne(s) manquante(s) : departure",
    ),
    ("excel_french_resave", _edit_rows(lambda rows: None, delimiter=";", encoding="cp1252"), "séparateur « ; »"),
    (
        "excel_cp1252",
        _edit_rows(lambda rows: _set(rows[0], location_id="Dépôt"), encoding="cp1252"),
        "enregistré en Windows-1252",
    ),
    (
        "extra_cell",
        lambda f: (f / "visits.csv").write_text(
            (f / "visits.csv").read_text(encoding="utf-8").replace("\n", ",x\n", 2).replace(",x\n", "\n", 1),
            encoding="utf-8",
        ),
        "nombre de cellules différent de l'en-tête",
    ),
    (
        "outside_slot",
        _edit_rows(
            lambda rows: _set(
                _visit(rows), slot_start=_later(_visit(rows)["start"], 60), slot_end=_later(_visit(rows)["start"], 180)
            )
        ),
        "hors du créneau annoncé",
    ),
    ("visit_duplicated", _edit_rows(lambda rows: rows.insert(2, dict(_visit(rows)))), "déjà planifiée"),
    (
        "visit_deleted",
        _edit_rows(lambda rows: rows.remove(_visit(rows))),
        "n'est ni dans visits.csv ni dans unassigned.csv",
    ),
    (
        "arrival_too_early",
        _edit_rows(lambda rows: _set(_visit(rows), arrival=rows[0]["departure"])),
        "impossible, pas avant",
    ),
    (
        "reason_erased",
        lambda f: (f / "unassigned.csv").write_text(
            "service,task_id,reason_code,reason\nbricolage,R99,capacity,\n", encoding="utf-8"
        ),
        "R99 sans raison",
    ),
    ("resources_not_list", _edit_json(lambda p: p.update(resources={"a": 1})), "« resources » doit être une liste"),
    ("task_without_duration", _edit_json(lambda p: p["tasks"][0].pop("service_s")), "ressources ou tâches illisibles"),
    ("shift_in_french", _edit_json(lambda p: p["resources"][0].update(shift_start="8h00")), "horaires de"),
    (
        "coverage_missing",
        lambda f: (_edit_json(lambda p: p.update(service="epicerie"))(f), (f / "couverture.csv").unlink()),
        "couverture.csv : fichier manquant",
    ),
    (
        "json_deep",
        lambda f: (f / "plan.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8"),
        "plan.json : crochets ou accolades imbriqués trop profondément",
    ),
    ("visits_link", _link_visits, "visits.csv : lien symbolique refusé"),
    ("document_link", _link_document, "carte_ancienne.html : lien symbolique refusé"),
    ("visits_pipe", _pipe_visits, "visits.csv : ce n'est pas un fichier ordinaire"),
    ("visits_binary", lambda f: (f / "visits.csv").write_bytes(b"\x89PNG\r\n\x00\x00"), "visits.csv : fichier binaire"),
    ("excel_tab_resave", _edit_rows(lambda rows: None, delimiter="\t"), "séparateur « tabulation »"),
    ("visit_moved_to_unassigned", _unassign_visit, "visites perdues depuis l'écriture du plan"),
    (
        "stale_file_added",
        lambda f: (f / "carte_ancienne.html").write_text("<p>semaine 47</p>", encoding="utf-8"),
        "carte_ancienne.html : fichier en trop",
    ),
]


def test_twenty_five_hand_edits_at_least() -> None:
    assert len(CASES) >= 25 and len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("name", "edit", "finding"), CASES, ids=[c[0] for c in CASES])
def test_hand_edit_is_a_clear_finding(
    clean: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    edit: Callable[[Path], None],
    finding: str,
) -> None:
    folder = tmp_path / "plan"
    shutil.copytree(clean, folder)
    edit(folder)
    code = main(["check", str(folder)])
    out, err = capsys.readouterr()
    assert code == 2, out + err
    assert "Erreur interne" not in out + err and "Traceback" not in out + err
    assert finding in out, out
