"""GOV.UK Frontend macros' HTML kept per process, for parameters already seen.

A macro is a pure function of its parameters, and the catalogue calls some with the same parameters on almost every
request: its filter checkboxes were most of the page's own time. Templates call `cached(govukCheckboxes, {...})`
where they would call `govukCheckboxes({...})`; the HTML is the same.
"""

from functools import lru_cache

from markupsafe import Markup

# Each filter's checked values and counts make one entry; a few thousand fragments of a few kB each.
CACHE_SIZE = 4096


class _Unhashable(Exception):
    pass


def _frozen(value):
    """A hashable copy of macro parameters that tells apart what the macro tells apart (1 and True, text and
    Markup) and keeps the order of dicts and lists."""
    if isinstance(value, dict):
        return (dict, tuple((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, (list, tuple)):
        return (list, tuple(_frozen(item) for item in value))
    if value is None or type(value) in (str, Markup, bool, int, float):
        return (type(value), value)
    raise _Unhashable(type(value))


def _thawed(frozen):
    kind, value = frozen
    if kind is dict:
        return {key: _thawed(item) for key, item in value}
    if kind is list:
        return [_thawed(item) for item in value]
    return value


@lru_cache(maxsize=CACHE_SIZE)
def _rendered(macro, frozen):
    # A reloaded template (development only) is a new macro object, so its old HTML is never served.
    return macro(_thawed(frozen))


def cached(macro, params):
    """`macro(params)`, rendered once per process for each distinct `params`."""
    try:
        frozen = _frozen(params)
    except _Unhashable:  # an object the macro reads attributes of: render as usual
        return macro(params)
    return _rendered(macro, frozen)
