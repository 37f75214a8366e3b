"""What people type into the search box: words (all must match), "quoted phrases", and -word or -"a phrase" to
exclude. Parsed once into terms, then written as FTS5 MATCH syntax or a PostgreSQL tsquery."""

import re
from dataclasses import dataclass, field

from .terms import terms

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')


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
    for match in _TOKEN.finditer((text or "")[:500]):
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
