"""The API's marshmallow schemas: they validate what comes in, shape what goes out and generate
the OpenAPI document. The resources' own schemas (one field list each) are in tracker.schemas;
here are their PATCH and list forms and everything else the API reads and answers.

Unknown fields are refused (marshmallow's default, RAISE). A PATCH uses the same schema with
partial=True, so every field is optional there.
"""

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from tracker.models import (
    NAME_MAX,
    Audience,
    MeetingKind,
    Status,
)
from tracker.schemas import (
    AreaSchema,
    Count,
    ImprovementSchema,
    KeyString,
    OrganisationSchema,
    PersonSchema,
    WholeRegexp,
    choice,
    code_field,
    email_field,
    name_field,
    text_field,
)
from tracker.services.periods import NOT_A_MONTH, NOT_A_SPAN, PERIOD_RE, SPAN_RE
from tracker.status import STATUSES


class ProblemSchema(Schema):
    """An error, as application/problem+json (RFC 9457). A 409 about an update also carries
    the current ``id`` and ``version``; a 409 on a PATCH with a stale version, the current
    ``version``."""

    class Meta:
        unknown = "include"

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "One message per invalid field."},
    )
    id = fields.Integer(metadata={"description": "409 on an update: the current update's id."})
    version = fields.Integer(
        metadata={"description": "409 on a stale version: the current version."}
    )
    problems = fields.List(
        fields.Nested(lambda: ImportProblemSchema()),
        metadata={"description": "422 on an import: each error at its sheet, row and column."},
    )


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class HistoryEventSchema(Schema):
    """One event of the history (services.history.Entry): what it names, named now."""

    at = fields.DateTime(
        attribute="event.at", required=True, metadata={"description": "When, in UTC."}
    )
    actor = fields.String(
        attribute="actor_key",
        allow_none=True,
        required=True,
        metadata={"description": "Who: an email; null for the system."},
    )
    action = fields.String(attribute="event.action", required=True, metadata={"example": "update"})
    field = fields.String(attribute="event.field", allow_none=True, required=True)
    old = fields.String(
        attribute="old_key",
        allow_none=True,
        required=True,
        metadata={"description": "The value before: people by email, the rest by code."},
    )
    new = fields.String(attribute="new_key", allow_none=True, required=True)


class HistorySchema(Schema):
    items = fields.List(fields.Nested(HistoryEventSchema), required=True)


PERIOD = WholeRegexp(PERIOD_RE.pattern, error=NOT_A_MONTH)


AUDIENCE_HELP = (
    "Who may read the text: group (the default), politicians (the group and the politicians) "
    "or confidential (a company's commercially confidential text, the group only)."
)


class UpdateFieldsSchema(Schema):
    status = choice(Status, required=True)
    progress = fields.Integer(required=True, strict=True, validate=validate.Range(0, 100))
    comment = text_field(metadata={"description": "What happened."})
    next_steps = text_field()
    risks = text_field()
    needs_decision = fields.Boolean()
    decision_text = text_field(metadata={"description": "What the group must decide."})
    raise_to_politicians = fields.Boolean()
    politicians_text = text_field(metadata={"description": "Why it is raised to the politicians."})
    comment_audience = choice(Audience, metadata={"description": AUDIENCE_HELP})
    next_steps_audience = choice(Audience, metadata={"description": AUDIENCE_HELP})
    risks_audience = choice(Audience, metadata={"description": AUDIENCE_HELP})


