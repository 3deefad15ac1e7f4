"""The planner's volunteer page (fiche 3, issue #30): bands only, own landlord's seniors only."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tests.web.conftest import Server, sign_in
from tournees.db import Database
from tournees.db.schema import TABLES


def _urban_tenant(server: Server, landlord: str) -> str:
    """A tenant of ``landlord`` in Orléans (where the demo's volunteers live)."""
    tn, rs = TABLES["tenants"], TABLES["residences"]
    db = Database.read(server.db_url)
    try:
        with db.engine.connect() as conn:
            return str(conn.scalar(
                sa.select(tn.c.tenant_id).join(rs, rs.c.residence_id == tn.c.residence_id)
                .where(rs.c.landlord_id == landlord, rs.c.commune == "Orléans").order_by(tn.c.tenant_id)
            ))
    finally:
        db.dispose()


def test_a_planner_finds_volunteers_for_a_senior_as_bands(server: Server) -> None:
    tenant = _urban_tenant(server, "LOGEMLOIRET")
    client = sign_in(server, "pa")
    assert 'id="find-volunteer"' in client.get(f"/tenants/{tenant}").text
    page = client.get("/volunteers", params={"tenant": tenant, "situation": "canicule", "on": "2026-07-20"})
    assert page.status_code == 200
    rows = re.findall(r"<tr><td>(\d+)</td><td>(BEN-\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", page.text)
    assert rows and [r[0] for r in rows] == [str(i + 1) for i in range(len(rows))]
    assert all(re.fullmatch(r"moins de 5 min|\d+ à \d+ min|plus de 60 min", r[3]) for r in rows)
    assert not re.search(r"\b\d{1,2}\.\d{4,}\b|\d+ ?m\b|\bkm\b", page.text)  # no coordinates, no distance


def test_another_landlords_senior_does_not_exist_and_analysts_get_no_page(server: Server) -> None:
    other = _urban_tenant(server, "RES-ORLEANAIS")
    assert sign_in(server, "pa").get("/volunteers", params={"tenant": other}).status_code == 404
    assert sign_in(server, "an").get("/volunteers").status_code == 403
    page = sign_in(server, "pa").get("/volunteers", params={"tenant": "<script>x</script>"})
    assert page.status_code == 404 and "<script>x" not in page.text


def test_a_wrong_date_is_said_beside_the_form(server: Server) -> None:
    tenant = _urban_tenant(server, "LOGEMLOIRET")
    page = sign_in(server, "pa").get("/volunteers", params={"tenant": tenant, "on": "20/07/2026"})
    assert page.status_code == 200 and 'role="alert"' in page.text and "AAAA-MM-JJ" in page.text


def test_the_volunteer_search_on_a_phone(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    """From a tenant's page at 390 px: the link, the form, the ranking; nothing fetched elsewhere, no script error."""
    from tests.web.test_browser import _signed_in

    tenant = _urban_tenant(server, "LOGEMLOIRET")
    context, page, errors = _signed_in(browser, server, "pa")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"/tenants/{tenant}")
    page.click("#find-volunteer")
    page.fill("#volunteer-form input[name=on]", "2026-07-20")
    page.click("#volunteer-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#volunteers tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert errors == []
    context.close()
