"""Property-based run over the app's own OpenAPI document (schemathesis): no 5xx, and every
response keeps what the document promises (status codes, content types, bodies).

Each operation gets its own Hypothesis run against the app of this test, with an admin's
token, so that writes are generated and made too. (Schemathesis' pytest fixture loader does
not work with this pytest version, so the operations are walked here.)
"""

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tracker.extensions import db
from tracker.models import Person, Role
from tracker.services import tokens

EXAMPLES_PER_OPERATION = 40


def test_the_api_keeps_its_documented_promises(app, factory):
    factory.portfolio(areas=2, improvements_per_area=2)
    admin = factory.person(role=Role.ADMIN)
    with app.app_context():
        _token, secret = tokens.create(db.session, db.session.get(Person, admin.id), "fuzz")
        db.session.commit()
    # identity: the WSGI transport does not undo Content-Encoding as an HTTP client would.
    headers = {"Authorization": f"Bearer {secret}", "Accept-Encoding": "identity"}

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    routes = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api-docs.openapi_json"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert len(operations) == len(routes) > 20

    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,  # the same examples on every run, so that CI is repeatable
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # Every check but positive_data_acceptance: schema-valid data that names an unknown
            # area or person is refused with 422 by design, which that check counts as a failure.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            run()
        except Exception as error:
            failures.append(f"{operation.label}: {error}")
    assert failures == [], "\n\n".join(failures)
