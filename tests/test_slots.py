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


@pytest.mark.parametrize(
    ("start", "shift", "expected"),
    [
        (8 * H + 2400, (8 * H + 1800, 17 * H + 1800), (8 * H + 1800, 10 * H + 1800)),  # ECR-0019: not 07:30-09:30
        (8 * H + 900, (8 * H, 16 * H + 1800), (8 * H, 10 * H)),  # BRI-WEB1 after a web move: not 07:00-09:00
        (16 * H, (8 * H, 17 * H), (15 * H, 17 * H)),  # not past the end of the day
        (9 * H + 900, (9 * H, 10 * H + 1800), (9 * H, 10 * H + 1800)),  # a shift shorter than the slot: cut to it
    ],
)
def test_no_slot_outside_its_resource_shift(start: int, shift: tuple[int, int], expected: tuple[int, int]) -> None:
    """Issue #26, item 3: the slot slides inside the shift, still holding the planned start."""
    assert announced_slot(start, length=2 * H, late_margin=1800, shift=shift) == expected


def test_every_slot_inside_the_shift_and_holding_the_start() -> None:
    for first in range(6 * H, 10 * H, 900):
        for last in range(first + 3 * H, 19 * H, 1500):
            for start in range(first, last - 1800, 700):
                for late in (0, 1800, 3600, 5400):
                    a, b = announced_slot(start, length=2 * H, late_margin=late, shift=(first, last))
                    assert first <= a <= start <= b <= last and b - a == 2 * H  # a shift of 3 h or more: whole
