"""The dashboard's shapes and figures: the only module that imports pandas and plotly.

Pure transforms: rows or frames in, frames or figures out; no database, no Flask. Every figure
comes with the frame it draws, which the page shows as a table beside it, and status is told
by a pattern and a word as well as by colour.
"""

import html
import io
import json
import textwrap

import numpy as np
import pandas as pd
from plotly.utils import PlotlyJSONEncoder

from tracker.cells import neutralise
from tracker.status import LOOKS, STATUSES, rank

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Liberation Sans, sans-serif"


def plot_text(text: str, width: int = 26, lines: int = 2) -> str:
    """A name as plotly draws it: its markup as text (plotly reads <b>, <a> and the like in
    labels, and decodes entities), broken into at most ``lines`` lines of ``width``."""
    parts = textwrap.wrap(
        text, width, max_lines=lines, placeholder=" …", break_long_words=False
    ) or [text]
    return "<br>".join(html.escape(part, quote=False) for part in parts)


def _categories(keys: list[str], names: dict[str, str], short: list[str], **wrap) -> dict:
    """Bars keyed by what is unique (a code), labelled by name: two long names cut to the
    same words stay two bars. The hover gives the whole name; on a narrow screen (static/js/
    charts.js) the axis gives ``short``, and the table beside the chart the whole name."""
    return {
        "axis": {
            "tickmode": "array",
            "tickvals": keys,
            "ticktext": [plot_text(names.get(k, k), **wrap) for k in keys],
        },
        "customdata": [html.escape(names.get(k, k), quote=False) for k in keys],
        "narrow": {"yaxis.ticktext": [plot_text(s, width=14, lines=3) for s in short]},
    }


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
    if frame.empty:
        return pd.DataFrame("", index=areas, columns=organisations)
    frame["rank"] = frame["status"].map(rank)
    worst = frame.groupby(["area", "organisation"])["rank"].max().unstack()
    worst = worst.reindex(index=areas, columns=organisations)
    # Rank to word in one step: the rank past the last (nothing due) is ''.
    names = np.array([*STATUSES, ""], dtype=object)
    codes = worst.fillna(len(STATUSES)).to_numpy(dtype=int)
    return pd.DataFrame(names[codes], index=worst.index, columns=worst.columns)


def progress_table(rows: list[dict], periods: list[str], areas: list[str]) -> pd.DataFrame:
    """Average progress per area (rows) and month (columns), rounded to whole percent."""
    frame = pd.DataFrame(rows, columns=["area", "period", "progress"])
    if frame.empty:
        return pd.DataFrame(index=areas, columns=periods, dtype=float)
    table = frame.groupby(["area", "period"])["progress"].mean().unstack()
    return table.reindex(index=[a for a in areas if a in table.index], columns=periods).round(0)


def completeness_table(pairs) -> pd.DataFrame:
    """(name, code, due, reported) per organisation: the share reported in percent."""
    frame = pd.DataFrame(pairs, columns=["organisation", "code", "due", "reported"])
    frame["share"] = (
        (100 * frame["reported"] / frame["due"].where(frame["due"] > 0)).round(0).fillna(100)
    )
    return frame.sort_values("share").reset_index(drop=True)


# Figures, as plotly figure dicts (built without plotly's per-property validation, which would
# cost more than the rest of the page) and turned into JSON by plotly's encoder.


def _layout(height: int, legend=True, **axes) -> dict:
    axis = {"gridcolor": "#d0d7de", "zerolinecolor": "#d0d7de", "automargin": True, "tickangle": 0}
    return {
        "height": height,
        # Room on the right for the last tick label ("100 %") to stand whole.
        "margin": {"l": 10, "r": 30, "t": 10, "b": 10},
        "font": {"family": FONT, "size": 14, "color": "#1f2328"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": legend,
        # Above the plot: below it, the legend and the axis labels would share the margin.
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        "barmode": "stack",
        "xaxis": {**axis, **axes.get("xaxis", {})},
        "yaxis": {**axis, **axes.get("yaxis", {})},
    }


def status_bars(counts: pd.DataFrame, labels: dict[str, str], names: dict[str, str]) -> dict:
    """Horizontal stacked bars: one bar per row of ``counts``, a segment per status."""
    keys = list(counts.index)
    named = _categories(keys, names, keys)
    data = []
    for status in STATUSES:
        look = LOOKS[status]
        values = [int(v) for v in counts[status]] if status in counts else [0] * len(keys)
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": keys,
                "x": values,
                "customdata": named["customdata"],
                "name": f"{look.symbol} {labels[status]}",
                "marker": {
                    "color": look.colour,
                    "pattern": {
                        "shape": look.pattern,
                        "fgcolor": "#ffffff",
                        "bgcolor": look.colour,
                        "fillmode": "replace",
                        "solidity": 0.2,
                    },
                },
                "text": [f"{look.symbol} {v}" if v else "" for v in values],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "hovertemplate": "%{customdata}: %{x}<extra>" + labels[status] + "</extra>",
            }
        )
    largest = int(counts.sum(axis=1).max()) if len(counts) else 0
    xaxis = {"dtick": 1} if largest <= 12 else {"tickformat": ",d"}
    yaxis = {"autorange": "reversed", "type": "category", **named["axis"]}
    layout = _layout(max(180, 60 + 44 * len(keys)), xaxis=xaxis, yaxis=yaxis)
    return {"data": data, "layout": layout, "narrow": {"layout": named["narrow"]}}


