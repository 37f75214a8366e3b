"""`marketplace serve`: everything the service needs, in one process tree, until Ctrl-C or SIGTERM.

Migrates, loads the reference data and the organisation register (and with --demo the demo data), binds the
address, then starts the web server processes (waitress, `marketplace/web/server.py`), all answering on that
one socket, and a child process running the background worker. This process stays as their supervisor: it
restarts a child that dies and queues the scheduled jobs and the retry of unsent emails every minute.
"""

import logging
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
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
CHILD_STOP_TIMEOUT = 10  # seconds to finish the request or task in hand before a child is killed
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}
DEFAULT_THREADS = 8
MOST_THREADS = 256
MOST_PROCESSES = 64
BACKLOG = 1024  # connections the kernel holds while every thread is busy
OWN_CONNECTIONS = 2  # besides the web threads: this supervisor and the background worker


class Child:
    """A child process of the service (`marketplace/children.py`), started again if it ever dies on its own."""

    def __init__(self, kind, *args, pass_fds=()):
        self.kind = kind
        self.argv = [sys.executable, "-m", "marketplace.children", kind, "--parent", str(os.getpid()), *args]
        self.pass_fds = pass_fds
        self.process = None
        self.started_at = 0.0
        self.stopping = False

    def start(self):
        if not self.stopping:
            self.process = subprocess.Popen(self.argv, pass_fds=self.pass_fds)
            self.started_at = time.monotonic()

    def restart_if_dead(self):
        # A child that dies at once (a broken database, say) is not restarted more than every 10 seconds.
        if self.process.poll() is not None and time.monotonic() - self.started_at > 10:
            log.warning("The %s process stopped (exit %s); starting it again.", self.kind, self.process.returncode)
            self.start()

    def terminate(self):
        self.stopping = True
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self, deadline):
        if self.process is None:
            return
        try:
            self.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def worker():
    return Child("worker")


def web_server(listener, threads):
    fd = listener.fileno()
    return Child("web", "--socket-fd", str(fd), "--threads", str(threads), pass_fds=(fd,))


def stop_all(children):
    for child in children:
        child.terminate()
    deadline = time.monotonic() + CHILD_STOP_TIMEOUT
    for child in children:
        child.wait(deadline)


def supervise(children):
    """Every second: is every child alive? Every minute: queue the scheduled jobs (closing emails, reminders,
    digests) and a retry of unsent emails. Both are idempotent, so a restart or a second server sends nothing
    twice. Runs until Ctrl-C or SIGTERM."""
    next_retry = time.monotonic()
    try:
        while True:
            for child in children:
                child.restart_if_dead()
            if time.monotonic() >= next_retry:
                next_retry = time.monotonic() + RETRY_EMAILS_EVERY
                for task in (run_scheduled_jobs, deliver_pending_emails):
                    try:
                        task.enqueue()
                    except Exception:  # noqa: BLE001 - a busy database must not stop the service
                        log.exception("Could not queue %s", task.name)
                connection.close()  # this process holds no connection between rounds
            time.sleep(1)
    except (KeyboardInterrupt, SystemExit):
        return


def _stop_on_sigterm(signum, frame):
    raise SystemExit(0)


def whole_number(name, text, most):
    try:
        number = int(text)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= most:
        raise CommandError(f"{name} must be a whole number from 1 to {most} (got {text!r}).")
    return number


