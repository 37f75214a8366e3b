"""All or nothing: a file with problems imports nothing, and says where every problem is."""

import csv

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.opendata.importer import import_dm_csv
from marketplace.opendata.models import HistoricRecord
from marketplace.opportunities.models import Opportunity

from .conftest import HEADER, awarded_row, historic_row, write_csv


def messages(report):
    return [str(problem) for problem in report.problems]


@pytest.mark.django_db
def test_a_corrupted_copy_of_the_real_file_imports_nothing_and_lists_every_problem(real_file, tmp_path):
    with open(real_file, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = [column for column in HEADER if column != "Expected Contract Length"]
    lines = [[row[column] for column in header] for row in rows]
    lines[9][header.index("Published At")] = "2016-13-45"          # line 11: no such date
    lines[19] = lines[19][:7]                                       # line 21: cut short
    lines[29][header.index("Category")] = "digital-widgets"         # line 31: no such lot
    copy = write_csv(tmp_path / "corrupted.csv", lines, header=header)

    report = import_dm_csv(copy)

    assert messages(report) == [
        "Line 1: the column 'Expected Contract Length' is missing",
        "Line 11: Published At '2016-13-45' is not a date (YYYY-MM-DD)",
        f"Line 21: has 7 fields where the header has {len(header)} (a truncated or broken line)",
        "Line 31: Category 'digital-widgets' is not a lot: use one of digital-outcomes, digital-specialists, "
        "user-research-participants",
    ]
    assert not report.ok and report.summary().startswith("Nothing imported")
    assert not Opportunity.objects.exists() and not HistoricRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="opendata.dm_csv_imported").exists()


@pytest.mark.django_db
def test_every_rule_a_row_breaks_is_reported(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [
        historic_row(1),
        historic_row("x1", Framework="g-cloud-9"),
        historic_row(3, Specialist="wizard", **{"Location Of The Work": "Atlantis", "Open For": "3 weeks"}),
        historic_row(4, Status="live", **{"Applications from SMEs": "six"}),
        awarded_row(5, size="huge", amount="lots", start="next spring"),
        historic_row(6, **{"Winning supplier": "Kainos Software Ltd"}),
        historic_row(1),
    ])

    report = import_dm_csv(path)

    assert messages(report) == [
        "Line 3: ID must be a whole number, not 'x1'",
        "Line 3: Framework 'g-cloud-9' is not a known framework",
        "Line 4: Specialist 'wizard' is not a known specialist role",
        "Line 4: Location Of The Work 'Atlantis' is not a known location",
        "Line 4: Open For '3 weeks' must be one of '1 week', '2 weeks'",
        "Line 5: Applications from SMEs 'six' is not a number",
        "Line 5: Status 'live' must be one of closed, awarded, cancelled, unsuccessful",
        "Line 6: Size of supplier 'huge' must be one of micro, small, medium, large",
        "Line 6: Contract amount 'lots' is not a number",
        "Line 6: Contract start date 'next spring' is not a date (YYYY-MM-DD)",
        "Line 7: Winning supplier is given but the status is 'closed', not 'awarded'",
        "Line 8: ID 1 is also on line 2",
    ]
    assert not Opportunity.objects.exists()


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_says_where(tmp_path):
    path = tmp_path / "latin1.csv"
    write_csv(path, [historic_row(1), historic_row(2, **{"Organisation Name": "Conwy Caf\u00e9"})])
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))

    report = import_dm_csv(path)

    assert messages(report) == ["Line 3: is not UTF-8 text (save the file as CSV UTF-8)"]


@pytest.mark.django_db
def test_a_dry_run_reports_what_it_would_do_and_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "three.csv", [historic_row(1), historic_row(2), awarded_row(3)])

    report = import_dm_csv(path, dry_run=True)

    assert (report.rows, report.created, report.problems) == (3, 3, [])
    assert report.summary() == ("Would import 3 row(s): 3 new, 0 updated, 0 unchanged, 0 left out until their "
                                "buyer is mapped.")
    assert not Opportunity.objects.exists() and not HistoricRecord.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_changed_row_updates_only_that_opportunity(tmp_path):
    import_dm_csv(write_csv(tmp_path / "first.csv", [historic_row(1), historic_row(2)]))
    untouched = Opportunity.objects.get(pk=2).updated_at

    report = import_dm_csv(write_csv(tmp_path / "second.csv", [
        historic_row(1), awarded_row(2, supplier="Made Tech Ltd", size="medium", amount="98000.5")]))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    changed = Opportunity.objects.get(pk=2)
    assert changed.updated_at != untouched and changed.awarded_at == changed.closing_at
    assert changed.applications.get().supplier.name == "Made Tech Ltd"
