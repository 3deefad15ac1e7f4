"""Fiche 3: emergency volunteers near fragile seniors.

Travel times come from the road network (by car, or on foot on the walking graph) and are only
ever shown as a band (« 5 à 10 min »): never an address, coordinates or a distance in metres.
:mod:`.match` ranks the volunteers for one senior; :mod:`.campaign` gives every isolated or fragile
senior a volunteer for a campaign (heat wave), each volunteer at most k seniors, least total travel.
"""

from tournees.volunteers.bands import band
from tournees.volunteers.campaign import Assignment, CampaignResult, Unreached, assign
from tournees.volunteers.match import Match, rank

__all__ = ["Assignment", "CampaignResult", "Match", "Unreached", "assign", "band", "rank"]
