import pytest

from tournees.services.common import announced_slot

H = 3600


@pytest.mark.parametrize(
    ("start", "window", "expected"),
    [
        (9 * H + 600, None, (8 * H, 10 * H)),  # 9:10 -> 8:00-10:00, still kept if 30 min late
        (9 * H + 1800, None, (8 * H + 1800, 10 * H + 1800)),  # 9:30 -> 8:30-10:30
        (9 * H + 600, (9 * H, 12 * H), (9 * H, 11 * H)),  # not before the tenant is available
        (14 * H, None, (13 * H, 15 * H)),
    ],
)
def test_slot_holds_the_planned_start_and_the_late_margin(start: int, window, expected) -> None:
    slot = announced_slot(start, length=2 * H, late_margin=1800, window=window)
    assert slot == expected
    assert slot[0] <= start and start + 1800 <= slot[1]