def progress_lines(
    table: pd.DataFrame,
    names: dict[str, str],
    ticks: dict[str, str],
    period_labels: dict[str, str],
) -> dict:
    """A line per area over the months. ``ticks`` are the axis's short labels (a month over
    its year, level, so that a year of them fits a projector); the hover names the month."""
    markers = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]
    x = [ticks.get(p, p) for p in table.columns]
    months = [period_labels.get(p, p) for p in table.columns]
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": x,
            "y": [None if pd.isna(v) else float(v) for v in row],
            "customdata": months,
            "hovertemplate": "%{customdata}: %{y:.0f} %<extra>%{fullData.name}</extra>",
            "name": plot_text(names.get(area, area), width=40),
            "marker": {"symbol": markers[i % len(markers)], "size": 8},
            "connectgaps": False,
        }
        for i, (area, row) in enumerate(zip(table.index, table.to_numpy(), strict=True))
    ]
    layout = _layout(420, yaxis={"range": [0, 100], "ticksuffix": " %"})
    layout["barmode"] = "group"
    # Narrow: the legend by code, and every third month on the axis.
    narrow = {
        "data": {"name": [plot_text(a) for a in table.index]},
        "layout": {"xaxis.tickvals": x[::-3][::-1]},
    }
    return {"data": data, "layout": layout, "narrow": narrow}


def completeness_bars(table: pd.DataFrame, label: str) -> dict:
    shares = [float(s) for s in table["share"]]
    codes = table["code"].tolist()
    named = _categories(codes, dict(zip(codes, table["organisation"], strict=True)), codes)
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": codes,
            "x": shares,
            "customdata": named["customdata"],
            "marker": {"color": "#1d4f91"},
            "text": [f"{int(s)} %" for s in shares],
            "textposition": "auto",
            "name": label,
            "hovertemplate": "%{customdata}: %{x:.0f} %<extra></extra>",
        }
    ]
    layout = _layout(
        max(180, 60 + 36 * len(table)),
        legend=False,
        xaxis={"range": [0, 100], "ticksuffix": " %"},
        yaxis={"autorange": "reversed", "type": "category", **named["axis"]},
    )
    return {"data": data, "layout": layout, "narrow": {"layout": named["narrow"]}}


def to_json(figure: dict) -> str:
    return json.dumps(figure, cls=PlotlyJSONEncoder)


def team_role_table(rows: list[dict], labels: dict[str, str]) -> pd.DataFrame:
    """The group's role balance: per Belbin role, how many have it as their strongest and
    among their strongest, in Belbin's order."""
    frame = pd.DataFrame(rows, columns=["role", "strongest", "among"])
    frame["label"] = frame["role"].map(labels)
    return frame


def team_role_bars(table: pd.DataFrame, names: dict[str, str]) -> dict:
    """Two bars per role: strongest (solid) and among the strongest (hatched). Lying down, so
    that the roles' names read level at any width."""
    styles = {"strongest": ("#1d4f91", ""), "among": ("#6e9bd1", "/")}
    roles = [str(r) for r in table["role"]]
    labels = [str(label) for label in table["label"]]
    named = _categories(roles, dict(zip(roles, labels, strict=True)), labels)
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": roles,
            "x": [int(v) for v in table[column]],
            "customdata": named["customdata"],
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
            "textposition": "outside",
            "textangle": 0,
            "cliponaxis": False,
            "hovertemplate": "%{customdata}: %{x}<extra>" + names[column] + "</extra>",
        }
        for column, (colour, shape) in styles.items()
    ]
    largest = int(table[["strongest", "among"]].to_numpy().max()) if len(table) else 0
    xaxis = {"dtick": 1} if largest <= 12 else {"tickformat": ",d"}
    yaxis = {"autorange": "reversed", "type": "category", **named["axis"]}
    layout = _layout(max(220, 80 + 40 * len(table)), xaxis=xaxis, yaxis=yaxis)
    layout["barmode"] = "group"
    # Narrow: the roles' names wrapped, and every other count on the axis.
    narrow = {**named["narrow"], "xaxis.dtick": 2 if largest > 5 else 1}
    return {"data": data, "layout": layout, "narrow": {"layout": narrow}}


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
