"""The package that installs: the wheel built from a clean copy of the sources, installed in a
fresh virtual environment without the repository, migrates its database and serves /health and
/login with its templates, static files and compiled translations, under gunicorn.

Offline: the build uses this environment's setuptools and Babel (no isolated build environment),
and the new environment borrows this one's installed dependencies through a .pth file.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a fresh clone lacks (or the wheel does not need): the source copy leaves it behind, so a
# compiled catalogue or an old build in the checkout cannot stand in for the build's own.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".*",
    "build",
    "dist",
    "*.egg-info",
    "instance",
    "tests",
    "test-artifacts",
    "__pycache__",
    "*.py[co]",
    "*.mo",
)
TIMEOUT = 300


def run(*command, **options):
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=TIMEOUT, check=False, **options
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A virtual environment with the built wheel installed: (its python, its site-packages)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_IN_A_CLONE)
    dist = base / "dist"
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input")
    run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, source)
    (wheel,) = dist.glob("tracker-*.whl")

    venv = base / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    )
    run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel)
    # The dependencies: this environment's packages, as a plain path. A path in a .pth file does
    # not run that folder's own .pth files, so the checkout's editable install stays out.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python, site


@pytest.fixture
def environment(tmp_path):
    """The process environment of an installation: a secret, and nothing of this checkout's."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TRACKER_", "FLASK_", "PYTHON"))
        and name not in {"DATABASE_URL", "SECRET_KEY"}
    }
    env["SECRET_KEY"] = "wheel-check-" + "k" * 32
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (local http only)
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_for(url, server, log):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn stopped:\n{log.read_text()}"
        try:
            return get(url)
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer at {url}:\n{log.read_text()}")


def test_installed_wheel_migrates_and_serves(installed, environment, tmp_path):
    python, site = installed
    # -I: no PYTHONPATH, no user site, not the working directory on sys.path.
    where = run(python, "-I", "-c", "import tracker; print(tracker.__file__)", cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(site), "tracker was not imported from the wheel"

    flask = (python, "-I", "-m", "flask", "--app", "tracker")
    run(*flask, "db", "upgrade", cwd=tmp_path, env=environment)
    # Flask's instance folder of an installed app: <prefix>/var/tracker-instance.
    assert (python.parent.parent / "var" / "tracker-instance" / "tracker.db").is_file()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                python,
                "-I",
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "tracker:create_app()",
            ],
            cwd=tmp_path,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        status, _, body = wait_for(f"{base}/health", server, log)
        assert status == 200, body
        assert b'"database":"ok"' in body.replace(b" ", b"")

        status, _, body = get(f"{base}/login")
        page = body.decode()
        assert status == 200, page
        assert "Logga in" in page, "the Swedish catalogue was not compiled into the wheel"
        assert "Sign in" not in page
        stylesheet = re.search(r'href="(/static/css/app\.css\?v=\d+)"', page)
        assert stylesheet, page

        status, headers, css = get(base + stylesheet.group(1))
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert css == (ROOT / "static" / "css" / "app.css").read_bytes()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
