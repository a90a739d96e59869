"""Command-line tools: thin click commands over the services. `flask --app tracker --help`."""

import json
import os
import sys
from pathlib import Path

import click
from alembic.script import ScriptDirectory
from flask import current_app, render_template
from flask.cli import AppGroup, with_appcontext
from flask_babel import force_locale
from flask_migrate import upgrade
from sqlalchemy import text

from tracker import backup, oidc, publishing, sessions
from tracker.extensions import db
from tracker.models import Person, Role
from tracker.services import (
    ValidationError,
    deadlines,
    demo,
    people,
    periods,
    personal_data,
    plan_workbook,
    reminders,
    sign_in_links,
    summary,
    tokens,
)

users = AppGroup("users", help="Manage the people who can sign in.")


def _fail(message: str):
    db.session.rollback()
    raise click.ClickException(message)


def _validation_message(error: ValidationError) -> str:
    """The field messages in English, like the rest of the command line's output."""
    with force_locale("en"):
        return "\n".join(f"{field}: {' '.join(map(str, m))}" for field, m in error.errors.items())


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.MEMBER.value,
    show_default=True,
)
@click.option("--org", "org", default=None, help="Organisation code.")
@click.option("--title", default="", help="Job title.")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of stdin.")
def users_create(email, name, role, org, title, password_stdin):
    """Create a person who can sign in."""
    password = _read_password(password_stdin)
    try:
        person = people.create_person(
            db.session,
            email=email,
            name=name,
            role=role,
            organisation_code=org,
            title=title,
            password=password,
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        )
    except ValidationError as error:
        _fail(_validation_message(error))
    db.session.commit()
    click.echo(f"Created {person.email} ({person.role.value}).")


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of stdin.")
def users_set_password(email, password_stdin):
    """Set a person's password."""
    person = people.find_by_email(db.session, email)
    if person is None:
        _fail(f"No person has the email {email}.")
    password = _read_password(password_stdin)
    try:
        people.set_password(
            db.session,
            person,
            password,
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            now=sessions.clock(),
        )
    except ValidationError as error:
        _fail(_validation_message(error))
    db.session.commit()
    click.echo(f"Password set for {person.email}.")


@users.command("invite")
@click.argument("email")
def users_invite(email):
    """Invite a person to choose a password: an email with a link (7 days), or the link."""
    person = _person(email)
    try:
        sent = sign_in_links.invite(
            db.session,
            person,
            sessions.clock(),
            current_app.config,
            by=None,
            render=render_template,
            single_sign_on=oidc.configured(current_app),
        )
    except ValidationError as error:
        _fail(_validation_message(error))
    db.session.commit()
    until = f"{sent.expires_at:%Y-%m-%d %H:%M} UTC"
    if sent.emailed:
        click.echo(f"Invitation sent to {person.email}; the link works once, until {until}.")
        return
    click.echo(
        f"The invitation could not be emailed (set TRACKER_MAIL_SERVER, or see the mail "
        f"server's log). Pass this link on to {person.email} yourself; it works once, until "
        f"{until}:"
    )
    click.echo(sent.url)


@users.command("login-link")
@click.argument("email")
def users_login_link(email):
    """Print a single-use sign-in link for a person, valid for 15 minutes (BASE_URL first)."""
    person = _person(email)
    try:
        sent = sign_in_links.login_link(db.session, person, sessions.clock(), current_app.config)
    except ValidationError as error:
        _fail(_validation_message(error))
    db.session.commit()
    base = current_app.config["BASE_URL"]
    click.echo(
        f"A sign-in link for {person.email}; it works once, until "
        f"{sent.expires_at:%Y-%m-%d %H:%M} UTC. It starts with TRACKER_BASE_URL ({base}): if "
        "that is not the app's address, use the path after it with the right address."
    )
    click.echo(sent.url)


