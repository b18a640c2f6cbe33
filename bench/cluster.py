#!/usr/bin/env python3
"""Cluster benchmark: the packaged jar, twice on one PostgreSQL schema and once on H2.

Measures
  1. throughput: one job of N one-item chunks (square, chunkSize=1), time from submit to
     SUCCEEDED, reported as chunks/s (median of --runs), on 2 nodes/PostgreSQL and 1 node/H2;
  2. takeover: after `kill -9` of a node and its workers, how long until its chunks are ready
     again (lease expiry + reclaim) and running on the other node (median of --deaths).

Only loopback. Everything it starts is stopped by pid; the schema and H2 directory are removed.

  ./mvnw -B package -DskipTests && python3 bench/cluster.py [--chunks 20000 --runs 3 --deaths 3]
"""
import argparse
import json
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forkpool_bench  # noqa: E402
from forkpool_bench import PG_URL, PG_USER  # noqa: E402

SCHEMA = "fp_bench_" + secrets.token_hex(4)


def psql(sql):
    return forkpool_bench.psql(sql, SCHEMA)


def http(method, url, body=None, headers=None, timeout=120):
    req = urllib.request.Request(url, method=method, data=body, headers=headers or {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.loads(r.read() or b"null")


class Node(forkpool_bench.Service):
    """One node; its pool size and store come in `args`, its log goes to log_dir."""

    def __init__(self, jar, name, args, log_dir):
        super().__init__(jar, name=name, args=args, log_dir=log_dir)
        self.base = f"http://127.0.0.1:{self.port}"


def run_job(submit_to, wait_on, items):
    body = json.dumps(items).encode()
    t0 = time.monotonic()
    status, job = http("POST", submit_to.base + "/jobs/square?chunkSize=1", body,
                       {"Content-Type": "application/json"})
    while job["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED"):
        _, job = http("GET", f"{wait_on.base}/jobs/{job['id']}", headers={"Prefer": "wait=60"})
    elapsed = time.monotonic() - t0
    assert job["status"] == "SUCCEEDED" and job["completed"] == len(items), job
    return elapsed, job


def throughput(name, nodes, chunks, runs):
    rates = []
    for i in range(runs):
        elapsed, job = run_job(nodes[0], nodes[-1], list(range(chunks)))
        rates.append(chunks / elapsed)
        print(f"  {name} run {i + 1}: {chunks} chunks in {elapsed:.1f} s = {chunks / elapsed:.0f} chunks/s"
              f" (nodes {job['nodes']})", flush=True)
    return statistics.median(rates)


def takeover(jar, schema_args, log_dir, deaths, lease, renew):
    survivor = Node(jar, "bench-b", schema_args, log_dir)
    ready_times, running_times = [], []
    victim = None
    try:
        for i in range(deaths):
            victim = Node(jar, f"bench-a{i}", schema_args, log_dir)
            items = [300] * 60
            _, job = http("POST", victim.base + "/jobs/sleep?chunkSize=1", json.dumps(items).encode(),
                          {"Content-Type": "application/json"})
            jid = job["id"]
            owner = victim.name
            while int(psql(f"SELECT COUNT(*) FROM fp_chunk WHERE job_id = '{jid}' AND lease_owner = '{owner}'")) == 0:
                time.sleep(0.05)
            # Let the victim renew once at least, so the lease runs from a normal renewal.
            time.sleep(renew)
            lost = psql(f"SELECT start_index FROM fp_chunk WHERE job_id = '{jid}' AND state = 'RUNNING'"
                        f" AND lease_owner = '{owner}'").split()
            keys = ",".join(lost)
            victim.kill()  # a crash: kill -9 of the node, then of its workers
            t0 = time.monotonic()
            t_ready = t_running = None
            while t_running is None:
                moved = psql(f"SELECT COUNT(*) FILTER (WHERE lease_owner IS DISTINCT FROM '{owner}'),"
                             f" COUNT(*) FILTER (WHERE ran_on <> '{owner}')"
                             f" FROM fp_chunk WHERE job_id = '{jid}' AND start_index IN ({keys})").split("|")
                now = time.monotonic() - t0
                if t_ready is None and int(moved[0]) == len(lost):
                    t_ready = now
                if int(moved[1]) > 0:
                    t_running = now
                    t_ready = t_ready or now
                time.sleep(0.02)
            ready_times.append(t_ready)
            running_times.append(t_running)
            print(f"  death {i + 1}: {len(lost)} chunks lost; ready again after {t_ready:.2f} s,"
                  f" first running on {survivor.name} after {t_running:.2f} s", flush=True)
            _, done = run_wait(survivor, jid)
            assert done["status"] == "SUCCEEDED" and done["completed"] == len(items), done
            victim.stop()
    finally:
        if victim is not None:
            victim.stop()
        survivor.stop()
    return statistics.median(ready_times), statistics.median(running_times)


def run_wait(node, jid):
    while True:
        status, job = http("GET", f"{node.base}/jobs/{jid}", headers={"Prefer": "wait=60"})
        if job["status"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return status, job


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jar", default="target/forkpool-0.1.0-SNAPSHOT.jar")
    p.add_argument("--chunks", type=int, default=20000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--deaths", type=int, default=3)
    p.add_argument("--workers", type=int, default=1, help="worker processes per node")
    p.add_argument("--lease", type=float, default=5, help="forkpool.node.lease in seconds")
    p.add_argument("--renew", type=float, default=1, help="forkpool.node.renew-every in seconds")
    a = p.parse_args()

    schema = SCHEMA
    h2_dir = tempfile.mkdtemp(prefix="forkpool-bench-h2-")
    log_dir = tempfile.mkdtemp(prefix="forkpool-bench-logs-")
    print(f"schema {schema}, logs in {log_dir}", flush=True)
    psql(f"CREATE SCHEMA {schema}")
    common = [f"--forkpool.pool.size={a.workers}", f"--forkpool.node.lease={int(a.lease * 1000)}ms",
              f"--forkpool.node.renew-every={int(a.renew * 1000)}ms", "--forkpool.node.idle-poll=1s",
              "--forkpool.jobs.max-chunk-size=100000", "--logging.level.dev.forkpool=WARN"]
    pg_args = common + [f"--spring.datasource.url={PG_URL}?currentSchema={schema}",
                        f"--spring.datasource.username={PG_USER}", "--spring.datasource.password="]
    nodes = []
    try:
        nodes = [Node(a.jar, "bench-a", pg_args, log_dir), Node(a.jar, "bench-b", pg_args, log_dir)]
        print(f"throughput, 2 nodes x {a.workers} workers on PostgreSQL:", flush=True)
        pg_rate = throughput("postgres", nodes, a.chunks, a.runs)
        for n in nodes:
            n.stop()
        # The same number of workers in all as the two PostgreSQL nodes, so only the store differs.
        nodes = [Node(a.jar, "bench-h2", [x for x in common if "pool.size" not in x]
                           + [f"--forkpool.data-dir={h2_dir}", f"--forkpool.pool.size={2 * a.workers}"], log_dir)]
        print(f"throughput, 1 node x {2 * a.workers} workers on H2:", flush=True)
        h2_rate = throughput("h2", nodes, a.chunks, a.runs)
        nodes[0].stop()
        nodes = []
        print(f"takeover after kill -9 (lease {a.lease} s, renew every {a.renew} s):", flush=True)
        ready, running = takeover(a.jar, pg_args, log_dir, a.deaths, a.lease, a.renew)
        print()
        print(f"median throughput, 2 nodes on PostgreSQL: {pg_rate:.0f} chunks/s")
        print(f"median throughput, 1 node on H2 (same total workers): {h2_rate:.0f} chunks/s")
        print(f"median time from kill -9 to chunks ready again: {ready:.2f} s")
        print(f"median time from kill -9 to running on the survivor: {running:.2f} s")
    finally:
        for n in nodes:
            n.stop()
        psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        shutil.rmtree(h2_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
