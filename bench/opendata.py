"""Open data benchmark, in one run: the full CSV export through the HTTP view against PostgreSQL's own COPY of the
rows it exports, the insights page against the bare SQL of its aggregate queries, and the import of the original
marketplace's file into a database of its own.

    DATABASE_URL=... .venv/bin/python bench/opendata.py [--rounds 5] [--export-rounds 2] \\
        [--import-file PATH --import-database-url postgresql://.../empty_database]

Run bench/generate.py first to fill the database at DATABASE_URL. The import goes into the database at
--import-database-url, which must have no opportunities yet: it is migrated and given the reference data and the
organisation register, then the file is imported twice (the first import, then the same file again).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from marketplace.insights import selectors  # noqa: E402
from marketplace.insights.forms import FiltersForm  # noqa: E402
from marketplace.insights.tables import SECTIONS, TABLES  # noqa: E402
from marketplace import clock  # noqa: E402
from marketplace.opendata.export_csv import copy_statement, iter_opportunity_csv  # noqa: E402
from measure import free_port, percentile  # noqa: E402 - beside this script

INSIGHTS_MIX = [
    {}, {"lot": "digital-outcomes"}, {"lot": "digital-specialists"}, {"sector": "local-government"},
    {"framework": "digital-outcomes-and-specialists-4"}, {"from": "2020-Q1", "to": "2021-Q4"},
    {"sector": "nhs-and-health", "lot": "user-research-participants"}, {"unroll": "1"},
]
CHUNK = 1 << 16
# The import runs in a process of its own, against the other database.
IMPORT_SCRIPT = textwrap.dedent("""
    import json, sys, time
    import django
    django.setup()
    from django.core.management import call_command
    from marketplace.frameworks.reference import load_reference_data
    from marketplace.opendata.importer import import_dm_csv
    from marketplace.opportunities.models import Opportunity
    from marketplace.organisations.seed import load_seed_register

    call_command("migrate", verbosity=0)
    if Opportunity.objects.exists():
        sys.exit("The import database already has opportunities: give an empty one.")
    load_reference_data()
    load_seed_register()
    figures = {}
    for name in ("first", "again"):
        started = time.perf_counter()
        report = import_dm_csv(sys.argv[1])
        figures[name] = {"seconds": time.perf_counter() - started, "summary": report.summary()}
    print(json.dumps(figures))
""")


def peak_rss_mb(pid):
    """The process's peak resident memory (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")


