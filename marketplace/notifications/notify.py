"""A Django email backend that sends through GOV.UK Notify.

Notify sends from templates: configure one email template whose subject is ((subject)) and body ((body)),
and give its id in MARKETPLACE_NOTIFY_TEMPLATE_ID with the key in MARKETPLACE_NOTIFY_API_KEY.

Notify sends no headers of ours. What it offers instead is `one_click_unsubscribe_url`, from which Notify writes the
unsubscribe headers itself, so a message's List-Unsubscribe address is passed on as that.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend


def _unsubscribe(message):
    address = message.extra_headers.get("List-Unsubscribe", "").strip()
    return {"one_click_unsubscribe_url": address.strip("<>")} if address else {}


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        if not settings.NOTIFY_API_KEY or not settings.NOTIFY_TEMPLATE_ID:
            raise ImproperlyConfigured(
                "Set MARKETPLACE_NOTIFY_API_KEY and MARKETPLACE_NOTIFY_TEMPLATE_ID to send email through Notify."
            )
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(settings.NOTIFY_API_KEY)

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            for recipient in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=recipient,
                        template_id=settings.NOTIFY_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                        **_unsubscribe(message),
                    )
                    sent += 1
                except Exception:
                    if not self.fail_silently:
                        raise
        return sent
