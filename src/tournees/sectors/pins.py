"""``--pin FILE``: the residences a planner keeps in their sector (an exported residences.csv will do)."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from tournees.errors import Finding, InputError
from tournees.io.sources import read_source
from tournees.model.vocab import ID_PATTERN


def read_pins(path: Path, residences: Collection[str], landlords: Collection[str], lang: str) -> dict[str, str]:
    """Residence id → sector id for every row with a sector; every problem named by file, row and column."""
    tables, problems = read_source(Path(path))
    if problems:
        raise InputError(problems, lang)
    pins: dict[str, str] = {}
    seen: dict[str, int] = {}
    found: list[Finding] = []
    for table in tables:
        if "residence_id" not in table.header or "sector_id" not in table.header:
            found.append(Finding(table.label, None, None, "sector_pin_columns"))
            continue
        at_res, at_sec = table.header.index("residence_id"), table.header.index("sector_id")
        for row, cells in table.rows:
            rid = cells[at_res].strip() if at_res < len(cells) else ""
            sid = cells[at_sec].strip() if at_sec < len(cells) else ""
            if not sid:
                continue  # a residence without a sector is free
            if rid not in residences:
                found.append(Finding(table.label, row, "residence_id", "sector_pin_unknown",
                                     (("value", rid), ("landlords", ", ".join(sorted(landlords))))))
            elif not re.fullmatch(ID_PATTERN, sid):
                found.append(Finding(table.label, row, "sector_id", "sector_pin_bad_id", (("value", sid),)))
            elif rid in seen:
                found.append(Finding(table.label, row, "residence_id", "sector_pin_twice",
                                     (("value", rid), ("other_row", str(seen[rid])))))
            else:
                seen[rid] = row
                pins[rid] = sid
    if found:
        raise InputError(found, lang)
    return pins
