"""Fixtures every test may use: reference data in the test database, a real SMTP server on loopback,
headless Chromium through Playwright, and axe accessibility checks."""

import email
import email.policy
import os
import re
import socket
import threading

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MARKETPLACE_TEST_CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with what every start loads: reference data and the seed register."""
    from marketplace.frameworks.reference import load_reference_data
    from marketplace.organisations.seed import load_seed_register

    with django_db_blocker.unblock():
        load_reference_data()
        load_seed_register()


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences",
                      "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _reference_data_in_every_database_test(request):
    """A transactional test (every browser test) empties the database when it ends; the next test gets the
    reference data and the seed register back, as every start of the service would."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if {"transactional_db", "live_server"} & names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif marker or _DATABASE_FIXTURES & names:
        request.getfixturevalue("db")
    else:
        return
    from marketplace.frameworks.models import Lot
    from marketplace.frameworks.reference import load_reference_data
    from marketplace.organisations.models import Organisation
    from marketplace.organisations.seed import load_seed_register

    if not Lot.objects.exists() or not Organisation.objects.exists():
        load_reference_data()
        load_seed_register()


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["hashers.QuickArgon2PasswordHasher",
                                 "django.contrib.auth.hashers.Argon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background work runs as soon as its transaction commits, in the same process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# Email through a real SMTP server on loopback ------------------------------------------------------------

class Mailbox:
    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    def add(self, message):
        with self._lock:
            self.messages.append(message)

    def clear(self):
        with self._lock:
            self.messages.clear()

    def to(self, address):
        return [m for m in self.messages if address.lower() in m["To"].lower()]

    def last_to(self, address):
        found = self.to(address)
        assert found, f"no email to {address}; emails sent: {[(m['To'], m['Subject']) for m in self.messages]}"
        return found[-1]

    @staticmethod
    def body(message):
        return message.get_body(preferencelist=("plain",)).get_content()

    def link_to(self, address, path_prefix):
        """The first link in the newest email to `address` whose path starts with `path_prefix`."""
        body = self.body(self.last_to(address))
        match = re.search(r"https?://[^\s/]+(" + re.escape(path_prefix) + r"[^\s]*)", body)
        assert match, f"no {path_prefix} link in: {body}"
        return match.group(1)


@pytest.fixture(scope="session")
def smtp_server():
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            mailbox.add(email.message_from_bytes(envelope.original_content or envelope.content,
                                                 policy=email.policy.default))
            return "250 Message accepted for delivery"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    controller.mailbox = mailbox
    yield controller
    controller.stop()


@pytest.fixture(autouse=True)
def mailbox(smtp_server, settings):
    """Every email a test causes goes through the loopback SMTP server and lands here."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    smtp_server.mailbox.clear()
    return smtp_server.mailbox


# Headless Chromium --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: the test command installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


def _new_page(browser, live_server, javascript):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    context.set_default_timeout(15000)
    outside = []

    def keep_local(route):
        # No request may leave the site: fonts, scripts and images are all served by us.
        if not route.request.url.startswith(live_server.url):
            outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", keep_local)
    page = context.new_page()
    page.outside_requests = outside
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A JavaScript-enabled page on the live test server."""
    context, page = _new_page(browser, live_server, javascript=True)
    yield page
    assert not page.outside_requests, f"requests left the site: {page.outside_requests}"
    context.close()


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def any_page(request, browser, live_server):
    """The same journey twice: with JavaScript and with it turned off."""
    context, page = _new_page(browser, live_server, javascript=request.param)
    page.javascript = request.param
    yield page
    assert not page.outside_requests, f"requests left the site: {page.outside_requests}"
    context.close()


# axe reports an aria-describedby that points at nothing only as "needs review", so a hint or an error a screen
# reader should read out with its box can go missing unnoticed; this names every such reference.
_BROKEN_REFERENCES = """() => {
  const broken = [];
  for (const attribute of ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          broken.push(`${element.tagName.toLowerCase()}#${element.id || "(no id)"} ${attribute} names "${id}", `
                      + "which is not on the page");
        }
      }
    }
  }
  return broken;
}"""


class AxeChecker:
    """Runs axe-core on each distinct page a journey visits and collects WCAG 2.2 AA violations."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.checked = []
        self.violations = []

    def __call__(self, page):
        # A click that navigates returns once the new address is committed, before the new document has loaded;
        # axe run in between, or a count read after it, reads a document that is not there yet. Waiting here
        # holds for both runs: without JavaScript the journey's next reads rely on it as well.
        page.wait_for_load_state("load")
        if getattr(page, "javascript", True) is False:
            return  # axe needs script; the same pages are checked in the JavaScript run
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                              "resultTypes": ["violations"]})
        self.checked.append(page.url)
        for reference in page.evaluate(_BROKEN_REFERENCES):
            self.violations.append(f"{page.url}: {reference}")
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:5]
            self.violations.append(f"{page.url}: {violation['id']} ({violation['impact']}): "
                                   f"{violation['help']} at {targets}")


@pytest.fixture
def axe():
    checker = AxeChecker()
    yield checker
    assert not checker.violations, "axe found WCAG 2.2 AA violations:\n" + "\n".join(checker.violations)
