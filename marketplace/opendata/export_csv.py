"""The public opportunity-data CSV: the original marketplace's columns, in its order, one row per opportunity that
has closed (closed, awarded, unsuccessful or cancelled), historic and new alike.

Streamed in blocks of whole lines. On PostgreSQL the database writes the CSV itself (`COPY ... TO STDOUT`, read as
it comes): formatting each row in Python took three to four times as long as PostgreSQL's COPY of the rows.
Elsewhere, and as the reference the COPY is tested against byte for byte, Python writes it: rows come from one
query read in chunks (values(), no query per row) inside a transaction, and each line is yielded as soon as it is
written. The transaction matters on PostgreSQL: outside one, Django declares its cursor WITH HOLD, which makes the
server compute and store the whole result before sending the first row. Numbers and dates are written the way the
original file writes them ("6.0", blank for none, "2016-07-13"), and a historic opportunity's row repeats its
file's own strings, so importing the original file and exporting it again gives back every value it had. A cell
that a spreadsheet would run as a formula is neutralised (marketplace.spreadsheet_cells), which the importer undoes,
so what we export imports back as the same text.
"""

import csv
import io
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, FilteredRelation, IntegerField, OuterRef, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from marketplace import clock
from marketplace.applications.models import Application
from marketplace.applications.selectors import SME_SIZES
from marketplace.clock import LONDON
from marketplace.opportunities.dates import OPEN_FOR_DAYS
from marketplace.opportunities.models import Clarification, Opportunity, Status
from marketplace.opportunities.selectors import with_status
from marketplace.organisations.services import domain_of_email
from marketplace.spreadsheet_cells import CsvWriter, neutralised_sql

COLUMNS = (
    "ID", "Opportunity", "Link", "Framework", "Category", "Specialist", "Organisation Name", "Buyer Domain",
    "Location Of The Work", "Published At", "Open For", "Expected Contract Length", "Budget range",
    "Applications from SMEs", "Applications from Large Organisations", "Total Organisations", "Status",
    "Winning supplier", "Size of supplier", "Contract amount", "Contract start date", "Clarification questions",
    "Employment status",
)
CHUNK_SIZE = 2000
BLOCK_SIZE = 64 * 1024  # characters
# The requirement answers the file has.
_DATA_KEYS = ("contractLength", "budgetRange", "employmentStatus")
_OPEN_FOR_BY_DAYS = {days: words for words, days in OPEN_FOR_DAYS.items()}


def file_number(value):
    """A number as the original file writes it: "6.0", "1083427.5", "1152984.23"; blank for none."""
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1))}.0"
    return format(value.normalize(), "f")


def file_count(value):
    """A count (a whole number) as the original file writes it: "6.0", and blank for none at all."""
    return f"{value}.0" if value else ""


def file_date(value):
    return value.isoformat() if value else ""


def _count_of(queryset):
    return Coalesce(Subquery(queryset.order_by().values("opportunity").annotate(n=Count("pk")).values("n")[:1]), 0,
                    output_field=IntegerField())


def _has_closed(now):
    """The opportunities whose status is closed, awarded, unsuccessful or cancelled (published, not withdrawn, not
    live), said in plain columns rather than through the status expression, so the database can estimate how many
    there are and plan for all of them."""
    return (Q(withdrawn_at__isnull=True, published_at__isnull=False)
            & (Q(closing_at__lte=now) | Q(closing_at__isnull=True)))


def _rows(now):
    """One row per exported opportunity. The winner is a join (the database allows one award per opportunity), and
    only the three answers the file has are read out of `data`, not the whole requirement."""
    submitted = Application.objects.filter(opportunity=OuterRef("pk"), submitted_at__isnull=False)
    return (with_status(Opportunity.objects.filter(_has_closed(now)), now)
            .annotate(sme=_count_of(submitted.filter(supplier__organisation_size__in=SME_SIZES)),
                      large=_count_of(submitted.exclude(supplier__organisation_size__in=SME_SIZES)),
                      clarification_count=_count_of(Clarification.objects.filter(opportunity=OuterRef("pk"))),
                      award=FilteredRelation("applications", condition=Q(applications__awarded_at__isnull=False)),
                      winner_name=F("award__supplier__name"), winner_size=F("award__supplier__organisation_size"),
                      contract_value=F("award__contract_value"), contract_start_date=F("award__contract_start_date"),
                      **{key: KeyTextTransform(key, "data") for key in _DATA_KEYS})
            .order_by("published_at", "pk")
            .values("pk", "title", "published_at", "closing_at", "framework__slug", "lot__slug",
                    "specialist_role", "location", "organisation__name", "created_by__email", "status", "sme",
                    "large", "clarification_count", "winner_name", "winner_size", "contract_value",
                    "contract_start_date", "historic__raw", *_DATA_KEYS))


def _london_day(moment):
    return moment.astimezone(LONDON).date()


