"""No raw code on a page: every stored code the web application shows is worded, in French and in English
(issue #26, item 7). The pages are read as a phone (390 px) and a laptop (1366 px) show them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import Server, sign_in, token
from tests.web.test_browser import _signed_in
from tests.web.test_plans import _days, _plan
from tournees.db.schema import TABLES
from tournees.model.vocab import CONTACT, PRIORITIES, REQUEST_STATUSES, SERVICES
from tournees.web.texts import code_label

CODES = {
    "service": SERVICES,
    "priority": PRIORITIES,
    "status": REQUEST_STATUSES,
    "plan": ("running", "ready", "failed"),
    "contact": CONTACT,
    "role": ("planner", "analyst", "admin"),
}
FRENCH_CHECKER = ("hors fenêtre", "jour non permis", "pause(s) due(s)", "créneau du rendez-vous", " jour ")


def raw_codes(lang: str) -> set[str]:
    """The codes whose words differ from the code itself in ``lang``: seeing one of them means it was not worded."""
    return {code for kind, codes in CODES.items() for code in codes if code_label(kind, code, lang).lower() != code}


def problems(text: str, lang: str) -> list[str]:
    """What a reader should never see: a raw code, an identifier in snake_case, the checker's engine wording."""
    for kind, codes in CODES.items():  # the words themselves may hold a code ("locataire fragile")
        for code in codes:
            text = re.sub(rf"(?<![\w-]){re.escape(code_label(kind, code, lang))}(?![\w-])", " ", text)
    found = [c for c in raw_codes(lang) if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
    found += [w for w in re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text) if w not in TABLES]
    found += re.findall(r"\b([A-Z]+-\d+) : \1\b", text)  # the same request named twice
    found += [m for m in ("[]", "[(") if m in text]
    if lang == "fr":
        found += re.findall(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d/\d\d", text)
    else:
        found += [w for w in FRENCH_CHECKER if w in text]
    return found


def test_the_scan_finds_what_the_issue_saw() -> None:
    """The scan itself: each raw text the issue quotes is caught (a scan that cannot fail proves nothing)."""
    assert "isole" in problems("Priorité isole", "fr") and "telephone" in problems("Contact telephone", "en")
    assert "ready" in problems("Statut ready", "fr") and "planned" in problems("planifiée · planned", "fr")
    assert problems("Mon 23/11", "fr") == ["Mon 23/11"]
    assert "BRI-0015" in problems("BRI-0015 : BRI-0015 : début 23/11 10:03 hors fenêtre horaire []", "fr")
    assert "hors fenêtre" in problems("BRI-0015: début hors fenêtre", "en")
    assert problems("move_visit", "en") == ["move_visit"]
    assert problems("Import réussi : bricolage_requests 1, lun. 23/11, prête", "fr") == []


def test_findings_are_said_once_in_the_readers_language() -> None:
    from tournees.web.findings import text

    gone = {"code": "window", "task": "BRI-0015", "resource": "TECH-1", "date": "2026-11-23", "start": "10:03",
            "end": "", "limit": "", "window": ""}
    assert text(gone, "fr") == (
        "BRI-0015 · TECH-1 · lun. 23/11 : commence à 10:03 un jour où le locataire n'est pas disponible"
    )
    assert text(gone, "en") == "BRI-0015 · TECH-1 · Mon 23/11: starts at 10:03 on a day the tenant is not available"
    late = {**gone, "window": "13:30–16:30"}
    assert "outside its time window (13:30–16:30)" in text(late, "en") and problems(text(late, "en"), "en") == []


def _visible(page: Any) -> str:
    """The text a reader sees, the choices of every list included; not the audit's detail column, a log line
    recorded as the command line wrote it (``role=planner``) and shown as kept."""
    page.evaluate("document.querySelectorAll('#audit tbody td:nth-child(5)').forEach(td => { td.textContent = ''; })")
    options = page.evaluate("Array.from(document.querySelectorAll('option')).map(o => o.text).join('\\n')")
    return str(page.evaluate("document.body.innerText")) + "\n" + str(options)


@pytest.mark.parametrize("width", [390, 1366])
def test_no_raw_code_on_any_page_in_french_or_english(browser: Any, server: Server, width: int) -> None:
    client = sign_in(server, "pb")
    plan_id = _plan(server, client, "RES-ORLEANAIS")
    page_html = client.get(f"/plans/{plan_id}").text
    days = _days(page_html)
    (key, tasks), (other, _) = list(days.items())[:2]
    reply = client.post(  # a move, so that the findings list has something to say
        f"/plans/{plan_id}/move",
        data={"csrftoken": token(page_html), "version": re.search(r'name="version" value="(\d+)"', page_html).group(1),  # type: ignore[union-attr]
              "task_id": tasks[0], "resource": other[0], "day": other[1], "position": 1},
    )
    assert reply.status_code == 200
    tenant = re.findall(r'href="(/tenants/[^"]+)"', page_html)[0]
    seen: dict[tuple[str, str], list[str]] = {}
    for username, paths in (
        ("pb", ["/plans", f"/plans/{plan_id}", "/backlog", "/backlog?service=ecrivain", tenant, "/import"]),
        ("ad", ["/admin", "/analysis"]),
    ):
        context, page, errors = _signed_in(browser, server, username)
        page.set_viewport_size({"width": width, "height": 900})
        for lang in ("fr", "en"):
            page.goto(f"/lang/{lang}?next=/")
            for path in paths:
                assert page.goto(path).status == 200, path
                found = problems(_visible(page), lang)
                if found:
                    seen[(lang, path)] = found
        assert errors == []
        context.close()
    assert seen == {}, seen
