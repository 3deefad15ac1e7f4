"""Every page works on the local network alone (issue #27): a real browser loads the pages, the plan's map
and sheets, and the technician's day; every request it makes goes to the server (127.0.0.1), none to an
outside name (map tiles, script or font sites)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from tests.web.conftest import Server
from tests.web.test_browser import _signed_in
from tests.web.test_outcomes import week_plans
from tests.web.test_staff_day import PASSWORD, _staff_client

LOCAL = ("data", "about", "blob", "geo", "tel")


def _outside(requests: list[str]) -> list[str]:
    return [u for u in requests if urlparse(u).scheme not in LOCAL and urlparse(u).hostname != "127.0.0.1"]


def _visit(page: Any, paths: list[str], seen: list[str] | None = None) -> list[str]:
    if seen is None:
        seen = []
        page.on("request", lambda r: seen.append(r.url))  # before any routing: what the page asked for
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    return seen


def test_the_planner_pages_map_and_sheets_load_nothing_from_outside(browser: Any, server: Server) -> None:
    ids = week_plans(server)
    context, page, errors = _signed_in(browser, server, "pa")
    try:
        seen = _visit(page, ["/plans", "/requests/new", "/import", "/backlog"])
        tenant = re.findall(r'href="/tenants/([^"]+)"', page.content())[0]
        _visit(page, [f"/plans/{ids['pa']}", f"/tenants/{tenant}", f"/plans/{ids['pa']}/files/carte.html",
                      f"/plans/{ids['pa']}/files/feuilles_de_route.html"], seen)
        assert any("/files/carte.html" in u for u in seen)  # the map was loaded (in its frame, then alone)
        assert _outside(seen) == [], _outside(seen)
        assert "OpenStreetMap" in page.goto(f"/plans/{ids['pa']}/files/carte.html").text()  # the data's credit
        assert errors == []
    finally:
        context.close()


def test_the_technician_day_loads_nothing_from_outside(browser: Any, server: Server) -> None:
    _staff_client(server, "tech1")  # the account exists
    context = browser.new_context(base_url=server.base, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        seen = _visit(page, ["/login"])
        page.fill("input[name=username]", "tech1")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/day")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # phone-sized, no sideways scroll
        assert _outside(seen) == [], _outside(seen)
    finally:
        context.close()