def native_values(row):
    """The columns of one opportunity as this service records it."""
    awarded = row["status"] == Status.AWARDED
    published_on = _london_day(row["published_at"])
    return {
        "ID": str(row["pk"]),
        "Opportunity": row["title"],
        "Link": f"{settings.BASE_URL}/opportunities/{row['pk']}",
        "Framework": row["framework__slug"],
        "Category": row["lot__slug"],
        "Specialist": row["specialist_role"],
        "Organisation Name": row["organisation__name"],
        "Buyer Domain": domain_of_email(row["created_by__email"] or ""),
        "Location Of The Work": row["location"],
        "Published At": file_date(published_on),
        "Open For": _OPEN_FOR_BY_DAYS.get((_london_day(row["closing_at"]) - published_on).days, ""),
        "Expected Contract Length": row["contractLength"] or "",
        "Budget range": row["budgetRange"] or "",
        "Applications from SMEs": file_count(row["sme"]),
        "Applications from Large Organisations": file_count(row["large"]),
        "Total Organisations": file_count(row["sme"] + row["large"]),
        "Status": row["status"],
        "Winning supplier": (row["winner_name"] or "") if awarded else "",
        "Size of supplier": (row["winner_size"] or "") if awarded else "",
        "Contract amount": file_number(row["contract_value"]) if awarded else "",
        "Contract start date": file_date(row["contract_start_date"]) if awarded else "",
        "Clarification questions": str(row["clarification_count"]) if row["clarification_count"] else "",
        "Employment status": row["employmentStatus"] or "",
    }


def row_values(row):
    """A historic opportunity keeps its file's strings for every column the file had; the rest are this service's."""
    values = native_values(row)
    raw = row["historic__raw"]
    if raw:
        values.update({column: raw[column] for column in COLUMNS if column in raw})
    return values


class _Line:
    """Where csv.writer writes: hands back the line instead of keeping it, ending it with "\n" as the original file
    does. The writer is told lines end in "\r\n" because it quotes a field holding any character of the line ending:
    so a carriage return is quoted as well as a newline, as PostgreSQL's CSV does and as readers need."""

    def write(self, text):
        return text[:-2] + "\n"


def _writer():
    return CsvWriter(_Line(), lineterminator="\r\n")


def _plan_for_every_row():
    """PostgreSQL plans a cursor for reading a tenth of its rows (cursor_tuple_fraction): one row at a time through
    nested loops, which at a million rows is several times slower than its plan for them all. The export always
    reads them all, so it says so, for this transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1")


def iter_opportunity_csv(now=None):
    """The CSV written by Python, a line at a time: the header, then every closed, awarded, unsuccessful or cancelled
    opportunity, oldest publication first. What the page sends on SQLite, and the reference for PostgreSQL's COPY."""
    now = now or clock.now()
    writer = _writer()
    yield writer.writerow(COLUMNS)
    with transaction.atomic():
        _plan_for_every_row()
        for row in _rows(now).iterator(chunk_size=CHUNK_SIZE):
            values = row_values(row)
            yield writer.writerow([values[column] for column in COLUMNS])


def _native_sql():
    """Each column as `native_values` writes it, in SQL over the columns of `_rows` (the row is `o`): (SQL, params)
    by column, NULL for a blank."""
    if_awarded, awarded = "CASE WHEN o.status = %s THEN {} END", [Status.AWARDED.value]
    london_day = "(o.{} AT TIME ZONE %s)::date"
    published_on, closing_on = london_day.format("published_at"), london_day.format("closing_at")
    count = "CASE WHEN {0} <> 0 THEN ({0})::text || '.0' END"
    value = "o.contract_value"
    number = f"CASE WHEN {value} = trunc({value}) THEN trunc({value})::text || '.0' ELSE trim_scale({value})::text END"
    day = "to_char({}, 'YYYY-MM-DD')"
    return {
        "ID": ("o.pk::text", []),
        "Opportunity": ("o.title", []),
        "Link": ("%s || o.pk::text", [f"{settings.BASE_URL}/opportunities/"]),
        "Framework": ("o.framework__slug", []),
        "Category": ("o.lot__slug", []),
        "Specialist": ("o.specialist_role", []),
        "Organisation Name": ("o.organisation__name", []),
        # domain_of_email: what follows the last "@", stripped, lower case, without trailing dots (addresses are
        # stored stripped and in lower case already, so Unicode spaces and case rules never come into it).
        "Buyer Domain": (r"CASE WHEN strpos(o.created_by__email, '@') > 0 THEN rtrim(lower(btrim("
                         r"split_part(o.created_by__email, '@', -1), E' \t\n\r\f\x0b')), '.') END", []),
        "Location Of The Work": ("o.location", []),
        "Published At": (day.format(published_on), [LONDON.key]),
        "Open For": (f"CASE {closing_on} - {published_on} {' '.join(['WHEN %s THEN %s'] * len(_OPEN_FOR_BY_DAYS))} "
                     "END", [LONDON.key, LONDON.key, *(item for pair in _OPEN_FOR_BY_DAYS.items() for item in pair)]),
        "Expected Contract Length": ('o."contractLength"', []),
        "Budget range": ('o."budgetRange"', []),
        "Applications from SMEs": (count.format("o.sme"), []),
        "Applications from Large Organisations": (count.format("o.large"), []),
        "Total Organisations": (count.format("o.sme + o.large"), []),
        "Status": ("o.status", []),
        "Winning supplier": (if_awarded.format("o.winner_name"), awarded),
        "Size of supplier": (if_awarded.format("o.winner_size"), awarded),
        "Contract amount": (if_awarded.format(number), awarded),
        "Contract start date": (if_awarded.format(day.format("o.contract_start_date")), awarded),
        "Clarification questions": ("NULLIF(o.clarification_count, 0)::text", []),
        "Employment status": ('o."employmentStatus"', []),
    }


