"""Models as plain dicts in the API's shape, with references as natural keys (an email for a
person, a code for the rest). The API answers with them; the pages compare form input with them."""


def organisation(org):
    return {"code": org.code, "name": org.name, "kind": org.kind.value, "archived": org.archived}


def person(p):
    return {
        "id": p.id,
        "email": p.email,
        "name": p.name,
        "title": p.title,
        "organisation": p.organisation.code if p.organisation else None,
        "role": p.role.value,
        "active": p.active,
        "locale": p.locale,
        "external_id": p.external_id,
    }


def area(a):
    return {
        "code": a.code,
        "title": a.title,
        "description": a.description,
        "goal": a.goal,
        "lead": a.lead.email,
        "co_owners": [p.email for p in a.co_owners],
        "organisations": [o.code for o in a.organisations],
        "order": a.order,
        "plan_from": a.plan_from,
        "plan_to": a.plan_to,
        "archived": a.archived,
    }


def improvement(i):
    return {
        "code": i.code,
        "area": i.area.code,
        "title": i.title,
        "description": i.description,
        "owner": i.owner.email,
        "deputy": i.deputy.email if i.deputy else None,
        "organisation": i.organisation.code,
        "organisations": [o.code for o in i.organisations],
        "start": i.start,
        "due": i.due,
        "state": i.state.value,
        "closing_note": i.closing_note,
        "archived": i.archived,
    }


def event(e):
    return {
        "at": e.at,
        "actor": e.actor.email if e.actor else None,
        "action": e.action,
        "field": e.field,
        "old": e.old_value,
        "new": e.new_value,
    }


def update(u):
    return {
        "id": u.id,
        "improvement": u.improvement.code,
        "period": u.period,
        "status": u.status.value,
        "progress": u.progress,
        "comment": u.comment,
        "next_steps": u.next_steps,
        "risks": u.risks,
        "needs_decision": u.needs_decision,
        "decision_text": u.decision_text,
        "raise_to_politicians": u.raise_to_politicians,
        "politicians_text": u.politicians_text,
        "comment_audience": u.comment_audience.value,
        "next_steps_audience": u.next_steps_audience.value,
        "risks_audience": u.risks_audience.value,
        "organisation": u.organisation.code,
        "author": u.author.email,
        "created_at": u.created_at,
        "updated_at": u.updated_at,
        "version": u.version,
        "late": u.late,
    }


def missing(m):
    return {"improvement_reports": len(m.reports), "area_assessments": len(m.assessments),
            "total": m.total}  # fmt: skip


def tally(t, **key):
    return {**key, "due": t.due, "reported": t.reported, "late": t.late, "missing": t.missing}
