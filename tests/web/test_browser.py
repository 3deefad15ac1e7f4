"""The planners' web application in a real browser (headless Chromium, no network but the loopback server)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.web.conftest import ACCOUNTS, Server

BAD_CSV = (
    b"request_id,tenant_id,type_id,received_on,priority,availability\nWEB-9,LOC-0001,DETECTEUR,2026-11-20,tres-vite,\n"
)


def _signed_in(browser, server: Server, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=server.base, accept_downloads=True)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())  # loopback only
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", ACCOUNTS[username][0])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url
    return context, page, errors


def submit(page: Any, button: Any) -> None:
    """Click a form's button and wait for the page it answers with. The button is first brought to the middle of
    the window: Playwright's own scrolling left it next to the map frame on the service pages, whose map took the
    click (it got the focus, the page jumped back to it, the form was never sent); a person scrolls, then clicks."""
    button.evaluate("b => b.scrollIntoView({block: 'center'})")
    with page.expect_navigation(timeout=120_000):
        button.click()


def test_planner_imports_plans_moves_confirms_and_downloads(browser: Any, server: Server, tmp_path: Path) -> None:
    context, page, errors = _signed_in(browser, server, "pa")
    # an import with an error: the problem is listed with its file, row and column, nothing written
    page.goto("/import")
    page.set_input_files(
        "input[name=files]", files=[{"name": "bricolage_requests.csv", "mimeType": "text/csv", "buffer": BAD_CSV}]
    )
    page.click("form[data-upload] button[type=submit]")
    row = page.locator("#problems tbody tr").first
    row.wait_for()
    assert (
        row.locator("td").nth(0).inner_text() == "bricolage_requests.csv"
        and row.locator("td").nth(1).inner_text() == "2"
    )
    # plan the demo week: progress streamed, then the map beside the days
    page.goto("/plans")
    page.select_option("select[name=landlord]", "LOGEMLOIRET")
    page.fill("input[name=week]", "2026-W48")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector(".timeline .day", timeout=240_000)
    # the map, sandboxed (its own scripts run, without the session), shows Leaflet with the day's stops
    page.frame_locator("iframe.map").locator(".leaflet-container").wait_for(timeout=60_000)
    assert page.frame_locator("iframe.map").locator(".tournees-stop").count() > 0
    plan_url = page.url
    days = page.locator(".timeline .day")
    first = days.first
    task = first.locator("li[data-task]").first.get_attribute("data-task")
    source_date = first.get_attribute("data-date")
    target = next(d for d in (days.nth(i) for i in range(days.count())) if d.get_attribute("data-date") != source_date)
    resource, date = target.get_attribute("data-resource"), target.get_attribute("data-date")
    # move it to another day: the page comes back with that day re-timed
    page.select_option("#move-form select[name=task_id]", task)
    page.select_option("#move-form select[name=resource]", resource)
    page.select_option("#move-form select[name=day]", date)
    page.fill("#move-form input[name=position]", "1")
    with page.expect_navigation():
        page.click("#move-form button[type=submit]")
    page.wait_for_selector(".flash")
    moved_day = page.locator(f'.day[data-resource="{resource}"][data-date="{date}"]')
    first_visit = moved_day.locator("li[data-task]").first
    assert first_visit.get_attribute("data-task") == task
    assert re.match(r"\d\d:\d\d–\d\d:\d\d", first_visit.locator(".t").inner_text())
    assert page.locator("#findings").count() == 1 and "déplacée" in page.locator(".flash").inner_text()
    # confirm a slot
    confirm = page.locator("li[data-task] form[action$='/confirm']").first
    confirmed = confirm.locator("input[name=task_id]").get_attribute("value")
    with page.expect_navigation():
        confirm.locator("button").click()
    page.wait_for_selector(f'li[data-task="{confirmed}"] .confirmed')
    # download the route sheets
    # (fetched with the browser context's session: the click's "download" event no longer fired in headless Chromium)
    href = page.locator("#documents a[href$='feuilles_de_route.pdf']").get_attribute("href")
    reply = context.request.get(f"{server.base}{href}", timeout=240_000)
    assert reply.status == 200 and "attachment" in reply.headers["content-disposition"]
    assert reply.body()[:5] == b"%PDF-"
    assert errors == []
    tenant_url = page.locator("li[data-task] a[href^='/tenants/']").first.get_attribute("href")
    context.close()
    # landlord B: nothing of landlord A, whatever the URL
    context, page, _ = _signed_in(browser, server, "pb")
    for url in (plan_url, f"{plan_url}/files/feuilles_de_route.html", f"{server.base}{tenant_url}"):
        assert page.goto(url).status in (403, 404), url
    context.close()


def test_analyst_sees_no_tenant_row(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context, page, errors = _signed_in(browser, server, "an")
    assert page.url.endswith("/analysis")
    text = page.locator("main").inner_text()
    assert "LogemLoiret" in text and not re.search(r"LOC-\d|BRI-\d|ECR-\d", text)
    assert page.locator("a[href^='/tenants/']").count() == 0
    assert page.goto("/backlog").status == 403
    assert errors == []
    context.close()
