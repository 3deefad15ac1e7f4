"""``courriers.html`` of a référent plan: a letter for each tenant told by mail (those who prefer the phone are called).

Read from the plan folder (``visits.csv`` and ``annonces.csv``), so that a re-timed plan gets its letters again.
The addressee block is the residence and the dwelling (no name is stored); nothing about health or fragility.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tournees.db import Database
from tournees.i18n import t
from tournees.model import Landlord, Residence, Tenant
from tournees.outputs.escape import html_text
from tournees.outputs.folder import PlanFolder
from tournees.outputs.labels import dwelling, length_text, long_date
from tournees.outputs.letters import contact_block, letter_html, letters_page


def write_visit_letters(folder: Path, db: Database, *, lang: str | None = None) -> Path:
    plan = PlanFolder.read(folder)
    with (folder / "annonces.csv").open(encoding="utf-8") as fh:
        by_mail = {row["task_id"]: row["tenant_id"] for row in csv.DictReader(fh) if row["announce"] == "courrier"}
    tenants = {x.tenant_id: x for x in db.load(Tenant)}
    residences = {x.residence_id: x for x in db.load(Residence)}
    landlords = {x.landlord_id: x for x in db.load(Landlord)}
    rows = sorted((r for route in plan.routes for r in route.rows if r["kind"] == "visit" and r["task_id"] in by_mail),
                  key=lambda r: r["task_id"])
    letters = []
    for row in rows:
        tenant = tenants[by_mail[row["task_id"]]]
        home = residences[tenant.residence_id]
        to = [t("docs_letter_ref", lang, ref=tenant.tenant_id), home.name, dwelling(tenant, lang), home.address,
              f"{home.postcode} {home.commune}"]
        a, b = dt.datetime.fromisoformat(row["slot_start"]), dt.datetime.fromisoformat(row["slot_end"])
        hm = lambda m: t("docs_hm", lang, h=f"{m:%H}", m=f"{m:%M}")  # noqa: E731
        on = t("docs_letter_home_slot", lang, date=long_date(a.date(), lang), start=hm(a), end=hm(b))
        minutes = round((dt.datetime.fromisoformat(row["end"]) - dt.datetime.fromisoformat(row["start"])).seconds / 60)
        letters.append(letter_html(to, [
            f"<p>{html_text(t('docs_letter_salutation', lang))}</p><p>{html_text(t('ref_letter_intro', lang))}</p>",
            f"<p class='when'>{html_text(on)}</p>",
            f"<p>{html_text(t('ref_letter_length', lang, length=length_text(minutes, lang)))}</p>",
            f"<p>{html_text(t('ref_letter_cancel', lang))}</p>{contact_block(landlords.get(home.landlord_id), lang)}",
        ], t("ref_letter_closing", lang)))
    out = folder / "courriers.html"
    out.write_text(letters_page(letters, lang), encoding="utf-8")
    return out
