"""The data model: typed SQLAlchemy 2 models and their enums.

Models hold data and small derived properties. They never commit and never read the request;
the services in tracker.services change them.
"""

import datetime as dt
import enum
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from flask_login import UserMixin
from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Enum,
    ForeignKey,
    LargeBinary,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy import event as sa_event
from sqlalchemy import false as sa_false
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Mapped, MappedColumn, declared_attr, mapped_column, relationship

from tracker.extensions import db

# The enums with their words and colours, named here too (the `as` says so to the type checker).
from tracker.status import ImprovementState as ImprovementState
from tracker.status import Status as Status

if TYPE_CHECKING:
    # db.Model is made at run time from the declarative Base (with Flask-SQLAlchemy's table
    # naming and session binding); a type checker sees the Base it is made from.
    from tracker.extensions import Base as Model
else:
    Model = db.Model

# Length limits, shared by the services, the forms and the API schemas.
CODE_MAX = 20
NAME_MAX = 200
EMAIL_MAX = 254
TEXT_MAX = 10_000


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database.

    PostgreSQL keeps the zone; SQLite keeps none, so values are converted to UTC on the way in
    and marked UTC on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use an aware one (tracker.models.utcnow)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """A string column holding an enum's values (portable: no native enum type)."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=max(len(m.value) for m in enum_class),
        values_callable=_enum_values,
        validate_strings=True,
    )


def _enum_values(enum_class: type[enum.StrEnum]) -> list[str]:
    return [m.value for m in enum_class]


def link_table(name: str, owner_id: str, owner: str, other_id: str, other: str) -> Table:
    """A many-to-many link table: each row links a row of ``owner`` (and goes when it goes) to
    a row of ``other``."""
    return Table(
        name,
        db.metadata,
        Column(owner_id, ForeignKey(f"{owner}.id", ondelete="CASCADE"), primary_key=True),
        Column(other_id, ForeignKey(f"{other}.id"), primary_key=True),
    )


class OrganisationKind(enum.StrEnum):
    DEPARTMENT = "department"
    COMPANY = "company"
    CENTRAL = "central"


class Role(enum.StrEnum):
    ADMIN = "admin"
    MEMBER = "member"
    POLITICIAN = "politician"


# Still to be done: an improvement in one of these states can be overdue.
OVERDUE_STATES = (ImprovementState.PLANNED, ImprovementState.ONGOING)


def is_overdue(due: date | None, today: date, still_to_do: bool) -> bool:
    """The one definition of overdue: still to be done and its due date before ``today``
    (Stockholm's date, passed in: a model never reads the clock)."""
    return still_to_do and due is not None and due < today


class MeetingKind(enum.StrEnum):
    GROUP_MEETING = "group_meeting"
    DEVELOPMENT_DAY = "development_day"


class Audience(enum.StrEnum):
    """Who may read a text of an update: the group only (the default), the politicians too, or
    (a company's) commercially confidential, which never leaves the group."""

    GROUP = "group"
    POLITICIANS = "politicians"
    CONFIDENTIAL = "confidential"


def audience_column() -> MappedColumn[Audience]:
    return mapped_column(
        str_enum(Audience, "audience"), default=Audience.GROUP, server_default=Audience.GROUP.value
    )


class Versioned:
    """An editable row's version: SQLAlchemy raises it on every UPDATE and makes the UPDATE
    check it (``version_id_col``), so a save made from an older read changes nothing
    (StaleDataError); the forms and the API carry it to refuse a stale save (409)."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Coded(Versioned):
    """A row people name by its code (an organisation, an area, an improvement)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code}>"


class PortfolioItem(Coded):
    """What a strategic area and an improvement both are: a title and a description, and when
    it entered the portfolio (it is due reports and assessments only for periods whose
    deadline came after that)."""

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AgendaKind(enum.StrEnum):
    """Why an item is on a meeting's agenda (dagordning)."""

    STANDING = "standing"
    NEEDS_DECISION = "needs_decision"
    OFF_TRACK = "off_track"
    PAST_DUE = "past_due"
    MISSING_REPORTS = "missing_reports"
    OPEN_DECISION = "open_decision"
    OTHER = "other"


