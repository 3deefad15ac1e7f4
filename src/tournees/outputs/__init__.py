"""What people look at: maps, printable route sheets and their PDF, plan workbooks.

Layer: reads plan folders (the shared format), the database for place labels and the road
network for leg geometry; nothing below imports it.
"""

from tournees.outputs.write import write_outputs

__all__ = ["write_outputs"]
