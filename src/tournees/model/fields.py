"""Column metadata for domain records: one declaration drives everything.

Each record field is declared once with :func:`col`. From that declaration come the
value checks (when a record is built and when a file is imported), the database
columns, the import/export templates and the documentation tables of the README.
Units are stated in the field name (``_min``, ``_s``, ``_m``, ``_eur``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from collections.abc import Collection, Iterator, Mapping
from dataclasses import MISSING, dataclass, field
from functools import cache
from typing import Any, ClassVar, NamedTuple

from tournees.errors import ValidationError

LIST_SEP = ";"
_TRUE = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
_FALSE = {"non", "n", "no", "faux", "false", "0"}
MAX_CELL = 10_000  # characters: far above any real address or note, far below a damaged file's single "cell"
MAX_INT_DIGITS = 18  # the database stores 64-bit integers (and Python refuses int() beyond 4300 digits)
# C0 controls but tab, line feed and carriage return: XML (hence xlsx) cannot hold them, and no planner types them
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Col:
    """How one field is documented, checked and stored."""

    doc_fr: str
    doc_en: str
    example: str
    unit: str | None = None
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    pattern_doc: tuple[str, str] | None = None
    ref: str | None = None  # name of the table whose id this field holds
    key: bool = False  # part of the record's identity
    sensitive: bool = False  # health or identity data: never on maps, sheets or logs


def col(
    doc_fr: str,
    doc_en: str,
    *,
    example: str,
    default: Any = MISSING,
    unit: str | None = None,
    choices: tuple[str, ...] | None = None,
    min: float | None = None,
    max: float | None = None,
    pattern: str | None = None,
    pattern_doc: tuple[str, str] | None = None,
    ref: str | None = None,
    key: bool = False,
    sensitive: bool = False,
) -> Any:
    """Declare a record field with its documentation and rules."""
    meta = Col(doc_fr, doc_en, example, unit, choices, min, max, pattern, pattern_doc, ref, key, sensitive)
    return field(default=default, metadata={"col": meta})


class Issue(NamedTuple):
    """A broken rule on one field of one record (located later by the importer)."""

    column: str | None
    rule: str
    params: tuple[tuple[str, str], ...] = ()


def issue(column: str | None, rule: str, /, **params: object) -> Issue:
    return Issue(column, rule, tuple((k, str(v)) for k, v in params.items()))


@dataclass(frozen=True)
class ColumnInfo:
    """A record field as a table column: its name, value kind and rules."""

    name: str
    kind: str  # str, int, float, bool, date, time, datetime, list
    optional: bool
    meta: Col

    @property
    def required(self) -> bool:
        return not self.optional

    def type_label(self, lang: str = "fr") -> str:
        fr = {
            "str": "texte",
            "int": "entier",
            "float": "nombre",
            "bool": "oui/non",
            "date": "date AAAA-MM-JJ",
            "time": "heure HH:MM",
            "datetime": "date-heure AAAA-MM-JJTHH:MM:SS",
            "list": "liste séparée par ;",
        }
        en = {
            "str": "text",
            "int": "integer",
            "float": "number",
            "bool": "yes/no",
            "date": "date YYYY-MM-DD",
            "time": "time HH:MM",
            "datetime": "date-time YYYY-MM-DDTHH:MM:SS",
            "list": "list separated by ;",
        }
        return (en if lang == "en" else fr)[self.kind]


_KINDS: dict[Any, str] = {
    str: "str",
    int: "int",
    float: "float",
    bool: "bool",
    dt.date: "date",
    dt.time: "time",
    dt.datetime: "datetime",
    tuple[str, ...]: "list",
}


def _kind_of(hint: Any) -> tuple[str, bool]:
    optional = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional = len(args) < len(typing.get_args(hint))
        hint = args[0]
    if hint not in _KINDS:
        raise TypeError(f"unsupported field type {hint!r}")
    return _KINDS[hint], optional


def columns(cls: type) -> tuple[ColumnInfo, ...]:
    """The columns of a record class, in declaration order."""
    return _columns(cls)


@cache
def _columns(cls: Any) -> tuple[ColumnInfo, ...]:  # Any: mypy does not see a record class as hashable
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if "col" not in f.metadata:
            continue
        kind, optional = _kind_of(hints[f.name])
        out.append(ColumnInfo(f.name, kind, optional, f.metadata["col"]))
    return tuple(out)


class CellError(ValueError):
    """A cell's text cannot become a value of its column's kind."""

    def __init__(self, rule: str, /, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = tuple((k, str(v)) for k, v in params.items())


def parse_cell(info: ColumnInfo, raw: str | None) -> Any:
    """Turn the text of a cell into a value of the column's kind.

    An empty cell is ``None`` (the caller decides whether that is allowed).
    Decimal commas are accepted, as French spreadsheets write them.
    """
    text = "" if raw is None else str(raw)
    if len(text) > MAX_CELL:
        raise CellError("sec_cell_too_long", size=_spaced(len(text)), limit=_spaced(MAX_CELL))
    if found := control_issue(None, text):
        raise CellError(found.rule, **dict(found.params))
    text = text.strip()
    if text == "":
        return () if info.kind == "list" and not info.optional else None
    kind = info.kind
    if kind == "str":
        return text
    if kind == "int":
        if not re.fullmatch(r"[+-]?[0-9]+", text):  # not \d: "１２" or "١٢" must not become 12
            raise CellError("not_int", value=text)
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise CellError("int_too_long", digits=len(text.lstrip("+-")), limit=MAX_INT_DIGITS)
        return int(text)
    if kind == "float":
        clean = text.replace(",", ".").replace("\u202f", "").replace(" ", "")
        try:
            if not clean.isascii():  # float() reads full-width and Arabic-Indic digits
                raise ValueError(clean)
            value = float(clean)
        except ValueError:
            raise CellError("not_float", value=text) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("not_float", value=text)
        return value
    if kind == "bool":
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise CellError("not_bool", value=text)
    if kind == "date":
        try:
            return (
                dt.date.fromisoformat(text)
                if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)
                else _bad("not_date", text)
            )
        except ValueError:
            raise CellError("not_date", value=text) from None
    if kind == "time":
        m = re.fullmatch(r"([0-9]{1,2})[:hH]([0-9]{2})(?::00)?", text)
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            raise CellError("not_time", value=text)
        return dt.time(int(m.group(1)), int(m.group(2)))
    if kind == "datetime":
        try:
            if not text.isascii():
                raise ValueError(text)
            return dt.datetime.fromisoformat(text)
        except ValueError:
            raise CellError("not_datetime", value=text) from None
    items = tuple(part.strip() for part in text.split(LIST_SEP))
    if any(not part for part in items):
        raise CellError("bad_separator", value=text)
    return items


def _spaced(n: int) -> str:
    return f"{n:,}".replace(",", " ")  # 10 000, as French (and our English messages) group digits


def _bad(rule: str, text: str) -> Any:
    raise CellError(rule, value=text)


def format_cell(info: ColumnInfo, value: Any) -> str:
    """The text written in a template or export cell; :func:`parse_cell` reads it back."""
    if value is None:
        return ""
    kind = info.kind
    if kind == "bool":
        return "oui" if value else "non"
    if kind == "float":
        return repr(float(value))
    if kind == "time":
        return value.strftime("%H:%M")
    if kind in ("date", "datetime"):
        return value.isoformat()
    if kind == "list":
        return LIST_SEP.join(value)
    return str(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def control_issue(column: str | None, text: str) -> Issue | None:
    """The first control character of ``text``, located (a record built in code is held to the same rule)."""
    bad = CONTROL_CHARS.search(text)
    if bad is None:
        return None
    return issue(column, "control_char", code=f"U+{ord(bad.group()):04X}", position=bad.start() + 1)


def check_value(info: ColumnInfo, value: Any) -> list[Issue]:
    """The rules of one column broken by an already typed value."""
    meta = info.meta
    name = info.name
    if value is None or (info.kind == "list" and value == () and not info.optional):
        if info.required and info.kind != "list":
            return [issue(name, "required")]
        return []
    found: list[Issue] = []
    values = value if info.kind == "list" else (value,)
    if info.kind == "list" and any((not v) or LIST_SEP in v for v in values):
        found.append(issue(name, "bad_separator", value=LIST_SEP.join(values)))
    for v in values:
        if isinstance(v, str) and (control := control_issue(name, v)):
            found.append(control)
        if meta.choices is not None and v not in meta.choices:
            found.append(issue(name, "not_choice", value=v, choices=", ".join(meta.choices)))
        if meta.min is not None and isinstance(v, (int, float)) and v < meta.min:
            found.append(issue(name, "below_min", value=_number(v), min=_number(meta.min)))
        if meta.max is not None and isinstance(v, (int, float)) and v > meta.max:
            found.append(issue(name, "above_max", value=_number(v), max=_number(meta.max)))
        if meta.pattern is not None and isinstance(v, str) and not re.fullmatch(meta.pattern, v, re.ASCII):
            rule = meta.pattern_doc[0] if meta.pattern_doc else meta.pattern
            found.append(issue(name, "bad_pattern", value=v, rule=rule))
    return found


class Record:
    """Base of every domain record: checks its fields and rules when built.

    Subclasses are dataclasses whose fields come from :func:`col`; they may add
    rules that involve several fields in :meth:`cross_rules`.
    """

    table: ClassVar[str]  # table name, also the CSV file and Excel sheet name
    label_fr: ClassVar[str]
    label_en: ClassVar[str]

    def __post_init__(self) -> None:
        found = self.issues_of(vars(self))
        if found:
            first = found[0]
            from tournees.i18n import rule_text

            text = rule_text(first.rule, "fr", **dict(first.params))
            key = "/".join(str(k) for k in self.record_key())
            raise ValidationError(f"{type(self).__name__} {key} : {first.column} : {text}")

    @classmethod
    def issues_of(cls, values: Mapping[str, Any], refused: Collection[str] = ()) -> list[Issue]:
        """Every rule broken by a mapping of typed values (field rules, then cross rules).

        Columns in ``refused`` were already reported (a cell that could not be read) and are not
        checked again; a rule between fields that reads a column with a problem waits until it is fixed,
        while the others are still reported, so that a file shows all its problems at once.
        """
        checked = [info for info in columns(cls) if info.name not in refused]
        found = [i for info in checked for i in check_value(info, values.get(info.name))]
        broken = set(refused) | {i.column for i in found if i.column}
        try:
            found.extend(cls.cross_rules(_Unbroken(values, broken)))
        except _ReadsBroken:
            pass
        return found

    @classmethod
    def cross_rules(cls, values: Mapping[str, Any]) -> list[Issue]:
        """Rules between fields; overridden where a record has any."""
        return []

    @classmethod
    def key_columns(cls) -> tuple[str, ...]:
        return tuple(c.name for c in columns(cls) if c.meta.key)

    def record_key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, k) for k in self.key_columns())


class _ReadsBroken(Exception):
    """A rule between fields read a column that already has a problem."""


class _Unbroken(Mapping[str, Any]):
    """The values a rule between fields may read: reading a column with a problem stops that rule."""

    def __init__(self, values: Mapping[str, Any], broken: set[str]) -> None:
        self._values, self._broken = values, broken

    def __getitem__(self, key: str) -> Any:
        if key in self._broken:
            raise _ReadsBroken(key)
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


# --- shared rule helpers -------------------------------------------------------


def order_issue(values: Mapping[str, Any], first: str, second: str, *, strict: bool = True) -> list[Issue]:
    """``first`` must come before ``second`` when both are given."""
    a, b = values.get(first), values.get(second)
    if a is None or b is None:
        return []
    if a < b or (not strict and a == b):
        return []
    return [issue(second, "time_order", first=first, first_value=_show(a), second=second, second_value=_show(b))]


def coords_issue(values: Mapping[str, Any]) -> list[Issue]:
    """Latitude and longitude are given together or not at all."""
    if (values.get("lat") is None) != (values.get("lon") is None):
        return [issue("lon" if values.get("lon") is None else "lat", "coords_pair")]
    return []


def _show(value: Any) -> str:
    return value.strftime("%H:%M") if isinstance(value, dt.time) else str(value)
