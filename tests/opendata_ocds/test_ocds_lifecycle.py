"""An opportunity's life as researchers read it in OCDS: each change of state is a new release, never an edited
one; the record compiles them into the latest state; every package validates against the official schema with the
enquiry and bid extensions, with no network."""

import datetime as dt
import io
import json

import ocdsmerge
import pytest
from django.core.management import call_command
from ocdsmerge.rules import get_merge_rules

from factories import make_admin
from marketplace.applications.jobs import run_scheduled_jobs
from marketplace.applications.services import award, cancel, correct_outcome, mark_unsuccessful
from marketplace.opendata import ocds
from marketplace.opendata.models import Release, ReleaseIsImmutable
from marketplace.opportunities.services import publish_clarification, publish_opportunity, withdraw_opportunity

from .conftest import OUTCOMES, SPECIALISTS

START = dt.date(2027, 9, 1)


def releases_json(client, cursor=None):
    response = client.get("/opendata/ocds/releases.json", {"cursor": cursor} if cursor else {})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def every_release(client, ocds_schemas):
    """Follow links.next from the first page to the last, checking every page against the schema."""
    releases, cursor, pages = [], None, 0
    while True:
        package = releases_json(client, cursor)
        ocds_schemas.check_release_package(package)
        releases += package["releases"]
        pages += 1
        if "next" not in package.get("links", {}):
            return releases, pages
        cursor = package["links"]["next"].split("cursor=", 1)[1]


def record_of(client, opportunity, ocds_schemas):
    response = client.get(f"/opendata/ocds/records/{ocds.ocid_of(opportunity)}.json")
    assert response.status_code == 200, response.content
    package = response.json()
    ocds_schemas.check_record_package(package)
    [record] = package["records"]
    return record


def tags(releases):
    return [release["tag"] for release in releases]


@pytest.fixture
def applied(live, apply, applicant):
    """A published outcomes requirement with applications from a small and a large company."""
    opportunity = live(OUTCOMES)
    small = apply(opportunity, applicant(opportunity, supplier_name="Agile Works Ltd", size="small"))
    large = apply(opportunity, applicant(opportunity, supplier_name="Big Consulting plc", size="large"))
    return opportunity, small, large


@pytest.mark.django_db
def test_publish_answer_close_and_award_each_publish_a_valid_release(applied, buyer, close, client, ocds_schemas):
    opportunity, small, large = applied
    publish_clarification(opportunity, buyer, "Can we work remotely?", "Two days a week on site are needed.")
    close(opportunity)
    run_scheduled_jobs()
    award(opportunity, buyer, large, "£1,250,000.50", START)

    releases, _ = every_release(client, ocds_schemas)
    assert tags(releases) == [["tender"], ["tenderUpdate"], ["tenderUpdate"], ["award", "contract"]]
    ocid = ocds.ocid_of(opportunity)
    assert {r["ocid"] for r in releases} == {ocid} and ocid.startswith("ocds-xxxxxx-marketplace-")
    assert len({r["id"] for r in releases}) == 4

    tender, answered, closed, awarded = releases
    assert tender["tender"]["status"] == "active" and tender["tender"]["title"] == opportunity.title
    assert tender["tender"]["procurementMethod"] == "open"
    assert tender["tender"]["mainProcurementCategory"] == "services"
    assert tender["tender"]["items"][0]["classification"]["id"] == "digital-outcomes"
    assert tender["buyer"]["name"] == "Home Office"
    assert tender["tender"]["tenderPeriod"]["endDate"] == ocds._datetime(opportunity.closing_at)
    assert tender["tender"]["hasEnquiries"] is False
    assert answered["tender"]["enquiries"] == [{
        "id": "1", "date": answered["date"], "title": "Question 1", "description": "Can we work remotely?",
        "answer": "Two days a week on site are needed.", "dateAnswered": answered["date"]}]
    assert closed["date"] == ocds._datetime(opportunity.closing_at) and closed["tender"]["status"] == "complete"
    assert {s["measure"]: s["value"] for s in closed["bids"]["statistics"]} == {
        "bids": 2, "smeBids": 1, "largeBids": 1}
    assert awarded["awards"][0]["value"] == {"amount": 1250000.5, "currency": "GBP"}
    assert awarded["awards"][0]["suppliers"][0]["name"] == "Big Consulting plc"
    assert awarded["contracts"][0]["period"]["startDate"] == "2027-08-31T23:00:00Z"  # midnight in London, BST

    record = record_of(client, opportunity, ocds_schemas)
    assert record["ocid"] == ocid and [r["id"] for r in record["releases"]] == [r["id"] for r in releases]
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["status"] == "complete"
    assert [e["answer"] for e in compiled["tender"]["enquiries"]] == ["Two days a week on site are needed."]
    assert [(a["status"], a["suppliers"][0]["name"]) for a in compiled["awards"]] == [
        ("active", "Big Consulting plc")]
    assert compiled["contracts"][0]["status"] == "active"
    assert {p["name"]: p["roles"] for p in compiled["parties"]} == {
        "Home Office": ["buyer", "procuringEntity"], "Big Consulting plc": ["supplier", "tenderer"]}


