"""What every request handler reads: the application's state, the signed-in account, the language, page rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from tournees.db import Database
from tournees.settings import Settings
from tournees.web.accounts import User, load_user
from tournees.web.jobs import Jobs
from tournees.web.sessions import csrf_token
from tournees.web.texts import code_label, day_label, pick_lang, tr


@dataclass
class AppState:
    db: Database
    settings: Settings
    workdir: Path  # plan folders of the web plans
    time_limit_s: float = 20.0
    jobs: Jobs = field(init=False)  # the durable queue of planning jobs, in the database

    def __post_init__(self) -> None:
        self.jobs = Jobs(self.db)


class LoginRequired(Exception):
    pass


def state(request: Request) -> AppState:
    return request.app.state.tournees  # type: ignore[no-any-return]


def lang_of(request: Request) -> str:
    return pick_lang(request.session.get("lang"))


def client_address(request: Request) -> str:
    """The connection's address, or the one a trusted proxy gave (``web_trusted_proxies``; see :mod:`web.app`)."""
    return request.client.host if request.client else "?"


def current_user(request: Request, *roles: str) -> User:
    """The signed-in account (re-read each time: a disabled account loses access at once), with one of ``roles``."""
    name = request.session.get("user")
    user = load_user(state(request).db, name) if name else None
    if user is None:
        raise LoginRequired()
    if roles and user.role not in roles:
        raise HTTPException(403)
    return user


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    lang = lang_of(request)
    name_user = request.session.get("user")
    context |= {
        "lang": lang,
        "_": lambda key, **p: tr(key, lang, **p),
        "label": lambda kind, code: code_label(kind, code, lang),  # stored codes in words (web/texts.py)
        "day_label": lambda day: day_label(day, lang),
        "csrftoken": csrf_token(request),
        "signed_in": name_user,
        "role": request.session.get("role"),
        "flash": request.session.pop("flash", None),
    }
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)
