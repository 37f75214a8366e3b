"""The installed `marketplace` command run as an operator runs it: separate processes on a throwaway SQLite
database under the test's own temporary directory."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from marketplace.demo import BUYERS, DEMO_PASSWORD

MARKETPLACE = str(Path(sys.executable).with_name("marketplace"))


@pytest.fixture
def environment(tmp_path):
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("MARKETPLACE_", "DJANGO_"))}
    env.update(DATABASE_URL="", MARKETPLACE_VAR_DIR=str(tmp_path / "var"), PYTHONUNBUFFERED="1")
    return env


def marketplace(*args, env):
    return subprocess.run([MARKETPLACE, *args], env=env, capture_output=True, text=True, timeout=180)


def test_createuser_and_token_from_the_installed_command(environment):
    migrated = marketplace("migrate", "--no-input", env=environment)
    assert migrated.returncode == 0, migrated.stderr

    created = marketplace("createuser", "--role", "supplier", "--email", "sam@agileworks.example", "--name",
                          "Sam Okafor", "--password", "correct horse battery staple", "--supplier-name",
                          "Agile Works Ltd", "--supplier-size", "small", env=environment)
    assert created.returncode == 0, created.stderr
    assert re.fullmatch(r"\d+\n", created.stdout)

    token = marketplace("token", "create", "sam@agileworks.example", env=environment)
    assert token.returncode == 0, token.stderr
    assert token.stdout.startswith("dm_")

    refused = marketplace("createuser", "--role", "buyer", "--email", "someone@gmail.com", "--name", "Some One",
                          "--password", "correct horse battery staple", env=environment)
    assert refused.returncode != 0
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "Personal email addresses cannot be used" in refused.stderr


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`marketplace serve` in the background, its output collected as it comes."""

    def __init__(self, args, env):
        self.process = subprocess.Popen([MARKETPLACE, "serve", *args], env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.output = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)

    @property
    def text(self):
        return "".join(self.output)

    def wait_for(self, pattern, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.text)
            if match:
                return match
            assert self.process.poll() is None, f"serve stopped early:\n{self.text}"
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} within {timeout}s:\n{self.text}")

    def children(self):
        pid = self.process.pid
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def command_line(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        return handle.read().replace(b"\0", b" ").decode()


def is_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(") ")[1].startswith("Z")  # a zombie has stopped too
    except FileNotFoundError:
        return True


def sign_in(url, email, password):
    """Sign in through the real form, as a browser without JavaScript would; returns where it lands."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(f"{url}/sign-in", timeout=30).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "email": email, "password": password}).encode()
    with opener.open(f"{url}/sign-in", data=body, timeout=30) as response:
        return urllib.parse.urlparse(response.url).path, response.read().decode()


def test_serve_runs_the_site_and_the_worker_and_stops_both(environment, mailbox, smtp_server):
    port = free_port()
    environment.update(MARKETPLACE_EMAIL_BACKEND="smtp", MARKETPLACE_SMTP_HOST="127.0.0.1",
                       MARKETPLACE_SMTP_PORT=str(smtp_server.port))
    served = Served(["--demo", "--host", "127.0.0.1", "--port", str(port)], environment)
    try:
        url = served.wait_for(r"running at (http://\S+)/ ").group(1)
        assert url == f"http://127.0.0.1:{port}"
        assert f"password: {DEMO_PASSWORD}" in served.text
        assert re.search(r"second factor: add the secret [A-Z2-7]{32}", served.text)

        with urllib.request.urlopen(f"{url}/healthz", timeout=30) as health:
            assert health.status == 200 and b'"ok"' in health.read()
        with urllib.request.urlopen(f"{url}/", timeout=30) as home:
            page = home.read().decode()
            assert home.status == 200 and "Digital Marketplace" in page
            assert "This is a demonstration" in page  # a demo site says its data is made up

        buyer_email = BUYERS[0][0]
        assert buyer_email in served.text
        landed, _ = sign_in(url, buyer_email, DEMO_PASSWORD)
        assert landed == "/buyers"

        # The worker child delivers the email a request queued.
        workers = [pid for pid in served.children() if "marketplace.children worker" in command_line(pid)]
        assert len(workers) == 1
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = opener.open(f"{url}/reset-password", timeout=30).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        opener.open(f"{url}/reset-password", timeout=30,
                    data=urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "email": buyer_email}).encode())
        # The demo's own emails (questions about the buyer's requirements) are delivered too, in any order.
        def reset_emails():
            return [m for m in mailbox.to(buyer_email) if "/reset-password/" in mailbox.body(m)]

        deadline = time.monotonic() + 60
        while not reset_emails() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert reset_emails() and f"{url}/reset-password/" in mailbox.body(reset_emails()[-1])

        served.process.terminate()
        assert served.process.wait(60) == 0
        assert all(is_gone(pid) for pid in workers)
        served._reader.join(10)
        assert "Stopped." in served.text
    finally:
        served.stop()