@pytest.mark.django_db
def test_closing_is_published_when_anyone_reads_the_open_data_even_before_the_job_runs(applied, close, client,
                                                                                      ocds_schemas):
    opportunity, _, _ = applied
    assert tags(releases_json(client)["releases"]) == [["tender"]]
    close(opportunity)
    record = record_of(client, opportunity, ocds_schemas)
    assert tags(record["releases"]) == [["tender"], ["tenderUpdate"]]
    assert record["compiledRelease"]["tender"]["status"] == "complete"
    run_scheduled_jobs()
    assert Release.objects.filter(opportunity=opportunity).count() == 2  # closing is published once


@pytest.mark.django_db
def test_a_cancelled_opportunity_says_why(applied, buyer, close, client, ocds_schemas):
    opportunity, _, _ = applied
    close(opportunity)
    cancel(opportunity, buyer, "The programme was stopped by ministers")

    releases, _ = every_release(client, ocds_schemas)
    assert tags(releases) == [["tender"], ["tenderUpdate"], ["tenderCancellation"]]
    compiled = record_of(client, opportunity, ocds_schemas)["compiledRelease"]
    assert compiled["tender"]["status"] == "cancelled"
    assert [(d["documentType"], d["description"]) for d in compiled["tender"]["documents"]] == [
        ("cancellationDetails", "The programme was stopped by ministers")]
    assert "awards" not in compiled


@pytest.mark.django_db
def test_no_suitable_supplier_makes_the_tender_unsuccessful(applied, buyer, close, client, ocds_schemas):
    opportunity, _, _ = applied
    close(opportunity)
    mark_unsuccessful(opportunity, buyer, "No supplier met the essential skills")

    releases, _ = every_release(client, ocds_schemas)
    assert tags(releases) == [["tender"], ["tenderUpdate"], ["tenderUpdate"]]
    compiled = record_of(client, opportunity, ocds_schemas)["compiledRelease"]
    assert compiled["tender"]["status"] == "unsuccessful"
    assert [(d["documentType"], d["description"]) for d in compiled["tender"]["documents"]] == [
        ("evaluationReports", "No supplier met the essential skills")]


@pytest.mark.django_db
def test_a_withdrawn_opportunity_is_a_cancelled_tender_and_never_closes(live, buyer, close, client, ocds_schemas):
    opportunity = live(SPECIALISTS)
    withdraw_opportunity(opportunity, buyer)
    close(opportunity)
    run_scheduled_jobs()

    record = record_of(client, opportunity, ocds_schemas)
    assert tags(record["releases"]) == [["tender"], ["tenderCancellation"]]
    assert record["compiledRelease"]["tender"]["status"] == "cancelled"
    assert record["compiledRelease"]["tender"]["items"][0]["description"] == "Developer"


