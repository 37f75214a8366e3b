"""Reading frameworks."""

from .models import Framework


def frameworks_newest_first():
    return Framework.objects.order_by("-generation").prefetch_related("lots")
