"""The documents of the demo plans in a real browser: maps, the PDF route sheets, and privacy."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SERVICES = ("bricolage", "ecrivain", "epicerie")


def _visits(folder: Path) -> list[dict[str, str]]:
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _appointments(folder: Path) -> list[dict[str, str]]:
    if not (folder / "appointments.csv").exists():
        return []
    with (folder / "appointments.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _open(browser, page_file: Path, height: int = 800) -> tuple[object, list[str]]:
    """The page loaded with no network at all (as on a phone in a village), and the JavaScript errors it logged."""
    page = browser.new_page(viewport={"width": 390, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text) if msg.type == "error" and "Failed to load resource" not in msg.text else None
        ),
    )
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    page.goto(page_file.resolve().as_uri())
    page.wait_for_selector(".leaflet-container")
    page.wait_for_timeout(300)
    return page, errors


@pytest.mark.parametrize("service", SERVICES)
def test_phone_map_one_day_at_a_time_with_picker_and_navigation_links(
    demo_run, browser, service: str, tmp_path: Path
) -> None:
    folder = demo_run.out / service
    visits = _visits(folder)
    dates = sorted({r["date"] for r in visits})
    per_day = {d: sum(r["kind"] in ("visit", "session") and r["date"] == d for r in visits) for d in dates}
    page, errors = _open(browser, folder / "carte.html", height=844)
    assert errors == []
    page.screenshot(path=str(tmp_path / "map.png"))
    assert (tmp_path / "map.png").stat().st_size > 10_000
    picker = page.locator("select#tournees-day")
    assert picker.is_visible() and picker.locator("option").count() == len(dates)
    assert picker.bounding_box()["height"] >= 30  # big enough for a finger
    # only the first day shows at first; each choice shows that day's stops and routes only
    assert page.locator(".tournees-stop").count() == per_day[dates[0]]
    for d in dates[1:3]:
        picker.select_option(d)
        page.wait_for_timeout(100)
        assert page.locator(".tournees-stop").count() == per_day[d]
        routes = len({r["resource_id"] for r in visits if r["date"] == d})
        assert page.locator("path.tournees-route").count() == routes
        panel = page.locator(f".tournees-day-stops[data-day='{d}']")
        links = panel.locator("a.tournees-nav")
        assert links.count() == per_day[d]
        assert all(
            re.match(r"^geo:-?\d+\.\d+,-?\d+\.\d+\?q=", links.nth(i).get_attribute("href"))
            for i in range(links.count())
        )
        assert page.locator(".tournees-day-stops:not([hidden])").count() == 1
    # a stop's popup says when and what, with its own navigation link
    page.locator(".tournees-stop").first.dispatch_event("click")  # markers may overlap: no pointer needed
    assert page.locator(".leaflet-popup-content a[href^='geo:']").count() == 1
    # the streets of the road network draw the background, offline
    assert page.locator("path.tournees-street").count() >= 1
    assert "OpenStreetMap contributors" in page.locator(".tournees-legend").inner_text()
    page.close()


def test_public_grocery_map_shows_weekday_and_time(demo_run, browser) -> None:
    folder = demo_run.out / "epicerie"
    with (folder / "calendrier_communes.csv").open(encoding="utf-8") as fh:
        calendar = list(csv.DictReader(fh))
    page, errors = _open(browser, folder / "carte_publique.html")
    assert errors == []
    markers = page.locator(".tournees-public-stop")
    assert markers.count() == len(calendar)
    labels = sorted(markers.nth(i).inner_text() for i in range(markers.count()))
    short = {
        "lundi": "lun.",
        "mardi": "mar.",
        "mercredi": "mer.",
        "jeudi": "jeu.",
        "vendredi": "ven.",
        "samedi": "sam.",
    }
    assert labels == sorted(f"{short[r['jour']]} {r['debut']}" for r in calendar)
    assert page.locator("path.tournees-route").count() == 0
    day = calendar[0]["jour"]
    page.locator("select#tournees-day").select_option(label=day.capitalize())
    assert page.locator(".tournees-public-stop").count() == sum(r["jour"] == day for r in calendar)
    page.close()


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.mark.parametrize("service", SERVICES)
def test_pdf_sheets_one_page_per_day_and_rows_never_split(demo_run, service: str, tmp_path: Path) -> None:
    from PIL import Image

    assert shutil.which("pdftoppm"), "pdftoppm is missing: `make test` installs the Debian package poppler-utils"
    folder = demo_run.out / service
    visits = _visits(folder)
    routes = sorted({(r["resource_id"], r["date"]) for r in visits})
    resources = {r for r, _ in routes}
    pages = _page_texts(folder / "feuilles_de_route.pdf")
    longest = max(
        sum(r["kind"] in ("visit", "session") and (r["resource_id"], r["date"]) == k for r in visits) for k in routes
    )
    if longest <= 7:  # a normal day fits on one page: one cover per resource, then one page per day
        assert len(pages) == len(resources) + len(routes)
    for key in routes:  # a day's stops all on one page, whole
        sessions = {r["task_id"] for r in visits if (r["resource_id"], r["date"]) == key and r["kind"] == "session"}
        ids = [r["task_id"] for r in visits if (r["resource_id"], r["date"]) == key and r["kind"] == "visit"]
        ids += [a["request_id"] for a in _appointments(folder) if a["session_id"] in sessions]
        if len(ids) <= 7:
            assert any(all(i in p for i in ids) and key[0] in p for p in pages), key
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            "1",
            "-l",
            "3",
            str(folder / "feuilles_de_route.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    for png in sorted(tmp_path.glob("page*.png")):
        low, high = Image.open(png).convert("L").getextrema()
        assert high - low > 100, f"{png.name} looks empty"


def test_route_sheet_page_in_the_browser(demo_run, browser, tmp_path: Path) -> None:
    """A printed sheet: the lunch break in sequence, the start time consistent with the first visit, rows kept whole."""
    folder = demo_run.out / "bricolage"
    visits = _visits(folder)
    page = browser.new_page(viewport={"width": 794, "height": 1123})
    page.emulate_media(media="print")
    page.goto((folder / "feuilles_de_route.html").resolve().as_uri())
    sheets = page.locator("section.sheet")
    covers = page.locator("section.cover")
    routes = {(r["resource_id"], r["date"]) for r in visits}
    assert sheets.count() == len(routes) and covers.count() == len({r for r, _ in routes})
    sheets.first.screenshot(path=str(tmp_path / "sheet.png"))
    assert (tmp_path / "sheet.png").stat().st_size > 10_000
    style = page.evaluate("""() => [getComputedStyle(document.querySelector('section.sheet')).breakBefore,
                                    getComputedStyle(document.querySelector('section.sheet tbody tr')).breakInside]""")
    assert style == ["page", "avoid"]
    for i in range(sheets.count()):
        sheet = sheets.nth(i)
        resource, date = sheet.get_attribute("data-resource"), sheet.get_attribute("data-date")
        rows = [r for r in visits if (r["resource_id"], r["date"]) == (resource, date)]
        cells = sheet.locator("tbody tr td.when")
        assert cells.count() == len(rows)  # start, every stop, the break(s), the end: all in sequence
        lead = 1
        while rows[lead]["kind"] == "break":  # a lunch at the base before leaving comes first
            lead += 1
        kinds = [r["kind"] for r in [*rows[1:lead], rows[0], *rows[lead:]]]
        classes = [sheet.locator("tbody tr").nth(k).get_attribute("class") or "" for k in range(len(rows))]
        assert [k == "break" for k in kinds] == ["break" in c for c in classes]
        first = rows[lead]
        if first["kind"] == "visit" and lead == 1:  # leaving time = first arrival less the drive
            import datetime as dt

            leave = dt.datetime.fromisoformat(first["arrival"]) - dt.timedelta(seconds=int(first["travel_s_from_prev"]))
            assert cells.first.inner_text().strip() == f"{leave:%H} h {leave:%M}"
        for r in rows:
            if r["kind"] == "visit":
                assert r["task_id"] in sheet.inner_text()
    page.close()


def test_a_lunch_before_the_first_visit_comes_before_leaving() -> None:
    from tournees.outputs.folder import RouteRows
    from tournees.outputs.sheets import in_order, leaves_at

    def row(kind: str, arrival: str, start: str, end: str, travel: int = 0) -> dict[str, str]:
        day = "2026-11-23T"
        return {"kind": kind, "arrival": day + arrival, "start": day + start, "end": day + end, "departure": day + end,
                "travel_s_from_prev": str(travel)}

    route = RouteRows("ECRIVAIN-1", "2026-11-23", [row("start", "08:30:00", "08:30:00", "08:30:00"),
                                                   row("break", "12:00:00", "12:00:00", "13:00:00"),
                                                   row("session", "13:59:00", "14:00:00", "17:00:00", 60),
                                                   row("end", "17:01:00", "17:01:00", "17:01:00", 60)])
    assert [r["kind"] for r in in_order(route)] == ["break", "start", "session", "end"]
    assert leaves_at(route).strftime("%H:%M") == "13:58"


def test_minimap_numbers_never_overlap() -> None:
    from tournees.outputs.sheets import MIN_GAP, minimap_svg

    same = [(47.90, 1.90)] * 4 + [(47.9001, 1.9001), (47.95, 1.95)]
    svg = minimap_svg(
        [(47.90, 1.90), (47.95, 1.95)], same, depot=(47.90, 1.9002), streets=[[(47.9, 1.9), (47.92, 1.93)]]
    )
    centres = [(float(x), float(y)) for x, y in re.findall(r"<circle class='num' cx='([\d.]+)' cy='([\d.]+)'", svg)]
    assert len(centres) == len(same) and "class='streets'" in svg and "class='depot'" in svg
    depot = re.search(r"<rect class='depot' x='([\d.]+)' y='([\d.]+)'", svg)
    others = centres + [(float(depot.group(1)) + 9, float(depot.group(2)) + 9)]
    for i, (x1, y1) in enumerate(others):
        for x2, y2 in others[i + 1 :]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (MIN_GAP - 0.01) ** 2


NIR = re.compile(r"\b[12]\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{3}\s?\d{3}\s?\d{2}\b")  # social security number
PHONE = re.compile(r"\b0\d(?:[ .]?\d{2}){4}\b")


@pytest.mark.parametrize(
    "name",
    [
        "carte.html",
        "carte_publique.html",
        "feuilles_de_route.html",
        "calendrier_communes.html",
        "calendrier_communes.csv",
        "permanences.html",
    ],
)
def test_maps_and_sheets_carry_no_personal_data(demo_run, name: str) -> None:
    files = [demo_run.out / s / name for s in SERVICES if (demo_run.out / s / name).exists()]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        without_scripts = re.sub(r"<script>.*?</script>", "", text, flags=re.S)  # Leaflet's own code is not data
        assert "LOC-" not in text, path
        assert not re.search(r"\bGIR\b|gir\s*[:=]|birth|naissance", without_scripts, flags=re.I), path
        assert not NIR.search(without_scripts) and not PHONE.search(without_scripts), path
        if "publique" in name or name.startswith("calendrier"):
            assert "RES-" not in text and "BRI-" not in text, path


def test_record_text_in_map_popups_stays_text(demo_run, browser, tmp_path: Path) -> None:
    """A place name typed as a template-literal payload shows as text: nothing runs, the page keeps its title."""
    from tournees.outputs.folder import PlanFolder
    from tournees.outputs.labels import PlaceLabel, TaskLabel
    from tournees.outputs.maps import offline_html, plan_map

    plan = PlanFolder.read(demo_run.out / "bricolage")
    evil = "${document.title='pwned'}`</b><img src=x onerror=\"document.title='img'\">\\"
    places = {r["location_id"]: PlaceLabel(evil, evil) for route in plan.routes for r in route.rows if r["location_id"]}
    tasks = {r["task_id"]: TaskLabel(evil) for route in plan.routes for r in route.stops}
    page_file = tmp_path / "carte.html"
    page_file.write_text(offline_html(plan_map(plan, {}, places, tasks, title=evil, tiles=False)), encoding="utf-8")
    page, errors = _open(browser, page_file)
    title = page.title()
    page.locator(".tournees-stop").first.dispatch_event("click")  # markers may overlap: no pointer needed
    popup = page.locator(".leaflet-popup-content")
    assert evil.split("`")[0] in popup.inner_text() and page.title() == title and errors == []
    page.close()
