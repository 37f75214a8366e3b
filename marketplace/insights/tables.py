"""Each insight as a table (with its chart): the page shows it and /insights/<name>.csv downloads the same rows.

A table keeps its values raw (counts, Decimals, dates); the page formats them for reading and the CSV writes them
plainly, so both always carry the same figures.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from markupsafe import Markup

from marketplace.checks.rules import CHECKS
from marketplace.formatting import count, london_date, money, percent
from marketplace.opportunities.models import Status
from marketplace.organisations.models import Sector

from . import charts, selectors

TOP_BODIES = 20
TOP_CONTRACTS = 10
PENNY = Decimal("0.01")
TENTH = Decimal("0.1")
ZERO_SHARE = Decimal("0.0")


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = "text"  # text, count, percent, money or date

    @property
    def numeric(self):
        return self.kind in ("count", "percent", "money")


@dataclass(frozen=True)
class Link:
    text: str
    href: str

    def __str__(self):
        return self.text


@dataclass
class Table:
    name: str
    caption: str
    columns: list
    rows: list
    chart: Markup = None
    summary: str = ""
    empty: str = "No opportunities match these filters."
    notes: list = field(default_factory=list)

    @property
    def csv_name(self):
        return f"{self.name}.csv"

    def csv_rows(self):
        yield [column.heading for column in self.columns]
        for row in self.rows:
            yield [plain(value, column.kind) for value, column in zip(row, self.columns, strict=True)]

    def govuk_rows(self):
        """The rows as govukTable wants them; link cells as escaped HTML."""
        for row in self.rows:
            cells = []
            for value, column in zip(row, self.columns, strict=True):
                cell = {"format": "numeric"} if column.numeric else {}
                if isinstance(value, Link):
                    cell["html"] = Markup('<a class="govuk-link" href="{}">{}</a>').format(value.href, value.text)
                else:
                    cell["text"] = readable(value, column.kind)
                cells.append(cell)
            yield cells

    @property
    def head(self):
        return [{"text": column.heading, **({"format": "numeric"} if column.numeric else {})}
                for column in self.columns]


def share(part, whole):
    """`part` as a percentage of `whole`, to one decimal place; None when there is no whole to share."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def plain(value, kind):
    """A value as the CSV writes it: numbers without separators or symbols, dates ISO, nothing as blank."""
    if value is None:
        return ""
    if kind == "money":
        return str(Decimal(value).quantize(PENNY))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def readable(value, kind):
    """A value as the page shows it."""
    if value is None:
        return ""
    if kind == "count":
        return count(value)
    if kind == "percent":
        return percent(value)
    if kind == "money":
        return money(value)
    if kind == "date":
        return london_date(value)
    return str(value)


def _share(value):
    """A share in a chart's words, where a share of nothing reads as 0.0%."""
    return percent(ZERO_SHARE if value is None else value)


def _listing(pairs, text=count):
    return "; ".join(f"{label}: {text(value)}" for label, value in pairs)


# The tables -------------------------------------------------------------------------------------------------------

def lots_and_status(filters, unroll=False):
    rows = selectors.by_lot_and_status(filters)
    columns = ([Column("Lot")] + [Column(status.label, "count") for status in selectors.PUBLISHED_STATUSES]
               + [Column("Total", "count"), Column("Cancelled (% of closed)", "percent"),
                  Column("Unsuccessful (% of closed)", "percent")])

    def line(label, counts):
        closed = sum(counts[status] for status in selectors.CLOSED_STATUSES)
        return ([label] + [counts[status] for status in selectors.PUBLISHED_STATUSES]
                + [sum(counts.values()), share(counts[Status.CANCELLED], closed),
                   share(counts[Status.UNSUCCESSFUL], closed)])

    table_rows = [line(row["lot"].name, row["counts"]) for row in rows]
    if len(rows) > 1:
        table_rows.append(line("All lots", {status: sum(row["counts"][status] for row in rows)
                                            for status in selectors.PUBLISHED_STATUSES}))
    chart = charts.stacked_bar_chart(
        "chart-lots-and-status", "Published opportunities by lot and status",
        "Stacked bar chart, one bar per lot split by status. Totals: "
        + _listing((row["lot"].name, row["total"]) for row in rows) + ". The table that follows gives every status.",
        [(row["lot"].name, [row["counts"][status] for status in selectors.PUBLISHED_STATUSES]) for row in rows],
        [status.label for status in selectors.PUBLISHED_STATUSES], value_text=count)
    return Table(
        "opportunities-by-lot-and-status", "Published opportunities by lot and status", columns, table_rows, chart,
        notes=["Cancelled and unsuccessful shares are of the opportunities whose applications have closed "
               "(closed, awarded, cancelled or unsuccessful), so open and withdrawn ones do not count."])


