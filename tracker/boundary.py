"""Input checked once where it comes in, before any view runs (docs/security.md, "Refused at
the boundary"): the address and the query string, and every JSON body the app reads.

- An address (a URL part) with a control character or bytes that are not UTF-8: 404, as no
  page has such an address.
- A query string with a control character or bytes that are not UTF-8: 400.
- A JSON body (the app's JSON provider, which the API's argument parser uses too): nested at
  most JSON_MAX_DEPTH deep, numbers of at most JSON_MAX_DIGITS digits, no NaN or Infinity and
  no half of a UTF-16 pair anywhere; else 400 with the reason, and never a RecursionError.
- A write of the API whose body is not JSON (by its Content-Type): 415; an empty JSON body 400.
- A form sent and refused (its fields carry the messages) is shown again with 422, on every
  page: the forms (forms.FlaskForm) and views.common.show_errors call ``refused()``.

Text fields are checked after that by the forms and the services (services.validate), which
know which fields are names (one line) and which are long texts.
"""

import json
import math
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import abort, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_smorest import abort as api_abort
from webargs import core
from webargs.flaskparser import FlaskParser

from tracker.services.validate import LINE_CONTROL_RE, SURROGATE_RE

# A JSON string (skipped whole, brackets inside it do not count) or a bracket.
_TOKEN_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_DIGITS_RE = re.compile(r"[0-9]")


class Refused(ValueError):
    """A JSON body refused for its shape; ``message`` says why (translated when shown)."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def loads(text: str | bytes, *, max_depth: int = 32, max_digits: int = 20) -> Any:
    """``json.loads`` with limits: Refused for a body nested deeper than ``max_depth``, a
    number of more than ``max_digits`` digits, NaN or Infinity, or a lone surrogate in a
    string or a key. Invalid JSON raises json.JSONDecodeError as usual."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            raise Refused(_l("The body is not UTF-8.")) from error
    depth = deepest = 0
    for match in _TOKEN_RE.finditer(text):
        piece = match.group(0)
        if piece in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > max_depth:
                raise Refused(_l("The JSON is nested more than %(n)s levels deep.", n=max_depth))
        elif piece in "]}":
            depth -= 1

    def number(kind):
        def parse(literal: str):
            if len(_DIGITS_RE.findall(literal.split("e")[0].split("E")[0])) > max_digits:
                raise Refused(_l("A number has more than %(n)s digits.", n=max_digits))
            value = kind(literal)
            if not math.isfinite(value):  # 1e999 is Infinity by another name
                raise Refused(_l("%(name)s is not a number JSON allows.", name=literal))
            return value

        return parse

    def constant(name: str):
        raise Refused(_l("%(name)s is not a number JSON allows.", name=name))

    data = json.loads(
        text, parse_int=number(int), parse_float=number(float), parse_constant=constant
    )
    _check_strings(data)
    return data


def _check_strings(value: Any) -> None:
    """Refused if a string or key anywhere holds half of a UTF-16 pair (the nesting is
    already limited, so the recursion is short)."""
    if isinstance(value, str):
        if SURROGATE_RE.search(value):
            raise Refused(
                _l(
                    "A text contains an incomplete character (half of a UTF-16 pair): %(text)s.",
                    text=ascii(value)[1:-1][:80],
                )
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, read with the limits of ``loads`` (JSON_MAX_DEPTH, JSON_MAX_DIGITS)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        config = self._app.config
        return loads(s, max_depth=config["JSON_MAX_DEPTH"], max_digits=config["JSON_MAX_DIGITS"])


class ArgumentsParser(FlaskParser):
    """The API's argument parser: a body is read by the app's JSON provider; a body that is
    not JSON is 415, an empty one 400, one over the limits 400 with the reason."""

    def _raw_load_json(self, req):
        if not core.is_json(req.mimetype):
            api_abort(415, message=_("Send the request body as JSON (application/json)."))
        body = req.get_data(cache=True)
        if not body.strip():
            api_abort(400, message=_("The request body is empty; send a JSON object."))
        try:
            return current_app.json.loads(body)
        except Refused as error:
            api_abort(400, message=str(error.message))


def _not_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def check_address():
    """Before any other hook and any view: a URL part or a query string that no page takes."""
    environ = request.environ
    path = environ.get("PATH_INFO", "")
    # The server hands the path over decoded, its bytes as Latin-1 characters (PEP 3333).
    if LINE_CONTROL_RE.search(path) or _not_utf8(path.encode("latin-1", "replace")):
        abort(404)
    query = environ.get("QUERY_STRING", "")
    if query:
        raw = unquote_to_bytes(query.replace("+", " "))
        if _not_utf8(raw) or LINE_CONTROL_RE.search(raw.decode("utf-8")):
            api_abort(400, message=_("The address contains characters that are not allowed."))


# The views and API operations that take the plan's workbook (docs/workbook.md): their body may
# be as large as the file the import reads (IMPORT_MAX_BYTES) and the form around it.
UPLOADS = frozenset({"plan_workbook.upload", "api_import.import_plan"})
FORM_ROOM = 64 * 1024


def allow_uploads():
    """Before the CSRF check reads the form: an upload of the workbook may be larger than other
    requests (MAX_CONTENT_LENGTH)."""
    if request.endpoint in UPLOADS:
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"] + FORM_ROOM


def refused() -> None:
    """Note that a form was refused (its fields carry the messages): the page that shows it
    again answers 422 (``refused_is_422``), whichever view it is."""
    g.form_refused = True


def refused_is_422(response):
    """A form sent, refused and shown again with its messages is 422 on every page, not 200."""
    if request.method == "POST" and response.status_code == 200 and g.get("form_refused"):
        response.status_code = 422
    return response


def init_app(app):
    """Called first in create_app, so that this hook runs before every other."""
    app.json = JSONProvider(app)
    app.before_request(check_address)
    app.before_request(allow_uploads)
    app.after_request(refused_is_422)
