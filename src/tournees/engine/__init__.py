"""The routing engine under the three planners: model, solve, check."""

from tournees.engine.check import Violation, check
from tournees.engine.model import DAY, Break, LeftOut, Pin, Problem, Route, Solution, Step, Task, Vehicle
from tournees.engine.solve import solve

__all__ = ["DAY", "Break", "LeftOut", "Pin", "Problem", "Route", "Solution", "Step", "Task", "Vehicle", "Violation", "check", "solve"]
