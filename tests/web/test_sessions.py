"""Sessions kept on the server, CSRF tokens bound to them, sign-in limits, HTTPS cookies and caching (issue #26,
items 8 to 11), and the same guarantees across two web processes on one database (issue #28), on SQLite and
PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.web.conftest import ACCOUNTS, Server, sign_in, token
from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.db.web_tables import web_sessions, web_sign_in_failures
from tournees.web.app import create_app
from tournees.web.sign_in_limits import account_delay


def _session_key(client: httpx.Client) -> str:
    return hashlib.sha256(client.cookies["tournees_session"].encode()).hexdigest()


def _execute(url: str, statement: Any) -> Any:
    db = Database(url)
    try:
        with db.engine.begin() as conn:
            result = conn.execute(statement)
            return result.all() if isinstance(statement, sa.Select) else None
    finally:
        db.dispose()


@pytest.fixture
def no_failures(server: Server) -> Iterator[None]:
    """Sign-in failures of other tests forgotten before and after (they would count against 127.0.0.1)."""
    _execute(server.db_url, web_sign_in_failures.delete())
    yield
    _execute(server.db_url, web_sign_in_failures.delete())


def _try(client: httpx.Client, username: str, password: str = "faux", **headers: str) -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login", data={"csrftoken": token(page.text), "username": username, "password": password}, headers=headers
    )


# --- item 8: sessions end on the server -----------------------------------------------------------------------------


def test_a_session_cookie_opens_nothing_after_sign_out(server: Server) -> None:
    client = sign_in(server, "pa")
    cookie = client.cookies["tournees_session"]
    reply = client.post("/logout", data={"csrftoken": token(client.get("/plans").text)})
    assert reply.url.path == "/login"
    replayed = server.client()
    replayed.cookies.set("tournees_session", cookie)
    assert replayed.get("/plans").url.path == "/login"  # the old cookie is worth nothing


def test_a_session_expires(server: Server) -> None:
    client = sign_in(server, "pa")
    assert client.get("/plans").url.path == "/plans"
    past = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    _execute(
        server.db_url,
        web_sessions.update().where(web_sessions.c.session_id == _session_key(client)).values(expires_at=past),
    )
    assert client.get("/plans").url.path == "/login"


def test_signing_in_gives_a_new_session(server: Server) -> None:
    client = server.client()
    client.get("/login")
    before = client.cookies["tournees_session"]
    reply = client.post(
        "/login",
        data={"csrftoken": token(client.get("/login").text), "username": "pa", "password": ACCOUNTS["pa"][0]},
    )
    assert reply.url.path == "/plans" and client.cookies["tournees_session"] != before
    stale = server.client()
    stale.cookies.set("tournees_session", before)  # a session fixed before sign-in does not become signed in
    assert stale.get("/plans").url.path == "/login"


# --- item 9: CSRF bound to the session, whatever the headers --------------------------------------------------------


def test_another_sessions_token_is_refused(server: Server) -> None:
    a, b = sign_in(server, "pa"), sign_in(server, "pb")
    b_token = token(b.get("/plans").text)
    mixed = server.client()
    for cookie in b.cookies.jar:  # b's cookies (a CSRF cookie, if any), then a's session
        mixed.cookies.set(cookie.name, cookie.value or "")
    mixed.cookies.set("tournees_session", a.cookies["tournees_session"])
    reply = mixed.post("/logout", data={"csrftoken": b_token})
    assert reply.status_code == 403 and "rechargez la page" in reply.text
    assert a.get("/plans").url.path == "/plans"  # a is still signed in


def test_an_authorization_header_does_not_skip_the_check(server: Server) -> None:
    client = sign_in(server, "pa")
    reply = client.post("/logout", headers={"Authorization": "Bearer anything"})
    assert reply.status_code == 403
    assert client.get("/plans").url.path == "/plans"


def test_a_wrong_token_on_an_upload_is_403_not_500(server: Server) -> None:
    client = sign_in(server, "pa")
    files = {"files": ("tenants.csv", b"tenant_id\nLOC-0001\n", "text/csv")}
    reply = client.post("/import", files=files, headers={"x-csrftoken": "faux"})
    assert reply.status_code == 403 and "rechargez la page" in reply.text and "<html" in reply.text
    good = token(client.get("/import").text)
    reply = client.post("/import", files=files, headers={"x-csrftoken": good + "x"})
    assert reply.status_code == 403
    broken = client.post(  # a body that is not the multipart form it claims to be
        "/import", content=b"--x\r\nnot a part", headers={"content-type": "multipart/form-data; boundary=x"}
    )
    assert broken.status_code == 403
    # the token inside the form itself (no header, no script) is read: the import runs and lists its problems
    reply = client.post("/import", files=files, data={"csrftoken": good})
    assert reply.status_code == 422 and 'id="problems"' in reply.text


# --- item 10: sign-in limits ----------------------------------------------------------------------------------------


def test_account_delay_grows_and_stays_short() -> None:
    assert [account_delay(n).total_seconds() for n in range(4, 11)] == [0, 15, 30, 60, 120, 240, 300]
    assert account_delay(1000) == dt.timedelta(minutes=5)


@pytest.mark.usefixtures("no_failures")
def test_the_real_user_gets_back_in_after_a_short_delay(server: Server) -> None:
    client = server.client()
    assert [_try(client, "retour").status_code for _ in range(5)] == [401] * 5
    refused = _try(client, "retour", ACCOUNTS["retour"][0])
    assert refused.status_code == 429 and 0 < int(refused.headers["retry-after"]) <= 15
    assert "Trop de tentatives" in refused.text
    # 20 seconds later (the failures made older), the right password opens the account
    _execute(
        server.db_url,
        web_sign_in_failures.update()
        .where(web_sign_in_failures.c.username == "retour")
        .values(at=web_sign_in_failures.c.at - dt.timedelta(seconds=20)),
    )
    assert _try(client, "retour", ACCOUNTS["retour"][0]).url.path == "/analysis"


@pytest.mark.usefixtures("no_failures")
def test_a_forged_forwarded_for_bypasses_no_limit(server: Server) -> None:
    client = server.client()
    codes = [_try(client, "victime", **{"X-Forwarded-For": f"203.0.113.{i}"}).status_code for i in range(8)]
    assert codes == [401] * 5 + [429] * 3  # the account's limit, whatever address is claimed
    # the address's limit: 20 failures from 127.0.0.1 (5 above, 15 on other accounts), then nobody from there
    for i in range(15):
        assert _try(client, f"autre-{i}", **{"X-Forwarded-For": f"198.51.100.{i}"}).status_code == 401
    reply = _try(client, "pa", ACCOUNTS["pa"][0], **{"X-Forwarded-For": "192.0.2.1"})
    assert reply.status_code == 429 and 500 <= int(reply.headers["retry-after"]) <= 600
    db = Database(server.db_url)
    with db.engine.connect() as conn:
        addresses = set(conn.scalars(sa.select(web_sign_in_failures.c.address)))
    db.dispose()
    assert addresses == {"127.0.0.1"}


# --- item 11: HTTPS cookies, no caching, the tenant's phone ---------------------------------------------------------


@pytest.fixture
def make_app(settings: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Web applications on a database (a process each, in effect), with settings changed; closed afterwards."""
    made: list[Any] = []

    def make(url: str, **changes: Any) -> Any:
        db = Database.open(url)
        made.append(db)
        return create_app(db, dataclasses.replace(settings, **changes), tmp_path / str(len(made)), time_limit_s=3)

    yield make
    for db in made:
        db.dispose()


