"""The format of the plan's workbook (docs/workbook.md): its sheets, their columns, and the
closed values, the one definition that the export writes and the import reads.

A column has a Swedish header (written), an English header (also read), the field it holds,
whether it is required, its kind and a sentence that explains it (the template's "Läs mig"
sheet). A closed value is written as the app's Swedish word and read as that word, the English
word or the API's name, whatever the case and the spaces around it (``Vocabulary.read``).
"""

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from flask_babel import LazyString, force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.cells import neutralise
from tracker.i18n import AUDIENCE_LABELS, KIND_LABELS, ROLE_LABELS
from tracker.models import Audience, ImprovementState, OrganisationKind, Role, Status
from tracker.status import STATE_LABELS, STATUS_LABELS

V = TypeVar("V")
E = TypeVar("E", bound=enum.StrEnum)

# The languages whose words are read (the app's catalogues); Swedish is the one written.
LOCALES = ("sv", "en")
WRITTEN = "sv"


def normal(cell: object) -> str:
    """A cell's text as compared: no surrounding spaces, single spaces within, case folded."""
    return " ".join(str(cell).split()).casefold()


@dataclass(frozen=True)
class Vocabulary(Generic[V]):
    """A closed value: the app's word for each value (``labels``, translated), and the other
    words read as a value (``names``: the API's names, and a few the users write)."""

    labels: Mapping[V, LazyString]
    names: Mapping[str, V]
    read_words: dict[str, V] = field(default_factory=dict, compare=False)

    def words(self) -> dict[str, V]:
        """Every word read, normalised, and its value: made once in an app, whose catalogues
        are fixed (outside one, the labels are not translated)."""
        if self.read_words:
            return self.read_words
        found = {normal(name): value for name, value in self.names.items()}
        for locale in LOCALES:
            with force_locale(locale):
                found.update({normal(label): value for value, label in self.labels.items()})
        if get_locale() is not None:
            self.read_words.update(found)
        return found

    def read(self, cell: object) -> V | None:
        """The value a cell names, or None if it names none."""
        return None if cell is None else self.words().get(normal(cell))

    def label(self, value: V) -> str:
        """The word written for a value: the app's Swedish word."""
        with force_locale(WRITTEN):
            return str(self.labels[value])

    def choices(self) -> list[str]:
        """The words written, in the vocabulary's order (the template's validation lists)."""
        return [self.label(value) for value in self.labels]


def _named(labels: Mapping[E, LazyString], **aliases: E) -> Vocabulary[E]:
    names: dict[str, E] = {member.value: member for member in labels}
    names.update({alias.replace("_", " "): value for alias, value in aliases.items()})
    return Vocabulary(labels, names)


KINDS = _named(KIND_LABELS)
ROLES = _named(ROLE_LABELS)
STATES = _named(STATE_LABELS)
STATUSES = _named(
    {s: STATUS_LABELS[s] for s in Status},
    grön=Status.ON_TRACK,
    gul=Status.AT_RISK,
    röd=Status.OFF_TRACK,
    green=Status.ON_TRACK,
    amber=Status.AT_RISK,
    yellow=Status.AT_RISK,
    red=Status.OFF_TRACK,
)
AUDIENCES = _named(
    AUDIENCE_LABELS,
    klg=Audience.GROUP,
    till_politiken=Audience.POLITICIANS,
    affärssekretess=Audience.CONFIDENTIAL,
)
YES_NO: Vocabulary[bool] = Vocabulary(
    {True: _l("Yes"), False: _l("No")}, {"yes": True, "no": False, "true": True, "false": False}
)


class Kind(enum.StrEnum):
    """What a cell holds."""

    TEXT = "text"
    CODE = "code"
    EMAIL = "email"
    DATE = "date"
    MONTH = "month"
    NUMBER = "number"
    CODES = "codes"
    EMAILS = "emails"
    CHOICE = "choice"


