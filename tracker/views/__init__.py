"""One blueprint per feature. Views are thin: form -> service -> one commit -> redirect."""

from tracker.views import (
    admin,
    areas,
    auth,
    dashboard,
    errors,
    history,
    home,
    improvements,
    my,
    organisations,
    ownership,
    people,
    portfolio,
    profile,
    summary,
)

BLUEPRINTS = (
    auth, home, my, dashboard, portfolio, areas, improvements, ownership, organisations, people,
    history, admin, summary, profile, errors,
)  # fmt: skip


def register_blueprints(app):
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
