"""The Excel export reads back with formulas neutralised."""

import io
from datetime import date

import pandas as pd

from tracker.models import Role, Status

TODAY = date(2026, 11, 20)


def test_the_workbook_reads_back_with_neutralised_formulas(
    app, client, login_as, audience_texts, factory
):
    factory.update(
        audience_texts["items"]["d"],
        "2026-10",
        status=Status.AT_RISK,
        progress=30,
        comment='=HYPERLINK("http://evil")',
        risks="+1",
        next_steps="-2",
        decision_text="@SUM(A1)",
        politicians_text="\tx",
    )
    login_as(Role.MEMBER)
    response = client.get("/summary/export.xlsx?period=2026-10")
    assert response.status_code == 200
    sheets = pd.read_excel(io.BytesIO(response.data), sheet_name=None)
    assert set(sheets) == {"Areas", "Improvements", "Updates", "Area assessments"}
    updates = sheets["Updates"]
    assert len(updates) == 4  # the October reports
    assert sorted(updates["Status"]) == ["At risk", "At risk", "Off track", "On track"]
    assert updates["Progress (%)"].sum() == 40 + 60 + 20 + 30
    row = updates[updates["Improvement"] == "SO2-02"].iloc[0]
    assert row["What happened"] == '\'=HYPERLINK("http://evil")'
    assert row["Risks and obstacles"] == "'+1" and row["Next steps"] == "'-2"
    assert row["What must the group decide?"] == "'@SUM(A1)"
    assert list(sheets["Areas"]["Code"]) == ["SO1", "SO2"]
    assert len(sheets["Improvements"]) == 4
