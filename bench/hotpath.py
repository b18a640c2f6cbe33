#!/usr/bin/env python3
"""Hot-path benchmark: what a small job costs, against baselines measured in the same run.

Starts the packaged jar (./mvnw -q -DskipTests package first) on loopback and prints medians and
ratios:

  a. small jobs/s: [1,2,3,4,5] POSTed to /jobs/square with `Prefer: wait=10` by wrk at 32
     connections, against the same server's GET /functions req/s      (must >= 0.15x, aim 0.3x)
  b. a 5-item job on one keep-alive connection: POST with Prefer: wait, then GET its results,
     median of --latency-runs, against Python's warm multiprocessing.Pool(2).map of the same
     items                                                             (must <= 2.0x, aim 0.75x)
  c. a and b on PostgreSQL, 1 node, against the H2 figures             (must >= 0.5x, aim 0.8x)
  d. small jobs/s with 2 nodes on one PostgreSQL, wrk on both          (must >= 1000 jobs/s)
  e. accepted jobs lost after kill -9 right after a burst of 202s, H2, --kill-rounds of 20
                                                                       (must be 0)

With --jfr FILE, the first round of (a)'s job load on H2 is recorded with Java Flight Recorder, and
the service's CPU samples are printed by layer (H2, JDBC, HTTP, JSON, worker pipes...) with the
hottest methods.

The machine this runs on may be shared and loaded: only the ratios against the same run's
baselines mean much. Only loopback; everything started is stopped by pid; schemas and data
directories are removed.

  python3 bench/hotpath.py [--only a,b,e] [--seconds 10] [--rounds 3] [--jfr /tmp/hot.jfr]
"""
import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forkpool_bench  # noqa: E402
from forkpool_bench import JAVA_HOME, PG_URL, PG_USER, ROOT, parallel_wrk, psql, wrk  # noqa: E402

ITEMS = [1, 2, 3, 4, 5]
BODY = json.dumps(ITEMS).replace(" ", "")


def square(x):
    return x * x


class Service(forkpool_bench.Service):
    """One forkpool JVM on loopback, node id `name`, data and log in data_dir."""

    def __init__(self, jar, name, workers, data_dir, extra=(), jvm=()):
        super().__init__(jar, workers, name=name, args=extra, jvm=jvm, data_dir=data_dir, request_timeout=120)


JOB_SCRIPT = """
wrk.method = "POST"
wrk.body = "%s"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Prefer"] = "wait=10"
local bad = 0
function response(status, headers, body)
  if status ~= 202 or not string.find(body, '"SUCCEEDED"', 1, true) then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write("BAD " .. bad .. "\\n")
end
""" % BODY
# wrk runs done() once per thread with a fresh Lua state; bad counts are per thread, so the
# BAD line shows one thread's count. It is a check that answers are right, not a total.


def jcmd(pid, *args):
    subprocess.run([os.path.join(JAVA_HOME, "bin", "jcmd"), str(pid), *args], check=True, capture_output=True)


def throughput(services, seconds, rounds, connections=32, jfr=None):
    """Medians of GET /functions req/s and small jobs/s, rounds interleaved, summed over services."""
    script = os.path.join(tempfile.gettempdir(), f"forkpool-job-{os.getpid()}.lua")
    with open(script, "w") as f:
        f.write(JOB_SCRIPT)
    per = max(1, connections // len(services))
    functions, jobs, bad = [], [], 0
    try:
        # Warm-up until the rates settle: JIT and connection pools (see forkpool_bench.warm_up).
        forkpool_bench.warm_up(services, "/jobs/square", per, script, log=print)
        forkpool_bench.warm_up(services, "/functions", per, None, log=print)
        for r in range(rounds):
            functions.append(sum(parallel_wrk(services, "/functions", seconds, per, None)[0]))
            if jfr and r == 0:
                # Profile the first round of the job load only, not start-up or GET /functions.
                jcmd(services[0].proc.pid, "JFR.start", "name=hotpath", "settings=profile", f"filename={jfr}")
            rates, b = parallel_wrk(services, "/jobs/square", seconds, per, script)
            if jfr and r == 0:
                jcmd(services[0].proc.pid, "JFR.stop", "name=hotpath")
            jobs.append(sum(rates))
            bad += b
    finally:
        os.remove(script)
    return statistics.median(functions), statistics.median(jobs), functions, jobs, bad


def latency(service, runs, most_seconds=90):
    """Median ms of POST (Prefer: wait) + GET results on one keep-alive connection, measured once
    the JIT has settled: windows of `runs` round trips repeat until a window's median is no more
    than 5% better than the best before it (at most `most_seconds`); the last window counts."""
    conn = http.client.HTTPConnection("127.0.0.1", service.port, timeout=60)

    def window():
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            conn.request("POST", "/jobs/square", body=BODY,
                         headers={"Content-Type": "application/json", "Prefer": "wait=10"})
            r = conn.getresponse()
            view = json.loads(r.read())
            assert r.status == 202 and view["status"] == "SUCCEEDED", view
            conn.request("GET", f"/jobs/{view['id']}/results")
            r = conn.getresponse()
            results = json.loads(r.read())
            assert r.status == 200 and results["results"] == [x * x for x in ITEMS], results
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times)

    try:
        start = time.monotonic()
        medians = [window()]
        while time.monotonic() - start < most_seconds:
            medians.append(window())
            if len(medians) >= 3 and medians[-1] >= 0.95 * min(medians[:-1]):
                break
        print(f"  latency windows of {runs} (ms): {[round(m, 2) for m in medians]}", flush=True)
        return medians[-1]
    finally:
        conn.close()