def connection_budget():
    """How many connections the database lets this service hold, or None where it sets no such limit."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_connections')::int"
                       " - current_setting('superuser_reserved_connections')::int")
        return cursor.fetchone()[0]


def server_shape(threads, processes):
    """The number of threads per process and of processes: as asked, or the defaults for this machine.

    By default one process per CPU core on PostgreSQL (Python runs one thread at a time per process, so
    processes are what use the cores), and one on SQLite, which takes one writer at a time. Every web thread
    holds a database connection, so the default stays within PostgreSQL's max_connections and an explicit
    choice beyond it is refused."""
    threads = whole_number("--threads (or MARKETPLACE_THREADS)",
                           threads if threads is not None else os.environ.get("MARKETPLACE_THREADS", DEFAULT_THREADS),
                           MOST_THREADS)
    asked = processes if processes is not None else os.environ.get("MARKETPLACE_PROCESSES")
    budget = connection_budget()
    if asked is not None:
        processes = whole_number("--processes (or MARKETPLACE_PROCESSES)", asked, MOST_PROCESSES)
    elif budget is None:
        processes = 1
    else:
        processes = max(1, min(len(os.sched_getaffinity(0)), (budget - OWN_CONNECTIONS) // threads))
    needed = processes * threads + OWN_CONNECTIONS
    if budget is not None and needed > budget:
        raise CommandError(
            f"{processes} process(es) of {threads} threads need up to {needed} database connections and the "
            f"database allows {budget} (max_connections less superuser_reserved_connections): choose fewer with "
            f"--processes or --threads, or raise max_connections.")
    return threads, processes


def listen(host, port):
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        listener = socket.create_server(address, family=family, backlog=BACKLOG)
    except OSError as error:
        raise CommandError(f"Cannot listen on {host}:{port} ({error.strerror}): choose another with --port.")
    listener.set_inheritable(True)
    return listener


class Command(BaseCommand):
    help = ("Migrate, load reference data (and with --demo the demo data), then serve the site, API and "
            "background worker until stopped.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000; 0 picks one).")
        parser.add_argument("--demo", action="store_true",
                            help="Add demo organisations, users, suppliers and services (safe to repeat).")
        parser.add_argument("--threads", help=f"Requests each web process serves at once (default "
                                              f"MARKETPLACE_THREADS, or {DEFAULT_THREADS}).")
        parser.add_argument("--processes", help="Web server processes (default MARKETPLACE_PROCESSES, or one per "
                                                "CPU core on PostgreSQL and one on SQLite).")

    def handle(self, *args, host, port, demo, threads, processes, **options):
        try:
            # Checked first: a refused choice changes nothing.
            threads, processes = server_shape(threads, processes)
            call_command("migrate", interactive=False, verbosity=0)
        except OperationalError as error:
            reason = str(error).strip().splitlines()[-1]
            raise CommandError(f"The database does not answer ({reason}): check DATABASE_URL, or unset it to use "
                               f"SQLite under ./var/.")
        load_reference_data()
        load_seed_register()
        listener = listen(host, port)
        shown_host = "127.0.0.1" if host in WILDCARD_HOSTS else host
        if ":" in shown_host:
            shown_host = f"[{shown_host}]"
        url = f"http://{shown_host}:{listener.getsockname()[1]}"
        if "MARKETPLACE_BASE_URL" not in os.environ:
            # Links in emails point at where the service actually listens; the children inherit the same.
            os.environ["MARKETPLACE_BASE_URL"] = url
            settings.BASE_URL = url
        # After the address is known, so links in emails the demo queues point here.
        demo_sign_ins = load_demo_data() if demo else ""
        if demo:
            # Every page of this site says it is a demonstration; the children inherit the same.
            os.environ["MARKETPLACE_DEMO"] = "1"
            settings.DEMO = True
        connection.close()  # the children open their own

        children = [web_server(listener, threads) for _ in range(processes)]
        uses_worker = isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)
        if uses_worker:
            children.append(worker())
        previous_handler = signal.signal(signal.SIGTERM, _stop_on_sigterm)
        try:
            for child in children:
                child.start()
            self.stdout.write(f"Digital Marketplace is running at {url}/ (Ctrl-C to stop)")
            self.stdout.write(f"Serving with {processes} web process(es) of {threads} threads each.")
            if not uses_worker:
                self.stdout.write("Background tasks run in the web processes: no worker started.")
            if demo_sign_ins:
                self.stdout.write(demo_sign_ins)
            self.stdout.flush()
            supervise(children)
        finally:
            # A second Ctrl-C or SIGTERM while stopping must not leave a child behind.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            stop_all(children)
            listener.close()
            signal.signal(signal.SIGTERM, previous_handler)
            signal.signal(signal.SIGINT, signal.default_int_handler)
        self.stdout.write("Stopped.")
