"""The opportunities imported from the original marketplace's open data are published in OCDS too: published,
closed with the file's application counts, and their outcome, valid against the schema like every other."""

import pytest

from marketplace.opendata import ocds
from marketplace.opendata.importer import import_dm_csv
from marketplace.opportunities.models import Opportunity

HEADER = ("ID,Opportunity,Link,Framework,Category,Specialist,Organisation Name,Buyer Domain,Location Of The Work,"
          "Published At,Open For,Expected Contract Length,Applications from SMEs,"
          "Applications from Large Organisations,Total Organisations,Status,Winning supplier,Size of supplier,"
          "Contract amount,Contract start date")
LINK = "https://www.digitalmarketplace.service.gov.uk/digital-outcomes-and-specialists/opportunities/"
ROWS = [
    "9,Dev Ops for the Spine,{link}9,digital-outcomes-and-specialists,digital-outcomes,,Home Office,"
    "homeoffice.gov.uk,London,2016-07-13,2 weeks,2 Years,6.0,6.0,12.0,closed,,,,",
    "181,Flood guidance service,{link}181,digital-outcomes-and-specialists,digital-outcomes,,The Home Office,"
    "homeoffice.gsi.gov.uk,Offsite,2016-05-16,2 weeks,6 months,15.0,13.0,28.0,awarded,The App Business,medium,"
    "500000.0,2016-07-03",
    "48,Senior Python Developer,{link}48,digital-outcomes-and-specialists,digital-specialists,developer,"
    "Ministry of Justice,justice.gov.uk,London,2016-04-29,2 weeks,3 months,20.0,,20.0,cancelled,,,,",
    "734,Security Assurance Co-ordinator,{link}734,digital-outcomes-and-specialists,digital-specialists,"
    "securityConsultant,MoJ,justice.gov.uk,South West England,2016-08-10,1 week,6 months,11.0,4.0,15.0,"
    "unsuccessful,,,,",
]


@pytest.fixture
def imported(tmp_path):
    path = tmp_path / "opportunity-data.csv"
    path.write_text("\n".join([HEADER, *(row.format(link=LINK) for row in ROWS)]) + "\n", encoding="utf-8")
    report = import_dm_csv(path)
    assert not report.problems and not report.unmatched and report.created == 4
    return {o.pk: o for o in Opportunity.objects.filter(historic__isnull=False)}


def _statistics(release):
    return {s["measure"]: s["value"] for s in release.get("bids", {}).get("statistics", [])}


@pytest.mark.django_db
def test_imported_history_is_published_as_valid_releases_and_records(imported, client, ocds_schemas):
    package = client.get("/opendata/ocds/releases.json").json()
    ocds_schemas.check_release_package(package)
    by_ocid = {}
    for release in package["releases"]:
        by_ocid.setdefault(release["ocid"], []).append(release)
    assert sorted(by_ocid) == sorted(ocds.ocid_of(o) for o in imported.values())

    records = {}
    for pk, opportunity in imported.items():
        response = client.get(f"/opendata/ocds/records/{ocds.ocid_of(opportunity)}.json")
        assert response.status_code == 200
        record_package = response.json()
        ocds_schemas.check_record_package(record_package)
        records[pk] = record_package["records"][0]
        assert records[pk]["releases"] == by_ocid[ocds.ocid_of(opportunity)]

    assert [r["tag"] for r in by_ocid[ocds.ocid_of(imported[181])]] == [["tender"], ["tenderUpdate"],
                                                                        ["award", "contract"]]
    awarded = records[181]["compiledRelease"]
    assert awarded["date"] == by_ocid[ocds.ocid_of(imported[181])][-1]["date"]
    assert awarded["tender"]["title"] == "Flood guidance service"
    assert awarded["buyer"]["name"] == "Home Office"
    assert awarded["awards"][0]["value"] == {"amount": 500000, "currency": "GBP"}
    assert awarded["awards"][0]["suppliers"][0]["name"] == "The App Business"
    assert awarded["contracts"][0]["period"]["startDate"] == "2016-07-02T23:00:00Z"
    assert {p["name"]: p.get("details") for p in awarded["parties"]}["The App Business"] == {"scale": "sme"}
    assert _statistics(awarded) == {"bids": 28, "smeBids": 15, "largeBids": 13}

    assert records[9]["compiledRelease"]["tender"]["status"] == "complete"
    assert "awards" not in records[9]["compiledRelease"]
    cancelled = records[48]["compiledRelease"]
    assert cancelled["tender"]["status"] == "cancelled"
    assert cancelled["tender"]["items"][0]["description"] == "Developer"
    assert _statistics(cancelled) == {"smeBids": 20}  # the file left the large count blank
    assert records[734]["compiledRelease"]["tender"]["status"] == "unsuccessful"


@pytest.mark.django_db
def test_history_reads_the_same_every_time_and_pages_before_new_releases(imported, live, client, ocds_schemas):
    first = client.get("/opendata/ocds/releases.json").json()["releases"]
    new = live("digital-outcomes")
    again = [r for r in client.get("/opendata/ocds/releases.json").json()["releases"] if r["ocid"] in
             {ocds.ocid_of(o) for o in imported.values()}]
    assert again == first

    seen, cursor = [], None
    while True:
        package = ocds.release_package_page(cursor, size=3)
        ocds_schemas.check_release_package(package)
        seen += [r["id"] for r in package["releases"]]
        if "links" not in package:
            break
        cursor = package["links"]["next"].split("cursor=", 1)[1]
    assert seen == [r["id"] for r in first] + [f"{ocds.ocid_of(new)}-tender-1"]


@pytest.mark.django_db
def test_every_record_pages_the_history_before_new_ones(imported, live, ocds_schemas):
    new = live("digital-outcomes")
    seen, cursor = [], None
    while True:
        package = ocds.record_package_page(cursor, size=3)
        ocds_schemas.check_record_package(package)
        seen += [r["ocid"] for r in package["records"]]
        if "links" not in package:
            break
        cursor = package["links"]["next"].split("cursor=", 1)[1]
    assert seen == [ocds.ocid_of(imported[pk]) for pk in sorted(imported)] + [ocds.ocid_of(new)]