class TeamRole(enum.StrEnum):
    """Belbin's nine team roles (teamroller)."""

    PLANT = "plant"
    RESOURCE_INVESTIGATOR = "resource_investigator"
    CO_ORDINATOR = "co_ordinator"
    SHAPER = "shaper"
    MONITOR_EVALUATOR = "monitor_evaluator"
    TEAMWORKER = "teamworker"
    IMPLEMENTER = "implementer"
    COMPLETER_FINISHER = "completer_finisher"
    SPECIALIST = "specialist"


area_co_owner = link_table("area_co_owner", "area_id", "strategic_area", "person_id", "person")

area_organisation = link_table(
    "area_organisation", "area_id", "strategic_area", "organisation_id", "organisation"
)

improvement_organisation = link_table(
    "improvement_organisation", "improvement_id", "improvement", "organisation_id", "organisation"
)


class Organisation(Coded, Model):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind, "organisation_kind"))
    archived: Mapped[bool] = mapped_column(default=False)

    people: Mapped[list["Person"]] = relationship(back_populates="organisation")


class Person(UserMixin, Versioned, Model):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-case; unique; may change (the id is the stable identity).
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"), default=Role.MEMBER)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(8))
    # Single sign-on: the identity provider's stable subject identifier (``sub``) and the
    # issuer (``iss``) that gave it; a person is found by the two together.
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    external_issuer: Mapped[str | None] = mapped_column(String(255))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person was pseudonymised under a disposal decision (services/personal_data.py):
    # the name is a pseudonym, the email a stand-in, and they can never be active again.
    pseudonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised to end every session of the person at once (sign-out, a new password, a new
    # role, deactivation): a session names the generation it began in (get_id).
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the person last began a session, by any way of signing in (sessions.begin).
    last_signed_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The version is raised by a change to what the person is, not by sign-in or sign-out
    # (people.end_sessions).

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    team_roles: Mapped[list["TeamRoleResult"]] = relationship(
        back_populates="person", order_by="TeamRoleResult.rank", cascade="all, delete-orphan"
    )

    # Flask-Login: a deactivated person cannot sign in and loses any open session.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def get_id(self) -> str:
        """Flask-Login's alternative token: "<id>:<generation>". A session that names an
        earlier generation than the person's is signed out (tracker.views.auth.load_person)."""
        return f"{self.id}:{self.session_generation}"

    def __repr__(self) -> str:
        return f"<Person {self.email}>"


class StrategicArea(PortfolioItem, Model):
    __tablename__ = "strategic_area"

    goal: Mapped[str] = mapped_column(Text, default="")
    lead_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    order: Mapped[int] = mapped_column(default=0)
    plan_from: Mapped[date | None]
    plan_to: Mapped[date | None]
    archived: Mapped[bool] = mapped_column(default=False)

    lead: Mapped[Person] = relationship(foreign_keys=[lead_id])
    co_owners: Mapped[list[Person]] = relationship(secondary=area_co_owner, order_by=Person.name)
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=area_organisation, order_by=Organisation.name
    )
    improvements: Mapped[list["Improvement"]] = relationship(
        back_populates="area", order_by="Improvement.code"
    )

    __table_args__ = (
        CheckConstraint("plan_to IS NULL OR plan_from IS NULL OR plan_to >= plan_from", "plan"),
    )


