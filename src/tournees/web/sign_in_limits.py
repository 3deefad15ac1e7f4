"""Limits on failed sign-ins, kept in the database so that every web process applies the same ones.

- Per account: five failures in a row are free; then each new try waits a delay that doubles (15 s, 30 s, 1 min…)
  up to 5 minutes, and a success clears it. Someone guessing a password gets a few tries an hour, and the real user
  waits minutes at most, never is locked out.
- Per client address (see :func:`tournees.web.context.client_address`): 20 failures in 10 minutes, any account, make
  that address wait until the oldest of them is 10 minutes old.

A refused try is not even checked (and not counted). Failures older than a day are forgotten.
"""

from __future__ import annotations

import datetime as dt
import math

import sqlalchemy as sa

from tournees.db import Database
from tournees.db.web_tables import web_sign_in_failures as failures
from tournees.web.sessions import utcnow

FREE_FAILURES = 5
FIRST_DELAY = dt.timedelta(seconds=15)
LONGEST_DELAY = dt.timedelta(minutes=5)
ADDRESS_FAILURES = 20
ADDRESS_WINDOW = dt.timedelta(minutes=10)
FORGOTTEN_AFTER = dt.timedelta(days=1)


def account_delay(failures_in_a_row: int) -> dt.timedelta:
    """The wait after that many failures in a row on one account."""
    if failures_in_a_row < FREE_FAILURES:
        return dt.timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures_in_a_row - FREE_FAILURES, 16), LONGEST_DELAY)


def wait_seconds(db: Database, username: str, address: str) -> int:
    """Seconds before this account may try again from this address (0: it may now)."""
    now, name = utcnow(), username.lower()
    with db.engine.connect() as conn:
        count, last = conn.execute(
            sa.select(sa.func.count(), sa.func.max(failures.c.at)).where(
                failures.c.username == name, failures.c.at > now - FORGOTTEN_AFTER
            )
        ).one()
        recent = list(
            conn.scalars(
                sa.select(failures.c.at)
                .where(failures.c.address == address, failures.c.at > now - ADDRESS_WINDOW)
                .order_by(failures.c.at.desc())
                .limit(ADDRESS_FAILURES)
            )
        )
    until = [last + account_delay(count)] if last is not None and count >= FREE_FAILURES else []
    if len(recent) >= ADDRESS_FAILURES:
        until.append(recent[-1] + ADDRESS_WINDOW)
    left = max(until, default=now) - now
    return max(0, math.ceil(left.total_seconds()))


def failed(db: Database, username: str, address: str) -> None:
    now = utcnow()
    with db.engine.begin() as conn:
        conn.execute(failures.delete().where(failures.c.at <= now - FORGOTTEN_AFTER))
        conn.execute(failures.insert().values(username=username.lower(), address=address, at=now))


def succeeded(db: Database, username: str) -> None:
    """The account's failures are forgotten (only the ones on it: knowing its password says nothing of the others)."""
    with db.engine.begin() as conn:
        conn.execute(failures.delete().where(failures.c.username == username.lower()))