class UpdateSchema(UpdateFieldsSchema):
    id = fields.Integer(dump_only=True)
    improvement = KeyString(
        key="code", dump_only=True, metadata={"description": "The improvement's code."}
    )
    period = fields.String(required=True, validate=PERIOD)
    organisation = KeyString(key="code", dump_only=True, metadata={"description": "Reported for."})
    author = KeyString(key="email", dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    version = fields.Integer(dump_only=True)
    late = fields.Boolean(dump_only=True)


class UpdatePatchSchema(UpdateFieldsSchema):
    version = fields.Integer(
        required=True, metadata={"description": "The version you read; a stale one gets 409."}
    )

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = tuple(f for f in UpdateFieldsSchema._declared_fields)
        super().__init__(*args, **kwargs)


class UpdateQueryArgs(PageArgs):
    period = fields.String(required=True, validate=PERIOD)
    improvement = code_field()


class PeriodArgs(Schema):
    period = fields.String(required=True, validate=PERIOD)


class TallySchema(Schema):
    due = fields.Integer(required=True)
    reported = fields.Integer(required=True)
    late = fields.Integer(required=True)
    missing = fields.Integer(required=True)


class PairTallySchema(TallySchema):
    """Dumps a (model, tally) pair: the field named ``KEY`` is the model, the rest the tally's."""

    KEY = ""

    def get_attribute(self, obj, attr, default):
        model, tally = obj
        return model if attr == self.KEY else super().get_attribute(tally, attr, default)


class OrganisationTallySchema(PairTallySchema):
    KEY = "organisation"
    organisation = KeyString(key="code", allow_none=True, required=True)


class PersonTallySchema(PairTallySchema):
    KEY = "person"
    person = KeyString(key="email", required=True)


class MissingSchema(Schema):
    """What the missing reports are: the same count on every page and in every answer."""

    improvement_reports = Count(attribute="reports", required=True)
    area_assessments = Count(attribute="assessments", required=True)
    total = fields.Integer(required=True)


class CompletenessSchema(Schema):
    period = fields.String(required=True)
    total = fields.Nested(TallySchema, required=True)
    missing = fields.Nested(MissingSchema, required=True)
    organisations = fields.List(fields.Nested(OrganisationTallySchema), required=True)
    people = fields.List(fields.Nested(PersonTallySchema), required=True)


# One count per status, in the vocabulary's order, not reported last.
StatusCountSchema = Schema.from_dict(
    {key: fields.Integer(required=True) for key in STATUSES}, name="StatusCountSchema"
)


class AreaCountSchema(StatusCountSchema):
    code = fields.String(required=True)


class OrganisationCountSchema(StatusCountSchema):
    code = fields.String(required=True)


class DashboardSchema(Schema):
    period = fields.String(required=True)
    areas = fields.List(fields.Nested(AreaCountSchema), required=True)
    organisations = fields.List(
        fields.Nested(OrganisationCountSchema),
        required=True,
        metadata={"description": "Counted by the responsible organisation."},
    )
    completeness = fields.Nested(TallySchema, required=True)
    missing = fields.Nested(MissingSchema, required=True)


class MeetingSchema(Schema):
    id = fields.Integer(dump_only=True)
    date = fields.Date(required=True)
    kind = choice(MeetingKind, load_default="group_meeting")
    title = name_field(required=True)
    place = fields.String(validate=validate.Length(max=NAME_MAX))
    notes = text_field()
    attendees = fields.List(email_field(), validate=validate.Length(max=100))


class ChangeItemSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    area = fields.String(required=True)
    before = fields.String()
    now = fields.String()
    direction = fields.String(metadata={"description": "better or worse"})
    due = fields.Date()
    risks = fields.String()


class DecisionDueSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)
    responsible = fields.String(required=True, metadata={"description": "email"})
    due = fields.Date(required=True)
    meeting = fields.Integer(required=True, metadata={"description": "the deciding meeting's id"})
    improvement = fields.String(allow_none=True)
    open = fields.Boolean(required=True)


class ChangesSchema(Schema):
    since = fields.Date(required=True, allow_none=True)
    until = fields.Date(required=True)
    changes = fields.List(fields.Nested(ChangeItemSchema), required=True)
    off_track = fields.List(fields.Nested(ChangeItemSchema), required=True)
    finished = fields.List(fields.Nested(ChangeItemSchema), required=True)
    past_due = fields.List(fields.Nested(ChangeItemSchema), required=True)
    risks = fields.List(fields.Nested(ChangeItemSchema), required=True)
    decisions_due = fields.List(fields.Nested(DecisionDueSchema), required=True)


def patch_of(schema_class, name):
    """The same fields, all optional: PATCH changes only the fields it is given; and the
    version the client read, if it gives one."""

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True
        schema_class.__init__(self, *args, **kwargs)

    version = fields.Integer(
        validate=validate.Range(1, 2**31 - 1),
        metadata={
            "description": "The version you read: 409 (with the current version) if it has "
            "another one now, and nothing is changed. Or send it as If-Match; without either, "
            "the fields are changed whatever the version."
        },
    )
    return type(name, (schema_class,), {"__init__": __init__, "version": version})


OrganisationPatchSchema = patch_of(OrganisationSchema, "OrganisationPatchSchema")
PersonPatchSchema = patch_of(PersonSchema, "PersonPatchSchema")
AreaPatchSchema = patch_of(AreaSchema, "AreaPatchSchema")
ImprovementPatchSchema = patch_of(ImprovementSchema, "ImprovementPatchSchema")


