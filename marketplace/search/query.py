"""What people type into the search box: words (all must match), "quoted phrases", and -word or -"a phrase" to
exclude. Parsed once into terms, then written as FTS5 MATCH syntax or a PostgreSQL tsquery."""

import re
from dataclasses import dataclass, field

from .terms import EVERY_VISIBLE, terms

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
MAX_LENGTH = 500


def query_text(text):
    """What is searched for: the text with each run of white space made one space, cut at 500 characters (no one
    types more, and the cut bounds the work). Every way in (the catalogue, the API, saved searches) searches this,
    so the same text gives the same answer whichever way it came; cutting before the spaces were folded let a
    query padded with spaces lose words on one way in and keep them on another."""
    return " ".join((text or "").split())[:MAX_LENGTH]


@dataclass
class Query:
    required: list = field(default_factory=list)   # each a tuple of terms: one term, or a phrase
    excluded: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.required and not self.excluded

    @property
    def marked_terms(self):
        return {t for group in self.required for t in group}


def parse(text):
    query = Query()
    for match in _TOKEN.finditer(query_text(text)):
        if match.group(2) is not None:
            negative, raw = match.group(1), match.group(2)
        else:
            negative, raw = match.group(3), match.group(4)
            if raw.startswith("-"):
                raw = raw.lstrip("-")
        group = tuple(terms(raw))
        if not group:
            continue
        # An unquoted word that splits into several terms ("full-stack") matches as a phrase, like a quoted one.
        (query.excluded if negative else query.required).append(group)
    return query


def fts5_expression(required, alternatives=(), excluded=()):
    """FTS5 MATCH text. `required`: groups (a term or a phrase) that must all match; `alternatives`: lists of
    terms of which one must match (a filter's values); `excluded`: groups that must not match. Terms are
    alphanumeric, so quoting each is safe."""
    quote = lambda group: '"' + " ".join(group) + '"'  # noqa: E731
    parts = [quote(g) for g in required] + ["(" + " OR ".join(f'"{t}"' for t in terms) + ")" for terms in alternatives]
    expression = " AND ".join(parts)
    for group in excluded:
        expression = f"({expression}) NOT {quote(group)}"
    return expression


def tsquery_expression(required, alternatives=(), excluded=()):
    """The same for PostgreSQL's to_tsquery('simple', ...): a phrase is terms joined by <->."""
    phrase = lambda group: "(" + " <-> ".join(group) + ")"  # noqa: E731
    parts = [phrase(g) for g in required] + ["(" + " | ".join(terms) + ")" for terms in alternatives]
    parts += ["!" + phrase(g) for g in excluded]
    return " & ".join(parts)


class Document:
    """One entry's indexed terms (`SearchEntry.terms`), to test a search against that entry without asking the
    database, by the rules both full-text indexes apply to the same expression: every required group present (a
    phrase's terms at consecutive positions), one term of each group of alternatives, no excluded group. Saved
    searches are matched this way: one new entry against thousands of alerts is one read of the entry rather than
    a query per alert. The search tests hold the catalogue (on both databases) and this to the same answers."""

    def __init__(self, indexed):
        self.positions = {}
        for position, term in enumerate((indexed or "").split()):
            self.positions.setdefault(term, set()).add(position)

    @property
    def terms(self):
        return self.positions.keys()

    def contains(self, group):
        starts = self.positions.get(group[0])
        if not starts or len(group) == 1:
            return bool(starts)
        following = [self.positions.get(term) for term in group[1:]]
        if not all(following):
            return False
        return any(all(start + offset in positions for offset, positions in enumerate(following, 1))
                   for start in starts)

    def matches(self, required, alternatives=(), excluded=()):
        return (all(self.contains(group) for group in required)
                and all(any(term in self.positions for term in group) for group in alternatives)
                and not any(self.contains(group) for group in excluded))


# Which filter's values to look a search up by when it has no words: a role is rarer than a location, a location
# than a lot (there are three).
_FILTER_RARITY = ("0role", "0loc", "0lot")


def anchors(required, alternatives=()):
    """Terms of which every entry matching the expression holds at least one, so that saved searches can be found
    from a new entry's terms: its longest required word (a long word is usually a rare one), else the values of
    its rarest filter, else the term every visible entry has."""
    words = [term for group in required for term in group if term != EVERY_VISIBLE]
    if words:
        return [max(words, key=len)]
    if alternatives:
        return sorted(min(alternatives, key=lambda group: next(
            (rank for rank, prefix in enumerate(_FILTER_RARITY) if group[0].startswith(prefix)),
            len(_FILTER_RARITY))))
    return [EVERY_VISIBLE]
