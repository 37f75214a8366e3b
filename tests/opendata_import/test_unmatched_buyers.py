"""Buyers the register cannot place: listed with their rows, mapped by an admin, then imported."""

import pytest

from marketplace.opendata.importer import import_dm_csv
from marketplace.opendata.models import UnmatchedBuyer
from marketplace.opportunities.models import Opportunity
from marketplace.organisations.models import Organisation

from .conftest import historic_row, write_csv

NOWHERE = {"Organisation Name": "Borough of Nowhere", "Buyer Domain": "nowhere-borough.example"}


@pytest.mark.django_db
def test_an_unmatched_domain_is_listed_with_its_rows_and_imported_once_mapped(tmp_path):
    path = write_csv(tmp_path / "file.csv", [historic_row(1), historic_row(2, **NOWHERE), historic_row(3),
                                             historic_row(4, **NOWHERE)])

    report = import_dm_csv(path)

    assert report.ok and (report.created, report.skipped) == (2, 2)
    [buyer] = report.unmatched
    assert (buyer.domain, buyer.organisation_names, buyer.lines, buyer.source_ids) == (
        "nowhere-borough.example", ["Borough of Nowhere"], [3, 5], [2, 4])
    assert set(Opportunity.objects.values_list("pk", flat=True)) == {1, 3}
    waiting = UnmatchedBuyer.objects.get(domain="nowhere-borough.example")
    assert (waiting.rows, waiting.source_ids, waiting.mapped_to) == (2, [2, 4], None)

    council = Organisation.objects.get(name="Birmingham City Council")
    waiting.mapped_to = council
    waiting.save()
    again = import_dm_csv(path)

    assert again.unmatched == [] and (again.created, again.unchanged) == (2, 2)
    assert Opportunity.objects.get(pk=2).organisation == council
    assert Opportunity.objects.get(pk=4).organisation == council


@pytest.mark.django_db
def test_a_shared_domain_is_told_apart_by_the_name_typed(tmp_path):
    path = write_csv(tmp_path / "file.csv", [
        historic_row(1, **{"Organisation Name": "Nowhere Community Health Trust", "Buyer Domain": "nhs.net"}),
        historic_row(2, **{"Organisation Name": "Elsewhere Ambulance Service", "Buyer Domain": "nhs.net"}),
    ])

    report = import_dm_csv(path)

    assert [(b.domain, b.shared_name, b.lines) for b in report.unmatched] == [
        ("nhs.net", "elsewhere ambulance service", [3]), ("nhs.net", "nowhere community health trust", [2])]
    assert UnmatchedBuyer.objects.filter(domain="nhs.net").count() == 2
    assert not Opportunity.objects.exists()
