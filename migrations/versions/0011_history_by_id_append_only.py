"""the history refers to people, areas, improvements and organisations by id; append-only;
pseudonymised people

Each event's item and each value that names a person, an area, an improvement or an
organisation is resolved to that row's id (by the email or code it was written with, now or
before a change of it); `value_kind` says which table the values' ids are in. A person's own
name, email, title, external id, team roles and API token names are no longer kept in the
history (they live on the person alone): the events stay, without those values. What cannot be resolved stays as text and is
listed here. Then triggers make the table append-only: the database refuses UPDATE and DELETE
(and, on PostgreSQL, TRUNCATE) of audit_event, whoever sends them.
"""
import logging

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'

log = logging.getLogger('alembic.runtime.migration')

# For each kind of item, its fields whose values name rows, and the table those rows are in.
REFERENCES = {
    'strategic_area': {'lead': 'person', 'co_owners': 'person', 'organisations': 'organisation'},
    'improvement': {
        'area': 'strategic_area',
        'owner': 'person', 'deputy': 'person',
        'organisation': 'organisation', 'organisations': 'organisation',
    },
    'person': {'organisation': 'organisation'},
    'meeting': {'attendees': 'person'},
    'decision': {'responsible': 'person', 'improvement': 'improvement'},
}
# The key each kind of row was written with.
KEYS = {'person': 'email', 'organisation': 'code', 'strategic_area': 'code', 'improvement': 'code'}
# A person's own fields and what is theirs alone: the history keeps that they changed.
PERSONAL = ('email', 'name', 'title', 'external_id', 'team_roles', 'token')

SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only: DELETE refused'); END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION USING MESSAGE = 'audit_event is append-only: ' || TG_OP || ' refused'; "
    "END $$",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
)

events = sa.table(
    'audit_event',
    sa.column('id', sa.Integer),
    sa.column('entity_type', sa.String),
    sa.column('entity_id', sa.Integer),
    sa.column('entity_label', sa.String),
    sa.column('field', sa.String),
    sa.column('old_value', sa.Text),
    sa.column('new_value', sa.Text),
    sa.column('value_kind', sa.String),
)


def _keys(conn):
    """For each kind, which ids each key (email, code) has named: now, and before a change."""
    named = {kind: {} for kind in KEYS}
    for kind, key in KEYS.items():
        for row_id, value in conn.execute(sa.text(f'SELECT id, {key} FROM {kind}')):
            named[kind].setdefault(_norm(kind, value), set()).add(row_id)
        changes = sa.select(events.c.entity_id, events.c.old_value, events.c.new_value).where(
            events.c.entity_type == kind, events.c.field == key
        )
        for row_id, *values in conn.execute(changes):
            for value in values:
                if value:
                    named[kind].setdefault(_norm(kind, value), set()).add(row_id)
    return named


def _norm(kind, value):
    return value.strip().lower() if kind == 'person' else value.strip()


def _ids(named, kind, value):
    """The ids a stored value names ('' for none), or None when a part of it names no single
    row."""
    if value is None:
        return None, True
    parts = [p for p in value.split(', ') if p] if value else []
    found = []
    for part in parts:
        rows = named[kind].get(_norm(kind, part), set())
        if len(rows) != 1:
            return value, False
        found.append(next(iter(rows)))
    return ','.join(str(i) for i in sorted(found)), True


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pseudonymised_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value_kind', sa.String(length=40), nullable=True))

    conn = op.get_bind()
    named = _keys(conn)
    existing = {
        kind: {row_id for (row_id,) in conn.execute(sa.text(f'SELECT id FROM {kind}'))}
        for kind in KEYS
    }
    unresolved = []
    cleared = 0
    rows = conn.execute(
        sa.select(
            events.c.id,
            events.c.entity_type,
            events.c.entity_id,
            events.c.entity_label,
            events.c.field,
            events.c.old_value,
            events.c.new_value,
        ).order_by(events.c.id)
    ).all()
    changed = []
    for event_id, entity_type, entity_id, label, field, old, new in rows:
        values = {}
        if entity_type in KEYS:
            if entity_id in existing[entity_type]:
                if label:
                    values['entity_label'] = ''
            else:
                unresolved.append(f'event {event_id}: {entity_type} {label!r} (no such row)')
        kind = REFERENCES.get(entity_type, {}).get(field)
        if kind is not None:
            old_ids, old_ok = _ids(named, kind, old)
            new_ids, new_ok = _ids(named, kind, new)
            if old_ok and new_ok:
                values.update(old_value=old_ids, new_value=new_ids, value_kind=kind)
            else:
                unresolved.append(f'event {event_id}: {entity_type} {field} {old!r} -> {new!r}')
        if entity_type == 'person' and field in PERSONAL and (old or new):
            values.update(old_value=None, new_value=None)
            cleared += 1
        if values:
            changed.append((event_id, values))
    for event_id, values in changed:
        conn.execute(sa.update(events).where(events.c.id == event_id).values(**values))
    log.info(
        'History: %s of %s events changed; %s values of a person\'s own fields (name, email, '
        'title, external id, team roles, token names) no longer kept; %s left as text.',
        len(changed), len(rows), cleared, len(unresolved),
    )
    for line in unresolved:
        log.warning('History left as text, %s', line)

    for statement in _triggers(conn):
        op.execute(statement)


def _triggers(conn):
    return SQLITE_TRIGGERS if conn.dialect.name == 'sqlite' else POSTGRESQL_TRIGGERS


def downgrade():
    conn = op.get_bind()
    if conn.dialect.name == 'sqlite':
        op.execute('DROP TRIGGER audit_event_no_update')
        op.execute('DROP TRIGGER audit_event_no_delete')
    else:
        op.execute('DROP TRIGGER audit_event_append_only ON audit_event')
        op.execute('DROP FUNCTION audit_event_append_only()')
    # Ids back to the keys the rows have now; the labels from the rows.
    keys = {
        kind: {row_id: value for row_id, value in conn.execute(sa.text(f'SELECT id, {key} FROM {kind}'))}
        for kind, key in KEYS.items()
    }

    def text(kind, ids):
        if ids is None:
            return None
        return ', '.join(sorted(keys[kind].get(int(i), i) for i in ids.split(',') if i))

    rows = conn.execute(
        sa.select(
            events.c.id, events.c.entity_type, events.c.entity_id, events.c.entity_label,
            events.c.old_value, events.c.new_value, events.c.value_kind,
        )
    ).all()
    for event_id, entity_type, entity_id, label, old, new, kind in rows:
        values = {}
        if entity_type in KEYS and not label:
            values['entity_label'] = keys[entity_type].get(entity_id, str(entity_id))
        if kind:
            values.update(old_value=text(kind, old), new_value=text(kind, new))
        if values:
            conn.execute(sa.update(events).where(events.c.id == event_id).values(**values))
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('value_kind')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('pseudonymised_at')
