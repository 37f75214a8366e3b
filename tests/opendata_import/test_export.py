"""The public opportunity-data CSV: streamed, with new opportunities written the way the original file writes them."""

import inspect
from decimal import Decimal

import pytest
from django.conf import settings
from django.http import StreamingHttpResponse

from marketplace.applications.services import award, cancel
from marketplace.clock import LONDON
from marketplace.opendata.export_csv import COLUMNS, file_number, in_blocks, iter_opportunity_csv
from marketplace.opendata.importer import import_dm_csv

from .conftest import OUTCOMES, SPECIALISTS, awarded_row, historic_row, read_csv, write_csv


@pytest.fixture
def awarded(live, applicant, apply, close, buyer):
    """A requirement published here, applied for by a small and a large supplier, and awarded to the small one."""
    opportunity = live(OUTCOMES, contractLength="2 years", budgetRange="Up to £150,000")
    small = apply(opportunity, applicant(opportunity, supplier_name="Agile Works Ltd", size="small",
                                         email="sam@agile.example.com"))
    apply(opportunity, applicant(opportunity, supplier_name="Big Consulting plc", size="large",
                                 email="jo@big.example.com"))
    close(opportunity)
    award(opportunity, buyer, small, "1083427.50", "2027-09-01")
    opportunity.refresh_from_db()
    return opportunity


@pytest.mark.django_db
def test_a_new_awarded_opportunity_is_written_like_the_original_files_rows(awarded, buyer):
    lines = iter_opportunity_csv()
    assert inspect.isgenerator(lines)
    assert next(lines) == ",".join(COLUMNS) + "\n"

    [row] = read_csv(",".join(COLUMNS) + "\n" + "".join(lines))
    published_on = awarded.published_at.astimezone(LONDON).date().isoformat()
    assert row == {
        "ID": str(awarded.pk), "Opportunity": awarded.title,
        "Link": f"{settings.BASE_URL}/opportunities/{awarded.pk}",
        "Framework": awarded.framework.slug, "Category": "digital-outcomes", "Specialist": "",
        "Organisation Name": buyer.organisation.name, "Buyer Domain": buyer.email.rpartition("@")[2],
        "Location Of The Work": awarded.location, "Published At": published_on, "Open For": "2 weeks",
        "Expected Contract Length": awarded.data["contractLength"],
        "Budget range": awarded.data.get("budgetRange", ""), "Applications from SMEs": "1.0",
        "Applications from Large Organisations": "1.0", "Total Organisations": "2.0", "Status": "awarded",
        "Winning supplier": "Agile Works Ltd", "Size of supplier": "small", "Contract amount": "1083427.5",
        "Contract start date": "2027-09-01", "Clarification questions": "",
        "Employment status": awarded.data.get("employmentStatus", ""),
    }


@pytest.mark.django_db
def test_only_opportunities_that_have_closed_are_written(live, draft, close, buyer, tmp_path):
    cancelled = live(OUTCOMES)
    close(cancelled)
    still_open = live(SPECIALISTS)
    draft(OUTCOMES)
    cancel(cancelled, buyer, "The budget was withdrawn.")
    import_dm_csv(write_csv(tmp_path / "file.csv", [historic_row(7), awarded_row(8)]))

    rows = {row["ID"]: row for row in read_csv("".join(iter_opportunity_csv()))}

    assert set(rows) == {"7", "8", str(cancelled.pk)}
    assert str(still_open.pk) not in rows
    assert rows[str(cancelled.pk)]["Status"] == "cancelled" and rows[str(cancelled.pk)]["Winning supplier"] == ""
    assert (rows["8"]["Winning supplier"], rows["8"]["Contract start date"]) == ("Kainos Software Ltd", "2017-5-2")


@pytest.mark.django_db
def test_anyone_downloads_the_csv_as_a_stream(client, awarded, tmp_path):
    import_dm_csv(write_csv(tmp_path / "file.csv", [historic_row(9)]))

    response = client.get("/opendata/opportunity-data.csv")

    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(b"".join(response.streaming_content).decode())
    assert [row["ID"] for row in rows] == ["9", str(awarded.pk)]
    assert client.post("/opendata/opportunity-data.csv").status_code == 405


def test_the_stream_is_sent_in_blocks_of_whole_lines():
    lines = [f"{n},Discovery for service {n}\n" for n in range(1000)]

    blocks = list(in_blocks(iter(lines), size=1000))

    assert "".join(blocks) == "".join(lines)
    assert 20 < len(blocks) < 40
    assert all(len(block) >= 1000 and block.endswith("\n") for block in blocks[:-1])


@pytest.mark.parametrize("value,written", [
    (None, ""), ("6", "6.0"), ("0.0", "0.0"), ("1083427.50", "1083427.5"), ("1152984.23", "1152984.23"),
    ("4130000.00", "4130000.0"),
])
def test_numbers_are_written_as_the_original_file_writes_them(value, written):
    assert file_number(None if value is None else Decimal(value)) == written

