"""The seed register is loaded on every start: it adds what is missing and never undoes an admin's work."""

import pytest

from marketplace.organisations import services
from marketplace.organisations.models import BuyerDomain, Organisation, OrganisationName
from marketplace.organisations.seed import load_seed_register, read_register

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Organisation.objects.values_list("name", "sector", "nation", "parent__name")),
        sorted(BuyerDomain.objects.values_list("domain", "organisation__name")),
        sorted(OrganisationName.objects.values_list("normalised", "name", "organisation__name")),
    )


def test_the_register_is_loaded_with_its_domains_parents_and_other_names():
    rows = read_register()
    organisations, domains, other_names = snapshot()
    assert len(organisations) == len(rows)
    assert len(domains) == sum(len(row["domains"]) for row in rows)
    assert len(other_names) == sum(len(row["other_names"]) for row in rows)
    assert ("hmpo.gsi.gov.uk", "HM Passport Office") in domains
    assert ("nhs nel csu", "NHS NEL CSU", "NHS North and East London Commissioning Support Unit") in other_names


def test_loading_the_seed_twice_changes_nothing():
    before = snapshot()
    assert load_seed_register() == 0
    assert snapshot() == before


def test_an_empty_register_is_filled_and_a_second_load_adds_nothing():
    OrganisationName.objects.all().delete()
    BuyerDomain.objects.all().delete()
    Organisation.objects.update(parent=None)
    Organisation.objects.all().delete()
    assert load_seed_register() == len(read_register())
    loaded = snapshot()
    assert load_seed_register() == 0
    assert snapshot() == loaded


def test_an_admins_corrections_survive_a_reload():
    organisation = Organisation.objects.get(name="Met Office")
    organisation.sector = "central-government"
    services.save_organisation(organisation, changed_fields=["sector"])
    council = Organisation.objects.get(name="Kent County Council")
    council.name = "Kent CC"
    services.save_organisation(council, changed_fields=["name"])
    services.remove_buyer_domain(BuyerDomain.objects.get(domain="cornwall.gov.uk"))
    services.remove_other_name(OrganisationName.objects.get(name="HMRC"))

    assert load_seed_register() == 0
    assert Organisation.objects.get(name="Met Office").sector == "central-government"
    assert not Organisation.objects.filter(name="Kent County Council").exists()
    assert services.organisation_for_email("someone@kent.gov.uk").name == "Kent CC"
    assert not BuyerDomain.objects.filter(domain="cornwall.gov.uk").exists()
    assert services.organisation_named("HMRC") is None
