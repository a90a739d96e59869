"""What may import what (docs/architecture.md): each layer imports only the layers below it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRACKER = ROOT / "tracker"

# A module (or every module below a folder) and the parts of the app it must never import.
NEVER = {
    "models.py": ["tracker.services", "tracker.access", "tracker.views", "tracker.api"],
    "status.py": ["tracker.models", "tracker.services", "tracker.views", "tracker.api"],
    "access.py": ["flask", "flask_login", "tracker.services", "tracker.guard", "tracker.views",
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


@pytest.mark.parametrize("where", sorted(NEVER))
def test_a_layer_imports_only_the_layers_below_it(where):
    assert crossings(where) == []


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
