"""The demo's pages on a phone (390 px, mobile viewport) and a laptop (1366 px), in headless Chromium.

Issue #26 items 12 and 13: the call-ahead line of a technician's own sheet printed one letter
per line, the letters had no viewport (980 px wide on a phone), the grocery calendar was cut
off; markers at the same place hid each other on the plan map and the public grocery map.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

WIDTHS = [390, 1366]
# For every stop marker: "ok" when the point at its centre belongs to it, else what lies on top of it.
HIT = """() => Array.from(document.querySelectorAll('.leaflet-marker-icon.tournees-icon'))
  .filter(el => el.querySelector('.tournees-stop, .tournees-public-stop'))
  .map(el => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const on = hit && hit.closest('.leaflet-marker-icon');
    return [el.textContent, on === el ? 'ok' : on ? 'under ' + on.textContent : 'covered'];
  })"""


def _open(browser: Any, path: Path, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=width < 600)
    page = context.new_page()
    page.route("http*://**", lambda route: route.abort())  # offline, as in a village with no signal
    page.goto(path.as_uri())
    return page


def _fits(page: Any, width: int) -> None:
    """The page is laid out at the device's width, and nothing sticks out sideways."""
    inner, scroll = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    assert inner == width, f"laid out {inner} px wide on a {width} px screen (viewport missing or content too wide)"
    assert scroll <= width, f"{scroll} px of content on a {width} px screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_call_ahead_line_reads_on_one_line(demo_run, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    page = _open(browser, demo_run.out / "bricolage" / "feuille_TECH-1.html", width)
    _fits(page, width)
    boxes = page.evaluate(
        "Array.from(document.querySelectorAll('.phone')).map(e => { const r = e.getBoundingClientRect();"
        " return [r.width, r.height, e.textContent, e.querySelector('a') && e.querySelector('a').href]; })"
    )
    assert boxes, "the demo's TECH-1 sheet has call-ahead phones"
    for w, h, text, link in boxes:
        assert w > 150 and h < 50, f"{text!r} drawn {w:.0f} × {h:.0f} px"
        assert link and link.startswith("tel:"), "the number dials from the phone"
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "name", ["ecrivain/courriers.html", "ecrivain/permanences.html", "epicerie/calendrier_communes.html"]
)
def test_tenant_and_commune_pages_fit_the_screen(demo_run, browser, name: str, width: int) -> None:  # type: ignore[no-untyped-def]
    page = _open(browser, demo_run.out / name, width)
    _fits(page, width)
    cells = page.evaluate("Array.from(document.querySelectorAll('td')).map(td => td.getBoundingClientRect().right)")
    assert all(right <= width for right in cells)
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_stop_of_every_day_stays_visible_and_clickable(demo_run, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    """The demo's Monday: TECH-1 visits one building three times, and a building TECH-2 also visits; on a phone
    the whole day is small and nearby buildings' numbers met too."""
    page = _open(browser, demo_run.out / "bricolage" / "carte.html", width)
    days = page.eval_on_selector_all("#tournees-day option", "os => os.map(o => o.value)")
    assert len(days) == 5
    for day in days:
        page.select_option("#tournees-day", day)
        page.wait_for_timeout(100)
        hits = page.evaluate(HIT)
        assert len(hits) >= 8
        assert [h for h in hits if h[1] != "ok"] == [], day
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_stop_served_twice_a_week_shows_both_times(demo_run, browser, width: int) -> None:  # type: ignore[no-untyped-def]
    """Picquigny (twice a week, one stop): « mar. 14:45 » sat exactly under « ven. 15:30 »."""
    calendar = json.loads((demo_run.out / "epicerie" / "plan.json").read_text(encoding="utf-8"))["calendar"]
    assert len({(r["lat"], r["lon"]) for r in calendar}) < len(calendar), "a stop served on two weekdays"
    page = _open(browser, demo_run.out / "epicerie" / "carte_publique.html", width)
    hits = page.evaluate(HIT)
    assert len(hits) == len(calendar)
    assert [h for h in hits if h[1] != "ok"] == []
    page.context.close()


def test_same_place_markers_sit_side_by_side() -> None:
    from tournees.outputs.maps import side_by_side

    at = [(47.9, 1.9), (47.8, 1.8), (47.9, 1.9), (47.9, 1.9)]
    assert side_by_side(at, 28) == [(-28, 0), (0, 0), (0, 0), (28, 0)]
    assert side_by_side(at[:2], 28, vertical=True) == [(0, 0), (0, 0)]
