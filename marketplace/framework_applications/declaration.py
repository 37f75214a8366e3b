"""The framework declaration, declared once as content.

Every question says its label, hint, kind of answer, when it is asked, and what its answers mean for the
evaluation: an answer in `fails_on` fails the application with the question's `reason`, and an answer in
`discretionary_on` waits for a platform admin to pass or fail it. The pages, the API and the evaluation all read
from here, so changing a question, or which answer fails, is a change of one line.

Keys are the API's (camelCase), as in the answers a supplier sends.
"""

from dataclasses import dataclass
from decimal import Decimal

from marketplace.formatting import money
from marketplace.suppliers.services import parse_money
from marketplace.text import is_blank, too_long, unstorable

YES_NO = "yes_no"        # True or False
TEXTAREA = "textarea"    # a paragraph counted in words: str
MONEY = "money"          # pounds and pence: a string such as "1250000.00"
ACCEPT = "accept"        # a statement the supplier must accept: True

# Annual turnover from which the Modern Slavery Act 2015 asks for a published statement.
MODERN_SLAVERY_TURNOVER = Decimal("36000000")
MAX_TURNOVER = Decimal("1000000000000")


@dataclass(frozen=True)
class AskedWhen:
    """The question is asked only when another question's answer is `equals`, or at least `at_least`."""

    key: str
    equals: object = None
    at_least: Decimal | None = None

    def holds(self, answers):
        value = answers.get(self.key)
        if self.at_least is not None:
            return value is not None and Decimal(value) >= self.at_least
        return value == self.equals


@dataclass(frozen=True)
class Question:
    key: str
    section: str
    label: str
    kind: str
    hint: str = ""
    asked_when: AskedWhen | None = None
    fails_on: tuple = ()            # answers that fail the application
    discretionary_on: tuple = ()    # answers a platform admin decides on
    reason: str = ""                # why such an answer fails, or what the admin is deciding
    max_words: int | None = None

    def asked(self, answers):
        return self.asked_when is None or self.asked_when.holds(answers)

    def fails(self, value):
        return value in self.fails_on

    def needs_decision(self, value):
        return value in self.discretionary_on


@dataclass(frozen=True)
class Section:
    slug: str
    name: str
    hint: str


SECTIONS = [
    Section("mandatory-exclusion", "Mandatory exclusion grounds",
            "If any of these is true of your organisation, or of anyone with powers of representation, decision or "
            "control in it, in the last 5 years, it cannot be on the framework."),
    Section("discretionary-exclusion", "Discretionary exclusion grounds",
            "If any of these is true, tell us what happened and what you have done since: the platform decides "
            "whether your organisation can be on the framework."),
    Section("insurance", "Insurance", "The insurance every supplier must hold by the time a contract starts."),
    Section("modern-slavery", "Modern slavery", "What the Modern Slavery Act 2015 asks of larger organisations."),
    Section("commitments", "Accessibility and security",
            "What every supplier commits to in the work it does through the framework."),
    Section("terms", "Terms", "The statements every supplier must accept."),
]
SECTION_NAMES = {section.slug: section.name for section in SECTIONS}

_CONVICTED = "Has your organisation, or anyone with powers of representation, decision or control in it, been convicted of "


def _mandatory(key, offence, reason):
    return Question(key, "mandatory-exclusion", _CONVICTED + offence + "?", YES_NO, fails_on=(True,), reason=reason)


def _discretionary(key, label, reason, hint=""):
    return Question(key, "discretionary-exclusion", label, YES_NO, hint=hint, discretionary_on=(True,),
                    reason=reason)


def _explain(key, about):
    return Question(key, "discretionary-exclusion", f"Tell us what happened and what you have done since ({about})",
                    TEXTAREA, asked_when=AskedWhen(key.removesuffix("Details"), equals=True), max_words=300)


