"""What the benchmark scripts share: a free port, `marketplace serve` started and stopped (or killed), a request to
it, and percentiles of timings."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def start_server(port, *args, log=None):
    """`marketplace serve` (with `args`, e.g. "--demo") in a process group of its own, so that SIGKILL reaches every
    process of it; returns once /healthz answers. Its output goes to the file `log` when given."""
    output = open(log, "a") if log else subprocess.DEVNULL
    server = subprocess.Popen([sys.executable, "-m", "marketplace.cli", "serve", "--port", str(port), *args],
                              env=dict(os.environ, MARKETPLACE_DEBUG="0"), stdout=output, stderr=subprocess.STDOUT,
                              start_new_session=True, cwd=ROOT)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).status == 200:
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("serve stopped before answering")
            time.sleep(0.5)
    kill(server)
    raise RuntimeError("serve did not answer within 10 minutes")


def kill(process):
    """SIGKILL to every process of the group."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        kill(server)


def call(port, method, path, bearer=None, body=None, timeout=60):
    """(status, parsed JSON body or None) of one request; a broken connection is status 0."""
    headers = {"Content-Type": "application/json"}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, headers=headers,
                                     data=None if body is None else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content = response.read()
            kind = response.headers.get("Content-Type", "")
            return response.status, json.loads(content) if kind.startswith("application/json") and content else None
    except urllib.error.HTTPError as error:
        return error.code, None
    except OSError:
        return 0, None
