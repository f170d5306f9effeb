#!/usr/bin/python3
"""The Python module's speed, every figure from one run.

    /usr/bin/python3 tools/bench/python_bench.py [--build DIR] [--work DIR]
                                                 [--repeat N] [--samples N]
                                                 [--no-networkx] [--check]

1. The ministry (datasets/motie-2025): ``model.apply`` of one move followed by
   ``metrics`` of the what-if, SAMPLES times after a warm-up; median, 95th
   percentile and worst, in milliseconds. Limit: 1 ms.
2. The 100k model (policygraph-generate: 10,000 functions, 100,000
   dependencies, 500 units, seed 1, depth 4, 12 domains, JSON), loaded once:
   ``model.metrics()`` from Python against the compute time the command line
   reports for the same work (the ``metrics`` line of ``policygraph metrics
   --timings``, not counting reading and printing), in two alternating
   blocks of REPEAT runs each, with all cores and with one thread; medians.
   Limit: 1.2 times the command line's.
   In the same process, for scale: the same figures computed by the
   benchmark's python-igraph and networkx peers (tools/bench/peer_*.py) on
   their own graphs, read once, as a notebook user of those libraries would.
   Every result is checked to be the command line's JSON.

--build names the build folder (default build/release: tools/ and python/
under it). --check exits 1 when a limit is missed. Progress goes to standard
error, the table to standard output.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
MINISTRY = ROOT / "datasets/motie-2025/model.json"
MOVE = [{"op": "move-function", "function": "growth-hindering-regulation",
         "to": "regulatory-innovation-division"}]


def log(text):
    print(text, file=sys.stderr, flush=True)


def timed(call, repeat):
    """The wall times of REPEAT calls, in seconds, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times, result


