"""Organisation names as buyers type them: normalised for matching, and other names kept with the organisation."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.audit.models import AuditEvent
from marketplace.organisations import services
from marketplace.organisations.models import Organisation, OrganisationName
from marketplace.organisations.services import normalise_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed, normalised", [
    ("Home Office", "home office"),
    ("The Home Office", "home office"),
    ("THE HOME OFFICE.", "home office"),
    ("  Home\tOffice \n", "home office"),
    ("Department for Work & Pensions", "department for work and pensions"),
    ("Department for Work&Pensions", "department for work and pensions"),
    ("Guy's and St. Thomas' NHS Foundation Trust", "guys and st thomas nhs foundation trust"),
    ("Her Majesty’s Passport Office", "her majestys passport office"),
    ("Government Digital Service (GDS)", "government digital service gds"),
    ("Government Digital Services [GDS]", "government digital services gds"),
    ("Department for Transport – Office for Low Emission Vehicles (OLEV)",
     "department for transport office for low emission vehicles olev"),
    ("GÉANT", "geant"),
    ("Theatres Trust", "theatres trust"),
    ("Ministry of the Interior", "ministry of the interior"),
    ("The", "the"),
    ("", ""),
    (None, ""),
    ("()", ""),
])
def test_normalise_name(typed, normalised):
    assert normalise_name(typed) == normalised


def test_an_other_name_is_added_once_audited_and_then_matches():
    council = Organisation.objects.get(name="Kent County Council")
    entry = services.add_other_name(council, " KCC ")
    assert (entry.name, entry.normalised) == ("KCC", "kcc")
    assert services.organisation_named("kcc") == council
    assert services.match_organisation("nhs.net", "The KCC") == (council, "name")
    event = AuditEvent.objects.get(action="organisation.other_name_added", object_id=str(council.pk))
    assert event.detail == {"name": "KCC"}
    services.remove_other_name(entry)
    assert services.organisation_named("KCC") is None
    assert AuditEvent.objects.filter(action="organisation.other_name_removed").count() == 1


@pytest.mark.parametrize("name, problem", [
    ("", "Enter the other name."),
    (" ( ) ", "Enter the other name."),
    ("The Kent County Council", "Kent County Council is already known by that name."),
    ("HMRC", "HM Revenue and Customs is already known by that name."),
    ("the home office", "Home Office is already known by that name."),
    ("x" * 301, "The other name must be 300 characters or fewer."),
])
def test_an_other_name_that_would_be_ambiguous_or_empty_is_refused(name, problem):
    council = Organisation.objects.get(name="Kent County Council")
    before = OrganisationName.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.add_other_name(council, name)
    assert refused.value.message_dict == {"name": [problem]}
    assert OrganisationName.objects.count() == before


def test_renaming_keeps_the_former_name_and_refuses_a_name_another_body_goes_by():
    agency = Organisation.objects.get(name="HM Land Registry")
    agency.name = "His Majesty's Land Registry"
    services.save_organisation(agency, changed_fields=["name"])
    assert services.organisation_named("HM Land Registry") == agency
    assert services.organisation_named("Land Registry") == agency
    agency.name = "HM Land Registry"  # back again: the former name is now the name, not an other name as well
    services.save_organisation(agency, changed_fields=["name"])
    assert not agency.other_names.filter(normalised="hm land registry").exists()
    assert agency.other_names.filter(name="His Majesty's Land Registry").exists()

    agency.name = "HMRC"
    with pytest.raises(ValidationError) as refused:
        services.save_organisation(agency, changed_fields=["name"])
    assert refused.value.message_dict == {"name": ["HM Revenue and Customs is already known by that name."]}
    assert Organisation.objects.get(pk=agency.pk).name == "HM Land Registry"
