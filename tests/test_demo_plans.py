"""The demo plans keep their visits: a refactor must not change what the three services plan.

When a change is meant to change the plans (rules, engine), regenerate the fixture and commit
its diff with the change (see ``tests/demo_plans.py``):

    TOURNEES_DATA_DIR=../shared/data .venv/bin/python -m tests.demo_plans --write
"""

from __future__ import annotations

import json

from tests.demo_plans import FIXTURE, SERVICES, demo_digest


def test_demo_plans_keep_their_visits(demo_run) -> None:
    assert demo_run.code == 0, demo_run.stderr
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    found = demo_digest(demo_run.out)
    for service in SERVICES:
        assert found[service] == expected[service], f"the {service} demo plan changed: regenerate the fixture if meant"