KIND_HELP = {
    Kind.TEXT: _l("Text"),
    Kind.CODE: _l("A code"),
    Kind.EMAIL: _l("An email address"),
    Kind.DATE: _l("A date, such as 2026-01-31"),
    Kind.MONTH: _l("A month, such as 2026-01"),
    Kind.NUMBER: _l("A whole number"),
    Kind.CODES: _l("Codes separated by commas"),
    Kind.EMAILS: _l("Email addresses separated by commas"),
}
# Kinds whose cell holds a list.
LISTS = (Kind.CODES, Kind.EMAILS)


@dataclass(frozen=True)
class Column:
    swedish: str
    english: str
    field: str
    kind: Kind
    explanation: LazyString
    example: object = None
    required: bool = False
    vocabulary: Vocabulary[Any] | None = None

    def kind_help(self) -> str:
        """What the cell holds, in words (the template's "Läs mig")."""
        if self.vocabulary is not None:
            return _("One of: %(words)s", words=", ".join(self.vocabulary.choices()))
        return str(KIND_HELP[self.kind])

    def cell(self, value: object) -> object:
        """A value as written in the cell (text that begins like a formula neutralised)."""
        return neutralise(self.shown(value))

    def shown(self, value: object) -> object:
        """A value as the cell holds it: a closed value by its label, a list joined."""
        if value is None or value == "" or value == []:
            return None
        if self.vocabulary is not None:
            return self.vocabulary.label(value)
        if self.kind in LISTS and isinstance(value, Iterable) and not isinstance(value, str):
            value = ", ".join(str(v) for v in value)
        return value


def _choice(
    swedish: str, english: str, name: str, vocabulary: Vocabulary[Any], **kw: Any
) -> Column:
    return Column(swedish, english, name, Kind.CHOICE, vocabulary=vocabulary, **kw)


@dataclass(frozen=True)
class Sheet:
    swedish: str
    english: str
    key: tuple[str, ...]  # the fields that name a row: the import updates the row they name
    explanation: LazyString
    columns: tuple[Column, ...]

    def headers(self) -> list[str]:
        return [c.swedish for c in self.columns]

    def column(self, header: object) -> Column | None:
        """The column a header names, in Swedish or English, whatever the case and spaces."""
        wanted = normal(header)
        return next(
            (c for c in self.columns if wanted in (normal(c.swedish), normal(c.english))), None
        )


SINCE = Column(
    "I portföljen sedan",
    "In the portfolio since",
    "since",
    Kind.DATE,
    _l("The day it entered the portfolio: it is due reports for the months after it."),
    date(2026, 1, 1),
)
ARCHIVED = _choice(
    "Arkiverad",
    "Archived",
    "archived",
    YES_NO,
    explanation=_l("Yes if it is archived: kept with its history, out of the lists."),
    example=False,
)

