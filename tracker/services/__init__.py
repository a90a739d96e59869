"""The domain: plain functions that check rules, write and flush. No request, no HTML.

A service validates everything first and then raises one ValidationError carrying every field
message; the view shows them at the fields, the API returns them as a 422 problem. The caller
(view or CLI command) commits once, or rolls back.
"""

from collections.abc import Mapping
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

Message = str | LazyString
"""A field message: translated when it is shown (a lazy string) or already."""

Data = dict[str, Any]
"""Input as a view or the API passes it to a service: field name -> raw value, which the
service checks. Only the fields given are changed."""

Config = Mapping[str, Any]
"""The app's settings a service reads (MAIL_*, BASE_URL, ...): the caller passes them in."""

Changes = dict[str, tuple[object, object]]
"""What changed, for the history: field name -> (old value, new value)."""


class DomainError(Exception):
    """Base of the errors a service raises on purpose."""


class ValidationError(DomainError):
    """Input that breaks a rule; ``errors`` maps a field name to its messages."""

    def __init__(self, errors: dict[str, list[Message]]) -> None:
        super().__init__("; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in errors.items()))
        self.errors = errors


class Conflict(ValidationError):
    """A unique key is taken (maps to 409 in the API; a field message on a page)."""


class NotAllowed(DomainError):
    """The actor may not do this (maps to 403)."""


class Stale(DomainError):
    """Someone saved the thing after this person read it (the version they read is older than
    the stored one): nothing was overwritten. ``current`` is the thing as stored (None: a
    report read as missing that has been made since)."""

    def __init__(self, current: object | None) -> None:
        super().__init__("changed meanwhile")
        self.current = current


class NotFound(DomainError):
    """A referenced thing does not exist (maps to 404, or to a field error where it is input)."""


class Errors:
    """Collect field messages, then raise them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[Message]] = {}
        self.conflicts: set[str] = set()

    def add(self, field: str, message: Message) -> None:
        self.errors.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        """Raise the collected messages; 409 Conflict when a taken key is the only problem."""
        if self.conflicts and set(self.errors) <= self.conflicts:
            raise Conflict(self.errors)
        if self.errors:
            raise ValidationError(self.errors)

    def conflict(self, field: str, message: Message) -> None:
        self.conflicts.add(field)
        self.add(field, message)


REQUIRED = _l("This field is required.")