def _in_process(
    app: Any, base: str = "http://testserver", peer: tuple[str, int] = ("192.0.2.77", 5000)
) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=peer)
    return httpx.AsyncClient(transport=transport, base_url=base, follow_redirects=True)


def _session_cookie(reply: httpx.Response) -> str:
    return next(v for k, v in reply.headers.multi_items() if k == "set-cookie" and v.startswith("tournees_session="))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_session_cookie_is_secure_over_https(server: Server, make_app: Callable[..., Any]) -> None:
    plain = make_app(server.db_url)
    async with _in_process(plain) as client:
        assert "secure" not in _session_cookie(await client.get("/login")).lower()
    async with _in_process(plain, "https://testserver") as client:
        assert "; secure" in _session_cookie(await client.get("/login")).lower()
    behind_tls_proxy = make_app(server.db_url, web_https=True)  # the proxy speaks HTTPS, not us
    async with _in_process(behind_tls_proxy) as client:
        assert "; secure" in _session_cookie(await client.get("/login")).lower()
    trusted = make_app(server.db_url, web_trusted_proxies=("10.1.2.3",))
    async with _in_process(trusted, peer=("10.1.2.3", 4000)) as client:
        page = await client.get("/login", headers={"x-forwarded-proto": "https"})
        assert "; secure" in _session_cookie(page).lower()