@pytest.mark.django_db
def test_releases_are_never_edited_a_correction_adds_one(applied, buyer, close, client, ocds_schemas):
    opportunity, small, large = applied
    close(opportunity)
    award(opportunity, buyer, large, "1000", START)
    published = {r.release_id: r.payload for r in Release.objects.all()}

    correct_outcome(opportunity, make_admin(), "Awarded to the wrong supplier")
    award(opportunity, buyer, small, "900", START)

    assert {r.release_id: r.payload for r in Release.objects.all() if r.release_id in published} == published
    release = Release.objects.first()
    release.payload = {"edited": True}
    with pytest.raises(ReleaseIsImmutable):
        release.save()
    with pytest.raises(ReleaseIsImmutable):
        release.delete()

    record = record_of(client, opportunity, ocds_schemas)
    assert tags(record["releases"]) == [["tender"], ["tenderUpdate"], ["award", "contract"],
                                        ["awardCancellation", "contractUpdate"], ["award", "contract"]]
    compiled = record["compiledRelease"]
    assert [(a["status"], a["suppliers"][0]["name"] if "suppliers" in a else None) for a in compiled["awards"]] == [
        ("cancelled", "Big Consulting plc"), ("active", "Agile Works Ltd")]
    assert [c["status"] for c in compiled["contracts"]] == ["cancelled", "active"]
    assert compiled["awards"][1]["value"] == {"amount": 900, "currency": "GBP"}


