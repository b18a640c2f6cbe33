#!/usr/bin/env python3
"""Worker benchmark: starts the real packaged jar on loopback and measures

  1. worker respawn after kill -9: spawn to HELLO (the pool's own figure) and kill to ready again
     (seen from outside), once the worker AOT cache is built,
  2. idle worker resident memory (VmRSS from /proc),
  3. CPU-bound speed-up: 8 `spin` items of ~0.3 s, chunkSize=1, pool of 2 against pool of 1, on
     services whose job path is warm (warm_job_path), each job started with the service quiet,

against a same-run baseline (bare `java -version` start time; pool of 1 for the speed-up), and
prints medians and ratios. With --compare-jar it measures a second jar (say, the main branch) the
same way in the same run: both services run side by side and their workers are killed in turn,
with a bare-java start between rounds, so load drift hits all three alike. Usage:
  python3 bench/workers.py [--runs N] [--respawns N] [--jar PATH] [--compare-jar PATH] [--no-build]
Stdlib only. Everything it starts it stops, by pid. Targets 127.0.0.1 only.
"""
import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forkpool_bench  # noqa: E402
from forkpool_bench import JAVA, ROOT, rss_mb  # noqa: E402

SPIN_SECONDS = 0.3
WARM_JOBS = 1000  # see warm_job_path


class Service(forkpool_bench.Service):
    def __init__(self, jar, java, workers, extra=()):
        super().__init__(jar, workers, java=java, args=extra, prefix="forkpool-bench-workers-")

    def await_cache(self, timeout=300):
        """Waits for the worker AOT cache; returns its status (absent on jars without one)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            state = self.pool().get("workerCache")
            if state is None or not state.startswith(("checking", "building")):
                return state
            time.sleep(0.5)
        return "still building after %ds" % timeout

    def all_idle(self):
        p = self.pool()
        return p["alive"] == self.workers and all(w["state"] == "IDLE" for w in p["workers"])

    def job(self, function, items, query=""):
        """POSTs a job, waits for it, returns (seconds, job view)."""
        t = time.perf_counter()
        status, body = self.request(
            "POST", f"/jobs/{function}{query}", json.dumps(items),
            {"Content-Type": "application/json", "Prefer": "wait=60"})
        assert status in (200, 202), (status, body[:300])
        job = json.loads(body)
        while job["status"] in ("QUEUED", "RUNNING"):
            status, body = self.request("GET", f"/jobs/{job['id']}", headers={"Prefer": "wait=60"})
            job = json.loads(body)
        elapsed = time.perf_counter() - t
        assert job["status"] == "SUCCEEDED", job
        return elapsed, job


def ms(duration):
    return float(duration.removeprefix("PT").removesuffix("S")) * 1000


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt(xs, unit="ms"):
    if not xs:
        return "n/a"
    return f"median {med(xs):8.1f} {unit}  min {min(xs):8.1f}  max {max(xs):8.1f}  (n={len(xs)})"


def bare_java_ms(java):
    t = time.perf_counter()
    subprocess.run([java, "-version"], capture_output=True, check=True)
    return (time.perf_counter() - t) * 1000


def respawns(svc, n, first=0):
    hello, ready = [], []
    for i in range(first, first + n):
        while not svc.all_idle():
            time.sleep(0.02)
        victim = svc.pool()["workers"][i % svc.workers]
        t = time.perf_counter()
        os.kill(victim["pid"], signal.SIGKILL)
        deadline = time.time() + 60
        while time.time() < deadline:
            w = svc.pool()["workers"][victim["slot"]]
            if w["pid"] and w["pid"] != victim["pid"] and w["state"] == "IDLE":
                ready.append((time.perf_counter() - t) * 1000)
                hello.append(ms(w["handshake"]))
                break
            time.sleep(0.005)
    return hello, ready


def idle_rss(svc):
    time.sleep(1)  # let the fresh workers settle
    return [rss_mb(w["pid"]) for w in svc.pool()["workers"] if w["pid"]]


def calibrate_rounds(jar, java):
    """Spin rounds that take about SPIN_SECONDS on one worker of this machine now."""
    svc = Service(jar, java, 1, ["--forkpool.pool.aot-cache=false"])
    try:
        rounds = 50_000_000
        svc.job("spin", [rounds])
        for _ in range(3):
            secs, job = svc.job("spin", [rounds])
            rounds = int(rounds * SPIN_SECONDS / max(secs, 0.01))
        return rounds
    finally:
        svc.stop()


def cpu_seconds(pid):
    """User + system CPU of one process (not its children), from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def await_quiet(pid, most=90):
    """Waits until the service uses under 3% of a core over a second. A fresh JVM compiles its
    start-up code for a minute or more after it answers (C1/C2 threads, measured here: 0.46 s of
    service CPU per 8-item spin job right after start, 0.18 s a minute later); a job timed meanwhile
    shares the two cores with the compiler, not with forkpool's own work."""
    deadline = time.monotonic() + most
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(1)
        if cpu_seconds(pid) - before < 0.03:
            return


