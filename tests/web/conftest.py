"""The web application under test: a real PostgreSQL server started here, the demo data, a real uvicorn
server on loopback.

Every web test runs twice, on SQLite and on PostgreSQL (``backend`` parameter).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

ACCOUNTS = {  # username: (password, role, landlords)
    "pa": ("mot-de-passe-pa", "planner", ("LOGEMLOIRET",)),
    "pb": ("mot-de-passe-pb", "planner", ("RES-ORLEANAIS",)),
    "an": ("mot-de-passe-an", "analyst", ()),
    "ad": ("mot-de-passe-ad", "admin", ()),
    "cible": ("mot-de-passe-cible", "analyst", ()),  # only for the rate-limit test
    "retour": ("mot-de-passe-retour", "analyst", ()),  # only for the sign-in delay test
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        pytest.fail(f"{name} is missing: `make test` installs the Debian package postgresql")
    return found


@dataclass
class PostgresServer:
    port: int
    user: str = "tournees"

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{name}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user={self.user} dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL cluster on a loopback port, stopped at the end of the session."""
    base = Path(tempfile.mkdtemp(prefix="tournees-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: the cluster belongs to the postgres account
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    subprocess.run(
        [*as_user, _pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "tournees", "-E", "UTF8", "--locale", "C"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*as_user, _pg_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield PostgresServer(port)
    finally:
        subprocess.run([*as_user, _pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def web_db(
    request: pytest.FixtureRequest, demo_db: Path, demo_folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """The demo programme with four accounts, in a fresh SQLite file or PostgreSQL database."""
    from tournees.db import Database
    from tournees.demo import RESOURCES
    from tournees.io import import_path
    from tournees.web.accounts import add_user

    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("web-db") / "web.sqlite"
        shutil.copyfile(demo_db, path)
        url = str(path)
    else:
        url = request.getfixturevalue("postgres").create_database("web_demo")
        Database.open(url).dispose()  # the schema first: the importer's own upgrade path leaves a connection open
        import_path(RESOURCES, url)
        import_path(demo_folder, url)
    db = Database.open(url)
    for name, (password, role, landlords) in ACCOUNTS.items():
        add_user(db, name, password, role, landlords)
    db.dispose()
    return url


@dataclass
class Server:
    base: str
    state: Any  # the application's AppState
    db_url: str
    opened: list[httpx.Client] = field(default_factory=list)

    def client(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base, follow_redirects=True, timeout=120)
        self.opened.append(client)
        return client

    def close_clients(self) -> None:
        while self.opened:
            self.opened.pop().close()


@pytest.fixture(scope="session")
def server(web_db: str, settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``tournees serve`` as a real HTTP server on a loopback port (a thread of this process)."""
    import uvicorn

    from tournees.db import Database
    from tournees.web.app import SERVER_OPTIONS, create_app

    db = Database.open(web_db)
    app = create_app(db, settings, tmp_path_factory.mktemp("web-work"), time_limit_s=3)
    port = free_port()
    srv = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off", **SERVER_OPTIONS
        )
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", app.state.tournees, web_db)
    finally:
        srv.should_exit = True
        thread.join(10)
        db.dispose()


@pytest.fixture(autouse=True)
def _close_clients(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "server" in request.fixturenames:
        request.getfixturevalue("server").close_clients()


def token(html: str) -> str:
    found = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(server: Server, username: str) -> httpx.Client:
    client = server.client()
    page = client.get("/login")
    reply = client.post(
        "/login", data={"csrftoken": token(page.text), "username": username, "password": ACCOUNTS[username][0]}
    )
    assert reply.status_code == 200 and "/login" not in str(reply.url), reply.text[:300]
    return client
