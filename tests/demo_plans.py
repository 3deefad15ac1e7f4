"""A compact digest of the demo plans: task ids per resource and day, in visiting order.

The fixture ``tests/fixtures/demo_plans.json`` holds the digest of the three demo plans; the test
``tests/test_demo_plans.py`` checks that ``tournees demo`` still gives those visits. When a change
to the rules or the engine is meant to change the plans, regenerate it and commit the diff:

    TOURNEES_DATA_DIR=../shared/data .venv/bin/python -m tests.demo_plans --write
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from pathlib import Path

FIXTURE = Path(__file__).with_name("fixtures") / "demo_plans.json"
SERVICES = ("bricolage", "ecrivain", "epicerie", "referent")


def digest(folder: Path) -> dict[str, object]:
    """``{"visits": {"resource date": [task ids in order]}, "left_out": [task ids]}`` of one plan folder."""
    with (folder / "visits.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["task_id"]]
    visits: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: (r["resource_id"], r["date"], int(r["seq"]))):
        visits.setdefault(f"{row['resource_id']} {row['date']}", []).append(row["task_id"])
    with (folder / "unassigned.csv").open(encoding="utf-8") as fh:
        left = sorted(r["task_id"] for r in csv.DictReader(fh))
    return {"visits": visits, "left_out": left}


def demo_digest(out: Path) -> dict[str, object]:
    return {service: digest(out / service) for service in SERVICES}


def main(argv: list[str]) -> int:
    from tournees.cli import main as tournees

    with tempfile.TemporaryDirectory() as tmp:
        code = tournees(["demo", "--db", f"{tmp}/demo.sqlite", "--out", f"{tmp}/demo"])
        if code:
            return code
        found = demo_digest(Path(tmp) / "demo")
    text = json.dumps(found, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if "--write" in argv:
        FIXTURE.write_text(text, encoding="utf-8")
        print(f"written {FIXTURE}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
