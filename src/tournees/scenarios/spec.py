"""A sweep file (TOML) read and checked: the base, and the scenarios of a grid and of a list.

::

    [base]
    database = "var/demo.sqlite"   # relative to the sweep file
    service = "bricolage"
    first_week = "2026-W48"
    weeks = 2
    time_limit = 2.0               # seconds of search per plan (each re-plan too)

    [grid]                         # every combination
    technicians = [1, 2, 3]
    slot_hours = [2.0, 3.0]

    [[scenarios]]                  # and scenarios of their own
    name = "demande +50 %"
    demand_factor = 1.5

Every problem stops the sweep before anything runs, naming the file, the key and the rule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tournees.calendar import parse_week
from tournees.errors import ValidationError
from tournees.i18n import t
from tournees.services import registry
from tournees.settings import Settings

WORKDAYS = ("lun", "mar", "mer", "jeu", "ven")
MAX_SCENARIOS = 10_000
# Options a sweep sets for all its plans: a scenario may not change them.
BASE_OPTIONS = {"time_limit_s", "seed", "workers", "weeks"}


@dataclass(frozen=True)
class Base:
    """What every scenario of a sweep starts from."""

    database: Path
    service: str
    first_week: str  # ISO week label, e.g. 2026-W48
    weeks: int = 1
    time_limit_s: float = 2.0  # seconds of search per plan and re-plan
    seed: int = 0
    replan_days: tuple[str, ...] = ("mar", "jeu")  # re-plans within each week, so urgent insertion is measured
    simulate_runs: int = 100  # delay simulation behind the share of slots held (0: none)
    staff_eur_month: float = 3_000.0  # euros a month a resource's staff costs when the catalogue has no pay line

    @property
    def first_monday(self) -> dt.date:
        return parse_week(self.first_week)


@dataclass(frozen=True)
class Scenario:
    """One scenario: a name and its changes to the base (data changes and service options)."""

    name: str
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sweep:
    base: Base
    scenarios: tuple[Scenario, ...]
    source: str = "<python>"  # the sweep file, for messages


def _bad(file: str, key: str, rule: str, lang: str | None, **params: Any) -> ValidationError:
    return ValidationError(t("scen_bad", lang, file=file, key=key, rule=t(rule, lang, **params)))


Check = Callable[[Any], Any]  # the value as used, or ValueError/TypeError with the rule as its first argument


def _int(low: int, high: int) -> Check:
    def check(v: Any) -> int:
        if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
            raise ValueError("scen_rule_int", {"low": low, "high": high})
        return v
    return check


def _number(low: float, high: float) -> Check:
    def check(v: Any) -> float:
        if isinstance(v, bool) or not isinstance(v, int | float) or not low <= v <= high:
            raise ValueError("scen_rule_number", {"low": low, "high": high})
        return float(v)
    return check


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("scen_rule_bool", {})
    return v


def _text(v: Any) -> str:
    if not isinstance(v, str) or not v.strip():
        raise ValueError("scen_rule_text", {})
    return v.strip()


def _texts(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
        raise ValueError("scen_rule_texts", {})
    return tuple(x.strip() for x in v)


def _days(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(x in WORKDAYS for x in v):
        raise ValueError("scen_rule_days", {"allowed": ", ".join(WORKDAYS)})
    return tuple(sorted(set(v), key=WORKDAYS.index))


_HHMM = re.compile(r"([01]\d|2[0-3]):([0-5]\d)", re.ASCII)


def _shift(v: Any) -> str:
    parts = v.split("-") if isinstance(v, str) else []
    if len(parts) != 2 or not all(_HHMM.fullmatch(p.strip()) for p in parts) or parts[0].strip() >= parts[1].strip():
        raise ValueError("scen_rule_shift", {})
    return f"{parts[0].strip()}-{parts[1].strip()}"


def _date(v: Any) -> dt.date:
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise ValueError("scen_rule_absences", {})


def _absences(v: Any) -> tuple[tuple[str, str, str], ...]:
    """(resource id, first day, last day) with ISO dates: hashable and the same in a cache key."""
    if not isinstance(v, list):
        raise ValueError("scen_rule_absences", {})
    out = []
    for item in v:
        if not isinstance(item, dict) or set(item) != {"resource_id", "first_day", "last_day"}:
            raise ValueError("scen_rule_absences", {})
        first, last = _date(item["first_day"]), _date(item["last_day"])
        if not isinstance(item["resource_id"], str) or last < first:
            raise ValueError("scen_rule_absences", {})
        out.append((item["resource_id"], first.isoformat(), last.isoformat()))
    return tuple(out)


# Data changes a scenario may make to its copy of the base (see tournees.scenarios.changes).
DATA_CHANGES: dict[str, Check] = {
    "technicians": _int(1, 200),  # resources of the service (technicians, writers, vans)
    "vans": _int(1, 200),
    "shift": _shift,
    "absences": _absences,
    "sector_pass_weeks": _int(1, 12),
    "sector_passes": _bool,
    "demand_factor": _number(0.0, 20.0),
    "requests_per_week": _number(0.0, 100_000.0),
    "urgent_share": _number(0.0, 1.0),
    "landlords": _texts,
}
BRICOLAGE_ONLY = {"requests_per_week", "urgent_share", "sector_pass_weeks", "sector_passes"}

BASE_KEYS: dict[str, Check] = {
    "database": _text,
    "service": _text,
    "first_week": _text,
    "weeks": _int(1, 52),
    "time_limit": _number(0.1, 3600.0),
    "seed": _int(0, 2**31 - 1),
    "replan_days": _days,
    "simulate_runs": _int(0, 10_000),
    "staff_eur_month": _number(0.0, 1_000_000.0),
}


def _checked(check: Check, value: Any, file: str, key: str, lang: str | None) -> Any:
    try:
        return check(value)
    except (ValueError, TypeError) as err:
        rule, params = err.args if len(err.args) == 2 else ("scen_rule_text", {})
        raise _bad(file, key, rule, lang, **params) from None


def _base(raw: Any, file: str, folder: Path, lang: str | None) -> Base:
    if not isinstance(raw, dict):
        raise _bad(file, "base", "scen_rule_table", lang, table="base")
    unknown = sorted(set(raw) - set(BASE_KEYS))
    if unknown:
        raise _bad(file, f"base.{unknown[0]}", "scen_rule_unknown_key", lang, allowed=", ".join(BASE_KEYS))
    for key in ("database", "service", "first_week"):
        if key not in raw:
            raise _bad(file, f"base.{key}", "scen_rule_required", lang)
    values = {k: _checked(BASE_KEYS[k], v, file, f"base.{k}", lang) for k, v in raw.items()}
    path = Path(values["database"]).expanduser()
    path = path if path.is_absolute() else folder / path
    if not path.is_file():
        raise _bad(file, "base.database", "scen_rule_database", lang, path=path)
    if values["service"] not in registry.codes():
        raise _bad(file, "base.service", "scen_rule_service", lang, allowed=", ".join(registry.codes()))
    try:
        parse_week(values["first_week"])
    except (ValidationError, ValueError):
        raise _bad(file, "base.first_week", "scen_rule_week", lang) from None
    return Base(
        database=path, service=values["service"], first_week=values["first_week"].upper(),
        weeks=values.get("weeks", 1), time_limit_s=values.get("time_limit", 2.0), seed=values.get("seed", 0),
        replan_days=values.get("replan_days", Base.replan_days), simulate_runs=values.get("simulate_runs", 100),
        staff_eur_month=values.get("staff_eur_month", Base.staff_eur_month),
    )


def option_fields(service: str) -> dict[str, Any]:
    """The service's own parameters a scenario may set (its ``[service]`` table of tournees.toml)."""
    params = registry.get(service).params_type
    if params is None:
        return {}
    return {f.name: f for f in dataclasses.fields(params) if f.name not in BASE_OPTIONS}


