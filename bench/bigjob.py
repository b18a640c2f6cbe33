#!/usr/bin/env python3
"""Big-job benchmark: starts the real packaged jar on loopback (./mvnw -q -DskipTests package first)
and measures, each against a baseline taken in the same run:

  1. 1,000,000 `square` items: json.dumps, POST with Prefer: wait, GET results, json.loads
     (the client's own JSON work counts on forkpool's side), against
     multiprocessing.Pool(2).map(square, range(1_000_000)) including the pool's start and close;
  2. the same with `identity`, against the bench-only no-op endpoint (the same JSON parsed and
     written back by the service, no store and no worker: the floor);
  3. time to the first NDJSON line of a 1M `square` job against the time to its last line,
     both counted from the start of the POST;
  4. the service's peak resident memory (VmHWM/VmRSS of the service process, not its workers)
     while it runs a 1M job and streams its results to 4 clients at once.

Usage: python3 bench/bigjob.py [--runs N] [--items N] [--jar PATH] [--jfr FILE]
Stdlib only. Everything it starts it stops, by pid. Loopback only; every run is bounded.
"""
import argparse
import glob
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from forkpool_bench import DEFAULT_JVM, JAVA, ROOT, Service, rss_mb  # noqa: E402


def square(x):
    return x * x


def job_round_trip(svc, function, items):
    """json.dumps, POST with Prefer: wait, GET results, json.loads: what a Python client pays."""
    body = json.dumps(items)
    status, answer = svc.request("POST", f"/jobs/{function}", body,
                                 {"Content-Type": "application/json", "Prefer": "wait=600"})
    assert status == 202, (status, answer[:300])
    job = json.loads(answer)
    assert job["status"] == "SUCCEEDED", job
    status, answer = svc.request("GET", f"/jobs/{job['id']}/results")
    assert status == 200, (status, answer[:300])
    return json.loads(answer)["results"]


def noop_round_trip(svc, items):
    body = json.dumps(items)
    status, answer = svc.request("POST", "/bench/noop", body, {"Content-Type": "application/json"})
    assert status == 200, (status, answer[:300])
    return json.loads(answer)["results"]


def ndjson_first_last(svc, items):
    """Seconds from the start of the POST to the first and to the last result line."""
    t0 = time.perf_counter()
    body = json.dumps(items)
    status, answer = svc.request("POST", "/jobs/square", body, {"Content-Type": "application/json"})
    assert status == 202, (status, answer[:300])
    job_id = json.loads(answer)["id"]
    conn = svc.conn()
    try:
        conn.request("GET", f"/jobs/{job_id}/results", headers={"Accept": "application/x-ndjson"})
        r = conn.getresponse()
        assert r.status == 200, r.status
        first = None
        lines = 0
        last_line = None
        for line in r:
            if first is None:
                first = time.perf_counter() - t0
            obj = json.loads(line)
            if "index" in obj:
                lines += 1
            else:
                last_line = obj
        last = time.perf_counter() - t0
    finally:
        conn.close()
    assert lines == len(items), (lines, len(items))
    assert last_line and last_line.get("status") == "SUCCEEDED", last_line
    return first, last


def stream_count(svc, job_id, out, i):
    conn = svc.conn()
    try:
        conn.request("GET", f"/jobs/{job_id}/results", headers={"Accept": "application/x-ndjson"})
        r = conn.getresponse()
        n = 0
        for line in r:
            n += 1
        out[i] = n
    finally:
        conn.close()


def rss_under_streams(svc, items, clients=4):
    body = json.dumps(items)
    status, answer = svc.request("POST", "/jobs/square", body, {"Content-Type": "application/json"})
    assert status == 202, (status, answer[:300])
    job_id = json.loads(answer)["id"]
    counts = [0] * clients
    threads = [threading.Thread(target=stream_count, args=(svc, job_id, counts, i)) for i in range(clients)]
    peak = rss_mb(svc.proc.pid)
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        peak = max(peak, rss_mb(svc.proc.pid))
        time.sleep(0.02)
    for t in threads:
        t.join()
    assert all(c == len(items) + 1 for c in counts), counts
    return peak


def warm_up(run, name, most=60, least=3):
    """Runs `run` (which checks its own answer) until its time stops falling: the last three runs
    beat the best before them by no more than 3%, or `most` seconds have passed."""
    times = []
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        t = time.perf_counter()
        assert run()
        times.append(time.perf_counter() - t)
        if len(times) >= least + 3 and min(times[-3:]) >= 0.97 * min(times[:-3]):
            break
    print(f"   warm-up {name}: {len(times)} runs, {times[0]:.3f}s first, {min(times):.3f}s best")


