"""An improvement's status and state: the enums (tracker.models has them from here) and the
one place for how they are told: their order, words, symbols and colours. Forms, tables,
charts, the stylesheet's custom properties and the API's counts all take them from here.

A status is always a word and a symbol as well as a colour, never colour alone. Each colour
keeps WCAG AA contrast both as text on white and as a bar or badge behind white text: on track
5.1:1, at risk 6.3:1, off track 6.6:1, not reported 6.4:1.
"""

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


class Status(enum.StrEnum):
    """What an owner reports each month; best first (the order of ``STATUSES``)."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class ImprovementState(enum.StrEnum):
    """Where an improvement is in its life."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"


# Counted, shown and charted beside the statuses, though nobody reports it: an improvement
# due a report that has none.
NOT_REPORTED = "not_reported"


class ByStatus(dict):
    """Keyed by a status's value and by NOT_REPORTED. A Status finds its entry (it equals its
    value), and so does None, which means not reported."""

    def __missing__(self, key):
        if key is None:
            return self[NOT_REPORTED]
        raise KeyError(key)


@dataclass(frozen=True)
class Look:
    label: str  # the word, translated when shown
    symbol: str  # the shape beside the word
    colour: str  # text, badges and chart bars; the stylesheet's --status-<key>
    pattern: str  # a chart bar's fill (plotly's pattern shapes)


# Best first, not reported last: the order of every table's columns, every chart's segments
# and every count.
LOOKS = ByStatus(
    {
        Status.ON_TRACK.value: Look(_l("On track"), "✓", "#1a7f37", ""),
        Status.AT_RISK.value: Look(_l("At risk"), "!", "#8a5300", "/"),
        Status.OFF_TRACK.value: Look(_l("Off track"), "✕", "#b42318", "x"),
        NOT_REPORTED: Look(_l("Not reported"), "\u2013", "#57606a", "."),  # an en dash
    }
)
STATUSES = tuple(LOOKS)
STATUS_LABELS = ByStatus({key: look.label for key, look in LOOKS.items()})
STATUS_SYMBOLS = ByStatus({key: look.symbol for key, look in LOOKS.items()})

# What needs attention first (the presentation's exceptions): off track, at risk, then a
# missing report, then the rest.
ATTENTION = (Status.OFF_TRACK.value, Status.AT_RISK.value, NOT_REPORTED, Status.ON_TRACK.value)


def rank(status) -> int:
    """A status's place in STATUSES (a Status, its value, or None for not reported): the
    higher, the less favourable; the worst of several is the highest."""
    return STATUSES.index(NOT_REPORTED if status is None else status)


def css_properties() -> str:
    """The stylesheet's status colours, ``--status-<key>``, as one rule for :root."""
    properties = " ".join(f"--status-{key}: {look.colour};" for key, look in LOOKS.items())
    return f":root {{ {properties} }}"


STATE_LABELS = {
    ImprovementState.PLANNED: _l("Planned"),
    ImprovementState.ONGOING: _l("Ongoing"),
    ImprovementState.DONE: _l("Done"),
    ImprovementState.PAUSED: _l("Paused"),
    ImprovementState.CANCELLED: _l("Cancelled"),
}
