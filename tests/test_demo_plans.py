"""The demo plans keep their visits: a refactor must not change what the three services plan.

When a change is meant to change the plans (rules, engine), regenerate the fixture and commit
its diff with the change (see ``tests/demo_plans.py``):

    TOURNEES_DATA_DIR=../shared/data .venv/bin/python -m tests.demo_plans --write

The écrivain's calendar (deterministic CP-SAT budget) and the épicerie's pattern are compared
visit by visit, in order. The bricol'âge week is solved by the engine under a wall-clock limit,
so on a loaded machine the same requests may come in another order or on another day (the
engine's own ``test_same_seed_same_plan`` shows the same): for it the requests served and those
left out are compared. Tighten it to the order once the engine stops on a deterministic budget.
"""

from __future__ import annotations

import json

from tests.demo_plans import FIXTURE, SERVICES, demo_digest

IN_ORDER = ("ecrivain", "epicerie")


def _served(digest: dict) -> list[str]:
    return sorted(task for tasks in digest["visits"].values() for task in tasks)


def test_demo_plans_keep_their_visits(demo_run) -> None:
    assert demo_run.code == 0, demo_run.stderr
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    found = demo_digest(demo_run.out)
    changed = []
    for service in SERVICES:
        if service in IN_ORDER and found[service] != expected[service]:
            changed.append(f"{service}: visits per resource and day")
        if found[service]["left_out"] != expected[service]["left_out"]:
            changed.append(f"{service}: tasks left out")
        if _served(found[service]) != _served(expected[service]):
            changed.append(f"{service}: tasks served")
    assert not changed, f"the demo plans changed ({'; '.join(changed)}): regenerate the fixture if meant"