ORGANISATIONS = Sheet(
    "Organisationer",
    "Organisations",
    ("code",),
    _l("The organisations of the municipal group: departments, companies, the central office."),
    (
        Column("Kod", "Code", "code", Kind.CODE, _l("A short code that names the organisation."),
               "BUF", required=True),
        Column("Namn", "Name", "name", Kind.TEXT, _l("The organisation's name."),
               "Barn- och utbildningsförvaltningen", required=True),
        _choice("Typ", "Kind", "kind", KINDS, explanation=_l("What kind of organisation it is."),
                example=OrganisationKind.DEPARTMENT, required=True),
        ARCHIVED,
    ),
)  # fmt: skip
PEOPLE = Sheet(
    "Personer",
    "People",
    ("email",),
    _l("Everyone who owns, reports or reads: the group, the admins and the politicians."),
    (
        Column("E-post", "Email", "email", Kind.EMAIL,
               _l("The person's email address: it names the person."),
               "anna.berg@example.se", required=True),
        Column("Namn", "Name", "name", Kind.TEXT, _l("The person's name."), "Anna Berg",
               required=True),
        Column("Titel", "Title", "title", Kind.TEXT, _l("The person's job title."),
               "Förvaltningschef"),
        Column("Organisation", "Organisation", "organisation", Kind.CODE,
               _l("The code of the organisation the person belongs to."), "BUF"),
        _choice("Roll", "Role", "role", ROLES, explanation=_l("What the person may do in the app."),
                example=Role.MEMBER, required=True),
        _choice("Aktiv", "Active", "active", YES_NO,
                explanation=_l("No for a person who has left: they cannot sign in."),
                example=True),
    ),
)  # fmt: skip
AREAS = Sheet(
    "Områden",
    "Areas",
    ("code",),
    _l("The strategic areas the group has agreed on."),
    (
        Column("Kod", "Code", "code", Kind.CODE, _l("A short code that names the area."), "SO1",
               required=True),
        Column("Titel", "Title", "title", Kind.TEXT, _l("The area's title."),
               "Attraktiv arbetsgivare", required=True),
        Column("Målbild", "Goal", "goal", Kind.TEXT, _l("What success looks like."),
               "Fler söker sig till oss och stannar."),
        Column("Beskrivning", "Description", "description", Kind.TEXT,
               _l("What the area is about."), ""),
        Column("Huvudansvarig", "Lead owner", "lead", Kind.EMAIL,
               _l("The email of the area's lead owner."), "anna.berg@example.se", required=True),
        Column("Medansvariga", "Co-owners", "co_owners", Kind.EMAILS,
               _l("The emails of the area's co-owners."), ""),
        Column("Medverkande organisationer", "Contributing organisations", "organisations",
               Kind.CODES, _l("The codes of the organisations that contribute to the area."),
               "BUF"),
        Column("Ordningsföljd", "Order", "order", Kind.NUMBER,
               _l("The area's place in the lists: lower first."), 1),
        Column("Planen gäller från", "Plan begins", "plan_from", Kind.DATE,
               _l("The first day of the area's plan."), None),
        Column("Planen gäller till", "Plan ends", "plan_to", Kind.DATE,
               _l("The last day of the area's plan."), None),
        SINCE,
        ARCHIVED,
    ),
)  # fmt: skip
IMPROVEMENTS = Sheet(
    "Åtgärder",
    "Improvements",
    ("code",),
    _l("The improvements the group decided on, each under a strategic area."),
    (
        Column("Kod", "Code", "code", Kind.CODE, _l("A short code that names the improvement."),
               "SO1-01", required=True),
        Column("Område", "Strategic area", "area", Kind.CODE,
               _l("The code of the strategic area it belongs to."), "SO1", required=True),
        Column("Titel", "Title", "title", Kind.TEXT, _l("The improvement's title."),
               "Gemensam introduktion för nyanställda", required=True),
        Column("Beskrivning", "Description", "description", Kind.TEXT,
               _l("What is to be done."), ""),
        Column("Ansvarig", "Owner", "owner", Kind.EMAIL, _l("The email of the owner."),
               "anna.berg@example.se", required=True),
        Column("Ersättare", "Deputy", "deputy", Kind.EMAIL,
               _l("The email of the deputy, who may report on the owner's behalf."), None),
        Column("Organisation", "Organisation", "organisation", Kind.CODE,
               _l("The code of the responsible organisation; empty: the owner's."), "BUF"),
        Column("Medverkande organisationer", "Contributing organisations", "organisations",
               Kind.CODES, _l("The codes of the other organisations that contribute."), ""),
        Column("Start", "Start", "start", Kind.DATE, _l("The day the work begins."),
               date(2026, 2, 1)),
        Column("Klart senast", "Due", "due", Kind.DATE, _l("The day it is to be done by."),
               date(2026, 12, 31)),
        _choice("Läge", "State", "state", STATES, explanation=_l("Where the improvement is."),
                example=ImprovementState.ONGOING, required=True),
        Column("Avslutsnotering eller skäl", "Closing note or reason", "closing_note", Kind.TEXT,
               _l("Why it was closed as done, paused or cancelled."), ""),
        SINCE,
        ARCHIVED,
    ),
)  # fmt: skip


def _audience(swedish: str, english: str, name: str) -> Column:
    return _choice(
        swedish,
        english,
        name,
        AUDIENCES,
        explanation=_l("Who may read the text to the left; empty: the group only."),
        example=Audience.GROUP,
    )