QUESTIONS = [
    _mandatory("conspiracy", "conspiracy", "A conviction for conspiracy is a mandatory exclusion ground"),
    _mandatory("corruptionBribery", "corruption or bribery",
               "A conviction for corruption or bribery is a mandatory exclusion ground"),
    _mandatory("fraud", "fraud, including fraud against the public purse",
               "A conviction for fraud is a mandatory exclusion ground"),
    _mandatory("terrorism", "a terrorist offence or an offence linked to terrorist activities",
               "A conviction for a terrorist offence is a mandatory exclusion ground"),
    _mandatory("moneyLaundering", "money laundering or terrorist financing",
               "A conviction for money laundering is a mandatory exclusion ground"),
    _mandatory("humanTrafficking", "child labour, modern slavery or human trafficking",
               "A conviction for modern slavery or human trafficking is a mandatory exclusion ground"),
    Question("taxBreach", "mandatory-exclusion",
             "Has a court or a final administrative decision found that your organisation has not paid its taxes or "
             "social security contributions, and have they still not been paid?", YES_NO, fails_on=(True,),
             reason="Unpaid taxes or social security contributions found by a court are a mandatory exclusion "
                    "ground"),
    _discretionary("insolvency", "Is your organisation bankrupt, insolvent, being wound up, or in an arrangement "
                   "with its creditors?", "Bankruptcy or insolvency"),
    _explain("insolvencyDetails", "bankruptcy or insolvency"),
    _discretionary("professionalMisconduct", "Has your organisation been found guilty of grave professional "
                   "misconduct?", "Grave professional misconduct"),
    _explain("professionalMisconductDetails", "professional misconduct"),
    _discretionary("distortedCompetition", "Has your organisation entered into agreements with other suppliers "
                   "aimed at distorting competition?", "Agreements distorting competition"),
    _explain("distortedCompetitionDetails", "agreements distorting competition"),
    _discretionary("terminatedContract", "Has a public contract of yours been ended early, or damages awarded, "
                   "because you performed it badly?", "A public contract ended early for poor performance",
                   hint="In the last 3 years"),
    _explain("terminatedContractDetails", "a public contract ended early"),
    Question("employersLiability", "insurance", "Will your organisation have employer's liability insurance of at "
             "least £5 million when a contract starts?", YES_NO, hint="Answer yes if you are exempt by law.",
             fails_on=(False,), reason="Employer's liability insurance of at least £5 million is required"),
    Question("professionalIndemnity", "insurance", "Will your organisation have professional indemnity insurance of "
             "at least £1 million when a contract starts?", YES_NO, fails_on=(False,),
             reason="Professional indemnity insurance of at least £1 million is required"),
    Question("annualTurnover", "modern-slavery", "What was your organisation's annual turnover in its last financial "
             "year?", MONEY, hint="In pounds, for example 2500000"),
    Question("modernSlaveryStatement", "modern-slavery", "Has your organisation published the modern slavery "
             "statement the Modern Slavery Act 2015 asks for?", YES_NO,
             hint=f"Organisations with a turnover of {money(MODERN_SLAVERY_TURNOVER)} or more must publish one.",
             asked_when=AskedWhen("annualTurnover", at_least=MODERN_SLAVERY_TURNOVER), fails_on=(False,),
             reason=f"An organisation with a turnover of {money(MODERN_SLAVERY_TURNOVER)} or more must publish a "
                    "modern slavery statement"),
    Question("accessibility", "commitments", "Will the services you build and run meet the Web Content "
             "Accessibility Guidelines (WCAG) 2.2 at level AA?", YES_NO, fails_on=(False,),
             reason="Every service built through the framework must meet WCAG 2.2 level AA"),
    Question("cyberEssentials", "commitments", "Will your organisation hold Cyber Essentials certification when a "
             "contract starts?", YES_NO, fails_on=(False,),
             reason="Cyber Essentials certification is required by the time a contract starts"),
    Question("secureByDesign", "commitments", "Will you follow the government's Secure by Design principles in the "
             "work you do?", YES_NO, fails_on=(False,),
             reason="Work through the framework must follow the Secure by Design principles"),
    Question("acceptTerms", "terms", "I accept the framework's terms and the call-off contract terms", ACCEPT),
    Question("acceptAccuracy", "terms", "I confirm the answers in this declaration are true, and I will tell the "
             "platform at once if any stops being true", ACCEPT),
    Question("acceptChecks", "terms", "I understand the platform may check these answers, and may remove my "
             "organisation from the framework if any is false", ACCEPT),
]
QUESTIONS_BY_KEY = {question.key: question for question in QUESTIONS}


