"""The dashboard's shapes and figures: the only module that imports pandas and plotly.

Pure transforms: rows or frames in, frames or figures out; no database, no Flask. Every figure
comes with the frame it draws, which the page shows as a table beside it, and status is told
by a pattern and a word as well as by colour.
"""

import io
import json

import numpy as np
import pandas as pd
from plotly.utils import PlotlyJSONEncoder

STATUSES = ["on_track", "at_risk", "off_track", "not_reported"]
COLOURS = {
    "on_track": "#1a7f37",
    "at_risk": "#b7791f",
    "off_track": "#b42318",
    "not_reported": "#8c959f",
}
PATTERNS = {"on_track": "", "at_risk": "/", "off_track": "x", "not_reported": "."}
SYMBOLS = {"on_track": "✓", "at_risk": "!", "off_track": "✕", "not_reported": "\u2013"}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Liberation Sans, sans-serif"


def status_counts(rows: list[dict], by: str, order: list[str] | None = None) -> pd.DataFrame:
    """Counts of each status per ``by`` (area or organisation): one row per key, one column
    per status, in the given order of keys."""
    frame = pd.DataFrame(rows, columns=[by, "status"])
    counts = (
        frame.groupby([by, "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=STATUSES, fill_value=0)
        if not frame.empty
        else pd.DataFrame(columns=STATUSES)
    )
    if order is not None:
        counts = counts.reindex(order, fill_value=0)
    return counts.fillna(0).astype(int)


def matrix(rows: list[dict], areas: list[str], organisations: list[str]) -> pd.DataFrame:
    """Area x organisation: the worst status reported in each cell, or '' where nothing is due."""
    frame = pd.DataFrame(rows, columns=["area", "organisation", "status"])
    rank = {s: i for i, s in enumerate(["on_track", "at_risk", "off_track", "not_reported"])}
    if frame.empty:
        return pd.DataFrame("", index=areas, columns=organisations)
    frame["rank"] = frame["status"].map(rank)
    worst = frame.groupby(["area", "organisation"])["rank"].max().unstack()
    worst = worst.reindex(index=areas, columns=organisations)
    # Rank to word in one step: the rank past the last (nothing due) is ''.
    names = np.array([*rank, ""], dtype=object)
    codes = worst.fillna(len(rank)).to_numpy(dtype=int)
    return pd.DataFrame(names[codes], index=worst.index, columns=worst.columns)


def progress_table(rows: list[dict], periods: list[str], areas: list[str]) -> pd.DataFrame:
    """Average progress per area (rows) and month (columns), rounded to whole percent."""
    frame = pd.DataFrame(rows, columns=["area", "period", "progress"])
    if frame.empty:
        return pd.DataFrame(index=areas, columns=periods, dtype=float)
    table = frame.groupby(["area", "period"])["progress"].mean().unstack()
    return table.reindex(index=[a for a in areas if a in table.index], columns=periods).round(0)


def completeness_table(pairs) -> pd.DataFrame:
    """(name, due, reported) per organisation: the share reported in percent."""
    frame = pd.DataFrame(pairs, columns=["organisation", "due", "reported"])
    frame["share"] = (
        (100 * frame["reported"] / frame["due"].where(frame["due"] > 0)).round(0).fillna(100)
    )
    return frame.sort_values("share").reset_index(drop=True)


# Figures, as plotly figure dicts (built without plotly's per-property validation, which would
# cost more than the rest of the page) and turned into JSON by plotly's encoder.


def _layout(height: int, legend=True, **axes) -> dict:
    axis = {"gridcolor": "#d0d7de", "zerolinecolor": "#d0d7de", "automargin": True}
    return {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "font": {"family": FONT, "size": 14, "color": "#1f2328"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": legend,
        "legend": {"orientation": "h", "y": -0.15},
        "barmode": "stack",
        "xaxis": {**axis, **axes.get("xaxis", {})},
        "yaxis": {**axis, **axes.get("yaxis", {})},
    }


def status_bars(counts: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> dict:
    """Horizontal stacked bars: one bar per row of ``counts``, a segment per status."""
    keys = list(counts.index)
    data = []
    for status in STATUSES:
        values = [int(v) for v in counts[status]] if status in counts else [0] * len(keys)
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [names.get(k, k) for k in keys],
                "x": values,
                "name": f"{SYMBOLS[status]} {labels[status]}",
                "marker": {
                    "color": COLOURS[status],
                    "pattern": {
                        "shape": PATTERNS[status],
                        "fgcolor": "#ffffff",
                        "bgcolor": COLOURS[status],
                        "fillmode": "replace",
                        "solidity": 0.2,
                    },
                },
                "text": [f"{SYMBOLS[status]} {v}" if v else "" for v in values],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "hovertemplate": "%{y}: %{x}<extra>" + labels[status] + "</extra>",
            }
        )
    largest = int(counts.sum(axis=1).max()) if len(counts) else 0
    xaxis = {"dtick": 1} if largest <= 12 else {"tickformat": ",d"}
    layout = _layout(max(180, 60 + 44 * len(keys)), xaxis=xaxis, yaxis={"autorange": "reversed"})
    return {"data": data, "layout": layout}


def progress_lines(
    table: pd.DataFrame, names: dict[str, str], period_labels: dict[str, str]
) -> dict:
    markers = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]
    x = [period_labels.get(p, p) for p in table.columns]
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": x,
            "y": [None if pd.isna(v) else float(v) for v in row],
            "name": names.get(area, area),
            "marker": {"symbol": markers[i % len(markers)], "size": 8},
            "connectgaps": False,
        }
        for i, (area, row) in enumerate(zip(table.index, table.to_numpy(), strict=True))
    ]
    layout = _layout(380, yaxis={"range": [0, 100], "ticksuffix": " %"})
    layout["barmode"] = "group"
    return {"data": data, "layout": layout}


