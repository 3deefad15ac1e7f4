"""Import by upload, planning in the background, adjusting with the engine's timing, locking, documents
(SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import re

import httpx
import sqlalchemy as sa

from tests.web.conftest import Server, sign_in, token

HEADER = "request_id,tenant_id,type_id,received_on,priority,availability\n"


def _tenant(client: httpx.Client) -> str:
    return re.findall(r'href="/tenants/([^"]+)"', client.get("/backlog").text)[0]


def _upload(client: httpx.Client, name: str, text: str) -> httpx.Response:
    page = client.get("/import")
    # as the page's form sends it: the token in the multipart body, beside the file
    reply = client.post(
        "/import", data={"csrftoken": token(page.text)}, files={"files": (name, text.encode("utf-8"), "text/csv")}
    )
    return httpx.Response(reply.status_code, text=html.unescape(reply.text), request=reply.request)


def _count(server: Server, table: str) -> int:
    from tournees.db import Database

    db = Database(server.db_url)
    with db.engine.connect() as conn:
        n = conn.scalar(sa.text(f"SELECT count(*) FROM {table}"))
    db.dispose()
    return int(n)


def test_import_lists_every_problem_and_writes_nothing(server: Server) -> None:
    client = sign_in(server, "pa")
    before = _count(server, "bricolage_requests")
    reply = _upload(
        client,
        "bricolage_requests.csv",
        HEADER + f"WEB-1,{_tenant(client)},DETECTEUR,2026-13-40,normal,\n"
        f"WEB-1B,{_tenant(client)},DETECTEUR,2026-11-20,tres-vite,\n",
    )
    assert reply.status_code == 422 and "rien n'a été écrit" in reply.text
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", reply.text)
    assert {(f, r, c) for f, r, c, _ in rows} >= {
        ("bricolage_requests.csv", "2", "received_on"),
        ("bricolage_requests.csv", "3", "priority"),
    }, rows
    assert _count(server, "bricolage_requests") == before


def test_a_file_of_the_wrong_kind_is_listed_with_the_problems_of_the_others(server: Server) -> None:
    client = sign_in(server, "pa")
    page = client.get("/import")
    bad = HEADER + f"WEB-2,{_tenant(client)},DETECTEUR,2026-13-40,normal,\n"
    reply = client.post(
        "/import",
        data={"csrftoken": token(page.text)},
        files=[
            ("files", ("notes.txt", b"hello", "text/plain")),
            ("files", ("bricolage_requests.csv", bad.encode("utf-8"), "text/csv")),
        ],
    )
    text = html.unescape(reply.text)
    assert reply.status_code == 422 and "notes.txt" in text and "received_on" in text  # one round, both problems


def test_upload_without_the_csrf_token_is_refused(server: Server) -> None:
    client = sign_in(server, "pa")
    reply = client.post("/import", files={"files": ("bricolage_requests.csv", HEADER.encode("utf-8"), "text/csv")})
    assert reply.status_code == 403


def test_import_refuses_rows_of_another_landlord(server: Server) -> None:
    a, b = sign_in(server, "pa"), sign_in(server, "pb")
    before = _count(server, "bricolage_requests")
    reply = _upload(a, "bricolage_requests.csv", HEADER + f"WEB-2,{_tenant(b)},DETECTEUR,2026-11-20,normal,\n")
    assert reply.status_code == 422 and "pas le vôtre" in reply.text, re.findall(r"<tr><td>.*?</tr>", reply.text)
    assert _upload(a, "..", "x").status_code == 422 and _upload(a, "notes.txt", "x").status_code == 422
    reply = _upload(a, "staff.csv", "staff_id,service,label,depot_id,skills\nX,bricolage,X,D1,plomberie\n")
    assert reply.status_code == 422
    assert _count(server, "bricolage_requests") == before


def test_import_of_own_requests_reaches_the_backlog_and_the_audit(server: Server) -> None:
    client = sign_in(server, "pa")
    reply = _upload(
        client, "bricolage_requests.csv", HEADER + f"WEB-3,{_tenant(client)},DETECTEUR,2026-11-20,urgent,\n"
    )
    assert reply.status_code == 200 and "Import réussi" in reply.text
    assert "WEB-3" in client.get("/backlog", params={"priority": "urgent"}).text
    admin = sign_in(server, "ad").get("/admin").text
    assert re.search(r"<td>pa</td><td>import</td><td>bricolage_requests</td>", admin)


def _plan(server: Server, client: httpx.Client, landlord: str) -> str:
    page = client.get("/plans")
    reply = client.post(
        "/plans", data={"csrftoken": token(page.text), "landlord": landlord, "service": "bricolage", "week": "2026-W48"}
    )
    assert reply.status_code == 200
    plan_id = reply.url.path.rsplit("/", 1)[1]
    server.state.jobs.wait_all()
    return plan_id


def _days(html: str) -> dict[tuple[str, str], list[str]]:
    days = {}
    for block in re.findall(
        r'<div class="day" data-resource="([^"]+)" data-date="([^"]+)">(.*?)</ol>', html, flags=re.S
    ):
        days[(block[0], block[1])] = re.findall(r'<li data-task="([^"]+)">', block[2])
    return days


def test_plan_adjust_confirm_and_download(server: Server) -> None:
    client = sign_in(server, "pa")
    plan_id = _plan(server, client, "LOGEMLOIRET")
    status = client.get(f"/plans/{plan_id}/status").json()
    assert status["state"] == "done" and status["best"] is not None  # the progress carried the best cost
    page = client.get(f"/plans/{plan_id}")
    assert "Le plan respecte toutes les règles" in page.text and 'src="/plans/' in page.text
    days = _days(page.text)
    assert days and all(days.values())
    # move the first visit of the first day to the end of another technician-day
    (res, date), tasks = next(iter(days.items()))
    task = tasks[0]
    target = next(k for k in days if k[1] != date)
    version = int(re.search(r'name="version" value="(\d+)"', page.text).group(1))
    reply = client.post(
        f"/plans/{plan_id}/move",
        data={
            "csrftoken": token(page.text),
            "version": version,
            "task_id": task,
            "resource": target[0],
            "day": target[1],
            "position": 99,
        },
    )
    assert reply.status_code == 200 and f"{task} déplacée" in reply.text
    after = _days(reply.text)
    assert task not in after.get((res, date), []) and after[target][-1] == task
    times = re.search(rf'<li data-task="{task}"><span class="t">([0-9:]+)', reply.text).group(1)
    assert times  # the moved visit got a time from the engine's timing of its new day
    assert re.search(r'id="findings">\s*<p class="(ok|error)">', reply.text)
    # a second change made from the page as it was before is refused, naming who changed the plan
    stale = client.post(
        f"/plans/{plan_id}/move",
        data={
            "csrftoken": token(page.text),
            "version": version,
            "task_id": tasks[-1],
            "resource": res,
            "day": date,
            "position": 1,
        },
    )
    assert stale.status_code == 409 and "modifié par pa" in stale.text
    assert _days(client.get(f"/plans/{plan_id}").text) == after
    # confirm the slot of another visit
    page = client.get(f"/plans/{plan_id}")
    other = next(t for k, ts in after.items() for t in ts if t != task)
    version = int(re.search(r'name="version" value="(\d+)"', page.text).group(1))
    reply = client.post(
        f"/plans/{plan_id}/confirm", data={"csrftoken": token(page.text), "version": version, "task_id": other}
    )
    assert reply.status_code == 200 and f"Créneau de {other} confirmé" in reply.text
    assert re.search(rf'<li data-task="{other}">.*?<span class="confirmed">', reply.text, flags=re.S)
    # documents written again after the change
    pdf = client.get(f"/plans/{plan_id}/files/feuilles_de_route.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert "sandbox" in client.get(f"/plans/{plan_id}/files/carte.html").headers["content-security-policy"]
    visits = client.get(f"/plans/{plan_id}/files/visits.csv").text
    assert task in visits and target[0] in visits
    audit = sign_in(server, "ad").get("/admin").text
    assert f"{plan_id}:{task}" in audit and f"{plan_id}:{other}" in audit


def test_other_landlord_gets_404_on_the_plan_and_its_files(server: Server) -> None:
    a, b = sign_in(server, "pa"), sign_in(server, "pb")
    plan_id = re.search(r'href="/plans/([^"]+)"', a.get("/plans").text)
    plan_id = plan_id.group(1) if plan_id else _plan(server, a, "LOGEMLOIRET")
    for path in ("", "/status", "/events", "/files/carte.html", "/files/feuilles_de_route.pdf"):
        assert b.get(f"/plans/{plan_id}{path}").status_code == 404, path
    page = b.get("/plans")
    assert plan_id not in page.text
    reply = b.post(
        f"/plans/{plan_id}/move",
        data={
            "csrftoken": token(page.text),
            "version": 1,
            "task_id": "x",
            "resource": "x",
            "day": "2026-11-23",
            "position": 1,
        },
    )
    assert reply.status_code == 404
    reply = b.post(
        "/plans",
        data={"csrftoken": token(page.text), "landlord": "LOGEMLOIRET", "service": "bricolage", "week": "2026-W48"},
    )
    assert reply.status_code == 403


def test_replan_inserts_an_urgent_request_and_keeps_confirmed_slots(server: Server) -> None:
    client = sign_in(server, "pa")
    plan_id = _plan(server, client, "LOGEMLOIRET")
    page = client.get(f"/plans/{plan_id}")
    days = _days(page.text)
    kept = next(iter(days.values()))[0]
    version = int(re.search(r'name="version" value="(\d+)"', page.text).group(1))
    page = client.post(
        f"/plans/{plan_id}/confirm", data={"csrftoken": token(page.text), "version": version, "task_id": kept}
    )
    slot = re.search(rf'<li data-task="{kept}">.*?<span class="slot">([^<]+)</span>', page.text, flags=re.S).group(1)
    where = next(k for k, ts in _days(page.text).items() if kept in ts)
    reply = _upload(
        client, "bricolage_requests.csv", HEADER + f"WEB-URG,{_tenant(client)},DETECTEUR,2026-11-23,urgent,\n"
    )
    assert reply.status_code == 200
    version = int(re.search(r'name="version" value="(\d+)"', page.text).group(1))
    client.post(f"/plans/{plan_id}/replan", data={"csrftoken": token(page.text), "version": version})
    server.state.jobs.wait_all()
    page = client.get(f"/plans/{plan_id}")
    after = _days(page.text)
    assert kept in after[where]  # same technician, same day
    assert (
        re.search(rf'<li data-task="{kept}">.*?<span class="slot">([^<]+)</span>', page.text, flags=re.S).group(1)
        == slot
    )
    served = {t for ts in after.values() for t in ts}
    left = (
        re.findall(r"<tr><td>([^<]+)</td><td>", page.text.split('id="left"', 1)[1]) if 'id="left"' in page.text else []
    )
    assert "WEB-URG" in served or "WEB-URG" in left
    # the version moved on: a form from before the re-plan is refused
    stale = client.post(f"/plans/{plan_id}/replan", data={"csrftoken": token(page.text), "version": version})
    assert stale.status_code == 409


def test_checker_times_are_shown_as_dates_and_clock_times() -> None:
    import datetime as dt

    from tournees.web.planning import readable

    days = [dt.date(2026, 11, 23) + dt.timedelta(days=i) for i in range(5)]
    text = readable("TECH-1 jour 3 : retour 318878 après la fin de journée 318600 ; BRI-0066 durée 3600 s", days)
    assert text == "TECH-1 26/11 : retour 26/11 16:34 après la fin de journée 26/11 16:30 ; BRI-0066 durée 3600 s"
