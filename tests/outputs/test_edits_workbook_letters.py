"""A planner's hand edit turned back into documents (retime), typed workbook, letters, English documents, privacy."""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tournees.db import Database
from tournees.errors import ValidationError
from tournees.outputs.labels import length_text
from tournees.settings import Settings


def _visits(folder: Path) -> list[dict[str, str]]:
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write_visits(folder: Path, rows: list[dict[str, str]]) -> None:
    with (folder / "visits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def demo_copy(demo_run, settings: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the demo's bricolage plan folder and database, and settings pointing at that database."""
    folder = tmp_path / "bricolage"
    shutil.copytree(demo_run.out / "bricolage", folder)
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_run.out.parent / "demo.sqlite", db)
    return folder, replace(settings, database=str(db))


def _retime(folder: Path, settings: Settings, *extra: str) -> tuple[int, str]:
    from tournees.cli.retime import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["retime", str(folder), *extra])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = args.handler(args, settings)
    return code, out.getvalue()


def test_retime_after_a_swap_and_a_move_to_another_day(demo_copy) -> None:
    from tournees.plan import check_plan_folder

    folder, settings = demo_copy
    rows = _visits(folder)
    stops = [r for r in rows if r["kind"] == "visit"]
    days = sorted({r["date"] for r in stops})
    first = [r for r in stops if (r["resource_id"], r["date"]) == (stops[0]["resource_id"], stops[0]["date"])]
    a, b = first[0], first[1]
    a["seq"], b["seq"] = b["seq"], a["seq"]  # swap the first two visits of a route
    lightest = min(
        {(r["resource_id"], r["date"]) for r in stops if r["date"] != days[0]},
        key=lambda k: sum((r["resource_id"], r["date"]) == k for r in stops),
    )
    mover = next(
        r
        for r in stops
        if r["date"] != lightest[1] and r["date"] != a["date"] and r["kind"] == "visit" and r["pinned"] == "0"
    )
    mover["resource_id"], mover["date"], mover["seq"] = lightest[0], lightest[1], "0.5"  # first of another day
    _write_visits(folder, rows)
    code, out = _retime(folder, settings, "--no-pdf")
    assert code == 0 and "Plan re-minuté" in out
    after = _visits(folder)
    route = [
        r["task_id"]
        for r in after
        if (r["resource_id"], r["date"]) == (a["resource_id"], a["date"]) and r["kind"] == "visit"
    ]
    assert route[:2] == [b["task_id"], a["task_id"]]
    moved = next(r for r in after if r["task_id"] == mover["task_id"])
    assert (moved["resource_id"], moved["date"], moved["seq"]) == (lightest[0], lightest[1], "1")
    assert moved["start"].startswith(lightest[1]) and moved["slot_start"].startswith(lightest[1])
    assert mover["task_id"] in out  # its new slot is to be announced
    # times follow the engine's rules: arrival after the previous place's departure, the drive and any break
    # taken on the way (a break may also fill a wait at the next place: then the visit starts after it)
    for key in {(r["resource_id"], r["date"]) for r in after}:
        steps = [r for r in after if (r["resource_id"], r["date"]) == key]
        places = [r for r in steps if r["kind"] != "break"]
        for prev, nxt in zip(places, places[1:], strict=False):
            gap = dt.datetime.fromisoformat(nxt["arrival"]) - dt.datetime.fromisoformat(prev["departure"])
            assert gap.total_seconds() >= int(nxt["travel_s_from_prev"])
        for brk, nxt in zip(steps, steps[1:], strict=False):
            if brk["kind"] == "break":
                assert dt.datetime.fromisoformat(nxt["start"]) >= dt.datetime.fromisoformat(brk["end"])
    problems = check_plan_folder(folder)
    assert ("respecte toutes les règles" in out) == (problems == [])
    for line in problems:
        assert line in out
    # the documents tell the new plan
    sheets = (folder / "feuilles_de_route.html").read_text(encoding="utf-8")
    section = sheets[sheets.index(f"data-resource='{lightest[0]}' data-date='{lightest[1]}'") :]
    assert mover["task_id"] in section[: section.index("</section>")]
    own = (folder / f"feuille_{lightest[0]}.html").read_text(encoding="utf-8")
    assert mover["task_id"] in own
    from openpyxl import load_workbook

    wb = load_workbook(folder / "plan.xlsx")
    day_sheets = [
        ws
        for ws in wb.worksheets
        if ws.title.startswith(lightest[0]) and dt.date.fromisoformat(lightest[1]).strftime("%d-%m") in ws.title
    ]
    assert len(day_sheets) == 1 and mover["task_id"] in [c.value for c in day_sheets[0]["H"]]
    page = (folder / "carte.html").read_text(encoding="utf-8")
    panel = page[page.index(f"class='tournees-day-stops' data-day='{lightest[1]}'") :]
    panel = panel[: panel.index("</details>")].split("class='tournees-day-stops'")[1]
    assert panel.count("tournees-nav") == sum(r["date"] == lightest[1] and r["kind"] == "visit" for r in after)
    import json

    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    assert plan["kpis"]["retimed"] is True and [r["task_id"] for r in plan["visits"]] == [r["task_id"] for r in after]