def _change(email: str, data: dict, done: str) -> None:
    """Change a person through the service (the same rules as the pages and the API: the last
    active admin stays one, nobody who answers for something becomes a politician)."""
    person = people.find_by_email(db.session, email)
    if person is None:
        _fail(f"No person has the email {email}.")
    try:
        changes = people.update(db.session, person, data, None, now=sessions.clock())
    except ValidationError as error:
        _fail(_validation_message(error))
    db.session.commit()
    click.echo(done.format(email=person.email) if changes else f"{person.email}: no change.")


@users.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def users_set_role(email, role):
    """Give a person another role (admin, member or politician)."""
    _change(email, {"role": role}, f"{{email}} is now {role}.")


@users.command("deactivate")
@click.argument("email")
def users_deactivate(email):
    """Deactivate a person: their history is kept and they can no longer sign in."""
    _change(email, {"active": False}, "{email} is deactivated.")


@users.command("activate")
@click.argument("email")
def users_activate(email):
    """Make a deactivated person active again."""
    _change(email, {"active": True}, "{email} is active again.")


@click.command("demo")
@with_appcontext
@click.option(
    "--reset", is_flag=True, help="Drop ALL tables and make them anew first, then load the demo."
)
@click.option("--if-empty", is_flag=True, help="Load only into an empty database; else do nothing.")
def demo_command(reset, if_empty):
    """Load the fictional demo municipality into an empty database."""
    password = current_app.config["DEMO_PASSWORD"]
    if reset:
        _rebuild_schema()
    elif not demo.is_empty(db.session):
        if if_empty:
            click.echo("The database already holds data; the demo was not loaded again.")
            _print_sign_ins(password)
            return
        _fail("The database is not empty. Use --reset to delete everything and load the demo.")
    day = current_app.config["REPORT_DEADLINE_DAY"]
    counts = demo.load(
        db.session,
        password=password,
        deadline_day=day,
        hash_method=current_app.config["PASSWORD_HASH_METHOD"],
    )
    db.session.commit()
    # The politicians start on a published report: last month's, as the chief executive's office
    # would have sent it to the municipal executive board.
    today = periods.today_local()
    span, values, publisher = demo.report(db.session, today, day)
    content = summary.build(db.session, span, today, day)
    publishing.publish(db.session, content, values, publisher, today)
    db.session.commit()
    counts["published report"] = 1
    click.echo("Loaded the demo: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")
    _print_sign_ins(password)


def _rebuild_schema() -> None:
    """Every table dropped and made again by the migrations: the history is append-only, so
    its rows are never deleted one by one."""
    db.session.remove()
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()


def _print_sign_ins(password: str) -> None:
    click.echo(f"Demo sign-ins (password {password}):")
    shown: dict[str, int] = {}
    for role, email, name in demo.sign_ins():
        if shown.get(role, 0) < 3:
            click.echo(f"  {role:<10} {email:<36} {name}")
            shown[role] = shown.get(role, 0) + 1


tokens_group = AppGroup("tokens", help="Personal access tokens for the JSON API.")


@tokens_group.command("create")
@click.argument("email")
@click.option("--name", default="command line", show_default=True, help="What the token is for.")
@click.option(
    "--days",
    type=int,
    default=tokens.DEFAULT_DAYS,
    show_default=True,
    help=f"Days until it expires (1 to {tokens.MAX_DAYS}).",
)
def tokens_create(email, name, days):
    """Create a token for a person; the token alone is printed on the last line."""
    person = people.find_by_email(db.session, email)
    if person is None or not person.active:
        _fail(f"No active person has the email {email}.")
    try:
        token, secret = tokens.create(db.session, person, name, days=days)
    except ValidationError as error:
        _fail(_validation_message(error))
    db.session.commit()
    click.echo(f"Token {token.name!r} for {person.email}, expires {token.expires_at:%Y-%m-%d}:")
    click.echo(secret)


