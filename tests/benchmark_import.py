"""Benchmark: importing the plan's workbook at size (a script that prints figures, not a test).

Makes a workbook of 12 organisations, 60 people, 40 strategic areas, N improvements (default
1,000) and M months of reports for each (default 3), imports it into an empty database, then
imports it again (every row unchanged), and prints for each the time and the number of SQL
statements, on SQLite and, when a PostgreSQL URL is given, on PostgreSQL:

    .venv/bin/python tests/benchmark_import.py [--improvements 1000] [--months 3] [--postgresql URL]

The PostgreSQL database must be one the script may empty (it drops and creates the tables).
"""

import argparse
import io
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook
from sqlalchemy import event

from tracker import create_app
from tracker.extensions import db
from tracker.models import Person, Role
from tracker.services import plan_workbook

ORGS, PEOPLE, AREAS = 12, 60, 40
TODAY = date(2026, 11, 20)


def workbook(improvements: int, months: int) -> bytes:
    book = Workbook()
    book.remove(book.active)

    def sheet(name, headers, rows):
        out = book.create_sheet(name)
        out.append(headers)
        for row in rows:
            out.append(row)

    sheet(
        "Organisationer",
        ["Kod", "Namn", "Typ"],
        [
            [f"O{i:02d}", f"Organisation {i}", "Förvaltning" if i % 3 else "Bolag"]
            for i in range(ORGS)
        ],
    )
    sheet(
        "Personer",
        ["E-post", "Namn", "Roll", "Organisation"],
        [
            [f"p{i}@example.se", f"Person {i}", "Ledamot i KLG", f"O{i % ORGS:02d}"]
            for i in range(PEOPLE)
        ],
    )
    sheet(
        "Områden",
        [
            "Kod",
            "Titel",
            "Huvudansvarig",
            "Medansvariga",
            "Medverkande organisationer",
            "I portföljen sedan",
        ],
        [
            [
                f"A{i:02d}",
                f"Område {i}",
                f"p{i % PEOPLE}@example.se",
                f"p{(i + 1) % PEOPLE}@example.se",
                f"O{i % ORGS:02d}, O{(i + 1) % ORGS:02d}",
                date(2025, 1, 1),
            ]
            for i in range(AREAS)
        ],
    )
    sheet(
        "Åtgärder",
        [
            "Kod",
            "Område",
            "Titel",
            "Ansvarig",
            "Ersättare",
            "Organisation",
            "Medverkande organisationer",
            "Start",
            "Klart senast",
            "Läge",
            "I portföljen sedan",
        ],
        [
            [
                f"A{i % AREAS:02d}-{i:04d}",
                f"A{i % AREAS:02d}",
                f"Åtgärd {i}",
                f"p{i % PEOPLE}@example.se",
                f"p{(i + 7) % PEOPLE}@example.se",
                f"O{i % ORGS:02d}",
                f"O{(i + 3) % ORGS:02d}",
                date(2025, 1, 1),
                date(2027, 12, 31),
                "Pågår",
                date(2025, 1, 1),
            ]
            for i in range(improvements)
        ],
    )
    sheet(
        "Uppföljning",
        ["Åtgärd", "Period", "Status", "Framdrift (%)", "Vad som har hänt"],
        [
            [
                f"A{i % AREAS:02d}-{i:04d}",
                f"2026-{month:02d}",
                ("Grön", "Gul", "Röd")[(i + month) % 3],
                month * 5,
                f"Månad {month}.",
            ]
            for i in range(improvements)
            for month in range(1, months + 1)
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(uri: str, content: bytes, label: str) -> None:
    app = create_app({"TESTING": False, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        db.drop_all()
        db.create_all()
        admin = Person(email="admin@example.se", name="Admin", role=Role.ADMIN)
        db.session.add(admin)
        db.session.commit()
        statements: Counter = Counter()

        def count(_conn, _cursor, statement, *_args):
            statements[" ".join(statement.split())[:160]] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        for attempt in ("into an empty database", "again, every row unchanged"):
            statements.clear()
            start = time.perf_counter()
            book = plan_workbook.read(io.BytesIO(content), "plan.xlsx", plan_workbook.Limits())
            preview = plan_workbook.run(db.session, book, admin, today=TODAY, deadline_day=10)
            assert preview.ok, preview.errors[:3]
            db.session.commit()
            seconds = time.perf_counter() - start
            print(
                f"{label}: {preview.rows} rows {attempt}: {seconds:.1f} s, "
                f"{sum(statements.values())} statements"
            )
            if "--statements" in sys.argv:
                for statement, times in statements.most_common(12):
                    print(f"  {times:6d}  {statement}")
        event.remove(db.engine, "before_cursor_execute", count)
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--improvements", type=int, default=1000)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--postgresql", help="a PostgreSQL URL the script may empty")
    parser.add_argument("--statements", action="store_true", help="print the most frequent")
    args = parser.parse_args()
    content = workbook(args.improvements, args.months)
    print(f"workbook: {len(content) / 1e6:.1f} MB")
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/import.db", content, "SQLite")
    if args.postgresql:
        run(args.postgresql, content, "PostgreSQL")


if __name__ == "__main__":
    main()
