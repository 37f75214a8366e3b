"""Faults: what `kill -9` leaves behind, and twenty awards of one requirement at once.

On the throwaway PostgreSQL database DATABASE_URL names (it is migrated, and the script's own users and
requirements are added to it), three checks, each printing what it found and failing loudly when a rule breaks:

1. `marketplace import dm-csv` killed with SIGKILL halfway through writing leaves nothing imported, and running it
   again imports the whole file.
2. `marketplace serve` killed with SIGKILL (every process of it) while buyers publish and suppliers ask questions
   through the API loses nothing it acknowledged and leaves nothing half-written: every acknowledged requirement is
   published with its search entry and its OCDS release, every acknowledged question is stored, the search tallies
   equal a recount of the entries, and no release exists without its opportunity's change. The service then
   starts again and answers.
3. Twenty concurrent awards of one closed requirement, each naming a different submitted application: exactly one
   succeeds, the others are refused with a 409, and the requirement has one award.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_faults .venv/bin/python bench/faults.py
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
# Check 3 moves the platform clock past the requirement's closing moment, for this script and the server alike.
os.environ["MARKETPLACE_ALLOW_CLOCK_TRAVEL"] = "1"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from marketplace import clock  # noqa: E402
from marketplace.applications import services as applications  # noqa: E402
from marketplace.applications.models import Application  # noqa: E402
from marketplace.clock.services import advance_clock, reset_clock  # noqa: E402
from marketplace.frameworks.reference import load_reference_data  # noqa: E402
from marketplace.opendata.models import HistoricRecord, Release  # noqa: E402
from marketplace.opportunities import services as opportunities  # noqa: E402
from marketplace.opportunities.models import Opportunity, SupplierQuestion  # noqa: E402
from marketplace.organisations.seed import load_seed_register  # noqa: E402
from marketplace.search.models import SearchEntry, Tally  # noqa: E402

from actors import application_answers, buyer, requirement, supplier, token  # noqa: E402
from measure import call, free_port, kill, start_server, stop_server  # noqa: E402

CSV = ROOT.parent / "shared" / "data" / "dos-opportunity-data-2018-07.csv"
failures = []


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


# 1. The import, killed halfway ------------------------------------------------------------------------------

def imported():
    return HistoricRecord.objects.count()


def import_killed_halfway():
    print("1. marketplace import dm-csv, killed with SIGKILL halfway through writing")
    if not CSV.exists():
        check(False, f"the original marketplace's CSV is at ../shared/data/{CSV.name}")
        return
    before = imported()
    if before:
        check(False, "the database has no historic opportunities yet (this check needs a new database: the file "
                     "is already imported here)")
        return
    command = [sys.executable, "-m", "marketplace.cli", "import", "dm-csv", str(CSV)]
    importer = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                start_new_session=True, cwd=ROOT)
    killed_at = None
    for line in importer.stderr:  # progress: "Wrote 1000 rows of 1800..."
        words = line.replace("...", "").split()
        if words[:1] == ["Wrote"] and "of" in words and int(words[1]) * 2 >= int(words[words.index("of") + 1]):
            killed_at = line.strip()
            kill(importer)
            break
    importer.wait()
    check(killed_at is not None, f"the import was killed while writing ({killed_at or 'it finished first'})")
    connection.close()
    check(imported() == before, f"nothing was imported by the killed run ({imported() - before} new historic "
                                "opportunities)")
    rerun = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    check(rerun.returncode == 0, f"running it again succeeds: {rerun.stdout.strip().splitlines()[-1:]}")
    check(imported() > 0, f"{imported():,} historic opportunities after the second run")


# 2. The server, killed during writes ---------------------------------------------------------------------------

def serve_killed_during_writes(seconds, writers):
    print(f"2. marketplace serve, killed with SIGKILL after {seconds:.0f} s of writes by {writers * 2} clients")
    buyers = [token(buyer(f"b{n}")) for n in range(writers)]
    suppliers = [token(supplier(f"s{n}")) for n in range(writers)]
    port = free_port()
    server = start_server(port)
    published, asked, lock, stopping = [], [], threading.Lock(), threading.Event()

    def publish_loop(bearer):
        while not stopping.is_set():
            status, draft = call(port, "POST", "/api/v1/opportunities", bearer, requirement())
            if status != 201:
                continue
            status, _ = call(port, "POST", f"/api/v1/opportunities/{draft['id']}/publish", bearer)
            if status == 200:
                with lock:
                    published.append(draft["id"])

    def ask_loop(bearer):
        while not stopping.is_set():
            with lock:
                target = published[-1] if published else None
            if target is None:
                time.sleep(0.05)
                continue
            status, _ = call(port, "POST", f"/api/v1/opportunities/{target}/questions", bearer,
                             {"question": f"Is the work open to remote pairing? ({time.monotonic()})"})
            if status == 201:
                with lock:
                    asked.append(target)

    threads = [threading.Thread(target=publish_loop, args=(b,)) for b in buyers]
    threads += [threading.Thread(target=ask_loop, args=(s,)) for s in suppliers]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    kill(server)
    stopping.set()
    for thread in threads:
        thread.join()
    connection.close()
    with lock:
        acknowledged, questions = list(published), len(asked)
    check(bool(acknowledged), f"{len(acknowledged)} publications and {questions} questions were acknowledged before "
                              "the kill")
    rows = Opportunity.objects.filter(pk__in=acknowledged, published_at__isnull=False)
    check(rows.count() == len(set(acknowledged)), f"every acknowledged publication is stored "
                                                  f"({rows.count()} of {len(set(acknowledged))})")
    indexed = SearchEntry.objects.filter(opportunity__in=acknowledged).count()
    check(indexed == len(set(acknowledged)), f"every one has its search entry ({indexed})")
    released = set(Release.objects.filter(opportunity__in=acknowledged, kind="tender")
                   .values_list("opportunity_id", flat=True))
    check(released == set(acknowledged), f"every one has its OCDS tender release ({len(released)})")
    stored = SupplierQuestion.objects.filter(opportunity__in=acknowledged).count()
    check(stored >= questions, f"every acknowledged question is stored ({stored} stored, {questions} acknowledged)")
    unpublished = Release.objects.filter(opportunity__published_at__isnull=True).count()
    check(unpublished == 0, f"no release exists for an opportunity that was not published ({unpublished})")
    half = Opportunity.objects.filter(published_at__isnull=False, historic__isnull=True, releases__isnull=True).count()
    check(half == 0, f"no published opportunity lacks its releases ({half})")
    recount = Counter(SearchEntry.objects.filter(withdrawn=False)
                      .values_list("lot", "location", "specialist_role"))
    tallies = Counter({(t.lot, t.location, t.specialist_role): t.entries for t in Tally.objects.filter(entries__gt=0)})
    check(recount == tallies, f"the search tallies equal a recount of the entries ({sum(tallies.values()):,})")
    server = start_server(port)
    check(True, "the service starts again and answers /healthz")
    stop_server(server)


# 3. Twenty awards at once ---------------------------------------------------------------------------------------

def concurrent_awards(count):
    print(f"3. {count} concurrent awards of one closed requirement")
    owner = buyer("award")
    draft = opportunities.create_draft("digital-specialists", owner,
                                       {k: v for k, v in requirement("Developer for one award").items() if k != "lot"})
    opportunity = opportunities.publish_opportunity(draft, owner)
    submitted = []
    for n in range(count):
        user = supplier(f"a{n}")
        application = applications.start_application(opportunity, user)
        applications.save_application(application, application_answers(user.email), user)
        applications.submit_application(application, user)
        submitted.append(application.pk)
    advance_clock(opportunity.closing_at - clock.now() + dt.timedelta(hours=1))
    port = free_port()
    server = start_server(port)
    bearer = token(owner)
    start_line, answers = threading.Barrier(count), []

    def award(application_id):
        start_line.wait()
        answers.append(call(port, "POST", f"/api/v1/opportunities/{opportunity.pk}/award", bearer,
                            {"applicationId": application_id, "contractValue": "45000.00",
                             "contractStartDate": (clock.today_in_london() + dt.timedelta(days=30)).isoformat()})[0])

    try:
        threads = [threading.Thread(target=award, args=(pk,)) for pk in submitted]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop_server(server)
        reset_clock()
    statuses = Counter(answers)
    check(statuses[200] == 1 and statuses[409] == count - 1, f"one award succeeded, the rest were refused with "
                                                             f"409: {dict(statuses)}")
    connection.close()
    awarded = Application.objects.filter(opportunity=opportunity, awarded_at__isnull=False).count()
    check(awarded == 1, f"the requirement has exactly one awarded application ({awarded})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="writes before the server is killed")
    parser.add_argument("--writers", type=int, default=5, help="buyers publishing (and as many suppliers asking)")
    parser.add_argument("--awards", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a throwaway PostgreSQL database.")
    call_command("migrate", verbosity=0)
    load_reference_data()
    load_seed_register()
    import_killed_halfway()
    serve_killed_during_writes(args.seconds, args.writers)
    concurrent_awards(args.awards)
    print(f"load average {os.getloadavg()[0]:.2f}; {len(failures)} failure(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
