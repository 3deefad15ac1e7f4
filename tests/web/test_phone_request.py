"""Requests taken by phone (issue #27): the form's request goes through the import's rules and the account's
landlords, each problem beside its field, nothing written when refused; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import httpx
import markupsafe
import pytest
import sqlalchemy as sa

from tests.web.conftest import Server, sign_in, token
from tests.web.test_browser import _signed_in
from tests.web.test_raw_codes import problems as raw_problems
from tournees.db import Database
from tournees.db.schema import TABLES

PAYLOAD = "<script>alert(1)</script> ${7*7} =HYPERLINK(\"http://x\";\"y\")"


def _tenant_of(server: Server, landlord: str) -> tuple[str, str]:
    """A tenant of ``landlord`` and its residence."""
    tn, rs = TABLES["tenants"], TABLES["residences"]
    db = Database.read(server.db_url)
    try:
        with db.engine.connect() as conn:
            row = conn.execute(
                sa.select(tn.c.tenant_id, tn.c.residence_id)
                .join(rs, rs.c.residence_id == tn.c.residence_id)
                .where(rs.c.landlord_id == landlord)
                .order_by(tn.c.tenant_id)
            ).first()
    finally:
        db.dispose()
    assert row is not None
    return row.tenant_id, row.residence_id


def _requests(server: Server, table: str = "bricolage_requests") -> dict[str, Any]:
    db = Database.read(server.db_url)
    try:
        with db.engine.connect() as conn:
            return {r.request_id: r for r in conn.execute(sa.select(TABLES[table]))}
    finally:
        db.dispose()


def _a_type(server: Server) -> str:
    db = Database.read(server.db_url)
    try:
        with db.engine.connect() as conn:
            return str(conn.scalar(sa.select(TABLES["intervention_types"].c.type_id).order_by("type_id")))
    finally:
        db.dispose()


def _post(client: httpx.Client, service: str = "bricolage", **fields: Any) -> httpx.Response:
    page = client.get("/requests/new", params={"service": service})
    assert page.status_code == 200
    return client.post("/requests/new", data={"csrftoken": token(page.text), "service": service, **fields})


def _beside(page: str, field: str) -> str:
    """The message shown beside a field ('' when there is none)."""
    found = re.search(rf'<span class="error" id="err-{field}">([^<]*)</span>', page)
    return html.unescape(found.group(1)) if found else ""


def test_a_valid_request_reaches_the_backlog(server: Server) -> None:
    client = sign_in(server, "pa")
    tenant, residence = _tenant_of(server, "LOGEMLOIRET")
    assert 'id="new-request"' in client.get("/backlog").text  # the way in, from the backlog
    # the residence's tenants are offered (never GIR nor phone)
    picker = client.get("/requests/new", params={"residence": residence})
    assert f'<option value="{tenant}"' in picker.text and "GIR" not in picker.text
    reply = _post(
        client, tenant_id=tenant, type_id=_a_type(server), priority="urgent", received_on="",
        availability=["lun-am", "mer"], notes="Sonner deux fois",
    )
    assert reply.status_code == 200 and reply.url.path == "/backlog"
    today = dt.date.today()
    new = re.search(rf"Demande (TEL-{today:%Y%m%d}-\d{{3}}) enregistrée", reply.text)
    assert new, reply.text[-2000:]
    request_id = new.group(1)
    assert f"<tr><td>{request_id}</td>" in reply.text  # the backlog lists it
    stored = _requests(server)[request_id]
    assert stored.tenant_id == tenant and stored.priority == "urgent" and stored.received_on == today
    assert tuple(stored.availability) == ("lun-am", "mer") and stored.status == "received"
    # a second one gets the next number; the audit says who entered it
    again = _post(client, tenant_id=tenant, type_id=_a_type(server))
    second = re.search(r"Demande (TEL-\d{8}-\d{3}) enregistrée", again.text)
    assert second and second.group(1) > request_id
    admin = sign_in(server, "ad").get("/admin").text
    assert request_id in admin and "demande par téléphone" in admin


def test_an_ecrivain_request(server: Server) -> None:
    client = sign_in(server, "pa")
    tenant, _ = _tenant_of(server, "LOGEMLOIRET")
    reply = _post(client, "ecrivain", tenant_id=tenant, motive="caf", priority="urgent", received_on="2026-11-20",
                  request_id="TEL-ECR-TEST-1")
    assert reply.url.path == "/backlog" and "TEL-ECR-TEST-1" in reply.text
    stored = _requests(server, "ecrivain_requests")["TEL-ECR-TEST-1"]
    assert stored.urgent is True and stored.motive == "caf" and stored.received_on == dt.date(2026, 11, 20)
    # an id already stored is refused, never replaced (the import would replace it)
    again = _post(client, "ecrivain", tenant_id=tenant, motive="impots", request_id="TEL-ECR-TEST-1")
    assert again.status_code == 422 and "déjà" in _beside(again.text, "request_id")
    assert _requests(server, "ecrivain_requests")["TEL-ECR-TEST-1"].motive == "caf"


@pytest.mark.parametrize(
    "field, change, words",
    [
        ("tenant_id", {"tenant_id": "LOC-NO-SUCH"}, "LOC-NO-SUCH"),
        ("tenant_id", {"tenant_id": "OTHER"}, "bailleur"),
        ("type_id", {"type_id": "TELEPORTEUR"}, "TELEPORTEUR"),
        ("received_on", {"received_on": "2026-13-45"}, "2026-13-45"),
        ("due_on", {"due_on": "2020-01-01"}, ""),
        ("priority", {"priority": "tres-vite"}, "tres-vite"),
        ("availability", {"availability": ["lun", "jamais"]}, "jamais"),
        ("request_id", {"request_id": "<b>x y</b>"}, "<b>x y</b>"),
    ],
)
def test_each_bad_field_is_refused_beside_it_and_nothing_written(
    server: Server, field: str, change: dict[str, Any], words: str
) -> None:
    client = sign_in(server, "pa")
    tenant, _ = _tenant_of(server, "LOGEMLOIRET")
    if change.get("tenant_id") == "OTHER":
        change = {"tenant_id": _tenant_of(server, "RES-ORLEANAIS")[0]}
    before = _requests(server)
    fields = {"tenant_id": tenant, "type_id": _a_type(server), "received_on": "2026-11-20"} | change
    reply = _post(client, **fields)
    assert reply.status_code == 422, reply.text[-1500:]
    message = _beside(reply.text, field)
    assert message and words in message, (field, reply.text[-3000:])
    assert "rien n'a été écrit" in html.unescape(reply.text)
    others = ("tenant_id", "type_id", "received_on", "priority")
    assert [f for f in others if f != field and _beside(reply.text, f)] == []  # only the field at fault
    assert _requests(server) == before
    assert "<b>x y</b>" not in reply.text  # a value quoted back is escaped


def test_another_landlords_tenant_is_not_offered(server: Server) -> None:
    client = sign_in(server, "pa")
    other, residence = _tenant_of(server, "RES-ORLEANAIS")
    page = client.get("/requests/new", params={"residence": residence}).text
    assert residence not in page and other not in page


def test_the_messages_are_in_english_too(server: Server) -> None:
    client = sign_in(server, "pa")
    client.get("/lang/en")
    reply = _post(client, tenant_id="LOC-NO-SUCH", type_id=_a_type(server))
    assert reply.status_code == 422 and "nothing was written" in reply.text
    assert _beside(reply.text, "tenant_id") and "Request by phone" in reply.text
    assert raw_problems(re.sub(r"<[^>]+>", " ", html.unescape(reply.text)), "en") == []


def test_a_hostile_note_is_stored_as_typed_and_shown_escaped(server: Server) -> None:
    client = sign_in(server, "pa")
    tenant, _ = _tenant_of(server, "LOGEMLOIRET")
    refused = _post(client, tenant_id=tenant, type_id="NOPE", notes=PAYLOAD)  # shown back in the form
    assert refused.status_code == 422
    assert "<script>alert" not in refused.text and str(markupsafe.escape(PAYLOAD)) in refused.text
    saved = _post(client, tenant_id=tenant, type_id=_a_type(server), notes=PAYLOAD, request_id="TEL-HOSTILE-1")
    assert saved.url.path == "/backlog" and "<script>alert" not in saved.text
    assert _requests(server)["TEL-HOSTILE-1"].notes == PAYLOAD


def test_an_analyst_cannot_enter_a_request(server: Server) -> None:
    client = sign_in(server, "an")
    assert client.get("/requests/new").status_code == 403


def test_the_form_on_a_phone(browser: Any, server: Server) -> None:
    """A planner fills the form at 390 px: residence, tenant, intervention, half-days; lands on the backlog."""
    tenant, residence = _tenant_of(server, "LOGEMLOIRET")
    context, page, errors = _signed_in(browser, server, "pa")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/backlog")
    page.click("#new-request")
    page.select_option("#residence-form select[name=residence]", residence)
    with page.expect_navigation():
        page.click("#residence-form button[type=submit]")
    page.select_option("#request-form select[name=tenant_id]", tenant)
    page.select_option("#request-form select[name=type_id]", index=1)
    page.select_option("#request-form select[name=priority]", "fragile")
    page.check("#request-form input[value=mar-am]")
    page.fill("#request-form textarea[name=notes]", PAYLOAD)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    with page.expect_navigation():
        page.click("#request-form button[type=submit]")
    assert "/backlog" in page.url and "enregistrée" in page.locator(".flash").inner_text()
    assert errors == []
    context.close()


def test_a_generated_id_stored_meanwhile_is_never_replaced(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two planners saving at once: the id one was given is taken when it writes; it gets the next one."""
    from tournees.web import phone_requests
    from tournees.web.accounts import load_user

    tenant, _ = _tenant_of(server, "LOGEMLOIRET")
    taken = next(r for r in _requests(server).values() if r.tenant_id != tenant and not r.request_id.startswith("TEL"))
    db, real = server.state.db, phone_requests.next_id
    calls: list[str] = []

    def raced(conn: sa.Connection, today: dt.date) -> str:  # the first id handed out is stored by someone else
        calls.append(real(conn, today))
        return taken.request_id if len(calls) == 1 else calls[-1]

    monkeypatch.setattr(phone_requests, "next_id", raced)
    user = load_user(db, "ad")
    assert user is not None
    outcome = phone_requests.save(db, user, "bricolage", {"tenant_id": tenant, "type_id": _a_type(server)}, "fr",
                                  dt.date(2026, 11, 30))
    assert outcome.errors == {} and outcome.request_id == "TEL-20261130-001" and len(calls) == 2
    stored = _requests(server)
    assert stored[taken.request_id] == taken and stored["TEL-20261130-001"].tenant_id == tenant
