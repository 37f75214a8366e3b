"""Importing the original Digital Marketplace's opportunity-data CSV as historic opportunities.

All or nothing: the whole file is read and every row checked first; one problem anywhere and nothing is written, and
the report lists every problem with its line number. A row whose buyer the register cannot place (by domain, then by
name) is left out and listed under its domain for an admin to map (UnmatchedBuyer.mapped_to); importing the file
again then brings those rows in. Rows are matched to earlier imports by the file's ID, so importing the same file
twice changes nothing, and a changed file updates only what changed.

The file does not say when an opportunity was cancelled, found unsuccessful or awarded: the closing time stands for
it, the earliest it can have been, so the status this service derives is the file's.

A cell a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) is
imported as the text it is and listed in the report with its line and column; it refuses nothing by itself. A cell
our own export neutralised (a quote in front, marketplace.spreadsheet_cells) is read as the text it stands for, so
exporting and importing again gives back the same values.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction

from marketplace import clock
from marketplace.applications.models import Application
from marketplace.audit.services import record_event
from marketplace.checks.services import record_title_findings
from marketplace.clock import LONDON
from marketplace.frameworks.models import Framework, Location, Lot, SpecialistRole
from marketplace.frameworks.reference import REQUIREMENT_LOTS
from marketplace.opportunities.dates import OPEN_FOR_DAYS, publication_dates
from marketplace.opportunities.models import Opportunity, Status
from marketplace.organisations.services import SHARED_DOMAINS, match_organisations, normalise_domain, normalise_name
from marketplace.search.index import reindex_opportunities
from marketplace.spreadsheet_cells import as_read, would_be_formula
from marketplace.suppliers.models import OrganisationSize, Supplier

from .export_csv import COLUMNS
from .models import HistoricRecord, UnmatchedBuyer

# Columns the original export added later; a file may lack them.
OPTIONAL_COLUMNS = ("Budget range", "Clarification questions", "Employment status")
REQUIRED_COLUMNS = tuple(column for column in COLUMNS if column not in OPTIONAL_COLUMNS)
IMPORTED_STATUSES = (Status.CLOSED, Status.AWARDED, Status.CANCELLED, Status.UNSUCCESSFUL)
AWARD_COLUMNS = ("Winning supplier", "Size of supplier", "Contract amount", "Contract start date")
MAX_CONTRACT_AMOUNT = Decimal("9999999999.99")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MAX_TITLE = Opportunity._meta.get_field("title").max_length
_MAX_SUPPLIER_NAME = Supplier._meta.get_field("name").max_length
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self):
        return f"Line {self.line}: {self.message}"


@dataclass(frozen=True)
class FormulaCell:
    """A cell of the file that a spreadsheet would run as a formula."""

    line: int
    column: str

    def __str__(self):
        return (f"Line {self.line}: {self.column} would be a formula in a spreadsheet; it is kept as text, and "
                "written with a quote in front when exported")


@dataclass
class Unmatched:
    """A buyer the register could not place, and the rows (line numbers and IDs) it affects."""

    domain: str
    shared_name: str
    organisation_names: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    source_ids: list = field(default_factory=list)


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)
    formulas: list = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.problems

    @property
    def skipped(self):
        return sum(len(buyer.lines) for buyer in self.unmatched)

    def summary(self):
        verb = "Would import" if self.dry_run else "Imported"
        formulas = (f" {len(self.formulas)} cell(s) would be formulas in a spreadsheet (listed above), kept as text."
                    if self.formulas else "")
        if self.problems:
            return f"Nothing imported: {len(self.problems)} problem(s) in {self.rows} row(s).{formulas}"
        return (f"{verb} {self.rows} row(s): {self.created} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.skipped} left out until their buyer is mapped.{formulas}")


@dataclass
class _Row:
    line: int
    raw: dict
    source_id: int
    framework: Framework
    lot: Lot
    specialist_role: str
    location: str
    published_on: dt.date
    open_for: str
    counts: dict
    status: str
    supplier_name: str
    supplier_size: str
    contract_amount: Decimal | None
    contract_start_date: dt.date | None


def _parse_date(text):
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _parse_number(text):
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None


def _read_text(source):
    """The file's text, and a problem if it is not UTF-8."""
    if isinstance(source, (str, Path)):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, Problem(line, "is not UTF-8 text (save the file as CSV UTF-8)")