class Improvement(PortfolioItem, Model):
    __tablename__ = "improvement"

    area_id: Mapped[int] = mapped_column(ForeignKey("strategic_area.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    # The responsible organisation; the service defaults it to the owner's.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    start: Mapped[date | None]
    due: Mapped[date | None]
    state: Mapped[ImprovementState] = mapped_column(
        str_enum(ImprovementState, "improvement_state"), default=ImprovementState.PLANNED
    )
    # Why it was closed as done, paused or cancelled.
    closing_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Archived: kept with its history, but out of the lists and never due a report.
    archived: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    area: Mapped[StrategicArea] = relationship(back_populates="improvements")
    owner: Mapped[Person] = relationship(foreign_keys=[owner_id])
    deputy: Mapped[Person | None] = relationship(foreign_keys=[deputy_id])
    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=improvement_organisation, order_by=Organisation.name
    )

    __table_args__ = (CheckConstraint("due IS NULL OR start IS NULL OR due >= start", "dates"),)

    def overdue(self, today: date) -> bool:
        """Planned or ongoing and past its due date on ``today``."""
        return is_overdue(self.due, today, self.state in OVERDUE_STATES)

    def __repr__(self) -> str:
        return f"<Improvement {self.code}>"


# The portfolio as it stood: a version of an item is what decides, for a period, whether the
# item was due a report and whose it was. A new version begins whenever one of those things
# changes (tracker.services.versions writes them in the flush of the change), so that nothing
# done today changes a month whose deadline has passed.


class Stood:
    """A row as something stood from ``valid_from`` until ``valid_to`` (None: still so)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_to: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImprovementVersion(Stood, Model):
    """An improvement as it stood."""

    __tablename__ = "improvement_version"

    improvement_id: Mapped[int] = mapped_column(ForeignKey("improvement.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("strategic_area.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    start: Mapped[date | None]
    state: Mapped[ImprovementState] = mapped_column(str_enum(ImprovementState, "improvement_state"))
    archived: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (db.Index("ix_improvement_version_item", "improvement_id", "valid_from"),)


area_version_co_owner = link_table(
    "area_version_co_owner", "area_version_id", "area_version", "person_id", "person"
)


class AreaVersion(Stood, Model):
    """A strategic area as it stood: its lead owner and co-owners, the start of its plan,
    archived or not."""

    __tablename__ = "area_version"

    area_id: Mapped[int] = mapped_column(ForeignKey("strategic_area.id", ondelete="CASCADE"))
    lead_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    plan_from: Mapped[date | None]
    archived: Mapped[bool] = mapped_column(default=False)

    co_owners: Mapped[list[Person]] = relationship(secondary=area_version_co_owner)

    __table_args__ = (db.Index("ix_area_version_item", "area_id", "valid_from"),)


class PersonVersion(Stood, Model):
    """A person's organisation as it stood: an area owner's missing assessment counts for the
    organisation they belonged to then."""

    __tablename__ = "person_version"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))

    __table_args__ = (db.Index("ix_person_version_item", "person_id", "valid_from"),)


class UpdateContent:
    """What a monthly update says (UPDATE_FIELDS): in the update, and as it was in each of its
    revisions."""

    status: Mapped[Status] = mapped_column(str_enum(Status, "status"))
    progress: Mapped[int] = mapped_column(default=0)
    comment: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    risks: Mapped[str] = mapped_column(Text, default="")
    needs_decision: Mapped[bool] = mapped_column(default=False)
    decision_text: Mapped[str] = mapped_column(Text, default="")
    raise_to_politicians: Mapped[bool] = mapped_column(default=False)
    politicians_text: Mapped[str] = mapped_column(Text, default="")
    # Who may read each of the texts; decision_text is the group's, politicians_text theirs.
    comment_audience: Mapped[Audience] = audience_column()
    next_steps_audience: Mapped[Audience] = audience_column()
    risks_audience: Mapped[Audience] = audience_column()


class StatusUpdate(UpdateContent, Model):
    """One improvement's monthly report for one period (a calendar month, YYYY-MM)."""

    __tablename__ = "status_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    improvement_id: Mapped[int] = mapped_column(ForeignKey("improvement.id"))
    period: Mapped[str] = mapped_column(String(7), index=True)
    # The responsible organisation as it was when reported; a reorganisation keeps history.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    # Made after the period's deadline.
    late: Mapped[bool] = mapped_column(default=False, server_default=sa_false())
    # Brought in by an import of the plan's workbook (services/plan_workbook), not reported here.
    imported: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    improvement: Mapped[Improvement] = relationship()
    organisation: Mapped[Organisation] = relationship()
    author: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("improvement_id", "period"),
        CheckConstraint("progress >= 0 AND progress <= 100", "progress"),
    )

    def __repr__(self) -> str:
        return f"<StatusUpdate {self.improvement_id} {self.period}>"


meeting_attendee = link_table("meeting_attendee", "meeting_id", "meeting", "person_id", "person")


class Meeting(Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(index=True)
    kind: Mapped[MeetingKind] = mapped_column(
        str_enum(MeetingKind, "meeting_kind"), default=MeetingKind.GROUP_MEETING
    )
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The message after the meeting as it was sent: the same words for everyone, kept.
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    message_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message_sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    attendees: Mapped[list[Person]] = relationship(secondary=meeting_attendee, order_by=Person.name)
    message_sent_by: Mapped[Person | None] = relationship()
    decisions: Mapped[list["Decision"]] = relationship(
        back_populates="meeting", order_by="Decision.id"
    )
    agenda: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.date}>"