def export_sql():
    """The one query the CSV export reads its rows with, captured from the Python writer (on PostgreSQL the export
    has the database format those rows and write the CSV itself: see `export_copy`)."""
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append(connection.ops.compose_sql(sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        lines = iter_opportunity_csv()
        next(lines)  # the header
        next(lines, None)  # the first row: the query has run
        lines.close()
    (sql,) = [statement for statement in statements if statement.lstrip().upper().startswith("SELECT")]
    return sql


def time_download(url):
    """(seconds, bytes, lines) for reading the whole response."""
    started = time.perf_counter()
    size = lines = 0
    with urllib.request.urlopen(url, timeout=3600) as response:
        while chunk := response.read(CHUNK):
            size += len(chunk)
            lines += chunk.count(b"\n")
    return time.perf_counter() - started, size, lines


def export_copy():
    """The COPY statement with which the export has PostgreSQL write the CSV."""
    sql, params = copy_statement(clock.now())
    return connection.ops.compose_sql(sql, params)


def time_copy(statement):
    """(seconds, bytes, lines) for a COPY ... TO STDOUT, read through psycopg."""
    started = time.perf_counter()
    size = lines = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(statement) as copy:
            for chunk in copy:
                size += len(chunk)
                lines += bytes(chunk).count(b"\n")
    return time.perf_counter() - started, size, lines


def captured_insights(params):
    """Build the page's tables as the view does, capturing the statements; (seconds, statements)."""
    statements = []

    def capture(execute, sql, sql_params, many, context):
        statements.append((sql, sql_params))
        return execute(sql, sql_params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(capture), selectors.one_reading():
        form = FiltersForm(params)
        assert form.is_valid(), form.errors
        for _, _, names in SECTIONS:
            for name in names:
                TABLES[name](form.filters, unroll=form.cleaned_data["unroll"])
    return time.perf_counter() - started, statements


def time_bare(statements):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, sql_params in statements:
            cursor.execute(sql, sql_params)
            cursor.fetchall()
    return time.perf_counter() - started


def start_server():
    port = free_port()
    env = dict(os.environ, MARKETPLACE_DEBUG="0", MARKETPLACE_ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen([sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", "4",
                               "marketplace.wsgi:application"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/insights?lot=none", timeout=30).read()
        except urllib.error.HTTPError:
            return server, base
        except OSError:
            time.sleep(0.2)
        else:
            return server, base
    raise RuntimeError("the server did not start: " + server.stderr.read().decode())


def bench_export(base, pid, rounds):
    rows_copy = f"COPY ({export_sql()}) TO STDOUT WITH (FORMAT csv, HEADER)"
    own_copy = export_copy()
    started_mb = peak_rss_mb(pid)
    views, copies, own_copies = [], [], []
    for _ in range(rounds):
        views.append(time_download(base + "/opendata/opportunity-data.csv"))
        copies.append(time_copy(rows_copy))
        own_copies.append(time_copy(own_copy))
    peak_mb = peak_rss_mb(pid)
    rows = views[0][2] - 1
    if any(lines != views[0][2] for _, _, lines in views + copies):
        print("note: the exports' numbers of lines differ (opportunities closing during the run, or line breaks "
              "inside quoted fields):", [lines for _, _, lines in views + copies + own_copies])
    best = lambda measured: min(seconds for seconds, _, _ in measured)  # noqa: E731
    best_view, best_copy, best_own = best(views), best(copies), best(own_copies)
    print(f"\nCSV export: {rows:,} rows, {views[0][1] / 1e6:,.0f} MB through the view, "
          f"{copies[0][1] / 1e6:,.0f} MB by COPY of the rows, {own_copies[0][1] / 1e6:,.0f} MB by the export's COPY")
    for n, ((view, _, _), (copy, _, _), (own, _, _)) in enumerate(zip(views, copies, own_copies), start=1):
        print(f"  round {n}: view {view:6.1f} s ({rows / view:8,.0f} rows/s)   "
              f"COPY {copy:6.1f} s ({rows / copy:8,.0f} rows/s)   "
              f"export's COPY alone {own:6.1f} s ({rows / own:8,.0f} rows/s)")
    print(f"  best: view {rows / best_view:,.0f} rows/s, COPY {rows / best_copy:,.0f} rows/s, "
          f"view/COPY throughput {best_copy / best_view:.2f} (goal: at least 0.50); the export's COPY alone "
          f"{rows / best_own:,.0f} rows/s, so the view adds {best_view / best_own - 1:+.0%}")
    print(f"  server peak RSS: {started_mb:.0f} MB after start-up and warm-up, {peak_mb:.0f} MB after the export "
          f"(goal: under 200 MB)")


def bench_insights(base, rounds):
    print(f"\nInsights page: {len(INSIGHTS_MIX)} filter sets x {rounds} rounds (after one warm-up round)")
    pages, selectors, bares = [], [], []
    for round_number in range(rounds + 1):
        for params in INSIGHTS_MIX:
            started = time.perf_counter()
            urllib.request.urlopen(base + "/insights?" + urllib.parse.urlencode(params), timeout=120).read()
            page = time.perf_counter() - started
            selected, statements = captured_insights(params)
            bare = time_bare(statements)
            if round_number:
                pages.append(page)
                selectors.append(selected)
                bares.append(bare)
    ms = lambda seconds: f"{seconds * 1000:7.1f} ms"  # noqa: E731
    for name, values in (("full page (HTTP)", pages), ("tables (ORM)", selectors), ("bare SQL", bares)):
        print(f"  {name:17} p50 {ms(statistics.median(values))}   p95 {ms(percentile(values, 95))}")
    print(f"  page/bare  p50 {statistics.median(pages) / statistics.median(bares):5.2f}   "
          f"p95 {percentile(pages, 95) / percentile(bares, 95):5.2f}")
    print(f"  tables/bare  p50 {statistics.median(selectors) / statistics.median(bares):5.2f}   "
          f"p95 {percentile(selectors, 95) / percentile(bares, 95):5.2f}   "
          f"(goals: page under 1 s, queries at most 2x the bare SQL)")
    print(f"  statements per page: {len(statements)}")


def bench_import(path, database_url):
    env = dict(os.environ, DATABASE_URL=database_url)
    done = subprocess.run([sys.executable, "-c", IMPORT_SCRIPT, path], env=env, capture_output=True, text=True,
                          cwd=os.path.join(os.path.dirname(__file__), ".."))
    if done.returncode:
        sys.exit(done.stderr.strip())
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nImport of {os.path.basename(path)} (goal: under 5 s)")
    for name, label in (("first", "first import"), ("again", "importing it again")):
        print(f"  {label:19} {figures[name]['seconds']:6.2f} s   {figures[name]['summary']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the insights mix")
    parser.add_argument("--export-rounds", type=int, default=2, help="full exports (each with a COPY)")
    parser.add_argument("--import-file", help="the original marketplace's opportunity-data CSV")
    parser.add_argument("--import-database-url", help="an empty PostgreSQL database for the import")
    args = parser.parse_args()
    if bool(args.import_file) != bool(args.import_database_url):
        parser.error("--import-file and --import-database-url go together")
    if connection.vendor != "postgresql":
        parser.error("this benchmark compares with PostgreSQL's COPY: set DATABASE_URL to a PostgreSQL database")

    from marketplace.opportunities.models import Opportunity

    print(f"database: {connection.settings_dict['NAME']}, opportunities: {Opportunity.objects.count():,}")
    server, base = start_server()
    try:
        urllib.request.urlopen(base + "/insights", timeout=120).read()
        if args.export_rounds:
            bench_export(base, server.pid, args.export_rounds)
        if args.rounds:
            bench_insights(base, args.rounds)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if args.import_file:
        bench_import(args.import_file, args.import_database_url)


if __name__ == "__main__":
    main()
