"""The resources' field lists: one marshmallow schema per resource (organisation, person,
strategic area, improvement) that dumps the model and validates what comes in. The API serves
them (tracker.api.schemas adds the rest of its document); the edit views fill their forms with
``values`` and send the same fields to the services. References are natural keys: an email for
a person, a code for the rest. Unknown fields are refused (marshmallow's default, RAISE); the
API's PATCH forms of these schemas are in tracker.api.schemas.
"""

import enum

from marshmallow import Schema, fields, validate

from tracker.models import (
    CODE_MAX,
    EMAIL_MAX,
    NAME_MAX,
    TEXT_MAX,
    ImprovementState,
    OrganisationKind,
    Role,
)
from tracker.services.validate import CODE_RE


class WholeRegexp(validate.Regexp):
    """A pattern the whole value must match: "$" alone would let a trailing newline through."""

    def __call__(self, value):
        if self.regex.fullmatch(value) is None:
            raise validate.ValidationError(self._format_error(value))
        return value


class Keyed:
    """A reference by natural key: it loads the key as the client sends it, and dumps the
    related model (or a list of them) by its key attribute, ``key`` ("code" or "email")."""

    def __init__(self, *args, key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key

    def _serialize(self, value, attr, obj, **kwargs):
        if self.key is not None and value is not None:
            value = getattr(value, self.key)
        return super()._serialize(value, attr, obj, **kwargs)


class KeyString(Keyed, fields.String):
    pass


class KeyEmail(Keyed, fields.Email):
    pass


class Count(fields.Integer):
    """Dumps how many items a list attribute holds."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(None if value is None else len(value), attr, obj, **kwargs)


def values(schema: Schema, obj) -> dict:
    """What ``schema`` dumps of ``obj``, as Python values rather than JSON: references as their
    natural keys, choices as their values, dates as dates. An edit form starts from it and
    compares what is sent with it."""
    return {
        name: _value(field, field.get_value(obj, name, accessor=schema.get_attribute))
        for name, field in schema.dump_fields.items()
    }


def _value(field, value):
    if value is None:
        return None
    if isinstance(field, fields.List):
        return [_value(field.inner, item) for item in value]
    if isinstance(field, Keyed) and field.key is not None:
        return getattr(value, field.key)
    return value.value if isinstance(value, enum.Enum) else value


def version_field():
    return fields.Integer(
        dump_only=True,
        metadata={
            "description": "Raised by every change. Send it back with a PATCH (or as If-Match) "
            "to change only what you read: 409 if someone changed it since."
        },
    )


def code_field(**kw):
    return KeyString(validate=[validate.Length(1, CODE_MAX), WholeRegexp(CODE_RE.pattern)], **kw)


def name_field(**kw):
    # Not blank: at least one character that is not white space.
    return fields.String(validate=[validate.Length(1, NAME_MAX), validate.Regexp(r"\s*\S")], **kw)


def email_field(**kw):
    return KeyEmail(validate=validate.Length(3, EMAIL_MAX), **kw)


def text_field(**kw):
    return fields.String(validate=validate.Length(max=TEXT_MAX), **kw)


def choice(enum_class, **kw):
    return fields.String(validate=validate.OneOf([m.value for m in enum_class]), **kw)


class OrganisationSchema(Schema):
    code = code_field(required=True)
    name = name_field(required=True)
    kind = choice(OrganisationKind, required=True)
    archived = fields.Boolean()
    version = version_field()


class PersonSchema(Schema):
    id = fields.Integer(dump_only=True, metadata={"description": "Stable; the email may change."})
    email = email_field(required=True)
    name = name_field(required=True)
    title = fields.String(validate=validate.Length(max=NAME_MAX))
    organisation = code_field(
        key="code", allow_none=True, metadata={"description": "Organisation code."}
    )
    role = choice(Role, required=True)
    active = fields.Boolean()
    locale = fields.String(allow_none=True, validate=validate.OneOf(["sv", "en"]))
    external_id = fields.String(
        allow_none=True,
        validate=validate.Length(1, 255),
        metadata={"description": "The identity provider's subject, for single sign-on."},
    )
    version = version_field()


class AreaSchema(Schema):
    code = code_field(required=True)
    title = name_field(required=True)
    description = text_field()
    goal = text_field()
    lead = email_field(
        key="email", required=True, metadata={"description": "The lead owner's email."}
    )
    co_owners = fields.List(email_field(key="email"), validate=validate.Length(max=50))
    organisations = fields.List(code_field(key="code"), validate=validate.Length(max=50))
    order = fields.Integer(validate=validate.Range(min=0, max=100_000))
    plan_from = fields.Date(allow_none=True)
    plan_to = fields.Date(allow_none=True)
    archived = fields.Boolean()
    version = version_field()


class ImprovementSchema(Schema):
    code = code_field(required=True)
    area = code_field(
        key="code", required=True, metadata={"description": "The strategic area's code."}
    )
    title = name_field(required=True)
    description = text_field()
    owner = email_field(key="email", required=True)
    deputy = email_field(key="email", allow_none=True)
    organisation = code_field(
        key="code",
        allow_none=True,
        metadata={"description": "Responsible organisation's code; defaults to the owner's."},
    )
    organisations = fields.List(code_field(key="code"), validate=validate.Length(max=50))
    start = fields.Date(allow_none=True)
    due = fields.Date(allow_none=True)
    state = choice(ImprovementState)
    closing_note = text_field(
        metadata={
            "description": "Needed to close as done (what was achieved), paused or cancelled (why)."
        }
    )
    archived = fields.Boolean()
    version = version_field()
