from django_tasks import task

from . import jobs


@task()
def run_scheduled_jobs():
    """Queued every minute by `marketplace serve`; safe to run any number of times (see jobs.py)."""
    return jobs.run_scheduled_jobs()