def check_options(service: str, options: Mapping[str, Any], where: str, lang: str | None) -> None:
    """The options as the service reads them from its table of the settings file, with the same rules."""
    params = registry.get(service).params_type
    if not options or params is None or not hasattr(params, "from_settings"):
        return
    settings = Settings(sections={service: dict(options)}, config_file=where, lang=lang or "fr")
    params.from_settings(settings)


def _changes(raw: Mapping[str, Any], base: Base, file: str, where: str, lang: str | None) -> dict[str, Any]:
    options = option_fields(base.service)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "name":
            continue
        if key in BASE_OPTIONS:
            raise _bad(file, f"{where}.{key}", "scen_rule_in_base", lang)
        if key in DATA_CHANGES:
            if key in BRICOLAGE_ONLY and base.service != "bricolage":
                raise _bad(file, f"{where}.{key}", "scen_rule_bricolage_only", lang)
            out[key] = _checked(DATA_CHANGES[key], value, file, f"{where}.{key}", lang)
        elif key in options:
            out[key] = value
        else:
            allowed = ", ".join(["name", *DATA_CHANGES, *sorted(options)])
            raise _bad(file, f"{where}.{key}", "scen_rule_unknown_key", lang, allowed=allowed)
    option_values = {k: v for k, v in out.items() if k in options}
    prefix = f"[{base.service}]"
    try:
        check_options(base.service, option_values, "", lang)
    except ValidationError as err:  # the service's own rule, said for the keys of this scenario
        detail = str(err).split(f"{prefix} : ", 1)[-1]
        keys = "/".join(f"{where}.{k}" for k in option_values)
        raise _bad(file, keys, "scen_rule_option", lang, detail=detail) from None
    return out


