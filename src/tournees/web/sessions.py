"""Sessions kept in the database: the cookie holds only a random token, signing out deletes the session, and every
web process (``uvicorn --workers``, several servers behind one proxy) reads the same sessions.

Each session also holds its CSRF token (:func:`csrf_token`), so a token is valid only with the session it was
issued to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tournees.db import Database
from tournees.db.web_tables import web_sessions

COOKIE = "tournees_session"
LIFETIME = dt.timedelta(hours=8)  # a session never outlives a working day
IDLE = dt.timedelta(hours=2)  # nor two hours without a request
TOUCH_EVERY = dt.timedelta(minutes=5)  # last_seen is written at most this often (one write per request is wasteful)
HANDLE = "tournees.session"  # the scope key of the request's :class:`SessionHandle`


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _key(token: str) -> str:
    # only the token's hash is stored: reading the table does not give a usable cookie
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class SessionHandle:
    """The request's stored session: what was read, and whether the handler asked for a new one."""

    key: str | None = None  # None: nothing stored yet
    saved: str = "{}"  # the data as stored, to see whether the request changed it
    created_at: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    renew: bool = False
    data: dict[str, Any] = field(default_factory=dict)


def renew_session(conn: HTTPConnection, **data: Any) -> None:
    """Start a new session holding only ``data`` (on sign-in: the old token, maybe known to someone else, dies)."""
    handle: SessionHandle = conn.scope[HANDLE]
    handle.renew = True
    conn.session.clear()
    conn.session.update(data)


def csrf_token(conn: HTTPConnection) -> str:
    """This session's CSRF token (created with the session's first form)."""
    token = conn.session.get("csrf")
    if not token:
        token = conn.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


class ServerSessions:
    """ASGI middleware: ``request.session`` read from ``web_sessions`` and written back before the reply starts."""

    def __init__(self, app: ASGIApp, db: Database, *, https: bool = False) -> None:
        self.app, self.db, self.https = app, db, https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):  # no session read for a stylesheet
            scope.setdefault("session", {})
            await self.app(scope, receive, send)
            return
        token = HTTPConnection(scope).cookies.get(COOKIE)
        handle = await run_in_threadpool(self._load, token) if token else SessionHandle()
        scope["session"], scope[HANDLE] = handle.data, handle

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await run_in_threadpool(self._save, handle)
                if cookie is not None:
                    MutableHeaders(scope=message).append("set-cookie", self._cookie(scope, *cookie))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, token: str) -> SessionHandle:
        key = _key(token)
        with self.db.engine.connect() as conn:
            row = conn.execute(
                sa.select(web_sessions).where(web_sessions.c.session_id == key, web_sessions.c.expires_at > utcnow())
            ).first()
        if row is None:  # unknown, ended or expired: the request goes on without a session
            return SessionHandle()
        return SessionHandle(key, row.data, row.created_at, row.last_seen, data=json.loads(row.data))

    def _save(self, handle: SessionHandle) -> tuple[str, int] | None:
        """Store what the request changed; the cookie to send (token, seconds to live; "" to erase it), if any."""
        now, data = utcnow(), json.dumps(handle.data, sort_keys=True)
        with self.db.engine.begin() as conn:
            if handle.key is not None and (handle.renew or not handle.data):  # signed out, or a new session
                conn.execute(web_sessions.delete().where(web_sessions.c.session_id == handle.key))
                if not handle.data:
                    return "", 0
            elif handle.key is not None and handle.created_at is not None and handle.last_seen is not None:
                changes: dict[str, Any] = {"data": data} if data != handle.saved else {}
                if changes or now - handle.last_seen >= TOUCH_EVERY:
                    changes |= {"last_seen": now, "expires_at": min(handle.created_at + LIFETIME, now + IDLE)}
                    # an UPDATE, never an INSERT: a session deleted meanwhile (signed out elsewhere) stays deleted
                    conn.execute(web_sessions.update().where(web_sessions.c.session_id == handle.key).values(**changes))
                return None
            if not handle.data:
                return None
            token = secrets.token_urlsafe(32)
            conn.execute(web_sessions.delete().where(web_sessions.c.expires_at <= now))  # the expired ones go
            conn.execute(
                web_sessions.insert().values(
                    session_id=_key(token),
                    username=handle.data.get("user"),
                    data=data,
                    created_at=now,
                    last_seen=now,
                    expires_at=now + min(IDLE, LIFETIME),
                )
            )
        return token, int(LIFETIME.total_seconds())

    def _cookie(self, scope: Scope, token: str, max_age: int) -> str:
        secure = "; Secure" if self.https or scope.get("scheme") == "https" else ""
        return f"{COOKIE}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
