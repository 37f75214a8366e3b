"""The requirement checks, declared once: what each looks at, why it matters, the advice a buyer sees, and the rule
that finds it. The pages, the API and the insights all read these.

A check advises: it never blocks publishing and never changes what is saved. Each rule takes a `Draft` (see
selectors.py), which holds the answers and what the platform knows around them, and returns findings.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import textstat

from marketplace.formatting import london_date, money
from marketplace.opportunities.questions import BY_KEY, O, S, TEXT, TEXTAREA
from marketplace.text import count_words, is_blank

from . import terms

# How long a buyer needs between applications closing and the work starting: evaluation and award.
EVALUATION_DAYS = 14
LONG_SENTENCE_WORDS = 25
# Below this Flesch reading ease (0-100, higher is easier) an answer is hard for most readers.
HARD_TO_READ_BELOW = 50
# Readability scores of a few words say nothing; only answers this long are scored.
SCORED_ANSWER_WORDS = 30
PASSIVE_SHARE_ABOVE = 1 / 3
MAX_ESSENTIALS = 10
# An essential listing this many things (commas, "and", "or", slashes) bundles several skills.
BUNDLED_SEPARATORS = 3


@dataclass(frozen=True)
class Finding:
    check: str          # the check's key
    question: str       # the question key the finding is about
    message: str


@dataclass(frozen=True)
class Check:
    key: str
    name: str
    looks_at: tuple     # question keys
    why: str
    advice: str
    rule: object        # Draft -> iterable of (question key, message)


def phrases(words):
    """One pattern matching any of the words or phrases whole, ignoring case and how they are spaced."""
    alternatives = sorted({re.escape(" ".join(w.split())).replace(r"\ ", r"\s+") for w in words}, key=len,
                          reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)


def found(pattern, text):
    """The distinct matches in `text`, in the order they first appear, spelled as written."""
    seen, result = set(), []
    for match in pattern.finditer(text or ""):
        word = " ".join(match.group(1).split())
        if word.casefold() not in seen:
            seen.add(word.casefold())
            result.append(word)
    return result


def quoted(words):
    return ", ".join(f"‘{w}’" for w in words)


def _label(key):
    return BY_KEY[key].label.removesuffix(" (optional)")


def _texts(draft, keys):
    """(key, text) of each answered text question among `keys` that the lot asks."""
    for key in keys:
        value = draft.answers.get(key)
        if BY_KEY[key].asked_on(draft.lot) and isinstance(value, str) and value.strip():
            yield key, value


# Product not outcome ----------------------------------------------------------------------------------------

PRODUCT_KEYS = ("title", "summary", "outcome")


def product_not_outcome(draft):
    pattern = phrases(draft.terms("product"))
    for key, text in _texts(draft, PRODUCT_KEYS):
        words = found(pattern, text)
        if words:
            yield key, f"{_label(key)} names a product, vendor or purchase: {quoted(words)}"


# Plain English ----------------------------------------------------------------------------------------------

PLAIN_ENGLISH_KEYS = tuple(q.key for q in BY_KEY.values() if q.kind in (TEXT, TEXTAREA))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_BE = r"(?:am|is|are|was|were|be|been|being)"
_IRREGULAR_PARTICIPLES = ("given", "taken", "done", "made", "written", "seen", "known", "shown", "built", "sent",
                          "held", "run", "set", "kept", "found", "brought", "bought", "paid", "met", "led", "chosen",
                          "drawn", "driven", "spoken", "told", "put", "won", "understood", "begun", "broken", "hidden")
_PASSIVE = re.compile(rf"\b{_BE}\s+(?:\w+ly\s+)?(?:\w+ed|{'|'.join(_IRREGULAR_PARTICIPLES)})\b", re.IGNORECASE)
_ACRONYM = re.compile(r"(?<![\w.])([A-Z][A-Z0-9]{1,7})(?:s)?(?!\w|\.\w)")


def sentences(text):
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if count_words(s)]


def _mostly_capitals(text):
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 0 and sum(c.isupper() for c in letters) > len(letters) / 2


def acronyms_not_spelled_out(draft):
    """Acronyms used without ever being written out, each once, on the first question that uses it."""
    everything = " ".join(text for _, text in _texts(draft, PLAIN_ENGLISH_KEYS))
    well_known = set(terms.WELL_KNOWN_ACRONYMS)
    first_use = {}
    for key, text in _texts(draft, PLAIN_ENGLISH_KEYS):
        if _mostly_capitals(text):
            continue
        for acronym in _ACRONYM.findall(text):
            if acronym in well_known or acronym in first_use:
                continue
            spelled_out = re.search(rf"\(\s*{re.escape(acronym)}s?\s*\)|\b{re.escape(acronym)}s?\s*\(", everything)
            if not spelled_out:
                first_use[acronym] = key
    by_key = {}
    for acronym, key in first_use.items():
        by_key.setdefault(key, []).append(acronym)
    return by_key


def plain_english(draft):
    jargon = phrases(draft.terms("jargon"))
    acronyms = acronyms_not_spelled_out(draft)
    for key, text in _texts(draft, PLAIN_ENGLISH_KEYS):
        words = found(jargon, text)
        if words:
            yield key, f"{_label(key)} uses jargon: {quoted(words)}"
        if acronyms.get(key):
            yield key, f"{_label(key)} uses acronyms that are not spelled out anywhere: {quoted(acronyms[key])}"
        if BY_KEY[key].kind != TEXTAREA:
            continue
        parts = sentences(text)
        long_ones = [s for s in parts if count_words(s) > LONG_SENTENCE_WORDS]
        if long_ones:
            longest = max(count_words(s) for s in long_ones)
            yield key, (f"{_label(key)} has {len(long_ones)} sentence{'s' if len(long_ones) > 1 else ''} over "
                        f"{LONG_SENTENCE_WORDS} words (the longest has {longest})")
        passive = [s for s in parts if _PASSIVE.search(s)]
        if len(parts) >= 3 and len(passive) / len(parts) > PASSIVE_SHARE_ABOVE:
            yield key, (f"{_label(key)} uses the passive voice in {len(passive)} of its {len(parts)} sentences: "
                        "say who does what")
        if count_words(text) >= SCORED_ANSWER_WORDS:
            score = textstat.flesch_reading_ease(text)
            if score < HARD_TO_READ_BELOW:
                yield key, (f"{_label(key)} is hard to read: its Flesch reading ease is {score:.0f} "
                            f"(aim for {HARD_TO_READ_BELOW} or more)")


# Users ------------------------------------------------------------------------------------------------------

def users(draft):
    for key, text in _texts(draft, ("endUsers",)):
        people = found(phrases(terms.PEOPLE_TERMS), text)
        systems = found(phrases(terms.SYSTEM_TERMS), text)
        if not people:
            named = f" It names {quoted(systems)}." if systems else ""
            yield key, f"{_label(key)} does not name any people.{named} Say who will use the service"
        elif not found(phrases(terms.NEED_TERMS), text):
            yield key, f"{_label(key)} does not say what the users need to do"


# Evidence the supplier can give -----------------------------------------------------------------------------

_SEPARATORS = re.compile(r",|;|/|\band\b|\bor\b|&", re.IGNORECASE)


def evidence(draft):
    items = draft.answers.get("essentialRequirements") or []
    if not isinstance(items, list):
        return
    key = "essentialRequirements"
    nice = phrases(terms.NICE_TO_HAVE_TERMS)
    certification = phrases(draft.terms("certification"))
    for number, item in enumerate(items, start=1):
        if found(nice, item):
            yield key, f"Essential {number} reads as a nice-to-have ({quoted(found(nice, item))})"
        if len(_SEPARATORS.findall(item)) >= BUNDLED_SEPARATORS:
            yield key, f"Essential {number} asks for several skills in one"
        if found(certification, item):
            yield key, (f"Essential {number} asks for one company's certification "
                        f"({quoted(found(certification, item))})")
    if len(items) > MAX_ESSENTIALS:
        yield key, f"There are {len(items)} essential requirements: more than {MAX_ESSENTIALS}"


# Fairness ---------------------------------------------------------------------------------------------------

_MONEY = re.compile(r"£\s*(\d[\d,]*(?:\.\d{1,2})?)\s*(k\b)?", re.IGNORECASE)


def amounts(text):
    """The sums of money written in `text`, in pounds ('£650', '£1,200', '£1.2k')."""
    result = []
    for number, thousands in _MONEY.findall(text or ""):
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            continue
        result.append(value * 1000 if thousands else value)
    return result


def fairness(draft):
    answers = draft.answers
    start = answers.get("startDate")
    if start and BY_KEY["startDate"].asked_on(draft.lot) and draft.closing_on is not None:
        start = dt.date.fromisoformat(start)
        earliest = draft.closing_on + dt.timedelta(days=EVALUATION_DAYS)
        if start < earliest:
            yield "startDate", (f"The latest start date, {london_date(start)}, leaves less than {EVALUATION_DAYS // 7} "
                                f"weeks to evaluate after applications close on {london_date(draft.closing_on)}")
    budget = answers.get("budgetRange")
    if is_blank(budget):
        yield "budgetRange", "No budget is given"
    elif draft.lot == S and draft.highest_day_rate is not None:
        rates = amounts(budget)
        if rates and max(rates) > draft.highest_day_rate:
            yield "budgetRange", (f"The day rate, {money(max(rates))}, is above every supplier's own maximum for "
                                  f"this role (the highest is {money(draft.highest_day_rate)})")
    wanted = answers.get("numberOfSuppliers")
    if isinstance(wanted, int) and draft.could_apply is not None and wanted > draft.could_apply:
        yield "numberOfSuppliers", (f"You want to evaluate {wanted} suppliers but only {draft.could_apply} on the "
                                    "framework could apply")


# Phase ------------------------------------------------------------------------------------------------------

PHASE_TEXT_KEYS = ("title", "summary", "backgroundInformation", "outcome", "workAlreadyDone")


def phase(draft):
    if draft.lot != O or draft.answers.get("phase") != "not_applicable":
        return
    pattern = phrases(terms.PHASE_TERMS)
    for key, text in _texts(draft, PHASE_TEXT_KEYS):
        words = found(pattern, text)
        if words:
            yield "phase", f"{_label(key)} mentions {quoted(words)} but the phase is ‘Not applicable’"
            return


CHECKS = (
    Check("product-not-outcome", "Product not outcome", PRODUCT_KEYS,
          why="Suppliers do their best work when they are asked to solve a problem. A requirement that names a "
              "product, a vendor or a licence is a call for supply, and only that vendor's resellers can answer it.",
          advice="Describe the problem and what your users need to do, not the product you expect. Let suppliers "
                 "propose the technology.", rule=product_not_outcome),
    Check("plain-english", "Plain English", PLAIN_ENGLISH_KEYS,
          why="Suppliers of every size read your requirement, many quickly. Long sentences, the passive voice, "
              "jargon and unexplained acronyms hide what you need and favour suppliers who already know you.",
          advice=f"Keep sentences under {LONG_SENTENCE_WORDS} words, say who does what, use everyday words and "
                 "spell out each acronym the first time you use it.", rule=plain_english),
    Check("users", "Users", ("endUsers",),
          why="A service is built for people. Suppliers need to know who will use it and what they are trying to "
              "do, not which systems it connects to.",
          advice="Name the people who will use the service and what they need to do, for example ‘caseworkers "
                 "need to see an applicant’s history so that they can decide quickly’.", rule=users),
    Check("evidence", "Evidence the supplier can give", ("essentialRequirements",),
          why="Suppliers give one piece of evidence for each essential requirement, and one that is not met rules "
              "them out. Nice-to-haves, bundled skills and one company's certifications rule out good suppliers.",
          advice=f"Keep each essential to one skill a supplier cannot do without, move the rest to nice-to-haves, "
                 f"ask for the skill rather than a certificate, and keep to {MAX_ESSENTIALS} or fewer.",
          rule=evidence),
    Check("fairness", "Fairness", ("startDate", "budgetRange", "numberOfSuppliers"),
          why="Suppliers decide whether to apply from the dates and the money. A start date before you can "
              "evaluate, a missing budget or more suppliers than can apply waste everyone's time.",
          advice=f"Allow at least {EVALUATION_DAYS // 7} weeks after closing to evaluate, say what you expect to "
                 "pay, and shortlist no more suppliers than could apply.", rule=fairness),
    Check("phase", "Phase", ("phase",),
          why="The phase tells suppliers what kind of team and work you need.",
          advice="If the work is a discovery, alpha or beta, choose that phase.", rule=phase),
)
BY_CHECK = {check.key: check for check in CHECKS}
