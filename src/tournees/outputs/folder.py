"""A plan folder read back: its routes in order, for maps and sheets."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RouteRows:
    resource_id: str
    date: str
    rows: list[dict[str, str]]  # visits.csv rows of the route, in order

    @property
    def stops(self) -> list[dict[str, str]]:
        return [r for r in self.rows if r["kind"] in ("visit", "session")]


@dataclass
class PlanFolder:
    path: Path
    plan: dict[str, Any]
    routes: list[RouteRows]
    appointments: list[dict[str, str]] = field(default_factory=list)  # écrivain: appointments.csv
    unassigned: list[dict[str, str]] = field(default_factory=list)

    def by_resource(self) -> dict[str, list[RouteRows]]:
        """The routes of each resource, in date order (resources in id order)."""
        found: dict[str, list[RouteRows]] = {}
        for route in sorted(self.routes, key=lambda r: (r.resource_id, r.date)):
            found.setdefault(route.resource_id, []).append(route)
        return found

    @property
    def service(self) -> str:
        return str(self.plan.get("service", ""))

    @classmethod
    def read(cls, folder: str | Path) -> PlanFolder:
        path = Path(folder)
        plan = json.loads((path / "plan.json").read_text(encoding="utf-8"))
        with (path / "visits.csv").open(encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
        routes: dict[tuple[str, str], list[dict[str, str]]] = {}
        for row in rows:
            routes.setdefault((row["resource_id"], row["date"]), []).append(row)
        ordered = [
            RouteRows(r, d, sorted(rs, key=lambda x: int(x["seq"])))
            for (r, d), rs in sorted(routes.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        ]
        return cls(path, plan, ordered, _read(path / "appointments.csv"), _read(path / "unassigned.csv"))


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))