def python_pool(runs):
    with multiprocessing.Pool(2) as pool:
        for _ in range(20):
            pool.map(square, ITEMS)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            assert pool.map(square, ITEMS) == [x * x for x in ITEMS]
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def kill_rounds(jar, rounds, burst):
    """Jobs answered 202 and then missing after kill -9 and a restart on the same H2 file."""
    data = tempfile.mkdtemp(prefix="forkpool-bench-kill-")
    lost = 0
    try:
        for r in range(rounds):
            s = Service(jar, f"kill{r}", 2, data)
            ids = []
            for _ in range(burst):
                status, body = s.request("POST", "/jobs/square", BODY, {"Content-Type": "application/json"})
                assert status == 202, (status, body)
                ids.append(json.loads(body)["id"])
            s.kill()
            s = Service(jar, f"kill{r}-again", 2, data)
            missing = [i for i in ids if s.request("GET", f"/jobs/{i}")[0] != 200]
            lost += len(missing)
            print(f"  round {r + 1}: {burst} accepted, {len(missing)} lost", flush=True)
            s.stop()
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return lost


CATEGORIES = [
    # (label, frame prefixes): a sample counts for the first label any of its frames matches.
    ("store: H2 engine", ("org.h2.",)),
    ("store: PostgreSQL driver", ("org.postgresql.",)),
    ("store: JDBC, pool, transactions", ("com.zaxxer.", "org.springframework.jdbc.", "org.springframework.transaction.")),
    ("forkpool store classes", ("dev.forkpool.job.JobStore", "dev.forkpool.job.JobTable", "dev.forkpool.job.ChunkTable")),
    ("worker pipes and frames", ("dev.forkpool.pool.", "dev.forkpool.protocol.")),
    ("JSON (Jackson)", ("tools.jackson.", "com.fasterxml.")),
    ("HTTP (Tomcat, Spring MVC)", ("org.apache.tomcat.", "org.apache.coyote.", "org.apache.catalina.",
                                   "org.springframework.web.", "jakarta.servlet.")),
    ("forkpool other", ("dev.forkpool.",)),
    ("logging, metrics", ("ch.qos.logback.", "org.slf4j.", "io.micrometer.")),
]


