"""The back office as a screen reader reads it: every box on a list or in an inline row says what it is for, a
filter choice for a blank value has words, and a framework's lots are tick boxes. (axe checks every back-office
page in tests/reflow; these check that the names are the right ones and that the pages still do their work.)"""

import re
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from marketplace import clock
from marketplace.audit.models import AuditEvent
from marketplace.audit.services import record_event
from marketplace.frameworks.models import Framework, Lot
from marketplace.opendata.models import UnmatchedBuyer
from marketplace.organisations import services as organisations
from marketplace.organisations.models import Organisation

from .conftest import form_values

pytestmark = pytest.mark.django_db

FRAMEWORKS = "/admin/frameworks/framework/"


class _ControlNames(HTMLParser):
    """Each visible form control's name, as a screen reader works it out: its aria-label, or the text of the
    label element for it."""

    def __init__(self):
        super().__init__()
        self.aria_labels, self.label_texts, self.controls = {}, {}, []
        self._label_for = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden" and attrs.get("id"):
            self.controls.append(attrs["id"])
            if "aria-label" in attrs:
                self.aria_labels[attrs["id"]] = attrs["aria-label"]
        elif tag == "label" and attrs.get("for"):
            self._label_for = attrs["for"]
            self.label_texts[self._label_for] = ""

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_for = None

    def handle_data(self, data):
        if self._label_for:
            self.label_texts[self._label_for] += data


def control_names(response):
    reader = _ControlNames()
    reader.feed(response.content.decode())
    return {control: " ".join((reader.aria_labels.get(control) or reader.label_texts.get(control, "")).split())
            for control in reader.controls}


def test_a_frameworks_lots_are_named_tick_boxes_and_taking_one_off_is_audited(back_office):
    framework = Framework.objects.filter(lots__isnull=False).distinct().order_by("pk").first()
    lots = list(framework.lots.order_by("pk"))
    url = f"{FRAMEWORKS}{framework.pk}/change/"
    response = back_office.get(url)
    ticks = {name for control, name in control_names(response).items() if control.startswith("id_lots_")}
    assert ticks == {lot.name for lot in Lot.objects.all()}
    assert 'class="selector' not in response.content.decode()  # no two-box picker

    data = {**form_values(response), "lots": [str(lot.pk) for lot in lots[1:]], "_save": "Save"}
    assert back_office.post(url, data).status_code == 302

    assert list(framework.lots.order_by("pk")) == lots[1:]
    event = AuditEvent.objects.get(action="framework.changed", object_id=str(framework.pk))
    assert event.actor == back_office.admin and event.detail["fields"] == ["lots"]


def test_each_box_of_a_frameworks_dates_and_times_is_labelled(back_office):
    framework = Framework.objects.order_by("pk").first()
    names = control_names(back_office.get(f"{FRAMEWORKS}{framework.pk}/change/"))
    assert names["id_applications_close_at_0"] == "Date:"
    assert names["id_applications_close_at_1"] == "Time:"


def test_an_organisations_other_names_and_their_delete_boxes_are_labelled(back_office):
    organisation = Organisation.objects.order_by("pk").first()
    organisations.add_other_name(organisation, "Ambridge Borough", by=back_office.admin)
    names = control_names(back_office.get(f"/admin/organisations/organisation/{organisation.pk}/change/"))
    assert names["id_other_names-0-DELETE"] == "Delete Ambridge Borough"
    assert names["id_other_names-1-name"] == "Name"  # the empty row for one more name


def test_events_about_no_object_have_a_filter_choice_that_says_so(back_office):
    record_event("account.sign_in_refused", detail={"email": "nobody@example.gov.uk"})
    record_event("framework.changed", actor=back_office.admin, obj=Framework.objects.order_by("pk").first())
    page = back_office.get("/admin/audit/auditevent/").content.decode()
    assert re.search(r'<a href="\?object_type=">\s*None\s*</a>', page)

    listed = back_office.get("/admin/audit/auditevent/", {"object_type": ""}).content.decode()
    rows = re.findall(r'<td class="field-action">([^<]*)</td>', listed)
    assert "account.sign_in_refused" in rows and "framework.changed" not in rows


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_admin_maps_a_buyer_from_the_list_with_its_named_search_box(back_office, page, live_server):
    now = clock.now()
    buyer = UnmatchedBuyer.objects.create(domain="parish-council.example", rows=3,
                                          organisation_names=["Ambridge Parish Council"],
                                          first_seen_at=now, last_seen_at=now)
    council = Organisation.objects.get(name="Birmingham City Council")
    page.context.add_cookies([{"name": "sessionid", "value": back_office.cookies["sessionid"].value,
                               "url": live_server.url}])

    page.goto("/admin/opendata/unmatchedbuyer/")
    page.get_by_role("combobox", name="Mapped to of parish-council.example", exact=True).click()
    page.get_by_role("searchbox", name="Mapped to of parish-council.example", exact=True).fill("Birmingham City")
    page.get_by_role("option", name="Birmingham City Council").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    buyer.refresh_from_db()
    assert buyer.mapped_to == council
    assert AuditEvent.objects.filter(action="unmatched_buyer.changed", object_id=str(buyer.pk)).exists()
    page.goto(f"/admin/opendata/unmatchedbuyer/{buyer.pk}/change/")
    expect(page.get_by_role("combobox", name="Mapped to")).to_have_text(re.compile("Birmingham City Council"))
