"""Database tables derived from the record declarations, and the ORM mapping.

Portable types only (no SQLite-specific feature), so the same schema serves
PostgreSQL. Lists are stored as ``;``-joined text, as in the CSV templates.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import registry

from tournees.model import ALL_TABLES, BY_TABLE, Record, columns, id_column
from tournees.model.fields import LIST_SEP, ColumnInfo


class SeparatedList(sa.types.TypeDecorator[tuple[str, ...]]):
    """A tuple of short codes stored as ``a;b;c`` text."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else LIST_SEP.join(value)

    def process_result_value(self, value: Any, dialect: Any) -> tuple[str, ...]:
        return tuple(value.split(LIST_SEP)) if value else ()


_SA_TYPES: dict[str, Any] = {
    "str": sa.Text,
    "int": sa.Integer,
    "float": sa.Float,
    "bool": sa.Boolean,
    "date": sa.Date,
    "time": sa.Time,
    "datetime": sa.DateTime,
    "list": SeparatedList,
}

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING)


def _column(info: ColumnInfo) -> sa.Column[Any]:
    args: list[Any] = [_SA_TYPES[info.kind]()]
    if info.meta.ref is not None:
        target = BY_TABLE[info.meta.ref]
        args.append(sa.ForeignKey(f"{target.table}.{id_column(target)}"))
    return sa.Column(info.name, *args, primary_key=info.meta.key, nullable=info.optional)


def table_for(cls: type[Record]) -> sa.Table:
    return sa.Table(cls.table, metadata, *[_column(info) for info in columns(cls)])


TABLES: dict[str, sa.Table] = {cls.table: table_for(cls) for cls in ALL_TABLES}

mapper_registry = registry(metadata=metadata)
for _cls in ALL_TABLES:
    mapper_registry.map_imperatively(_cls, TABLES[_cls.table])
