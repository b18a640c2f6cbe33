#!/usr/bin/env python3
"""What a small job costs in CPU, on PostgreSQL or H2, for one or more jars side by side.

On a shared 2-core machine, jobs/s moves by a third from one run to the next with the load of
other tenants. CPU time per job moves far less, so this prints it next to the rate: the service
JVM's and PostgreSQL's (the sum over every `postgres` process, from /proc/<pid>/stat), per job of
hotpath.py's (c) load: [1,2,3,4,5] POSTed to /jobs/square with `Prefer: wait=10` by wrk at 32
connections, one node with 2 workers, on a fresh schema of database `test`. With --store h2, the
load is (a)'s instead, on the embedded H2 store in a fresh data directory, and only the service's
CPU counts.

Each jar in turn, --alternations times: start it, warm it with --warm-rounds of 5 s, then time
--rounds of 5 s and print their medians. Only loopback; everything started is stopped by pid and
every schema is dropped.

  python3 bench/jobcost.py --jar old.jar --jar new.jar [--alternations 3] [--store h2]
"""
import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forkpool_bench  # noqa: E402
import hotpath  # noqa: E402
from forkpool_bench import PG_URL, PG_USER, psql  # noqa: E402

SECONDS = 5


def cpu_ms(pids):
    """User plus system CPU of these processes so far, in ms; a process that is gone counts 0."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def postgres_pids():
    pids = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/comm") as f:
                    if f.read().strip() == "postgres":
                        pids.append(int(p))
            except OSError:
                pass
    return pids


def measure(jar, warm_rounds, rounds, script, store):
    """Medians of (jobs/s, service ms/job, PostgreSQL ms/job) over `rounds` timed wrk runs."""
    schema = "fp_bench_" + secrets.token_hex(4)
    data = tempfile.mkdtemp(prefix="forkpool-jobcost-")
    args = []
    if store == "postgres":
        psql(f"CREATE SCHEMA {schema}")
        args = [f"--spring.datasource.url={PG_URL}?currentSchema={schema}",
                f"--spring.datasource.username={PG_USER}", "--spring.datasource.password="]
    service = forkpool_bench.Service(jar, 2, args=args, data_dir=data)
    try:
        for _ in range(warm_rounds):
            forkpool_bench.wrk(service.port, "/jobs/square", SECONDS, 32, script)
        rows = []
        for _ in range(rounds):
            pg = postgres_pids() if store == "postgres" else []
            before = cpu_ms([service.proc.pid]), cpu_ms(pg)
            rate, bad = forkpool_bench.wrk(service.port, "/jobs/square", SECONDS, 32, script)
            after = cpu_ms([service.proc.pid]), cpu_ms(pg)
            if bad:
                raise SystemExit(f"{bad} bad answers from {jar}")
            jobs = rate * SECONDS
            rows.append((rate, (after[0] - before[0]) / jobs, (after[1] - before[1]) / jobs))
        return tuple(statistics.median(r[i] for r in rows) for i in range(3))
    finally:
        service.stop()
        if store == "postgres":
            psql(f"DROP SCHEMA {schema} CASCADE")
        shutil.rmtree(data, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", action="append", required=True, help="a jar to measure; repeat to compare")
    ap.add_argument("--alternations", type=int, default=3)
    ap.add_argument("--warm-rounds", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--store", choices=["postgres", "h2"], default="postgres")
    args = ap.parse_args()
    fd, script = tempfile.mkstemp(suffix=".lua")
    with os.fdopen(fd, "w") as f:
        f.write(hotpath.JOB_SCRIPT)
    results = {jar: [] for jar in args.jar}
    try:
        for a in range(args.alternations):
            for jar in args.jar:
                rate, service, pg = measure(jar, args.warm_rounds, args.rounds, script, args.store)
                results[jar].append((rate, service, pg))
                print(f"  {a + 1}. {jar}: {rate:.0f} jobs/s; CPU per job: service {service:.3f} ms"
                      + (f", PostgreSQL {pg:.3f} ms" if args.store == "postgres" else ""), flush=True)
    finally:
        os.remove(script)
    print("medians over the alternations:")
    for jar, rows in results.items():
        med = [statistics.median(r[i] for r in rows) for i in range(3)]
        print(f"  {jar}: {med[0]:.0f} jobs/s; CPU per job: service {med[1]:.3f} ms"
              + (f", PostgreSQL {med[2]:.3f} ms" if args.store == "postgres" else ""))


if __name__ == "__main__":
    sys.exit(main())
