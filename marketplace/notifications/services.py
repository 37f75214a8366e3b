"""Sending email through the outbox: queue inside the transaction, deliver after it commits."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from marketplace import clock, formatting

from .models import OutboundEmail

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
# Plain-text emails: no HTML escaping, and a missing variable is an error rather than a blank. Figures go through
# the same formatting filters as the pages.
_emails = Environment(loader=FileSystemLoader(Path(__file__).parent / "emails"), autoescape=False,
                      undefined=StrictUndefined, keep_trailing_newline=True)
_emails.filters.update(count=formatting.count)


def queue_email(*, to, template, context, purpose, dedupe_key=None, headers=None):
    """Render `template` from emails/ (first line `Subject: ...`, then the body) and queue it, with any extra
    `headers`; returns the outbox row, or None when an email with the same `dedupe_key` was already queued."""
    text = _emails.get_template(template).render(base_url=settings.BASE_URL, service_name=settings.SERVICE_NAME,
                                                 **context)
    first, _, body = text.lstrip().partition("\n")
    subject = first.removeprefix("Subject:").strip()
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(to=to, subject=subject, body=body.strip() + "\n", purpose=purpose,
                                                 dedupe_key=dedupe_key, headers=headers or {},
                                                 created_at=clock.now())
    except IntegrityError:
        if dedupe_key and OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def _enqueue_delivery(email_id):
    from .tasks import deliver_email

    try:
        deliver_email.enqueue(email_id)
    except Exception:  # the row stays unsent; `deliver_pending_emails` picks it up
        log.exception("Could not enqueue delivery of email %s", email_id)


def deliver(email_id):
    """Send one queued email once. The row is locked while sending, so two workers never both send it."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id, sent_at__isnull=True).first()
        if email is None:
            return False
        email.attempts += 1
        try:
            EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to],
                         headers=email.headers or None).send()
        except Exception as error:  # noqa: BLE001 - any failure is recorded for admins and retried
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            email.save(update_fields=["attempts", "last_error"])
            log.warning("Email %s not sent (attempt %s): %s", email.pk, email.attempts, email.last_error)
            return False
        email.sent_at = clock.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def deliver_pending_emails():
    """Retry every unsent email that has attempts left; run periodically by the worker."""
    sent = 0
    for email_id in OutboundEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS) \
            .values_list("pk", flat=True):
        sent += bool(deliver(email_id))
    return sent
