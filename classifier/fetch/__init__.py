"""Fetch answers to parliamentary questions from the Tweede Kamer open data (`evasion fetch`).

- `client`: the OData API through openkamer's tkapi, paced, retried and with typed errors
  (`TKClient`, `AnswerQuery`, `Transport`, `Politeness`);
- `download`: the resumable loop that writes each answer's file and its sidecar JSON
  (`fetch_answers`, `FetchResult`);
- `models`: what the API says about an answer (`AnswerRecord`, `Sidecar`);
- `sidecar`: the sidecar read back for scoring and reports (`read_sidecar`, `ApiMetadata`,
  `apply_sidecar`).

tkapi and requests are imported only when the API is used.
"""

from __future__ import annotations

from classifier.fetch.client import AnswerQuery, TKClient
from classifier.fetch.download import FetchResult, fetch_answers
from classifier.fetch.models import ANSWER_KINDS, AnswerRecord, Sidecar
from classifier.fetch.sidecar import ApiMetadata, apply_sidecar, read_sidecar, sidecar_path
from classifier.fetch.transport import Politeness, Transport

__all__ = [
    "ANSWER_KINDS",
    "AnswerQuery",
    "AnswerRecord",
    "ApiMetadata",
    "FetchResult",
    "Politeness",
    "Sidecar",
    "TKClient",
    "Transport",
    "apply_sidecar",
    "fetch_answers",
    "read_sidecar",
    "sidecar_path",
]
