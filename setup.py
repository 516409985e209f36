"""Puts the committed model into the wheel, so that a plain `pip install .` scores out of the box.

The model lives in models/ at the top of the project (the layout the flow is read from), outside the
`classifier` package whose files a wheel carries; package data cannot reach outside a package. A checkout or an
editable install reads it from models/ directly; a wheel gets a copy in classifier/data/model/, where
classifier.config looks when models/ is not beside the package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MODEL_FILES = ("evasion.skops", "evasion.arrays.npz", "evasion.card.json", "evasion.card.md")
BUNDLE = Path("classifier", "data", "model")


def bundle_model(models: Path, build_lib: Path) -> list[Path]:
    """Copy the model and the files read beside it (card, arrays) into the built package; a checkout without a
    trained model builds a package without one, as it would run without one."""
    target = build_lib / BUNDLE
    copied = []
    for name in MODEL_FILES:
        if (models / name).is_file():
            target.mkdir(parents=True, exist_ok=True)
            copied.append(Path(shutil.copyfile(models / name, target / name)))
    return copied


class BuildWithModel(build_py):
    def run(self) -> None:
        super().run()
        if not self.dry_run:
            bundle_model(Path(__file__).resolve().parent / "models", Path(self.build_lib))


if __name__ == "__main__":
    setup(cmdclass={"build_py": BuildWithModel})