def test_retime_of_an_unedited_folder_gives_the_same_times(demo_copy, tmp_path: Path) -> None:
    folder, settings = demo_copy
    code, out = _retime(folder, settings, "--no-pdf", "--out", str(tmp_path / "again"))
    assert code == 0 and "respecte toutes les règles" in out
    columns = (
        "resource_id",
        "date",
        "seq",
        "kind",
        "task_id",
        "arrival",
        "start",
        "end",
        "departure",
        "slot_start",
        "slot_end",
    )
    assert [[r[c] for c in columns] for r in _visits(tmp_path / "again")] == [
        [r[c] for c in columns] for r in _visits(folder)
    ]


def test_retime_refuses_bad_edits_and_writes_nothing(demo_copy) -> None:
    folder, settings = demo_copy
    rows = _visits(folder)
    stops = [r for r in rows if r["kind"] == "visit"]
    stops[0]["resource_id"] = "TECH-99"
    stops[1]["task_id"] = stops[2]["task_id"]
    _write_visits(folder, rows)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    with pytest.raises(ValidationError) as err:
        _retime(folder, settings)
    text = str(err.value)
    assert "TECH-99 ne travaille pas" in text and "figure deux fois" in text and "rien n'a été écrit" in text
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before


def test_replan_from_a_retimed_plan(demo_copy, tmp_path: Path) -> None:
    """``replan --from-plan DIR`` stores the folder as the week's latest plan and starts from it."""
    from tournees.cli.retime import adopt_plan
    from tournees.model import PlanningRun, PlanStep

    folder, settings = demo_copy
    run_id = adopt_plan(folder, settings.database, settings)
    db = Database.open(settings.database)
    assert (
        max(
            (r for r in db.load(PlanningRun) if r.run_id.startswith("bricolage-2026-W48-")),
            key=lambda r: int(r.run_id.rsplit("-", 1)[1]),
        ).run_id
        == run_id
    )
    stored = sorted(
        (s.resource_id, s.date.isoformat(), s.seq, s.task_id or "") for s in db.load(PlanStep) if s.run_id == run_id
    )
    assert stored == sorted((r["resource_id"], r["date"], int(r["seq"]), r["task_id"]) for r in _visits(folder))
    from tournees.cli import main

    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
        code = main(
            [
                "replan",
                "bricolage",
                "--week",
                "2026-W48",
                "--from-plan",
                str(folder),
                "--from",
                "2026-11-26",
                "--out",
                str(tmp_path / "replan"),
                "--db",
                settings.database,
                "--time-limit",
                "2",
            ]
        )
    assert code == 0, out.getvalue()
    kept = [r for r in _visits(tmp_path / "replan") if r["date"] < "2026-11-26"]
    assert [(r["resource_id"], r["date"], r["task_id"], r["start"]) for r in kept] == [
        (r["resource_id"], r["date"], r["task_id"], r["start"]) for r in _visits(folder) if r["date"] < "2026-11-26"
    ]


