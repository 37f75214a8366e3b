"""The aggregate questions the insights answer, each one grouped query in the database.

Every figure is read from the opportunities, awards and organisation register as they are now, so a correction to
the register (a sector, a parent) shows at once. Only the organisations (a few hundred) are ever walked in Python;
opportunities (possibly millions) are only counted by the database.
"""

import datetime as dt
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, Min, Q, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncQuarter

from marketplace import clock
from marketplace.applications.models import Application
from marketplace.checks.models import CheckedRequirement, RecordedFinding
from marketplace.clock import LONDON
from marketplace.frameworks.models import Lot
from marketplace.opportunities.models import Opportunity, Status
from marketplace.opportunities.selectors import status_conditions, with_status
from marketplace.organisations.models import Organisation, Sector
from marketplace.suppliers.models import OrganisationSize

# Every status a published opportunity can have, in the order its life runs.
PUBLISHED_STATUSES = (Status.LIVE, Status.CLOSED, Status.AWARDED, Status.CANCELLED, Status.UNSUCCESSFUL,
                      Status.WITHDRAWN)
# The opportunities whose applications have closed: the base of the cancelled and unsuccessful shares.
CLOSED_STATUSES = (Status.CLOSED, Status.AWARDED, Status.CANCELLED, Status.UNSUCCESSFUL)
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
# What one page has read so far (see one_reading); None outside a page.
_READ = ContextVar("insights_read", default=None)


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter in Europe/London time."""

    year: int
    number: int

    @classmethod
    def parse(cls, text):
        match = _QUARTER.fullmatch(text or "")
        return cls(int(match.group(1)), int(match.group(2))) if match else None

    @classmethod
    def of(cls, moment):
        local = moment.astimezone(LONDON)
        return cls(local.year, (local.month - 1) // 3 + 1)

    @property
    def key(self):
        return f"{self.year}-Q{self.number}"

    @property
    def label(self):
        return f"{self.year} Q{self.number}"

    @property
    def starts_at(self):
        return dt.datetime(self.year, 3 * self.number - 2, 1, tzinfo=LONDON)

    def next(self):
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def through(self, last):
        """This quarter and every one after it up to `last`, in order."""
        quarter = self
        while quarter <= last:
            yield quarter
            quarter = quarter.next()


@dataclass(frozen=True)
class Filters:
    """Which opportunities a figure counts: any of lot, framework and the buyer's sector (slugs), and a range of
    publication quarters (either end may be open)."""

    lot: str = ""
    framework: str = ""
    sector: str = ""
    first_quarter: Quarter | None = None
    last_quarter: Quarter | None = None

    def q(self, prefix=""):
        """The filter as a condition on opportunities, or on whatever reaches them through `prefix`."""
        conditions = {f"{prefix}published_at__isnull": False}
        if self.lot:
            conditions[f"{prefix}lot__slug"] = self.lot
        if self.framework:
            conditions[f"{prefix}framework__slug"] = self.framework
        if self.sector:
            conditions[f"{prefix}organisation__sector"] = self.sector
        if self.first_quarter:
            conditions[f"{prefix}published_at__gte"] = self.first_quarter.starts_at
        if self.last_quarter:
            conditions[f"{prefix}published_at__lt"] = self.last_quarter.next().starts_at
        return Q(**conditions)


@contextmanager
def one_reading():
    """Within the block, a count several figures are made from is read from the database once, not once per
    figure. Nothing outlives the block, so every page still shows the data as it is when it is asked for."""
    token = _READ.set({})
    try:
        yield
    finally:
        _READ.reset(token)


def _read_once(key, read):
    memo = _READ.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def published(filters):
    return Opportunity.objects.filter(filters.q()).order_by()


def awards(filters):
    """The awarded applications of the chosen opportunities: historic and new awards alike."""
    return Application.objects.filter(filters.q("opportunity__"), awarded_at__isnull=False).order_by()


def quarters_with_opportunities():
    """From the quarter of the first published opportunity to this quarter."""
    now = clock.now()
    first = Opportunity.objects.filter(published_at__isnull=False).aggregate(first=Min("published_at"))["first"]
    return list(Quarter.of(first or now).through(Quarter.of(now)))


def lots_taking_requirements():
    return list(Lot.objects.filter(takes_requirements=True).order_by("ordering"))


def _counted(filters, now):
    """The two counts of `count_groups`. On PostgreSQL one pass over the opportunities makes both: the quarters'
    ranges of publication date are read from the index one after another, and each opportunity is counted in two
    small hash tables (GROUPING SETS), by organisation and lot with a count per status, and by quarter and lot.
    Elsewhere they are two grouped queries."""
    if connection.vendor != "postgresql":
        per_status = list(with_status(published(filters), now).values("organisation_id", "lot_id", "status")
                          .annotate(n=Count("id")).values_list("organisation_id", "lot_id", "status", "n"))
        per_quarter = [(Quarter.of(start), lot_id, n) for start, lot_id, n in
                       published(filters).annotate(quarter=TruncQuarter("published_at", tzinfo=LONDON))
                       .values("quarter", "lot_id").annotate(n=Count("id")).values_list("quarter", "lot_id", "n")]
        return per_status, per_quarter
    span = Opportunity.objects.filter(published_at__isnull=False).aggregate(
        first=Min("published_at"), last=Max("published_at"))
    if span["first"] is None:
        return [], []
    quarters = list(Quarter.of(span["first"]).through(Quarter.of(span["last"])))
    flags = status_conditions(now)
    columns = {f"is_{number}": ExpressionWrapper(condition, output_field=BooleanField())
               for number, condition in enumerate(flags.values())}
    # One quarter's opportunities, with a flag per status (q is the quarter: the statement below joins each quarter
    # to its own opportunities).
    in_quarter = published(filters).filter(published_at__gte=RawSQL("q.starts", ()),
                                           published_at__lt=RawSQL("q.ends", ()))
    sql, params = (in_quarter.annotate(**columns).values_list("organisation_id", "lot_id", *columns)
                   .query.sql_with_params())
    counted = ", ".join(f"COUNT(*) FILTER (WHERE o.{column})" for column in columns)
    with connection.cursor() as cursor:
        # OFFSET 0 keeps the quarter's query whole, so PostgreSQL reads each quarter as a range of the index
        # (rather than testing every opportunity against every quarter).
        cursor.execute(
            f"SELECT GROUPING(q.key), o.organisation_id, o.lot_id, q.key, COUNT(*), {counted} "
            "FROM unnest(%s::integer[], %s::timestamptz[], %s::timestamptz[]) AS q (key, starts, ends) "
            f"CROSS JOIN LATERAL ({sql} OFFSET 0) AS o "
            "GROUP BY GROUPING SETS ((o.organisation_id, o.lot_id), (q.key, o.lot_id))",
            [list(range(len(quarters))), [quarter.starts_at for quarter in quarters],
             [quarter.next().starts_at for quarter in quarters], *params])
        groups = cursor.fetchall()
    per_status, per_quarter = [], []
    for by_organisation, organisation_id, lot_id, key, n, *per_flag in groups:
        if by_organisation:
            per_status += [(organisation_id, lot_id, status, number)
                           for status, number in zip(flags, per_flag) if number]
        else:
            per_quarter.append((quarters[key], lot_id, n))
    return per_status, per_quarter


def count_groups(filters, now=None):
    """Published opportunities counted two ways: per (organisation id, lot id, status), as (organisation_id, lot_id,
    status, n) rows, a few thousand at most; and per (Quarter, lot id), as (quarter, lot_id, n) rows. Every figure
    about lots, statuses, sectors, organisations and quarters is summed from them, so on a page the database counts
    the opportunities once."""
    return _read_once(("counts", filters), lambda: _counted(filters, now or clock.now()))


def opportunity_counts(filters, now=None):
    """The (organisation_id, lot_id, status, n) rows of `count_groups`."""
    return count_groups(filters, now)[0]


def by_lot_and_status(filters, now=None):
    """For each lot: {"lot", "counts": {status: n}, "total"}."""
    grouped = {}
    for _, lot_id, status, n in opportunity_counts(filters, now):
        by_status = grouped.setdefault(lot_id, {})
        by_status[status] = by_status.get(status, 0) + n
    rows = []
    for lot in lots_taking_requirements():
        if filters.lot and lot.slug != filters.lot:
            continue
        by_status = {status: grouped.get(lot.pk, {}).get(status.value, 0) for status in PUBLISHED_STATUSES}
        rows.append({"lot": lot, "counts": by_status, "total": sum(by_status.values())})
    return rows


def per_organisation(filters):
    """Published opportunities per organisation id: what the sector, department and most-active figures are made
    from (a few hundred organisations, so the database never has to count distinct ones)."""
    totals = {}
    for organisation_id, _, _, n in opportunity_counts(filters):
        totals[organisation_id] = totals.get(organisation_id, 0) + n
    return totals


def by_sector(filters):
    """For each sector: {"sector", "label", "opportunities", "organisations"} (organisations that published)."""
    sectors = dict(Organisation.objects.values_list("id", "sector"))
    grouped = {}
    for organisation_id, n in per_organisation(filters).items():
        totals = grouped.setdefault(sectors[organisation_id], {"opportunities": 0, "organisations": 0})
        totals["opportunities"] += n
        totals["organisations"] += 1
    return [{"sector": value, "label": label,
             "opportunities": grouped.get(value, {}).get("opportunities", 0),
             "organisations": grouped.get(value, {}).get("organisations", 0)}
            for value, label in Sector.choices if not filters.sector or value == filters.sector]


def departments():
    """Each organisation's id mapped to (its name, the id of its top-level parent), from the register as it is."""
    register = {pk: (name, parent) for pk, name, parent in Organisation.objects.values_list("id", "name", "parent_id")}

    def top(pk):
        seen = {pk}
        while register[pk][1] is not None and register[pk][1] not in seen:
            pk = register[pk][1]
            seen.add(pk)
        return pk

    return {pk: (name, top(pk)) for pk, (name, _) in register.items()}


