"""The service navigation on every page: where anyone can go, the places of the signed-in user's role, and which
section the page is in.

Most people arrive on a page from a search engine or a link in an email, so every page says where they are
(`active`, which the GOV.UK component marks with aria-current) and where else they can go.
"""

import re
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    text: str
    url_name: str
    # The paths that belong to the section (its own address and the pages under it), as a regular expression.
    paths: str

    def item(self, path):
        href = reverse(self.url_name)
        return {"href": href, "text": self.text, "current": path == href,
                "active": re.fullmatch(self.paths, path) is not None}


FIND_OPPORTUNITIES = Section("Find opportunities", "web:opportunities", r"/opportunities(/\d+(/ask-a-question)?)?")
INSIGHTS = Section("Insights", "insights:index", r"/insights")
OPEN_DATA = Section("Open data", "opendata:index", r"/opendata")
YOUR_REQUIREMENTS = Section("Your requirements", "web:requirements", r"/buyers/requirements(/.*)?")
YOUR_APPLICATIONS = Section("Your applications", "web:application-dashboard",
                            r"/suppliers/applications(/.*)?|/opportunities/\d+/apply(/.*)?")
YOUR_ALERTS = Section("Your alerts", "web:supplier-alerts", r"/suppliers/alerts(/.*)?")
BACK_OFFICE = Section("Back office", "admin:index", r"/admin/.*")
BUYER_ACCOUNT = Section("Your account", "web:buyer-dashboard", r"/buyers(/colleagues)?|/account/.*")
SUPPLIER_ACCOUNT = Section("Your account", "web:supplier-dashboard",
                           r"/suppliers(/(company|services|colleagues|frameworks)(/.*)?)?|/account/.*")
ADMIN_ACCOUNT = Section("Your account", "web:change-password", r"/account/.*")

PUBLIC = (FIND_OPPORTUNITIES, INSIGHTS, OPEN_DATA)


def _role_sections(user):
    """(the places of the user's work, their account) for a signed-in user."""
    if user.is_platform_admin:
        return (BACK_OFFICE,), ADMIN_ACCOUNT
    if user.is_buyer:
        return (YOUR_REQUIREMENTS,), BUYER_ACCOUNT
    if user.is_supplier:
        return (YOUR_APPLICATIONS, YOUR_ALERTS), SUPPLIER_ACCOUNT
    return (), None


def service_navigation(request):
    """The navigation items, and the account item (None when signed out), for the page `request` asks for."""
    user, path = request.user, request.path
    sections, account = _role_sections(user) if user.is_authenticated else ((), None)
    items = [section.item(path) for section in (*PUBLIC, *sections)]
    # A page is in one section only: applying to an opportunity is the supplier's, not the catalogue's.
    for item in items[:len(PUBLIC)]:
        if item["active"] and any(other["active"] for other in items[len(PUBLIC):]):
            item["active"] = False
    return {"items": items, "account": account.item(path) if account else None}