def sectors(filters, unroll=False):
    rows = selectors.by_sector(filters)
    chart = charts.bar_chart(
        "chart-sectors", "Published opportunities by buyer sector",
        "Bar chart of published opportunities per sector. " + _listing((r["label"], r["opportunities"]) for r in rows)
        + ". The table that follows also gives the number of organisations.",
        [(row["label"], [row["opportunities"]]) for row in rows], value_text=count)
    return Table(
        "opportunities-by-sector", "Published opportunities by buyer sector",
        [Column("Sector"), Column("Opportunities", "count"), Column("Organisations that published", "count")],
        [[row["label"], row["opportunities"], row["organisations"]] for row in rows], chart)


def departments(filters, unroll=False):
    rows = selectors.by_department(filters, unroll=unroll)
    shown = rows[:TOP_BODIES]
    noun = "organisation" if unroll else "department"
    chart = charts.bar_chart(
        "chart-departments", f"Published opportunities by {noun}: the {len(shown)} most active",
        f"Bar chart of the {len(shown)} {noun}s that published most. " +
        _listing((row["name"], row["opportunities"]) for row in shown) + f". The table that follows lists every "
        f"{noun}.", [(row["name"], [row["opportunities"]]) for row in shown], value_text=count)
    if unroll:
        columns = [Column("Organisation"), Column("Department"), Column("Opportunities", "count")]
        table_rows = [[row["name"], row["department"], row["opportunities"]] for row in rows]
        caption = "Published opportunities by organisation, each body on its own"
    else:
        columns = [Column("Department"), Column("Opportunities", "count"),
                   Column("Bodies that published", "count")]
        table_rows = [[row["name"], row["opportunities"], row["bodies"]] for row in rows]
        caption = "Published opportunities by department, agencies and arm's-length bodies included"
    return Table("opportunities-by-department", caption, columns, table_rows, chart if rows else None)


def _most_active(filters, sector, name, noun, plural):
    totals, rows = selectors.most_active(filters, sector, TOP_BODIES)
    title = f"The {len(rows)} most active {plural}" if rows else f"The most active {plural}"
    chart = charts.bar_chart(
        f"chart-{name}", title, f"Bar chart of published opportunities per {noun}, most first. "
        + _listing((row["name"], row["opportunities"]) for row in rows) + ".",
        [(row["name"], [row["opportunities"]]) for row in rows], value_text=count)
    summary = (f"{count(totals['opportunities'])} "
               f"{'opportunity' if totals['opportunities'] == 1 else 'opportunities'} "
               f"from {count(totals['organisations'])} {noun if totals['organisations'] == 1 else plural}.")
    return Table(name, f"{title}: published opportunities", [Column(noun[0].upper() + noun[1:]), Column("Opportunities", "count")],
                 [[row["name"], row["opportunities"]] for row in rows], chart if rows else None, summary=summary)


def local_authorities(filters, unroll=False):
    return _most_active(filters, Sector.LOCAL_GOVERNMENT, "local-authorities", "local authority",
                        "local authorities")


def nhs_bodies(filters, unroll=False):
    return _most_active(filters, Sector.NHS_AND_HEALTH, "nhs-bodies", "NHS or health body", "NHS and health bodies")


def supplier_sizes(filters, unroll=False):
    rows = selectors.awards_by_supplier_size(filters)
    awards = sum(row["awards"] for row in rows)
    value = sum(Decimal(row["value"]) for row in rows)
    smes = [row for row in rows if row["size"] != "large"]
    sme_awards, sme_value = sum(row["awards"] for row in smes), sum(Decimal(row["value"]) for row in smes)

    def line(label, won, total):
        return [label, won, share(won, awards), Decimal(total), share(total, value)]

    table_rows = [line(row["label"], row["awards"], row["value"]) for row in rows]
    table_rows += [line("All SMEs (micro, small and medium)", sme_awards, sme_value),
                   line("All sizes", awards, value)]
    chart = charts.bar_chart(
        "chart-supplier-sizes", "Share of awards by supplier size: by number and by value",
        "Bar chart with two bars per supplier size: its share of the number of awards, then its share of their "
        "total value. " + "; ".join(f"{row[0]}: {_share(row[2])} of awards, {_share(row[4])} of value"
                                    for row in table_rows[:len(rows)]) + ".",
        [(row[0], [row[2] or ZERO_SHARE, row[4] or ZERO_SHARE]) for row in table_rows[:len(rows)]],
        ["Share of awards", "Share of value"], value_text=_share)
    return Table(
        "awards-by-supplier-size", "Awards by the winning supplier's size", 
        [Column("Supplier size"), Column("Awards", "count"), Column("Share of awards", "percent"),
         Column("Total contract value", "money"), Column("Share of value", "percent")],
        table_rows, chart if awards else None, empty="No awards match these filters.",
        summary=f"{count(awards)} {'award' if awards == 1 else 'awards'} worth {money(value)} in total.")


