"""Reading the supplier side of the market: which suppliers could answer a requirement."""

from dataclasses import dataclass

from marketplace.frameworks.models import Framework
from marketplace.frameworks.reference import SPECIALIST_ROLES, live_framework

from .models import FrameworkMembership, LotService, OrganisationSize, SpecialistOffer


def services_framework(supplier):
    """The framework the supplier's services are on: the newest live framework it is a member of, else the newest
    live one. While two frameworks are live, a supplier only on the older one keeps working on its services there
    until it is on the newer one."""
    member_of = Framework.objects.filter(status=Framework.Status.LIVE, memberships__supplier=supplier)
    return member_of.order_by("-generation").first() or live_framework()


@dataclass(frozen=True)
class MatchingSuppliers:
    """How many suppliers could apply to a requirement, by size. Never who they are: a buyer must not be able to
    approach or favour a supplier before the applications close."""

    sme: int
    large: int

    @classmethod
    def counted(cls, sizes):
        """From {supplier id: organisation size}."""
        large = sum(1 for size in sizes.values() if size == OrganisationSize.LARGE)
        return cls(sme=len(sizes) - large, large=large)

    @property
    def total(self):
        return self.sme + self.large


def matching_suppliers(opportunity):
    """How many suppliers could apply to the requirement (see `sizes_of_matching_suppliers`), by size."""
    return MatchingSuppliers.counted(sizes_of_matching_suppliers(opportunity))


def services_on_framework(opportunity):
    """The lot services on the requirement's framework and lot whose suppliers are on the framework."""
    on_framework = FrameworkMembership.objects.filter(framework=opportunity.framework_id).values("supplier")
    return LotService.objects.filter(framework=opportunity.framework_id, lot=opportunity.lot_id,
                                     supplier__in=on_framework)


def offered_work(opportunity):
    """What a supplier must offer to answer the requirement, in words: its specialist role, else its lot."""
    return SPECIALIST_ROLES.get(opportunity.specialist_role) or opportunity.lot.name.lower()


def _offers(opportunity):
    """(supplier id, organisation size, locations) of what suppliers on the requirement's framework offer for its
    lot (for specialists, its role)."""
    services = services_on_framework(opportunity)
    if opportunity.specialist_role:
        offers = SpecialistOffer.objects.filter(service__in=services, role__slug=opportunity.specialist_role)
        return list(offers.values_list("service__supplier_id", "service__supplier__organisation_size", "locations"))
    return list(services.values_list("supplier_id", "supplier__organisation_size", "locations"))


def _where(offers, location):
    # Locations are a JSON list, which SQLite cannot search inside; a framework has thousands of suppliers at
    # most, so they are matched here.
    return {supplier: size for supplier, size, locations in offers if not location or location in (locations or [])}


def sizes_of_matching_suppliers(opportunity):
    """{supplier id: organisation size} of the suppliers on the requirement's framework that offer its lot (for
    specialists, its role) where the work is: the lot services' (or the role's) locations include the requirement's
    location. Before the buyer has chosen a location, every location counts."""
    return _where(_offers(opportunity), opportunity.location)


def suppliers_who_could_apply(opportunities):
    """{opportunity id: the `sizes_of_matching_suppliers` of each}, reading the offers once for each framework,
    lot and role among them (a day's publications share a few dozen)."""
    offers = {}
    could_apply = {}
    for opportunity in opportunities:
        key = (opportunity.framework_id, opportunity.lot_id, opportunity.specialist_role)
        if key not in offers:
            offers[key] = _offers(opportunity)
        could_apply[opportunity.pk] = _where(offers[key], opportunity.location)
    return could_apply