def cli_compute_seconds(cli, model, threads):
    """The top-level `metrics` phase of --timings, in seconds, and the JSON."""
    done = subprocess.run([cli, "metrics", model, "--format", "json", "--timings",
                           "--threads", str(threads)],
                          capture_output=True, text=True, check=True)
    for line in done.stderr.splitlines():
        # "timing:        1.9 ms  metrics" (sub-steps are indented with "- ")
        parts = line.split()
        if len(parts) == 4 and parts[0] == "timing:" and parts[3] == "metrics":
            value = float(parts[1])
            return value / {"ms": 1e3, "s": 1.0, "us": 1e6}[parts[2]], json.loads(done.stdout)
    raise SystemExit("python_bench: no metrics line in --timings:\n" + done.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(ROOT / "build/release"))
    ap.add_argument("--work", default=None, help="folder for the 100k model (default: a temporary one)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--no-networkx", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    build = pathlib.Path(args.build)
    cli = str(build / "tools/policygraph")
    generate = str(build / "tools/policygraph-generate")
    for exe in (cli, generate):
        if not os.access(exe, os.X_OK):
            raise SystemExit("python_bench: %s is missing (cmake --build --preset release)" % exe)
    sys.path.insert(0, str(build / "python"))
    sys.path.insert(0, str(HERE))
    import policygraph

    rows, failed = [], []

    # ---- 1. the ministry: apply + metrics ----------------------------------------
    log("# ministry: apply + metrics, %d samples" % args.samples)
    ministry = policygraph.load(MINISTRY)

    def apply_and_measure():
        return ministry.apply("after-2025", MOVE).metrics()

    timed(apply_and_measure, 50)  # warm-up
    times, result = timed(apply_and_measure, args.samples)
    expected = json.loads(subprocess.run(
        [cli, "metrics", str(MINISTRY), "--structure", "after-2025", "--format", "json"],
        capture_output=True, text=True, check=True).stdout)
    if result["cross_unit_share"] >= expected["cross_unit_share"]:
        raise SystemExit("python_bench: the move did not lower the cross-unit share")
    times.sort()
    median, p95, worst = (statistics.median(times), times[int(0.95 * len(times)) - 1], times[-1])
    rows.append(("ministry", "apply + metrics (Python)", "%.3f ms" % (median * 1e3),
                 "p95 %.3f ms, worst %.3f ms" % (p95 * 1e3, worst * 1e3),
                 "limit 1 ms: %s" % ("met" if median <= 1e-3 else "MISSED")))
    if median > 1e-3:
        failed.append("ministry apply + metrics")
    m_times, _ = timed(lambda: ministry.metrics("after-2025"), args.samples)
    rows.append(("ministry", "metrics alone (Python)", "%.3f ms" % (statistics.median(m_times) * 1e3),
                 "", ""))

    # ---- 2. the 100k model ----------------------------------------------------------
    work = pathlib.Path(args.work) if args.work else pathlib.Path(tempfile.mkdtemp(prefix="pg-py-bench."))
    model_dir = work / "100k"
    model = model_dir / "model.json"
    if not model.exists():
        log("# generating the 100k model into %s" % model_dir)
        subprocess.run([generate, "--functions", "10000", "--dependencies", "100000", "--units", "500",
                        "--depth", "4", "--domains", "12", "--structures", "2", "--seed", "1",
                        "--form", "json", "-o", str(model_dir)], check=True, capture_output=True)
    start = time.perf_counter()
    big = policygraph.load(model)
    load_seconds = time.perf_counter() - start
    big.metrics()  # warm-up
    py_median = None
    for threads in (0, 1):
        # In alternating blocks, so that a slow spell of the machine falls on
        # both; within a block the calls follow each other, as in a notebook.
        log("# 100k: the command line's compute time and metrics from Python, threads %s, "
            "2 blocks of %d runs each" % (threads or "all", args.repeat))
        cli_times, py_times = [], []
        for _ in range(2):
            for _ in range(args.repeat):
                seconds, cli_json = cli_compute_seconds(cli, str(model), threads)
                cli_times.append(seconds)
            for _ in range(args.repeat):
                start = time.perf_counter()
                py_json = big.metrics(threads=threads)
                py_times.append(time.perf_counter() - start)
            if py_json != cli_json:
                raise SystemExit("python_bench: Python's metrics differ from the command line's")
        cli_m, py_m = statistics.median(cli_times), statistics.median(py_times)
        ratio = py_m / cli_m
        cores = "all cores" if threads == 0 else "1 thread"
        rows.append(("100k", "metrics compute, CLI --timings, %s" % cores, "%.1f ms" % (cli_m * 1e3),
                     "%d runs, %.1f to %.1f ms" % (len(cli_times), min(cli_times) * 1e3,
                                                   max(cli_times) * 1e3), ""))
        rows.append(("100k", "model.metrics() from Python, %s" % cores, "%.1f ms" % (py_m * 1e3),
                     "ratio to the CLI's compute %.2f" % ratio,
                     "limit 1.2: %s" % ("met" if ratio <= 1.2 else "MISSED")))
        if ratio > 1.2:
            failed.append("100k metrics ratio (%s)" % cores)
        if threads == 0:
            py_median = py_m
    rows.append(("100k", "policygraph.load (Python, once)", "%.1f ms" % (load_seconds * 1e3), "", ""))

    # The peers in this process, each on its own graph read once.
    sys.path.insert(0, str(ROOT / "tests/reference"))
    from compare_json import compare as compare_documents  # noqa: E402
    import peer_igraph  # noqa: E402
    import peer_model  # noqa: E402
    peers = [("python-igraph", peer_igraph)]
    if not args.no_networkx:
        import peer_networkx  # noqa: E402
        peers.append(("networkx", peer_networkx))
    for name, peer in peers:
        log("# 100k: %s in this process" % name)
        pm = peer_model.Model(str(model))
        if peer is peer_igraph:
            graph = peer.FunctionGraph(pm)
            call = lambda: peer.structure_metrics(pm, graph, pm.structure(None))  # noqa: E731
        else:
            full = peer.build_graph(pm)
            members = [[] for _ in pm.domains]
            for f, ds in enumerate(pm.function_domains):
                for k in set(ds):
                    members[k].append(f)
            call = lambda: peer.structure_metrics(pm, full, members, pm.structure(None))  # noqa: E731
        runs = 1 if peer is not peer_igraph else args.repeat
        times, out = timed(call, runs)
        problems = []
        compare_documents(cli_json, json.loads(json.dumps(out)), "$", 1e-9, 1e-12, problems)
        if problems:
            raise SystemExit("python_bench: %s's figures differ: %s" % (name, problems[:3]))
        seconds = statistics.median(times)
        rows.append(("100k", "the same figures, %s" % name, "%.1f ms" % (seconds * 1e3),
                     "%.1f times policygraph from Python" % (seconds / py_median), ""))

    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    print("  ".join(h.ljust(w) for h, w in zip(("model", "what", "median", "", ""), widths)).rstrip())
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    print("cores: %d; Python %s; %s" % (os.cpu_count(), sys.version.split()[0], policygraph.__version__))
    if args.check and failed:
        log("python_bench: limits missed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