class _Reference:
    """The frameworks, lots, roles and locations a row may name, read once."""

    def __init__(self):
        self.frameworks = {f.slug: f for f in Framework.objects.all()}
        self.lots = {lot.slug: lot for lot in Lot.objects.filter(slug__in=REQUIREMENT_LOTS)}
        self.roles = set(SpecialistRole.objects.values_list("slug", flat=True))
        self.locations = set(Location.objects.values_list("name", flat=True))


def _check_row(line, cells, reference, problems, now):
    """The row read into types, or None; every problem it has is added to `problems`."""
    found = []

    def problem(message):
        found.append(Problem(line, message))

    def cell(column):
        return (cells.get(column) or "").strip()

    source_id = None
    if "ID" in cells:
        text = cell("ID")
        if text.isdigit() and int(text) > 0:
            source_id = int(text)
        else:
            problem(f"ID must be a whole number, not {text!r}")
    if "Opportunity" in cells:
        if not cell("Opportunity"):
            problem("Opportunity (the title) is blank")
        elif len(cell("Opportunity")) > _MAX_TITLE:
            problem(f"Opportunity (the title) must be {_MAX_TITLE} characters or fewer")
    framework = lot = None
    if "Framework" in cells:
        framework = reference.frameworks.get(cell("Framework"))
        if framework is None:
            problem(f"Framework {cell('Framework')!r} is not a known framework")
    if "Category" in cells:
        lot = reference.lots.get(cell("Category"))
        if lot is None:
            problem(f"Category {cell('Category')!r} is not a lot: use one of {', '.join(REQUIREMENT_LOTS)}")
    if "Specialist" in cells and cell("Specialist") and cell("Specialist") not in reference.roles:
        problem(f"Specialist {cell('Specialist')!r} is not a known specialist role")
    if "Location Of The Work" in cells and cell("Location Of The Work") not in reference.locations:
        problem(f"Location Of The Work {cell('Location Of The Work')!r} is not a known location")
    if {"Organisation Name", "Buyer Domain"} <= cells.keys() and not (cell("Organisation Name")
                                                                     or cell("Buyer Domain")):
        problem("Organisation Name and Buyer Domain are both blank")
    published_on = None
    if "Published At" in cells:
        published_on = _parse_date(cell("Published At"))
        if published_on is None:
            problem(f"Published At {cell('Published At')!r} is not a date (YYYY-MM-DD)")
    open_for = cell("Open For") if "Open For" in cells else None
    if open_for is not None and open_for not in OPEN_FOR_DAYS:
        problem(f"Open For {open_for!r} must be one of {', '.join(repr(o) for o in OPEN_FOR_DAYS)}")
        open_for = None
    if published_on and open_for:
        closing_on = published_on + dt.timedelta(days=OPEN_FOR_DAYS[open_for])
        if dt.datetime.combine(closing_on, dt.time.max, tzinfo=LONDON) >= now:
            problem(f"Published At {cell('Published At')} and Open For {open_for!r}: it has not closed yet")
    counts = {}
    for column in ("Applications from SMEs", "Applications from Large Organisations", "Total Organisations"):
        if column in cells:
            counts[column] = _parse_number(cell(column)) if cell(column) else None
            if cell(column) and counts[column] is None:
                problem(f"{column} {cell(column)!r} is not a number")
    status = cell("Status") if "Status" in cells else None
    if status is not None and status not in IMPORTED_STATUSES:
        problem(f"Status {status!r} must be one of {', '.join(IMPORTED_STATUSES)}")
    amount = start_date = None
    if set(AWARD_COLUMNS) <= cells.keys():
        given = [column for column in AWARD_COLUMNS if cell(column)]
        if given and status is not None and status != Status.AWARDED:
            problem(f"{given[0]} is given but the status is {status!r}, not 'awarded'")
        elif given and status == Status.AWARDED:
            # An award the original buyer never described has all four blank; otherwise all four are needed.
            if not cell("Winning supplier"):
                problem("Winning supplier is blank for an award with other details")
            elif len(cell("Winning supplier")) > _MAX_SUPPLIER_NAME:
                problem(f"Winning supplier must be {_MAX_SUPPLIER_NAME} characters or fewer")
            if cell("Size of supplier") not in OrganisationSize.values:
                problem(f"Size of supplier {cell('Size of supplier')!r} must be one of "
                        f"{', '.join(OrganisationSize.values)}")
            amount = _parse_number(cell("Contract amount"))
            if amount is None or amount > MAX_CONTRACT_AMOUNT:
                problem(f"Contract amount {cell('Contract amount')!r} is not a number")
            start_date = _parse_date(cell("Contract start date"))
            if start_date is None:
                problem(f"Contract start date {cell('Contract start date')!r} is not a date (YYYY-MM-DD)")
    problems.extend(found)
    if found or not set(REQUIRED_COLUMNS) <= cells.keys():
        return None
    return _Row(
        line=line, raw=dict(cells), source_id=source_id, framework=framework, lot=lot,
        specialist_role=cell("Specialist"), location=cell("Location Of The Work"), published_on=published_on,
        open_for=open_for, counts=counts, status=status, supplier_name=cell("Winning supplier"),
        supplier_size=cell("Size of supplier"), contract_amount=amount, contract_start_date=start_date)


