"""Storage of the programme's records: SQLite by default, any SQLAlchemy URL."""

from tournees.db.database import SCHEMA_HEAD, Database, DatabaseNotFound

__all__ = ["Database", "DatabaseNotFound", "SCHEMA_HEAD"]