def _contracts(filters, largest):
    name = "largest-contracts" if largest else "smallest-contracts"
    found = selectors.contracts(filters, largest=largest, limit=TOP_CONTRACTS)
    which = "largest" if largest else "smallest"
    title = f"The {len(found)} {which} contracts" if found else f"The {which} contracts"
    chart = charts.bar_chart(
        f"chart-{name}", f"{title} by value",
        f"Bar chart of the {which} contract values. "
        + _listing(((a.opportunity.title, a.contract_value) for a in found), text=money) + ".",
        [(f"{a.opportunity.title} ({a.opportunity.organisation.name})", [a.contract_value]) for a in found],
        value_text=money)
    return Table(
        name, f"{title}: every award with a recorded contract value, £0 included",
        [Column("Opportunity"), Column("Buyer"), Column("Supplier"), Column("Supplier size"),
         Column("Contract value", "money"), Column("Contract start date", "date")],
        [[Link(a.opportunity.title or "Untitled", reverse("web:opportunity", args=[a.opportunity_id])),
          a.opportunity.organisation.name, a.supplier.name, a.supplier.get_organisation_size_display(),
          a.contract_value, a.contract_start_date] for a in found],
        chart if found else None, empty="No awards match these filters.")


def largest_contracts(filters, unroll=False):
    return _contracts(filters, largest=True)


def smallest_contracts(filters, unroll=False):
    return _contracts(filters, largest=False)


def _axis_label(index, quarter, quarters):
    """What a column chart over `quarters` quarters writes under the column of `quarter`, the `index`th."""
    if quarters <= 8:
        return quarter.label
    if quarter.number == 1 or (index == 0 and quarter.number <= 2):
        return str(quarter.year)
    return ""


def over_time(filters, unroll=False):
    quarters = selectors.by_quarter(filters)
    lots = [lot for lot in selectors.lots_taking_requirements() if not filters.lot or lot.slug == filters.lot]
    table_rows = [[quarter.label] + [counts.get(lot.slug, 0) for lot in lots] + [sum(counts.values())]
                  for quarter, counts in quarters]

    chart = charts.column_chart(
        "chart-over-time", "Published opportunities per quarter",
        "Column chart of the opportunities published in each quarter (Europe/London time), oldest first. "
        + _listing((row[0], row[-1]) for row in table_rows) + ".",
        [(_axis_label(index, quarter, len(quarters)), row[-1])
         for index, ((quarter, _), row) in enumerate(zip(quarters, table_rows))],
        value_text=count)
    return Table(
        "opportunities-by-quarter", "Published opportunities per quarter, by lot",
        [Column("Quarter")] + [Column(lot.name, "count") for lot in lots] + [Column("Total", "count")],
        table_rows, chart if quarters else None)


def _check_line(label, group):
    """A row of the checks' tables: the requirements checked, and each check's share of those it could look at
    (a requirement checked on its title alone counts only for the checks that read titles)."""
    full = group["checked"] - group["titles_only"]
    cells = [label, group["checked"], group["titles_only"]]
    for check in CHECKS:
        looked_at = full + (group["titles_only"] if "title" in check.looks_at else 0)
        cells.append(share(group["found"].get(check.key, 0), looked_at))
    return cells


def _empty_group():
    """The figures of a quarter or sector with no checked requirement."""
    return {"checked": 0, "titles_only": 0, "found": {}}


def _all_of(groups):
    total = _empty_group()
    for group in groups:
        total["checked"] += group["checked"]
        total["titles_only"] += group["titles_only"]
        for key, n in group["found"].items():
            total["found"][key] = total["found"].get(key, 0) + n
    return total


_CHECK_COLUMNS = ([Column("Requirements checked", "count"), Column("Checked on the title only", "count")]
                  + [Column(f"{check.name} (%)", "percent") for check in CHECKS])