def _parse(text, problems, formulas, progress, now):
    """Every row of the file, checked; problems and cells that would be formulas are collected, never raised."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(1, "the file is empty"))
        return [], 0
    except csv.Error as error:
        problems.append(Problem(reader.line_num or 1, f"is not valid CSV ({error})"))
        return [], 0
    header = [name.strip() for name in header]
    for column in REQUIRED_COLUMNS:
        if column not in header:
            problems.append(Problem(1, f"the column {column!r} is missing"))
    repeated = sorted({name for name in header if header.count(name) > 1})
    for column in repeated:
        problems.append(Problem(1, f"the column {column!r} appears more than once"))
    reference = _Reference()
    rows, seen, read = [], {}, 0
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(line, f"is not valid CSV ({error})"))
            break
        if not fields:
            continue
        read += 1
        if progress and read % PROGRESS_EVERY == 0:
            progress("read", read, None)
        if len(fields) != len(header):
            problems.append(Problem(line, f"has {len(fields)} fields where the header has {len(header)} "
                                          "(a truncated or broken line)"))
            continue
        cells = {name: as_read(value) for name, value in zip(header, fields) if name in COLUMNS}
        formulas.extend(FormulaCell(line, name) for name, value in zip(header, fields)
                        if name in COLUMNS and would_be_formula(value))
        row = _check_row(line, cells, reference, problems, now)
        if row is not None:
            if row.source_id in seen:
                problems.append(Problem(line, f"ID {row.source_id} is also on line {seen[row.source_id]}"))
            seen.setdefault(row.source_id, line)
            rows.append(row)
    return rows, read


def _unmatched_key(domain, name):
    """A shared domain (nhs.net) says nothing by itself: its unmatched rows are told apart by the name typed."""
    domain = normalise_domain(domain)
    return domain, (normalise_name(name) if not domain or domain in SHARED_DOMAINS else "")


class _Buyers:
    """Each row's organisation: the register's match, else an admin's mapping; unmatched ones are collected."""

    def __init__(self, rows):
        self.mappings = {(b.domain, b.shared_name): b.mapped_to for b in
                         UnmatchedBuyer.objects.select_related("mapped_to").filter(mapped_to__isnull=False)}
        self.matches = {pair: organisation or self.mappings.get(_unmatched_key(*pair))
                        for pair, (organisation, _) in match_organisations(_buyer(row) for row in rows).items()}
        self.unmatched = {}

    def organisation_for(self, row):
        domain, name = _buyer(row)
        organisation = self.matches[domain, name]
        if organisation is None:
            key = _unmatched_key(domain, name)
            buyer = self.unmatched.setdefault(key, Unmatched(domain=key[0], shared_name=key[1]))
            if name and name not in buyer.organisation_names:
                buyer.organisation_names.append(name)
            buyer.lines.append(row.line)
            buyer.source_ids.append(row.source_id)
        return organisation


def _buyer(row):
    return row.raw["Buyer Domain"].strip(), row.raw["Organisation Name"].strip()


def _moment(day):
    return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)


def _opportunity_values(row, organisation):
    """What the row says an Opportunity's fields are."""
    published_at = _moment(row.published_on)
    dates = publication_dates(published_at, row.open_for, organisation.nation)
    closed_at = dates.closing_at
    data = {"title": row.raw["Opportunity"].strip(), "location": row.location,
            "contractLength": row.raw["Expected Contract Length"].strip()}
    if row.specialist_role:
        data["specialistRole"] = row.specialist_role
        data["requirementsLength"] = row.open_for
    for key, column in (("budgetRange", "Budget range"), ("employmentStatus", "Employment status")):
        if row.raw.get(column, "").strip():
            data[key] = row.raw[column].strip()
    return {
        "framework_id": row.framework.pk, "lot_id": row.lot.pk, "organisation_id": organisation.pk,
        "title": data["title"], "specialist_role": row.specialist_role, "location": row.location, "data": data,
        "created_at": published_at, "published_at": published_at, "questions_close_at": dates.questions_close_at,
        "answers_by": dates.answers_by, "closing_at": closed_at, "withdrawn_at": None,
        "cancelled_at": closed_at if row.status == Status.CANCELLED else None,
        "unsuccessful_at": closed_at if row.status == Status.UNSUCCESSFUL else None,
        "awarded_at": closed_at if row.status == Status.AWARDED else None,
    }


