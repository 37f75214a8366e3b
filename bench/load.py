"""Load: fifty people using the service at once for ten minutes, every kind of request timed and every error counted.

Starts `marketplace serve --demo` on the throwaway PostgreSQL database DATABASE_URL names (the demo data and the
benchmark's own buyers and suppliers are added to it) and runs --users simulated people, each in a thread of its
own with its own keep-alive connection, pausing --think seconds (at random, up to twice that) between steps:

- the public (60%): the catalogue, a search with words, an opportunity's page, the insights, the API's search;
- buyers (20%): write a requirement through the API (create the draft, change a field) and publish it;
- suppliers (20%): on a requirement the buyers published, ask a question, then start, fill in and submit an
  application.

Prints, for each kind of request, how many were made, p50 and p95, and the errors (any answer but the expected
one); the script fails when there is any error.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_load .venv/bin/python bench/load.py --seconds 600
"""

import argparse
import http.client
import json
import os
import random
import re
import sys
import threading
import time
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from marketplace.frameworks.reference import load_reference_data  # noqa: E402
from marketplace.organisations.seed import load_seed_register  # noqa: E402

from actors import application_answers, buyer, requirement, supplier, token  # noqa: E402
from measure import free_port, percentile, start_server, stop_server  # noqa: E402

WORDS = ["user research", "data", "developer", "agile delivery", "accessibility", "cloud", "content design",
         "benefits", "service design", "security"]


class Timings:
    def __init__(self):
        self.seconds = defaultdict(list)
        self.errors = defaultdict(int)
        self.first_error = {}
        self.lock = threading.Lock()

    def add(self, kind, seconds, error=None):
        with self.lock:
            self.seconds[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                self.first_error.setdefault(kind, error)


class Person:
    """One simulated person: a keep-alive connection, a bearer token if signed in, and the timings they add to."""

    def __init__(self, port, timings, bearer=None):
        self.port, self.timings, self.bearer = port, timings, bearer
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, kind, method, path, body=None, expect=(200,)):
        headers = {"Content-Type": "application/json"}
        if self.bearer:
            headers["Authorization"] = f"Bearer {self.bearer}"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.timings.add(kind, time.perf_counter() - started, f"{method} {path}: {error!r}")
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            return None, None
        problem = None if response.status in expect else f"{method} {path}: HTTP {response.status} {content[:200]!r}"
        self.timings.add(kind, time.perf_counter() - started, problem)
        if response.headers.get("Content-Type", "").startswith("application/json") and content:
            return response.status, json.loads(content)
        return response.status, content.decode(errors="replace")


class Market:
    """What the simulated people share: the opportunities on the demo's catalogue and those the buyers published."""

    def __init__(self, listed):
        self.listed = listed
        self.published = []
        self.lock = threading.Lock()

    def add(self, opportunity_id):
        with self.lock:
            self.published.append(opportunity_id)

    def recent(self):
        with self.lock:
            return random.choice(self.published[-20:]) if self.published else None


def public(person, market):
    step = random.random()
    if step < 0.25:
        person.request("page: catalogue", "GET", "/opportunities")
    elif step < 0.5:
        person.request("page: search with words", "GET", f"/opportunities?q={random.choice(WORDS).replace(' ', '+')}")
    elif step < 0.75:
        person.request("page: opportunity", "GET", f"/opportunities/{random.choice(market.listed)}")
    elif step < 0.85:
        person.request("page: insights", "GET", "/insights")
    else:
        person.request("api: search", "GET", f"/api/v1/opportunities?q={random.choice(WORDS).replace(' ', '+')}")


def buying(person, market):
    status, draft = person.request("api: create draft", "POST", "/api/v1/opportunities", requirement(),
                                   expect=(201,))
    if status != 201:
        return
    person.request("api: save a field", "PATCH", f"/api/v1/opportunities/{draft['id']}",
                   {"summary": "A developer to build and run the online booking service for driving tests."})
    status, _ = person.request("api: publish", "POST", f"/api/v1/opportunities/{draft['id']}/publish")
    if status == 200:
        market.add(draft["id"])


def supplying(person, market, email, applied):
    target = market.recent()
    if target is None:
        return
    person.request("api: ask a question", "POST", f"/api/v1/opportunities/{target}/questions",
                   {"question": "Can the developer pair remotely two days a week?"}, expect=(201,))
    if target in applied:
        return
    status, application = person.request("api: start application", "POST",
                                         f"/api/v1/opportunities/{target}/applications", expect=(200, 201))
    if status not in (200, 201):
        return
    applied.add(target)
    person.request("api: save application", "PATCH", f"/api/v1/applications/{application['id']}",
                   application_answers(email))
    person.request("api: submit application", "POST", f"/api/v1/applications/{application['id']}/submit")


def run(person, act, deadline, think):
    while time.monotonic() < deadline:
        act()
        time.sleep(random.uniform(0, 2 * think))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--think", type=float, default=1.0, help="average pause between one person's steps")
    parser.add_argument("--log", default="load-serve.log", help="where the server's output goes")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a throwaway PostgreSQL database: several web processes need PostgreSQL.")
    call_command("migrate", verbosity=0)
    load_reference_data()
    load_seed_register()
    buyers = max(1, args.users // 5)
    suppliers = max(1, args.users // 5)
    readers = args.users - buyers - suppliers
    buyer_tokens = [token(buyer(f"load-b{n}")) for n in range(buyers)]
    supplier_users = [supplier(f"load-s{n}") for n in range(suppliers)]
    supplier_tokens = [(token(user), user.email) for user in supplier_users]
    port = free_port()
    log = os.path.abspath(args.log)
    server = start_server(port, "--demo", log=log)
    timings = Timings()
    try:
        catalogue = Person(port, Timings()).request("warm-up", "GET", "/opportunities")[1]
        market = Market(sorted(set(re.findall(r'href="/opportunities/(\d+)"', catalogue))))
        deadline = time.monotonic() + args.seconds
        threads = []
        for _ in range(readers):
            person = Person(port, timings)
            threads.append(threading.Thread(target=run, args=(person, lambda p=person: public(p, market), deadline,
                                                              args.think)))
        for bearer in buyer_tokens:
            person = Person(port, timings, bearer)
            threads.append(threading.Thread(target=run, args=(person, lambda p=person: buying(p, market), deadline,
                                                              args.think)))
        for bearer, email in supplier_tokens:
            person = Person(port, timings, bearer)
            threads.append(threading.Thread(target=run, args=(
                person, lambda p=person, e=email, a=set(): supplying(p, market, e, a), deadline, args.think)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop_server(server)
    total = sum(len(values) for values in timings.seconds.values())
    errors = sum(timings.errors.values())
    print(f"{args.users} users ({readers} public, {buyers} buyers, {suppliers} suppliers) for {args.seconds:.0f} s, "
          f"think time up to {2 * args.think:.1f} s, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f} at the end: {total:,} requests ({total / args.seconds:.1f}/s), {errors} errors")
    print(f"  {'request':28} {'count':>7} {'p50':>8} {'p95':>8} {'errors':>7}")
    for kind in sorted(timings.seconds):
        values = timings.seconds[kind]
        print(f"  {kind:28} {len(values):7,} {percentile(values, 50) * 1000:6.0f}ms {percentile(values, 95) * 1000:6.0f}ms "
              f"{timings.errors[kind]:7}")
    for kind, error in timings.first_error.items():
        print(f"  first error of {kind}: {error}")
    if errors:
        print(f"  the server's output is in {log}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
