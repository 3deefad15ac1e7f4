"""The documents of the demo plans in a real browser: maps, the PDF route sheets, and privacy."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tournees.outputs.sheets import chromium

SERVICES = ("bricolage", "ecrivain", "epicerie")


def _visits(folder: Path) -> list[dict[str, str]]:
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium()
    assert path, "Chromium is missing: `make test` installs the Debian package chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                                          "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def _open(browser, page_file: Path) -> tuple[object, list[str]]:
    """The page loaded with no network at all (as on a phone in a village), and the JavaScript errors it logged."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "Failed to load resource" not in msg.text else None)
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    page.goto(page_file.resolve().as_uri())
    page.wait_for_selector(".leaflet-container")
    page.wait_for_timeout(300)
    return page, errors


@pytest.mark.parametrize("service", SERVICES)
def test_map_shows_every_stop_and_route_offline(demo_run, browser, service: str) -> None:
    folder = demo_run.out / service
    visits = _visits(folder)
    stops = sum(r["kind"] in ("visit", "session") for r in visits)
    routes = len({(r["resource_id"], r["date"]) for r in visits})
    page, errors = _open(browser, folder / "carte.html")
    assert errors == []
    assert page.locator(".tournees-stop").count() == stops
    assert page.locator("path.tournees-route").count() == routes
    assert page.locator(".leaflet-control-layers").count() == 1
    assert "OpenStreetMap contributors" in page.locator(".tournees-legend").inner_text()
    # each layer toggles: hiding the first day removes its markers
    page.locator(".leaflet-control-layers").hover()
    first = page.locator(".leaflet-control-layers-overlays input").first
    first.uncheck()
    assert page.locator(".tournees-stop").count() < stops
    page.close()


def test_public_grocery_map(demo_run, browser) -> None:
    folder = demo_run.out / "epicerie"
    with (folder / "calendrier_communes.csv").open(encoding="utf-8") as fh:
        calendar = list(csv.DictReader(fh))
    page, errors = _open(browser, folder / "carte_publique.html")
    assert errors == []
    assert page.locator(".tournees-public-stop").count() == len(calendar)
    assert page.locator("path.tournees-route").count() == 0
    page.close()


@pytest.mark.parametrize("service", SERVICES)
def test_pdf_sheets_render(demo_run, service: str, tmp_path: Path) -> None:
    from PIL import Image

    assert shutil.which("pdftoppm"), "pdftoppm is missing: `make test` installs the Debian package poppler-utils"
    folder = demo_run.out / service
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(folder / "feuilles_de_route.pdf"), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    routes = len({(r["resource_id"], r["date"]) for r in _visits(folder)})
    assert len(pages) >= routes
    for png in pages[:3]:
        image = Image.open(png).convert("L")
        low, high = image.getextrema()
        assert high - low > 100, f"{png.name} looks empty"
    html = (folder / "feuilles_de_route.html").read_text(encoding="utf-8")
    assert html.count("<section class='sheet'>") == routes and "<svg class='minimap'" in html


NIR = re.compile(r"\b[12]\s?\d{2}\s?\d{2}\s?\d{2}\s?\d{3}\s?\d{3}\s?\d{2}\b")  # social security number
PHONE = re.compile(r"\b0\d(?:[ .]?\d{2}){4}\b")


@pytest.mark.parametrize("name", ["carte.html", "carte_publique.html", "feuilles_de_route.html", "calendrier_communes.html",
                                  "calendrier_communes.csv", "permanences.html"])
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
