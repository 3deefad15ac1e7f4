"""Typed cells and record rules."""

from __future__ import annotations

import datetime as dt

import pytest

from tournees.errors import ValidationError
from tournees.model import BricolageRequest, Staff, Tenant, columns, move_status
from tournees.model.fields import CellError, format_cell, parse_cell
from tournees.model.plans import PlanStep


def _col(cls, name):
    return next(c for c in columns(cls) if c.name == name)


@pytest.mark.parametrize(
    ("cls", "name", "text", "value"),
    [
        (Tenant, "birth_year", " 1941 ", 1941),
        (Tenant, "isolated", "Oui", True),
        (Tenant, "isolated", "0", False),
        (Tenant, "gir", "", None),
        (Staff, "shift_start", "8h30", dt.time(8, 30)),
        (Staff, "shift_start", "08:30:00", dt.time(8, 30)),
        (Staff, "weekly_hours", "17,5", 17.5),  # French decimal comma
        (Staff, "skills", "plomberie; electricite", ("plomberie", "electricite")),
        (Staff, "skills", "", ()),
        (PlanStep, "arrival", "2026-11-24T09:12:00", dt.datetime(2026, 11, 24, 9, 12)),
    ],
)
def test_parse_cell(cls, name: str, text: str, value: object) -> None:
    assert parse_cell(_col(cls, name), text) == value


@pytest.mark.parametrize(
    ("cls", "name", "text", "rule"),
    [
        (PlanStep, "arrival", "24/11/2026 9h", "not_datetime"),
        (Tenant, "birth_year", "1941.5", "not_int"),
        (Staff, "weekly_hours", "nan", "not_float"),
        (BricolageRequest, "received_on", "2026-02-30", "not_date"),
        (Staff, "shift_start", "12:60", "not_time"),
    ],
)
def test_parse_cell_rejects(cls, name: str, text: str, rule: str) -> None:
    with pytest.raises(CellError) as info:
        parse_cell(_col(cls, name), text)
    assert info.value.rule == rule


@pytest.mark.parametrize("name", ["birth_year", "isolated", "gir", "mobility"])
def test_format_then_parse_is_identity(name: str) -> None:
    tenant = Tenant(tenant_id="L1", residence_id="R1", birth_year=1941, sex="F", gir=3, isolated=True)
    info = _col(Tenant, name)
    assert parse_cell(info, format_cell(info, getattr(tenant, name))) == getattr(tenant, name)


def test_records_check_themselves_when_built() -> None:
    with pytest.raises(ValidationError, match="gir"):
        Tenant(tenant_id="L1", residence_id="R1", birth_year=1941, sex="F", gir=9)
    with pytest.raises(ValidationError, match="pause"):
        Staff(staff_id="T", service="bricolage", label="T", depot_id="D", lunch_start=dt.time(7))
    with pytest.raises(ValidationError, match="received_on"):
        BricolageRequest(request_id="B", tenant_id="L", type_id="X", received_on=dt.date(2026, 11, 20), due_on=dt.date(2026, 11, 1))


def test_status_life_cycle() -> None:
    req = BricolageRequest(request_id="B", tenant_id="L", type_id="X", received_on=dt.date(2026, 11, 20))
    planned = move_status(req, "planned")
    confirmed = move_status(planned, "confirmed")
    assert move_status(confirmed, "done").status == "done"
    assert move_status(confirmed, "no_show").status == "no_show"
    with pytest.raises(ValidationError, match="impossible"):
        move_status(req, "done")  # a request cannot be done before it is planned and confirmed
    with pytest.raises(ValidationError):
        move_status(move_status(confirmed, "done"), "planned")  # done is final