def test_trusted_proxies_must_be_addresses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    from tournees.cli import main
    from tournees.errors import ValidationError
    from tournees.settings import load_settings

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOURNEES_WEB_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,")
    assert load_settings(None).web_trusted_proxies == ("127.0.0.1", "10.0.0.0/8")
    monkeypatch.setenv("TOURNEES_WEB_TRUSTED_PROXIES", "127.0.0.1,proxy.local")
    with pytest.raises(ValidationError, match="proxy.local"):
        load_settings(None)
    monkeypatch.delenv("TOURNEES_WEB_TRUSTED_PROXIES")
    (tmp_path / "tournees.toml").write_text('web_trusted_proxies = ["10.0.0.1", "nginx"]\n', encoding="utf-8")
    assert main(["summary"]) == 2
    assert "web_trusted_proxies : « nginx » n'est ni une adresse IP ni un réseau" in capsys.readouterr().err


@pytest.mark.anyio
@pytest.mark.usefixtures("no_failures")
async def test_a_trusted_proxy_names_the_client(server: Server, make_app: Callable[..., Any]) -> None:
    app = make_app(server.db_url, web_trusted_proxies=("10.1.2.3",))
    for peer, counted in (("10.1.2.3", "198.51.100.9"), ("10.9.9.9", "10.9.9.9")):
        async with _in_process(app, peer=(peer, 4000)) as client:
            page = await client.get("/login")
            reply = await client.post(
                "/login",
                data={"csrftoken": token(page.text), "username": "proxy", "password": "faux"},
                headers={"x-forwarded-for": "198.51.100.9"},
            )
            assert reply.status_code == 401
        found = _execute(
            server.db_url, sa.select(web_sign_in_failures.c.address).order_by(web_sign_in_failures.c.failure_id)
        )
        assert found[-1].address == counted


def test_private_pages_are_never_cached(server: Server) -> None:
    client = sign_in(server, "pa")
    tenant = re.findall(r'href="/tenants/([^"]+)"', client.get("/backlog").text)[0]
    for path in ("/login", "/plans", "/backlog", "/import", f"/tenants/{tenant}", "/tenants/NOPE"):
        assert client.get(path).headers["cache-control"] == "no-store", path
    assert server.client().get("/plans").history[0].headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")


def test_tenant_page_shows_the_phone_only_of_those_called_ahead(server: Server) -> None:
    tn, rs = TABLES["tenants"], TABLES["residences"]
    rows = _execute(
        server.db_url,
        sa.select(tn.c.tenant_id, tn.c.phone, tn.c.call_ahead, tn.c.consent)
        .join(rs, tn.c.residence_id == rs.c.residence_id)
        .where(rs.c.landlord_id == "LOGEMLOIRET", tn.c.phone.is_not(None)),
    )
    called = next(r for r in rows if r.call_ahead and r.consent)
    not_called = next(r for r in rows if not r.call_ahead and r.consent)
    client = sign_in(server, "pa")
    assert called.phone in client.get(f"/tenants/{called.tenant_id}").text
    page = client.get(f"/tenants/{not_called.tenant_id}").text
    assert not_called.phone not in page and "Téléphone" not in page


# --- issue #28: two web processes on one database -------------------------------------------------------------------


@pytest.mark.anyio
async def test_two_web_processes_share_sessions_tokens_and_limits(web_db: str, make_app: Callable[..., Any]) -> None:
    first, second = make_app(web_db), make_app(web_db)
    async with _in_process(first) as one, _in_process(second) as two:
        page = await one.get("/login")
        data = {"csrftoken": token(page.text), "username": "pa", "password": ACCOUNTS["pa"][0]}
        assert (await one.post("/login", data=data)).url.path == "/plans"
        two.cookies.set("tournees_session", one.cookies["tournees_session"])
        assert (await two.get("/plans")).url.path == "/plans"  # the session opened by the first is known to the second
        issued_by_one = token((await one.get("/plans")).text)
        assert (await two.post("/logout", data={"csrftoken": "faux"})).status_code == 403
        assert (await two.post("/logout", data={"csrftoken": issued_by_one})).url.path == "/login"  # its token too
        assert (await one.get("/plans")).url.path == "/login"  # signed out on the second: ended for the first
        codes = []
        for client in (one, two, one, two, one, two, one):
            page = await client.get("/login")
            data = {"csrftoken": token(page.text), "username": "deux-serveurs", "password": "faux"}
            codes.append((await client.post("/login", data=data)).status_code)
        assert codes == [401] * 5 + [429] * 2  # the failures on either count for both
    _execute(web_db, web_sign_in_failures.delete().where(web_sign_in_failures.c.username == "deux-serveurs"))
