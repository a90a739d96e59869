"""WTForms classes: the shape of input only. Rules that need the database live in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm as _FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.boundary import refused
from tracker.i18n import AUDIENCE_LABELS, KIND_LABELS, MEETING_KIND_LABELS, ROLE_LABELS
from tracker.models import (
    CODE_MAX,
    EMAIL_MAX,
    NAME_MAX,
    TEXT_MAX,
    ImprovementState,
    MeetingKind,
    OrganisationKind,
    Role,
)
from tracker.services.validate import refused_characters
from tracker.status import STATE_LABELS, STATUS_LABELS, Status


class FlaskForm(_FlaskForm):
    """Every form of the app: Flask-WTF's, with the characters of its text checked by the
    services' rule (validate.refused_characters). A one-line field (a name, a title, a code, an
    email) takes no control character, no half of a UTF-16 pair and no bidirectional override;
    a long text (and a password) may hold tabs and line breaks. Hidden fields are the views'."""

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field, StringField) or isinstance(field, HiddenField):
                continue
            if not isinstance(field.data, str):
                continue
            long_text = isinstance(field, TextAreaField | PasswordField)
            if message := refused_characters(field.data, one_line=not long_text):
                field.errors = [*field.errors, str(message)]
                valid = False
        if not valid:
            refused()
        return valid


def labelled(labels: dict, *keys) -> list[SelectChoice]:
    """The choices of a vocabulary, in its words: those of ``keys`` in that order, or all."""
    return [SelectChoice(key.value, labels[key]) for key in keys or labels]


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


class PasswordForm(FlaskForm):
    """A person's own new password, on their profile: the current one first."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password.")), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("The new password again"),
        validators=[EqualTo("password", _l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChoosePasswordForm(FlaskForm):
    """A password chosen through an invitation or a reset link (sign_in_links)."""

    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter a password.")), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    password_again = PasswordField(
        _l("The password again"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class ForgotPasswordForm(FlaskForm):
    email = StringField(
        _l("Email"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
        render_kw={"autocomplete": "username", "inputmode": "email", "spellcheck": "false"},
    )


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
    # The version the form was opened at (an edit form's; empty when adding).
    version = HiddenField()
    code = _code_field()
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter a name.")), Length(max=NAME_MAX)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=labelled(KIND_LABELS, *OrganisationKind),
    )


class PersonForm(FlaskForm):
    version = HiddenField()
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
        choices=labelled(ROLE_LABELS, Role.MEMBER, Role.ADMIN, Role.POLITICIAN),
    )
    locale = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("The person's own choice")),
            SelectChoice("sv", "Svenska"),
            SelectChoice("en", "English"),
        ],
    )
    # Only on the page that adds a person.
    invite = BooleanField(_l("Send an invitation"), default=True)


class AreaTextForm(FlaskForm):
    version = HiddenField()
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
    order = IntegerField(_l("Order"), validators=[Optional(), NumberRange(0, 100_000)])
    plan_from = DateField(_l("Plan begins"), validators=OPTIONAL_DATE)
    plan_to = DateField(_l("Plan ends"), validators=OPTIONAL_DATE)


STATE_CHOICES = labelled(STATE_LABELS)
CLOSING_STATES = (ImprovementState.DONE, ImprovementState.PAUSED, ImprovementState.CANCELLED)


class ImprovementOwnerForm(FlaskForm):
    version = HiddenField()
    description = TextAreaField(_l("Description"), validators=[Length(max=TEXT_MAX)])
    start = DateField(_l("Start"), validators=OPTIONAL_DATE)
    due = DateField(_l("Due"), validators=OPTIONAL_DATE)
    state = SelectField(_l("State"), choices=STATE_CHOICES)
    closing_note = TextAreaField(_l("Closing note or reason"), validators=[Length(max=TEXT_MAX)])


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


# The history began with the app: a day far outside these years finds nothing, and at the
# ends of the calendar it cannot even be turned into a moment.
def in_years(first: int, last: int):
    """A validator: the date lies in the years ``first`` to ``last``."""

    def check(_form, field):
        if field.data is not None and not first <= field.data.year <= last:
            raise StopValidation(
                _l("Choose a day in the years %(first)s to %(last)s.", first=first, last=last)
            )

    return check


HISTORY_DATE = [Optional(), in_years(2000, 2100)]


class ImportForm(FlaskForm):
    """The plan's workbook to import (views/plan_workbook.py): read and shown as a preview."""

    file = FileField(
        _l("Workbook"),
        validators=[FileRequired(_l("Choose a file."))],
        render_kw={"accept": ".xlsx,.csv,.zip"},
    )


class PseudonymiseForm(FlaskForm):
    """The disposal decision under which a deactivated person is pseudonymised."""

    reference = StringField(
        _l("The disposal decision's reference"),
        validators=[DataRequired(_l("Enter the decision's reference.")), Length(max=100)],
    )
    decided_on = DateField(
        _l("Date of the decision"),
        validators=[DataRequired(_l("Enter the date of the decision.")), in_years(2000, 2100)],
    )
    understood = BooleanField(
        _l("I understand that this cannot be undone."),
        validators=[DataRequired(_l("Confirm that this cannot be undone."))],
    )


