"""Catalogue search benchmark: a fixed mix of searches through the full HTTP stack and, in the same run, the bare
SQL those searches issue. Prints p50 and p95 of each, their ratio, and the page's own cost above the bare query.

    DATABASE_URL=... .venv/bin/python bench/search.py [--rounds 3] [--before ../before]

Run bench/generate.py first to fill the database. `--before` names a checkout of earlier code (for example
`git worktree add ../before main`): a second server runs it on the same database, each search is timed on both in
turn, and the page's own cost of each is printed with their ratio.
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from marketplace.search.selectors import search_opportunities  # noqa: E402
from measure import free_port, percentile  # noqa: E402 - beside this script

# At least 50 searches: keywords (common, rare, phrases, exclusions), filters, both, and deep pages.
MIX = [
    {"q": "developer"}, {"q": "booking service"}, {"q": "agile delivery"}, {"q": "python django"},
    {"q": '"council tax"'}, {"q": "data -python"}, {"q": "discovery"}, {"q": "patient records"},
    {"q": "machine learning"}, {"q": "accessible"}, {"q": "security clearance"}, {"q": "legacy migration"},
    {"q": "nurses"}, {"q": '"user research"'}, {"q": "react front ends"}, {"q": "zebra"},
    {"q": "cloud aws"}, {"q": "grant applications alpha"}, {"q": "-beta"}, {"q": "licence renewals drivers"},
    {"lot": "digital-outcomes"}, {"lot": "digital-specialists"}, {"lot": "user-research-participants"},
    {"status": "open"}, {"status": "closed"}, {"location": "London"}, {"location": ["Wales", "Scotland"]},
    {"lot": "digital-specialists", "specialistRole": "developer"},
    {"lot": "digital-specialists", "specialistRole": ["designer", "userResearcher"], "status": "open"},
    {"lot": ["digital-outcomes", "user-research-participants"], "location": "North West England"},
    {"q": "developer", "lot": "digital-specialists"}, {"q": "booking", "status": "open"},
    {"q": "agile", "location": "London", "status": "closed"}, {"q": "data", "lot": "digital-outcomes"},
    {"q": "payments", "specialistRole": "developer", "lot": "digital-specialists"},
    {"q": "research", "lot": "user-research-participants", "location": "Wales"},
    {"q": "security", "status": "open", "lot": "digital-specialists"},
    {"q": "service design", "location": ["London", "South East England"]},
    {"q": "api design", "status": "closed", "lot": "digital-outcomes"},
    {"q": "open source", "location": "Offsite"},
    {"page": 2}, {"page": 10}, {"page": 50}, {"page": 200},
    {"q": "developer", "page": 5}, {"q": "agile", "page": 20}, {"lot": "digital-outcomes", "page": 100},
    {"status": "closed", "page": 300}, {"q": "service", "page": 40}, {"location": "London", "page": 25},
    {"q": "carers", "page": 3}, {"q": "housing repairs", "status": "closed", "page": 2},
]


def as_list(value):
    return value if isinstance(value, list) else [value]


def selector_arguments(params):
    return dict(q=params.get("q", ""), lots=as_list(params.get("lot", [])), statuses=as_list(params.get("status", [])),
                locations=as_list(params.get("location", [])), roles=as_list(params.get("specialistRole", [])),
                page=params.get("page", 1))


def captured_sql(params):
    """The statements one search runs, captured from the selector itself."""
    statements = []

    def capture(execute, sql, sql_params, many, context):
        statements.append((sql, sql_params))
        return execute(sql, sql_params, many, context)

    with connection.execute_wrapper(capture):
        try:
            search_opportunities(**selector_arguments(params))
        except Exception:  # a page beyond the end still ran its counting queries
            pass
    return statements


def time_bare(statements):
    """Run the statements again; on PostgreSQL in one transaction, as the selector does (its count sets work_mem
    for the transaction)."""
    started = time.perf_counter()
    in_transaction = transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()
    with in_transaction, connection.cursor() as cursor:
        for sql, sql_params in statements:
            cursor.execute(sql, sql_params)
            if cursor.description is not None:
                cursor.fetchall()
    return time.perf_counter() - started


def time_page(url):
    started = time.perf_counter()
    try:
        urllib.request.urlopen(url, timeout=60).read()
    except urllib.error.HTTPError as error:
        if error.code != 404:  # a deep page past the end is a 404 page, still a full render
            raise
    return time.perf_counter() - started


def start_server(code):
    """waitress serving the code in the folder `code`, on a port of its own; returns it and its catalogue's URL."""
    port = free_port()
    env = dict(os.environ, MARKETPLACE_DEBUG="0", MARKETPLACE_ALLOWED_HOSTS="127.0.0.1",
               MARKETPLACE_VAR_DIR=str(settings.VAR_DIR),
               PYTHONPATH=os.pathsep.join(filter(None, [code, os.environ.get("PYTHONPATH")])))
    server = subprocess.Popen([sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", "4",
                               "marketplace.wsgi:application"], cwd=code, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/opportunities"
    for _ in range(100):
        try:
            urllib.request.urlopen(base, timeout=30).read()
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", help="a checkout of earlier code to time in the same run")
    args = parser.parse_args()

    servers = [start_server(os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))]
    if args.before:
        servers.append(start_server(os.path.abspath(args.before)))
    try:
        full, bare, own, kinds, full_before, own_before = [], [], [], [], [], []
        statements_of = [captured_sql(params) for params in MIX]
        for round_number in range(args.rounds + 1):
            for params, statements in zip(MIX, statements_of):
                query = "?" + urllib.parse.urlencode(params, doseq=True)
                # Whichever runs second finds the pages the first read still in the database's buffers, so the
                # order alternates between rounds rather than always favouring the bare queries (or one server).
                order = ["bare", *range(len(servers))]
                if round_number % 2 == 0:
                    order.reverse()
                timed = {}
                for which in order:
                    timed[which] = time_bare(statements) if which == "bare" else time_page(servers[which][1] + query)
                if round_number == 0:
                    continue  # warm-up round: caches filled, not measured
                full.append(timed[0])
                bare.append(timed["bare"])
                own.append(timed[0] - timed["bare"])
                kinds.append("with words" if params.get("q") else "filters only")
                if args.before:
                    full_before.append(timed[1])
                    own_before.append(timed[1] - timed["bare"])
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=10)

    from marketplace.opportunities.models import Opportunity

    print(f"database: {connection.vendor}, opportunities: {Opportunity.objects.count():,}, "
          f"searches: {len(MIX)} x {args.rounds} rounds")
    print(f"full page   p50 {ms(statistics.median(full))}   p95 {ms(percentile(full, 95))}")
    print(f"bare query  p50 {ms(statistics.median(bare))}   p95 {ms(percentile(bare, 95))}")
    print(f"ratio full/bare  p50 {statistics.median(full) / statistics.median(bare):5.2f}   "
          f"p95 {percentile(full, 95) / percentile(bare, 95):5.2f}")
    print(f"page's own cost (full - bare, per query)  p50 {ms(statistics.median(own))}   p95 {ms(percentile(own, 95))}")
    by_kind(full, own, kinds, args.rounds)
    if args.before:
        print(f"before ({args.before}): full page p50 {ms(statistics.median(full_before))}   "
              f"p95 {ms(percentile(full_before, 95))}; page's own cost p50 {ms(statistics.median(own_before))}   "
              f"p95 {ms(percentile(own_before, 95))}")
        by_kind(full_before, own_before, kinds, args.rounds)
        print(f"own cost, this code / before  p50 {statistics.median(own) / statistics.median(own_before):5.2f}   "
              f"p95 {percentile(own, 95) / percentile(own_before, 95):5.2f}")


def ms(seconds):
    return f"{seconds * 1000:7.1f} ms"


def by_kind(full, own, kinds, rounds):
    for kind in ("filters only", "with words"):  # browsing counts from tallies; words count from the index
        pages = [seconds for seconds, of in zip(full, kinds) if of == kind]
        costs = [seconds for seconds, of in zip(own, kinds) if of == kind]
        print(f"  {kind} ({len(pages) // rounds} searches): full page p50 {ms(statistics.median(pages))}   "
              f"p95 {ms(percentile(pages, 95))}; own cost p50 {ms(statistics.median(costs))}   "
              f"p95 {ms(percentile(costs, 95))}")


if __name__ == "__main__":
    main()