class Decision(Model):
    """A decision of the group at a meeting: who carries it out, by when; it comes back at
    every later meeting until it is closed."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    responsible_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    due: Mapped[dt.date | None]
    improvement_id: Mapped[int | None] = mapped_column(ForeignKey("improvement.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closing_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
    responsible: Mapped[Person] = relationship()
    improvement: Mapped[Improvement | None] = relationship()

    @property
    def open(self) -> bool:
        return self.closed_at is None

    def overdue(self, today: dt.date) -> bool:
        """Not closed and past its due date on ``today``."""
        return is_overdue(self.due, today, self.open)


class AgendaItem(Model):
    """One item on a meeting's agenda, in the chair's order. Items proposed from the
    exceptions keep what they are about (an improvement or a decision)."""

    __tablename__ = "agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int]
    kind: Mapped[AgendaKind] = mapped_column(str_enum(AgendaKind, "agenda_kind"))
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    improvement_id: Mapped[int | None] = mapped_column(ForeignKey("improvement.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    # A standing item's stable name ("opening", ...), whatever language its title is in.
    key: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # A proposed item the chair removed: kept, hidden, so that it is not proposed again.
    dismissed: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    improvement: Mapped[Improvement | None] = relationship()
    decision: Mapped[Decision | None] = relationship()


class TeamRoleResult(Model):
    """One of a group member's strongest Belbin team roles (rank 1 is the strongest): the
    results only, never the questionnaire. Never shown to politicians."""

    __tablename__ = "team_role_result"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[TeamRole] = mapped_column(str_enum(TeamRole, "team_role"))

    person: Mapped[Person] = relationship(back_populates="team_roles")

    __table_args__ = (UniqueConstraint("person_id", "role"),)


class AuditEvent(Model):
    """Who changed what, when: written by the services in the transaction of the change.

    Append-only: the database refuses UPDATE and DELETE (APPEND_ONLY below). One row per
    changed field (or one row without a field for a create or an archive). The item and any
    value that names a person, an area, an improvement or an organisation are kept as ids and
    named when shown (services/history.py), so that a name is stored in one place: the row.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # None when the change came from the system (for example the demo loader).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column()
    entity_label: Mapped[str] = mapped_column(String(EMAIL_MAX), default="")
    field: Mapped[str | None] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    # Set when the values name rows: the table they are in; the values are then their ids,
    # comma-separated ("" for an empty list).
    value_kind: Mapped[str | None] = mapped_column(String(40))

    actor: Mapped[Person | None] = relationship()

    __table_args__ = (db.Index("ix_audit_event_entity", "entity_type", "entity_id"),)


# The history is append-only in the database itself, whoever connects: made with the table
# (create_all) and by migration 0011. A later migration that rebuilds audit_event on SQLite
# (batch mode with a copy) drops its triggers and must make them again.
APPEND_ONLY = {
    "sqlite": (
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION USING MESSAGE = "
        "'audit_event is append-only: ' || TG_OP || ' refused'; END $$",
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
        "ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
    ),
}


@sa_event.listens_for(AuditEvent.__table__, "after_create")
def _append_only(_table: Table, connection: Connection, **_kw: object) -> None:
    for statement in APPEND_ONLY.get(connection.dialect.name, ()):
        connection.exec_driver_sql(statement)


class ApiToken(Model):
    """A personal access token for the JSON API. Only a hash of the secret is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # SHA-256 of the secret: tokens are long random strings, so a fast hash is enough.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} of {self.person_id}>"


# The texts of an update, as kept in every revision.
UPDATE_TEXTS = ("comment", "next_steps", "risks", "decision_text", "politicians_text")
UPDATE_FIELDS = (
    "status",
    "progress",
    "comment",
    "next_steps",
    "risks",
    "needs_decision",
    "decision_text",
    "raise_to_politicians",
    "politicians_text",
    "comment_audience",
    "next_steps_audience",
    "risks_audience",
)
# The texts whose readers are chosen, and the field that holds each one's audience.
AUDIENCE_FIELDS = {
    "comment": "comment_audience",
    "next_steps": "next_steps_audience",
    "risks": "risks_audience",
}


class UpdateRevision(UpdateContent, Model):
    """An update as it was saved, once per save: every revision is kept."""

    __tablename__ = "update_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("status_update.id"), index=True)
    version: Mapped[int]
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("update_id", "version"),)


class AreaAssessment(Model):
    """An area owner's monthly assessment of the whole area (lead owner and each co-owner)."""

    __tablename__ = "area_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("strategic_area.id"))
    period: Mapped[str] = mapped_column(String(7), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    # The assessor's organisation as it was, so that history is not rewritten.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    status: Mapped[Status] = mapped_column(str_enum(Status, "status"))
    comment: Mapped[str] = mapped_column(Text, default="")
    late: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    area: Mapped[StrategicArea] = relationship()
    person: Mapped[Person] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("area_id", "period", "person_id"),)


