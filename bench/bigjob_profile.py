#!/usr/bin/env python3
"""Splits a JFR recording of the service (bench/bigjob.py --jfr FILE) into the stages of a big
job, by the first forkpool or known frame on each sampled stack (innermost first):

  python3 bench/bigjob_profile.py FILE.jfr

Stages: parse (NumberArrayParser), encode (NumberCodec.encode / ChunkPlanner), store in
(JobStore.insert), claim/dispatch, frames (pool, FrameIO), store out (JobStore.complete, H2
writes of outputs), results out (ResultsWriter, ResultStream, JsonSink, JobResults reads), HTTP
(Tomcat and Spring MVC around them), other. Worker processes are separate JVMs: their time is the
job's cpuSeconds, not in this recording.
"""
import collections
import json
import os
import subprocess
import sys

STAGES = [
    ("parse", ["dev.forkpool.api.NumberArrayParser", "GzipRequestFilter"]),
    ("encode", ["dev.forkpool.job.ChunkPlanner", "NumberCodec$Writer", "NumberCodec.encode"]),
    ("checks", ["dev.forkpool.job.JobService.submit"]),
    ("store in", ["dev.forkpool.job.JobStore.insert"]),
    ("results out", ["dev.forkpool.api.ResultsWriter", "dev.forkpool.api.ResultStream", "dev.forkpool.api.JsonSink",
                     "dev.forkpool.job.JobResults", "dev.forkpool.api.BenchNoopController"]),
    ("store out (completions)", ["dev.forkpool.job.JobStore.complete", "dev.forkpool.job.OutcomeHandler"]),
    ("claim/dispatch", ["dev.forkpool.job.JobStore.claim", "dev.forkpool.job.Dispatcher"]),
    ("frames", ["dev.forkpool.protocol.FrameIO", "dev.forkpool.pool."]),
    ("events/waiters", ["dev.forkpool.api.JobEventStream", "dev.forkpool.job.JobWaiters"]),
    ("http (tomcat, spring)", ["org.apache.tomcat", "org.apache.coyote", "org.springframework.web"]),
    ("service start", ["org.springframework.boot.SpringApplication.run", "JarLauncher.main"]),
    ("jit/gc/other", []),
]


def stage_of(frames):
    names = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".") for f in frames]
    for name in names:  # innermost first: the first forkpool frame decides
        for stage, needles in STAGES:
            if any(n in name for n in needles):
                return stage
    return "jit/gc/other"


def main():
    path = sys.argv[1]
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                         capture_output=True, check=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    counts = collections.Counter(stage_of(e["values"]["stackTrace"]["frames"]) for e in events
                                 if e["values"].get("stackTrace"))
    total = sum(counts.values())
    print(f"{total} samples of the service's Java threads")
    for stage, _ in STAGES:
        n = counts.get(stage, 0)
        print(f"  {stage:26s} {n:6d}  {100.0 * n / max(1, total):5.1f}%")


if __name__ == "__main__":
    main()
