"""Alerts at national scale: matching one publication against every instant alert, the daily digest of a day's
publications, and what alerts add to publishing.

Makes (once, then reuses) suppliers on the live framework with their services and a supplier user each, every user
with its services alert and the rest of the alerts saved catalogue searches, then in one run:

1. matching: `selectors.instant_matches(o)`, what the instant task does before queueing
   emails, for a sample of listed opportunities; and, as the baseline, the catalogue's own query run once per
   instant alert (how alerts were matched before anchors) for a few of them;
2. publishing: drafts published through `publish_opportunity`, alternately as the service does (the instant task
   enqueued after the commit) and with the alert hook taken out, so the two are measured side by side;
3. the instant task in full (matching and queueing the emails) for some of those publications;
4. the daily digest of the day holding those publications: working out every alert's digest, then queueing them
   as the scheduled job does. The emails and tasks the benchmark queued are deleted afterwards.

    DATABASE_URL=... .venv/bin/python bench/generate.py 1000000
    DATABASE_URL=... .venv/bin/python bench/alerts.py     # 10,000 suppliers, 30,000 alerts, 400 publications

"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
# The publications are made on a day of their own (the platform clock moved on to it, then back), so the digest
# covers exactly them.
os.environ["MARKETPLACE_ALLOW_CLOCK_TRAVEL"] = "1"

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from marketplace import clock  # noqa: E402
from marketplace.accounts.models import Role, User  # noqa: E402
from marketplace.alerts import selectors, services  # noqa: E402
from marketplace.alerts.models import Alert, AlertAnchor, Frequency  # noqa: E402
from marketplace.applications.jobs import _send_once  # noqa: E402
from marketplace.clock.services import advance_clock, reset_clock  # noqa: E402
from marketplace.demo.marketplace import STORIES, WeeksFromToday  # noqa: E402
from marketplace.frameworks.models import Lot, SpecialistRole  # noqa: E402
from marketplace.frameworks.reference import INTERNATIONAL, OFFSITE, REGIONS, live_framework  # noqa: E402
from marketplace.notifications.models import OutboundEmail  # noqa: E402
from marketplace.opportunities import services as opportunities  # noqa: E402
from marketplace.opportunities.models import Opportunity, Status  # noqa: E402
from marketplace.organisations.models import Organisation  # noqa: E402
from marketplace.search.models import SearchEntry  # noqa: E402
from marketplace.search.selectors import _matching  # noqa: E402
from marketplace.suppliers.models import (  # noqa: E402
    FrameworkMembership, LotService, SpecialistOffer, Supplier)

from generate import PHASES, SERVICES, SKILLS, SUPPLIER_SIZES, SUPPLIER_WORDS  # noqa: E402
from measure import percentile  # noqa: E402

PREFIX = "Bench alerts"
WORDS = ([s.split()[0] for s in SERVICES] + [s.split()[-1] for s in SKILLS] + PHASES
         + ["developer", "designer", "researcher", "analyst", "accessibility", "payments", "identity", "migration"])
PHRASES = [f'"{s}"' for s in SERVICES[:12] + SKILLS[:10]]


def make_market(rng, suppliers, alerts):
    """Suppliers on the live framework with services, one supplier user each with its services alert, and saved
    searches up to `alerts` in all; written in bulk (as many sign-ups through the services would take hours)."""
    framework = live_framework()
    lots = {lot.slug: lot for lot in Lot.objects.filter(takes_requirements=True)}
    roles = list(SpecialistRole.objects.all())
    have = Supplier.objects.filter(name__startswith=PREFIX).count()
    now = clock.now()
    for start in range(have, suppliers, 1000):
        with transaction.atomic():
            made = Supplier.objects.bulk_create([Supplier(
                name=f"{PREFIX} {rng.choice(SUPPLIER_WORDS)} {n} Ltd", registered_name=f"{PREFIX} {n} Limited",
                registration_scheme="companies-house", registration_number=f"B{n:07d}",
                trading_status="limited company",
                organisation_size=rng.choices(list(SUPPLIER_SIZES), weights=list(SUPPLIER_SIZES.values()))[0],
                contact_name="Sam Bench", contact_email=f"bench-alerts-{n}@example.com", contact_phone="020 7946 0000",
                identity_confirmed_at=now) for n in range(start, min(suppliers, start + 1000))])
            FrameworkMembership.objects.bulk_create(
                [FrameworkMembership(supplier=s, framework=framework, joined_at=now) for s in made])
            offered = []
            for supplier in made:
                for slug, share in (("digital-outcomes", 0.5), ("digital-specialists", 0.6),
                                    ("user-research-participants", 0.2)):
                    if rng.random() < share:
                        places = REGIONS + [OFFSITE] if slug != "user-research-participants" else REGIONS + [
                            INTERNATIONAL]
                        offered.append(LotService(supplier=supplier, framework=framework, lot=lots[slug],
                                                  locations=rng.sample(places, rng.randint(1, 4))))
            LotService.objects.bulk_create(offered)
            SpecialistOffer.objects.bulk_create([
                SpecialistOffer(service=service, role=role,
                                locations=rng.sample(REGIONS + [OFFSITE], rng.randint(1, 3)),
                                max_day_rate=Decimal(rng.randrange(400, 1200, 25)))
                for service in offered if service.lot.slug == "digital-specialists"
                for role in rng.sample(roles, rng.randint(1, 4))])
            users = User.objects.bulk_create([User(
                email=s.contact_email, name=s.contact_name, role=Role.SUPPLIER, supplier=s, email_verified_at=now,
                password="!") for s in made])
            Alert.objects.bulk_create([Alert(
                user=user, name=services.SERVICES_ALERT_NAME, follows_services=True,
                frequency=Frequency.INSTANT if rng.random() < 0.3 else Frequency.DAILY, created_at=now,
                updated_at=now) for user in users])
        print(f"\r{start + len(made):,} suppliers", end="", file=sys.stderr, flush=True)
    users = list(User.objects.filter(role=Role.SUPPLIER, supplier__name__startswith=PREFIX)
                 .values_list("pk", flat=True))
    have = Alert.objects.filter(user__in=users).count()
    for start in range(have, alerts, 2000):
        with transaction.atomic():
            made = Alert.objects.bulk_create([search_alert(rng, rng.choice(users), n, now)
                                              for n in range(start, min(alerts, start + 2000))])
            AlertAnchor.objects.bulk_create([AlertAnchor(alert=alert, term=term)
                                             for alert in made for term in selectors.anchors_of(alert)])
        print(f"\r{start + len(made):,} alerts", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def search_alert(rng, user_id, n, now):
    """A saved catalogue search of the kinds suppliers save: a word or two, a phrase, an exclusion, filters."""
    words = rng.sample(WORDS, rng.choice([0, 1, 1, 1, 2, 2]))
    if rng.random() < 0.2:
        words.append(rng.choice(PHRASES))
    if words and rng.random() < 0.1:
        words.append("-" + rng.choice(PHASES))
    roles = list(SpecialistRole.objects.values_list("slug", flat=True)) if rng.random() < 0.2 else []
    return Alert(
        user_id=user_id, name=f"Saved search {n}", q=" ".join(words),
        lots=rng.sample(["digital-outcomes", "digital-specialists", "user-research-participants"], 1)
        if rng.random() < 0.4 else [],
        locations=rng.sample(REGIONS, rng.randint(1, 2)) if rng.random() < 0.3 or not words else [],
        roles=rng.sample(roles, rng.randint(1, 2)) if roles else [],
        frequency=Frequency.INSTANT if rng.random() < 0.4 else Frequency.DAILY, created_at=now, updated_at=now)


def timed(function, *args):
    began = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - began) * 1000, result


def summary(label, values, unit="ms"):
    print(f"{label}: n={len(values)} p50 {percentile(values, 50):,.1f} {unit}, p95 {percentile(values, 95):,.1f} "
          f"{unit}, max {max(values):,.1f} {unit}")


def load(pk):
    return Opportunity.objects.select_related("organisation", "lot", "framework").get(pk=pk)


def measure_matching(samples, baseline):
    ids = list(SearchEntry.objects.filter(withdrawn=False).order_by("?").values_list("opportunity_id", flat=True)
               [:samples])
    times, matched = [], []
    for pk in ids:
        opportunity = load(pk)
        elapsed, (alerts, _) = timed(selectors.instant_matches, opportunity)
        times.append(elapsed)
        matched.append(len(alerts))
    instant = selectors.active_alerts().filter(frequency=Frequency.INSTANT).count()
    summary(f"match one opportunity against every instant alert ({instant:,})", times)
    print(f"  alerts matched per opportunity: mean {sum(matched) / len(matched):,.1f}, max {max(matched):,}")
    instant_searches = list(selectors.active_alerts().filter(frequency=Frequency.INSTANT, follows_services=False))
    before = []
    for pk in ids[:baseline]:
        began = time.perf_counter()
        for alert in instant_searches:
            _matching(*selectors.search_of(alert)).filter(opportunity_id=pk).exists()
        before.append((time.perf_counter() - began) * 1000)
    summary(f"baseline: the catalogue's query once per instant search alert ({len(instant_searches):,})", before)
    print(f"  ratio (baseline p50 / anchored p50): {percentile(before, 50) / percentile(times, 50):,.0f}")


def drafts(count):
    organisation = Organisation.objects.filter(name__startswith="Benchmark").first() or Organisation.objects.first()
    buyer, _ = User.objects.get_or_create(
        email="bench-alerts-buyer@example.com",
        defaults={"name": "Bench Buyer", "role": Role.BUYER, "organisation": organisation,
                  "email_verified_at": clock.now(), "password": "!"})
    stories = [story for story in STORIES if story.status != Status.DRAFT]
    made = []
    for n in range(count):
        story = stories[n % len(stories)]
        answers = {key: value.date() if isinstance(value, WeeksFromToday) else value
                   for key, value in story.answers.items()}
        made.append(opportunities.create_draft(story.lot, buyer, {"title": f"{story.title} ({n})"[:100], **answers}))
    return buyer, made


def to_a_day_of_its_own():
    """Move the platform clock to 10am on the London day after the last publication."""
    last = max(Opportunity.objects.aggregate(last=Max("published_at"))["last"], clock.now())
    day = last.astimezone(clock.LONDON).date() + dt.timedelta(days=1)
    advance_clock(dt.datetime.combine(day, dt.time(10), tzinfo=clock.LONDON) - clock.now())


def measure_publishing(count):
    to_a_day_of_its_own()
    buyer, written = drafts(count)  # the day's publications, warm-up ones included
    for draft in written[:2]:  # warming up: the first publications load what every later one reuses
        opportunities.publish_opportunity(draft, buyer)
    written = written[2:]
    hook = services.alert_when_published
    with_alerts, without, hooked = [], [], []

    def timed_hook(opportunity_id):
        elapsed, _ = timed(hook, opportunity_id)
        hooked.append(elapsed)

    for n, draft in enumerate(written):
        alerted = n % 2 == 0
        services.alert_when_published = timed_hook if alerted else (lambda opportunity_id: None)
        try:
            elapsed, _ = timed(opportunities.publish_opportunity, draft, buyer)
        finally:
            services.alert_when_published = hook
        (with_alerts if alerted else without).append(elapsed)
    summary("publish, the instant alerts task enqueued after the commit", with_alerts)
    summary("publish, no alerts", without)
    print(f"  difference: {percentile(with_alerts, 95) - percentile(without, 95):+,.1f} ms at p95, "
          f"{percentile(with_alerts, 50) - percentile(without, 50):+,.1f} ms at p50")
    summary("  of which the alert hook itself (enqueueing the instant task)", hooked)
    return [draft.pk for draft in written]


def measure_instant_task(published, samples):
    times, queued = [], []
    for pk in published[:samples]:
        elapsed, number = timed(services.send_instant_alerts, pk)
        times.append(elapsed)
        queued.append(number)
    summary("the instant task in full (match and queue the emails)", times)
    print(f"  emails queued per publication: mean {sum(queued) / len(queued):,.1f}, max {max(queued):,}")


def measure_digest():
    day = clock.now().astimezone(clock.LONDON).date()
    sent_at = dt.datetime.combine(day + dt.timedelta(days=1), services.DIGEST_TIME, tzinfo=clock.LONDON)
    published = Opportunity.objects.filter(
        published_at__gte=dt.datetime.combine(day, dt.time(0), tzinfo=clock.LONDON),
        published_at__lt=sent_at - dt.timedelta(hours=8), withdrawn_at__isnull=True).count()
    daily = selectors.active_alerts().filter(frequency=Frequency.DAILY).count()
    began = time.perf_counter()
    emails = list(services._digests_for(day, sent_at))
    worked_out = time.perf_counter() - began
    queued = _send_once(emails)
    total = time.perf_counter() - began
    print(f"daily digest of {published:,} publications for {daily:,} daily alerts: {len(emails):,} digests worked out "
          f"in {worked_out:,.1f} s, {queued:,} queued, {total:,.1f} s in all")


def clean_up(started):
    """Delete what the benchmark queued: its emails and the delivery and alert tasks waiting for a worker."""
    reset_clock()
    OutboundEmail.objects.filter(created_at__gte=started).delete()  # written on the clock moved ahead
    DBTaskResult.objects.filter(enqueued_at__gte=started).delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--alerts", type=int, default=30_000, help="in all, the suppliers' services alerts included")
    parser.add_argument("--publications", type=int, default=400)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--baseline", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    make_market(rng, args.suppliers, args.alerts)
    print(f"{connection.vendor}: {Opportunity.objects.count():,} opportunities, "
          f"{Supplier.objects.filter(name__startswith=PREFIX).count():,} suppliers, "
          f"{selectors.active_alerts().count():,} alerts; load average {os.getloadavg()[0]:.1f}")
    started = dt.datetime.now(dt.UTC)
    try:
        measure_matching(args.samples, args.baseline)
        published = measure_publishing(args.publications)
        measure_instant_task(published, min(50, len(published)))
        measure_digest()
    finally:
        clean_up(started)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