def breakdown(jfr_file):
    """Where the service's CPU samples fall, by the layer in their stack (a rough per-job cost split)."""
    out = subprocess.run([os.path.join(JAVA_HOME, "bin", "jfr"), "print", "--json", "--stack-depth", "256",
                          "--events", "jdk.ExecutionSample", jfr_file], capture_output=True, text=True)
    try:
        events = json.loads(out.stdout)["recording"]["events"]
    except (ValueError, KeyError):
        print("could not read the recording:", out.stderr[:500])
        return
    counts = {}
    for e in events:
        frames = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                  for f in (e["values"].get("stackTrace") or {}).get("frames", [])]
        label = "JVM, JDK and other"
        for name, prefixes in CATEGORIES:
            if any(f.startswith(prefixes) for f in frames):
                label = name
                break
        counts[label] = counts.get(label, 0) + 1
    total = sum(counts.values()) or 1
    print(f"JFR CPU samples of the service ({total}), by the first layer found in each stack:")
    for label, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {label:40s} {n:6d} {100.0 * n / total:5.1f}%")
    hot = subprocess.run([os.path.join(JAVA_HOME, "bin", "jfr"), "view", "--width", "160", "hot-methods", jfr_file],
                         capture_output=True, text=True)
    print("\n".join((hot.stdout or hot.stderr).splitlines()[:22]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", default=None)
    ap.add_argument("--only", default="a,b,c,d,e")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--latency-runs", type=int, default=200)
    ap.add_argument("--kill-rounds", type=int, default=5)
    ap.add_argument("--jfr", default=None)
    args = ap.parse_args()
    only = set(args.only.split(","))
    jar = args.jar or next(
        os.path.join(ROOT, "target", f) for f in sorted(os.listdir(os.path.join(ROOT, "target")))
        if f.startswith("forkpool-") and f.endswith(".jar"))
    if only & {"a", "c", "d"} and not shutil.which("wrk"):
        subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "wrk"], check=True,
                       capture_output=True)
    print(f"jar {jar}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} "
          "(a shared machine: compare ratios, not absolute figures)", flush=True)
    figures = {}
    if only & {"a", "b", "c"}:
        data = tempfile.mkdtemp(prefix="forkpool-bench-h2-")
        jvm = ["-XX:FlightRecorderOptions:stackdepth=256"] if args.jfr else []
        s = Service(jar, "h2", 2, data, jvm=jvm)
        try:
            if "a" in only or "c" in only:
                f, j, fs, js, bad = throughput([s], args.seconds, args.rounds, jfr=args.jfr)
                figures["h2_functions"], figures["h2_jobs"] = f, j
                print(f"(a) H2: GET /functions {f:.0f} req/s {[round(x) for x in fs]}; small jobs "
                      f"{j:.0f} jobs/s {[round(x) for x in js]}; ratio {j / f:.3f} (must >= 0.15, aim 0.3)"
                      f"{'; BAD ANSWERS ' + str(bad) if bad else ''}", flush=True)
            if "b" in only or "c" in only:
                ms = latency(s, args.latency_runs)
                py = python_pool(args.latency_runs)
                figures["h2_latency"], figures["python"] = ms, py
                print(f"(b) H2: 5-item job POST+GET on one connection {ms:.2f} ms; Python Pool(2).map "
                      f"{py:.2f} ms; ratio {ms / py:.2f} (must <= 2.0, aim 0.75)", flush=True)
        finally:
            s.stop()
            shutil.rmtree(data, ignore_errors=True)
        if args.jfr:
            breakdown(args.jfr)
    if only & {"c", "d"}:
        schema = "fp_bench_" + secrets.token_hex(4)
        psql(f"CREATE SCHEMA {schema}")
        data = tempfile.mkdtemp(prefix="forkpool-bench-pg-")
        pg = [f"--spring.datasource.url={PG_URL}?currentSchema={schema}",
              f"--spring.datasource.username={PG_USER}", "--spring.datasource.password="]
        try:
            if "c" in only:
                s = Service(jar, "pg1", 2, data, extra=pg)
                try:
                    f, j, fs, js, bad = throughput([s], args.seconds, args.rounds)
                    ms = latency(s, args.latency_runs)
                finally:
                    s.stop()
                print(f"(c) PostgreSQL 1 node: GET /functions {f:.0f} req/s; small jobs {j:.0f} jobs/s "
                      f"{[round(x) for x in js]} = {j / figures['h2_jobs']:.2f}x H2; latency {ms:.2f} ms "
                      f"(H2 {figures['h2_latency']:.2f} ms: PostgreSQL at {figures['h2_latency'] / ms:.2f}x "
                      f"H2's speed; must >= 0.5)"
                      f"{'; BAD ANSWERS ' + str(bad) if bad else ''}", flush=True)
            if "d" in only:
                nodes = [Service(jar, f"pg{n}", 1, data, extra=pg) for n in ("a", "b")]
                try:
                    f, j, fs, js, bad = throughput(nodes, args.seconds, args.rounds)
                finally:
                    for n in nodes:
                        n.stop()
                print(f"(d) PostgreSQL 2 nodes (1 worker each): small jobs {j:.0f} jobs/s "
                      f"{[round(x) for x in js]} (must >= 1000); GET /functions {f:.0f} req/s"
                      f"{'; BAD ANSWERS ' + str(bad) if bad else ''}", flush=True)
        finally:
            psql(f"DROP SCHEMA {schema} CASCADE")
            shutil.rmtree(data, ignore_errors=True)
    if "e" in only:
        lost = kill_rounds(jar, args.kill_rounds, 20)
        print(f"(e) H2: accepted jobs lost after kill -9: {lost} of {args.kill_rounds * 20} (must be 0)",
              flush=True)


if __name__ == "__main__":
    sys.exit(main())
