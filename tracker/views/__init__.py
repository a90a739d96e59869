"""One blueprint per feature. Views are thin: form -> service -> one commit -> redirect."""

from tracker.converters import IdConverter
from tracker.views import (
    admin,
    agenda,
    areas,
    auth,
    completeness,
    dashboard,
    errors,
    faults,
    history,
    home,
    improvements,
    meetings,
    my,
    organisations,
    ownership,
    people,
    plan_workbook,
    portfolio,
    profile,
    reports,
    sign_in_links,
    summary,
    team_roles,
)

BLUEPRINTS = (
    auth,
    sign_in_links,
    home,
    my,
    completeness,
    dashboard,
    meetings,
    agenda,
    team_roles,
    portfolio,
    plan_workbook,
    areas,
    improvements,
    ownership,
    organisations,
    people,
    history,
    admin,
    summary,
    reports,
    profile,
    errors,
    faults,
)


def register_blueprints(app):
    app.url_map.converters["id"] = IdConverter
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