def _record_values(row):
    counts = row.counts
    return {
        "source_id": row.source_id, "link": row.raw["Link"].strip(),
        "organisation_name": row.raw["Organisation Name"].strip(), "buyer_domain": row.raw["Buyer Domain"].strip(),
        "open_for": row.open_for, "published_on": row.published_on,
        "sme_applications": counts["Applications from SMEs"],
        "large_applications": counts["Applications from Large Organisations"],
        "total_organisations": counts["Total Organisations"], "raw": row.raw,
    }


def _differs(instance, values):
    return {name for name, value in values.items() if getattr(instance, name) != value}


def _update(instance, values, now=None):
    """Save only the fields whose values differ (and `updated_at` with them, when given); True if any did."""
    changed = _differs(instance, values)
    if not changed:
        return False
    for name in changed:
        setattr(instance, name, values[name])
    if now is not None:
        instance.updated_at = now
        changed.add("updated_at")
    instance.save(update_fields=sorted(changed))
    return True


class _Writer:
    """Creates or updates each row's opportunity, record and award; counts what changed."""

    def __init__(self, report, now):
        self.report, self.now = report, now
        self.records = {r.source_id: r for r in HistoricRecord.objects.select_related(
            "opportunity__lot", "opportunity__organisation")}
        self.awards = {a.opportunity_id: a for a in Application.objects.filter(
            opportunity__historic__isnull=False).select_related("supplier")}
        self.suppliers = {(s.name, s.organisation_size): s for s in Supplier.objects.filter(is_historic=True)}
        self.new = []
        self.changed = []

    def add_suppliers(self, rows):
        """Create the historic suppliers the rows name that do not exist yet, in one statement."""
        missing = [key for key in dict.fromkeys((row.supplier_name, row.supplier_size) for row in rows
                                                if row.supplier_name) if key not in self.suppliers]
        created = Supplier.objects.bulk_create([Supplier(name=name, registered_name=name, organisation_size=size,
                                                         is_historic=True) for name, size in missing])
        self.suppliers.update(((supplier.name, supplier.organisation_size), supplier) for supplier in created)

    def write(self, row, organisation, pk=None):
        """Update the row's opportunity, or keep a new one for `create_new`."""
        values = _opportunity_values(row, organisation)
        record = self.records.get(row.source_id)
        if record is None:
            opportunity = Opportunity(pk=pk, updated_at=self.now, **values)
            # The objects themselves, so indexing needs no query to find them again.
            opportunity.lot, opportunity.organisation, opportunity.framework = row.lot, organisation, row.framework
            self.new.append((row, opportunity))
            self.report.created += 1
            return
        opportunity = record.opportunity
        changed = _update(opportunity, values, now=self.now) | _update(record, _record_values(row))
        changed = self.write_award(row, opportunity) or changed
        if changed:
            self.changed.append(opportunity)
            self.report.updated += 1
        else:
            self.report.unchanged += 1

    def create_new(self, progress=None):
        """Insert the new rows' opportunities, records and awards a statement per table, not per row (a first import
        is thousands of rows), then index them in batches too. Rows keeping their original ID go first and the ID
        sequence is moved past them, so the rest are numbered after."""
        keeping = [opportunity for _, opportunity in self.new if opportunity.pk is not None]
        Opportunity.objects.bulk_create(keeping)
        _reset_opportunity_ids()
        Opportunity.objects.bulk_create([opportunity for _, opportunity in self.new if opportunity.pk is None])
        records = HistoricRecord.objects.bulk_create([
            HistoricRecord(opportunity=opportunity, imported_at=self.now, **_record_values(row))
            for row, opportunity in self.new])
        self.records.update((record.source_id, record) for record in records)
        awards = [Application(opportunity=opportunity, updated_at=self.now, **self.award_values(row, opportunity))
                  for row, opportunity in self.new if row.supplier_name]
        self.awards.update((award.opportunity_id, award) for award in Application.objects.bulk_create(awards))
        record_title_findings([opportunity for _, opportunity in self.new])
        for start in range(0, len(self.new), PROGRESS_EVERY):
            reindex_opportunities(opportunity for _, opportunity in self.new[start:start + PROGRESS_EVERY])
            if progress and start + PROGRESS_EVERY <= len(self.new):
                progress("indexed", start + PROGRESS_EVERY, len(self.new))

    def award_values(self, row, opportunity):
        return {"supplier_id": self.suppliers[row.supplier_name, row.supplier_size].pk,
                "created_at": opportunity.published_at, "submitted_at": opportunity.closing_at,
                "awarded_at": opportunity.awarded_at, "contract_value": row.contract_amount,
                "contract_start_date": row.contract_start_date}

    def write_award(self, row, opportunity):
        """The winning supplier's application, for an award the file describes; True if anything changed."""
        award = self.awards.get(opportunity.pk)
        if not row.supplier_name:
            if award is None:
                return False
            award.delete()
            del self.awards[opportunity.pk]
            return True
        values = self.award_values(row, opportunity)
        if award is None:
            self.awards[opportunity.pk] = Application.objects.create(opportunity=opportunity, updated_at=self.now,
                                                                     **values)
            return True
        return _update(award, values, now=self.now)


