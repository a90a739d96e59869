"""The status vocabulary (tracker/status.py): one order, one word, symbol and colour per status,
taken by the forms, the charts, the stylesheets and the pages."""

import re
from pathlib import Path

import pytest

from tracker import charts
from tracker.forms import STATE_CHOICES, STATUS_CHOICES
from tracker.status import (
    ATTENTION,
    LOOKS,
    NOT_REPORTED,
    STATE_LABELS,
    STATUS_LABELS,
    STATUS_SYMBOLS,
    STATUSES,
    ImprovementState,
    Status,
    css_properties,
    rank,
)

STATIC = Path(__file__).parent.parent / "static"


def contrast(colour: str, other: str = "#ffffff") -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(colour), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_order_is_the_enum_s_then_not_reported():
    assert STATUSES == ("on_track", "at_risk", "off_track", "not_reported")
    assert STATUSES[:-1] == tuple(Status) and STATUSES[-1] == NOT_REPORTED
    assert sorted(ATTENTION) == sorted(STATUSES)
    assert charts.STATUSES is STATUSES
    assert [rank(s) for s in (Status.ON_TRACK, "at_risk", Status.OFF_TRACK, None)] == [0, 1, 2, 3]


def test_a_status_its_key_and_none_find_the_same_words(app):
    with app.app_context():
        assert (
            str(STATUS_LABELS[Status.AT_RISK])
            == str(STATUS_LABELS["at_risk"])
            == "Risk för avvikelse"
        )
        assert STATUS_LABELS[None] is STATUS_LABELS[NOT_REPORTED]
        assert STATUS_SYMBOLS[None] == "\u2013" and STATUS_SYMBOLS[Status.OFF_TRACK] == "✕"
    with pytest.raises(KeyError):
        STATUS_LABELS["fine"]
    assert STATUS_SYMBOLS.get("") is None  # a radio button's "not now" has no symbol


@pytest.mark.parametrize("key", STATUSES)
def test_each_colour_keeps_aa_contrast_as_text_and_behind_white_text(key):
    # The same ratio both ways: text on white, and white text on a bar or badge.
    assert contrast(LOOKS[key].colour) >= 4.5, (key, contrast(LOOKS[key].colour))
    assert contrast(LOOKS[key].colour, "#f6f7f9") >= 4.5  # text on the page's paper


def test_the_forms_choices_are_the_vocabulary_s():
    assert [(c.value, c.label) for c in STATUS_CHOICES] == [
        (s.value, STATUS_LABELS[s]) for s in Status
    ]
    assert [c.value for c in STATE_CHOICES] == [s.value for s in ImprovementState]
    assert all(c.label is STATE_LABELS[ImprovementState(c.value)] for c in STATE_CHOICES)


def test_the_charts_take_colour_pattern_and_symbol_from_the_vocabulary():
    counts = charts.status_counts([{"area": "SO1", "status": "at_risk"}], "area", ["SO1"])
    figure = charts.status_bars(counts, dict.fromkeys(STATUSES, "x"), {})
    at_risk = figure["data"][STATUSES.index("at_risk")]
    assert at_risk["marker"]["color"] == "#8a5300"
    assert at_risk["marker"]["pattern"]["shape"] == LOOKS["at_risk"].pattern
    assert at_risk["text"] == ["! 1"]


def test_the_stylesheets_take_the_colours_from_the_vocabulary(client):
    properties = css_properties()
    for key, look in LOOKS.items():
        assert f"--status-{key}: {look.colour};" in properties
    for sheet in ("app.css", "report.css"):
        text = (STATIC / "css" / sheet).read_text(encoding="utf-8")
        for key in STATUSES:
            assert f"var(--status-{key})" in text, (sheet, key)
        for key in Status:  # no copy of a status colour
            assert LOOKS[key].colour not in text, (sheet, key)
    # Every page links them (the Content-Security-Policy allows no inline <style>).
    html = client.get("/login").get_data(as_text=True)
    href = re.search(r'<link rel="stylesheet" href="(/status\.css\?v=\w+)">', html).group(1)
    assert client.get(href).get_data(as_text=True) == properties
