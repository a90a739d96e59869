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
