"""A readable summary of the programme held in a database (French or English)."""

from __future__ import annotations

from collections import Counter

from tournees.db import Database
from tournees.i18n import t
from tournees.model import Landlord, ProgrammeAction, Residence, Tenant
from tournees.services import registry
from tournees.services.availability import stored_plan_lines


def _t(key: str, lang: str) -> str:
    return t("sum_" + key, lang)


def programme_summary(db: Database, *, lang: str = "fr", year: int = 2026) -> str:
    """Several lines describing who is served, by which services, with what demand."""
    landlords = db.load(Landlord)
    residences = db.load(Residence)
    tenants = db.load(Tenant)
    by_res = {r.residence_id: r for r in residences}
    per_landlord = Counter(by_res[t.residence_id].landlord_id for t in tenants)
    res_per_landlord = Counter(r.landlord_id for r in residences)
    n = max(len(tenants), 1)
    lines = [_t("title", lang), "=" * len(_t("title", lang)), f"{_t('db', lang)} : {db.url}", ""]
    lines.append(f"{_t('landlords', lang)} :")
    for landlord in landlords:
        lines.append(
            f"  - {landlord.name} : {res_per_landlord[landlord.landlord_id]} {_t('residences', lang)}, "
            f"{per_landlord[landlord.landlord_id]} {_t('tenants', lang).lower()}"
        )
    mean_age = sum(year - t.birth_year for t in tenants) / n
    lines.append(
        f"{_t('tenants', lang)} : {len(tenants)} — {_t('age', lang)} {mean_age:.0f} {_t('years', lang)}, "
        f"{100 * sum(t.isolated for t in tenants) / n:.0f} % {_t('isolated', lang)}, "
        f"{100 * sum(not t.has_car for t in tenants) / n:.0f} % {_t('nocar', lang)}, "
        f"{100 * sum(t.mobility == 'domicile' for t in tenants) / n:.0f} % {_t('housebound', lang)}, "
        f"{100 * sum(by_res[t.residence_id].qpv for t in tenants) / n:.0f} % {_t('qpv', lang)}"
    )
    lines.append("")
    for service in registry.services():
        lines += service.summary_lines(db, lang)
    lines += stored_plan_lines(db, lang)  # stored plans an absence entered since then breaks
    lines.append("")
    actions = db.load(ProgrammeAction)
    if actions:
        lines.append(f"{_t('actions', lang)} :")
        for action in actions:
            mark = f"  [{_t('planned', lang)}]" if action.service else ""
            lines.append(f"  {action.action_id:>2}. {action.title}{mark}")
        lines.append("")
    lines.append(_t("credit", lang))
    return "\n".join(lines)