def completeness_bars(table: pd.DataFrame, label: str) -> dict:
    shares = [float(s) for s in table["share"]]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": table["organisation"].tolist(),
            "x": shares,
            "marker": {"color": "#1d4f91"},
            "text": [f"{int(s)} %" for s in shares],
            "textposition": "auto",
            "name": label,
            "hovertemplate": "%{y}: %{x} %<extra></extra>",
        }
    ]
    layout = _layout(
        max(180, 60 + 36 * len(table)),
        legend=False,
        xaxis={"range": [0, 100], "ticksuffix": " %"},
        yaxis={"autorange": "reversed"},
    )
    return {"data": data, "layout": layout}


def to_json(figure: dict) -> str:
    return json.dumps(figure, cls=PlotlyJSONEncoder)


def team_role_table(rows: list[dict], labels: dict[str, str]) -> pd.DataFrame:
    """The group's role balance: per Belbin role, how many have it as their strongest and
    among their strongest, in Belbin's order."""
    frame = pd.DataFrame(rows, columns=["role", "strongest", "among"])
    frame["label"] = frame["role"].map(labels)
    return frame


def team_role_bars(table: pd.DataFrame, names: dict[str, str]) -> dict:
    """Two bars per role: strongest (solid) and among the strongest (hatched)."""
    styles = {"strongest": ("#1d4f91", ""), "among": ("#6e9bd1", "/")}
    data = [
        {
            "type": "bar",
            "x": table["label"].tolist(),
            "y": [int(v) for v in table[column]],
            "name": names[column],
            "marker": {
                "color": colour,
                "pattern": {
                    "shape": shape,
                    "fgcolor": "#ffffff",
                    "bgcolor": colour,
                    "fillmode": "replace",
                    "solidity": 0.3,
                },
            },
            "text": [str(int(v)) if v else "" for v in table[column]],
            "textposition": "auto",
            "hovertemplate": "%{x}: %{y}<extra>" + names[column] + "</extra>",
        }
        for column, (colour, shape) in styles.items()
    ]
    largest = int(table[["strongest", "among"]].to_numpy().max()) if len(table) else 0
    yaxis = {"dtick": 1} if largest <= 12 else {"tickformat": ",d"}
    layout = _layout(360, yaxis=yaxis)
    layout["barmode"] = "group"
    return {"data": data, "layout": layout}


# Cells that a spreadsheet would read as a formula (or a DDE command) if they began so.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that begins like a formula gets a leading apostrophe, so that it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def workbook(sheets: dict[str, list[dict]]) -> io.BytesIO:
    """An .xlsx with one sheet per entry, each a table with its header row."""
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, rows in sheets.items():
            frame = pd.DataFrame(rows).map(neutralise) if rows else pd.DataFrame()
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            for column in sheet.columns:
                width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
                sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    out.seek(0)
    return out
