"""Référent seniors (fiche 2) as a registered service: the campaign's weeks, announced by letter or phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tournees.db import Database
from tournees.i18n import t
from tournees.model import Staff, Tenant
from tournees.outputs.folder import PlanFolder
from tournees.outputs.write import DocumentContext
from tournees.plan.staging import published_path
from tournees.services.base import AUDIENCE_INDICATORS, PlanOutcome, PlanRequest, Service
from tournees.services.progress import cost_progress
from tournees.services.referent.params import ReferentOptions
from tournees.services.wording import reason_counts


class ReferentService(Service):
    code = "referent"
    titles = {"fr": t("ref_title", "fr"), "en": t("ref_title", "en")}
    params_type = ReferentOptions
    indicators = (*AUDIENCE_INDICATORS, "motifs", "issues", "satisfaction")  # fiche 2: contacts, motives, satisfaction
    horizon_weeks = True
    replannable = True
    check_files = ("campagne.csv", "annonces.csv")

    def plan(self, request: PlanRequest) -> PlanOutcome:
        from tournees.services.referent.planner import ReferentPlanner

        lang = request.settings.lang
        options = ReferentOptions.from_settings(request.settings).replace(
            time_limit_s=request.time_limit_s, seed=request.seed)
        planner = ReferentPlanner(request.db, request.settings, options)
        if request.progress:
            request.progress(t("ref_planning", lang, week=request.week, weeks=request.weeks))
        keep = request.options.get("keep")  # (the web app's re-plan: the visits of the week it plans again)
        plan = planner.plan(request.monday, 1 if keep is not None else request.weeks,
                            progress=cost_progress(request.progress, lang), keep=keep,
                            exclude=frozenset(request.options.get("exclude", ())))  # another landlord's tenants (web)
        folder = planner.write(plan, request.out, week_label=request.week)
        return PlanOutcome(folder, self._summary(plan.kpis, folder, lang), result=plan)

    @staticmethod
    def _summary(k: dict[str, Any], folder: Path, lang: str) -> str:
        return t("ref_summary", lang, visits=k["visits_planned"], first=k["first_interviews"], met=k["due_met"],
                 due=k["due_in_horizon"], reasons=reason_counts(k["not_planned_by_reason"], lang, prefix="ref_reason_"),
                 high=k["weekly_visit_hours_max"], low=k["weekly_visit_hours_min"], folder=published_path(folder))

    def replan(self, request: PlanRequest) -> PlanOutcome:
        """The published week again: its visits kept in their slots, the tenants signalled since inserted."""
        from tournees.services.referent.planner import ReferentPlanner

        lang = request.settings.lang
        options = ReferentOptions.from_settings(request.settings).replace(
            time_limit_s=request.time_limit_s, seed=request.seed)
        planner = ReferentPlanner(request.db, request.settings, options)
        keep = planner.published(request.monday)
        plan = planner.plan(request.monday, 1, keep=keep, progress=cost_progress(request.progress, lang))
        folder = planner.write(plan, request.out, week_label=request.week)
        return PlanOutcome(folder, self._summary(plan.kpis, folder, lang))

    def extra_documents(self, plan: PlanFolder, context: DocumentContext) -> dict[str, Path]:
        """Letters for the tenants who prefer mail (the others are called: annonces.csv)."""
        from tournees.services.referent.letters import write_visit_letters

        return {"letters": write_visit_letters(plan.path, context.db, lang=context.lang)}

    def check_folder(self, folder: Path) -> list[str]:
        return [t("ref_missing_file", None, name=name) for name in self.check_files if not (folder / name).is_file()]

    def summary_lines(self, db: Database, lang: str) -> list[str]:
        referents = [s for s in db.load(Staff) if s.service == self.code]
        return [t("ref_summary_line", lang, title=self.title(lang), referents=len(referents),
                  seniors=len(db.load(Tenant)))]

    def demo_step(self, week: str, lang: str) -> str:
        return t("ref_demo", lang, week=week)

    def demo_files(self, lang: str) -> str:
        return t("ref_files", lang)
