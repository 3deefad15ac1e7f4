"""tournees: rounds and schedules of the mobile services of social landlords for elderly tenants.

Layers, each importing only those before it: ``model`` (typed records) → ``db``
(storage) → ``io`` (import/export) → ``network`` (roads, matrices) → planners →
outputs; ``cli`` sits on top. Units inside: seconds, metres, WGS84 [lat, lon].
"""

__version__ = "0.1.0"
