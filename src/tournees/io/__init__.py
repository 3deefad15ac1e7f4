"""Spreadsheet-friendly import and export of the programme tables (CSV and xlsx)."""

from tournees.io.exporter import export_tables, write_templates
from tournees.io.importer import ImportReport, import_path, validate_path

__all__ = ["ImportReport", "export_tables", "import_path", "validate_path", "write_templates"]
