"""Build hook: the wheel carries the kit's sample data and report template.

``datasets/`` (the sample CSVs) and ``report_templates/team_report.ipynb`` stay where
trainers and the docs expect them, at the top of the checkout; building the
wheel copies them into ``valuekit/_data/`` so an installed kit (a JupyterHub
learner environment, ``pip install valuekit-*.whl``) needs no checkout.
:mod:`valuekit._resources` finds them in either place. Everything else is in
pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

#: (source in the checkout, destination inside the package, file pattern)
PACKAGED = [
    ("datasets", "_data/sample", ("*.csv", "README.md")),
    ("report_templates", "_data/templates", ("*.ipynb",)),
]


class BuildWithData(build_py):
    def run(self):
        super().run()
        for source, target, patterns in PACKAGED:
            out = Path(self.build_lib) / "valuekit" / target
            out.mkdir(parents=True, exist_ok=True)
            for pattern in patterns:
                for path in sorted((ROOT / source).glob(pattern)):
                    shutil.copy2(path, out / path.name)


setup(cmdclass={"build_py": BuildWithData})
