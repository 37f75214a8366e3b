"""A platform admin adds a vendor to the product-not-outcome check's terms in the back office; a duplicate is
refused with a clear message and nothing changes."""

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.checks.models import CheckTerm
from marketplace.checks.selectors import check_title

from .conftest import text_of

pytestmark = pytest.mark.django_db

ADD = "/admin/checks/checkterm/add/"


def test_an_admin_adds_a_term_and_the_check_uses_it(back_office):
    assert check_title("digital-outcomes", "Acmeflow rollout") == []
    response = back_office.post(ADD, {"kind": "product", "term": "Acmeflow"})
    assert response.status_code == 302
    added = CheckTerm.objects.get()
    assert (added.term, added.added_by) == ("Acmeflow", back_office.admin)
    assert AuditEvent.objects.filter(action="check_term.added", actor=back_office.admin).count() == 1
    assert [f.check for f in check_title("digital-outcomes", "Acmeflow rollout")] == ["product-not-outcome"]


def test_a_term_already_on_the_list_is_refused_and_nothing_is_added(back_office):
    response = back_office.post(ADD, {"kind": "product", "term": "salesforce"})
    assert response.status_code == 200
    assert "‘salesforce’ is already on the list" in text_of(response)
    assert not CheckTerm.objects.exists()
    assert not AuditEvent.objects.filter(action="check_term.added").exists()
