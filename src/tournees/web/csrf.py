"""CSRF check of every request that can change something (any method but GET, HEAD, OPTIONS), whatever its headers.

The token is the one held by the request's own session (:func:`tournees.web.sessions.csrf_token`); it comes in the
``x-csrftoken`` header or in the form's ``csrftoken`` field, urlencoded or multipart (file uploads). The body read
here is kept (in memory, on disk past 1 MB) and handed to the page unchanged. A missing, unreadable or wrong token
is refused with the 403 page, never a server error. A body larger than ``max_body`` is refused (``too_large``, 413)
from its declared length, or as soon as the bytes read pass it: never read whole to look for a token.
"""

from __future__ import annotations

import hmac
import tempfile
from collections.abc import AsyncGenerator, Callable, Coroutine
from typing import IO, Any

from starlette.datastructures import Headers
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FIELD, HEADER = "csrftoken", "x-csrftoken"
CHUNK = 64 * 1024
BODY_MAX_BYTES = 20_000_000  # a landlord's tables weigh a few MB; far larger is refused before it is read
Refusal = Callable[[Scope, Receive, Send], Coroutine[Any, Any, None]]


class CsrfCheck:
    """ASGI middleware, inside :class:`~tournees.web.sessions.ServerSessions`; ``refuse`` sends the 403 page."""

    def __init__(self, app: ASGIApp, refuse: Refusal, too_large: Refusal, max_body: int = BODY_MAX_BYTES) -> None:
        self.app, self.refuse, self.too_large, self.max_body = app, refuse, too_large, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        expected = str(scope["session"].get("csrf") or "")
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await self.too_large(scope, receive, send)
            return
        with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as body:
            sent = headers.get(HEADER)
            if sent is None:
                try:
                    sent = await _form_token(headers, receive, body, self.max_body)
                except ClientDisconnect:
                    return
                except _TooLarge:
                    await self.too_large(scope, receive, send)
                    return
                except MultiPartException:  # a body that is not the form it claims to be: no token in it
                    sent = None
                body.seek(0)
                receive = _replay(body, receive)
            if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
                await self.refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)


class _TooLarge(Exception):
    """The body passed the limit while being read."""


async def _form_token(headers: Headers, receive: Receive, body: IO[bytes], max_body: int) -> str | None:
    """The form's token, the body being copied into ``body`` as it is read (at most ``max_body`` bytes)."""

    async def stream() -> AsyncGenerator[bytes, None]:
        read = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect()
            chunk = message.get("body", b"")
            read += len(chunk)
            if read > max_body:
                raise _TooLarge()
            body.write(chunk)
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                break

    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        form = await MultiPartParser(headers, stream()).parse()
    elif kind == "application/x-www-form-urlencoded":
        form = await FormParser(headers, stream()).parse()
    else:
        return None
    value = form.get(FIELD)
    await form.close()
    return value if isinstance(value, str) else None


def _replay(body: IO[bytes], receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read, then whatever the server says next (a disconnect)."""
    done = False

    async def again() -> Message:
        nonlocal done
        if done:
            return await receive()
        chunk = body.read(CHUNK)
        more = len(chunk) == CHUNK
        done = not more
        return {"type": "http.request", "body": chunk, "more_body": more}

    return again
