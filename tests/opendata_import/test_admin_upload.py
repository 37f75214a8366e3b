"""The back office: upload the file, see the report, map a buyer and upload again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from admin.conftest import back_office, text_of  # noqa: F401 - the signed-in admin client
from marketplace.audit.models import AuditEvent
from marketplace.opendata.models import UnmatchedBuyer
from marketplace.opportunities.models import Opportunity
from marketplace.organisations.models import Organisation

from .conftest import historic_row, write_csv

IMPORT_PAGE = "/admin/opendata/unmatchedbuyer/import/"


def upload(client, path, dry_run=False):
    with open(path, "rb") as handle:
        data = {"file": SimpleUploadedFile(path.name, handle.read(), content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(IMPORT_PAGE, data)


@pytest.mark.django_db
def test_an_admin_uploads_the_file_maps_a_buyer_and_uploads_again(back_office, tmp_path):
    path = write_csv(tmp_path / "opportunity-data.csv", [
        historic_row(1), historic_row(2, **{"Organisation Name": "Borough of Nowhere",
                                            "Buyer Domain": "nowhere.example"})])

    page = text_of(upload(back_office, path))

    assert "Imported 2 row(s): 1 new, 0 updated, 0 unchanged, 1 left out until their buyer is mapped." in page
    assert "nowhere.example Borough of Nowhere 1 3" in page
    event = AuditEvent.objects.get(action="opendata.dm_csv_imported")
    assert event.actor == back_office.admin and event.detail["file"] == "opportunity-data.csv"

    buyer = UnmatchedBuyer.objects.get(domain="nowhere.example")
    council = Organisation.objects.get(name="Birmingham City Council")
    response = back_office.post(f"/admin/opendata/unmatchedbuyer/{buyer.pk}/change/",
                                {"mapped_to": council.pk})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="unmatched_buyer.changed", actor=back_office.admin).exists()

    page = text_of(upload(back_office, path))
    assert "Imported 2 row(s): 1 new, 0 updated, 1 unchanged" in page
    assert Opportunity.objects.get(pk=2).organisation == council


@pytest.mark.django_db
def test_a_file_with_problems_shows_each_one_and_imports_nothing(back_office, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [historic_row(1, **{"Published At": "yesterday"})])

    page = text_of(upload(back_office, path, dry_run=True))

    assert "Nothing imported: 1 problem(s) in 1 row(s)." in page
    assert "Line 2: Published At 'yesterday' is not a date (YYYY-MM-DD)" in page
    assert not Opportunity.objects.exists()


@pytest.mark.django_db
def test_the_upload_page_asks_for_a_file(back_office):
    assert "Choose the CSV file to import" in text_of(back_office.post(IMPORT_PAGE, {}))
    assert "Import opportunity data" in text_of(back_office.get("/admin/opendata/unmatchedbuyer/"))


@pytest.mark.django_db
def test_only_admins_reach_the_upload_page(client):
    assert client.get(IMPORT_PAGE).status_code == 302
