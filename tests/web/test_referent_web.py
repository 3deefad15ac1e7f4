"""The référent seniors' week in the web app (issue #29): planned from the plan form through the worker (one
landlord's tenants only), each référent's visits by day, a visit moved (re-timed, or refused saying why),
publishing, what happened at a visit with its reason for contact and satisfaction, seen in fiche 2's indicators;
landlord isolation and escaping (SQLite and PostgreSQL), and one click-through in a browser."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
import sqlalchemy as sa

from tests.web.conftest import Server, sign_in, token
from tests.web.test_browser import _signed_in, submit
from tests.web.test_ecrivain_web import _rows
from tests.web.test_plan_form import plan_in_browser, planned
from tournees.services.referent.planner import tenant_of

PLAN: dict[str, str] = {}  # backend url -> the référent plan of LogemLoiret (2026-W48) made once for this module


@pytest.fixture()
def plan_id(server: Server) -> str:
    if server.db_url not in PLAN:
        PLAN[server.db_url] = planned(server, sign_in(server, "pa"), "referent")
    return PLAN[server.db_url]


def _plan_row(server: Server, plan_id: str) -> sa.Row:
    return _rows(server, "SELECT run_id, version, service FROM web_plans WHERE plan_id = :p", p=plan_id)[0]


def _visits(server: Server, plan_id: str) -> list[sa.Row]:
    return _rows(server, "SELECT task_id, resource_id, date, seq, start, slot_start FROM plan_steps WHERE run_id = :r"
                 " AND kind = 'visit' ORDER BY date, resource_id, seq", r=_plan_row(server, plan_id).run_id)


def _landlord_of_tenant(server: Server, tenant_id: str) -> str:
    return str(_rows(server, "SELECT r.landlord_id FROM tenants t JOIN residences r ON r.residence_id = t.residence_id"
                     " WHERE t.tenant_id = :t", t=tenant_id)[0].landlord_id)


def _version(page: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found
    return found.group(1)


def test_the_week_is_planned_from_the_form_with_only_the_landlords_tenants(server: Server, plan_id: str) -> None:
    assert _plan_row(server, plan_id).service == "referent"
    visits = _visits(server, plan_id)
    assert visits and all(v.resource_id.startswith("REF-") for v in visits)
    assert {_landlord_of_tenant(server, tenant_of(v.task_id)) for v in visits} == {"LOGEMLOIRET"}
    client = sign_in(server, "pa")
    page = client.get(f"/plans/{plan_id}").text
    assert 'id="referents"' in page and "carte.html" in page and 'id="move-form"' in page
    for v in visits:  # every visit in its référent's day, with its tenant id and its announced slot
        day = re.search(rf'<div class="day" data-referent="{v.resource_id}" data-day="{v.date}">(.*?)</div>', page,
                        flags=re.S)
        assert day and f'data-task="{v.task_id}"' in day.group(1) and tenant_of(v.task_id) in day.group(1)
    assert "Créneau" in page or "créneau" in page
    assert not re.search(r"fragil|GIR|santé", html.unescape(page), flags=re.I)  # no health or fragility note
    for name in ("courriers.html", "annonces.csv", "campagne.csv", "carte.html"):
        assert f"/plans/{plan_id}/files/{name}" in page
        assert client.get(f"/plans/{plan_id}/files/{name}").status_code == 200, name


def test_another_landlords_planner_gets_404_everywhere(server: Server, plan_id: str) -> None:
    other = sign_in(server, "pb")
    visit = _visits(server, plan_id)[0]
    assert other.get(f"/plans/{plan_id}").status_code == 404
    assert other.get(f"/plans/{plan_id}/files/courriers.html").status_code == 404
    page = other.get("/plans").text
    for action in ("move", "publish", "outcome"):
        reply = other.post(
            f"/plans/{plan_id}/referent/{action}",
            data={"csrftoken": token(page), "task_id": visit.task_id, "version": "1", "day": str(visit.date),
                  "position": "1", "outcome": "done", "motive": "demarches"},
        )
        assert reply.status_code == 404, action
    assert _plan_row(server, plan_id).version == 1


def test_a_visit_moves_to_another_day_or_is_refused_saying_why(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    visit = _visits(server, plan_id)[0]
    to = dt.date.fromisoformat(str(visit.date)) + dt.timedelta(days=1)  # (the demo's référents work Monday-Friday)
    page = client.get(f"/plans/{plan_id}").text
    version = _plan_row(server, plan_id).version
    # a day the référent does not work (Saturday): refused, nothing written
    saturday = to + dt.timedelta(days=5 - to.weekday())
    data = {"csrftoken": token(page), "version": _version(page), "task_id": visit.task_id, "position": "1"}
    reply = client.post(f"/plans/{plan_id}/referent/move", data=data | {"day": str(saturday)})
    assert reply.status_code == 422 and "ne travaille pas" in html.unescape(reply.text)
    reply = client.post(f"/plans/{plan_id}/referent/move", data=data | {"day": "demain"})
    assert reply.status_code == 422 and "jour « demain »" in html.unescape(reply.text)
    assert _plan_row(server, plan_id).version == version
    # a working day of the same référent: moved, both days re-timed, a new version
    reply = client.post(f"/plans/{plan_id}/referent/move", data=data | {"day": str(to)})
    assert reply.status_code == 200 and "déplacée" in html.unescape(reply.text), reply.text[:500]
    moved = next(v for v in _visits(server, plan_id) if v.task_id == visit.task_id)
    assert (moved.resource_id, str(moved.date), moved.seq) == (visit.resource_id, str(to), 1)
    assert _plan_row(server, plan_id).version == version + 1
    day = re.search(rf'data-day="{to}">(.*?)</div>', reply.text, flags=re.S)
    assert day and f'data-task="{visit.task_id}"' in day.group(1)
    # from the page as it was (stale version): refused
    reply = client.post(f"/plans/{plan_id}/referent/move", data=data | {"day": str(visit.date)})
    assert reply.status_code == 409


def test_what_happened_is_recorded_and_seen_in_fiche_2(server: Server, plan_id: str) -> None:
    client = sign_in(server, "pa")
    page = client.get(f"/plans/{plan_id}").text
    assert "referent/outcome" not in page  # not before the week is published
    reply = client.post(f"/plans/{plan_id}/referent/publish",
                        data={"csrftoken": token(page), "version": _version(page)})
    assert reply.status_code == 200 and "publiée" in reply.text
    assert 'action="/plans/' + plan_id + '/referent/outcome"' in reply.text
    done, absent = _visits(server, plan_id)[:2]
    send = {"csrftoken": token(reply.text), "task_id": done.task_id}
    for wrong, said in (({"outcome": "done"}, "champ motive"), ({"outcome": "done", "motive": "sante"}, "« sante »"),
                        ({"outcome": "cancelled", "motive": "demarches", "cancelled_by": "tenant"}, "champ motive"),
                        ({"outcome": "cancelled"}, "champ cancelled_by")):
        refused = client.post(f"/plans/{plan_id}/referent/outcome", data=send | wrong)
        assert refused.status_code == 422 and said in html.unescape(refused.text), wrong
    assert not _rows(server, "SELECT * FROM activities WHERE service = 'referent'")  # nothing written
    reply = client.post(f"/plans/{plan_id}/referent/outcome",
                        data=send | {"outcome": "done", "motive": "demarches", "score": "5"})
    assert reply.status_code == 200 and f"Visite {done.task_id} : réalisée" in html.unescape(reply.text)
    reply = client.post(f"/plans/{plan_id}/referent/outcome", data=send | {"task_id": absent.task_id,
                                                                            "outcome": "no_show"})
    assert reply.status_code == 200
    again = client.post(f"/plans/{plan_id}/referent/outcome", data=send | {"outcome": "done", "motive": "autre"})
    assert again.status_code == 422 and "déjà enregistré" in html.unescape(again.text)
    acts = {a.outcome: a for a in _rows(server, "SELECT * FROM activities WHERE service = 'referent'")}
    assert set(acts) == {"done", "no_show"}
    assert (acts["done"].tenant_id, acts["done"].motive, acts["done"].staff_id) == (
        tenant_of(done.task_id), "demarches", done.resource_id)
    assert acts["no_show"].motive is None and acts["no_show"].tenant_id == tenant_of(absent.task_id)
    score = _rows(server, "SELECT score FROM satisfaction WHERE activity_id = :a", a=acts["done"].activity_id)
    assert [s.score for s in score] == [5]
    page = client.get(f"/plans/{plan_id}").text
    assert f'data-task="{done.task_id}"' in page and 'data-outcome="done"' in page and 'data-outcome="no_show"' in page
    # fiche 2's indicators: one contact, its motive, its satisfaction
    analysis = sign_in(server, "an").get("/analysis").text
    fiche = re.search(r'<section class="fiche" id="fiche-2">(.*?)</section>', analysis, flags=re.S)
    assert fiche, analysis[:500]
    cells = [html.unescape(c) for c in re.findall(r"<td>([^<]*)</td>", fiche.group(1))]
    assert "démarches" in cells and cells[cells.index("démarches") + 1] == "1"  # the motive in words
    assert "5.0" in cells or "5" in cells


def test_hostile_text_is_escaped_and_the_page_speaks_english(server: Server, plan_id: str) -> None:
    from tournees.db import Database

    client = sign_in(server, "pa")
    page = client.get(f"/plans/{plan_id}").text
    hostile = '<script>alert("x")</script>'
    data = {"csrftoken": token(page), "version": _version(page), "task_id": hostile, "day": "2026-11-24"}
    reply = client.post(f"/plans/{plan_id}/referent/move", data=data)
    assert reply.status_code == 422 and "<script>alert" not in reply.text and "&lt;script&gt;" in reply.text
    reply = client.post(f"/plans/{plan_id}/referent/outcome", data=data | {"task_id": _visits(server, plan_id)[-1]
                                                                           .task_id, "outcome": hostile})
    assert reply.status_code in (404, 422) and "<script>alert" not in reply.text
    name = _rows(server, "SELECT name FROM landlords WHERE landlord_id = 'LOGEMLOIRET'")[0].name
    db = Database(server.db_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE landlords SET name = :n WHERE landlord_id = 'LOGEMLOIRET'"),
                         {"n": '<img src=x onerror="alert(1)">Logem'})
        page = client.get(f"/plans/{plan_id}").text
        assert "<img src=x" not in page and "&lt;img src=x" in page
        client.get("/lang/en")
        english = html.unescape(client.get(f"/plans/{plan_id}").text)
        assert "Seniors' referent" in english and "Move a visit" in english and "Publish the week" in english
    finally:
        with db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE landlords SET name = :n WHERE landlord_id = 'LOGEMLOIRET'"), {"n": name})
        db.dispose()


def test_a_replan_keeps_every_visit_announced(server: Server, plan_id: str) -> None:
    before = {(v.task_id, v.resource_id, str(v.date), str(v.slot_start)) for v in _visits(server, plan_id)}
    run = _plan_row(server, plan_id).run_id
    client = sign_in(server, "pa")
    page = client.get(f"/plans/{plan_id}").text
    assert 'id="replan-form"' in page
    reply = client.post(f"/plans/{plan_id}/replan", data={"csrftoken": token(page), "version": _version(page)})
    assert reply.status_code == 200
    server.state.jobs.wait_all()
    assert _plan_row(server, plan_id).run_id != run
    after = {(v.task_id, v.resource_id, str(v.date), str(v.slot_start)) for v in _visits(server, plan_id)}
    assert before and before <= after  # (the moved visit too: its new day and slot were announced)
    assert {_landlord_of_tenant(server, tenant_of(t)) for t, *_ in after} == {"LOGEMLOIRET"}


def test_the_referent_week_in_a_browser(browser: Any, server: Server) -> None:
    context, page, errors = _signed_in(browser, server, "pa")
    plan_in_browser(page, "referent", "2026-W48", "#referents .day")
    # the first visit moved to the last position of its day
    task = page.locator("#referents li[data-task]").first.get_attribute("data-task")
    first = page.locator("#referents .day").first
    day, referent = first.get_attribute("data-day"), first.get_attribute("data-referent")
    page.select_option("#move-form select[name=task_id]", task)
    page.select_option("#move-form select[name=day]", day)
    page.fill("#move-form input[name=position]", "9")
    submit(page, page.locator("#move-form button[type=submit]"))
    assert "déplacée" in page.locator(".flash").inner_text()
    moved = page.locator(f'.day[data-referent="{referent}"][data-day="{day}"] li[data-task]')
    assert moved.last.get_attribute("data-task") == task
    submit(page, page.locator("#publish-form button[type=submit]"))
    assert "publié" in page.locator("#run-status").inner_text()
    # what happened at a visit not recorded yet: done, its reason for contact, the tenant's satisfaction
    form = page.locator("form.outcome-form").first
    recorded = form.locator("input[name=task_id]").get_attribute("value")
    form.locator("select[name=outcome]").select_option("done")
    form.locator("select[name=motive]").select_option("isolement")
    form.locator("select[name=score]").select_option("4")
    submit(page, form.locator("button"))
    assert "réalisée" in page.locator(".flash").inner_text()
    assert page.locator(f'li[data-task="{recorded}"] .outcome').first.get_attribute("data-outcome") == "done"
    assert not errors, errors
    context.close()
