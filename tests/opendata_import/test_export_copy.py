"""On PostgreSQL the database writes the public CSV itself (COPY). What it writes must be, byte for byte, what the
Python writer writes (the reference, and the writer on SQLite) for every kind of row; and either way the original
file comes back out with every value it had."""

import pytest
from django.db import connection

from marketplace.applications.services import award, cancel, mark_unsuccessful
from marketplace.opendata.export_csv import BLOCK_SIZE, COLUMNS, iter_opportunity_csv, opportunity_csv
from marketplace.opendata.importer import import_dm_csv
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.services import publish_clarification, withdraw_opportunity
from marketplace.organisations.models import Organisation

from .conftest import OUTCOMES, SPECIALISTS, awarded_row, historic_row, read_csv, write_csv
from .test_real_file import file_rows

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's: on SQLite the Python writer is the only one")

AWKWARD = {
    "comma": "Discovery, alpha and beta",
    "quotes": 'The "tell us once" service',
    "newline": "Line one\nline two",
    "carriage return": "Typed in a browser\r\nover two lines",
    "lone carriage return": "Old Mac\rline ending",
    "non-ASCII": "Café résumé — Gwasanaeth Cymraeg ✓ 日本",
    "spaces": "  padded  ",
    "only a space": " ",
    "backslash": "C:\\Temp\\new",
    "end-of-data marker": "\\.",
}


def copied(now=None):
    """The CSV as the page and the command send it, and how many opportunities it said it wrote."""
    blocks = opportunity_csv(now)
    text = []
    while True:
        try:
            text.append(next(blocks))
        except StopIteration as done:
            return "".join(text), done.value


@pytest.fixture
def every_kind_of_opportunity(live, draft, apply, applicant, close, buyer, tmp_path):
    """Opportunities in every status, awarded ones with whole, halved and odd contract amounts, text that needs
    quoting (or looks as if it might), blanks, and historic rows written the way the original file writes them."""
    organisation = buyer.organisation
    organisation.name = 'Ministry of "Tests", Cymru ✓'
    organisation.save(update_fields=["name"])
    opportunities = [live(OUTCOMES, title=f"{name}: {text}"[:100]) for name, text in AWKWARD.items()]
    specialist = live(SPECIALISTS, budgetRange="Up to £650 a day,\r\nfor 6 months")
    asked = opportunities[0]
    publish_clarification(asked, buyer, "Is there an incumbent?", "No, this is new work.")
    publish_clarification(asked, buyer, "Where is the team?", "In Leeds, \"mostly\".")
    winners = {}
    for n, (opportunity, amount) in enumerate(zip(opportunities[1:5], ["1083427.50", "4130000.00", "1152984.23",
                                                                       "0.07"])):
        small = apply(opportunity, applicant(opportunity, supplier_name=f'O\'Brien, "Digital" {n} – Ltd',
                                             size=["micro", "small", "medium", "large"][n]))
        apply(opportunity, applicant(opportunity, size="large"))
        winners[opportunity.pk] = (small, amount)
    withdrawn = opportunities[-1]
    withdraw_opportunity(withdrawn, buyer)
    Opportunity.objects.filter(pk=opportunities[5].pk).update(
        location="", specialist_role="", data={**opportunities[5].data, "contractLength": "", "employmentStatus": ""})
    Opportunity.objects.filter(pk=opportunities[6].pk).update(location=AWKWARD["carriage return"])
    close(max([specialist, *opportunities], key=lambda opportunity: opportunity.closing_at))
    for opportunity in opportunities[:-1]:
        opportunity.refresh_from_db()
    for pk, (application, amount) in winners.items():
        award(Opportunity.objects.get(pk=pk), buyer, application, amount, "2027-09-01")
    cancel(opportunities[5], buyer, "The budget was withdrawn.")
    mark_unsuccessful(opportunities[6], buyer, "Nobody met the essential requirements.")
    still_live = live(OUTCOMES, title="Still open, so not in the file")
    unpublished = draft(OUTCOMES, title="A draft, so not in the file")
    report = import_dm_csv(write_csv(tmp_path / "file.csv", [
        historic_row(900007, Opportunity=AWKWARD["quotes"] + ", " + AWKWARD["non-ASCII"]),
        historic_row(900008, **{"Applications from SMEs": "", "Total Organisations": "0.0", "Open For": "1 week"}),
        awarded_row(900009, supplier=' "Kainos, Software" Ltd ', amount="125000.0", start="2017-5-2"),
        awarded_row(900010, amount="99.99", Opportunity=AWKWARD["carriage return"] + ", " + AWKWARD["spaces"]),
    ]))
    assert (report.problems, report.unmatched, report.created) == ([], [], 4)
    return {"not exported": {still_live.pk, unpublished.pk, withdrawn.pk}}


@postgresql_only
@pytest.mark.django_db
def test_postgresql_writes_every_kind_of_row_exactly_as_the_python_writer_does(every_kind_of_opportunity):
    text, written = copied()
    reference = "".join(iter_opportunity_csv())

    assert text.encode() == reference.encode()
    rows = read_csv(text)
    assert written == len(rows) == Opportunity.objects.count() - len(every_kind_of_opportunity["not exported"])
    assert {row["Status"] for row in rows} == {"closed", "awarded", "cancelled", "unsuccessful"}
    assert {row["Contract amount"] for row in rows} >= {"1083427.5", "4130000.0", "1152984.23", "0.07", "125000.0",
                                                        "99.99"}
    assert {row["Clarification questions"] for row in rows} == {"2", ""}
    for quoted in ('"Typed in a browser\r\nover two lines"', '"lone carriage return: Old Mac\rline ending"',
                   '"Up to £650 a day,\nfor 6 months"', '"Ministry of ""Tests"", Cymru ✓"',
                   '" ""Kainos, Software"" Ltd "', ',only a space:,', ',,,,,,'):
        assert quoted in text


@postgresql_only
@pytest.mark.django_db
def test_postgresql_writes_the_real_file_exactly_as_the_python_writer_does(every_kind_of_opportunity, real_file):
    before = len(read_csv("".join(iter_opportunity_csv())))
    report = import_dm_csv(real_file)

    text, written = copied()

    assert (report.problems, report.created) == ([], len(file_rows(real_file)))
    assert text.encode() == "".join(iter_opportunity_csv()).encode()
    assert written == before + len(file_rows(real_file))


@pytest.mark.django_db
def test_the_real_file_comes_back_out_of_the_page_with_every_value_it_had(real_file):
    source = file_rows(real_file)
    import_dm_csv(real_file)

    blocks = list(opportunity_csv())

    assert blocks[0].startswith(",".join(COLUMNS) + "\n")
    assert len(blocks) > 5 and all(len(block) >= BLOCK_SIZE and block.endswith("\n") for block in blocks[:-1])
    exported = {row["ID"]: row for row in read_csv("".join(blocks))}
    assert set(exported) == {row["ID"] for row in source}
    for row in source:
        assert {column: exported[row["ID"]][column] for column in row} == row


@pytest.mark.django_db
def test_a_download_stopped_half_way_leaves_the_database_connection_usable(real_file):
    import_dm_csv(real_file)
    blocks = opportunity_csv()

    first = next(blocks)
    blocks.close()

    assert first.startswith(",".join(COLUMNS) + "\n")
    assert Organisation.objects.exists() and Opportunity.objects.count() == len(file_rows(real_file))