def _reset_opportunity_ids():
    """Historic opportunities keep their original IDs; new ones must be numbered after them (PostgreSQL's
    sequences do not follow explicit IDs by themselves)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Opportunity]):
            cursor.execute(statement)


def _remember_unmatched(unmatched, now):
    """Keep each unmatched buyer for an admin to map; a buyer no longer unmatched keeps its mapping, with no rows."""
    UnmatchedBuyer.objects.filter(mapped_to__isnull=True).exclude(
        pk__in=[b.pk for b in UnmatchedBuyer.objects.all() if (b.domain, b.shared_name) in unmatched]
    ).update(rows=0, source_ids=[])
    for (domain, shared_name), buyer in unmatched.items():
        UnmatchedBuyer.objects.update_or_create(
            domain=domain, shared_name=shared_name,
            defaults={"organisation_names": buyer.organisation_names[:20], "rows": len(buyer.lines),
                      "source_ids": buyer.source_ids, "last_seen_at": now},
            create_defaults={"organisation_names": buyer.organisation_names[:20], "rows": len(buyer.lines),
                             "source_ids": buyer.source_ids, "first_seen_at": now, "last_seen_at": now})


class _DryRun(Exception):
    pass


def import_dm_csv(path_or_file, dry_run=False, progress=None, by=None, name=None):
    """Import the original marketplace's opportunity-data CSV (a path, or a file object of bytes or text).

    `progress(stage, done, total)` is called now and then for long files. `dry_run` checks and counts everything
    the import would do, then writes nothing. Returns an ImportReport; nothing is written when it has problems.
    """
    now = clock.now()
    report = ImportReport(dry_run=dry_run)
    text, problem = _read_text(path_or_file)
    if problem:
        report.problems.append(problem)
        return report
    rows, report.rows = _parse(text, report.problems, report.formulas, progress, now)
    if report.problems:
        report.problems.sort(key=lambda p: p.line)
        return report
    try:
        with transaction.atomic():
            _write(rows, report, now, progress, by, name or getattr(path_or_file, "name", str(path_or_file)))
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _write(rows, report, now, progress, by, name):
    buyers = _Buyers(rows)
    placed = [(row, buyers.organisation_for(row)) for row in rows]
    placed = [(row, organisation) for row, organisation in placed if organisation is not None]
    report.unmatched = sorted(buyers.unmatched.values(), key=lambda b: (-len(b.lines), b.domain, b.shared_name))
    writer = _Writer(report, now)
    writer.add_suppliers(row for row, _ in placed)
    new_ids = [row.source_id for row, _ in placed if row.source_id not in writer.records]
    taken = set(Opportunity.objects.filter(pk__in=new_ids).values_list("pk", flat=True)) if new_ids else set()
    for done, (row, organisation) in enumerate(placed, start=1):
        writer.write(row, organisation, pk=row.source_id if row.source_id not in taken else None)
        if progress and done % PROGRESS_EVERY == 0:
            progress("wrote", done, len(placed))
    writer.create_new(progress)
    record_title_findings(writer.changed)
    reindex_opportunities(writer.changed)
    _remember_unmatched(buyers.unmatched, now)
    record_event("opendata.dm_csv_imported", actor=by, detail={
        "file": Path(name).name, "rows": report.rows, "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged, "unmatched_rows": report.skipped, "formula_cells": len(report.formulas)})
