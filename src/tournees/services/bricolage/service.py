"""Bricol'âge (fiche 7) as a registered service: plan and re-plan a week, summary lines."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from tournees.db import Database
from tournees.i18n import t
from tournees.i18n.numbers import count_text, number_text
from tournees.model import BricolageRequest, Staff
from tournees.plan.staging import published_path, when_complete
from tournees.services.base import AUDIENCE_INDICATORS, PlanOutcome, PlanRequest, Service
from tournees.services.bricolage.params import BricolageOptions
from tournees.services.common import parse_day
from tournees.services.progress import cost_progress
from tournees.services.wording import reason_counts


def summary_text(kpis: dict[str, Any], folder: Path, lang: str) -> str:
    util = ", ".join(f"{k} {number_text(v, 1, lang)} %" for k, v in kpis["utilisation_pct"].items())
    return t(
        "svc_brico_summary",
        lang,
        served=count_text(kpis["requests_served"], "svc_n_served", lang),
        left=count_text(kpis["requests_left_out"], "svc_n_left", lang),
        reasons=reason_counts(kpis["left_out_by_reason"], lang),
        drive_min=kpis["driving_time_s"] // 60,
        km=number_text(kpis["driving_distance_m"] / 1000, 1, lang),
        lead_mean=number_text(kpis["lead_time_days_mean"], 1, lang),
        lead_max=kpis["lead_time_days_max"],
        util=util,
        folder=folder,
    ) + "\n  " + t(
        "svc_brico_late",
        lang,
        urgent=kpis["urgent_overdue"],
        due=kpis["past_due"],
        amount=t("docs_eur", lang, amount=number_text(kpis["amount_collected_eur"], 2, lang)),
        hours=number_text(kpis["processing_staff_hours"], 1, lang),
    )


class BricolageService(Service):
    code = "bricolage"
    titles = {"fr": t("svc_brico_title", "fr"), "en": t("svc_brico_title", "en")}
    params_type = BricolageOptions
    indicators = (
        *AUDIENCE_INDICATORS,
        "motifs",
        "canaux",
        "delais",
        "issues",
        "satisfaction",
        "bricolage_recettes",
    )
    replannable = True

    def options(self, request: PlanRequest) -> BricolageOptions:
        o = request.options
        base = BricolageOptions.from_settings(request.settings)
        slot_hours = o["slot_hours"] if o.get("slot_hours") is not None else base.slot_hours
        late_margin = o["late_margin"] if o.get("late_margin") is not None else base.late_margin_min
        return base.replace(
            slot_hours=slot_hours, late_margin_min=late_margin, time_limit_s=request.time_limit_s, seed=request.seed
        )

    def _planner(self, request: PlanRequest):  # type: ignore[no-untyped-def]
        from tournees.services.bricolage.planner import BricolagePlanner

        return BricolagePlanner(request.db, request.settings, self.options(request))

    def plan(self, request: PlanRequest) -> PlanOutcome:
        lang = request.settings.lang
        planner = self._planner(request)
        if request.progress:
            request.progress(t("svc_brico_planning", lang, week=request.week))
        plan = planner.plan(request.monday, progress=cost_progress(request.progress, lang))
        return self._written(planner, plan, request)

    def replan(self, request: PlanRequest) -> PlanOutcome:
        lang = request.settings.lang
        planner = self._planner(request)
        from_day = (
            parse_day(request.options["from_day"], "--from", lang)
            if request.options.get("from_day")
            else request.monday
        )
        if request.progress:
            request.progress(t("svc_brico_replanning", lang, week=request.week, day=from_day))
        plan = planner.replan(
            request.monday, request.week, from_day=from_day, progress=cost_progress(request.progress, lang)
        )
        return self._written(planner, plan, request)

    def _written(self, planner: Any, plan: Any, request: PlanRequest) -> PlanOutcome:
        lang = request.settings.lang
        until_text = request.options.get("confirm_until")
        until = (
            parse_day(until_text, "--confirm-until", lang) if until_text else None
        )  # checked before anything is written
        folder = planner.write(plan, request.out, week_label=request.week)
        outcome = PlanOutcome(folder, summary_text(plan.kpis, published_path(folder), lang))
        if request.options.get("confirm") or until:  # appointments are confirmed only for a complete plan folder
            when_complete(lambda: outcome.notes.append(t("svc_confirmed", lang, n=planner.confirm(plan, until=until))))
        if plan.moves:
            outcome.notes.append(
                t("svc_moves", lang, n=len(plan.moves), path=published_path(request.out) / "moves.csv")
            )
            for move in plan.moves[:20]:
                outcome.notes.append(
                    f"  {move['request_id']} : {move['old_resource']} {move['old_date']} {move['old_slot']} → "
                    f"{move['new_resource']} {move['new_date']} {move['new_slot']} — {move['why']}"
                )
        return outcome

    def summary_lines(self, db: Database, lang: str) -> list[str]:
        brico = db.load(BricolageRequest)
        prio = Counter(r.priority for r in brico)
        staff = sum(1 for s in db.load(Staff) if s.service == self.code)
        return [
            f"{self.title(lang)} : {count_text(len(brico), 'sum_n_requests', lang)} "
            f"({reason_counts(prio, lang, prefix='sum_priority_')}), {count_text(staff, 'sum_n_staff', lang)}"
        ]

    def demo_step(self, week: str, lang: str) -> str:
        return t("svc_brico_demo", lang, week=week)

    def demo_files(self, lang: str) -> str:
        return t("svc_brico_files", lang)
