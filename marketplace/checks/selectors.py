"""Running the checks on a requirement, and what they need to know about the suppliers who could answer it."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Max

from marketplace.clock import LONDON
from marketplace.opportunities import services as opportunities
from marketplace.opportunities.models import Opportunity
from marketplace.suppliers.models import SpecialistOffer
from marketplace.suppliers.selectors import matching_suppliers, services_on_framework

from . import terms
from .models import CheckTerm
from .rules import CHECKS, Finding


def terms_of(kind):
    """The built-in terms of a list and those a platform admin added."""
    return (*terms.BY_KIND[kind], *CheckTerm.objects.filter(kind=kind).values_list("term", flat=True))


def highest_day_rate(opportunity):
    """The highest maximum day rate that a supplier who could apply publishes for the role; None if none does."""
    if not opportunity.specialist_role:
        return None
    return SpecialistOffer.objects.filter(service__in=services_on_framework(opportunity),
                                          role__slug=opportunity.specialist_role).aggregate(
        highest=Max("max_day_rate"))["highest"]


@dataclass
class Draft:
    """What the rules read: the answers, and what the platform knows around them (looked up only when a rule
    asks)."""

    lot: str
    answers: dict
    opportunity: Opportunity | None = None
    _terms: dict = field(default_factory=dict)

    def terms(self, kind):
        if kind not in self._terms:
            self._terms[kind] = terms_of(kind)
        return self._terms[kind]

    @cached_property
    def closing_on(self):
        if self.opportunity is None:
            return None
        closing_at = (self.opportunity.closing_at
                      or opportunities.dates_if_published_now(self.opportunity).closing_at)
        return closing_at.astimezone(LONDON).date()

    @cached_property
    def could_apply(self):
        return None if self.opportunity is None else matching_suppliers(self.opportunity).total

    @cached_property
    def highest_day_rate(self):
        return None if self.opportunity is None else highest_day_rate(self.opportunity)


def run_checks(draft, only=None):
    """Every finding on the draft, check by check in their declared order. With `only` (question keys), just the
    findings about those questions."""
    findings = []
    for check in CHECKS:
        if only is not None and not set(check.looks_at) & set(only):
            continue
        findings.extend(Finding(check.key, key, message) for key, message in check.rule(draft)
                        if only is None or key in only)
    return findings


def check_requirement(opportunity):
    """The findings on a requirement as it is written now."""
    return run_checks(Draft(opportunity.lot.slug, dict(opportunity.data or {}), opportunity))


def check_title(lot, title, terms=None):
    """The findings on a title alone: all that is known of a historic requirement. `terms`, a dict shared by many
    calls, reads the checks' lists once for all of them."""
    return run_checks(Draft(lot, {"title": title}, _terms={} if terms is None else terms), only=("title",))
