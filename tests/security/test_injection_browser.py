"""Record text carrying script payloads, rendered in real headless Chromium (network blocked): nothing runs.

Names of residences, communes, stops and venues reach folium popups and tooltips (HTML built
from JavaScript template literals), the legend and layer control, the route sheets and the
printable calendar pages. Every page is opened, every popup opened; the payloads must show as
text and never execute.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from tournees.outputs.escape import html_attr, html_text, js_string, js_template, map_html
from tournees.outputs.folder import PlanFolder
from tournees.outputs.labels import PlaceLabel, TaskLabel
from tournees.outputs.maps import offline_html, plan_map, public_grocery_map, route_lines
from tournees.outputs.publish import printable_page
from tournees.outputs.sheets import sheets_page
from tournees.plan import VISIT_COLUMNS

PAYLOADS = [
    "${document.title=/PWNED/.source}",
    "`+(document.title='PWNED')+`",
    "</script><script>document.title='PWNED'</script>",
    '"><img src=x onerror="document.title=\'PWNED\'">',
    "'><svg onload=document.title='PWNED'>",
    "<b onmouseover=alert(1)>gras</b>",
    "\\`;document.title='PWNED';`",
    '=HYPERLINK("http://evil.example","clic")',
    "${alert`1`}",
    "</div></div><script>alert(1)</script>",
]
ALL = " ".join(PAYLOADS)


def _names(prefix: str) -> list[str]:
    return [f"{prefix} {p}" for p in PAYLOADS]


def _plan_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "plan"
    folder.mkdir()
    rows = []
    base = {c: "" for c in VISIT_COLUMNS} | {
        "service": "bricolage",
        "resource_id": "TECH-1",
        "date": "2026-11-24",
        "pinned": "0",
    }
    steps = (
        [("start", "", "D1")] + [("visit", f"B{i}", f"R{i}") for i in range(len(PAYLOADS) + 1)] + [("end", "", "D1")]
    )
    for seq, (kind, task, place) in enumerate(steps):
        minute = 8 * 60 + 20 * seq
        at = f"2026-11-24T{minute // 60:02d}:{minute % 60:02d}:00"
        rows.append(
            base
            | {
                "seq": str(seq),
                "kind": kind,
                "task_id": task,
                "location_id": place,
                "lat": f"{47.90 + seq / 500:.4f}",
                "lon": f"{1.90 + seq / 500:.4f}",
                "arrival": at,
                "start": at,
                "end": at,
                "departure": at,
                "slot_start": at if kind == "visit" else "",
                "slot_end": at if kind == "visit" else "",
            }
        )
    with (folder / "visits.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=VISIT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (folder / "plan.json").write_text(json.dumps({"service": "bricolage"}), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("inject")
    folder = _plan_folder(tmp)
    plan = PlanFolder.read(folder)
    residences, notes = _names("Résidence"), _names("Sonner")
    places = {f"R{i}": PlaceLabel(name, f"{name}, 45000 Orléans") for i, name in enumerate(residences)}
    places[f"R{len(PAYLOADS)}"] = PlaceLabel(ALL, ALL)
    places["D1"] = PlaceLabel(f"Dépôt {ALL}", ALL)
    tasks = {f"B{i}": TaskLabel(f"Robinet {p}", notes[i]) for i, p in enumerate(PAYLOADS)}
    lines = route_lines(plan, None)
    out = {
        "carte": tmp / "carte.html",
        "publique": tmp / "carte_publique.html",
        "feuilles": tmp / "feuilles.html",
        "calendrier": tmp / "calendrier.html",
    }
    out["carte"].write_text(
        offline_html(plan_map(plan, lines, places, tasks, title=f"Tournées {ALL}", tiles=False)), encoding="utf-8"
    )
    calendar = [
        {
            "weekday": "mar",
            "lat": str(47.9 + i / 300),
            "lon": str(1.9 + i / 300),
            "commune": f"Commune {p}",
            "stop_name": f"Place {p}",
            "start": "09:00",
            "end": "10:00",
            "weeks": p,
        }
        for i, p in enumerate(PAYLOADS)
    ]
    out["publique"].write_text(
        offline_html(public_grocery_map(calendar, title=f"Épicerie {ALL}", tiles=False)), encoding="utf-8"
    )
    out["feuilles"].write_text(sheets_page(plan, lines, places, tasks), encoding="utf-8")
    out["calendrier"].write_text(
        printable_page(
            f"Permanences {ALL}",
            ALL,
            [f"Lieu {PAYLOADS[2]}", "Heures"],
            [[f"Salle {p}\n{p}", "9 h"] for p in PAYLOADS],
            note=ALL,
        ),
        encoding="utf-8",
    )
    return out


INJECTED = "img[src='x'], svg[onload], b[onmouseover], script:not([src])"


@pytest.mark.parametrize("name", ["carte", "publique", "feuilles", "calendrier"])
def test_payloads_never_execute_in_chromium(browser, pages: dict[str, Path], name: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    page.goto(pages[name].resolve().as_uri())
    title = page.title()
    own_scripts = page.locator("script:not([src])").count()  # Leaflet and folium's own inline scripts
    if name in ("carte", "publique"):
        page.wait_for_selector(".leaflet-container")
        icons = page.locator(".tournees-stop, .tournees-public-stop, .tournees-depot")
        assert icons.count() >= len(PAYLOADS)
        shown: list[str] = []
        for i in range(icons.count()):  # open every popup
            icons.nth(i).dispatch_event("click")
            page.wait_for_timeout(30)
            shown += page.locator(".leaflet-popup-content").all_inner_texts()
        assert all(any(p in t for t in shown) for p in PAYLOADS)  # every payload shown as text in a popup
        if page.locator("path.tournees-route").count():
            page.locator("path.tournees-route").first.dispatch_event("mouseover")
        page.locator(".leaflet-control-layers").first.dispatch_event("mouseenter")  # opens the layer list
    page.wait_for_timeout(300)
    assert title != "PWNED" and page.title() == title  # every payload would set the title to exactly "PWNED"
    if name == "calendrier":
        assert title == f"Permanences {ALL}"  # the page's own title, shown as text
    assert dialogs == [] and errors == []
    assert page.locator("img[src='x'], svg[onload], b[onmouseover]").count() == 0
    assert page.locator("script:not([src])").count() == own_scripts
    assert PAYLOADS[0] in page.locator("body").inner_text() or name in ("publique",)  # shown as text, not run
    page.close()


def test_public_popup_shows_the_payload_as_text(browser, pages: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.route(re.compile(r"^https?://"), lambda route: route.abort())
    page.goto(pages["publique"].resolve().as_uri())
    page.wait_for_selector(".tournees-public-stop")
    page.locator(".tournees-public-stop").first.dispatch_event("click")
    assert "Commune ${document.title=/PWNED/.source}" in page.locator(".leaflet-popup-content").inner_text()
    page.close()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_helpers_in_their_contexts(browser, payload: str) -> None:  # type: ignore[no-untyped-def]
    """Each helper in the context it is made for: the browser reads back exactly the text."""
    page = browser.new_page()
    page.set_content("<html><head><title>ok</title></head><body></body></html>")
    html = (
        f"<p id='t'>{html_text(payload)}</p><p id='a' title='{html_attr(payload)}' data-x=\"{html_attr(payload)}\"></p>"
        f"<script>window.s = {js_string(payload)}; window.tl = `{js_template(payload)}`;"
        f"document.body.insertAdjacentHTML('beforeend', `<p id='m'>{map_html(payload)}</p>`);</script>"
    )  # as folium's $(`…`)
    page.evaluate(
        "html => { const d = document.createElement('div'); d.innerHTML = html; document.body.append(d); "
        "for (const old of d.querySelectorAll('script')) { const s = document.createElement('script'); "
        "s.textContent = old.textContent; old.replaceWith(s); } }",
        html,
    )
    assert page.title() == "ok"
    assert page.locator("#t").inner_text() == payload
    assert (
        page.locator("#a").get_attribute("title") == payload and page.locator("#a").get_attribute("data-x") == payload
    )
    assert page.evaluate("window.s") == payload and page.evaluate("window.tl") == payload
    assert page.locator("#m").inner_text() == payload
    page.close()
