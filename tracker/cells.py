"""A spreadsheet cell's text kept as text: the one rule every Excel file the app writes follows
(the summary's workbook in tracker.charts, the plan's in tracker.services.plan_workbook)."""

# Cells that a spreadsheet would read as a formula (or a DDE command) if they began so.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that begins like a formula gets a leading apostrophe, so that it stays text (and so
    does text that begins with apostrophes before such a start: unneutralise takes one off)."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The text that neutralise was given: a cell of a workbook the app wrote, read back."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value