@pytest.mark.django_db
def test_paging_returns_every_release_once_oldest_first(live, buyer, client, ocds_schemas):
    first = live(OUTCOMES)
    for n in range(1, 104):
        publish_clarification(first, buyer, f"Question number {n}?", f"Answer number {n}.")
    second = live(SPECIALISTS)

    releases, pages = every_release(client, ocds_schemas)
    stored = list(Release.objects.order_by("pk").values_list("release_id", flat=True))
    assert len(stored) == 105 and pages == 2
    assert [r["id"] for r in releases] == stored
    assert releases[-1]["ocid"] == ocds.ocid_of(second)
    assert [len(r["tender"].get("enquiries", [])) for r in releases[:-1]] == list(range(104))
    assert releases_json(client)["links"]["next"].startswith("http")

    response = client.get("/opendata/ocds/releases.json", {"cursor": "not-a-cursor"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_unknown_or_unpublished_process_is_not_found(draft, live, client):
    unpublished = draft(OUTCOMES)
    published = live(OUTCOMES)
    for ocid in (ocds.ocid_of(unpublished), "ocds-xxxxxx-marketplace-999999", "ocds-other-1",
                 ocds.ocid_of(published).replace("marketplace", "elsewhere")):
        assert client.get(f"/opendata/ocds/records/{ocid}.json").status_code == 404
    assert client.get(f"/opendata/ocds/records/{ocds.ocid_of(published)}.json").status_code == 200


@pytest.mark.django_db
def test_the_prefix_and_publisher_are_settings(live, client, settings):
    settings.MARKETPLACE_OCDS_PREFIX = "ocds-abc123"
    settings.MARKETPLACE_OCDS_PUBLISHER = "Crown Commercial Service"
    opportunity = live(OUTCOMES)
    package = releases_json(client)
    assert package["publisher"] == {"name": "Crown Commercial Service"}
    assert package["releases"][0]["ocid"] == f"ocds-abc123-{opportunity.pk}"


@pytest.mark.django_db
def test_the_compiled_release_is_merged_as_the_schema_says(applied, buyer, close, ocds_schemas):
    """The service merges with rules written out in the project; merging with the rules the schema itself gives
    produces the same compiled release, and no rule the schema sets for a field the releases use is missing."""
    opportunity, small, large = applied
    publish_clarification(opportunity, buyer, "Is there a budget?", "Up to £1.2m.")
    close(opportunity)
    award(opportunity, buyer, large, "1000", START)
    correct_outcome(opportunity, make_admin(), "Wrong supplier")
    award(opportunity, buyer, small, "900", START)

    releases = ocds.releases_of(opportunity)
    from_schema = ocdsmerge.Merger(schema=ocds_schemas.release_schema)
    assert ocds.compile_record(opportunity)["compiledRelease"] == from_schema.create_compiled_release(releases)

    used = set()

    def walk(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                used.add((*path, key))
                walk(inner, (*path, key))
        elif isinstance(value, list):
            for inner in value:
                walk(inner, path)

    for release in releases:
        walk(release, ())
    schema_rules = get_merge_rules(ocds_schemas.release_schema)
    assert {path: rule for path, rule in schema_rules.items() if path in used} == ocds.MERGE_RULES


@pytest.mark.django_db
def test_export_writes_every_release_and_record_as_valid_packages(applied, buyer, close, ocds_schemas, tmp_path):
    opportunity, _, large = applied
    close(opportunity)
    award(opportunity, buyer, large, "1000", START)

    out = io.StringIO()
    ocds.export("releases", out)
    package = json.loads(out.getvalue())
    ocds_schemas.check_release_package(package)
    assert [r["id"] for r in package["releases"]] == list(Release.objects.values_list("release_id", flat=True))
    assert package["publishedDate"] == package["releases"][-1]["date"]

    call_command("export", "ocds", "records", str(tmp_path / "records.json"))
    package = json.loads((tmp_path / "records.json").read_text(encoding="utf-8"))
    ocds_schemas.check_record_package(package)
    assert [r["compiledRelease"]["awards"][0]["status"] for r in package["records"]] == ["active"]


def every_record(ocds_schemas, cursor=None, size=1):
    """Follow links.next from `cursor` to the last page; (ocids, the last page's cursor)."""
    ocids = []
    while True:
        package = ocds.record_package_page(cursor, size=size)
        ocds_schemas.check_record_package(package)
        ocids += [record["ocid"] for record in package["records"]]
        if "links" not in package:
            return ocids, cursor
        cursor = package["links"]["next"].split("cursor=", 1)[1]


@pytest.mark.django_db
def test_every_record_is_paged_in_the_order_first_published(draft, live, buyer, client, ocds_schemas):
    drafted_first = draft(OUTCOMES)
    first, second = live(OUTCOMES), live(SPECIALISTS)
    publish_clarification(first, buyer, "Is there a budget?", "Up to £1.2m.")

    ocids, last_cursor = every_record(ocds_schemas)
    assert ocids == [ocds.ocid_of(first), ocds.ocid_of(second)]
    # Published after those pages were read, though drafted before them: it comes after them, not among them.
    published_late = publish_opportunity(drafted_first, buyer)
    assert published_late.pk < first.pk
    ocids, _ = every_record(ocds_schemas, last_cursor)
    assert ocids == [ocds.ocid_of(second), ocds.ocid_of(published_late)]

    response = client.get("/opendata/ocds/records.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    package = response.json()
    ocds_schemas.check_record_package(package)
    assert package["uri"].endswith("/opendata/ocds/records.json") and "links" not in package
    assert [r["ocid"] for r in package["records"]] == [ocds.ocid_of(o) for o in (first, second, published_late)]
    assert [r["tag"] for r in package["records"][0]["releases"]] == [["tender"], ["tenderUpdate"]]
    assert package["records"][0] == client.get(f"/opendata/ocds/records/{ocds.ocid_of(first)}.json").json()[
        "records"][0]

    for cursor in ("not-a-cursor", ocds._encode(("r", 1)), ocds._encode(("h", 1, 0)), ocds._encode(("f", True))):
        response = client.get("/opendata/ocds/records.json", {"cursor": cursor})
        assert response.status_code == 400 and response.json() == {"detail": "This cursor is not one the service gave"}