class PeriodReopening(Model):
    """An admin reopened a period: reports in it can be made and revised until ``until``."""

    __tablename__ = "period_reopening"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), unique=True)
    until: Mapped[date]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Reminder(Model):
    """A reminder sent to a person about a period; at most one per person, period and day."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    period: Mapped[str] = mapped_column(String(7))
    sent_on: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    items: Mapped[int] = mapped_column(default=0)

    person: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("person_id", "period", "sent_on"),)


class PublishedReport(Model):
    """A summary for a period as an admin published it (fastställd rapport): the page and the
    PDF are stored as they were made, so that they never change; a correction is a new
    version beside it."""

    __tablename__ = "published_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    version: Mapped[int]
    registration_number: Mapped[str] = mapped_column(String(NAME_MAX), default="")
    published_on: Mapped[date]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    locale: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    # The summary as shown: the page's content and its styles, the whole document (styles
    # inlined), the PDF. Loaded only when asked for: lists of reports do not carry them.
    body: Mapped[str] = mapped_column(Text, deferred=True)
    styles: Mapped[str] = mapped_column(Text, deferred=True)
    document: Mapped[str] = mapped_column(Text, deferred=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    published_by: Mapped[Person | None] = relationship()

    __table_args__ = (UniqueConstraint("period", "version"),)

    def __repr__(self) -> str:
        return f"<PublishedReport {self.period} v{self.version}>"


class SignInAttempt(Model):
    """One try at the sign-in form, kept for the throttling (tracker.services.sign_ins) and
    deleted after a day. ``email`` is what was typed (lower-case), known or not; a refused try
    is logged, not kept."""

    __tablename__ = "sign_in_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX))
    # An IPv4 address or an IPv6 /64 network (sign_ins._place).
    address: Mapped[str] = mapped_column(String(64))
    # failed (also while the password is being checked) or succeeded
    outcome: Mapped[str] = mapped_column(String(12))

    __table_args__ = (
        db.Index("ix_sign_in_attempt_email_at", "email", "at"),
        db.Index("ix_sign_in_attempt_address_at", "address", "at"),
    )


class SignInLink(Model):
    """A single-use link that lets a person in without a password they know: an invitation
    (set a first password), a password reset, or a sign-in link from the command line. Only
    a hash of the link's secret is kept; a link is void once used, when it expires, and when
    a newer link of the same purpose is made for the person (services.sign_in_links)."""

    __tablename__ = "sign_in_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # invitation, reset or login
    purpose: Mapped[str] = mapped_column(String(12))
    # SHA-256 of the secret: a long random string, so a fast hash is enough.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who made it: an admin for an invitation; None for a reset asked for on the sign-in page
    # and a link made on the command line.
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    # Sent by email (True), or shown once to the admin to pass on by hand (False).
    emailed: Mapped[bool] = mapped_column(default=False)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])

    def __repr__(self) -> str:
        return f"<SignInLink {self.purpose} {self.id} of {self.person_id}>"


class KeptForm(Model):
    """What a person posted after their session had ended, kept until they sign in again and
    are brought back to the page with it (tracker.sessions); deleted when used or after a
    day."""

    __tablename__ = "kept_form"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(500))
    # The posted fields as JSON: {name: [values]}, without the CSRF token.
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ImportUpload(Model):
    """A workbook uploaded to /import, kept between its preview and the admin's confirmation
    (the app's servers share only the database): only its uploader imports it; deleted when
    imported or after a day."""

    __tablename__ = "import_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
