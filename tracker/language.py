"""The language of each request and what the templates get: Flask-Babel's locale selector, and
the Jinja filters and globals for words and dates (tracker.i18n has the words themselves).

This is the one module that reads the request for the language; services never import it.
"""

from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import Markup, escape

from tracker.extensions import babel
from tracker.i18n import (
    AGENDA_KIND_LABELS,
    DATE_FORMATS,
    KIND_LABELS,
    MEETING_KIND_LABELS,
    OVERDUE_SYMBOL,
    ROLE_LABELS,
    TEAM_ROLE_LABELS,
    describe,
    format_period,
    format_span,
    list_item,
    machine_datetime,
    missing_sentence,
    one_line,
    overdue_label,
)
from tracker.services import periods
from tracker.status import STATE_LABELS, STATUS_LABELS, STATUS_SYMBOLS, STATUSES


def select_locale():
    """The signed-in person's choice, else this browser's choice, else Swedish.

    The API (and /health) answers in English unless the request's Accept-Language asks for
    Swedish.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith(("/api/", "/health")):
        # Programs get English unless they ask otherwise, like the field messages of the schemas.
        return request.accept_languages.best_match(list(languages)) or "en"
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _escaped(text: LazyString) -> Markup:
    return escape(str(text))


# A lazily translated message is text, not markup: Flask-Babel's LazyString says it is markup
# (its __html__ returns the text as it is), so a message that names what someone typed ("“%(value)s”
# is not a status.") would reach the page unescaped. Escaped like any other text instead.
LazyString.__html__ = _escaped  # type: ignore[method-assign]


def init_app(app):
    babel.date_formats = DATE_FORMATS
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(
        date=lambda d, fmt="medium": format_date(d, fmt) if d else "",
        datetime=lambda d, fmt="medium": format_datetime(d, fmt) if d else "",
        machine_datetime=machine_datetime,
        number=lambda n: format_decimal(n) if n is not None else "",
        period=format_period,
        span=format_span,
        describe=describe,
        one_line=one_line,
        list_item=list_item,
    )
    app.jinja_env.globals["missing_sentence"] = missing_sentence
    app.jinja_env.globals["overdue_label"] = overdue_label
    app.jinja_env.add_extension("jinja2.ext.do")

    # Globals, so that imported macros see them too.
    app.jinja_env.globals.update(
        STATUSES=STATUSES,
        STATUS_LABELS=STATUS_LABELS,
        STATUS_SYMBOLS=STATUS_SYMBOLS,
        STATE_LABELS=STATE_LABELS,
        OVERDUE_SYMBOL=OVERDUE_SYMBOL,
        ROLE_LABELS=ROLE_LABELS,
        KIND_LABELS=KIND_LABELS,
        MEETING_KIND_LABELS=MEETING_KIND_LABELS,
        AGENDA_KIND_LABELS=AGENDA_KIND_LABELS,
        TEAM_ROLE_LABELS=TEAM_ROLE_LABELS,
        LANGUAGES=app.config["LANGUAGES"],
    )

    @app.context_processor
    def locale():
        # Today is Stockholm's date: what overdue is measured against on every page.
        return {"current_locale": str(get_locale()), "today": periods.today_local()}
