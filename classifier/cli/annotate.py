"""Commands are added to this module by the work on their issue."""

from __future__ import annotations

from classifier.cli._app import annotations_app, app  # noqa: F401
