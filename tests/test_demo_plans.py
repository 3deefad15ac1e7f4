"""The demo plans keep their visits: a refactor must not change what the three services plan.

When a change is meant to change the plans (rules, engine), regenerate the fixture and commit
its diff with the change (see ``tests/demo_plans.py``):

    TOURNEES_DATA_DIR=../shared/data .venv/bin/python -m tests.demo_plans --write

Every search stops on a budget of work (tournees.engine.budget), not on the clock, so the whole
digest is compared: each resource's visits, day by day, in order, and the tasks left out, whatever
the machine's load (tests/engine/test_load_determinism.py shows it under load).
"""

from __future__ import annotations

import json

from tests.demo_plans import FIXTURE, SERVICES, demo_digest


def test_demo_plans_keep_their_visits(demo_run) -> None:
    assert demo_run.code == 0, demo_run.stderr
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    found = demo_digest(demo_run.out)
    changed = [f"{service}: {part}" for service in SERVICES for part in ("visits", "left_out")
               if found[service][part] != expected[service][part]]
    assert not changed, f"the demo plans changed ({'; '.join(changed)}): regenerate the fixture if meant"
