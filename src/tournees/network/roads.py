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
CACHE_VERSION = 2  # 2: snapping on edge geometry, clipped raw files
_SAMPLE_M = 20.0  # spacing of the points that index edges for snapping
_LEX = float(2**27)
_ORPHAN_MARGIN_M = 50.0  # a place this much closer to a cut-off road than to the network is an error


def _d2(a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


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
                 etime: np.ndarray, elen: np.ndarray, geom_offsets: np.ndarray, geom: np.ndarray, meta: dict[str, Any],
                 orphans: np.ndarray | None = None) -> None:
        self.node_ids, self.lat, self.lon = node_ids, lat, lon
        self.eu, self.ev, self.etime, self.elen = eu, ev, etime, elen
        self.geom_offsets, self.geom = geom_offsets, geom  # per-edge polyline (lat, lon), offsets into geom
        self.meta = meta
        # Roads of the file cut off from the main network, as (lat_u, lon_u, lat_v, lon_v) rows:
        # kept only to tell a planner that a place stands on one of them.
        self.orphans = np.zeros((0, 4)) if orphans is None else np.asarray(orphans, dtype=float).reshape(-1, 4)
        n = len(node_ids)
        self.lat0 = float(np.mean(lat))
        self.xy = local_xy(lat, lon, self.lat0)
        self.time_csr = csr_matrix((etime, (eu, ev)), shape=(n, n))
        # One Dijkstra gives time and distance: weight = whole ms * 2**27 + centimetres, exact in
        # float64 up to 18 h and 1,342 km per path; ties in time go to the shorter path.
        self._lex_csr = csr_matrix((np.rint(etime * 1000) * _LEX + np.rint(elen * 100), (eu, ev)), shape=(n, n))
        self._edge_key = np.asarray(eu, dtype=np.int64) * n + ev
        self._key_order = np.argsort(self._edge_key)
        self._build_snap_index()

    # --- construction ---------------------------------------------------------------

    @classmethod
    def from_graph(cls, graph: Any, meta: dict[str, Any] | None = None, *, orphans: np.ndarray | None = None) -> RoadNetwork:
        """From a strongly connected networkx graph with ``travel_time`` and ``length`` on its edges."""
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
                u_ll = (lat[k[0]], lon[k[0]])
                if _d2(line[-1], u_ll) < _d2(line[0], u_ll):  # keep every polyline oriented u → v
                    line.reverse()
            else:
                line = [(lat[k[0]], lon[k[0]]), (lat[k[1]], lon[k[1]])]
            coords.extend(line)
            offsets.append(len(coords))
        meta = dict(meta or {})
        meta.setdefault("speed_assumption", graph.graph.get("speed_assumption", ""))
        return cls(ids, lat, lon, eu, ev, etime, elen, np.array(offsets, dtype=np.int64),
                   np.array(coords, dtype=float).reshape(-1, 2), meta, orphans)

    @classmethod
    def from_file(cls, path: str | Path, *, network: str = "drive", cache_dir: str | Path | None = None,
                  bbox: tuple[float, float, float, float] | None = None) -> RoadNetwork:
        """Load (or reload from the cache) the largest connected part of a road file.

        ``bbox`` (south, west, north, east) clips a raw OSM file before the graph is built;
        the cache key holds the file's content, the network, the box and the cache version.
        """
        from tournees.network import cache
        from tournees.network.graph import largest_component, load_graph

        path = Path(path)
        extra = {} if bbox is None else {"bbox": ",".join(f"{v:.5f}" for v in bbox)}
        key = cache.key_for(path, network=network, version=CACHE_VERSION, **extra) if path.exists() else None
        if cache_dir is not None and key is not None:
            arrays = cache.load(Path(cache_dir), "roads", key)
            if arrays is not None:
                meta = json.loads(str(arrays.pop("meta")))
                return cls(meta=meta, **arrays)
        full = load_graph(path, network=network, bbox=bbox)
        graph = largest_component(full)
        cut_off = [(full.nodes[u]["y"], full.nodes[u]["x"], full.nodes[v]["y"], full.nodes[v]["x"])
                   for u, v in full.edges() if u not in graph or v not in graph]
        roads = cls.from_graph(graph, {"source": path.name, "network": network}, orphans=np.array(cut_off, dtype=float))
        if cache_dir is not None and key is not None:
            cache.save(Path(cache_dir), "roads", key, roads.arrays())
        return roads

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "node_ids": self.node_ids, "lat": self.lat, "lon": self.lon, "eu": self.eu, "ev": self.ev,
            "etime": self.etime, "elen": self.elen, "geom_offsets": self.geom_offsets, "geom": self.geom,
            "orphans": self.orphans, "meta": np.array(json.dumps(self.meta, sort_keys=True)),
        }

    def fingerprint(self) -> str:
        if getattr(self, "_fingerprint", None):
            return self._fingerprint
        digest = hashlib.sha256()
        for name, arr in self.arrays().items():
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(arr).tobytes())
        self._fingerprint: str = digest.hexdigest()
        return self._fingerprint

    # --- snapping --------------------------------------------------------------------

    def _build_snap_index(self) -> None:
        # Each edge's polyline (its OSM geometry on simplified graphs), cut into straight segments:
        # a place snaps to the real road, not to the chord between the edge's two nodes.
        counts = np.diff(self.geom_offsets)
        pts = local_xy(self.geom[:, 0], self.geom[:, 1], self.lat0) if len(self.geom) else np.zeros((0, 2))
        is_start = np.ones(len(pts), dtype=bool)
        is_start[self.geom_offsets[1:] - 1] = False  # an edge's last point starts no segment
        starts = np.flatnonzero(is_start)
        self._seg_a, self._seg_b = pts[starts], pts[starts + 1]
        seg_counts = np.maximum(counts - 1, 0)
        self._seg_edge = np.repeat(np.arange(len(counts)), seg_counts)
        self._seg_len = np.linalg.norm(self._seg_b - self._seg_a, axis=1)
        self._edge_poly_len = np.bincount(self._seg_edge, weights=self._seg_len, minlength=len(counts))
        before = np.cumsum(self._seg_len) - self._seg_len
        first = np.cumsum(seg_counts) - seg_counts
        self._seg_from = before - before[first[self._seg_edge]]  # polyline length before each segment, in its edge
        self._sample_seg, self._tree = self._sample_tree(self._seg_a, self._seg_b)
        if len(self.orphans):
            o = self.orphans
            _, self._orphan_tree = self._sample_tree(local_xy(o[:, 0], o[:, 1], self.lat0), local_xy(o[:, 2], o[:, 3], self.lat0))
        else:
            self._orphan_tree = None

    @staticmethod
    def _sample_tree(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, cKDTree]:
        """Points every few metres along straight segments a→b, in a KD-tree, with their segment."""
        seg = np.linalg.norm(b - a, axis=1)
        counts = np.maximum(1, np.ceil(seg / _SAMPLE_M).astype(int)) + 1
        edge_of = np.repeat(np.arange(len(a)), counts)
        first = np.repeat(np.cumsum(counts) - counts, counts)
        t = (np.arange(len(edge_of)) - first) / np.repeat(counts - 1, counts)  # 0 … 1 along each edge
        pts = a[edge_of] + (b - a)[edge_of] * t[:, None]
        return edge_of, cKDTree(pts)

    def _nearest_on(self, p: np.ndarray, segments: set[int]) -> tuple[float, int, float]:
        """(distance, edge, fraction of the edge's length) of the nearest point of ``segments`` to ``p``."""
        best: tuple[float, int, float] | None = None
        for seg in sorted(segments):
            a, ab = self._seg_a[seg], self._seg_b[seg] - self._seg_a[seg]
            denom = float(ab @ ab)
            t = 0.0 if denom == 0 else float(np.clip((p - a) @ ab / denom, 0.0, 1.0))
            d = float(np.linalg.norm(p - (a + t * ab)))
            edge = int(self._seg_edge[seg])
            total = self._edge_poly_len[edge]
            f = 0.0 if total == 0 else float(np.clip((self._seg_from[seg] + t * self._seg_len[seg]) / total, 0.0, 1.0))
            if best is None or (d, edge) < (best[0], best[1]):
                best = (d, edge, f)
        assert best is not None
        return best

    def snap(self, places: Sequence[Place], *, max_snap_m: float = 500.0, access_speed_mps: float = 1.2) -> list[Snap]:
        """Each place on its nearest edge; a place farther than ``max_snap_m`` is an error naming it."""
        if not places:
            return []
        xy = local_xy(np.array([p.lat for p in places]), np.array([p.lon for p in places]), self.lat0)
        _, idx = self._tree.query(xy, k=min(8, len(self._sample_seg)))
        idx = np.atleast_2d(idx)
        snaps, too_far, cut_off = [], [], []
        orphan_d = self._orphan_tree.query(xy)[0] if self._orphan_tree is not None else np.full(len(places), np.inf)
        for place, p, candidates, d_orphan in zip(places, xy, idx, orphan_d, strict=True):
            d, edge, f = self._nearest_on(p, {int(self._sample_seg[i]) for i in candidates})
            if d_orphan + _ORPHAN_MARGIN_M < d:
                cut_off.append(f"{place.id} ({place.lat:.5f}, {place.lon:.5f})")
                continue
            if d > max_snap_m:
                too_far.append(f"{place.id} ({place.lat:.5f}, {place.lon:.5f}) à {d:.0f} m")
                continue
            snaps.append(Snap(place, edge, f, d, d / access_speed_mps))
        if cut_off:
            raise NetworkError(
                f"{len(cut_off)} lieu(x) sur une portion de route coupée du reste du réseau "
                f"({self.meta.get('source', '?')}) : " + "; ".join(cut_off[:20])
                + ". Aucun trajet n'y mène : vérifiez leurs coordonnées ou complétez le réseau."
            )
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

    def _spliced(self, snaps: Sequence[Snap]) -> csr_matrix:
        """The graph with one extra node per snap (numbered from ``n``) spliced into its edges.

        Points on one edge are chained in order along it (and along its reverse edge), so a
        trip between two of them, or from one to the road beyond, is an ordinary shortest path.
        A point standing on a node (within half a metre) is also joined to that node both ways.
        """
        n = len(self.node_ids)
        rows: list[int] = []
        cols: list[int] = []
        weights: list[float] = []

        def add(a: int, b: int, edge: int, share: float) -> None:
            w = np.rint(share * self.etime[edge] * 1000) * _LEX + np.rint(share * self.elen[edge] * 100)
            rows.append(a)
            cols.append(b)
            weights.append(max(float(w), 1.0))  # a zero would read as "no edge"

        by_edge: dict[int, list[tuple[float, int]]] = {}
        for k, snap in enumerate(snaps):
            by_edge.setdefault(snap.edge, []).append((snap.fraction, n + k))
        for edge, points in by_edge.items():
            points.sort()
            chains = [(edge, points)]
            back = self._reverse_edge(edge)
            if back >= 0:
                chains.append((back, [(1 - f, v) for f, v in reversed(points)]))
            for e, seq in chains:
                node, at = int(self.eu[e]), 0.0
                for f, v in seq:
                    add(node, v, e, f - at)
                    node, at = v, f
                add(node, int(self.ev[e]), e, 1 - at)
            for f, v in points:
                for end, metres in ((int(self.eu[edge]), f * self.elen[edge]), (int(self.ev[edge]), (1 - f) * self.elen[edge])):
                    if metres < 0.5:
                        rows += [v, end]
                        cols += [end, v]
                        weights += [1.0, 1.0]
        base = self._lex_csr.tocoo()
        size = n + len(snaps)
        return csr_matrix(
            (np.concatenate([base.data, weights]), (np.concatenate([base.row, rows]), np.concatenate([base.col, cols]))),
            shape=(size, size),
        )

    def matrix(self, origins: Sequence[Snap], destinations: Sequence[Snap] | None = None, *, chunk: int = 200) -> Matrix:
        """Many-to-many fastest travel times (s) and the distance of those paths (m)."""
        origins = list(origins)
        same_set = destinations is None
        destinations = origins if destinations is None else list(destinations)
        snaps = origins if same_set else origins + destinations
        graph = self._spliced(snaps)
        n = len(self.node_ids)
        first_dest = n if same_set else n + len(origins)
        cols = np.arange(first_dest, first_dest + len(destinations))
        dur = np.empty((len(origins), len(destinations)))
        dist = np.empty_like(dur)
        for start in range(0, len(origins), chunk):
            block = np.arange(n + start, n + min(start + chunk, len(origins)))
            lex = dijkstra(graph, directed=True, indices=block)[:, cols]
            finite = np.isfinite(lex)
            value = np.where(finite, lex, 0.0)
            high = np.floor(value / _LEX)
            dur[start:start + len(block)] = np.where(finite, high / 1000.0, np.inf)
            dist[start:start + len(block)] = (value - high * _LEX) / 100.0
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

    def cached_matrix(self, places: Sequence[Place], *, cache_dir: str | Path, max_snap_m: float = 500.0,
                      access_speed_mps: float = 1.2) -> Matrix:
        """:meth:`snap` then :meth:`matrix`, kept on disk under a key of the network, places and settings."""
        from tournees.network import cache

        digest = hashlib.sha256(self.fingerprint().encode())
        digest.update(json.dumps([[p.id, p.lat, p.lon] for p in places]).encode())
        digest.update(f"|{max_snap_m}|{access_speed_mps}|{CACHE_VERSION}".encode())
        key = digest.hexdigest()[:32]
        hit = cache.load(Path(cache_dir), "matrix", key)
        if hit is not None:
            ids = [p.id for p in places]
            unreachable = [(ids[i], ids[j]) for i, j in zip(*np.nonzero(hit["durations"] == UNREACHABLE), strict=True)]
            return Matrix(ids, ids, hit["durations"], hit["distances"], unreachable)
        result = self.matrix(self.snap(places, max_snap_m=max_snap_m, access_speed_mps=access_speed_mps))
        cache.save(Path(cache_dir), "matrix", key, {"durations": result.durations, "distances": result.distances})
        return result

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
        return [tuple(map(float, p)) for p in self.geom[self.geom_offsets[e]:self.geom_offsets[e + 1]]]  # type: ignore[misc]
