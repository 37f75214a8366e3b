"""The seed register is loaded without the admin's checks, so it must itself obey every rule an admin is held to."""

from collections import Counter

import pytest

from marketplace.organisations import services
from marketplace.organisations.models import BuyerDomain, Nation, Organisation, Sector
from marketplace.organisations.seed import read_register

REGISTER = read_register()


def register_domains():
    return [(domain, row["name"]) for row in REGISTER for domain in row["domains"]]


def test_no_domain_is_listed_twice():
    repeated = [domain for domain, count in Counter(d for d, _ in register_domains()).items() if count > 1]
    assert repeated == []


@pytest.mark.django_db
def test_no_domain_is_open_to_anyone_shared_or_malformed():
    for domain, name in register_domains():
        assert domain == services.normalise_domain(domain), (name, domain)
        assert services.check_new_domain(domain) in ([], [f"{domain} is already on the approved list."]), \
            (name, domain)
        assert domain not in services.OPEN_SUFFIXES | services.WEBMAIL | services.SHARED_DOMAINS, (name, domain)


def test_a_subdomain_is_listed_only_for_a_different_organisation_than_its_parent_domain():
    owner = dict(register_domains())
    for domain, name in owner.items():
        labels = domain.split(".")
        parents = [".".join(labels[i:]) for i in range(1, len(labels) - 1)]
        nearest = next((parent for parent in parents if parent in owner), None)
        assert nearest is None or owner[nearest] != name, f"{domain} is already covered by {nearest} ({name})"


def test_names_sectors_nations_and_parents_are_well_formed():
    names = [row["name"] for row in REGISTER]
    assert len(names) == len(set(names))
    every_name = Counter(services.normalise_name(n) for row in REGISTER for n in [row["name"], *row["other_names"]])
    assert [name for name, count in every_name.items() if count > 1] == [], "a name must identify one organisation"
    for row in REGISTER:
        assert row["sector"] in Sector.values and row["nation"] in Nation.values, row["name"]
        assert not row["parent"] or row["parent"] in names, row["name"]


@pytest.mark.django_db
def test_every_domain_passes_the_admins_own_checks_when_added_one_by_one():
    """Empty the approved list and add the register's domains back through the service an admin uses, parent
    domains first: every one is accepted."""
    BuyerDomain.objects.all().delete()
    organisations = {o.name: o for o in Organisation.objects.all()}
    for domain, name in sorted(register_domains(), key=lambda pair: pair[0].count(".")):
        services.add_buyer_domain(domain, organisations[name])
    assert BuyerDomain.objects.count() == len(register_domains())


@pytest.mark.django_db
def test_a_subdomain_for_the_same_organisation_is_refused_but_one_for_another_body_is_not():
    bis = Organisation.objects.get(name="Department for Business, Innovation and Skills")
    sfa = Organisation.objects.get(name="Skills Funding Agency")
    assert services.check_new_domain("digital.bis.gov.uk", bis) == [
        "digital.bis.gov.uk is already covered by bis.gov.uk (Department for Business, Innovation and Skills)."]
    assert services.check_new_domain("digital.bis.gov.uk", sfa) == []
    assert services.check_new_domain("nhs.net", sfa) == [
        "nhs.net is shared by many public bodies, so it cannot show which one someone works for."]
