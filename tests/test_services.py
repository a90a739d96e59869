"""The services take what they need: the language, the person and the settings come from the
caller (view, API, CLI), never from Flask's request, session, g or app."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = sorted((ROOT / "tracker" / "services").rglob("*.py"))
# What reads the request, the session, g, the app or the signed-in person.
REACHING = re.compile(
    r"from flask import|import flask$|current_app|current_user|flask\.request|flask\.session",
    re.M,
)
# Modules that read the request: a service imports none of them. The services ask tracker.access
# for its decisions, which are pure; the views' request guard is tracker.guard.
READS_THE_REQUEST = {
    "flask",
    "flask_login",
    "tracker.guard",
    "tracker.language",
    "tracker.views",
    "tracker.api",
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _reads_the_request(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in READS_THE_REQUEST)


def test_no_service_reaches_into_flask():
    assert len(SERVICES) > 10
    found = [
        f"{path.name}: {match.group(0)}"
        for path in SERVICES
        for match in REACHING.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_no_service_imports_a_module_that_reads_the_request():
    found = {
        path.name: sorted(m for m in _imports(path) if _reads_the_request(m)) for path in SERVICES
    }
    assert {name: modules for name, modules in found.items() if modules} == {}
    # The words and dates and the access decisions the services use are themselves free of the
    # request.
    for module in ("i18n.py", "access.py"):
        imported = _imports(ROOT / "tracker" / module)
        assert not any(_reads_the_request(m) for m in imported), (module, sorted(imported))


def test_the_checks_see_an_import_of_the_request(tmp_path):
    """The two checks above can fail: they see what they are meant to refuse."""
    path = tmp_path / "service.py"
    path.write_text(
        "import flask_babel\nfrom flask import request\nfrom tracker import language\n"
        "from tracker import access\nfrom tracker.guard import current_person\n"
    )
    assert REACHING.search(path.read_text())
    assert sorted(m for m in _imports(path) if _reads_the_request(m)) == [
        "flask",
        "flask.request",
        "tracker.guard",
        "tracker.guard.current_person",
        "tracker.language",
    ]