# The columns a monthly update and an area assessment share.
PERIOD = Column(
    "Period", "Period", "period", Kind.MONTH, _l("The month reported on."), "2026-01", required=True
)
STATUS = _choice(
    "Status",
    "Status",
    "status",
    STATUSES,
    explanation=_l("The status that month; Grön, Gul and Röd are read too."),
    example=Status.ON_TRACK,
    required=True,
)
LATE = _choice(
    "Sen",
    "Late",
    "late",
    YES_NO,
    explanation=_l("Yes if the report came after the month's deadline."),
    example=False,
)

UPDATES = Sheet(
    "Uppföljning",
    "Updates",
    ("improvement", "period"),
    _l("The monthly updates: one row per improvement and month."),
    (
        Column("Åtgärd", "Improvement", "improvement", Kind.CODE,
               _l("The code of the improvement reported on."), "SO1-01", required=True),
        PERIOD,
        STATUS,
        Column("Framdrift (%)", "Progress (%)", "progress", Kind.NUMBER,
               _l("How far it has come, from 0 to 100."), 10),
        Column("Vad som har hänt", "What happened", "comment", Kind.TEXT,
               _l("What happened during the month."), "Introduktionen är planerad."),
        _audience("Vem får läsa vad som hänt", "Who may read what happened", "comment_audience"),
        Column("Nästa steg", "Next steps", "next_steps", Kind.TEXT, _l("What happens next."), ""),
        _audience("Vem får läsa nästa steg", "Who may read the next steps",
                  "next_steps_audience"),
        Column("Risker och hinder", "Risks and obstacles", "risks", Kind.TEXT,
               _l("What may stand in the way."), ""),
        _audience("Vem får läsa riskerna", "Who may read the risks", "risks_audience"),
        _choice("Behöver beslut i KLG", "Needs a decision by the group", "needs_decision",
                YES_NO, explanation=_l("Yes if the group must decide something."), example=False),
        Column("Vad behöver KLG besluta?", "What must the group decide?", "decision_text",
               Kind.TEXT, _l("What the group must decide (read by the group only)."), ""),
        _choice("Lyfts till politiken", "Raise to the politicians", "raise_to_politicians",
                YES_NO, explanation=_l("Yes if it is raised to the politicians."), example=False),
        Column("Varför lyfts frågan till politiken?", "Why is it raised to the politicians?",
               "politicians_text", Kind.TEXT, _l("Why it is raised to the politicians."), ""),
        Column("Rapporterad för", "Reported for", "organisation", Kind.CODE,
               _l("The code of the organisation reported for; empty: the improvement's."), None),
        Column("Rapporterad av", "Reported by", "author", Kind.EMAIL,
               _l("The email of the person who reported."), None),
        LATE,
    ),
)  # fmt: skip

ASSESSMENTS = Sheet(
    "Områdesbedömningar",
    "Area assessments",
    ("area", "period", "assessor"),
    _l("The area owners' monthly assessments of their areas: one row per area, month and "
       "owner."),
    (
        Column("Område", "Strategic area", "area", Kind.CODE,
               _l("The code of the strategic area assessed."), "SO1", required=True),
        PERIOD,
        Column("Bedömd av", "Assessed by", "assessor", Kind.EMAIL,
               _l("The email of the lead owner or co-owner who assessed the area that month."),
               "anna.berg@example.se", required=True),
        STATUS,
        Column("Kommentar", "Comment", "comment", Kind.TEXT,
               _l("The owner's comment on the whole area."), "Området följer planen."),
        Column("Bedömd för", "Assessed for", "organisation", Kind.CODE,
               _l("The code of the organisation assessed for; empty: the assessor's."), None),
        LATE,
    ),
)  # fmt: skip

SHEETS = (ORGANISATIONS, PEOPLE, AREAS, IMPROVEMENTS, UPDATES, ASSESSMENTS)
README = "Läs mig"


def sheet_named(name: object) -> Sheet | None:
    """The sheet a name names, in Swedish or English, whatever the case and spaces."""
    wanted = normal(name)
    return next((s for s in SHEETS if wanted in (normal(s.swedish), normal(s.english))), None)
