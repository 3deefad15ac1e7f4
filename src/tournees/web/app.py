"""The Starlette application: sessions, CSRF, login rate limit, security headers, errors; routes in :mod:`routes`."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from asgi_csrf import asgi_csrf
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from tournees.db import Database
from tournees.settings import Settings
from tournees.web.context import AppState, LoginRequired, lang_of, render
from tournees.web.texts import pick_lang, tr

HERE = Path(__file__).parent
SESSION_HOURS = 8
DOCUMENT_CSP = b"sandbox allow-scripts allow-popups"
CSP = b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'"


async def _login_required(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/login", status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    key = {403: "forbidden", 404: "not_found", 429: "too_many"}.get(exc.status_code)
    message = tr(key, lang_of(request)) if key else str(exc.detail)
    return render(request, "error.html", status_code=exc.status_code, message=message)


class SecurityHeaders:
    """No framing by other sites, no type sniffing, scripts from this server only (plan documents carry their own)."""

    def __init__(self, app: ASGIApp, state: Any = None) -> None:
        self.app, self.state = app, state  # ``state``: the Starlette app's state, for the CLI and the tests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        document = "/files/" in scope["path"] and scope["path"].endswith(".html")
        headers = dict(scope.get("headers") or [])
        if headers.get(b"content-type", b"").startswith(b"multipart/") and b"x-csrftoken" not in headers:
            # uploads carry the CSRF token in a header (static/app.js): asgi-csrf 0.11 cannot read the
            # token inside a multipart body with the python-multipart that fixes CVE-2026-40347
            await _csrf_failed(scope, send, None)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                # plan documents (folium maps carry inline scripts) run sandboxed: no access to the session
                headers.append((b"content-security-policy", DOCUMENT_CSP if document else CSP))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)  # type: ignore[arg-type]


async def _csrf_failed(scope: Scope, send: Send, message_id: Any) -> None:
    body = tr("csrf", pick_lang(None)).encode("utf-8")
    await send(
        {"type": "http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain; charset=utf-8")]}
    )
    await send({"type": "http.response.body", "body": body})


def secret_for(workdir: Path) -> str:
    """The signing secret of sessions and CSRF tokens, kept beside the web plans (created once)."""
    path = workdir / "web_secret"
    if not path.exists():
        workdir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def create_app(
    db: Database, settings: Settings, workdir: str | Path, *, time_limit_s: float = 20.0, secret: str | None = None
) -> ASGIApp:
    from tournees.web.routes import ROUTES

    workdir = Path(workdir)
    secret = secret or secret_for(workdir)
    app = Starlette(
        routes=[*ROUTES],
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=secret,
                session_cookie="tournees_session",
                same_site="strict",
                https_only=False,
                max_age=SESSION_HOURS * 3600,
            )
        ],
        exception_handlers={LoginRequired: _login_required, HTTPException: _http_error},
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.tournees = AppState(db, settings, workdir, time_limit_s)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    protected = asgi_csrf(app, signing_secret=secret, always_protect={"/login"}, send_csrf_failed=_csrf_failed)
    return SecurityHeaders(protected, app.state)
