"""The programme's data model: typed records that check themselves when built.

``INPUT_TABLES`` lists what planners import and export, in an order where every
reference points to a table listed before it; ``PLAN_TABLES`` what planning runs store.
"""

from __future__ import annotations

from tournees.model.absences import Absence
from tournees.model.activity import Activity, SatisfactionAnswer
from tournees.model.catalogue import ActionCost, InterventionType, MemberOrganisation, ProgrammeAction
from tournees.model.demand import BricolageRequest, EcrivainRequest, move_status
from tournees.model.fiches import CabinConsultation, HomeWork, MutuelleSubscription, WorkshopAttendance
from tournees.model.fields import ColumnInfo, Record, columns
from tournees.model.plans import PlanAppointment, PlanningRun, PlanSession, PlanStep, PlanUnassigned
from tournees.model.programme import Landlord, Residence, Sector, Tenant, Territory
from tournees.model.resources import Depot, GroceryCommune, GroceryStop, Staff, Vehicle, Venue, VenueHours, Workshop
from tournees.model.signals import ReferentSignal
from tournees.model.volunteers import Volunteer, VolunteerIntervention

INPUT_TABLES: tuple[type[Record], ...] = (
    Landlord,
    Territory,
    Sector,
    Residence,
    Tenant,
    ProgrammeAction,
    ActionCost,
    InterventionType,
    MemberOrganisation,
    Depot,
    Vehicle,
    Staff,
    Venue,
    VenueHours,
    Workshop,
    Absence,
    GroceryCommune,
    GroceryStop,
    BricolageRequest,
    EcrivainRequest,
    Activity,
    SatisfactionAnswer,
    # the records of the other fiches' indicators (issue #30)
    WorkshopAttendance,
    HomeWork,
    CabinConsultation,
    MutuelleSubscription,
    Volunteer,
    VolunteerIntervention,
    ReferentSignal,  # fiche 2: a visit of the référent due soon (issue #29)
)

PLAN_TABLES: tuple[type[Record], ...] = (PlanningRun, PlanStep, PlanSession, PlanAppointment, PlanUnassigned)

ALL_TABLES: tuple[type[Record], ...] = INPUT_TABLES + PLAN_TABLES

BY_TABLE: dict[str, type[Record]] = {cls.table: cls for cls in ALL_TABLES}


def id_column(cls: type[Record]) -> str:
    """The column other tables use to point at ``cls`` (its first key column)."""
    return cls.key_columns()[0]


__all__ = [
    "ALL_TABLES",
    "Absence",
    "BY_TABLE",
    "INPUT_TABLES",
    "PLAN_TABLES",
    "ActionCost",
    "MemberOrganisation",
    "Activity",
    "BricolageRequest",
    "CabinConsultation",
    "HomeWork",
    "MutuelleSubscription",
    "Volunteer",
    "VolunteerIntervention",
    "WorkshopAttendance",
    "ColumnInfo",
    "Depot",
    "EcrivainRequest",
    "GroceryCommune",
    "GroceryStop",
    "InterventionType",
    "Landlord",
    "PlanAppointment",
    "PlanSession",
    "PlanStep",
    "PlanUnassigned",
    "PlanningRun",
    "ProgrammeAction",
    "Record",
    "ReferentSignal",
    "Residence",
    "SatisfactionAnswer",
    "Sector",
    "Staff",
    "Tenant",
    "Territory",
    "Vehicle",
    "Venue",
    "VenueHours",
    "Workshop",
    "columns",
    "id_column",
    "move_status",
]
