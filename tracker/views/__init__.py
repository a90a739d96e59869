"""One blueprint per feature. Views are thin: form -> service -> one commit -> redirect."""

from tracker.views import auth, dashboard, errors, home, my, portfolio, profile, summary


def register_blueprints(app):
    for module in (auth, home, my, dashboard, portfolio, summary, profile, errors):
        app.register_blueprint(module.bp)