def fmt(xs, unit="s"):
    return f"median {statistics.median(xs):7.3f}{unit}  min {min(xs):7.3f}  max {max(xs):7.3f}  (n={len(xs)})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--jar", default=None)
    ap.add_argument("--java", default=JAVA)
    ap.add_argument("--jfr", default=None, help="record a JFR profile of the service into this file")
    ap.add_argument("--only", default="1234", help="which parts to run, e.g. 12")
    ap.add_argument("--jvm", action="append", default=[], help="extra JVM flag for the service, e.g. --jvm=-Xmx512m")
    args = ap.parse_args()
    jar = args.jar or next(iter(sorted(glob.glob(os.path.join(ROOT, "target", "forkpool-*.jar")))), None)
    if not jar or not os.path.exists(jar):
        raise SystemExit("no jar in target/: run ./mvnw -q -DskipTests package first")
    extra = list(args.jvm)
    if args.jfr:
        extra.append(f"-XX:StartFlightRecording=filename={os.path.abspath(args.jfr)},settings=profile,dumponexit=true")
    items = list(range(args.items))
    print(f"machine: {os.cpu_count()} cores (shared, loaded); workers: {args.workers}; items: {args.items:,};"
          f" service JVM flags: {' '.join(extra) or 'none'} (and {' '.join(DEFAULT_JVM)} unless they set a heap cap)")
    svc = Service(jar, args.workers, java=args.java, jvm=extra, args=["--forkpool.bench.noop=true"],
                  prefix="forkpool-bigjob-", timeout=300, request_timeout=600)
    try:
        expected = [x * x for x in items]
        # Warm up every path until its time settles: a JIT-cold run measures the compiler, not the
        # service (measured here: the service's compiler threads still took 56 ms of CPU per 1M
        # identity job after 6 such jobs, on the two cores the workers need).
        warm_up(lambda: job_round_trip(svc, "square", items) == expected, "square")
        if "2" in args.only:
            warm_up(lambda: job_round_trip(svc, "identity", items) == items, "identity")
            warm_up(lambda: noop_round_trip(svc, items) == items, "no-op")
        if "1" in args.only:
            fp, py, client = [], [], []
            results_text = json.dumps({"results": expected})
            for _ in range(args.runs):
                # What the Python client's own JSON work costs, with no service at all: the part
                # of the forkpool figure that no server change can remove.
                t = time.perf_counter()
                json.dumps(items)
                json.loads(results_text)
                client.append(time.perf_counter() - t)
                t = time.perf_counter()
                assert job_round_trip(svc, "square", items) == expected
                fp.append(time.perf_counter() - t)
                t = time.perf_counter()
                with multiprocessing.Pool(args.workers) as p:
                    out = p.map(square, range(args.items))
                py.append(time.perf_counter() - t)
                assert out == expected
            print(f"\n1. {args.items:,} square: dumps + POST wait + GET results + loads, vs Pool({args.workers}).map")
            print(f"   forkpool          {fmt(fp)}")
            print(f"   Python Pool.map   {fmt(py)}")
            print(f"   client JSON alone {fmt(client)}  (json.dumps of the input + json.loads of the results)")
            print(f"   ratio             {statistics.median(fp) / statistics.median(py):.2f}x  (must <= 1.0, aim 0.5)")
        if "2" in args.only:
            ident, floor = [], []
            for _ in range(args.runs):
                t = time.perf_counter()
                assert job_round_trip(svc, "identity", items) == items
                ident.append(time.perf_counter() - t)
                t = time.perf_counter()
                assert noop_round_trip(svc, items) == items
                floor.append(time.perf_counter() - t)
            print(f"\n2. {args.items:,} identity, the same round trip, vs the no-op floor (dumps + POST + loads)")
            print(f"   forkpool identity {fmt(ident)}")
            print(f"   no-op floor       {fmt(floor)}")
            print(f"   ratio             {statistics.median(ident) / statistics.median(floor):.2f}x  (must <= 1.5, aim 1.2)")
        if "3" in args.only:
            firsts, lasts, ratios = [], [], []
            for _ in range(args.runs):
                first, last = ndjson_first_last(svc, items)
                firsts.append(first)
                lasts.append(last)
                ratios.append(first / last)
            print(f"\n3. NDJSON stream of a {args.items:,} square job, from the start of the POST")
            print(f"   first line        {fmt(firsts)}")
            print(f"   last line         {fmt(lasts)}")
            print(f"   ratio first/last  median {statistics.median(ratios):.3f}  (must <= 0.2, aim 0.05)")
        if "4" in args.only:
            peaks = [rss_under_streams(svc, items) for _ in range(max(1, args.runs // 2))]
            print(f"\n4. service RSS while a {args.items:,} job runs and streams to 4 clients")
            print(f"   peak RSS          {fmt(peaks, ' MB')}  (must <= 1024 MB, aim 400)")
    finally:
        svc.stop()


if __name__ == "__main__":
    main()