def copy_statement(now):
    """The COPY with which PostgreSQL writes the rows exactly as `iter_opportunity_csv` does: the same query, each
    column formatted as `row_values` formats it and neutralised as the Python writer neutralises it, and a blank as
    NULL (COPY quotes an empty string, Python does not). (SQL, params); the header is not part of it.

    Each row starts with one more column, `t` when a cell begins with a quote (neutralised, or typed so), `f`
    otherwise: COPY cannot put one value of a column in quotes, so the reader writes those few rows itself. The
    inner queries are kept apart (OFFSET 0) so each column is worked out once, not once per use in the outer ones."""
    rows_sql, rows_params = _rows(now).order_by().query.sql_with_params()
    native = _native_sql()
    columns, params = [], []
    for n, column in enumerate(COLUMNS):
        sql, sql_params = native[column]
        columns.append(f"NULLIF(CASE WHEN jsonb_exists(o.historic__raw, %s) THEN o.historic__raw ->> %s "
                       f"ELSE {sql} END, '') AS c{n}")
        params += [column, column, *sql_params]
    names = [f"c{n}" for n in range(len(COLUMNS))]
    values = (f"SELECT o.published_at AS published_at, o.pk AS pk, {', '.join(columns)} FROM ({rows_sql}) AS o "
              "OFFSET 0")
    safe = (f"SELECT published_at, pk, {', '.join(f'{neutralised_sql(name)} AS {name}' for name in names)} "
            f"FROM ({values}) AS v OFFSET 0")
    flag = " OR ".join(f"left({name}, 1) = ''''" for name in names)
    return (f"COPY (SELECT COALESCE({flag}, false), {', '.join(names)} FROM ({safe}) AS s "
            "ORDER BY published_at, pk) TO STDOUT WITH (FORMAT csv)", [*params, *rows_params])


def _copied_line(row, encoding, writer):
    """One row of the COPY as the Python writer writes it: COPY's own bytes after the flag, or the row written again
    when a cell needs the quotes COPY could not give it."""
    if row[0] == ord("f"):
        return row[2:]
    cells = next(csv.reader(io.StringIO(bytes(row[2:]).decode(encoding), newline="")))
    return writer.writerow(cells).encode(encoding)


def in_blocks(lines, size=BLOCK_SIZE):
    """The lines joined into blocks of about `size` characters; returns how many lines there were. The WSGI server
    sends each piece it is given on its own, and a million one-line pieces cost it more than writing the lines did."""
    block, length, count = [], 0, 0
    for line in lines:
        block.append(line)
        length += len(line)
        count += 1
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)
    return count


def _written_by_python(now):
    return (yield from in_blocks(iter_opportunity_csv(now))) - 1


def _copied_by_postgresql(now):
    """The header, then COPY's rows as they arrive, in blocks. Each piece COPY sends is one whole row, so a block
    always ends at the end of a line (and of a character). A download stopped half way cancels the COPY, which
    aborts its transaction: the atomic block rolls that back, so the connection is left usable."""
    sql, params = copy_statement(now)
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        encoding = cursor.connection.info.encoding
        writer = _writer()
        block = bytearray(writer.writerow(COLUMNS).encode(encoding))
        with cursor.cursor.copy(connection.ops.compose_sql(sql, params)) as copy:
            for row in copy:
                block += _copied_line(row, encoding, writer)
                written += 1
                if len(block) >= BLOCK_SIZE:
                    yield block.decode(encoding)
                    block.clear()
    yield block.decode(encoding)
    return written


def opportunity_csv(now=None):
    """The whole CSV in blocks of whole lines, for the page and the command; the generator returns the number of
    opportunities written. PostgreSQL writes it itself; any other database has Python write it."""
    now = now or clock.now()
    if connection.vendor == "postgresql":
        return _copied_by_postgresql(now)
    return _written_by_python(now)


def write_opportunity_csv(out, now=None):
    """Write the whole CSV to the text stream `out`; returns the number of opportunities written."""
    blocks = opportunity_csv(now)
    while True:
        try:
            out.write(next(blocks))
        except StopIteration as done:
            return done.value
