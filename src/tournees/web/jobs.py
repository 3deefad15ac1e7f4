"""Planning runs in the background, one at a time (2 shared cores), with their best cost over time for the
progress bar."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Job:
    plan_id: str
    landlord_id: str
    time_limit_s: float
    started: float = field(default_factory=time.monotonic)
    history: list[tuple[float, int]] = field(default_factory=list)
    state: str = "waiting"  # waiting, running, done, failed
    error: str | None = None

    def progress(self, t: float, cost: int) -> None:
        self.history.append((round(t, 1), int(cost)))

    def snapshot(self) -> dict[str, object]:
        elapsed = time.monotonic() - self.started
        best = self.history[-1] if self.history else None
        return {
            "state": self.state,
            "elapsed": round(elapsed, 1),
            "limit": self.time_limit_s,
            "best": best[1] if best else None,
            "at": best[0] if best else None,
            "error": self.error,
            "pct": 100 if self.state in ("done", "failed") else min(99, int(100 * elapsed / max(self.time_limit_s, 1))),
        }


class Jobs:
    """The planning jobs of this server process."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._solver = threading.Lock()  # one solve at a time: the machine has two cores for everyone

    def get(self, plan_id: str) -> Job | None:
        return self._jobs.get(plan_id)

    def busy(self, landlord_id: str) -> bool:
        return any(j.landlord_id == landlord_id and j.state in ("waiting", "running") for j in self._jobs.values())

    def start(self, job: Job, work: Callable[[Job], None]) -> None:
        self._jobs[job.plan_id] = job

        def run() -> None:
            with self._solver:
                job.state, job.started = "running", time.monotonic()
                try:
                    work(job)
                except Exception as exc:  # shown on the plan page; the server keeps serving
                    job.state, job.error = "failed", f"{type(exc).__name__}: {exc}"
                    return
                job.state = "done"

        threading.Thread(target=run, name=f"plan-{job.plan_id}", daemon=True).start()

    def wait_all(self, timeout_s: float = 600) -> None:
        end = time.monotonic() + timeout_s
        while any(j.state in ("waiting", "running") for j in self._jobs.values()) and time.monotonic() < end:
            time.sleep(0.2)