def by_department(filters, unroll=False):
    """Opportunities by department, each agency and arm's-length body counted in its top-level parent; with
    `unroll`, each body on its own. Rows: {"name", "department", "opportunities", "bodies"}, most active first."""
    counts = per_organisation(filters)
    register = departments()
    rows = {}
    for organisation_id, n in counts.items():
        name, top = register[organisation_id]
        department = register[top][0]
        key = organisation_id if unroll else top
        row = rows.setdefault(key, {"name": name if unroll else department, "department": department,
                                    "opportunities": 0, "bodies": 0})
        row["opportunities"] += n
        row["bodies"] += 1
    return sorted(rows.values(), key=lambda row: (-row["opportunities"], row["name"]))


def most_active(filters, sector, limit=20):
    """The `limit` organisations of `sector` that published most, and the sector's totals:
    ({"opportunities", "organisations"}, [{"name", "opportunities"}])."""
    if filters.sector and filters.sector != sector:
        return {"opportunities": 0, "organisations": 0}, []
    names = dict(Organisation.objects.filter(sector=sector).values_list("id", "name"))
    counts = [(names[pk], n) for pk, n in per_organisation(filters).items() if pk in names]
    totals = {"opportunities": sum(n for _, n in counts), "organisations": len(counts)}
    top = sorted(counts, key=lambda pair: (-pair[1], pair[0]))[:limit]
    return totals, [{"name": name, "opportunities": n} for name, n in top]


