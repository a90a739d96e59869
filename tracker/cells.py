"""A spreadsheet cell's text kept as text: the one rule every Excel file the app writes follows
(the summary's workbook in tracker.charts, the plan's in tracker.services.plan_workbook)."""

# Cells that a spreadsheet would read as a formula (or a DDE command) if they began so.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that begins like a formula gets a leading apostrophe, so that it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
