"""A fourth service defined only here, through the registry: courtesy visits to isolated tenants.

One visitor leaves the first depot on the Monday, sees every isolated tenant at home for
half an hour on the Orléans road network, and comes back. Nothing else in the package knows it.
"""

from __future__ import annotations

from pathlib import Path

from tournees.engine import Problem, Task, Vehicle, solve
from tournees.model import Depot, Residence, Tenant
from tournees.outputs.folder import PlanFolder
from tournees.plan import PlanContext, write_plan
from tournees.services.base import PlanOutcome, PlanRequest, Service
from tournees.services.common import Places


class CourtesyVisits(Service):
    code = "visites"
    titles = {"fr": "Visites de courtoisie", "en": "Courtesy visits"}
    indicators = ("beneficiaires",)

    def plan(self, request: PlanRequest) -> PlanOutcome:
        db = request.db
        depot = sorted(db.load(Depot), key=lambda d: d.depot_id)[0]
        residences = {r.residence_id: r for r in db.load(Residence)}
        isolated = sorted((t for t in db.load(Tenant) if t.isolated), key=lambda t: t.tenant_id)
        places = Places()
        places.add(depot.depot_id, depot.lat, depot.lon)  # type: ignore[arg-type]
        for tenant in isolated:
            home = residences[tenant.residence_id]
            places.add(home.residence_id, home.lat, home.lon)  # type: ignore[arg-type]
        durations, distances, estimated = places.matrix(request.settings)
        visitor = Vehicle(id="VISITEUR", day=0, start=0, end=0, shift_start=9 * 3600, shift_end=17 * 3600)
        tasks = [
            Task(id=f"VISITE-{t.tenant_id}", location=places.index(t.residence_id), duration=1800) for t in isolated
        ]
        problem = Problem(durations, distances, [visitor], tasks, estimated=estimated)  # type: ignore[arg-type]
        solution = solve(problem, time_limit_s=min(2.0, request.time_limit_s), seed=request.seed, workers=1)
        ctx = PlanContext(self.code, request.monday, places.ids, places.coords)
        folder = write_plan(request.out, problem, solution, ctx, meta={"period": request.week})
        return PlanOutcome(
            folder,
            f"{self.title(request.settings.lang)} : {len(solution.routes[0].task_ids)} visite(s). Plan : {folder}",
        )

    def extra_documents(self, plan: PlanFolder, tiles: bool) -> dict[str, Path]:
        path = plan.path / "mot_du_visiteur.txt"
        path.write_text(f"{len(plan.routes)} tournée(s)\n", encoding="utf-8")
        return {"note": path}

    def check_folder(self, folder: Path) -> list[str]:
        return [] if (folder / "mot_du_visiteur.txt").exists() else ["mot_du_visiteur.txt manquant"]
