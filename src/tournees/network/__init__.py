"""Road networks from OpenStreetMap files (drive and walk), as networkx graphs."""

from tournees.network.graph import largest_component, load_graph

__all__ = ["largest_component", "load_graph"]
