"""Storage of the programme's records: SQLite by default, any SQLAlchemy URL."""

from tournees.db import web_tables  # noqa: F401  (the web application's tables belong to the same schema)
from tournees.db.database import SCHEMA_HEAD, Database, DatabaseNotFound

__all__ = ["Database", "DatabaseNotFound", "SCHEMA_HEAD"]
