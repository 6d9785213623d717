#!/usr/bin/env python3
"""Where the machine's CPU goes during `licex bench`.

Starts a server (H2, a fresh store, or --db DIR) and `licex bench --server` against it as two
processes on this machine. Every quarter second it reads each process's CPU time and the server's
bytes written from /proc, and the server's request counters from /metrics. The bench alternates
slices of no-op requests and of acquisitions after a warm-up of each; each quarter second after the
warm-up that saw only one kind of work is attributed to it, and the rest (the edges of slices) is
left out. Prints CPU per no-op request and
per acquisition for each side, the bytes the server wrote per acquisition, and the server's CPU per
acquisition by thread (from /proc/PID/task): the store's writer (or its journal's writer and
checkpoints), the virtual threads' carriers that
run the requests, Jetty's selector, the collector, the JIT compilers, the housekeeping. Two runs on
a noisy machine are best compared by those shares against the load generator's CPU of the same run,
which the server's changes do not touch.

Linux only; after ./mvnw -q -DskipTests package.
Usage: benchmarks/cpu-split.py [--port P] [--clients C] [--devices wire|engine] [--duration S]
                               [--db DIR] [--server-opts "JVM OPTIONS"]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICKS = os.sysconf("SC_CLK_TCK")
COUNT = re.compile(r'^licex_http_requests_seconds_count\{method="(\w+)",route="([^"]+)",status="(\d+)"\} (\S+)$', re.M)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


THREAD_GROUPS = (
    ("store writer", re.compile(r"^licex-store-wri")),
    ("journal writer", re.compile(r"^licex-journal-w")),
    ("checkpoints", re.compile(r"^licex-checkpoi")),
    ("request carriers", re.compile(r"^ForkJoinPool")),
    ("http selector", re.compile(r"^licex-http")),
    ("collector", re.compile(r"^(G1 |GC Thread|VM Thread|VM Periodic)")),
    ("jit", re.compile(r"^C[12] Compiler")),
    ("housekeeping", re.compile(r"^licex-housekee")),
    ("disk sync", re.compile(r"^licex-disk-syn")),
)


def thread_cpu(pid):
    """The process's CPU seconds so far by thread group (a thread's name as the kernel keeps it, 15 characters)."""
    groups = {}
    base = f"/proc/{pid}/task"
    for tid in os.listdir(base):
        try:
            with open(f"{base}/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"{base}/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended meanwhile
        group = next((g for g, pattern in THREAD_GROUPS if pattern.match(name)), "other")
        groups[group] = groups.get(group, 0.0) + (int(fields[11]) + int(fields[12])) / TICKS
    return groups


def bytes_written(pid):
    with open(f"/proc/{pid}/io") as f:
        return int(re.search(r"^wchar: (\d+)$", f.read(), re.M).group(1))


def metrics(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        return r.read().decode()


def counts(port):
    """No-op requests answered, and acquisitions completed (leg 5 answered 200), so far."""
    noop = acq = 0.0
    for method, route, status, n in COUNT.findall(metrics(port)):
        if route == "/healthz":
            noop += float(n)
        elif route == "/v1/transactions/{id}/completion" and status == "200":
            acq += float(n)
    return noop, acq


def writes_per_commit(port):
    """The server's writes of its journal (of its H2 file, without one) per durable commit since it started."""
    found = dict(re.findall(r"^(licex_db_durable_commits_total|licex_db_file_writes_total)(?:\{[^}]*\})? (\S+)$",
                            metrics(port), re.M))
    commits = float(found.get("licex_db_durable_commits_total", 0))
    return float(found.get("licex_db_file_writes_total", 0)) / commits if commits else 0.0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=18480)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--devices", default="wire")
    p.add_argument("--duration", type=int, default=40, help="measured seconds of each kind (default 40)")
    p.add_argument("--db", help="the server's store (default: a fresh one, deleted afterwards)")
    p.add_argument("--server-opts", default="", help="JVM options for the server, added to the launcher's")
    a = p.parse_args()

    store = a.db or tempfile.mkdtemp(prefix="licex-split-")
    env = dict(os.environ)
    if a.server_opts:
        # LICEX_JAVA_OPTS replaces the launcher's defaults for a server, so repeat them
        env["LICEX_JAVA_OPTS"] = "-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xmx256m -XX:+UseTransparentHugePages " + a.server_opts
    server = subprocess.Popen([os.path.join(HERE, "licex"), "server", "--port", str(a.port), "--db", store,
                               "--seed-demo", "--demo-stock", "100000000", "--rate-limit", "0"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bench = None
    try:
        for _ in range(240):
            try:
                counts(a.port)
                break
            except OSError:
                time.sleep(0.5)
        bench = subprocess.Popen([os.path.join(HERE, "licex"), "bench", "--server", f"http://127.0.0.1:{a.port}",
                                  "--clients", str(a.clients), "--devices", a.devices,
                                  "--duration", str(a.duration)],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        totals = {"noop": [0.0] * 5, "acq": [0.0] * 5}  # seconds, server CPU, bench CPU, ops, bytes
        last = None
        by_thread, last_threads = {}, None
        previous_kind, changes = None, 0
        while bench.poll() is None:
            time.sleep(0.25)
            try:
                now = (time.monotonic(), cpu_seconds(server.pid), cpu_seconds(bench.pid),
                       bytes_written(server.pid), *counts(a.port))
                threads_now = thread_cpu(server.pid)
            except (OSError, ProcessLookupError):
                break
            if last is not None:
                d = [x - y for x, y in zip(now, last)]
                noops, acqs = d[4], d[5]
                kind = "noop" if noops > 0 and acqs == 0 else "acq" if acqs > 0 and noops == 0 else None
                if kind and kind != previous_kind:
                    previous_kind, changes = kind, changes + 1
                # the first two runs of one kind are the bench's warm-up, no-ops then acquisitions
                if kind and changes > 2:
                    t = totals[kind]
                    t[0] += d[0]; t[1] += d[1]; t[2] += d[2]
                    t[3] += noops if kind == "noop" else acqs
                    t[4] += d[3]
                    if kind == "acq":
                        for group, seconds in threads_now.items():
                            by_thread[group] = by_thread.get(group, 0.0) + seconds - last_threads.get(group, 0.0)
            last = now
            last_threads = threads_now
        per_commit = writes_per_commit(a.port)
        out = bench.communicate()[0]
        print(out.rstrip())
        print()
        print(f"{'CPU per operation (µs)':<26} {'server':>8} {'generator':>10} {'both':>7}"
              f" {'ops/s':>8} {'server bytes written/op':>24}")
        for label, key in (("no-op GET /healthz", "noop"), ("acquisition", "acq")):
            secs, s, g, ops, written = totals[key]
            if ops == 0:
                continue
            print(f"{label:<26} {s / ops * 1e6:8.0f} {g / ops * 1e6:10.0f} {(s + g) / ops * 1e6:7.0f}"
                  f" {ops / secs:8.0f} {written / ops:24.0f}")
        acquisitions = totals["acq"][3]
        if acquisitions:
            shares = sorted(by_thread.items(), key=lambda item: -item[1])
            print("server CPU per acquisition by thread (µs): "
                  + ", ".join(f"{group} {seconds / acquisitions * 1e6:.0f}" for group, seconds in shares))
        print(f"store file writes per durable commit, whole run: {per_commit:.2f}")
    finally:
        for proc in (bench, server):
            if proc and proc.poll() is None:
                proc.terminate()
                proc.wait()
        if not a.db:
            shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
