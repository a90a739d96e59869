"""WTForms classes: the shape of input only. Rules that need the database live in services."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length


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
