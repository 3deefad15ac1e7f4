"""Siting (fiches 1, 8, 10): where to hold workshops, install a telemedicine cabin or hold the writer's sessions.

:mod:`.solve` chooses k sites among candidates on a travel-time matrix (maximal covering within T minutes,
or p-median), with existing sites kept, exactly with OR-Tools CP-SAT; :mod:`.evaluate` gives each choice's
coverage, mean travel and catchments; :mod:`.from_db` builds the matrix from the base and the road network.
"""

from tournees.siting.evaluate import Catchment, Figures, evaluate
from tournees.siting.solve import Choice, choose_sites

__all__ = ["Catchment", "Choice", "Figures", "choose_sites", "evaluate"]
