"""A road graph prepared for fast queries: snapping, travel-time matrices, leg geometry.

Matrices come from scipy's compiled Dijkstra over a CSR graph (not networkx's Python
loop). A point is snapped to the nearest *edge*: it enters and leaves the network part
way along that edge, and the distance from the point to the road is walked at
``access_speed_mps`` (the driver parks and walks to the door). Units: seconds and
metres, rounded to whole numbers in results; coordinates WGS84 (lat, lon).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from tournees.errors import NetworkError
from tournees.geo import local_xy

log = logging.getLogger(__name__)

UNREACHABLE = 10**12  # seconds or metres marking "no path" (exact in float64 and int64)
CACHE_VERSION = 1
_SAMPLE_M = 20.0  # spacing of the points that index edges for snapping
_LEX = float(2**24)


@dataclass(frozen=True)
class Place:
    """A point to place on the network, known by the id of what stands there."""

    id: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Snap:
    """Where a place meets the road: on edge ``edge`` at ``fraction`` of its length."""

    place: Place
    edge: int
    fraction: float
    snap_m: float
    access_s: float


@dataclass
class Matrix:
    """Travel times (s) and distances (m) between places; ``unreachable`` lists (from, to) ids."""

    ids_from: list[str]
    ids_to: list[str]
    durations: np.ndarray
    distances: np.ndarray
    unreachable: list[tuple[str, str]] = field(default_factory=list)
    estimated: bool = False


class RoadNetwork:
    """Arrays of one road graph: nodes, one edge per directed node pair (the fastest)."""

    def __init__(self, node_ids: np.ndarray, lat: np.ndarray, lon: np.ndarray, eu: np.ndarray, ev: np.ndarray,
                 etime: np.ndarray, elen: np.ndarray, geom_offsets: np.ndarray, geom: np.ndarray, meta: dict[str, Any]) -> None:
        self.node_ids, self.lat, self.lon = node_ids, lat, lon
        self.eu, self.ev, self.etime, self.elen = eu, ev, etime, elen
        self.geom_offsets, self.geom = geom_offsets, geom  # per-edge polyline (lat, lon), offsets into geom
        self.meta = meta
        n = len(node_ids)
        self.lat0 = float(np.mean(lat))
        self.xy = local_xy(lat, lon, self.lat0)
        self.time_csr = csr_matrix((etime, (eu, ev)), shape=(n, n))
        # One Dijkstra gives time and distance: weight = whole ms * 2**24 + decimetres, exact in
        # float64 up to 150 h and 1,677 km per path; ties in time go to the shorter path.
        self._lex_csr = csr_matrix((np.rint(etime * 1000) * _LEX + np.rint(elen * 10), (eu, ev)), shape=(n, n))
        self._edge_key = np.asarray(eu, dtype=np.int64) * n + ev
        self._key_order = np.argsort(self._edge_key)
        self._build_snap_index()

    # --- construction ---------------------------------------------------------------

    @classmethod
    def from_graph(cls, graph: Any, meta: dict[str, Any] | None = None) -> RoadNetwork:
        """From a networkx graph with ``travel_time`` and ``length`` on its edges."""
        ids = np.array(sorted(graph.nodes), dtype=np.int64)
        index = {int(n): i for i, n in enumerate(ids)}
        lat = np.array([graph.nodes[n]["y"] for n in ids], dtype=float)
        lon = np.array([graph.nodes[n]["x"] for n in ids], dtype=float)
        best: dict[tuple[int, int], tuple[float, float, Any]] = {}
        for u, v, d in graph.edges(data=True):
            if u == v:
                continue
            key = (index[int(u)], index[int(v)])
            t = float(d["travel_time"])
            if key not in best or t < best[key][0]:
                best[key] = (t, float(d["length"]), d.get("geometry"))
        keys = sorted(best)
        eu = np.array([k[0] for k in keys], dtype=np.int64)
        ev = np.array([k[1] for k in keys], dtype=np.int64)
        # scipy treats an explicit 0 weight as no edge: keep a tiny positive time.
        etime = np.array([max(best[k][0], 1e-3) for k in keys])
        elen = np.array([best[k][1] for k in keys])
        offsets, coords = [0], []
        for k in keys:
            geometry = best[k][2]
            if geometry is not None:
                line = [(y, x) for x, y in geometry.coords]
            else:
                line = [(lat[k[0]], lon[k[0]]), (lat[k[1]], lon[k[1]])]
            coords.extend(line)
            offsets.append(len(coords))
        meta = dict(meta or {})
        meta.setdefault("speed_assumption", graph.graph.get("speed_assumption", ""))
        return cls(ids, lat, lon, eu, ev, etime, elen, np.array(offsets, dtype=np.int64), np.array(coords, dtype=float).reshape(-1, 2), meta)

    @classmethod
    def from_file(cls, path: str | Path, *, network: str = "drive", cache_dir: str | Path | None = None) -> RoadNetwork:
        """Load (or reload from the cache) the largest connected part of a road file."""
        from tournees.network import cache
        from tournees.network.graph import largest_component, load_graph

        path = Path(path)
        key = cache.key_for(path, network=network, version=CACHE_VERSION) if path.exists() else None
        if cache_dir is not None and key is not None:
            arrays = cache.load(Path(cache_dir), "roads", key)
            if arrays is not None:
                meta = json.loads(str(arrays.pop("meta")))
                return cls(meta=meta, **arrays)
        graph = largest_component(load_graph(path, network=network))
        roads = cls.from_graph(graph, {"source": path.name, "network": network})
        if cache_dir is not None and key is not None:
            cache.save(Path(cache_dir), "roads", key, roads.arrays())
        return roads

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "node_ids": self.node_ids, "lat": self.lat, "lon": self.lon, "eu": self.eu, "ev": self.ev,
            "etime": self.etime, "elen": self.elen, "geom_offsets": self.geom_offsets, "geom": self.geom,
            "meta": np.array(json.dumps(self.meta, sort_keys=True)),
        }

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name, arr in self.arrays().items():
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(arr).tobytes())
        return digest.hexdigest()

    # --- snapping --------------------------------------------------------------------

    def _build_snap_index(self) -> None:
        a, b = self.xy[self.eu], self.xy[self.ev]
        seg = np.linalg.norm(b - a, axis=1)
        counts = np.maximum(1, np.ceil(seg / _SAMPLE_M).astype(int)) + 1
        edge_of = np.repeat(np.arange(len(self.eu)), counts)
        t = np.concatenate([np.linspace(0, 1, c) for c in counts]) if len(counts) else np.zeros(0)
        pts = a[edge_of] + (b - a)[edge_of] * t[:, None]
        self._sample_edge = edge_of
        self._tree = cKDTree(pts)

    def snap(self, places: Sequence[Place], *, max_snap_m: float = 500.0, access_speed_mps: float = 1.2) -> list[Snap]:
        """Each place on its nearest edge; a place farther than ``max_snap_m`` is an error naming it."""
        if not places:
            return []
        xy = local_xy(np.array([p.lat for p in places]), np.array([p.lon for p in places]), self.lat0)
        _, idx = self._tree.query(xy, k=min(8, len(self._sample_edge)))
        idx = np.atleast_2d(idx)
        snaps, too_far = [], []
        for place, p, candidates in zip(places, xy, idx, strict=True):
            best = None
            for edge in {int(self._sample_edge[i]) for i in candidates}:
                a, b = self.xy[self.eu[edge]], self.xy[self.ev[edge]]
                ab = b - a
                denom = float(ab @ ab)
                f = 0.0 if denom == 0 else float(np.clip((p - a) @ ab / denom, 0.0, 1.0))
                d = float(np.linalg.norm(p - (a + f * ab)))
                if best is None or (d, edge) < (best[0], best[1]):
                    best = (d, edge, f)
            assert best is not None
            d, edge, f = best
            if d > max_snap_m:
                too_far.append(f"{place.id} ({place.lat:.5f}, {place.lon:.5f}) à {d:.0f} m")
                continue
            snaps.append(Snap(place, edge, f, d, d / access_speed_mps))
        if too_far:
            raise NetworkError(
                f"{len(too_far)} lieu(x) à plus de {max_snap_m:.0f} m de toute route du réseau "
                f"({self.meta.get('source', '?')}) : " + "; ".join(too_far[:20])
                + ". Vérifiez leurs coordonnées, ou utilisez un réseau qui couvre ces lieux."
            )
        return snaps

    # --- matrices ---------------------------------------------------------------------

    def _reverse_edge(self, edge: int) -> int:
        n = len(self.node_ids)
        key = int(self.ev[edge]) * n + int(self.eu[edge])
        pos = np.searchsorted(self._edge_key, key, sorter=self._key_order)
        if pos < len(self._key_order) and self._edge_key[self._key_order[pos]] == key:
            return int(self._key_order[pos])
        return -1

    def _ways_out(self, s: Snap) -> list[tuple[int, float, float]]:
        """(node, seconds, metres) from the snapped point to the nodes it can drive to."""
        e = s.edge
        out = [(int(self.ev[e]), (1 - s.fraction) * self.etime[e], (1 - s.fraction) * self.elen[e])]
        r = self._reverse_edge(e)
        if r >= 0:
            out.append((int(self.ev[r]), s.fraction * self.etime[r], s.fraction * self.elen[r]))
        elif s.fraction <= 1e-9:  # standing on the start node: every road out of it is open
            out.append((int(self.eu[e]), 0.0, 0.0))
        return out

    def _ways_in(self, s: Snap) -> list[tuple[int, float, float]]:
        """(node, seconds, metres) from nodes that lead onto the snapped point."""
        e = s.edge
        out = [(int(self.eu[e]), s.fraction * self.etime[e], s.fraction * self.elen[e])]
        r = self._reverse_edge(e)
        if r >= 0:
            out.append((int(self.eu[r]), (1 - s.fraction) * self.etime[r], (1 - s.fraction) * self.elen[r]))
        elif s.fraction >= 1 - 1e-9:  # standing on the end node: every road into it leads here
            out.append((int(self.ev[e]), 0.0, 0.0))
        return out

    def matrix(self, origins: Sequence[Snap], destinations: Sequence[Snap] | None = None, *, chunk: int = 256) -> Matrix:
        """Many-to-many fastest travel times (s) and the distance of those paths (m)."""
        destinations = list(origins if destinations is None else destinations)
        outs = [self._ways_out(s) for s in origins]
        ins = [self._ways_in(s) for s in destinations]
        sources = sorted({node for ways in outs for node, _, _ in ways})
        where = {node: i for i, node in enumerate(sources)}
        in_nodes = np.array([[w[0] for w in ways] + [ways[0][0]] * (2 - len(ways)) for ways in ins])
        in_t = np.array([[w[1] for w in ways] + [np.inf] * (2 - len(ways)) for ways in ins])
        in_d = np.array([[w[2] for w in ways] + [0.0] * (2 - len(ways)) for ways in ins])
        T = np.empty((len(sources), len(destinations), 2))
        L = np.empty_like(T)
        for start in range(0, len(sources), chunk):
            block = sources[start:start + chunk]
            lex = dijkstra(self._lex_csr, directed=True, indices=block)[:, in_nodes]
            finite = np.isfinite(lex)
            high = np.floor(np.where(finite, lex, 0) / _LEX)
            T[start:start + len(block)] = np.where(finite, high / 1000.0, np.inf)
            L[start:start + len(block)] = np.where(finite, (np.where(finite, lex, 0) - high * _LEX) / 10.0, 0.0)
        dur = np.full((len(origins), len(destinations)), np.inf)
        dist = np.zeros_like(dur)
        for i, ways in enumerate(outs):
            for node, t0, d0 in ways:
                cand_t = t0 + T[where[node]] + in_t  # (dest, 2)
                cand_d = d0 + L[where[node]] + in_d
                k = np.argmin(cand_t, axis=1)
                best_t = cand_t[np.arange(len(destinations)), k]
                better = best_t < dur[i]
                dur[i] = np.where(better, best_t, dur[i])
                dist[i] = np.where(better, cand_d[np.arange(len(destinations)), k], dist[i])
        # both on one edge, the second further along it: drive straight there
        e_o = np.array([s.edge for s in origins])[:, None]
        e_d = np.array([s.edge for s in destinations])[None, :]
        f_o = np.array([s.fraction for s in origins])[:, None]
        f_d = np.array([s.fraction for s in destinations])[None, :]
        along = (e_o == e_d) & (f_d >= f_o)
        if along.any():
            t = np.where(along, (f_d - f_o) * self.etime[e_o], np.inf)
            better = t < dur
            dur = np.where(better, t, dur)
            dist = np.where(better, (f_d - f_o) * self.elen[e_o], dist)
        acc_o = np.array([s.access_s for s in origins])[:, None]
        acc_d = np.array([s.access_s for s in destinations])[None, :]
        snap_o = np.array([s.snap_m for s in origins])[:, None]
        snap_d = np.array([s.snap_m for s in destinations])[None, :]
        reach = np.isfinite(dur)
        durations = np.where(reach, np.rint(dur + acc_o + acc_d), UNREACHABLE).astype(np.int64)
        distances = np.where(reach, np.rint(dist + snap_o + snap_d), UNREACHABLE).astype(np.int64)
        ids_o = [s.place.id for s in origins]
        ids_d = [s.place.id for s in destinations]
        same = np.array(ids_o)[:, None] == np.array(ids_d)[None, :]
        durations[same] = 0
        distances[same] = 0
        unreachable = [(ids_o[i], ids_d[j]) for i, j in zip(*np.nonzero(durations == UNREACHABLE), strict=True)]
        return Matrix(ids_o, ids_d, durations, distances, unreachable)

    # --- geometry ------------------------------------------------------------------

    def leg_geometry(self, a: Snap, b: Snap) -> list[tuple[float, float]]:
        """The road path from ``a`` to ``b`` as (lat, lon) points, for maps."""
        best = None
        for node, t0, _ in self._ways_out(a):
            times, pred = dijkstra(self.time_csr, directed=True, indices=node, return_predecessors=True)
            for end, t1, _ in self._ways_in(b):
                total = t0 + times[end] + t1
                if np.isfinite(total) and (best is None or total < best[0]):
                    best = (total, node, end, pred)
        if best is None:
            raise NetworkError(f"pas de chemin routier de {a.place.id} à {b.place.id}")
        _, start, end, pred = best
        nodes = [end]
        while nodes[-1] != start:
            nodes.append(int(pred[nodes[-1]]))
        nodes.reverse()
        line = [(a.place.lat, a.place.lon)]
        for u, v in zip(nodes, nodes[1:], strict=False):
            line.extend(self._edge_line(u, v))
        if len(nodes) == 1:
            line.append((float(self.lat[start]), float(self.lon[start])))
        line.append((b.place.lat, b.place.lon))
        return line

    def _edge_line(self, u: int, v: int) -> list[tuple[float, float]]:
        n = len(self.node_ids)
        pos = np.searchsorted(self._edge_key, u * n + v, sorter=self._key_order)
        e = int(self._key_order[pos])
        return [tuple(map(float, p)) for p in self.geom[self.geom_offsets[e]:self.geom_offsets[e + 1]]]
