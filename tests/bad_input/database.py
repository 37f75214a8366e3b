"""What a request wrote: every model's rows before and after, compared table by table."""

import hashlib

from django.apps import apps


def database_state():
    """For each model, its number of rows and a digest of every value in them, so an update shows as well as an
    insert or a delete."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        digest = hashlib.blake2b(digest_size=16)
        count = 0
        for row in model._base_manager.order_by("pk").values_list():
            digest.update(repr(row).encode("utf-8", "surrogatepass"))
            count += 1
        state[model._meta.label] = (count, digest.hexdigest())
    return state


def written(before, after):
    """The models whose rows differ, with their counts before and after."""
    return {label: (before[label][0], after[label][0]) for label in before if before[label] != after[label]}
