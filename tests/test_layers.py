"""What may import what (docs/architecture.md): each layer imports only the layers below it.

The services take what they need: the language, the person and the settings come from the
caller (view, API, CLI), never from Flask's request, session, g or app; the words and dates
(i18n.py) and the access decisions they use are themselves free of the request."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRACKER = ROOT / "tracker"

# A module (or every module below a folder) and the parts of the app it must never import.
NEVER = {
    "models.py": ["tracker.services", "tracker.access", "tracker.views", "tracker.api"],
    "status.py": ["tracker.models", "tracker.services", "tracker.views", "tracker.api"],
    "access.py": ["flask", "flask_login", "tracker.services", "tracker.guard", "tracker.language",
                  "tracker.views", "tracker.api"],
    "i18n.py": ["flask", "flask_login", "tracker.guard", "tracker.language", "tracker.views",
                "tracker.api"],
    "charts.py": ["flask", "tracker.extensions", "tracker.models", "tracker.services",
                  "tracker.views", "tracker.api"],
    "services": ["flask", "flask_login", "tracker.views", "tracker.api", "tracker.forms",
                 "tracker.guard", "tracker.sessions", "tracker.language", "tracker.charts",
                 "tracker.publishing"],
    "views": ["tracker.api"],
    "api": ["tracker.views", "tracker.forms"],
    "cli.py": ["tracker.views", "tracker.api"],
}  # fmt: skip
# The one crossing: the error handlers answer /api/ with the API's problem shape.
ALLOWED = {("views/errors.py", "tracker.api.common")}
# What reads the request, the session, g, the app or the signed-in person, however imported.
REACHING = re.compile(
    r"from flask import|import flask$|current_app|current_user|flask\.request|flask\.session",
    re.M,
)


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def crossings(where: str, root: Path = TRACKER) -> list[str]:
    place = root / where
    paths = sorted(place.rglob("*.py")) if place.is_dir() else [place]
    assert paths, where
    found = []
    for path in paths:
        name = path.relative_to(root).as_posix()
        for module in sorted(imports(path)):
            for layer in NEVER[where]:
                crosses = module == layer or module.startswith(layer + ".")
                if crosses and not any(module.startswith(a) for n, a in ALLOWED if n == name):
                    found.append(f"{name} imports {module}")
    return found


def reaching(root: Path = TRACKER) -> list[str]:
    return [
        f"{path.relative_to(root).as_posix()}: {match.group(0)}"
        for path in sorted((root / "services").rglob("*.py"))
        for match in REACHING.finditer(path.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("where", sorted(NEVER))
def test_a_layer_imports_only_the_layers_below_it(where):
    assert crossings(where) == []


def test_no_service_reaches_into_flask():
    assert len(list((TRACKER / "services").rglob("*.py"))) > 10
    assert reaching() == []


def test_the_check_sees_a_crossing(tmp_path):
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "x.py").write_text("from tracker.views.common import saving\n")
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "errors.py").write_text("from tracker.api.common import flatten\n")
    (tmp_path / "views" / "areas.py").write_text("from tracker.api import schemas\n")
    assert crossings("services", tmp_path) == [
        "services/x.py imports tracker.views.common",
        "services/x.py imports tracker.views.common.saving",
    ]
    assert crossings("views", tmp_path) == [
        "views/areas.py imports tracker.api",
        "views/areas.py imports tracker.api.schemas",
    ]
    (tmp_path / "services" / "y.py").write_text(
        "import flask_babel\nimport flask\nfrom tracker import language\n"
        "def f():\n    return flask.current_app, flask.session\n"
    )
    assert crossings("services", tmp_path)[2:] == [
        "services/y.py imports flask",
        "services/y.py imports tracker.language",
    ]
    assert reaching(tmp_path) == [
        "services/y.py: import flask",
        "services/y.py: current_app",
        "services/y.py: flask.session",
    ]
