"""Reference data, the audit trail and the email outbox as a platform admin sees them."""

import pytest

from marketplace import clock
from marketplace.audit.models import AuditEvent
from marketplace.audit.services import record_event
from marketplace.frameworks.models import Lot
from marketplace.notifications.models import OutboundEmail

from .conftest import text_of

pytestmark = pytest.mark.django_db


def test_reference_data_is_shown_but_not_edited(back_office):
    lot = Lot.objects.get(slug="digital-outcomes")
    assert "Digital outcomes" in text_of(back_office.get("/admin/frameworks/lot/"))
    response = back_office.post(f"/admin/frameworks/lot/{lot.pk}/change/", {"name": "Outcomes", "slug": lot.slug})
    assert response.status_code == 403
    assert "Developer" in text_of(back_office.get("/admin/frameworks/specialistrole/"))
    assert "Yorkshire and the Humber" in text_of(back_office.get("/admin/frameworks/location/"))


def test_audit_events_can_be_read_and_never_changed(back_office):
    event = record_event("buyer_domain.added", actor=back_office.admin, detail={"organisation": "Home Office"},
                         object_label="example.gov.uk")
    page = text_of(back_office.get("/admin/audit/auditevent/", {"action__exact": "buyer_domain.added"}))
    assert "example.gov.uk" in page and back_office.admin.email in page
    assert back_office.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert back_office.post(f"/admin/audit/auditevent/{event.pk}/change/", {"action": "x"}).status_code == 403
    assert back_office.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "buyer_domain.added"


def test_failed_emails_are_visible_without_their_secret_links(back_office):
    now = clock.now()
    OutboundEmail.objects.create(to="priya@homeoffice.gov.uk", subject="Reset your password",
                                 body="Follow /reset-password/secret-token-123", purpose="reset-password",
                                 created_at=now, attempts=2, last_error="SMTPConnectError: (421, 'try later')")
    OutboundEmail.objects.create(to="sam@supplier.example", subject="Your application was sent", body="Thanks",
                                 purpose="application", created_at=now, sent_at=now, attempts=1)
    response = back_office.get("/admin/notifications/outboundemail/", {"delivery": "failing"})
    page = text_of(response)
    assert "priya@homeoffice.gov.uk" in page and "SMTPConnectError" in page
    assert "sam@supplier.example" not in page
    failed = OutboundEmail.objects.get(to="priya@homeoffice.gov.uk")
    detail = back_office.get(f"/admin/notifications/outboundemail/{failed.pk}/change/").content.decode()
    assert "Reset your password" in detail and "secret-token-123" not in detail
