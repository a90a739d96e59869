"""Static files: a version in every URL, so that they can be cached for a year."""

import contextlib
import hashlib
import os

from flask import Response, current_app, request

from tracker.access import Rule
from tracker.guard import requires
from tracker.status import css_properties

# Endpoints that send files; their responses are read into memory so that they are compressed
# like any page (and their file closed at once) instead of streamed.
FILE_ENDPOINTS = frozenset({"static", "dashboard.plotly_js"})
YEAR = 365 * 24 * 3600


def init_app(app):
    status_version = hashlib.sha256(css_properties().encode()).hexdigest()[:12]
    app.add_url_rule("/status.css", "status_css", status_css)

    @app.url_defaults
    def static_version(endpoint, values):
        """url_for('static', filename=...) gets ?v=<modification time> of the file,
        url_for('status_css') the hash of the colours."""
        if endpoint == "static" and "filename" in values and "v" not in values:
            path = os.path.join(current_app.static_folder, values["filename"])
            with contextlib.suppress(OSError):
                values["v"] = int(os.stat(path).st_mtime)
        elif endpoint == "status_css":
            values.setdefault("v", status_version)


@requires(Rule.PUBLIC)
def status_css():
    """The status colours (``--status-<key>``, from tracker.status) as a stylesheet: a file the
    page links to, since the Content-Security-Policy allows no inline style."""
    response = Response(css_properties(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = YEAR
    response.cache_control.immutable = True
    return response


def init_compression(app):
    """Call after Flask-Compress's init_app: this hook then runs before its compression."""

    @app.after_request
    def buffer_files(response):
        if request.endpoint not in FILE_ENDPOINTS or not response.direct_passthrough:
            return response
        response.direct_passthrough = False
        if response.status_code == 200:
            data = response.get_data()
            response.close()
            response.set_data(data)
        else:
            # 304 Not Modified (or a range error) sends no body: close the file now rather
            # than when the server gets round to it, or the garbage collector does.
            response.close()
            response.response = []
        return response
