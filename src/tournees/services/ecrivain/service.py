"""Écrivain numérique (fiche 10) as a registered service: the writer's week, letters and session calendar."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from tournees.db import Database
from tournees.i18n import t
from tournees.i18n.numbers import count_text, number_text
from tournees.model import EcrivainRequest, Venue
from tournees.outputs.folder import PlanFolder
from tournees.outputs.write import DocumentContext
from tournees.plan.staging import published_path
from tournees.services.base import AUDIENCE_INDICATORS, PlanOutcome, PlanRequest, Service
from tournees.services.ecrivain.params import EcrivainOptions
from tournees.services.progress import cost_progress
from tournees.services.wording import reason_counts


def summary_text(kpis: dict[str, Any], folder: Path, lang: str) -> str:
    venues = ", ".join(f"{k} {v}" for k, v in kpis["sessions_per_venue"].items()) or "-"
    return t(
        "svc_ecr_summary",
        lang,
        served=count_text(kpis["requests_served"], "svc_n_served", lang),
        appointments=count_text(kpis["appointments_at_venues"], "svc_n_appointments", lang),
        home=count_text(kpis["home_visits"], "svc_n_home", lang),
        left=count_text(kpis["requests_left_out"], "svc_n_left", lang),
        venues=venues,
        travel_mean=number_text(kpis["tenant_travel_min_mean"], 1, lang),
        travel_max=number_text(kpis["tenant_travel_min_max"], 1, lang),
        used=number_text(kpis["writer_hours_used"], 1, lang),
        available=number_text(kpis["writer_hours_available"], 1, lang),
        folder=folder,
    )


class EcrivainService(Service):
    code = "ecrivain"
    titles = {"fr": t("svc_ecr_title", "fr"), "en": t("svc_ecr_title", "en")}
    params_type = EcrivainOptions
    indicators = (
        *AUDIENCE_INDICATORS,
        "motifs",
        "canaux",
        "delais",
        "issues",
        "lieux",
        "satisfaction",
        "demarches",
    )

    def plan(self, request: PlanRequest) -> PlanOutcome:
        from tournees.services.ecrivain.planner import EcrivainPlanner

        lang = request.settings.lang
        options = EcrivainOptions.from_settings(request.settings).replace(
            time_limit_s=request.time_limit_s, seed=request.seed
        )
        planner = EcrivainPlanner(request.db, request.settings, options)
        if request.progress:
            request.progress(t("svc_ecr_planning", lang, week=request.week))
        plan = planner.plan(request.monday, progress=cost_progress(request.progress, lang),
                            exclude=frozenset(request.options.get("exclude", ())),  # another landlord's requests (web)
                            keep=tuple(request.options.get("keep", ())))  # a re-plan's appointments already given
        folder = planner.write(plan, request.out, week_label=request.week)
        return PlanOutcome(folder, summary_text(plan.kpis, published_path(folder), lang), result=plan)

    def extra_documents(self, plan: PlanFolder, context: DocumentContext) -> dict[str, Path]:
        """The public session calendar (iCalendar and printable page) and the tenants' letters."""
        from tournees.outputs.letters import write_calendar, write_letters

        write_calendar(plan.path, context.db, lang=context.lang)
        return {
            "calendar": plan.path / "permanences.html",
            "letters": write_letters(plan.path, context.db, lang=context.lang),
        }

    def summary_lines(self, db: Database, lang: str) -> list[str]:
        ecr = db.load(EcrivainRequest)
        motives = reason_counts(dict(Counter(r.motive for r in ecr).most_common(4)), lang, prefix="docs_motive_")
        return [
            f"{self.title(lang)} : {count_text(len(ecr), 'sum_n_requests', lang)} "
            f"({sum(r.home_visit for r in ecr)} {t('sum_home', lang)} ; {motives}), "
            f"{count_text(len(db.load(Venue)), 'sum_n_venues', lang)}"
        ]

    def demo_step(self, week: str, lang: str) -> str:
        return t("svc_ecr_demo", lang, week=week)

    def demo_files(self, lang: str) -> str:
        return t("svc_ecr_files", lang)
