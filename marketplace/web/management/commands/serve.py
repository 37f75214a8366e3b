"""`marketplace serve`: everything the service needs, in one process tree, until Ctrl-C or SIGTERM.

Migrates, loads the reference data and the organisation register (and with --demo the demo data), then
serves the site and API with waitress while a child process runs the background worker. A thread in this
process queues the retry of unsent emails every minute and restarts the worker if it dies.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time

import waitress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from django.db import OperationalError, connection
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend

from marketplace.demo import load_demo_data
from marketplace.frameworks.reference import load_reference_data
from marketplace.applications.tasks import run_scheduled_jobs
from marketplace.notifications.tasks import deliver_pending_emails
from marketplace.organisations.seed import load_seed_register

log = logging.getLogger(__name__)

RETRY_EMAILS_EVERY = 60  # seconds
WORKER_STOP_TIMEOUT = 10  # seconds to finish the task in hand before the worker is killed
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}


class Worker:
    """The django-tasks-db worker as a child process, started again if it ever dies on its own."""

    def __init__(self):
        self.process = None
        self.started_at = 0.0
        self.stopping = False
        self._lock = threading.Lock()

    def start(self):
        with self._lock:
            if self.stopping:
                return
            self.process = subprocess.Popen(
                [sys.executable, "-m", "marketplace.cli", "db_worker", "--no-reload", "--no-startup-delay",
                 "--interval", "1", "--verbosity", "0"],
            )
            self.started_at = time.monotonic()

    def restart_if_dead(self):
        # A worker that dies at once (a broken database, say) is not restarted more than every 10 seconds.
        if self.process.poll() is not None and time.monotonic() - self.started_at > 10:
            log.warning("The background worker stopped (exit %s); starting it again.", self.process.returncode)
            self.start()

    def stop(self):
        with self._lock:
            self.stopping = True
            if self.process is None or self.process.poll() is not None:
                return
            self.process.terminate()
            try:
                self.process.wait(WORKER_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _keep_going(stop, worker):
    """Every second: is the worker alive? Every minute: queue the scheduled jobs (closing emails, reminders,
    digests) and a retry of unsent emails. Both are idempotent, so a restart or a second server sends nothing twice."""
    next_retry = time.monotonic()
    try:
        while not stop.wait(1):
            if worker is not None:
                worker.restart_if_dead()
            if time.monotonic() >= next_retry:
                next_retry = time.monotonic() + RETRY_EMAILS_EVERY
                for task in (run_scheduled_jobs, deliver_pending_emails):
                    try:
                        task.enqueue()
                    except Exception:  # noqa: BLE001 - a busy database must not stop the service
                        log.exception("Could not queue %s", task.name)
    finally:
        connection.close()


def _stop_on_sigterm(signum, frame):
    raise SystemExit(0)  # waitress's loop ends on SystemExit exactly as on Ctrl-C


class Command(BaseCommand):
    help = ("Migrate, load reference data (and with --demo the demo data), then serve the site, API and "
            "background worker until stopped.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000; 0 picks one).")
        parser.add_argument("--demo", action="store_true",
                            help="Add demo organisations, users, suppliers and services (safe to repeat).")
        parser.add_argument("--threads", type=int, default=8, help="Requests served at once (default 8).")

    def handle(self, *args, host, port, demo, threads, **options):
        try:
            call_command("migrate", interactive=False, verbosity=0)
        except OperationalError as error:
            reason = str(error).strip().splitlines()[-1]
            raise CommandError(f"The database does not answer ({reason}): check DATABASE_URL, or unset it to use "
                               f"SQLite under ./var/.")
        load_reference_data()
        load_seed_register()
        try:
            # Forwarded headers reach the application, which believes them only from trusted proxies
            # (marketplace/web/proxy.py): one rule whatever server runs it.
            server = waitress.create_server(get_wsgi_application(), host=host, port=port, threads=threads,
                                            ident="marketplace", clear_untrusted_proxy_headers=False)
        except OSError as error:
            raise CommandError(f"Cannot listen on {host}:{port} ({error.strerror}): choose another with --port.")
        shown_host = "127.0.0.1" if host in WILDCARD_HOSTS else host
        if ":" in shown_host:
            shown_host = f"[{shown_host}]"
        url = f"http://{shown_host}:{server.effective_port}"
        if "MARKETPLACE_BASE_URL" not in os.environ:
            # Links in emails point at where the service actually listens; the worker inherits the same.
            os.environ["MARKETPLACE_BASE_URL"] = url
            settings.BASE_URL = url
        # After the address is known, so links in emails the demo queues point here.
        demo_sign_ins = load_demo_data() if demo else ""
        if demo:
            # Every page of this site says it is a demonstration; the worker inherits the same.
            os.environ["MARKETPLACE_DEMO"] = "1"
            settings.DEMO = True

        uses_worker = isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)
        worker = Worker() if uses_worker else None
        stop = threading.Event()
        previous_handler = signal.signal(signal.SIGTERM, _stop_on_sigterm)
        keeper = threading.Thread(target=_keep_going, args=(stop, worker), name="marketplace-keeper", daemon=True)
        try:
            if worker is not None:
                worker.start()
            keeper.start()
            self.stdout.write(f"Digital Marketplace is running at {url}/ (Ctrl-C to stop)")
            if worker is None:
                self.stdout.write("Background tasks run in the web process: no worker started.")
            if demo_sign_ins:
                self.stdout.write(demo_sign_ins)
            self.stdout.flush()
            server.run()
        finally:
            # A second Ctrl-C or SIGTERM while stopping must not leave the worker behind.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            stop.set()
            if keeper.is_alive():
                keeper.join(5)
            if worker is not None:
                worker.stop()
            server.close()
            signal.signal(signal.SIGTERM, previous_handler)
            signal.signal(signal.SIGINT, signal.default_int_handler)
        self.stdout.write("Stopped.")
