"""Our OCDS as the people who use it check it, with the standard's own tools and no network: the Data Review
Tool's engine (libcoveocds) finds nothing to fix in the release and record packages of the real 2018 file and of
a full life of each lot, and `ocdskit compile` on our releases gives exactly the compiled release we serve."""

import io
import json

import pytest

from factories import make_admin
from marketplace.applications.services import award, cancel, correct_outcome, mark_unsuccessful
from marketplace.opendata import ocds
from marketplace.opendata.importer import import_dm_csv
from marketplace.opportunities.services import publish_clarification, withdraw_opportunity
from opendata_import.conftest import REAL_FILE

from .conftest import OUTCOMES, SPECIALISTS
from .test_ocds_lifecycle import START

PARTICIPANTS = "user-research-participants"
LOTS = (OUTCOMES, SPECIALISTS, PARTICIPANTS)
SCALE_EXTENSION = next(url for url in ocds.EXTENSIONS if "ocds_partyDetails_scale_extension" in url)

# What the review reports that is no fault to fix, each with why.
EXPECTED_OPEN_CODES = {
    # No official scheme classifies the framework's lots; the codelist is open for such schemes.
    ("tender/items/classification/scheme", "x_marketplace-lot"),
    # We count applications from large organisations, as the 2018 file did; the statistic codelist (open) has
    # codes for SMEs and their kinds only.
    ("bids/statistics/measure", "largeBids"),
}


def export(kind):
    out = io.StringIO()
    ocds.export(kind, out)
    return json.loads(out.getvalue())


@pytest.fixture
def history_and_lives(db, draft, live, apply, applicant, buyer, close):
    """The real 2018 file imported, and on each lot: an award after a clarification and two applications, a
    cancellation, no suitable supplier, a withdrawal and a draft never published; on the outcomes lot an award
    taken back and made again."""
    if not REAL_FILE.exists():
        pytest.skip(f"the original marketplace's file is not at {REAL_FILE} (../shared beside the project)")
    report = import_dm_csv(REAL_FILE)
    assert not report.problems and report.created == 2118

    lives, winners, drafts = {}, {}, []
    for lot in LOTS:
        awarded, cancelled, unsuccessful, withdrawn = (live(lot) for _ in range(4))
        publish_clarification(awarded, buyer, "Can we work remotely?", "Two days a week on site are needed.")
        small = apply(awarded, applicant(awarded, supplier_name=f"Agile Works {lot}", size="small"))
        large = apply(awarded, applicant(awarded, supplier_name=f"Big Consulting {lot}", size="large"))
        for opportunity in (cancelled, unsuccessful):
            apply(opportunity, applicant(opportunity, supplier_name=f"Micro {opportunity.pk}", size="micro"))
        publish_clarification(withdrawn, buyer, "Is there a budget?", "Up to £100,000.")
        withdraw_opportunity(withdrawn, buyer)
        lives[lot] = {"awarded": awarded, "cancelled": cancelled, "unsuccessful": unsuccessful,
                      "withdrawn": withdrawn}
        winners[lot] = (small, large)
        drafts.append(draft(lot))
    close(max((o for made in lives.values() for o in made.values()), key=lambda o: o.closing_at))
    for lot, made in lives.items():
        small, large = winners[lot]
        award(made["awarded"], buyer, large, "125000", START)
        cancel(made["cancelled"], buyer, "The programme was stopped by ministers")
        mark_unsuccessful(made["unsuccessful"], buyer, "No supplier met the essential skills")
        if lot == OUTCOMES:
            correct_outcome(made["awarded"], make_admin(), "Awarded to the wrong supplier")
            award(made["awarded"], buyer, small, "99000.50", START)
    return lives, drafts


def _open_codes(review):
    """(field, code) for every code outside an open codelist, with the path within a release."""
    found = set()
    for path, found_codes in review["additional_open_codelist_values"].items():
        within = path.split("/", 2)[-1] if path.startswith("records/") else path.split("/", 1)[1]
        found |= {(within, code) for code in found_codes["values"]}
    return found


def _assert_nothing_to_fix(review, tools):
    assert review["validation_errors"] == []
    assert "conformance_errors" not in review and "json_deref_error" not in review
    assert review["additional_checks"] == {}
    assert review["deprecated_fields"] == []
    assert review["additional_closed_codelist_values"] == {}
    assert _open_codes(review) == EXPECTED_OPEN_CODES
    # ../shared has no copy of the organisation scale extension, so it is the one thing the review cannot read
    # here, and its one field is then unknown to it; with the network the Data Review Tool applies it.
    assert review["extensions"]["invalid_extensions"] == [[SCALE_EXTENSION, "fetching failed"]]
    assert {e["url"] for e in review["extensions"]["extensions"]} == set(ocds.EXTENSIONS) - {SCALE_EXTENSION}
    assert all(not e["failed_codelists"] for e in review["extensions"]["extensions"])
    assert {(f["path"].rsplit("/", 1)[-1], f["field"]) for f in review["additional_fields"]} == {
        ("details", "scale")}
    assert tools.files.refused and all("ocds_partyDetails_scale_extension" in url for url in tools.files.refused)


def served_records(client):
    """Every record, following links.next through /opendata/ocds/records.json."""
    served, cursor = {}, None
    while True:
        response = client.get("/opendata/ocds/records.json", {"cursor": cursor} if cursor else {})
        assert response.status_code == 200
        package = response.json()
        served |= {record["ocid"]: record for record in package["records"]}
        if "links" not in package:
            return served
        cursor = package["links"]["next"].split("cursor=", 1)[1]


@pytest.mark.django_db
def test_the_standards_own_tools_find_nothing_to_fix(history_and_lives, ocds_tools, client):
    """One test, as the 2018 file takes a while to import: libcoveocds on both exports, then ocdskit compile."""
    releases = export("releases")
    review = ocds_tools.review(releases)
    _assert_nothing_to_fix(review, ocds_tools)
    assert review["count"] == len(releases["releases"])

    records = export("records")
    review = ocds_tools.review(records)
    _assert_nothing_to_fix(review, ocds_tools)
    assert review["count"] == review["unique_ocids_count"] == len(records["records"]) == 2118 + 4 * len(LOTS)
    assert ocds_tools.missing_codelists == {"ocds_enquiry_extension": [], "ocds_bid_extension": ["country.csv"]}

    compiled = {release["ocid"]: release for release in ocds_tools.compile([releases])}
    assert ocds_tools.unapplied == [SCALE_EXTENSION.removesuffix("extension.json")]  # not in ../shared
    served = served_records(client)
    assert served.keys() == compiled.keys() == {record["ocid"] for record in records["records"]}
    for ocid, record in served.items():
        assert record["compiledRelease"] == compiled[ocid], ocid

    # Each process's own record says the same: every one lived here, and one of each outcome in the history.
    historic = {}
    for record in records["records"][:2118]:
        historic.setdefault(record["compiledRelease"]["tender"]["status"], record["ocid"])
    assert historic.keys() == {"complete", "cancelled", "unsuccessful"}
    awarded = next(r["ocid"] for r in records["records"] if r["compiledRelease"].get("awards"))
    lives, drafts = history_and_lives
    ocids = [*historic.values(), awarded] + [ocds.ocid_of(o) for made in lives.values() for o in made.values()]
    for ocid in ocids:
        assert client.get(f"/opendata/ocds/records/{ocid}.json").json()["records"] == [served[ocid]], ocid
    assert not {ocds.ocid_of(d) for d in drafts} & served.keys()
