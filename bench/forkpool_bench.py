"""Helpers shared by the benchmark scripts under bench/: start the packaged jar on loopback, talk to
it, stop it (and its workers) by pid, run wrk and psql. Stdlib only.

The scripts import it with their own directory on sys.path, so `python3 bench/x.py` works from
anywhere.
"""
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA_HOME = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
JAVA = os.path.join(JAVA_HOME, "bin", "java")
PG_URL = os.environ.get("FORKPOOL_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test")
PG_USER = os.environ.get("FORKPOOL_BENCH_PG_USER", "postgres")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql, schema=None):
    env = dict(os.environ)
    if schema:
        env["PGOPTIONS"] = f"-c search_path={schema}"
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", PG_USER, "-d", "test", "-Atqc", sql],
                         check=True, capture_output=True, text=True, env=env)
    return out.stdout.strip()


def rss_mb(pid):
    """Resident memory of one process (not its children), from /proc."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def kill_pids(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# The README's way to run the jar: "java -Xmx1g -jar ..." (and spring-boot:run passes -Xmx1g).
# Without a cap the JVM's default heap is a quarter of the host's memory (6 GiB here), and G1 grows
# into it under load: what a benchmark then measures is the host, not the service.
DEFAULT_JVM = ("-Xmx1g",)


class Service:
    """One forkpool JVM on loopback, on a free port, with the actuator on the API port, started
    with DEFAULT_JVM unless `jvm` names a heap cap of its own.

    workers: forkpool.pool.size, or None to leave it to `args` (then it waits for the pool's own
    desired count). data_dir: None makes a temporary directory for data and log, removed at stop;
    a path is passed as forkpool.data-dir and kept. log_dir without data_dir: no data-dir flag, the
    log goes there. name: also the node id when given. Returns once every worker is alive.
    """

    def __init__(self, jar, workers=None, *, name=None, java=JAVA, args=(), jvm=(), data_dir=None,
                 log_dir=None, prefix="forkpool-bench-", timeout=180, request_timeout=300):
        self.name, self.port, self.request_timeout = name or "service", free_port(), request_timeout
        self.temp = None
        if data_dir is None and log_dir is None:
            self.temp = data_dir = tempfile.mkdtemp(prefix=prefix)
        self.data = data_dir
        self.log = open(os.path.join(log_dir or data_dir, f"{self.name}.log"), "ab")
        if not any(flag.startswith(("-Xmx", "-XX:MaxRAM")) for flag in jvm):
            jvm = (*DEFAULT_JVM, *jvm)
        cmd = [java, *jvm, "-jar", jar, f"--server.port={self.port}", f"--management.server.port={self.port}",
               "--server.address=127.0.0.1", "--logging.level.root=WARN"]
        if data_dir:
            cmd.append(f"--forkpool.data-dir={data_dir}")
        if workers is not None:
            cmd.append(f"--forkpool.pool.size={workers}")
        if name:
            cmd.append(f"--forkpool.node.id={name}")
        self.proc = subprocess.Popen([*cmd, *args], stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.workers = workers
        try:
            self._await_workers(timeout)
        except BaseException:
            self.kill()  # never leave a half-started service behind
            self._cleanup()
            raise

    def _await_workers(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.name} exited at start; see {self.log.name}")
            try:
                pool = self.pool()
                if pool["alive"] == (self.workers if self.workers is not None else pool["desired"]):
                    if self.workers is None:
                        self.workers = pool["desired"]
                    return
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not come up; see {self.log.name}")

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.request_timeout)

    def request(self, method, path, body=None, headers=None):
        """(status, body bytes) of one request on a fresh connection."""
        conn = self.conn()
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def pool(self):
        status, body = self.request("GET", "/actuator/pool")
        if status != 200:
            raise ValueError(status)
        return json.loads(body)

    def worker_pids(self):
        if self.proc.poll() is not None:
            return []
        try:
            return [w["pid"] for w in self.pool()["workers"] if w.get("pid")]
        except (OSError, ValueError, KeyError):
            return []

    def stop(self):
        """SIGTERM (the service stops its own workers), kill -9 if it hangs; then any worker left."""
        workers = self.worker_pids()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        kill_pids(workers)  # workers exit on EOF; this only catches stragglers
        self._cleanup()

    def kill(self):
        """A crash: kill -9 of the service, then of each of its workers, by pid."""
        workers = self.worker_pids()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        kill_pids(workers)
        self.log.close()

    def _cleanup(self):
        self.log.close()
        if self.temp:
            shutil.rmtree(self.temp, ignore_errors=True)


def wrk(port, path, seconds, connections, script=None):
    """Requests per second, and the count of bad answers, from one wrk run."""
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    if script:
        cmd += ["-s", script]
    cmd.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return _rate(out), _bad(out)


def warm_up(services, path, per, script, step=5, most=150, log=None):
    """Load the services with wrk in steps of `step` seconds until the rate stops climbing (three
    steps that beat the best before them by no more than 3%), or for `most` seconds. The JIT of a fresh JVM on two
    shared cores takes a minute or more to settle (measured here: GET /functions went from 400 to
    9,000 req/s over 30 s of load, small jobs from 70 to 550 jobs/s over 90 s); timing before then
    measures the compiler, not the service. Returns the rates seen, for the report."""
    rates = []
    for _ in range(most // step):
        rates.append(sum(parallel_wrk(services, path, step, per, script)[0]))
        if log:
            log(f"  warm-up {path}: {rates[-1]:.0f}/s")
        # Settled: the last three steps beat the best before them by no more than 3%.
        if len(rates) >= 4 and max(rates[-3:]) <= 1.03 * max(rates[:-3]):
            break
    return rates


def parallel_wrk(services, path, seconds, per, script):
    """One wrk per service at once: the list of their req/s and the sum of bad answers."""
    procs = []
    for s in services:
        cmd = ["wrk", "-t2", f"-c{per}", f"-d{seconds}s", "--timeout", "30s"]
        if script:
            cmd += ["-s", script]
        cmd.append(f"http://127.0.0.1:{s.port}{path}")
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True))
    rates, bad = [], 0
    for p in procs:
        out = p.communicate()[0]
        rates.append(_rate(out))
        bad += _bad(out)
    return rates, bad


def _rate(out):
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _bad(out):
    """Non-2xx answers plus the BAD count a Lua script prints in done()."""
    n = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"BAD (\d+)"):
        m = re.search(pattern, out)
        n += int(m.group(1)) if m else 0
    return n
