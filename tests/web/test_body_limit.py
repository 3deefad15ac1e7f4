"""The CSRF check never reads a request body whole: past the limit it stops and answers 413 (issue #26 item 6)."""

from __future__ import annotations

import asyncio
from typing import Any

from tournees.web.csrf import CsrfCheck

LIMIT = 100_000
CHUNK = 10_000


def _run(headers: list[tuple[bytes, bytes]], chunks: int) -> tuple[list[str], int]:
    """A multipart POST of ``chunks`` chunks sent through the check: what answered, and how many chunks it read."""
    answered: list[str] = []
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        head = b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\n'
        body = head if read == 1 else b""
        end = b"\r\n--b--\r\n" if read == chunks else b""
        return {"type": "http.request", "body": body + b"x" * CHUNK + end, "more_body": read < chunks}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        answered.append("app")

    async def refuse(scope: Any, receive: Any, send: Any) -> None:
        answered.append("403")

    async def too_large(scope: Any, receive: Any, send: Any) -> None:
        answered.append("413")

    check = CsrfCheck(app, refuse=refuse, too_large=too_large, max_body=LIMIT)
    scope = {"type": "http", "method": "POST", "session": {"csrf": "t"}, "headers": headers}

    async def send(message: Any) -> None:
        pass

    asyncio.run(check(scope, receive, send))
    return answered, read


MULTIPART = [(b"content-type", b"multipart/form-data; boundary=b")]


def test_a_body_past_the_limit_is_refused_as_soon_as_it_passes_it() -> None:
    answered, read = _run(MULTIPART, chunks=1000)  # 10 MB sent, the limit is 100 kB
    assert answered == ["413"]
    assert read <= LIMIT // CHUNK + 1


def test_a_declared_length_past_the_limit_is_refused_before_reading() -> None:
    answered, read = _run([*MULTIPART, (b"content-length", str(LIMIT + 1).encode())], chunks=1000)
    assert answered == ["413"] and read == 0


def test_a_body_within_the_limit_without_its_token_is_a_403() -> None:
    answered, _ = _run(MULTIPART, chunks=3)
    assert answered == ["403"]
