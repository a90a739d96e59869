"""The build step that makes an installed app whole (the metadata is in setup.cfg).

templates/, static/ and migrations/ sit beside tracker/ in the repository, where the design puts
them; an installed app has no repository, so the build copies them into the package
(tracker/templates, ...), where create_app looks first. The compiled catalogues (.mo) are not in
git: the build compiles them from the .po files, as `make translations` does in a checkout.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PACKAGE = "tracker"
APP_FOLDERS = ("templates", "static", "migrations")


class BuildWithAppFolders(build_py):
    def run(self):
        editable = getattr(self, "editable_mode", False)
        target = Path(self.build_lib) / PACKAGE
        if not editable:
            # A module renamed or removed since the last build must not linger in the next wheel.
            shutil.rmtree(target, ignore_errors=True)
        super().run()
        if editable:
            return  # an editable install reads the checkout's own folders and `make translations`
        ignore = shutil.ignore_patterns("__pycache__", "*.py[co]")
        for name in APP_FOLDERS:
            shutil.copytree(HERE / name, target / name, ignore=ignore)
        compile_catalogues(HERE / PACKAGE / "translations", target / "translations")


def compile_catalogues(source, target):
    """Every <lang>/LC_MESSAGES/*.po under source as .mo under target (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as file:
            catalog = read_po(file, locale=po.parent.parent.name)
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as file:
            write_mo(file, catalog)


setup(cmdclass={"build_py": BuildWithAppFolders})
