from django_tasks import task

from . import services


@task()
def deliver_email(email_id):
    return services.deliver(email_id)


@task()
def deliver_pending_emails():
    return services.deliver_pending_emails()