_CHECK_NOTES = [
    "Each share is of the published requirements the check could look at that it found something on: the advice "
    "a buyer was shown before publishing. Checks advise and never stop a requirement being published.",
    "Requirements imported from the original Digital Marketplace are known by their title alone, so they count "
    "only for the checks that read a title (" + ", ".join(c.name for c in CHECKS if "title" in c.looks_at) + ").",
]
_NOTHING_CHECKED = "No checked requirements match these filters."


def _product_check():
    """The check the charts show, and its column in the checks' rows."""
    product = next(check for check in CHECKS if check.key == "product-not-outcome")
    return product, 1 + len(_CHECK_COLUMNS) - len(CHECKS) + CHECKS.index(product)


def checks_over_time(filters, unroll=False):
    groups = selectors.requirement_checks(filters, "quarter")
    rows, quarters = [], []
    if groups:
        first, last = filters.first_quarter or min(groups), filters.last_quarter or max(groups)
        quarters = list(first.through(last))
        rows = [_check_line(quarter.label, groups.get(quarter, _empty_group())) for quarter in quarters]
        rows.append(_check_line("All quarters", _all_of(groups.values())))
    product, column = _product_check()
    shown = rows[:-1]
    chart = charts.column_chart(
        "chart-requirement-checks-over-time", f"{product.name}: share of checked requirements per quarter",
        f"Column chart of the share of checked requirements the {product.name} check found something on, in each "
        "quarter (Europe/London time), oldest first. " + _listing(((row[0], row[column]) for row in shown),
                                                                  text=_share) + ".",
        [(_axis_label(index, quarter, len(quarters)), row[column] or ZERO_SHARE)
         for index, (quarter, row) in enumerate(zip(quarters, shown))], value_text=_share)
    return Table("requirement-checks-by-quarter", "Findings of the requirement checks per quarter",
                 [Column("Quarter")] + _CHECK_COLUMNS, rows, chart if rows else None, empty=_NOTHING_CHECKED,
                 notes=_CHECK_NOTES)


def checks_by_sector(filters, unroll=False):
    groups = selectors.requirement_checks(filters, "sector")
    rows = []
    if groups:
        rows = [_check_line(label, groups.get(value, _empty_group())) for value, label in Sector.choices
                if not filters.sector or value == filters.sector]
        rows.append(_check_line("All sectors", _all_of(groups.values())))
    product, column = _product_check()
    shown = rows[:-1]
    chart = charts.bar_chart(
        "chart-requirement-checks", f"{product.name}: share of checked requirements by buyer sector",
        f"Bar chart of the share of checked requirements the {product.name} check found something on, per buyer "
        "sector. " + _listing(((row[0], row[column]) for row in shown), text=_share) + ". The table that follows "
        "gives every check.", [(row[0], [row[column] or ZERO_SHARE]) for row in shown], value_text=_share)
    return Table("requirement-checks-by-sector", "Findings of the requirement checks by buyer sector",
                 [Column("Sector")] + _CHECK_COLUMNS, rows, chart if rows else None, empty=_NOTHING_CHECKED)


# Every table, by its CSV name, in the order the page shows them; and the page's sections.
TABLES = {
    "opportunities-by-lot-and-status": lots_and_status,
    "opportunities-by-sector": sectors,
    "opportunities-by-department": departments,
    "local-authorities": local_authorities,
    "nhs-bodies": nhs_bodies,
    "awards-by-supplier-size": supplier_sizes,
    "largest-contracts": largest_contracts,
    "smallest-contracts": smallest_contracts,
    "opportunities-by-quarter": over_time,
    "requirement-checks-by-quarter": checks_over_time,
    "requirement-checks-by-sector": checks_by_sector,
}

SECTIONS = (
    ("lots-and-status", "By lot and status", ("opportunities-by-lot-and-status",)),
    ("sectors", "By sector", ("opportunities-by-sector",)),
    ("departments", "By department", ("opportunities-by-department",)),
    ("local-and-nhs", "The most active local authorities and NHS bodies", ("local-authorities", "nhs-bodies")),
    ("supplier-sizes", "Awards by supplier size", ("awards-by-supplier-size",)),
    ("contracts", "The largest and smallest contracts", ("largest-contracts", "smallest-contracts")),
    ("over-time", "Over time", ("opportunities-by-quarter",)),
    ("requirement-checks", "How requirements are written", ("requirement-checks-by-quarter",
                                                             "requirement-checks-by-sector")),
)
