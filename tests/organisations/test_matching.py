"""Every buyer in the original marketplace's data resolves to a real organisation: by buyer domain, then by name."""

from collections import Counter

import pytest

from marketplace.organisations.models import Organisation
from marketplace.organisations.services import SHARED_DOMAINS, find_approved_domain, match_organisation

pytestmark = pytest.mark.django_db


def test_every_buyer_domain_in_the_data_except_shared_ones_resolves_by_domain(opportunity_rows):
    domains = {row["Buyer Domain"] for row in opportunity_rows}
    assert len(domains) == 242
    unresolved = sorted(d for d in domains - SHARED_DOMAINS if find_approved_domain(d) is None)
    assert unresolved == []
    assert domains & SHARED_DOMAINS == {"nhs.net", "uksbs.co.uk", "wales.nhs.uk"}


def test_every_row_of_the_data_resolves_to_an_organisation(opportunity_rows):
    matches = {}
    for row in opportunity_rows:
        key = (row["Buyer Domain"], row["Organisation Name"])
        if key not in matches:
            matches[key] = match_organisation(*key)
    how = Counter(matches[(row["Buyer Domain"], row["Organisation Name"])][1] for row in opportunity_rows)
    unmatched = sorted({key for key, (organisation, _) in matches.items() if organisation is None})
    assert unmatched == []
    assert how == {"domain": 2118 - 163, "name": 163}
    assert {matches[key][1] for key in matches if key[0] in SHARED_DOMAINS} == {"name"}


@pytest.mark.parametrize("domain, typed, organisation", [
    ("nhs.net", "NHS Digital", "NHS Digital"),
    ("nhs.net", "Health & Social Care Information Centre (HSCIC) also known as NHS Digital (NHSD).", "NHS Digital"),
    ("nhs.net", "NEL CSU", "NHS North and East London Commissioning Support Unit"),
    ("nhs.net", "NHS NEL Commissioning Support Unit", "NHS North and East London Commissioning Support Unit"),
    ("nhs.net", "Monitor (on behalf of NHS Improvement)", "NHS Improvement"),
    ("nhs.net", "NHS Business Services Authority, Newcastle Offices.", "NHS Business Services Authority"),
    ("nhs.net", "NHS National Services Scotland – a special health board within NHSScotland",
     "NHS National Services Scotland"),
    ("nhs.net", "Ambulance Radio Programme c/o Department of Health and Social Care",
     "Department of Health and Social Care"),
    ("wales.nhs.uk", "The Welsh Ambulance Services NHS Trust", "Welsh Ambulance Services NHS Trust"),
    ("uksbs.co.uk", "UK Research and Innovation - STFC", "Science and Technology Facilities Council"),
    ("uksbs.co.uk", "Acas (Advisory, Conciliation and Arbitration Service)",
     "Advisory, Conciliation and Arbitration Service"),
])
def test_rows_on_a_shared_domain_resolve_by_the_name_the_buyer_typed(domain, typed, organisation):
    assert match_organisation(domain, typed) == (Organisation.objects.get(name=organisation), "name")


@pytest.mark.parametrize("domain, organisation", [
    ("homeoffice.gsi.gov.uk", "Home Office"),
    ("digital.homeoffice.gov.uk", "Home Office"),
    ("justice.gsi.gov.uk", "Ministry of Justice"),
    ("digital.justice.gov.uk", "Ministry of Justice"),
    ("hmcts.gsi.gov.uk", "HM Courts and Tribunals Service"),
    ("publicguardian.gsi.gov.uk", "Office of the Public Guardian"),
    ("hmpo.gsi.gov.uk", "HM Passport Office"),
    ("dvla.gsi.gov.uk", "Driver and Vehicle Licensing Agency"),
    ("dsa.gsi.gov.uk", "Driver and Vehicle Standards Agency"),
    ("bis.gov.uk", "Department for Business, Innovation and Skills"),
    ("digital.bis.gov.uk", "Department for Business, Innovation and Skills"),
    ("sfa.bis.gov.uk", "Skills Funding Agency"),
    ("digital.cabinet-office.gov.uk", "Government Digital Service"),
    ("cabinetoffice.gov.uk", "Cabinet Office"),
    ("lists.geant.org", "GÉANT Limited"),
    ("gov.scot", "Scottish Government"),
    ("seemis.gov.scot", "SEEMiS Group LLP"),
])
def test_old_and_sub_domains_resolve_to_the_body_that_used_them(domain, organisation):
    assert match_organisation(domain, "Whatever the buyer typed") == (
        Organisation.objects.get(name=organisation), "domain")


@pytest.mark.parametrize("name, sector, parent", [
    ("HM Courts and Tribunals Service", "police-and-justice", "Ministry of Justice"),
    ("Office of the Public Guardian", "central-government", "Ministry of Justice"),
    ("Driver and Vehicle Licensing Agency", "central-government", "Department for Transport"),
    ("Driver and Vehicle Standards Agency", "central-government", "Department for Transport"),
    ("HM Passport Office", "central-government", "Home Office"),
    ("Government Digital Service", "central-government", "Cabinet Office"),
    ("Department for Business, Innovation and Skills", "central-government", None),
    ("Skills Funding Agency", "central-government", "Department for Business, Innovation and Skills"),
    ("NHS Digital", "nhs-and-health", "Department of Health and Social Care"),
    ("Science and Technology Facilities Council", "other-public-body", "UK Research and Innovation"),
])
def test_agencies_sit_under_their_department_in_the_right_sector(name, sector, parent):
    organisation = Organisation.objects.select_related("parent").get(name=name)
    assert organisation.sector == sector
    assert (organisation.parent.name if organisation.parent else None) == parent


def test_the_domain_wins_over_the_name_and_the_nearest_approved_parent_counts():
    passport_office = Organisation.objects.get(name="HM Passport Office")
    assert match_organisation("hmpo.gsi.gov.uk", "Home Office") == (passport_office, "domain")
    assert match_organisation(" HMPO.gsi.gov.uk. ", "") == (passport_office, "domain")
    business = Organisation.objects.get(name="Department for Business, Innovation and Skills")
    assert match_organisation("x.digital.bis.gov.uk", "UKTI") == (business, "domain")


def test_a_shared_or_unknown_domain_falls_back_to_the_name_then_to_nothing():
    home_office = Organisation.objects.get(name="Home Office")
    assert match_organisation("nhs.net", "the  HOME office") == (home_office, "name")
    assert match_organisation("unknown.example.com", "Home Office") == (home_office, "name")
    assert match_organisation("nhs.net", "Nowhere Hospitals NHS Trust") == (None, None)
    assert match_organisation("", "") == (None, None)
