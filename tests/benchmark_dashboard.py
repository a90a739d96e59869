"""Benchmark: the dashboard's server time at size (a script that prints figures, not a test).

Builds 40 strategic areas, 1,000 improvements and five years of monthly reports (60,000
updates), then requests /dashboard repeatedly through the app and prints the median and the
95th percentile, on SQLite and, when a PostgreSQL URL is given, on PostgreSQL. The app is
prepared as wsgi.py prepares it for production (gc.freeze() after starting) and PostgreSQL's
statistics are gathered after the load, as autovacuum would:

    .venv/bin/python tests/benchmark_dashboard.py [--requests 40] [--postgresql URL]

The PostgreSQL database must be one the script may empty (it drops and creates the tables).
"""

import argparse
import gc
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from tracker import create_app
from tracker.extensions import db
from tracker.models import (
    AreaVersion,
    Improvement,
    ImprovementVersion,
    Meeting,
    Organisation,
    Person,
    StatusUpdate,
    StrategicArea,
)
from tracker.services import people, periods

AREAS, IMPROVEMENTS, MONTHS, ORGS, PEOPLE = 40, 1000, 60, 12, 60
PASSWORD = "benchmark-password"


def build(app):
    rng = Random(1)
    this_month = periods.of(periods.today_local())
    first = periods.shift(this_month, -MONTHS)
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.execute(
            insert(Organisation),
            [
                {
                    "code": f"O{i:02d}",
                    "name": f"Organisation {i}",
                    "kind": "department" if i % 3 else "company",
                }
                for i in range(ORGS)
            ],
        )
        orgs = db.session.scalars(select(Organisation.id)).all()
        db.session.execute(
            insert(Person),
            [
                {
                    "email": f"p{i}@example.se",
                    "name": f"Person {i}",
                    "title": "",
                    "role": "member",
                    "organisation_id": orgs[i % ORGS],
                    "active": True,
                }
                for i in range(PEOPLE)
            ],
        )
        admin = people.create_person(
            db.session,
            email="admin@example.se",
            name="Admin",
            role="admin",
            password=PASSWORD,
            hash_method=app.config["PASSWORD_HASH_METHOD"],
        )
        person_ids = db.session.scalars(select(Person.id)).all()
        db.session.execute(
            insert(StrategicArea),
            [
                {
                    "code": f"A{i:02d}",
                    "title": f"Strategiskt område {i}",
                    "description": "",
                    "goal": "",
                    "lead_id": person_ids[i % PEOPLE],
                    "order": i,
                    "archived": False,
                }
                for i in range(AREAS)
            ],
        )
        area_ids = db.session.scalars(select(StrategicArea.id)).all()
        start = periods.first_day(first)
        db.session.execute(insert(Improvement), [
            {"code": f"I{i:04d}", "area_id": area_ids[i % AREAS], "title": f"Åtgärd {i}",
             "description": "", "owner_id": person_ids[i % PEOPLE],
             "organisation_id": orgs[i % ORGS], "start": start, "state": "ongoing",
             "archived": False, "closing_note": ""}
            for i in range(IMPROVEMENTS)
        ])  # fmt: skip
        improvements = db.session.execute(
            select(Improvement.id, Improvement.organisation_id, Improvement.owner_id)
        ).all()
        # Bulk inserts skip the flush that writes versions: the portfolio as it stood since
        # long before the first month.
        since = datetime(2000, 1, 1, tzinfo=UTC)
        db.session.execute(
            insert(AreaVersion),
            [
                {"area_id": a.id, "valid_from": since, "lead_id": a.lead_id, "archived": False}
                for a in db.session.execute(select(StrategicArea.id, StrategicArea.lead_id))
            ],
        )
        db.session.execute(insert(ImprovementVersion), [
            {"improvement_id": i.id, "valid_from": since, "area_id": i.area_id,
             "owner_id": i.owner_id, "organisation_id": i.organisation_id, "start": i.start,
             "state": i.state, "archived": False}
            for i in db.session.scalars(select(Improvement))
        ])  # fmt: skip
        statuses = ["on_track", "on_track", "at_risk", "off_track"]
        for m in range(MONTHS):
            period = periods.shift(first, m)
            at = datetime.combine(
                periods.first_day(periods.shift(period, 1)), datetime.min.time(), UTC
            )
            db.session.execute(insert(StatusUpdate), [
                {"improvement_id": i.id, "period": period, "status": rng.choice(statuses),
                 "progress": min(100, m * 2 + rng.randint(0, 10)), "comment": "", "next_steps": "",
                 "risks": "", "needs_decision": False, "decision_text": "",
                 "raise_to_politicians": False, "politicians_text": "", "organisation_id": i.organisation_id,
                 "author_id": i.owner_id, "created_at": at, "updated_at": at, "version": 1, "late": False}
                for i in improvements if rng.random() < 0.95
            ])  # fmt: skip
        first_of_month = periods.today_local().replace(day=1)
        db.session.add(Meeting(date=first_of_month, title="KLG", kind="group_meeting"))
        db.session.commit()
        return admin.email


def measure(app, email, requests):
    client = app.test_client()
    token = (
        client.get("/login")
        .get_data(as_text=True)
        .split('name="csrf_token" type="hidden" value="')[1]
        .split('"')[0]
    )
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    period = periods.shift(periods.of(periods.today_local()), -1)
    assert client.get(f"/dashboard?period={period}").status_code == 200  # warm up
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(f"/dashboard?period={period}")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return statistics.median(times), p95


def run(name, uri, requests):
    app = create_app(
        {
            "TESTING": False,
            "SECRET_KEY": "x" * 32,
            "SQLALCHEMY_DATABASE_URI": uri,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    started = time.perf_counter()
    email = build(app)
    built = time.perf_counter() - started
    if uri.startswith("postgresql"):
        with app.app_context(), db.engine.connect() as connection:
            # As autovacuum would soon after a load: the planner gets its statistics.
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    # As wsgi.py does in production: what starting made is kept out of full collections.
    gc.collect()
    gc.freeze()
    median, p95 = measure(app, email, requests)
    print(
        f"{name:<11} {AREAS} areas, {IMPROVEMENTS} improvements, {MONTHS} months "
        f"(built in {built:.0f} s): /dashboard median {median:.0f} ms, "
        f"95th percentile {p95:.0f} ms over {requests} requests"
    )
    with app.app_context():
        db.engine.dispose()
    gc.unfreeze()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--postgresql", help="postgresql+psycopg://... (it is emptied)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/benchmark.db", args.requests)
    if args.postgresql:
        run("PostgreSQL", args.postgresql, args.requests)


if __name__ == "__main__":
    main()