def _number(value: object) -> bool:
    """A number cell (a whole amount such as 15.0 is stored as 15)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_workbook_cells_are_typed(demo_run) -> None:
    from openpyxl import load_workbook

    folder = demo_run.out / "bricolage"
    visits = _visits(folder)
    routes = sorted({(r["resource_id"], r["date"]) for r in visits})
    wb = load_workbook(folder / "plan.xlsx")
    week = wb.worksheets[0]
    assert week.title == "Semaine" and week.freeze_panes == "A2"
    assert [c.value for c in week[1]][:8] == [
        "Intervenant",
        "Date",
        "Départ",
        "Retour",
        "Arrêts",
        "Heures sur place",
        "Conduite (min)",
        "Distance (km)",
    ]
    body = list(week.iter_rows(min_row=2, max_row=1 + len(routes), values_only=True))
    assert sorted((r[0], r[1].date().isoformat()) for r in body) == routes
    for _resource, day, leave, back, n, hours, driving, km in body:
        assert isinstance(day, dt.datetime) and isinstance(leave, dt.time) and isinstance(back, dt.time)
        assert isinstance(n, int) and isinstance(driving, int) and _number(hours) and _number(km)
    total = next(r for r in week.iter_rows(values_only=True) if r[0] == "Total")
    assert total[4] == sum(r["kind"] == "visit" for r in visits)
    left = {}
    with (folder / "unassigned.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            left[r["reason_code"]] = left.get(r["reason_code"], 0) + 1
    rows = list(week.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Non planifiées, par motif")
    assert {r[0]: r[1] for r in rows[start + 1 : start + 1 + len(left)]} == left
    assert len(wb.worksheets) == 1 + len(routes) + (1 if left else 0)
    day = wb.worksheets[1]
    assert day.freeze_panes == "A3" and day.page_setup.orientation == "landscape" and day.print_title_rows == "$1:$2"
    assert day.column_dimensions["J"].width >= 30  # addresses are readable
    header = [c.value for c in day[2]]
    assert header[:5] == ["N°", "Étape", "Arrivée", "Début", "Fin"] and "Adresse" in header and "Tarif (€)" in header
    visit = next(r for r in day.iter_rows(min_row=3) if r[1].value == "visite")
    assert isinstance(visit[0].value, int) and isinstance(visit[3].value, dt.time) and visit[3].number_format == "hh:mm"
    assert isinstance(visit[12].value, int) and _number(visit[13].value) and _number(visit[15].value)
    assert visit[13].number_format == "#,##0.00 €" and visit[15].number_format == "0.0"
    assert visit[9].value and ", " in visit[9].value and visit[11].value  # address and task label


def test_workbook_text_never_starts_a_formula(demo_copy) -> None:
    from openpyxl import load_workbook

    from tournees.model import InterventionType
    from tournees.outputs import write_outputs

    folder, settings = demo_copy
    db = Database.open(settings.database)
    kinds = db.load(InterventionType)
    with db.session() as session:
        for k in kinds:
            session.merge(replace(k, label='=HYPERLINK("http://x","y")'))
    write_outputs(folder, db, settings, roads=False, pdf=False)
    wb = load_workbook(folder / "plan.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    tricky = [c for c in cells if "HYPERLINK" in c.value]
    assert tricky and all(c.value.startswith("=HYPERLINK") and c.data_type == "s" and c.quotePrefix for c in tricky)
    assert not any(c.data_type == "f" for c in cells)
    assert "=HYPERLINK(&quot;" in (folder / "feuilles_de_route.html").read_text(encoding="utf-8")


def test_call_ahead_phone_only_on_the_technicians_own_sheet(demo_run) -> None:
    from tournees.model import BricolageRequest, Tenant

    folder = demo_run.out / "bricolage"
    db = Database.open(demo_run.out.parent / "demo.sqlite")
    tenants = {t.tenant_id: t for t in db.load(Tenant)}
    requests = {r.request_id: r for r in db.load(BricolageRequest)}
    office = (folder / "feuilles_de_route.html").read_text(encoding="utf-8")
    seen_phone = 0
    for resource in {r["resource_id"] for r in _visits(folder)}:
        own = (folder / f"feuille_{resource}.html").read_text(encoding="utf-8")
        mine = {
            requests[r["task_id"]].tenant_id
            for r in _visits(folder)
            if r["kind"] == "visit" and r["task_id"] in requests and r["resource_id"] == resource
        }
        for tenant in tenants.values():
            if tenant.phone is None:
                continue
            expected = tenant.tenant_id in mine and tenant.call_ahead and tenant.consent
            assert (tenant.phone in own) == expected, (resource, tenant.tenant_id)
            assert tenant.phone not in office
            seen_phone += expected
    for name in ("carte.html", "plan.xlsx", "visits.csv", "plan.json"):
        data = (folder / name).read_bytes()
        assert not any(t.phone and t.phone.encode() in data for t in tenants.values()), name


def test_sheets_say_whom_and_where(demo_run) -> None:
    from tournees.model import BricolageRequest, InterventionType, Tenant

    folder = demo_run.out / "bricolage"
    db = Database.open(demo_run.out.parent / "demo.sqlite")
    tenants = {t.tenant_id: t for t in db.load(Tenant)}
    kinds = {k.type_id: k for k in db.load(InterventionType)}
    requests = {r.request_id: r for r in db.load(BricolageRequest)}
    text = (folder / "feuilles_de_route.html").read_text(encoding="utf-8")
    visit = next(r for r in _visits(folder) if r["kind"] == "visit" and r["task_id"] in requests)
    req = requests[visit["task_id"]]
    tenant = tenants[req.tenant_id]
    row = text[text.index(f"<b>{visit['task_id']}</b>") :]
    row = row[: row.index("</tr>")]
    assert f"porte {tenant.door}" in row and f"bât. {tenant.building}" in row and f"esc. {tenant.staircase}" in row
    assert kinds[req.type_id].label.replace("'", "&#x27;") in row
    assert f"{kinds[req.type_id].tariff_eur:.2f}".replace(".", ",") + " €" in row
    slot = f"{visit['slot_start'][11:13]} h {visit['slot_start'][14:16]}"
    assert slot in text[text.index(f"<b>{visit['task_id']}</b>") - 400 : text.index(f"<b>{visit['task_id']}</b>")]


def test_ecrivain_sheet_lists_each_sessions_appointments(demo_run) -> None:
    folder = demo_run.out / "ecrivain"
    text = (folder / "feuilles_de_route.html").read_text(encoding="utf-8")
    with (folder / "appointments.csv").open(encoding="utf-8") as fh:
        appointments = list(csv.DictReader(fh))
    assert appointments
    for a in appointments:
        assert f"<b>{a['request_id']}</b>" in text
        start = dt.datetime.fromisoformat(a["start"])
        assert f"<li>{start:%H} h {start:%M} · <b>{a['request_id']}</b> · " in text
    assert "à apporter" in text


def test_letters_addressee_duration_documents_and_landlord_contact(demo_run) -> None:
    from tournees.model import EcrivainRequest, Landlord, Residence, Tenant

    folder = demo_run.out / "ecrivain"
    db = Database.open(demo_run.out.parent / "demo.sqlite")
    letters = (folder / "courriers.html").read_text(encoding="utf-8")
    with (folder / "appointments.csv").open(encoding="utf-8") as fh:
        a = next(csv.DictReader(fh))
    req = next(r for r in db.load(EcrivainRequest) if r.request_id == a["request_id"])
    tenant = next(t for t in db.load(Tenant) if t.tenant_id == req.tenant_id)
    residence = next(r for r in db.load(Residence) if r.residence_id == tenant.residence_id)
    landlord = next(x for x in db.load(Landlord) if x.landlord_id == residence.landlord_id)
    letter = letters[letters.index(f"Réf. {req.request_id}") :]
    letter = letter[: letter.index("class='letter'") if "class='letter'" in letter else len(letter)]
    minutes = round((dt.datetime.fromisoformat(a["end"]) - dt.datetime.fromisoformat(a["start"])).total_seconds() / 60)
    assert residence.address.replace("'", "&#x27;") in letter and f"{residence.postcode} {residence.commune}" in letter
    assert f"Le rendez-vous dure {length_text(minutes)}." in letter and "Pensez à apporter" in letter
    assert landlord.service_phone and landlord.service_phone in letter
    assert tenant.tenant_id not in letters and (tenant.phone is None or tenant.phone not in letters)


def test_documents_in_english(demo_copy, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tournees.outputs import write_outputs

    folder, settings = demo_copy
    write_outputs(folder, Database.open(settings.database), settings, roads=False, pdf=False, lang="en")
    sheets = (folder / "feuilles_de_route.html").read_text(encoding="utf-8")
    assert (
        "Route sheets" in sheets
        and "Whom and where" in sheets
        and "Lunch break" in sheets
        and "Monday 23 November 2026" in sheets
    )
    assert "Départ" not in sheets and "Pause" not in sheets and "lundi" not in sheets
    page = (folder / "carte.html").read_text(encoding="utf-8")
    assert "Navigate" in page and "Y aller" not in page and "List of stops" in page
    wb = load_workbook(folder / "plan.xlsx")
    assert wb.worksheets[0].title == "Week" and wb.worksheets[0]["F1"].value == "Hours on site"
    assert wb.worksheets[1]["J2"].value == "Address"


def test_named_streets_from_an_osm_file(settings: Settings, tmp_path: Path) -> None:
    from tournees.outputs.streets import named_streets

    road_file = settings.data_dir / "roads" / "paris_bss" / "paris_bss_clipped.osm.bz2"
    streets = named_streets(road_file, tmp_path, (48.0, 2.0, 49.5, 3.0))
    assert len(streets) > 10 and any(name.lower().startswith(("rue", "avenue", "boulevard")) for name in streets)
    assert list(tmp_path.glob("streets-*.json.gz"))  # cached for the next map
    again = named_streets(road_file, tmp_path, (48.0, 2.0, 49.5, 3.0))
    assert again == streets


def test_retime_of_the_writers_week_moves_appointments_and_letters_with_their_sessions(
    demo_run, settings, tmp_path
) -> None:
    folder = tmp_path / "ecrivain"
    shutil.copytree(demo_run.out / "ecrivain", folder)
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_run.out.parent / "demo.sqlite", db)
    rows = _visits(folder)
    with (folder / "appointments.csv").open(encoding="utf-8") as fh:
        before = list(csv.DictReader(fh))
    starts = {r["task_id"]: dt.datetime.fromisoformat(r["start"]) for r in rows if r["kind"] == "session"}
    offsets = {a["request_id"]: dt.datetime.fromisoformat(a["start"]) - starts[a["session_id"]] for a in before}
    session = next(r for r in rows if r["kind"] == "session")
    home = next((r for r in rows if r["kind"] == "visit" and r["date"] != session["date"]), None)
    if home is not None:  # a home visit moved to the session's day, before it
        home["resource_id"], home["date"], home["seq"] = session["resource_id"], session["date"], "0.5"
    else:  # no home visit elsewhere: the session goes after whatever its day holds
        session["seq"] = "99"
    _write_visits(folder, rows)
    code, out = _retime(folder, replace(settings, database=str(db)), "--no-pdf")
    assert code == 0
    after = {r["task_id"]: dt.datetime.fromisoformat(r["start"]) for r in _visits(folder) if r["kind"] == "session"}
    with (folder / "appointments.csv").open(encoding="utf-8") as fh:
        moved = list(csv.DictReader(fh))
    assert {a["request_id"]: dt.datetime.fromisoformat(a["start"]) - after[a["session_id"]] for a in moved} == offsets
    assert all(a["date"] == a["start"][:10] for a in moved)
    letters = (folder / "courriers.html").read_text(encoding="utf-8")
    for a in moved:
        start = dt.datetime.fromisoformat(a["start"])
        letter = letters[letters.index(f"Réf. {a['request_id']}") :]
        assert f"à {start:%H} h {start:%M}" in letter.split("class='letter'")[0]
    calendar = (folder / "permanences.html").read_text(encoding="utf-8")
    assert all(f"{s:%H} h {s:%M}" in calendar for s in after.values())


def test_writer_documents_in_english(demo_run, settings, tmp_path) -> None:
    from tournees.outputs import write_outputs

    folder = tmp_path / "ecrivain"
    shutil.copytree(demo_run.out / "ecrivain", folder)
    from tournees.services import registry

    writer = registry.get("ecrivain")
    db = Database.open(demo_run.out.parent / "demo.sqlite")
    write_outputs(folder, db, settings, roads=False, extra=writer.extra_documents, pdf=False, lang="en")
    letters = (folder / "courriers.html").read_text(encoding="utf-8")
    assert "Please bring" in letters and "The appointment lasts" in letters and "Pensez" not in letters
    assert "Digital public writer's session" in (folder / "permanences.ics").read_text(encoding="utf-8")
    sheets = (folder / "feuilles_de_route.html").read_text(encoding="utf-8")
    assert "to bring" in sheets and "à apporter" not in sheets


def test_retime_refusal_in_english_names_the_row(demo_copy) -> None:
    folder, settings = demo_copy
    rows = _visits(folder)
    line = next(k for k, r in enumerate(rows, start=2) if r["kind"] == "visit")
    rows[line - 2]["seq"] = "deux"
    _write_visits(folder, rows)
    with pytest.raises(ValidationError) as err:
        _retime(folder, replace(settings, lang="en"))
    assert str(err.value) == (
        "edited plan folder refused, nothing was written:\n"
        f"  - visits.csv row {line}, column 'seq': 'deux' is not a number"
    )


def test_retime_of_the_grocery_rounds_redoes_the_public_calendar(demo_run, settings, tmp_path) -> None:
    import json

    folder = tmp_path / "epicerie"
    shutil.copytree(demo_run.out / "epicerie", folder)
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_run.out.parent / "demo.sqlite", db)
    settings = replace(settings, database=str(db))
    before_csv = (folder / "calendrier_communes.csv").read_text(encoding="utf-8")
    code, _ = _retime(folder, settings, "--no-pdf", "--out", str(tmp_path / "same"))
    assert code == 0  # an unedited folder keeps its calendar as published
    assert (tmp_path / "same" / "calendrier_communes.csv").read_text(encoding="utf-8") == before_csv
    rows = _visits(folder)
    stops = [r for r in rows if r["kind"] == "visit"]
    weekday = lambda r: dt.date.fromisoformat(r["task_id"].partition("@")[2] or r["date"]).weekday()  # noqa: E731
    routes: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in stops:
        routes.setdefault((r["resource_id"], r["date"]), []).append(r)
    van, day = next(k for k, v in sorted(routes.items()) if len(v) >= 2)
    pair = [r["location_id"] for r in routes[(van, day)][:2]]
    swapped = 0
    for (v, _), route in routes.items():  # the same two stops swapped on every week of that van's weekday
        same_day = weekday(route[0]) == weekday(routes[(van, day)][0])
        if v == van and same_day and [r["location_id"] for r in route[:2]] == pair:
            route[0]["seq"], route[1]["seq"] = route[1]["seq"], route[0]["seq"]
            swapped += 1
    _write_visits(folder, rows)
    code, _ = _retime(folder, settings, "--no-pdf")
    assert code == 0 and swapped >= 1
    after = [r for r in _visits(folder) if r["kind"] == "visit"]
    moved = [r for r in after if (r["resource_id"], r["date"]) == (van, day)][:2]
    assert [r["location_id"] for r in moved] == pair[::-1]
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    code_of = {d: c for c, d in zip(("lun", "mar", "mer", "jeu", "ven", "sam", "dim"), range(7), strict=True)}
    public = (folder / "calendrier_communes.csv").read_text(encoding="utf-8")
    ics = (folder / "calendrier_communes.ics").read_text(encoding="utf-8")
    page = (folder / "calendrier_communes.html").read_text(encoding="utf-8")
    for r in moved:
        start, end = dt.datetime.fromisoformat(r["start"]), dt.datetime.fromisoformat(r["end"])
        row = next(
            c for c in plan["calendar"] if c["stop_id"] == r["location_id"] and c["weekday"] == code_of[weekday(r)]
        )
        # every week of that weekday was swapped, so the weekly pattern follows
        assert swapped == sum(1 for x in after if x["location_id"] == r["location_id"] and weekday(x) == weekday(r))
        assert (row["start"], row["end"]) == (f"{start:%H:%M}", f"{end:%H:%M}")
        assert f",{start:%H:%M},{end:%H:%M}," in public
        uid = ics.index(f"UID:{r['location_id']}-{start:%Y%m%d}@")
        event = ics[ics.rindex("BEGIN:VEVENT", 0, uid) : ics.index("END:VEVENT", uid)]
        assert f"{start:%Y%m%dT%H%M}" in event.split("DTSTART")[1].splitlines()[0]
        assert "SEQUENCE:1" in event  # calendars that imported it see the change
        assert f"{start:%H:%M} – {end:%H:%M}" in page
