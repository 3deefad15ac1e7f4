"""Accounts of the web application: argon2 password hashes, roles, landlords, and the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from tournees.db import Database
from tournees.db.schema import TABLES
from tournees.db.web_tables import ROLES, web_audit, web_user_landlords, web_user_staff, web_users
from tournees.errors import ValidationError

HASHER = PasswordHasher()
MIN_PASSWORD = 10
_DUMMY = HASHER.hash("not-a-password-of-anyone")  # compared against when the account does not exist (same time spent)


@dataclass(frozen=True)
class User:
    username: str
    role: str
    display_name: str
    landlords: frozenset[str]
    staff_id: str | None = None  # a staff account: the technician whose own day it sees

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def can_see(self, landlord_id: str | None) -> bool:
        """Tenant-level records: a planner's own landlords, everything for an administrator, nothing for an analyst."""
        return self.is_admin or (self.role == "planner" and landlord_id in self.landlords)

    def visible_landlords(self, every: Iterable[str]) -> list[str]:
        return sorted(x for x in every if self.can_see(x))


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def add_user(
    db: Database,
    username: str,
    password: str,
    role: str,
    landlords: Iterable[str] = (),
    display_name: str | None = None,
    staff_id: str | None = None,
) -> User:
    """Create an account; the rules are checked first (nothing written on a refusal)."""
    landlords = sorted(set(landlords))
    if not username or not username.replace("-", "").replace(".", "").replace("_", "").isalnum():
        raise ValidationError(f"identifiant « {username} » : lettres, chiffres, point, tiret ou souligné seulement")
    if role not in ROLES:
        raise ValidationError(f"rôle « {role} » inconnu ; rôles possibles : {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"mot de passe trop court : au moins {MIN_PASSWORD} caractères")
    if role == "planner" and not landlords:
        raise ValidationError("un compte planner doit avoir au moins un bailleur (--landlord)")
    if role != "planner" and landlords:
        raise ValidationError(f"le rôle {role} ne se rattache pas à un bailleur : retirez --landlord")
    if role == "staff" and not staff_id:
        raise ValidationError("un compte staff est celui d'un intervenant : donnez --staff-id (ex. TECH-1)")
    if role != "staff" and staff_id:
        raise ValidationError(f"le rôle {role} ne se rattache pas à un intervenant : retirez --staff-id")
    with db.engine.connect() as conn:  # the checks read apart: on SQLite a transaction that reads then writes is
        # refused at once when another one (the queue's worker) writes meanwhile
        known = set(conn.scalars(sa.select(TABLES["landlords"].c.landlord_id)))
        unknown = [x for x in landlords if x not in known]
        if unknown:
            raise ValidationError(f"bailleur(s) inconnu(s) dans la base : {', '.join(unknown)}")
        if conn.scalar(sa.select(web_users.c.username).where(web_users.c.username == username)) is not None:
            raise ValidationError(f"le compte « {username} » existe déjà")
        staff = TABLES["staff"]
        if staff_id and conn.scalar(sa.select(staff.c.staff_id).where(staff.c.staff_id == staff_id)) is None:
            raise ValidationError(f"intervenant « {staff_id} » inconnu dans la base (table staff)")
    hashed = HASHER.hash(password)  # (slow on purpose: not while holding the write lock)
    try:
        with db.engine.begin() as conn:
            conn.execute(
                web_users.insert().values(
                    username=username,
                    password_hash=hashed,
                    role=role,
                    display_name=display_name or username,
                    active=True,
                    created_at=now(),
                )
            )
            for landlord in landlords:
                conn.execute(web_user_landlords.insert().values(username=username, landlord_id=landlord))
            if staff_id:
                conn.execute(web_user_staff.insert().values(username=username, staff_id=staff_id))
            detail = f"role={role} landlords={','.join(landlords)}" + (f" staff={staff_id}" if staff_id else "")
            record(conn, "cli", "user_add", username, detail)
    except sa.exc.IntegrityError:  # created meanwhile by someone else
        raise ValidationError(f"le compte « {username} » existe déjà") from None
    return User(username, role, display_name or username, frozenset(landlords), staff_id)


def load_user(db: Database, username: str) -> User | None:
    with db.engine.connect() as conn:
        row = conn.execute(
            sa.select(web_users).where(web_users.c.username == username, web_users.c.active.is_(True))
        ).first()
        if row is None:
            return None
        landlords = frozenset(
            conn.scalars(sa.select(web_user_landlords.c.landlord_id).where(web_user_landlords.c.username == username))
        )
        staff_id = conn.scalar(sa.select(web_user_staff.c.staff_id).where(web_user_staff.c.username == username))
    return User(row.username, row.role, row.display_name, landlords, staff_id)


def list_users(db: Database) -> list[User]:
    with db.engine.connect() as conn:
        names = list(conn.scalars(sa.select(web_users.c.username).order_by(web_users.c.username)))
    return [u for name in names if (u := load_user(db, name)) is not None]


def authenticate(db: Database, username: str, password: str) -> User | None:
    """The account if the password matches its argon2 hash (the hash is refreshed when its parameters aged)."""
    with db.engine.connect() as conn:
        stored = conn.scalar(
            sa.select(web_users.c.password_hash).where(web_users.c.username == username, web_users.c.active.is_(True))
        )
    try:
        HASHER.verify(stored or _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if stored is None:
        return None
    if HASHER.check_needs_rehash(stored):
        with db.engine.begin() as conn:
            conn.execute(
                web_users.update().where(web_users.c.username == username).values(password_hash=HASHER.hash(password))
            )
    return load_user(db, username)


def record(conn: sa.Connection, username: str, action: str, target: str, detail: str = "") -> None:
    """One line of the audit trail: who changed what, when (never a tenant's personal data)."""
    conn.execute(web_audit.insert().values(at=now(), username=username, action=action, target=target, detail=detail))


def audit_lines(db: Database, limit: int = 200) -> list[sa.Row]:
    with db.engine.connect() as conn:
        return list(conn.execute(sa.select(web_audit).order_by(web_audit.c.audit_id.desc()).limit(limit)))