def collection(item_schema, name):
    """{"items": [...], "total": N}: one page of a collection and the size of the whole."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "total": fields.Integer(required=True),
        },
        name=name,
    )


OrganisationList = collection(OrganisationSchema, "OrganisationList")
PersonList = collection(PersonSchema, "PersonList")
AreaList = collection(AreaSchema, "AreaList")
ImprovementList = collection(ImprovementSchema, "ImprovementList")
UpdateList = collection(UpdateSchema, "UpdateList")
MeetingList = collection(MeetingSchema, "MeetingList")


SPAN = WholeRegexp(SPAN_RE.pattern, error=NOT_A_SPAN)


class SpanArgs(Schema):
    period = fields.String(required=True, validate=SPAN)


class SummaryTextSchema(Schema):
    improvement = fields.String(required=True, metadata={"description": "The improvement's code."})
    title = fields.String(required=True)
    text = fields.String(required=True)


class SummaryAreaSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    goal = fields.String(required=True)
    status = fields.String(allow_none=True, required=True)
    status_by = fields.String(
        required=True, metadata={"description": "lead_owner (an assessment) or improvements"}
    )
    trend = fields.String(
        allow_none=True, required=True, metadata={"description": "better, unchanged or worse"}
    )
    progress = fields.Integer(allow_none=True, required=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    achieved = fields.List(fields.Nested(SummaryTextSchema), required=True)
    next_steps = fields.List(fields.Nested(SummaryTextSchema), required=True)
    risks = fields.List(fields.Nested(SummaryTextSchema), required=True)
    questions = fields.List(fields.Nested(SummaryTextSchema), required=True)


class SummarySchema(Schema):
    period = fields.String(required=True)
    months = fields.List(fields.String(), required=True)
    live = fields.Boolean(required=True, metadata={"description": "Always true: see /reports."})
    areas = fields.List(fields.Nested(SummaryAreaSchema), required=True)


class ReportSchema(Schema):
    id = fields.Integer(required=True)
    period = fields.String(required=True)
    version = fields.Integer(required=True)
    registration_number = fields.String(required=True)
    published_on = fields.Date(required=True)
    note = fields.String(required=True)
    pdf = fields.String(required=True, metadata={"description": "Where the PDF is."})
    document = fields.String(required=True, metadata={"description": "The report as HTML."})


class ReportList(Schema):
    items = fields.List(fields.Nested(ReportSchema), required=True)
    total = fields.Integer(required=True)


class PersonCreateSchema(PersonSchema):
    invite = fields.Boolean(
        load_only=True,
        metadata={
            "description": "Invite the person to choose a password: an email in their language "
            "with a single-use link that works for 7 days. Without a mail server (or when it "
            "refuses the email) the answer's `invitation.url` is the link, given only here."
        },
    )


class InvitationSchema(Schema):
    emailed = fields.Boolean(required=True)
    expires_at = fields.DateTime(required=True)
    url = fields.String(
        allow_none=True,
        metadata={"description": "Only when it was not emailed: to pass on by hand, once."},
    )


class PersonCreatedSchema(PersonSchema):
    invitation = fields.Nested(
        InvitationSchema,
        allow_none=True,
        dump_only=True,
        metadata={"description": "The invitation, when one was asked for."},
    )


class ImportArgs(Schema):
    dry_run = fields.Boolean(
        load_default=False,
        metadata={"description": "true: answer what the import would do, and write nothing."},
    )


class ImportFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={"description": "The workbook (.xlsx), a CSV file named for its sheet, or a zip "
                  "of CSV files (docs/workbook.md)."},
    )  # fmt: skip


class ImportProblemSchema(Schema):
    """An error (or a note) at a sheet's row and column, as the spreadsheet shows them; row 0
    is the sheet itself."""

    sheet = fields.String(required=True)
    row = fields.Integer(required=True)
    column = fields.String(required=True)
    message = fields.String(required=True)


class ImportChangeSchema(Schema):
    column = fields.String(required=True)
    old = fields.String(required=True)
    new = fields.String(required=True)


class ImportChangedSchema(Schema):
    key = fields.String(required=True, metadata={"description": "The row's code or email."})
    row = fields.Integer(required=True)
    fields_ = fields.List(fields.Nested(ImportChangeSchema), required=True, data_key="fields")


class ImportSheetSchema(Schema):
    sheet = fields.String(required=True, metadata={"description": "The sheet's name in the file."})
    rows = fields.Integer(required=True, metadata={"description": "The rows read."})
    created = fields.List(fields.String(), required=True)
    changed = fields.List(fields.Nested(ImportChangedSchema), required=True)
    unchanged = fields.List(fields.String(), required=True)


class ImportPreviewSchema(Schema):
    """What an import did (or, as a dry run, would do), per sheet."""

    dry_run = fields.Boolean(required=True)
    written = fields.Boolean(required=True, metadata={"description": "Whether it was written."})
    rows = fields.Integer(required=True)
    sheets = fields.List(fields.Nested(ImportSheetSchema), required=True)
    errors = fields.List(fields.Nested(ImportProblemSchema), required=True)
    notes = fields.List(fields.Nested(ImportProblemSchema), required=True)
