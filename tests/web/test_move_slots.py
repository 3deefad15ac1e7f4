"""A visit moved in the web application gets a slot inside its technician's day (issue #26, item 3)."""

from __future__ import annotations

from tests.web.conftest import Server, sign_in
from tests.web.test_moves import _move, _rows
from tests.web.test_plans import _days, _plan


def test_a_visit_moved_first_in_the_day_is_not_announced_before_the_shift(server: Server) -> None:
    """BRI-WEB1 after a move got 07:00-09:00 while TECH-1 starts at 08:00."""
    client = sign_in(server, "pb")
    plan_id = _plan(server, client, "RES-ORLEANAIS")
    page = client.get(f"/plans/{plan_id}").text
    visits = {k: [t for t in ts if not t.startswith("ATELIER")] for k, ts in _days(page).items()}
    key, tasks = next((k, ts) for k, ts in visits.items() if len(ts) >= 3)
    mover = tasks[-1]
    _move(client, plan_id, page, mover, key, 1)
    for rows in _rows(client, plan_id).values():
        shift = (rows[0]["window_start"], rows[0]["window_end"])  # the start row's window is the shift
        for r in rows:
            if r["slot_start"]:
                assert shift[0] <= r["slot_start"] <= r["slot_end"] <= shift[1], (r["task_id"], shift, r["slot_start"])
    moved = next(r for rows in _rows(client, plan_id).values() for r in rows if r["task_id"] == mover)
    assert moved["seq"] == "1" and moved["slot_start"]
