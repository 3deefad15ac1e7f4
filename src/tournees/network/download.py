"""Road networks downloaded from OpenStreetMap (Overpass, through OSMnx), once, then cached.

Only when a setting allows it (``roads_download``, or ``download`` for the demo's own
areas). Before anything else the Overpass server is reached with a short timeout, so an
offline machine gets a clear message within seconds instead of OSMnx's retries and pauses.
"""

from __future__ import annotations

import hashlib
import logging
import socket
from pathlib import Path
from urllib.parse import urlsplit

from tournees.errors import NetworkError

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_S = 3.0
REQUEST_TIMEOUT_S = 60


def reachable(url: str, *, timeout: float = CONNECT_TIMEOUT_S) -> None:
    """Raise a clear :class:`NetworkError` unless a TCP connection to ``url``'s server opens quickly."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return
    except OSError as exc:
        raise NetworkError(
            f"hors ligne : le serveur OpenStreetMap {parts.hostname}:{port} ne répond pas "
            f"({type(exc).__name__}: {exc}). "
            "Sans accès à internet, fournissez un fichier .osm.pbf, .osm ou .graphml (réglage roads ou --roads)."
        ) from exc


def download_to(
    query: str | tuple[float, float, float, float], cache_dir: str | Path, *, network: str = "drive"
) -> Path:
    """The GraphML file of a place name or box (west, south, east, north), downloaded when not cached."""
    import osmnx as ox

    key = hashlib.sha256(f"{query!r}|{network}".encode()).hexdigest()[:24]
    path = Path(cache_dir) / f"osm-{key}.graphml"
    if path.exists():
        return path
    reachable(ox.settings.overpass_url)
    if isinstance(query, str):
        reachable(ox.settings.nominatim_url)
    log.info("téléchargement OpenStreetMap (%s, %s)", query, network)
    saved = (ox.settings.requests_timeout, ox.settings.overpass_rate_limit)
    ox.settings.requests_timeout, ox.settings.overpass_rate_limit = REQUEST_TIMEOUT_S, False  # no waiting on /status
    try:
        if isinstance(query, str):
            graph = ox.graph_from_place(query, network_type=network, retain_all=True)
        else:
            graph = ox.graph_from_bbox(tuple(query), network_type=network, retain_all=True)  # type: ignore[arg-type]
    except Exception as exc:  # unknown place, service refusal, connection lost: all said the same way
        raise NetworkError(
            f"téléchargement du réseau OpenStreetMap impossible pour {query!r} ({type(exc).__name__}: {exc}). "
            "Sans accès à internet, fournissez un fichier .osm, .osm.pbf ou .graphml."
        ) from exc
    finally:
        ox.settings.requests_timeout, ox.settings.overpass_rate_limit = saved
    path.parent.mkdir(parents=True, exist_ok=True)
    ox.save_graphml(graph, path)
    return path


def download_area(box: tuple[float, float, float, float], cache_dir: str | Path, *, network: str = "drive") -> Path:
    """The road file of a (south, west, north, east) box, downloaded once."""
    south, west, north, east = box
    return download_to((west, south, east, north), cache_dir, network=network)