def _name(changes: Mapping[str, Any]) -> str:
    def shown(v: Any) -> str:
        return ";".join(map(str, v)) if isinstance(v, tuple | list) else str(v)
    return ", ".join(f"{k}={shown(v)}" for k, v in changes.items()) or "base"


def sweep_from_mapping(raw: Mapping[str, Any], *, file: str = "<python>", folder: Path | None = None,
                       lang: str | None = None) -> Sweep:
    """A sweep from the TOML's tables (or the same mapping built in Python), checked."""
    folder = folder or Path.cwd()
    unknown = sorted(set(raw) - {"base", "grid", "scenarios"})
    if unknown:
        raise _bad(file, unknown[0], "scen_rule_unknown_table", lang)
    if "base" not in raw:
        raise _bad(file, "base", "scen_rule_required", lang)
    base = _base(raw["base"], file, folder, lang)
    grid = raw.get("grid", {})
    if not isinstance(grid, dict):
        raise _bad(file, "grid", "scen_rule_table", lang, table="grid")
    for key, values in grid.items():
        if not isinstance(values, list) or not values:
            raise _bad(file, f"grid.{key}", "scen_rule_grid", lang)
    listed = raw.get("scenarios", [])
    if not isinstance(listed, list) or not all(isinstance(s, dict) for s in listed):
        raise _bad(file, "scenarios", "scen_rule_table", lang, table="[scenarios]")
    n = len(listed) + (int(__import__("math").prod(len(v) for v in grid.values())) if grid else 0)
    if n > MAX_SCENARIOS:
        raise _bad(file, "grid", "scen_rule_too_many", lang, n=n, limit=MAX_SCENARIOS)
    scenarios: list[Scenario] = []
    if grid:
        keys = list(grid)
        for combo in itertools.product(*(grid[k] for k in keys)):
            changes = _changes(dict(zip(keys, combo, strict=True)), base, file, "grid", lang)
            scenarios.append(Scenario(_name(changes), changes))
    for i, item in enumerate(listed):
        where = f"scenarios[{i + 1}]"
        changes = _changes(item, base, file, where, lang)
        name = _checked(_text, item["name"], file, f"{where}.name", lang) if "name" in item else _name(changes)
        scenarios.append(Scenario(name, changes))
    if not scenarios:
        scenarios.append(Scenario("base", {}))
    seen: set[str] = set()
    for s in scenarios:
        if s.name in seen:
            raise _bad(file, s.name, "scen_rule_duplicate", lang)
        seen.add(s.name)
    return Sweep(base, tuple(scenarios), file)


def load_sweep(path: str | Path, lang: str | None = None) -> Sweep:
    """The sweep of a TOML file; a problem raises :class:`ValidationError` naming the file, the key and the rule."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ValidationError(t("scen_missing_file", lang, file=path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as err:
        raise ValidationError(t("scen_unreadable", lang, file=path, detail=err)) from None
    return sweep_from_mapping(raw, file=str(path), folder=path.parent, lang=lang)
