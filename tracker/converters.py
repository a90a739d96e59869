"""URL converters."""

from werkzeug.routing import IntegerConverter

ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """A row id in a URL: a positive integer that every database can hold; a larger one is a
    plain 404 instead of an overflow inside the database driver."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=ID_MAX)
