"""iCalendar files carry a real DTSTAMP and a SEQUENCE that grows when a re-plan moves an event.

CR/LF cannot inject properties.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from tournees.outputs.publish import PublicEvent, ics_bytes, write_ics
from tournees.plan.staging import staged_folder

T0 = dt.datetime(2026, 11, 24, 9, 0)


def _event(start: dt.datetime, uid: str = "S1", location: str = "Mairie") -> PublicEvent:
    return PublicEvent(uid, "Permanence", start, start + dt.timedelta(hours=2), location, "Sur rendez-vous.")


def _read(path: Path) -> dict[str, tuple[int, dt.datetime, dt.datetime]]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): (int(e["sequence"]), e.decoded("dtstamp"), e.decoded("dtstart")) for e in cal.walk("VEVENT")}


def test_replanned_event_gets_a_higher_sequence_through_staged_folders(tmp_path: Path) -> None:
    out = tmp_path / "ecrivain"
    with staged_folder(out) as tmp:
        (tmp / "plan.json").write_text("{}", encoding="utf-8")
        write_ics(tmp / "permanences.ics", "Permanences", "test", [_event(T0), _event(T0, "S2")])
    first = _read(out / "permanences.ics")
    assert {uid: seq for uid, (seq, _, _) in first.items()} == {"S1@tournees": 0, "S2@tournees": 0}
    stamp = first["S1@tournees"][1]
    assert stamp.tzinfo is not None and abs(dt.datetime.now(dt.UTC) - stamp) < dt.timedelta(
        minutes=5
    )  # a real, UTC stamp
    with staged_folder(out) as tmp:  # re-plan: S1 one hour later, S2 unchanged
        (tmp / "plan.json").write_text("{}", encoding="utf-8")
        write_ics(
            tmp / "permanences.ics", "Permanences", "test", [_event(T0 + dt.timedelta(hours=1)), _event(T0, "S2")]
        )
    second = _read(out / "permanences.ics")
    assert second["S1@tournees"][0] == 1 and second["S1@tournees"][2] == T0 + dt.timedelta(hours=1)
    assert second["S2@tournees"][:2] == first["S2@tournees"][:2]  # unchanged event: same SEQUENCE and DTSTAMP
    with staged_folder(out) as tmp:  # and again: the sequence keeps growing
        (tmp / "plan.json").write_text("{}", encoding="utf-8")
        write_ics(
            tmp / "permanences.ics", "Permanences", "test", [_event(T0), _event(T0, "S2", location="Salle des fêtes")]
        )
    third = _read(out / "permanences.ics")
    assert third["S1@tournees"][0] == 2 and third["S2@tournees"][0] == 1


def test_same_plan_gives_the_same_file(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    one = ics_bytes("P", "test", [_event(T0)], now=now)
    assert ics_bytes("P", "test", [_event(T0)], previous=one, now=now + dt.timedelta(days=3)) == one


def test_crlf_in_a_name_cannot_add_a_property_or_an_event() -> None:
    evil = "Mairie\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:pwned\r\nSUMMARY:PWNED\rATTACH:http://x\x0b"
    data = ics_bytes("Cal\r\nX-EVIL:1", "test", [_event(T0, location=evil)])
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1 and str(events[0]["uid"]) == "S1@tournees"
    assert "X-EVIL" not in cal and "ATTACH" not in events[0]
    lines = data.split(b"\r\n")
    assert not any(
        line.startswith((b"UID:pwned", b"SUMMARY:PWNED", b"ATTACH", b"X-EVIL", b"END:VEVENT\\")) for line in lines
    )
    assert b"\r" not in data.replace(b"\r\n", b"")
    assert "Mairie" in str(events[0]["location"]) and "UID:pwned" in str(events[0]["location"])  # kept as text
