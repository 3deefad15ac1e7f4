"""Signing in, sessions, CSRF, rate limit, roles and landlord isolation, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from tests.web.conftest import ACCOUNTS, Server, sign_in, token


def test_pages_need_an_account(server: Server) -> None:
    client = server.client()
    for path in ("/plans", "/backlog", "/import", "/analysis", "/admin", "/tenants/LOC-0001"):
        reply = client.get(path)
        assert reply.url.path == "/login", path
    assert "Connexion" in client.get("/login").text


def test_wrong_password_is_refused_and_attempts_are_limited(server: Server) -> None:
    client = server.client()
    codes = []
    for _ in range(6):
        page = client.get("/login")
        codes.append(
            client.post(
                "/login", data={"csrftoken": token(page.text), "username": "cible", "password": "faux"}
            ).status_code
        )
    assert codes[:5] == [401] * 5 and codes[5] == 429
    page = client.get("/login")  # even the right password waits for the window to pass
    reply = client.post(
        "/login", data={"csrftoken": token(page.text), "username": "cible", "password": ACCOUNTS["cible"][0]}
    )
    assert reply.status_code == 429 and "Trop de tentatives" in reply.text


def test_session_cookie_is_httponly_and_samesite(server: Server) -> None:
    client = server.client()
    page = client.get("/login")
    reply = client.post(
        "/login",
        data={"csrftoken": token(page.text), "username": "pb", "password": ACCOUNTS["pb"][0]},
        follow_redirects=False,
    )
    cookie = next(v for k, v in reply.headers.multi_items() if k == "set-cookie" and v.startswith("tournees_session="))
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert "content-security-policy" in client.get("/login").headers


def test_forms_without_the_csrf_token_are_refused(server: Server) -> None:
    client = sign_in(server, "pa")
    before = client.get("/plans").text.count("<tr>")
    reply = client.post("/plans", data={"landlord": "LOGEMLOIRET", "service": "bricolage", "week": "2026-W48"})
    assert reply.status_code == 403 and "rechargez la page" in reply.text
    assert client.get("/plans").text.count("<tr>") == before
    anonymous = server.client()
    assert anonymous.post("/login", data={"username": "pa", "password": ACCOUNTS["pa"][0]}).status_code == 403


def test_planner_sees_only_the_tenants_of_its_landlord(server: Server) -> None:
    a, b = sign_in(server, "pa"), sign_in(server, "pb")
    rows_a = re.findall(r'href="/tenants/([^"]+)"', a.get("/backlog").text)
    rows_b = re.findall(r'href="/tenants/([^"]+)"', b.get("/backlog").text)
    assert rows_a and rows_b and not set(rows_a) & set(rows_b)
    assert "RES-ORLEANAIS" not in a.get("/backlog").text
    assert a.get(f"/tenants/{rows_a[0]}").status_code == 200
    assert b.get(f"/tenants/{rows_a[0]}").status_code == 404
    assert a.get("/tenants/NO-SUCH-TENANT").status_code == 404


def test_backlog_filters(server: Server) -> None:
    client = sign_in(server, "pa")
    every = client.get("/backlog").text.count("<tr><td>")
    urgent = client.get("/backlog", params={"priority": "urgent"}).text
    assert 0 < urgent.count("<tr><td>") < every
    assert all(row == "urgente" for row in re.findall(r"</a></td><td>[^<]*</td><td>([^<]*)</td>", urgent))
    old = client.get("/backlog", params={"min_age": "36500"}).text
    assert old.count("<tr><td>") == 0
    writer = client.get("/backlog", params={"service": "ecrivain"}).text
    assert "ECR-" in writer and "BRI-" not in writer


def test_analyst_gets_aggregates_and_no_tenant_row(server: Server) -> None:
    client = sign_in(server, "an")
    page = client.get("/analysis")
    assert page.status_code == 200 and "<td>" in page.text
    assert not re.search(r"LOC-\d|BRI-\d|ECR-\d|/tenants/", page.text)
    for path in ("/backlog", "/plans", "/import", "/tenants/LOC-0001", "/admin"):
        assert client.get(path).status_code == 403, path


def test_user_commands_create_and_list_accounts(server: Server, settings: Any, monkeypatch: Any, capsys: Any) -> None:
    import argparse
    import dataclasses

    from tournees.web.commands import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    cfg = dataclasses.replace(settings, database=server.db_url)
    monkeypatch.setenv("TOURNEES_PASSWORD", "un-mot-de-passe-long")
    args = parser.parse_args(["user", "add", "pc", "--role", "planner", "--landlord", "LOGEMLOIRET"])
    assert args.handler(args, cfg) == 0
    args = parser.parse_args(["user", "list"])
    assert args.handler(args, cfg) == 0
    assert "pc\tplanner\tLOGEMLOIRET" in capsys.readouterr().out
    from tournees.db import Database
    from tournees.db.web_tables import web_users

    db = Database(server.db_url)
    with db.engine.connect() as conn:  # stored as an argon2 hash, never as typed
        stored = conn.scalar(sa.select(web_users.c.password_hash).where(web_users.c.username == "pc"))
    db.dispose()
    assert stored.startswith("$argon2") and "un-mot-de-passe-long" not in stored
    import pytest

    from tournees.errors import ValidationError

    with pytest.raises(ValidationError, match="bailleur"):
        args = parser.parse_args(["user", "add", "pd", "--role", "planner"])
        args.handler(args, cfg)
    with pytest.raises(ValidationError, match="bailleur absent de la base"):
        args = parser.parse_args(["user", "add", "pd", "--role", "planner", "--landlord", "NOPE"])
        args.handler(args, cfg)


def test_pages_in_english_on_request(server: Server) -> None:
    client = server.client()
    assert "Connexion" in client.get("/login").text
    page = client.get("/lang/en", params={"next": "/login"})
    assert page.url.path == "/login" and "Sign in" in page.text and 'lang="en"' in page.text
    assert client.get("/lang/en", params={"next": "//elsewhere.example"}).url.host == "127.0.0.1"  # no open redirect
