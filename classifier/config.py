"""Configuration in one place.

Every setting has a default that works from a clean checkout and an environment
variable that overrides it, so a notebook, the CLI and CI see the same values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
PROJECT_DIR = PACKAGE_DIR.parent

LABELS: tuple[str, ...] = ("substantive", "partial", "deflecting", "confidential")
"""The ordinal scale of ANNOTATION_GUIDE.md, least to most evasive."""

SPACY_INSTALL_HINT = (
    "install it with `pip install nl_core_news_sm` or `python -m spacy download nl_core_news_sm`"
)


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


@dataclass(frozen=True)
class Settings:
    spacy_model: str = field(default_factory=lambda: os.environ.get("EVASION_SPACY_MODEL", "nl_core_news_sm"))
    model_path: Path = field(
        default_factory=lambda: _env_path("EVASION_MODEL", PROJECT_DIR / "models" / "evasion.joblib")
    )
    annotations_dir: Path = field(
        default_factory=lambda: _env_path("EVASION_ANNOTATIONS", PROJECT_DIR / "annotations")
    )
    store_path: Path = field(default_factory=lambda: _env_path("EVASION_STORE", Path("evasion.db")))
    office_holders: Path = field(
        default_factory=lambda: _env_path("EVASION_OFFICE_HOLDERS", DATA_DIR / "office_holders.csv")
    )
    max_input_bytes: int = field(
        default_factory=lambda: int(os.environ.get("EVASION_MAX_INPUT_BYTES", str(20 * 1024 * 1024)))
    )
    batch_size: int = 64
    random_state: int = 0
    report_min_pairs: int = field(default_factory=lambda: int(os.environ.get("EVASION_REPORT_MIN_PAIRS", "10")))
    """Groups with fewer pairs are flagged in reports: their interval is too wide to compare."""
    report_bootstrap_resamples: int = 2000
    report_confidence: float = 0.95
    report_top_answers: int = 3
    """How many of a group's most evasive answers a report quotes."""


def get_settings() -> Settings:
    """Read the settings now, so tests can change the environment between calls."""
    return Settings()
