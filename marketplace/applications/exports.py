"""The applications a requirement received, as a spreadsheet for its buyers: one column per supplier, one row per
answer, so suppliers can be compared side by side (as the original marketplace's download did)."""

import io

from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import ParagraphProperties, Style, TableCellProperties, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.teletype import addTextToElement
from odf.text import P

from marketplace.opportunities.questions import S
from marketplace.spreadsheet_cells import CsvWriter

from .selectors import applications_for_buyer

ESSENTIALS, NICE_TO_HAVES = "essentialRequirements", "niceToHaveRequirements"


def _item(items, n):
    return (items[n] or {}) if n < len(items or []) else {}


def applications_table(opportunity, user):
    """Rows of cells: the first row names the suppliers, then contact, size, start date, day rate (specialists)
    and the evidence for each essential and nice-to-have requirement. Owning buyers only, after closing."""
    found = list(applications_for_buyer(opportunity, user))
    data = opportunity.data or {}
    rows = [["Supplier", *(a.supplier.name for a in found)],
            ["Organisation size", *("SME" if a.supplier.is_sme else "Large" for a in found)],
            ["Email address for the buyer", *(a.respond_to_email for a in found)],
            ["Earliest start date", *(a.availability.isoformat() if a.availability else "" for a in found)]]
    if opportunity.lot.slug == S:
        rows.append(["Day rate", *(f"{a.day_rate:.2f}" if a.day_rate is not None else "" for a in found)])
    rows.append(["Has all the essential skills and experience",
                 *("Yes" if a.essential_requirements_met else "No" for a in found)])
    for n, requirement in enumerate(data.get(ESSENTIALS) or []):
        rows.append([f"Essential: {requirement}",
                     *(_item(a.essential_evidence, n).get("evidence", "") for a in found)])
    for n, requirement in enumerate(data.get(NICE_TO_HAVES) or []):
        cells = []
        for a in found:
            answer = _item(a.nice_to_have, n)
            cells.append(answer.get("evidence", "") if answer.get("yesNo") else "No")
        rows.append([f"Nice to have: {requirement}", *cells])
    return rows


def as_csv(table):
    """UTF-8 with a byte order mark, so spreadsheet programs read pound signs and accents correctly; no cell a
    supplier wrote runs as a formula (marketplace.spreadsheet_cells)."""
    out = io.StringIO()
    writer = CsvWriter(out)
    for row in table:
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def _styles(document):
    wrapped = Style(name="wrapped", family="table-cell")
    wrapped.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
    heading = Style(name="heading", family="table-cell")
    heading.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
    heading.addElement(TextProperties(fontweight="bold"))
    heading.addElement(ParagraphProperties(textalign="start"))
    labels = Style(name="labels", family="table-column")
    labels.addElement(TableColumnProperties(columnwidth="6cm"))
    answers = Style(name="answers", family="table-column")
    answers.addElement(TableColumnProperties(columnwidth="9cm"))
    for style in (wrapped, heading):
        document.automaticstyles.addElement(style)
    for style in (labels, answers):
        document.automaticstyles.addElement(style)
    return {"wrapped": wrapped, "heading": heading, "labels": labels, "answers": answers}


def as_ods(table):
    """An OpenDocument spreadsheet; every cell is text, so nothing a supplier wrote is read as a formula."""
    document = OpenDocumentSpreadsheet()
    styles = _styles(document)
    sheet = Table(name="Applications")
    columns = max((len(row) for row in table), default=1)
    sheet.addElement(TableColumn(stylename=styles["labels"]))
    if columns > 1:
        sheet.addElement(TableColumn(stylename=styles["answers"], numbercolumnsrepeated=columns - 1))
    for index, row in enumerate(table):
        line = TableRow()
        for position, value in enumerate(row):
            heading = index == 0 or position == 0
            cell = TableCell(valuetype="string", stylename=styles["heading" if heading else "wrapped"])
            for paragraph in str(value).split("\n"):
                element = P()
                addTextToElement(element, paragraph)
                cell.addElement(element)
            line.addElement(cell)
        sheet.addElement(line)
    document.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()
