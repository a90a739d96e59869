"""WTForms classes: the shape of input only. Rules that need the database live in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.models import CODE_MAX, EMAIL_MAX, NAME_MAX, TEXT_MAX


class LoginForm(FlaskForm):
    email = StringField(
        _l("Email"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "inputmode": "email", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class LanguageForm(FlaskForm):
    locale = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class TokenForm(FlaskForm):
    name = StringField(
        _l("What is the token for?"),
        validators=[DataRequired(_l("Give the token a name.")), Length(max=100)],
    )
    days = SelectField(
        _l("Valid for"),
        choices=[
            SelectChoice("30", _l("30 days")),
            SelectChoice("90", _l("90 days")),
            SelectChoice("365", _l("1 year")),
        ],
        default="90",
    )


# The portfolio. Choices (people, organisations, areas) are set by the view; a form never
# queries the database.

OPTIONAL_DATE = [Optional()]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes, rendered in a fieldset by the forms macro."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _code_field():
    return StringField(
        _l("Code"),
        validators=[DataRequired(_l("Enter a code.")), Length(max=CODE_MAX)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )


class OrganisationForm(FlaskForm):
    code = _code_field()
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=NAME_MAX)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("department", _l("Department")),
            SelectChoice("company", _l("Company")),
            SelectChoice("central", _l("Central office")),
        ],
    )


class PersonForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=NAME_MAX)]
    )
    email = StringField(
        _l("Email"),
        validators=[DataRequired(_l("Enter an email address.")), Length(max=EMAIL_MAX)],
        render_kw={"autocomplete": "off", "inputmode": "email", "spellcheck": "false"},
    )
    title = StringField(_l("Title"), validators=[Length(max=NAME_MAX)])
    organisation = SelectField(_l("Organisation"))
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("member", _l("Group member")),
            SelectChoice("admin", _l("Administrator")),
            SelectChoice("politician", _l("Politician")),
        ],
    )
    locale = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("The person's own choice")),
            SelectChoice("sv", "Svenska"),
            SelectChoice("en", "English"),
        ],
    )


class AreaTextForm(FlaskForm):
    description = TextAreaField(_l("Description"), validators=[Length(max=TEXT_MAX)])
    goal = TextAreaField(_l("Goal"), validators=[Length(max=TEXT_MAX)])


class AreaForm(AreaTextForm):
    code = _code_field()
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=NAME_MAX)]
    )
    lead = SelectField(_l("Lead owner"), validators=[DataRequired(_l("Choose the lead owner."))])
    co_owners = MultiCheckboxField(_l("Co-owners"))
    organisations = MultiCheckboxField(_l("Contributing organisations"))
    order = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(0, 100_000)])
    plan_from = DateField(_l("Plan period from"), validators=OPTIONAL_DATE)
    plan_to = DateField(_l("Plan period to"), validators=OPTIONAL_DATE)


STATE_CHOICES = [
    SelectChoice("planned", _l("Planned")),
    SelectChoice("ongoing", _l("Ongoing")),
    SelectChoice("done", _l("Done")),
    SelectChoice("paused", _l("Paused")),
    SelectChoice("cancelled", _l("Cancelled")),
]


class ImprovementOwnerForm(FlaskForm):
    description = TextAreaField(_l("Description"), validators=[Length(max=TEXT_MAX)])
    start = DateField(_l("Start"), validators=OPTIONAL_DATE)
    due = DateField(_l("Due"), validators=OPTIONAL_DATE)
    state = SelectField(_l("State"), choices=STATE_CHOICES)


class ImprovementForm(ImprovementOwnerForm):
    code = _code_field()
    area = SelectField(_l("Strategic area"), validators=[DataRequired(_l("Choose an area."))])
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=NAME_MAX)]
    )
    owner = SelectField(_l("Owner"), validators=[DataRequired(_l("Choose the owner."))])
    deputy = SelectField(_l("Deputy"))
    organisation = SelectField(_l("Responsible organisation"))
    organisations = MultiCheckboxField(_l("Contributing organisations"))


class HistoryFilterForm(FlaskForm):
    """The admin's history log filter, read from the URL (GET, no CSRF)."""

    class Meta:
        csrf = False

    person = SelectField(_l("Made by"), validators=[Optional()])
    item = StringField(_l("Item (code or email)"), validators=[Optional(), Length(max=254)])
    date_from = DateField(_l("From"), validators=OPTIONAL_DATE)
    date_to = DateField(_l("To"), validators=OPTIONAL_DATE)
