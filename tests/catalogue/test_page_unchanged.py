"""The catalogue page a person gets, byte for byte, for a fixed set of searches on a fixed set of opportunities.

Its HTML is compared with files rendered before the page was made faster (`golden/`), so any speed-up that changes
the markup fails here. When the markup is meant to change, write the files again from the code before the change
and look at their diff:

    MARKETPLACE_WRITE_GOLDEN=1 pytest tests/catalogue/test_page_unchanged.py

The only parts not compared are those that differ from run to run: opportunity ids (numbered in the order of
their titles) and the page's script nonce.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from catalogue.requirements import OUTCOMES, SPECIALISTS, publish
from marketplace.opportunities.models import Opportunity
from opendata_import.conftest import awarded_row, historic_row, write_csv

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"

SEARCHES = {
    "browse": "/opportunities",
    "browse-page-2": "/opportunities?page=2",
    "words": "/opportunities?q=service",
    "words-and-filters": "/opportunities?q=service&lot=digital-outcomes&location=London&status=closed",
    "words-page-2": "/opportunities?q=discovery&page=2",
    "role-filter": "/opportunities?lot=digital-specialists&specialistRole=developer&specialistRole=designer",
    "places-and-status": "/opportunities?location=Wales&location=Scotland&status=open",
    "phrase-and-exclusion": '/opportunities?q="council+tax"+-beta',
    "markup-in-the-query": "/opportunities?q=%22tax+%26+benefits%22+%3Cforms%3E",
    "no-results": "/opportunities?q=zebra",
    "bounded-count": "/opportunities?q=service&bound=5",
}


@pytest.fixture
def opportunities(catalogue, buyer, tmp_path):
    """The catalogue fixture's four, two live ones with awkward text, and 40 historic ones of every outcome, lot
    and place (the importer, the quickest way to many)."""
    publish(buyer, SPECIALISTS,
            title='Designer for "tax & benefits" <forms>', specialistRole="designer", location="Scotland",
            summary="Design forms for tax & benefit claims: <b>not bold</b>, \"quoted\" and 'single'.")
    publish(buyer, OUTCOMES, title="Service for Welsh council tax", location="Wales",
            summary="A council tax service for Wales.")
    places = ["London", "Wales", "Scotland", "North West England", "Offsite"]
    rows = []
    for n in range(1, 41):
        changes = {"Opportunity": f"Discovery for service {n}", "Location Of The Work": places[n % len(places)],
                   "Published At": f"2017-{1 + n % 12:02d}-{1 + n % 27:02d}"}
        if n % 4 == 0:
            changes.update({"Category": "digital-specialists", "Specialist": ["developer", "designer"][n % 8 // 4]})
        if n % 3 == 0:
            rows.append(awarded_row(n, supplier=f"Supplier {n} & Sons", size="small" if n % 2 else "large",
                                    **changes))
        else:
            rows.append(historic_row(n, **{**changes, "Status": ["closed", "cancelled", "unsuccessful"][n % 3]}))
    call_command("import", "dm-csv", str(write_csv(tmp_path / "history.csv", rows)), stdout=io.StringIO())


def page(client, settings, path):
    if path.endswith("&bound=5"):
        settings.SEARCH_COUNT_BOUND = 5
        path = path.removesuffix("&bound=5")
    response = client.get(path)
    assert response.status_code == 200
    # Ids follow the databases' sequences, which differ; the titles are all different.
    numbers = {pk: n for n, pk in enumerate(Opportunity.objects.order_by("title").values_list("pk", flat=True), 1)}
    html = response.content.decode()
    html = re.sub(r"/opportunities/(\d+)", lambda m: f"/opportunities/[{numbers[int(m.group(1))]}]", html)
    return re.sub(r' nonce="[^"]*"', ' nonce="[nonce]"', html)


@pytest.mark.parametrize("name", SEARCHES)
def test_the_catalogue_page_is_the_same_html_as_before(client, settings, opportunities, name):
    html = page(client, settings, SEARCHES[name])
    golden = GOLDEN / f"{name}.html"
    if os.environ.get("MARKETPLACE_WRITE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(html, encoding="utf-8")
        pytest.skip(f"wrote {golden.name}")
    assert html == golden.read_text(encoding="utf-8")