@click.command("remind")
@click.option(
    "--period", default=None, help="YYYY-MM; default: the period whose deadline comes next."
)
@click.option("--dry-run", is_flag=True, help="Print the messages; send and record nothing.")
@with_appcontext
def remind_command(period, dry_run):
    """Email everyone with missing reports for a period, once a day at most."""
    config = current_app.config
    today = periods.today_local()
    period = period or deadlines.next_deadline_period(today, config["REPORT_DEADLINE_DAY"])
    try:
        periods.check(period, today)  # the one parser: a month that has begun
    except periods.Invalid as error:
        with force_locale("en"):  # the command line speaks English
            _fail(str(error.message))
    try:
        outcome = reminders.remind(
            db.session, period, today, config, render=render_template, dry_run=dry_run
        )
    except reminders.CannotRemind as error:
        if error.reason is reminders.Refusal.NO_MAIL_SERVER:
            _fail("Set TRACKER_MAIL_SERVER (and the other MAIL_ settings) to send reminders.")
        _fail(f"Reports for {period} cannot be made on /my now; reopen the period first.")
    if dry_run:
        for m in outcome.sent:
            click.echo(f"To: {m.person.email}\nSubject: {m.subject}\n\n{m.body}\n")
        click.echo(f"{_reminders(len(outcome.sent))} for {period} would be sent (dry run).")
    else:
        click.echo(f"{_reminders(len(outcome.sent))} for {period} sent.")
    if outcome.skipped:
        click.echo(f"{len(outcome.skipped)} already reminded today.")
    if outcome.failed:
        names = ", ".join(m.person.email for m in outcome.failed)
        _fail(f"{len(outcome.failed)} could not be sent (tried again on the next run): {names}")


def _reminders(num: int) -> str:
    return f"{num} reminder" if num == 1 else f"{num} reminders"


def _tools() -> backup.Tools:
    config = current_app.config
    return backup.Tools(pg_dump=config["PG_DUMP"], pg_restore=config["PG_RESTORE"])


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file):
    """Write a backup of the whole database to FILE (a new file).

    SQLite through its online backup API, PostgreSQL through pg_dump's custom format; both
    while the app goes on serving. The file holds personal data: keep it as safe as the
    database.
    """
    try:
        size = backup.take(db.engine, file, _tools())
    except backup.BackupError as error:
        _fail(str(error))
    click.echo(f"Backup written to {file} ({size / 1_048_576:.1f} MB).")


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file):
    """Restore the backup FILE into the configured database, which must be empty.

    Stop the app first. The file is checked before anything is written; a backup made by an
    older version of the app is upgraded to this version's schema.
    """
    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    try:
        restored = backup.restore(db.engine, file, script, _tools(), upgrade)
    except backup.BackupError as error:
        _fail(str(error))
    upgraded = f", upgraded from {restored.revision}" if restored.upgraded else ""
    click.echo(f"Restored {file}: schema {restored.head}{upgraded}; integrity checked.")
    names = {
        "person": "people",
        "strategic_area": "strategic areas",
        "improvement": "improvements",
        "status_update": "reports",
        "audit_event": "history events",
    }
    click.echo(", ".join(f"{n} {names[table]}" for table, n in restored.counts.items()) + ".")


