"""The routing engine under the three planners: model, solve, check, and the one objective."""

from tournees.engine.check import Violation, check
from tournees.engine.model import DAY, Break, LeftOut, Pin, Problem, ResourceDay, Route, Solution, Step, Task, Vehicle
from tournees.engine.objective import PIN_FACTOR, REQUIRED, plan_cost
from tournees.engine.solve import UntimedRoute, solve

__all__ = ["DAY", "PIN_FACTOR", "REQUIRED", "Break", "LeftOut", "Pin", "Problem", "ResourceDay", "Route", "Solution", "Step",
           "Task", "UntimedRoute", "Vehicle", "Violation", "check", "plan_cost", "solve"]
