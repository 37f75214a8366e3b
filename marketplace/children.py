"""The processes `marketplace serve` starts: web server processes and the background worker.

`marketplace serve` binds the address once and starts `--processes` web processes (waitress with `--threads`
threads each), all accepting from that one socket, so the kernel hands each connection to one of them; and one
worker running the queued tasks. Each stops on SIGTERM (Ctrl-C reaches the web processes through the parent,
which stops its children in order) and on its own when its parent is gone, so a killed service leaves neither
the port held nor a worker behind.
"""

import argparse
import os
import signal
import socket
import threading
import time

PARENT_CHECK_EVERY = 1  # seconds


def _exit_when_orphaned(parent):
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_EVERY)
    os.kill(os.getpid(), signal.SIGTERM)


def _stop(signum, frame):
    raise SystemExit(0)  # waitress's loop ends on SystemExit exactly as on Ctrl-C


def serve_web(socket_fd, threads):
    import waitress
    from django.core.wsgi import get_wsgi_application

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener = socket.socket(fileno=socket_fd)
    # Forwarded headers reach the application, which believes them only from trusted proxies
    # (marketplace/web/proxy.py): one rule whatever server runs it.
    server = waitress.create_server(get_wsgi_application(), sockets=[listener], threads=threads,
                                    ident="marketplace", clear_untrusted_proxy_headers=False)
    try:
        server.run()
    finally:
        server.close()


def run_worker():
    from django.core.management import call_command

    # django-tasks-db's worker finishes the task in hand on SIGTERM, then stops.
    call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "1", "--verbosity", "0")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="marketplace serve (child)")
    parser.add_argument("kind", choices=["web", "worker"])
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--socket-fd", type=int)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    threading.Thread(target=_exit_when_orphaned, args=(args.parent,), daemon=True).start()
    if args.kind == "web":
        serve_web(args.socket_fd, args.threads)
    else:
        run_worker()


if __name__ == "__main__":
    main()
