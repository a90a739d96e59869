"""Static files: a version in every URL, so that they can be cached for a year."""

import contextlib
import os

from flask import current_app, request

# Endpoints that send files; their responses are read into memory so that they are compressed
# like any page (and their file closed at once) instead of streamed.
FILE_ENDPOINTS = frozenset({"static", "dashboard.plotly_js"})


def init_app(app):
    @app.url_defaults
    def static_version(endpoint, values):
        """url_for('static', filename=...) gets ?v=<modification time> of the file."""
        if endpoint == "static" and "filename" in values and "v" not in values:
            path = os.path.join(current_app.static_folder, values["filename"])
            with contextlib.suppress(OSError):
                values["v"] = int(os.stat(path).st_mtime)


def init_compression(app):
    """Call after Flask-Compress's init_app: this hook then runs before its compression."""

    @app.after_request
    def buffer_files(response):
        if request.endpoint in FILE_ENDPOINTS and response.status_code == 200:
            response.direct_passthrough = False
            data = response.get_data()
            response.close()
            response.set_data(data)
        return response
