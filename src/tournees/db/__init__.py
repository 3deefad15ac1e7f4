"""Storage of the programme's records: SQLite by default, any SQLAlchemy URL."""

from tournees.db.database import SCHEMA_HEAD, Database

__all__ = ["Database", "SCHEMA_HEAD"]
