"""The log as an operator reads it: a refusal is one line at info level, a fault of ours keeps its traceback."""

import io
import logging
import urllib.error
import urllib.request

import pytest
from django.test import Client

from cli.test_processes import Served, environment, free_port  # noqa: F401 - environment is a fixture
from marketplace.web import urls as web_urls
from marketplace.web.request_log import ExpectedRefusals

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_log():
    """Django's request logger at info level into a stream, through the service's filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(ExpectedRefusals())
    logger = logging.getLogger("django.request")
    level, logger.level = logger.level, logging.INFO
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)
    logger.level = level


def test_refusals_are_one_line_each_at_info_level(request_log, client, buyer, other_buyer):
    client.get("/opportunities/999999")
    client.force_login(other_buyer)
    client.get("/api/v1/opportunities/999999/questions")
    client.get("/admin/")
    lines = request_log.getvalue().splitlines()
    assert lines and all(line.startswith("INFO ") for line in lines), lines
    assert "Traceback" not in request_log.getvalue()
    assert "INFO Not Found: /opportunities/999999" in lines


def test_a_fault_keeps_its_traceback(request_log, monkeypatch):
    def broken(request):
        raise RuntimeError("the home page broke")

    [home] = [pattern for pattern in web_urls.urlpatterns if getattr(pattern, "name", None) == "home"]
    monkeypatch.setattr(home, "callback", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    log = request_log.getvalue()
    assert log.startswith("ERROR Internal Server Error: /") and "Traceback" in log and "the home page broke" in log


def test_the_running_service_logs_a_404_as_one_line(environment):
    port = free_port()
    environment.update(MARKETPLACE_LOG_LEVEL="INFO")
    served = Served(["--host", "127.0.0.1", "--port", str(port)], environment)
    try:
        served.wait_for(r"is running at")
        start = len(served.text)
        for path in ("/no-such-page", "/admin/"):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30)
            except urllib.error.HTTPError:
                pass
        served.wait_for(r"Not Found: /no-such-page")
        logged = served.text[start:]
        assert "Traceback" not in logged
        assert "Not Found: /no-such-page\n" in logged
    finally:
        served.stop()
