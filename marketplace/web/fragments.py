"""GOV.UK Frontend macros' HTML kept per process, for parameters already seen.

A macro is a pure function of its parameters, and the catalogue calls some with the same parameters on almost every
request: its filter checkboxes were most of the page's own time. Templates call `cached(govukCheckboxes, {...})`
where they would call `govukCheckboxes({...})`; the HTML is the same.
"""

import re
from functools import lru_cache

from markupsafe import Markup, escape

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


@lru_cache(maxsize=CACHE_SIZE)
def _pieces(macro, frozen, slots):
    """The HTML cut where each item's text goes: (HTML, item number, HTML, ...), or None unless every text went
    in exactly once."""
    pieces = _SLOT.split(macro(_thawed(frozen)))
    if sorted(int(number) for number in pieces[1::2]) != list(range(slots)):
        return None
    return tuple(int(piece) if n % 2 else piece for n, piece in enumerate(pieces))


_SLOT = re.compile("\ue000([0-9]+)\ue001")


def _item_texts(params):
    """The items' plain texts when each can be put into the HTML after rendering: a checkbox or radio label is the
    text escaped, unchanged by the macro when it has no line breaks (indented) and no spaces at either end
    (trimmed). None otherwise."""
    items = params.get("items") if isinstance(params, dict) else None
    if not isinstance(items, list) or not items:
        return None
    texts = [item.get("text") if isinstance(item, dict) and not item.get("html") else None for item in items]
    if all(type(text) is str and text and text == text.strip() and "\n" not in text and "\ue000" not in text
           for text in texts):
        return texts
    return None


def cached(macro, params):
    """`macro(params)`, rendered once per process for each distinct `params`; items' texts (such as a filter's
    counts) are put in afterwards, so a new count does not render the macro again."""
    texts = _item_texts(params)
    try:
        if texts is None:
            return _rendered(macro, _frozen(params))
        shape = {**params, "items": [{**item, "text": f"\ue000{n}\ue001"} for n, item in enumerate(params["items"])]}
        pieces = _pieces(macro, _frozen(shape), len(texts))
    except _Unhashable:  # an object the macro reads attributes of: render as usual
        return macro(params)
    if pieces is None:
        return _rendered(macro, _frozen(params))
    return Markup("".join(escape(texts[piece]) if n % 2 else piece for n, piece in enumerate(pieces)))
