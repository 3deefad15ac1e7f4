"""The Starlette application: sessions, CSRF, proxies, security headers, errors; routes in :mod:`routes`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from tournees.db import Database
from tournees.settings import Settings
from tournees.web.context import AppState, LoginRequired, lang_of, render
from tournees.web.csrf import BODY_MAX_BYTES, CsrfCheck
from tournees.web.sessions import ServerSessions
from tournees.web.texts import tr

HERE = Path(__file__).parent
# uvicorn must not believe X-Forwarded-For itself (by default it does from 127.0.0.1): the application decides
SERVER_OPTIONS: dict[str, Any] = {"proxy_headers": False}
DOCUMENT_CSP = "sandbox allow-scripts allow-popups"
CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'"


async def _login_required(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/login", status_code=303)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    key = {403: "forbidden", 404: "not_found", 429: "too_many"}.get(exc.status_code)
    message = tr(key, lang_of(request)) if key else str(exc.detail)
    return render(request, "error.html", status_code=exc.status_code, message=message)


class SecurityHeaders:
    """No framing by other sites, no type sniffing, scripts from this server only (plan documents carry their own);
    nothing but the static files kept in a cache (pages and documents hold tenants' data)."""

    def __init__(self, app: ASGIApp, state: Any = None) -> None:
        self.app, self.state = app, state  # ``state``: the Starlette app's state, for the CLI and the tests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        document = "/files/" in scope["path"] and scope["path"].endswith(".html")
        private = not scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("x-frame-options", "SAMEORIGIN")
                headers.append("x-content-type-options", "nosniff")
                headers.append("referrer-policy", "same-origin")
                # plan documents (folium maps carry inline scripts) run sandboxed: no access to the session
                headers.append("content-security-policy", DOCUMENT_CSP if document else CSP)
                if private:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)


async def _csrf_failed(scope: Scope, receive: Receive, send: Send) -> None:
    request = Request(scope, receive)
    response = render(request, "error.html", status_code=403, message=tr("csrf", lang_of(request)))
    await response(scope, receive, send)


async def _body_too_large(scope: Scope, receive: Receive, send: Send) -> None:
    request = Request(scope, receive)
    limit = f"{BODY_MAX_BYTES / 1_000_000:g}"
    message = tr("upload_too_large", lang_of(request), limit=limit)
    await render(request, "error.html", status_code=413, message=message)(scope, receive, send)


def create_app(
    db: Database,
    settings: Settings,
    workdir: str | Path,
    *,
    time_limit_s: float = 20.0,
    worker: bool = True,
    per_landlord: int = 1,
) -> ASGIApp:
    """``worker``: run a worker thread in this process (SQLite, one machine); without it, plans wait for
    ``tournees worker`` processes."""
    from tournees.web.routes import ROUTES
    from tournees.web.worker import start_thread

    workdir = Path(workdir)
    app = Starlette(
        routes=[*ROUTES],
        middleware=[
            Middleware(ServerSessions, db=db, https=settings.web_https),
            Middleware(CsrfCheck, refuse=_csrf_failed, too_large=_body_too_large),
        ],
        exception_handlers={LoginRequired: _login_required, HTTPException: _http_error},
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.tournees = AppState(db, settings, workdir, time_limit_s)
    if worker:
        start_thread(app.state.tournees.jobs, settings, workdir, per_landlord=per_landlord)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    inner: ASGIApp = app
    if settings.web_trusted_proxies:  # only these may say who the client is (and that it came over HTTPS)
        inner = ProxyHeadersMiddleware(app, trusted_hosts=list(settings.web_trusted_proxies))  # type: ignore[arg-type,assignment]
    return SecurityHeaders(inner, app.state)
