"""Who sees the applications, when; the downloads; and what suppliers read on their list once there is an
outcome."""

import csv
import io

import pytest

from apply.builders import NICE_TO_HAVE, PUBLISHING_DAY, SPECIALISTS, after_closing, apply, publish
from marketplace.applications import services as applications
from marketplace.opportunities import services as opportunities

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(buyer, set_clock, supplier_offering):
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer)
    first = supplier_offering(SPECIALISTS, supplier_name="Agile Works Ltd")
    second = supplier_offering(SPECIALISTS, supplier_name="Big Consulting plc", size="large")
    return opportunity, apply(opportunity, first), apply(opportunity, second, dayRate="640"), first, second


def buyer_pages(opportunity, application):
    base = f"/buyers/requirements/{opportunity.pk}"
    return [f"{base}/applications", f"{base}/applications/shortlist", f"{base}/applications/{application.pk}",
            f"{base}/applications/{application.pk}/score", f"{base}/applications/download.csv",
            f"{base}/applications/download.ods", f"{base}/outcome", f"{base}/outcome/award",
            f"{base}/outcome/award/{application.pk}", f"{base}/outcome/cancel", f"{base}/outcome/unsuccessful"]


def test_the_buyer_sees_no_application_before_closing(client, applied, buyer, colleague, other_buyer, set_clock):
    opportunity, application, *_ = applied
    client.force_login(buyer)
    for url in buyer_pages(opportunity, application):
        assert client.get(url).status_code == 404, url
    after_closing(set_clock, opportunity)
    for url in buyer_pages(opportunity, application):
        assert client.get(url).status_code == 200, url
    client.force_login(colleague)
    assert client.get(buyer_pages(opportunity, application)[0]).status_code == 200
    client.force_login(other_buyer)
    for url in buyer_pages(opportunity, application):
        assert client.get(url).status_code == 404, url


def test_a_supplier_cannot_reach_the_buyers_pages_or_another_suppliers_application(client, applied, set_clock):
    opportunity, application, rival_application, first, second = applied
    after_closing(set_clock, opportunity)
    client.force_login(second)
    for url in buyer_pages(opportunity, application):
        assert client.get(url).status_code == 403, url
    # Its own application page shows its own answers, never the other supplier's.
    page = client.get(f"/opportunities/{opportunity.pk}/apply/check-your-answers").content.decode()
    assert "£640" in page and "£600" not in page


def test_a_withdrawn_requirement_has_no_applications_to_see(client, buyer, set_clock, supplier_offering):
    set_clock(PUBLISHING_DAY)
    opportunity = publish(buyer)
    application = apply(opportunity, supplier_offering(SPECIALISTS))
    opportunities.withdraw_opportunity(opportunity, buyer)
    after_closing(set_clock, opportunity)
    client.force_login(buyer)
    assert client.get(buyer_pages(opportunity, application)[0]).status_code == 404


def test_downloads_have_one_column_per_supplier(client, applied, buyer, set_clock):
    opportunity, *_ = applied
    after_closing(set_clock, opportunity)
    client.force_login(buyer)
    response = client.get(f"/buyers/requirements/{opportunity.pk}/applications/download.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="applications-{opportunity.pk}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Supplier", "Agile Works Ltd", "Big Consulting plc"]
    assert ["Day rate", "600.00", "640.00"] in rows
    assert [f"Nice to have: {NICE_TO_HAVE}", "We sent 2 million letters with it.",
            "We sent 2 million letters with it."] in rows
    response = client.get(f"/buyers/requirements/{opportunity.pk}/applications/download.ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"] == f'attachment; filename="applications-{opportunity.pk}.ods"'
    assert response.content[:2] == b"PK"  # an OpenDocument file is a zip
    assert client.get(f"/buyers/requirements/{opportunity.pk}/applications/download.xls").status_code == 404


def test_suppliers_read_won_not_won_cancelled_and_withdrawn(client, buyer, set_clock, supplier_offering,
                                                            django_capture_on_commit_callbacks):
    set_clock(PUBLISHING_DAY)
    supplier = supplier_offering(SPECIALISTS)
    rival = supplier_offering(SPECIALISTS)
    won, lost, cancelled, withdrawn = (publish(buyer, title=title) for title in (
        "Developer we award", "Developer we give to another", "Developer we cancel", "Developer we withdraw"))
    for opportunity in (won, lost, cancelled, withdrawn):
        apply(opportunity, supplier)
    theirs = apply(lost, rival)
    opportunities.withdraw_opportunity(withdrawn, buyer)
    after_closing(set_clock, won)
    with django_capture_on_commit_callbacks(execute=True):
        applications.award(won, buyer, won.applications.get(supplier=supplier.supplier), "1000", "2026-09-01")
        applications.award(lost, buyer, theirs, "1000", "2026-09-01")
        applications.cancel(cancelled, buyer, "The budget went.")
    client.force_login(supplier)
    made = client.get("/suppliers/applications").content.decode().split('id="made"')[1].split("</table>")[0]
    for title, word in (("Developer we award", "Won"), ("Developer we give to another", "Not won"),
                        ("Developer we cancel", "Cancelled"), ("Developer we withdraw", "Withdrawn")):
        row = made.split(title)[1].split("</tr>")[0]
        assert f">{word}<" in row.replace("\n", "").replace("  ", ""), (title, row)
