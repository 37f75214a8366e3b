"""`marketplace serve`'s process model: web processes and their threads as settings with defaults for the
machine, every child supervised, and nothing left behind however the service stops."""

import os
import signal
import socket
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management.base import CommandError
from django.db import connection

from marketplace.web.management.commands.serve import connection_budget, server_shape

from .test_processes import Served, command_line, environment, free_port, is_gone, marketplace  # noqa: F401


def children_of(served, kind):
    return [pid for pid in served.children() if f"marketplace.children {kind}" in command_line(pid)]


def port_is_free(port):
    try:
        with socket.create_server(("127.0.0.1", port)):
            return True
    except OSError:
        return False


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def status_of(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status


def test_serve_runs_the_web_processes_asked_for_and_replaces_one_that_dies(environment):
    port = free_port()
    served = Served(["--host", "127.0.0.1", "--port", str(port), "--processes", "2", "--threads", "3"], environment)
    try:
        url = served.wait_for(r"running at (http://\S+)/ ").group(1)
        assert "Serving with 2 web process(es) of 3 threads each." in served.text
        web = children_of(served, "web")
        assert len(web) == 2 and all("--threads 3" in command_line(pid) for pid in web)
        assert len(children_of(served, "worker")) == 1
        # Both processes answer from the one socket: many requests at once all succeed.
        with ThreadPoolExecutor(12) as pool:
            assert set(pool.map(status_of, [f"{url}/healthz"] * 24)) == {200}

        # A web process killed outright: the other one goes on answering at once, and a new one takes its place.
        os.kill(web[0], signal.SIGKILL)
        assert wait_until(lambda: is_gone(web[0]), 10)
        assert status_of(f"{url}/healthz") == 200
        assert wait_until(lambda: len([p for p in children_of(served, "web") if not is_gone(p)]) == 2, 30)
        assert "The web process stopped (exit -9); starting it again." in served.text

        everyone = children_of(served, "web") + children_of(served, "worker")
        served.process.terminate()
        assert served.process.wait(60) == 0
        assert all(is_gone(pid) for pid in everyone)
        assert port_is_free(port)
    finally:
        served.stop()


def test_a_killed_service_leaves_no_process_behind_and_frees_its_port(environment):
    port = free_port()
    served = Served(["--host", "127.0.0.1", "--port", str(port), "--processes", "2"], environment)
    try:
        url = served.wait_for(r"running at (http://\S+)/ ").group(1)
        assert status_of(f"{url}/healthz") == 200
        everyone = children_of(served, "web") + children_of(served, "worker")
        assert len(everyone) == 3
        served.process.kill()  # no chance to stop its children
        served.process.wait()
        assert wait_until(lambda: all(is_gone(pid) for pid in everyone), 20), [command_line(p) for p in everyone]
        assert wait_until(lambda: port_is_free(port), 10)
    finally:
        served.stop()


@pytest.mark.parametrize("args, extra_env, named", [
    (["--processes", "0"], {}, "--processes (or MARKETPLACE_PROCESSES) must be a whole number from 1 to 64 (got '0')"),
    (["--threads", "many"], {}, "--threads (or MARKETPLACE_THREADS) must be a whole number from 1 to 256 (got 'many')"),
    ([], {"MARKETPLACE_THREADS": "1000"}, "must be a whole number from 1 to 256 (got '1000')"),
    ([], {"MARKETPLACE_PROCESSES": "-1"}, "must be a whole number from 1 to 64 (got '-1')"),
])
def test_a_shape_out_of_range_is_refused_with_one_line_before_anything_changes(environment, args, extra_env, named):
    environment.update(extra_env)
    refused = marketplace("serve", "--port", str(free_port()), *args, env=environment)
    assert refused.returncode != 0
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1 and named in refused.stderr
    var = environment["MARKETPLACE_VAR_DIR"]
    assert not os.path.exists(os.path.join(var, "marketplace.sqlite3"))  # not even migrated


@pytest.fixture
def no_shape_settings(monkeypatch):
    monkeypatch.delenv("MARKETPLACE_THREADS", raising=False)
    monkeypatch.delenv("MARKETPLACE_PROCESSES", raising=False)
    return monkeypatch


@pytest.mark.django_db
def test_the_default_is_a_process_per_core_on_postgresql_within_its_connections_and_one_on_sqlite(no_shape_settings):
    threads, processes = server_shape(None, None)
    assert threads == 8
    if connection.vendor == "postgresql":
        budget = connection_budget()
        assert processes == max(1, min(len(os.sched_getaffinity(0)), (budget - 2) // 8))
        assert processes * threads + 2 <= budget
    else:
        assert connection_budget() is None
        assert processes == 1  # SQLite takes one writer at a time

    no_shape_settings.setenv("MARKETPLACE_THREADS", "4")
    no_shape_settings.setenv("MARKETPLACE_PROCESSES", "3")
    assert server_shape(None, None) == (4, 3)
    assert server_shape("2", "5") == (2, 5)  # the command line wins over the environment


@pytest.mark.django_db
def test_more_threads_than_postgresql_has_connections_for_is_refused(no_shape_settings):
    if connection.vendor != "postgresql":
        assert server_shape("256", "64") == (256, 64)  # SQLite sets no limit on connections
        return
    budget = connection_budget()
    with pytest.raises(CommandError, match=r"need up to \d+ database connections and the database allows"):
        server_shape(str(min(256, budget)), "2")
    with pytest.raises(CommandError, match="raise max_connections"):
        server_shape(str(min(256, budget)), None)  # even one process of that many threads is too many
