#!/usr/bin/env python3
"""Core-service benchmark: starts the real packaged jar on loopback and measures

  1. worker spawn-to-HELLO time (initial workers and respawns after kill -9),
  2. latency of a 5-item square job: POST with Prefer: wait, then GET its results,
  3. end-to-end time of a 1,000,000-item square job: POST, wait, download all results,

each against Python's multiprocessing.Pool on the same input in the same run, and prints
medians and ratios. Usage: python3 bench/core.py [--runs N] [--latency-runs N] [--jar PATH]
Stdlib only. Everything it starts it stops, by pid.
"""
import argparse
import json
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from forkpool_bench import JAVA, ROOT, Service  # noqa: E402


def square(x):
    return x * x


def run_job(svc, items_json, wait=120):
    status, body = svc.request(
        "POST", "/jobs/square", items_json,
        {"Content-Type": "application/json", "Prefer": f"wait={wait}"})
    assert status == 202, (status, body[:300])
    job = json.loads(body)
    status, body = svc.request("GET", f"/jobs/{job['id']}/results", headers={"Prefer": f"wait={wait}"})
    assert status == 200, (status, body[:300])
    return json.loads(body)


def handshakes_ms(pool):
    return [float(w["handshake"].removeprefix("PT").removesuffix("S")) * 1000 for w in pool["workers"]]


def fmt(xs):
    return f"median {statistics.median(xs):8.2f}  min {min(xs):8.2f}  max {max(xs):8.2f}  (n={len(xs)})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="runs of the 1M job and its baseline")
    ap.add_argument("--latency-runs", type=int, default=50)
    ap.add_argument("--respawns", type=int, default=10)
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "forkpool-0.1.0-SNAPSHOT.jar"))
    ap.add_argument("--java", default=JAVA)
    args = ap.parse_args()
    workers = os.cpu_count()
    if not os.path.exists(args.jar):
        raise SystemExit(f"no jar at {args.jar}: run ./mvnw -DskipTests package first")
    print(f"machine: {workers} cores; workers: {workers}; jar: {os.path.relpath(args.jar, ROOT)}")

    svc = Service(args.jar, workers, java=args.java, timeout=120)
    try:
        # 1. Spawn to HELLO: the initial workers, then respawns after kill -9 of an idle worker.
        initial = handshakes_ms(svc.pool())
        respawn = []
        for i in range(args.respawns):
            pool = svc.pool()
            victim = pool["workers"][i % workers]
            os.kill(victim["pid"], signal.SIGKILL)
            deadline = time.time() + 30
            while time.time() < deadline:
                w = svc.pool()["workers"][victim["slot"]]
                if w["pid"] and w["pid"] != victim["pid"] and w["state"] == "IDLE":
                    respawn.append(handshakes_ms({"workers": [w]})[0])
                    break
                time.sleep(0.05)
        t = time.perf_counter()
        subprocess.run([args.java, "-Xshare:auto", "-version"], capture_output=True, check=True)
        java_version_ms = [(time.perf_counter() - t) * 1000]
        for _ in range(4):
            t = time.perf_counter()
            subprocess.run([args.java, "-Xshare:auto", "-version"], capture_output=True, check=True)
            java_version_ms.append((time.perf_counter() - t) * 1000)
        py_pool_start = []
        for _ in range(5):
            t = time.perf_counter()
            with multiprocessing.Pool(workers) as p:
                p.map(square, [1])
            py_pool_start.append((time.perf_counter() - t) * 1000)
        print("\n1. worker spawn to HELLO (ms)")
        print(f"   forkpool initial workers     {fmt(initial)}")
        print(f"   forkpool respawn after kill  {fmt(respawn)}")
        print(f"   baseline: bare `java -version` {fmt(java_version_ms)}")
        print(f"   baseline: Python Pool({workers}) start+map+close {fmt(py_pool_start)}")

        # 2. Five-item job latency, warm.
        five = json.dumps([1, 2, 3, 4, 5])
        for _ in range(10):
            assert run_job(svc, five)["results"] == [1, 4, 9, 16, 25]
        lat = []
        for _ in range(args.latency_runs):
            t = time.perf_counter()
            r = run_job(svc, five)
            lat.append((time.perf_counter() - t) * 1000)
            assert r["results"] == [1, 4, 9, 16, 25]
        with multiprocessing.Pool(workers) as p:
            p.map(square, [1, 2, 3, 4, 5])
            py_lat = []
            for _ in range(args.latency_runs):
                t = time.perf_counter()
                assert p.map(square, [1, 2, 3, 4, 5]) == [1, 4, 9, 16, 25]
                py_lat.append((time.perf_counter() - t) * 1000)
        print("\n2. 5-item square job, POST with Prefer: wait + GET results, loopback (ms)")
        print(f"   forkpool                     {fmt(lat)}   p90 {statistics.quantiles(lat, n=10)[-1]:.2f}")
        print(f"   baseline: warm Pool.map      {fmt(py_lat)}")
        print(f"   ratio forkpool / Pool.map    {statistics.median(lat) / statistics.median(py_lat):.1f}x")

        # 3. One million squares end to end.
        items = list(range(1, args.items + 1))
        body = json.dumps(items)
        expected_last = args.items * args.items
        fp = []
        for _ in range(args.runs):
            t = time.perf_counter()
            r = run_job(svc, body, wait=600)
            fp.append(time.perf_counter() - t)
            assert len(r["results"]) == args.items and r["results"][-1] == expected_last and r["results"][1] == 4
        py = []
        for _ in range(args.runs):
            t = time.perf_counter()
            with multiprocessing.Pool(workers) as p:
                out = p.map(square, items)
            py.append(time.perf_counter() - t)
            assert out[-1] == expected_last
        print(f"\n3. {args.items:,} squares end to end (s): forkpool = JSON encode is excluded, POST + compute + "
              "store + GET all results + JSON decode;\n   baseline = Pool(%d) start + map + close" % workers)
        print(f"   forkpool                     {fmt(fp)}")
        print(f"   baseline: Python Pool.map    {fmt(py)}")
        print(f"   ratio forkpool / Pool.map    {statistics.median(fp) / statistics.median(py):.2f}x")
    finally:
        svc.stop()


if __name__ == "__main__":
    main()
