"""The buyer downloads every application as a spreadsheet, one column per supplier, to compare them side by
side: as CSV and as an OpenDocument spreadsheet, read back here as a spreadsheet program would."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.teletype import extractText
from odf.text import P

from marketplace.applications.exports import applications_table, as_csv, as_ods

from .conftest import SPECIALISTS

pytestmark = pytest.mark.django_db

NICE_TO_HAVES = ["Worked with the DVSA", "Welsh language skills"]


@pytest.fixture
def received(live, apply, applicant, close):
    opportunity = live(SPECIALISTS, niceToHaveRequirements=NICE_TO_HAVES)
    apply(opportunity, applicant(opportunity, supplier_name="Zed Digital Ltd", size="large"),
          dayRate="640.50", respondToEmailAddress="bids@zed.example.com",
          essentialRequirements=[{"evidence": "=HYPERLINK(\"http://evil.example\")"},
                                 {"evidence": "Line one\nLine two  with two spaces"}],
          niceToHaveRequirements=[{"yesNo": False}, {"yesNo": True, "evidence": "Rydym yn siarad Cymraeg."}])
    apply(opportunity, applicant(opportunity, supplier_name="Able Code Ltd", size="micro"),
          respondToEmailAddress="hello@able.example.com",
          essentialRequirements=[{"evidence": "Ten years of Django at GDS."},
                                 {"evidence": "We audit against WCAG 2.2 AA."}])
    close(opportunity)
    return opportunity


def read_ods(content):
    """Each row's cells as text, paragraphs joined by line breaks, as a spreadsheet shows them."""
    document = load(io.BytesIO(content))
    sheet = document.spreadsheet.getElementsByType(Table)[0]
    rows = []
    for row in sheet.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            cells.append("\n".join(extractText(paragraph) for paragraph in cell.getElementsByType(P)))
        rows.append(cells)
    return sheet.getAttribute("name"), rows


EXPECTED = [
    ["Supplier", "Able Code Ltd", "Zed Digital Ltd"],
    ["Organisation size", "SME", "Large"],
    ["Email address for the buyer", "hello@able.example.com", "bids@zed.example.com"],
    ["Day rate", "600.00", "640.50"],
    ["Has all the essential skills and experience", "Yes", "Yes"],
    ["Essential: Python and Django", "Ten years of Django at GDS.", "=HYPERLINK(\"http://evil.example\")"],
    ["Essential: Building accessible services", "We audit against WCAG 2.2 AA.",
     "Line one\nLine two  with two spaces"],
    ["Nice to have: Worked with the DVSA", "We did it for HMRC.", "No"],
    ["Nice to have: Welsh language skills", "No", "Rydym yn siarad Cymraeg."],
]


def without_start_dates(rows):
    starts = [row for row in rows if row[0] == "Earliest start date"]
    assert len(starts) == 1 and all(len(value) == 10 for value in starts[0][1:])
    return [row for row in rows if row[0] != "Earliest start date"]


def test_the_table_has_a_column_per_supplier_and_a_row_per_answer(received, buyer):
    assert without_start_dates(applications_table(received, buyer)) == EXPECTED


def test_the_csv_opens_with_the_same_rows_and_no_formulas(received, buyer):
    content = as_csv(applications_table(received, buyer))
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    expected = [[("'" + cell if cell.startswith("=") else cell) for cell in row] for row in EXPECTED]
    assert without_start_dates(rows) == expected


def test_the_ods_opens_with_the_same_rows(received, buyer):
    name, rows = read_ods(as_ods(applications_table(received, buyer)))
    assert name == "Applications"
    assert without_start_dates(rows) == EXPECTED


def test_only_the_owning_buyers_download_and_only_after_closing(live, apply, buyer, other_buyer, received):
    with pytest.raises(PermissionDenied):
        applications_table(received, other_buyer)
    still_open = live(SPECIALISTS)
    apply(still_open)
    with pytest.raises(PermissionDenied):
        applications_table(still_open, buyer)


def test_a_formula_a_supplier_wrote_is_text_in_the_csv_and_the_ods(received, buyer):
    """The CSV puts a quote in front and the cell in double quotes; the ODS types every cell as text."""
    table = applications_table(received, buyer)
    text = as_csv(table).decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil.example"")"' in text
    document = load(io.BytesIO(as_ods(table)))
    cells = [cell for cell in document.spreadsheet.getElementsByType(TableCell)
             if extractText(cell).startswith("=HYPERLINK")]
    assert [(cell.getAttribute("valuetype"), cell.getAttribute("formula")) for cell in cells] == [("string", None)]
