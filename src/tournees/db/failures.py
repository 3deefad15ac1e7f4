"""Database failures as messages a planner can act on, with no record value in them.

A failing statement's bound parameters are a tenant's row (GIR, phone…). The engine is
built with ``hide_parameters=True`` and every DBAPI error is replaced, at the engine,
by a :class:`StorageError` that keeps only the cause (locked, read-only, constraint on
a table) — never the server's detail lines, which may quote the failing row.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from tournees.errors import DatabaseError

_KINDS = (
    (
        "locked",
        re.compile(r"database is locked|database table is locked|could not obtain lock|lock timeout|deadlock", re.I),
    ),
    ("readonly", re.compile(r"readonly database|read-only|read only|permission denied|unable to open database", re.I)),
    ("constraint", re.compile(r"constraint|violates|not null|unique|foreign key", re.I)),
    ("damaged", re.compile(r"not a database|malformed|disk image|file is encrypted", re.I)),
)
TEXT = {
    "locked": "la base {url} est verrouillée par un autre programme (un import ou un plan en cours ?) : "
    "réessayez quand il aura fini",
    "readonly": "la base {url} ne peut pas être écrite (lecture seule ou droits insuffisants)",
    "constraint": "une contrainte de la base {url} n'est pas respectée ({detail})",
    "damaged": "le fichier {url} n'est pas une base SQLite lisible (endommagé ou d'un autre format)",
    "other": "erreur de la base {url} ({detail})",
}
# What may be quoted from a driver's message: the first line, before any row or parameter dump.
_CUT = re.compile(r"\n|DETAIL|Failing row|\[SQL|\[parameters|\(Background|Key \(", re.I)


class StorageError(DatabaseError):
    """A database operation failed; ``kind`` is locked, readonly, constraint, damaged or other."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def scrubbed(text: str) -> str:
    """The part of a driver message that names a cause, never a value."""
    head = _CUT.split(text, maxsplit=1)[0].strip().rstrip(":").strip()
    return re.sub(r"'[^']*'|\"[^\"]*\"|\([^)]*\)=\([^)]*\)", "…", head)[:200]


def storage_error(original: BaseException, url: str) -> StorageError:
    text = str(original)
    kind = next((k for k, pattern in _KINDS if pattern.search(text)), "other")
    return StorageError(
        kind, TEXT[kind].format(url=_shown_url(url), detail=f"{type(original).__name__}: {scrubbed(text)}")
    )


def _shown_url(url: str) -> str:
    """A URL without its password."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as given, cut at the credentials
        return re.sub(r"//[^@/]*@", "//…@", url)


def install_failure_guard(engine: sa.Engine, url: str) -> None:
    """Replace every DBAPI error raised through ``engine`` by a :class:`StorageError`."""

    def replace(context: Any) -> None:
        original = context.original_exception
        if isinstance(original, DatabaseError):
            return
        if context.is_disconnect or not isinstance(context.sqlalchemy_exception, sa.exc.DBAPIError):
            return
        error = storage_error(original, url)
        original.args = (scrubbed(str(original)),)  # the chained cause printed under --debug carries no row either
        raise error

    sa.event.listen(engine, "handle_error", replace)
