"""Travel-time matrix benchmark on the Orléans network (issue 3).

Prints our 1000 x 1000 matrix time, networkx single-source Dijkstra in the same run
(timed on a subset of sources and scaled linearly to 1000: said in the output),
the values compared on that subset, the cached reload time and the peak memory.
Last line: ``ratio_vs_networkx=<float>``.

    python benchmarks/matrix.py [--n 1000] [--nx-sources 40] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time

import networkx as nx
import numpy as np

from tournees.network.graph import largest_component, load_graph
from tournees.network.roads import Place, RoadNetwork
from tournees.settings import load_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--nx-sources", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    path = load_settings().road_file("roads", "orleans", "orleans.graphml.gz")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"network: {path.name} (© OpenStreetMap contributors)")

    t0 = time.perf_counter()
    graph = largest_component(load_graph(path))
    roads = RoadNetwork.from_graph(graph)
    print(f"graph load + prepare: {time.perf_counter() - t0:.2f} s ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")

    rng = np.random.default_rng(args.seed)
    nodes = sorted(graph.nodes)
    pick = [nodes[i] for i in rng.choice(len(nodes), args.n, replace=False)]
    places = [Place(str(n), graph.nodes[n]["y"], graph.nodes[n]["x"]) for n in pick]

    t0 = time.perf_counter()
    snaps = roads.snap(places)
    matrix = roads.matrix(snaps)
    ours = time.perf_counter() - t0
    print(f"tournees {args.n}x{args.n} (snap + matrix, times and distances): {ours:.2f} s")

    k = min(args.nx_sources, args.n)
    t0 = time.perf_counter()
    nx_rows = [nx.single_source_dijkstra_path_length(graph, pick[i], weight="travel_time") for i in range(k)]
    nx_time = (time.perf_counter() - t0) * args.n / k
    print(f"networkx single_source_dijkstra_path_length: {k} sources timed, scaled x{args.n / k:.0f} -> {nx_time:.2f} s (times only)")

    worst = max(abs(matrix.durations[i, j] - nx_rows[i][pick[j]]) for i in range(k) for j in range(args.n))
    print(f"values compared on {k} x {args.n} pairs: max |difference| = {worst:.2f} s (rounding to whole seconds)")

    try:  # the contraction-hierarchy engine we tried (times only: see the README)
        import routingkit_cch as rk

        n, tail, head = len(roads.node_ids), roads.eu.tolist(), roads.ev.tolist()
        t0 = time.perf_counter()
        order = rk.compute_order_inertial(n, tail, head, roads.lat.astype(np.float32).tolist(), roads.lon.astype(np.float32).tolist())
        metric = rk.CCHMetric(rk.CCH(order, tail, head, False), np.rint(roads.etime * 1000).astype(np.uint32).tolist())
        prep = time.perf_counter() - t0
        targets = [roads.node_ids.searchsorted(p) for p in pick]
        many = rk.CCHOneToMany(metric, [int(t) for t in targets])
        t0 = time.perf_counter()
        for source in targets:
            many.distances_from(int(source))
        print(f"routingkit-cch (node to node, times only, no distances): preprocessing {prep:.2f} s, "
              f"{args.n}x{args.n} in {time.perf_counter() - t0:.2f} s")
    except ImportError:
        print("routingkit-cch not installed: contraction-hierarchy comparison skipped")

    with tempfile.TemporaryDirectory() as tmp:
        RoadNetwork.from_file(path, cache_dir=tmp)
        t0 = time.perf_counter()
        RoadNetwork.from_file(path, cache_dir=tmp)
        print(f"cached network reload: {time.perf_counter() - t0:.3f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MiB")
    print(f"ratio_vs_networkx={nx_time / ours:.1f}")
    return 0 if worst <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