def awards_by_supplier_size(filters):
    """For each supplier size: {"size", "label", "awards", "value"} (value: total contract value, a Decimal)."""
    grouped = {row["supplier__organisation_size"]: row for row in
               awards(filters).values("supplier__organisation_size")
               .annotate(awards=Count("id"), value=Sum("contract_value"))}
    return [{"size": size, "label": label,
             "awards": grouped.get(size, {}).get("awards", 0),
             "value": grouped.get(size, {}).get("value") or 0}
            for size, label in OrganisationSize.choices]


def contracts(filters, largest=True, limit=10):
    """The `limit` largest (or smallest) awarded contracts with a recorded value, with buyer and supplier."""
    order = ("-contract_value", "-awarded_at", "-id") if largest else ("contract_value", "-awarded_at", "-id")
    return list(awards(filters).filter(contract_value__isnull=False)
                .select_related("opportunity__organisation", "supplier").order_by(*order)[:limit])


def by_quarter(filters):
    """Published opportunities per Europe/London quarter and lot: [(Quarter, {lot slug: n})], every quarter from
    the first to the last of the period (or of the data) included, even when nothing was published. Read from
    `count_groups`, in the same pass over the opportunities as the page's other counts."""
    slugs = {lot.pk: lot.slug for lot in Lot.objects.all()}
    grouped = {}
    for quarter, lot_id, n in count_groups(filters)[1]:
        grouped.setdefault(quarter, {})[slugs[lot_id]] = n
    if not grouped:
        return []
    first = filters.first_quarter or min(grouped)
    last = filters.last_quarter or max(grouped)
    return [(quarter, grouped.get(quarter, {})) for quarter in first.through(last)]


def _bucket(by, prefix):
    if by == "quarter":
        return TruncQuarter(f"{prefix}published_at", tzinfo=LONDON)
    return F(f"{prefix}organisation__sector")


def requirement_checks(filters, by):
    """The published requirements the checks were run on, grouped `by` "quarter" (a Quarter) or "sector" (its
    slug): {group: {"checked": n, "titles_only": n, "found": {check key: n}}}, where "found" counts the requirements
    each check found something on. Two grouped queries, whatever the number of requirements."""
    checked = (CheckedRequirement.objects.filter(filters.q("opportunity__")).order_by()
               .annotate(bucket=_bucket(by, "opportunity__")).values("bucket", "titles_only")
               .annotate(n=Count("pk")).values_list("bucket", "titles_only", "n"))
    found = (RecordedFinding.objects.filter(filters.q("requirement__opportunity__")).order_by()
             .annotate(bucket=_bucket(by, "requirement__opportunity__")).values("bucket", "check_key")
             .annotate(n=Count("pk")).values_list("bucket", "check_key", "n"))
    key = Quarter.of if by == "quarter" else str
    groups = {}

    def group(bucket):
        return groups.setdefault(key(bucket), {"checked": 0, "titles_only": 0, "found": {}})

    for bucket, titles_only, n in checked:
        totals = group(bucket)
        totals["checked"] += n
        totals["titles_only"] += n if titles_only else 0
    for bucket, check_key, n in found:
        counts = group(bucket)["found"]
        counts[check_key] = counts.get(check_key, 0) + n
    return groups