def warm_job_path(svc, jobs=WARM_JOBS):
    """Runs the service's job path (submit, claim, dispatch, complete, answer) `jobs` times with
    8 one-item chunks of near-zero work, as a service that has been up a while has run it. Right
    after start every chunk still runs through cold, interpreted code and feeds the JIT: measured
    here, the service's own CPU per timed 8-item spin job fell from 160 to 80 ms after 1,000 such
    jobs, and on two cores the compiler's and the cold path's CPU is taken from the workers."""
    for _ in range(jobs):
        svc.job("spin", [1000] * 8, "?chunkSize=1")


def spin_times(jar, java, workers, rounds, runs, service_cpu):
    """Wall seconds of each 8-item spin job, each started with the service quiet; appends the
    service's own CPU seconds per job to service_cpu."""
    svc = Service(jar, java, workers)
    try:
        svc.await_cache()
        svc.job("spin", [rounds] * 8, "?chunkSize=1")  # warm-up
        warm_job_path(svc)
        times = []
        for _ in range(runs):
            await_quiet(svc.proc.pid)
            before = cpu_seconds(svc.proc.pid)
            times.append(svc.job("spin", [rounds] * 8, "?chunkSize=1")[0])
            service_cpu.append(cpu_seconds(svc.proc.pid) - before)
        return times
    finally:
        svc.stop()


def measure(jars, java, args, rounds, bare):
    """Runs the services of all jars side by side and kills their workers in turn, so drift in the
    machine's load hits every jar (and the bare-java baseline) alike; then the spin runs, rounds
    interleaved the same way."""
    results = [{"hello": [], "ready": [], "rss": [], "one": [], "two": [], "svc_cpu": []} for _ in jars]
    services = []
    try:
        for jar in jars:
            services.append(Service(jar, java, 2))
        for jar, svc in zip(jars, services):
            t = time.perf_counter()
            cache = svc.await_cache()
            print(f"{jar}: worker AOT cache {cache} (waited {time.perf_counter() - t:.1f} s)")
        for svc in services:  # every worker now started the way respawns start
            respawns(svc, svc.workers)
        for i in range(args.respawns):
            for r, svc in zip(results, services):
                hello, ready = respawns(svc, 1, i)
                r["hello"] += hello
                r["ready"] += ready
            bare.append(bare_java_ms(java))
        for r, svc in zip(results, services):
            r["rss"] = idle_rss(svc)
    finally:
        for svc in services:
            svc.stop()
    for _ in range(args.rounds):
        for r, jar in zip(results, jars):
            r["one"] += spin_times(jar, java, 1, rounds, args.runs, [])
            r["two"] += spin_times(jar, java, 2, rounds, args.runs, r["svc_cpu"])
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--respawns", type=int, default=15)
    ap.add_argument("--runs", type=int, default=3, help="spin jobs per service start")
    ap.add_argument("--rounds", type=int, default=2, help="service starts per pool size")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "forkpool-0.1.0-SNAPSHOT.jar"))
    ap.add_argument("--compare-jar", help="another jar to measure the same way, e.g. the main branch's")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--java", default=JAVA)
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["./mvnw", "-q", "-B", "-DskipTests", "package"], cwd=ROOT, check=True)
    load = open("/proc/loadavg").read().split()[:3]
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(load)} at start "
          "(a shared, loaded machine makes every figure noisy: compare ratios from the same run)")

    bare = [bare_java_ms(args.java) for _ in range(3)]
    rounds = calibrate_rounds(args.jar, args.java)
    print(f"spin: {rounds:,} rounds per item (~{SPIN_SECONDS} s on one worker)")

    jars = [args.jar] + ([args.compare_jar] if args.compare_jar else [])
    labels = ["this jar", "compare jar"]
    results = list(zip(labels, measure(jars, args.java, args, rounds, bare)))

    print(f"\nbaseline: bare `java -version`       {fmt(bare)}")
    for label, r in results:
        speedup = med(r["one"]) / med(r["two"]) if r["two"] else float("nan")
        print(f"\n{label}: {jars[labels.index(label)]}")
        print(f"  respawn, spawn to HELLO            {fmt(r['hello'])}   = {med(r['hello']) / med(bare):.2f}x bare java")
        print(f"  respawn, kill -9 to ready (polled) {fmt(r['ready'])}")
        print(f"  idle worker RSS                    {fmt(r['rss'], 'MB')}")
        print(f"  8 x spin, pool of 1                {fmt(r['one'], 's ')}")
        print(f"  8 x spin, pool of 2                {fmt(r['two'], 's ')}")
        print(f"  speed-up pool 2 / pool 1           {speedup:.2f}x (ideal 2.00x)")
        print(f"  service's own CPU per pool-2 job   {fmt([c * 1000 for c in r['svc_cpu']])}"
              f"   = {med(r['svc_cpu']) / med(r['two']) * 100:.1f}% of one core over the job")
    print(f"\nload average at end: {' '.join(open('/proc/loadavg').read().split()[:3])}")


if __name__ == "__main__":
    main()
