"""Plan folders in the shared format (../shared/PLAN_EXPORT.md): writing them and re-checking them."""

from tournees.plan.export import VISIT_COLUMNS, PlanContext, kpis, plan_rows, write_plan
from tournees.plan.folder_check import check_plan_folder

__all__ = ["VISIT_COLUMNS", "PlanContext", "check_plan_folder", "kpis", "plan_rows", "write_plan"]