@click.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(file):
    """Write the whole portfolio to FILE (a new .xlsx file) in the format the import reads.

    Every text of every audience is in it: keep it within the group.
    """
    content = plan_workbook.saved(plan_workbook.export(db.session))
    try:
        with os.fdopen(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
            f.write(content)
    except FileExistsError:
        _fail(f"{file} exists already.")
    except OSError as error:
        _fail(f"{file} could not be written: {error.strerror}.")
    click.echo(f"Wrote the portfolio to {file}.")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what the import would do; write nothing.")
@click.option(
    "--as",
    "admin",
    default=None,
    help="The email of the admin whose changes they are (default: the only active admin).",
)
@with_appcontext
def import_command(file, dry_run, admin):
    """Import FILE (an .xlsx workbook, a CSV file named for its sheet, or a zip of CSV files)
    in the format of `flask export` and the template: all or nothing.

    Prints what is created, changed and left unchanged in each sheet, and every error at its
    sheet, row and column; exits with 1 if there is an error, having written nothing.
    """
    actor = _admin(admin)
    limits = plan_workbook.Limits.of(current_app.config)
    try:
        with file.open("rb") as stream:
            book = plan_workbook.read(stream, file.name, limits, file.stat().st_size)
    except plan_workbook.Refused as refused:
        with force_locale("en"):
            _fail(str(refused.message))
    with (
        force_locale("en"),
        click.progressbar(length=book.rows(), label="Reading rows", file=sys.stderr) as bar,
    ):
        try:
            preview = plan_workbook.run(
                db.session,
                book,
                actor,
                today=periods.today_local(),
                deadline_day=current_app.config["REPORT_DEADLINE_DAY"],
                progress=bar.update,
            )
        except plan_workbook.StoredMeanwhile as meanwhile:
            _fail(str(meanwhile.message))
        _print_preview(preview)
    if not preview.ok or dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    if not preview.ok:
        click.echo(f"Nothing was imported: {len(preview.errors)} errors.", err=True)
        sys.exit(1)
    done = "Nothing was written (a dry run)." if dry_run else "Imported."
    click.echo(f"{done} Read {preview.rows} rows.")


def _admin(email: str | None) -> Person:
    if email:
        person = _person(email)
        if person.role != Role.ADMIN or not person.active:
            _fail(f"{email} is not an active admin.")
        return person
    admins = db.session.scalars(
        db.select(Person).where(Person.role == Role.ADMIN, Person.active.is_(True))
    ).all()
    if len(admins) != 1:
        _fail("Name the admin whose changes they are with --as EMAIL.")
    return admins[0]


def _print_preview(preview: plan_workbook.Preview) -> None:
    for outcome in preview.sheets:
        click.echo(
            f"{outcome.name}: {outcome.read} rows, {len(outcome.created)} new, "
            f"{len(outcome.changed)} changed, {len(outcome.unchanged)} unchanged."
        )
        for changed in outcome.changed:
            for header, old, new in changed.fields:
                click.echo(f"  {changed.key} (row {changed.row}): {header}: {old!r} -> {new!r}")
    for note in preview.notes:
        click.echo(f"Note: {note.sheet} {note.column}: {note.message}".replace("  ", " "))
    for error in preview.errors:
        click.echo(f"Error: {error.sheet}, row {error.row}, {error.column}: {error.message}")


people_group = AppGroup("people", help="A person's own data: export it, pseudonymise it.")


def _person(email: str) -> Person:
    person = people.find_by_email(db.session, email)
    if person is None:
        _fail(f"No person has the email {email}.")
    return person


@people_group.command("export")
@click.argument("email")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A new file to write (readable by its owner only); default: standard output.",
)
def people_export(email, output):
    """Everything the app holds about a person, as JSON (the right of access)."""
    document = personal_data.export(db.session, _person(email))
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        with os.fdopen(os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(text)
    except FileExistsError:
        _fail(f"{output} exists already.")
    click.echo(f"Wrote everything about {email} to {output}.", err=True)


@people_group.command("pseudonymise")
@click.argument("email")
@click.option("--decision", required=True, help="The disposal decision's reference.")
@click.option(
    "--decided-on",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The disposal decision's date, YYYY-MM-DD.",
)
def people_pseudonymise(email, decision, decided_on):
    """Pseudonymise a deactivated person under a disposal decision (cannot be undone)."""
    person = _person(email)
    name = person.name
    try:
        personal_data.pseudonymise(db.session, person, decision, decided_on.date(), None)
    except ValidationError as error:
        _fail(_validation_message(error))
    db.session.commit()
    click.echo(f"{name} is now {person.name} (disposal decision {decision}).")


def init_app(app):
    app.cli.add_command(people_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(export_command)
    app.cli.add_command(import_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(remind_command)
    app.cli.add_command(users)
    app.cli.add_command(tokens_group)
    app.cli.add_command(demo_command)
