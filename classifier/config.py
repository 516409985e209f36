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

def spacy_install_hint(name: str) -> str:
    """How to install the spaCy model `name`: the one the settings name, which is not always nl_core_news_sm."""
    return f"install it with `pip install {name}` or `python -m spacy download {name}`"


def _env_path(name: str, default: Path) -> Path:
    """A path from the environment; a leading ~ is the home folder, since a .env file or a service's settings
    pass the variable on as typed, where a shell would have expanded it."""
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


BUNDLED_MODEL_DIR = DATA_DIR / "model"
"""Where a wheel carries a copy of models/ (setup.py puts it there): an installed package has no models/ beside it."""

MODEL_FILE = "evasion.skops"
CARD_SUFFIX = ".card.json"
CARD_MD_SUFFIX = ".card.md"
ARRAYS_SUFFIX = ".arrays.npz"
"""The default model's file name, and what is written beside a model (its card, as JSON and Markdown, and
its scoring arrays; classifier.model.files). setup.py reads these four from this file's text to copy the
model into a wheel, so they stay plain strings."""


def default_model_locations() -> tuple[Path, Path]:
    """Where the default model is looked for, in order: models/ of the checkout, then the copy an installed
    package carries."""
    return PROJECT_DIR / "models" / MODEL_FILE, BUNDLED_MODEL_DIR / MODEL_FILE


def default_model_path() -> Path:
    """models/evasion.skops of the checkout, else the copy an installed package carries; when neither is there,
    the checkout's path, so that the error names where `evasion train` writes."""
    checkout, bundled = default_model_locations()
    return bundled if not checkout.is_file() and bundled.is_file() else checkout


TK_API_ROOT = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
"""The Tweede Kamer's OData API, the root openkamer's `tkapi` uses (`TKApi.api_root`)."""


def tk_api_root(value: str | None, *, name: str = "EVASION_TK_API") -> str:
    """An OData root as tkapi needs it: an http(s) URL ending in "/". Anything else is a SettingsError (exit 2)."""
    from urllib.parse import urlsplit

    from classifier.errors import SettingsError

    if value is None or not value.strip():
        return TK_API_ROOT
    root = value.strip()
    parts = urlsplit(root)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        shown = root if len(root) <= 60 else root[:60] + "…"
        raise SettingsError(f"{name}: expected an http(s) URL of an OData root, found {shown!r}",
                            hint=f"{'leave out' if name.startswith('-') else 'unset'} {name} to use the Tweede "
                            f"Kamer's own API, {TK_API_ROOT}")
    return root if root.endswith("/") else root + "/"


def _env_int(name: str, default: int, *, minimum: int, unit: str) -> int:
    """A whole number from the environment, else `default`; anything else is one SettingsError line."""
    from classifier.errors import SettingsError

    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise SettingsError(f"{name}: expected a whole number of {unit}, found {shown!r}",
                            hint=f"unset {name} to use the default, {default:,}") from None
    if number < minimum:
        raise SettingsError(f"{name}: expected a whole number of {unit} of at least {minimum:,}, found {number:,}",
                            hint=f"unset {name} to use the default, {default:,}")
    return number


@dataclass(frozen=True)
class Settings:
    spacy_model: str = field(default_factory=lambda: os.environ.get("EVASION_SPACY_MODEL") or "nl_core_news_sm")
    """The pipeline for training and for texts analysed directly; a trained model keeps the one on its card."""
    model_path: Path = field(
        default_factory=lambda: _env_path("EVASION_MODEL", default_model_path())
    )
    annotations_dir: Path = field(
        default_factory=lambda: _env_path("EVASION_ANNOTATIONS", PROJECT_DIR / "annotations")
    )
    store_path: Path = field(default_factory=lambda: _env_path("EVASION_STORE", Path("evasion.db")))
    office_holders: Path = field(
        default_factory=lambda: _env_path("EVASION_OFFICE_HOLDERS", DATA_DIR / "office_holders.csv")
    )
    max_input_bytes: int = field(
        default_factory=lambda: _env_int("EVASION_MAX_INPUT_BYTES", 20 * 1024 * 1024, minimum=1, unit="bytes")
    )
    """A larger input file is refused from its size alone, before it is read."""
    max_expanded_bytes: int = field(
        default_factory=lambda: _env_int("EVASION_MAX_EXPANDED_BYTES", 32 * 1024 * 1024, minimum=1, unit="bytes")
    )
    """What a compressed document may expand to: the parts of a .docx (declared and actual sizes),
    the streams a PDF decompresses, and the content its pages draw (forms counted each time)."""
    max_text_chars: int = field(
        default_factory=lambda: _env_int("EVASION_MAX_TEXT_CHARS", 2_000_000, minimum=1, unit="characters")
    )
    """Characters of text a .pdf or .docx may hold (a .txt is bounded by its size)."""
    max_pages: int = field(default_factory=lambda: _env_int("EVASION_MAX_PAGES", 2000, minimum=1, unit="pages"))
    """Pages a PDF may have."""
    tk_api: str = field(default_factory=lambda: tk_api_root(os.environ.get("EVASION_TK_API")))
    """The OData root `evasion fetch` asks (a mirror or a test server; `--api` overrides it)."""
    batch_size: int = 64
    random_state: int = 0
    report_min_pairs: int = field(
        default_factory=lambda: _env_int("EVASION_REPORT_MIN_PAIRS", 10, minimum=1, unit="pairs")
    )
    """Groups with fewer pairs are flagged in reports: their interval is too wide to compare."""
    report_min_letters: int = field(
        default_factory=lambda: _env_int("EVASION_REPORT_MIN_LETTERS", 3, minimum=1, unit="letters")
    )
    """Groups resting on fewer letters are flagged too: one long letter can hold many pairs, yet it is one
    minister's answer on one subject, and the interval (which resamples letters) cannot show how others vary."""
    report_bootstrap_resamples: int = 2000
    report_confidence: float = 0.95
    report_top_answers: int = 3
    """How many of a group's most evasive answers a report quotes."""


def get_settings() -> Settings:
    """Read the settings now, so tests can change the environment between calls.

    Raises errors.SettingsError (exit code 2) for an EVASION_* variable that is not a valid value.
    """
    return Settings()