class HistoryFilterForm(FlaskForm):
    """The admin's history log filter, read from the URL (GET, no CSRF)."""

    class Meta:
        csrf = False

    person = SelectField(_l("Made by"), default="")  # "" is anyone; another value, a person
    item = StringField(_l("Item (code or email)"), validators=[Optional(), Length(max=254)])
    date_from = DateField(_l("From"), validators=HISTORY_DATE)
    date_to = DateField(_l("To"), validators=HISTORY_DATE)


# Monthly reporting: one row form per improvement or area on the /my page, prefixed by the
# row's key; the page's own CSRF token covers them all.

SKIP = ""
STATUS_CHOICES = labelled(STATUS_LABELS, *Status)


AUDIENCE_CHOICES = labelled(AUDIENCE_LABELS)


class _RowForm(FlaskForm):
    class Meta:
        csrf = False

    status = RadioField(
        _l("Status"),
        choices=[*STATUS_CHOICES, SelectChoice(SKIP, _l("Not now"))],
        default=SKIP,
        validators=[Optional()],
    )
    version = HiddenField(default="0")


class UpdateRowForm(_RowForm):
    progress = IntegerField(
        _l("Progress (%)"),
        validators=[Optional(), NumberRange(0, 100, _l("From 0 to 100."))],
        render_kw={"inputmode": "numeric", "min": 0, "max": 100},
    )
    comment = TextAreaField(_l("What happened"), validators=[Length(max=TEXT_MAX)])
    next_steps = TextAreaField(_l("Next steps"), validators=[Length(max=TEXT_MAX)])
    risks = TextAreaField(_l("Risks and obstacles"), validators=[Length(max=TEXT_MAX)])
    needs_decision = BooleanField(_l("Needs a decision by the group"))
    decision_text = TextAreaField(
        _l("What must the group decide?"), validators=[Length(max=TEXT_MAX)]
    )
    raise_to_politicians = BooleanField(_l("Raise to the politicians"))
    politicians_text = TextAreaField(
        _l("Why is it raised to the politicians?"), validators=[Length(max=TEXT_MAX)]
    )
    comment_audience = SelectField(
        _l("Who may read what happened"), choices=AUDIENCE_CHOICES, default="group"
    )
    next_steps_audience = SelectField(
        _l("Who may read the next steps"), choices=AUDIENCE_CHOICES, default="group"
    )
    risks_audience = SelectField(
        _l("Who may read the risks"), choices=AUDIENCE_CHOICES, default="group"
    )


class AssessmentRowForm(_RowForm):
    comment = TextAreaField(_l("Your assessment of the area"), validators=[Length(max=TEXT_MAX)])


class CloseImprovementForm(FlaskForm):
    state = SelectField(
        _l("Close as"),
        choices=labelled(STATE_LABELS, *CLOSING_STATES),
    )
    note = TextAreaField(
        _l("Closing note or reason"),
        validators=[DataRequired(_l("Say why it is closed.")), Length(max=TEXT_MAX)],
    )


class MeetingForm(FlaskForm):
    date = DateField(_l("Date"), validators=[DataRequired(_l("Give the date of the meeting."))])
    kind = SelectField(
        _l("Kind"),
        choices=labelled(MEETING_KIND_LABELS, *MeetingKind),
    )
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=NAME_MAX)]
    )
    place = StringField(_l("Place"), validators=[Length(max=NAME_MAX)])
    attendees = MultiCheckboxField(_l("Who attended"))
    notes = TextAreaField(_l("Notes"), validators=[Length(max=TEXT_MAX)], render_kw={"rows": 8})


class DecisionForm(FlaskForm):
    text = TextAreaField(
        _l("Decision"), validators=[DataRequired(_l("Write the decision.")), Length(max=TEXT_MAX)]
    )
    responsible = SelectField(
        _l("Responsible"), validators=[DataRequired(_l("Choose who is responsible."))]
    )
    due = DateField(_l("Due"), validators=OPTIONAL_DATE)
    improvement = SelectField(_l("Belongs to the improvement"), validators=[Optional()])


class CloseDecisionForm(FlaskForm):
    note = TextAreaField(_l("How it was carried out"), validators=[Length(max=TEXT_MAX)])


class AgendaItemForm(FlaskForm):
    title = StringField(
        _l("Item"), validators=[DataRequired(_l("Write the item.")), Length(max=NAME_MAX)]
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=TEXT_MAX)], render_kw={"rows": 2})


class TeamRolesForm(FlaskForm):
    """A member's strongest Belbin roles, strongest first; choices set by the view."""

    first = SelectField(_l("Strongest role"), validators=[Optional()])
    second = SelectField(_l("Second strongest role"), validators=[Optional()])
    third = SelectField(_l("Third strongest role"), validators=[Optional()])


class SendMessageForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, send this text to every group member"),
        validators=[DataRequired(_l("Tick the box to confirm that the text goes to the group."))],
    )


class PublishForm(FlaskForm):
    period = SelectField(_l("Period"), validators=[DataRequired()])
    registration_number = StringField(
        _l("Registration number (diarienummer)"), validators=[Length(max=NAME_MAX)]
    )
    note = TextAreaField(
        _l("Note on the cover"), validators=[Length(max=TEXT_MAX)], render_kw={"rows": 3}
    )
