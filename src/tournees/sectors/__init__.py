"""Sectors: a landlord's residences split into balanced, compact districts on the road network.

Shared by the référent seniors (fiche 2: « définition de secteurs géographiques ») and the
bricol'âge passes (residences.sector_id). :func:`~tournees.sectors.districts.balanced` solves a
CP-SAT districting model (Hess location–allocation with shortest-path contiguity);
:func:`~tournees.sectors.districts.kmedoids` is the baseline it is measured against.
"""

from tournees.sectors.districts import Partition, balanced, kmedoids
from tournees.sectors.figures import Figures, figures
from tournees.sectors.workload import SectorOptions, is_fragile, visits_per_year

__all__ = ["Figures", "Partition", "SectorOptions", "balanced", "figures", "is_fragile", "kmedoids", "visits_per_year"]
