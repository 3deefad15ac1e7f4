"""Épicerie mobile (fiche 4) as a registered service: several weeks, public calendar and map, folder checks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from tournees.db import Database
from tournees.i18n import t
from tournees.i18n.numbers import count_text, number_text
from tournees.model import GroceryCommune, GroceryStop, Staff
from tournees.outputs.folder import PlanFolder
from tournees.outputs.maps import offline_html, public_grocery_map
from tournees.outputs.write import DocumentContext
from tournees.plan.staging import published_path
from tournees.services.base import AUDIENCE_INDICATORS, PlanOutcome, PlanRequest, Service
from tournees.services.epicerie.params import EpicerieOptions
from tournees.services.wording import reason_counts


def summary_text(kpis: dict[str, Any], folder: Path, lang: str) -> str:
    return t(
        "svc_epi_summary",
        lang,
        stops=count_text(kpis["stops_selected"], "svc_n_stops", lang),
        candidates=kpis["stops_candidates"],
        communes=count_text(kpis["communes_served"], "sum_n_communes", lang),
        covered=kpis["seniors_covered"],
        seniors=kpis["seniors"],
        pct=number_text(kpis["coverage_pct"], 1, lang),
        wpct=number_text(kpis["weighted_coverage_pct"], 1, lang),
        why=reason_counts(kpis["not_covered_by_reason"], lang, prefix="why_label_"),
        drive_min=kpis["weekly_driving_time_s"] // 60,
        km=f"{kpis['weekly_driving_distance_m'] / 1000:.0f}",
        fuel=f"{kpis['weekly_fuel_cost_eur']:.0f}",
        folder=folder,
    )


class EpicerieService(Service):
    code = "epicerie"
    titles = {"fr": t("svc_epi_title", "fr"), "en": t("svc_epi_title", "en")}
    params_type = EpicerieOptions
    indicators = (
        *AUDIENCE_INDICATORS,
        "canaux",
        "issues",
        "satisfaction",
    )
    horizon_weeks = True
    needs_week = False  # next week by default

    def plan(self, request: PlanRequest) -> PlanOutcome:
        from tournees.services.epicerie.planner import EpiceriePlanner

        lang = request.settings.lang
        options = EpicerieOptions.from_settings(request.settings).replace(weeks=request.weeks, seed=request.seed)
        if "exclude_communes" in request.options:  # the planner's choice in the browser, for this plan
            options = options.replace(exclude_communes=tuple(request.options["exclude_communes"]))
        planner = EpiceriePlanner(request.db, request.settings, options)
        if request.progress:
            request.progress(t("svc_epi_planning", lang, week=request.week, weeks=request.weeks))
        say = request.progress
        plan = planner.plan(request.monday, progress=(lambda text: say("  " + text)) if say else None)
        folder = planner.write(plan, request.out, label=f"{request.week}_{request.weeks}w",
                               coverage_before=request.options.get("coverage_before"))
        return PlanOutcome(folder, summary_text(plan.kpis, published_path(folder), lang), result=plan)

    def extra_documents(self, plan: PlanFolder, context: DocumentContext) -> dict[str, Path]:
        """The public map of the commune calendar the planner wrote in plan.json (stops, weekdays, times)."""
        if "calendar" not in plan.plan:
            return {}
        path = plan.path / "carte_publique.html"
        page = public_grocery_map(
            plan.plan["calendar"],
            title=t("docs_public_map", context.lang),
            tiles=context.tiles,
            streets=context.streets,
            lang=context.lang,
        )
        path.write_text(offline_html(page), encoding="utf-8")
        return {"public_map": path}

    check_files = ("couverture.csv", "portee.csv")

    def retimed(self, folder: Path, lang: str) -> None:
        from tournees.services.epicerie.documents import retimed_calendar

        retimed_calendar(folder, lang)

    def check_folder(self, folder: Path) -> list[str]:
        from tournees.services.epicerie.check import check_epicerie_folder

        return check_epicerie_folder(folder)

    def summary_lines(self, db: Database, lang: str) -> list[str]:
        staff = Counter(s.service for s in db.load(Staff))[self.code]
        return [
            f"{self.title(lang)} : {count_text(len(db.load(GroceryCommune)), 'sum_n_communes', lang)}, "
            f"{count_text(len(db.load(GroceryStop)), 'sum_n_stops', lang)}, {count_text(staff, 'sum_n_staff', lang)}"
        ]

    def demo_step(self, week: str, lang: str) -> str:
        return t("svc_epi_demo", lang, week=week, weeks=4)

    def demo_files(self, lang: str) -> str:
        return t("svc_epi_files", lang)