def section_questions(section_slug):
    return [question for question in QUESTIONS if question.section == section_slug]


def asked_questions(answers, section_slug=None):
    """The questions asked, given the answers so far (a follow-up is asked only after the answer that opens it)."""
    return [question for question in QUESTIONS
            if (section_slug is None or question.section == section_slug) and question.asked(answers)]


def _clean_one(question, value):
    """(cleaned value, message or None). None is "no answer" and is always accepted by a partial save."""
    if value is None or (isinstance(value, str) and is_blank(value)):
        return None, None
    if question.kind == YES_NO:
        if isinstance(value, bool):
            return value, None
        return None, f"Answer yes or no: {question.label}"
    if question.kind == ACCEPT:
        if value is True:
            return True, None
        return None, "Accept the statement to continue, or leave it unanswered for now"
    if question.kind == MONEY:
        amount = parse_money(value)
        if amount is None:
            return None, "Enter the annual turnover as an amount in pounds, like 2500000"
        if amount < 0:
            return None, "The annual turnover cannot be less than £0"
        if amount > MAX_TURNOVER:
            return None, f"The annual turnover must be {money(MAX_TURNOVER)} or less"
        return f"{amount:.2f}", None
    if not isinstance(value, str):
        return None, f"The answer must be text: {question.label}"
    text = value.strip()
    bad = unstorable(text)
    if bad:
        return None, f"Remove {bad} from the answer"
    if question.max_words and too_long(text, question.max_words):
        return None, f"The answer {too_long(text, question.max_words)}"
    return text, None


def clean_answers(sent):
    """({key: cleaned value}, {key: [message]}) for the answers `sent`; an unknown key is a problem of its own.
    A value of None (or blank text) clears the answer."""
    if not isinstance(sent, dict):
        return {}, {"declaration": ["Send the declaration answers as an object keyed by question"]}
    cleaned, problems = {}, {}
    for key, value in sent.items():
        question = QUESTIONS_BY_KEY.get(key)
        if question is None:
            problems[key] = [f"{key} is not a question of the declaration"]
            continue
        cleaned[key], message = _clean_one(question, value)
        if message:
            problems[key] = [message]
    return cleaned, problems


def merged(answers, changes):
    """The answers with `changes` applied, dropping answers to follow-ups that are no longer asked."""
    result = {key: value for key, value in {**answers, **changes}.items() if value is not None}
    return {key: value for key, value in result.items() if QUESTIONS_BY_KEY[key].asked(result)}


def unanswered(answers, section_slug=None):
    """The asked questions with no answer yet."""
    return [question for question in asked_questions(answers, section_slug) if answers.get(question.key) is None]


def section_complete(answers, section_slug):
    return not unanswered(answers, section_slug)


@dataclass(frozen=True)
class Finding:
    key: str
    reason: str


def evaluate(answers):
    """(failures, decisions) of a complete declaration: the answers that fail it, and the answers a platform admin
    must decide on; each a list of Finding with the question's reason."""
    failures, decisions = [], []
    for question in asked_questions(answers):
        value = answers.get(question.key)
        if question.fails(value):
            failures.append(Finding(question.key, question.reason))
        elif question.needs_decision(value):
            decisions.append(Finding(question.key, question.reason))
    return failures, decisions


def display_answer(question, value):
    """An answer as a person reads it (the back office, a copy of the declaration)."""
    if value is None:
        return "Not answered"
    if question.kind == ACCEPT:
        return "Accepted" if value is True else "Not accepted"
    if question.kind == YES_NO:
        return "Yes" if value else "No"
    if question.kind == MONEY:
        return money(Decimal(value))
    return value
