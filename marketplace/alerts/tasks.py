from django_tasks import task

from . import services


@task()
def send_instant_alerts(opportunity_id):
    """Queued when an opportunity is published; safe to run again (see services)."""
    return services.send_instant_alerts(opportunity_id)
