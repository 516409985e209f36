"""Puts the committed model into the wheel, so that a plain `pip install .` scores out of the box.

The model lives in models/ at the top of the project (the layout the flow is read from), outside the
`classifier` package whose files a wheel carries; package data cannot reach outside a package. A checkout or an
editable install reads it from models/ directly; a wheel gets a copy in classifier/data/model/, where
classifier.config looks when models/ is not beside the package.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


def model_files(config: Path) -> tuple[str, ...]:
    """The default model's file and the files read beside it, as classifier/config.py names them. Read from its
    text, not imported: a PEP 517 build does not put the package on setup.py's path, and an import would tie
    every build to config and the package's __init__ importing nothing the build's environment lacks."""
    names = {target.id: node.value.value for node in ast.parse(config.read_text(encoding="utf-8")).body
             if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
             for target in node.targets if isinstance(target, ast.Name)}
    stem = Path(names["MODEL_FILE"]).stem
    suffixes = ("ARRAYS_SUFFIX", "CARD_SUFFIX", "CARD_MD_SUFFIX")
    return (names["MODEL_FILE"], *(stem + names[suffix] for suffix in suffixes))


MODEL_FILES = model_files(Path(__file__).resolve().parent / "classifier" / "config.py")
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
