"""Shared test helpers: a small letter, a fake model, and headless Chromium.

- `letter_text` / `letter_file`: a four-question Kamervragen letter whose answers
  hold a secrecy cue, a postponement cue, a referral and markup-like text.
- `FakeModel` / `fake_model`: a duck-typed stand-in for classifier.model.modelfile.TrainedModel
  (`score_pairs`, `version`, `card`) whose labels follow from visible cues, so tests
  of scoring, the store and the pages do not depend on the trained model.
- `make_letter_score` / `scored_letter`: a LetterScore built from hand-made pairs
  with FakeModel, without the splitter (for store, HTML and report tests).
- `chromium`: renders an HTML file headless to a PNG and the DOM after layout, at any
  viewport size (a 420-pixel phone too), optionally evaluating a JavaScript expression in
  the laid-out page. When Chromium is missing it skips on a developer machine and fails
  under CI=true.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from classifier.config import LABELS
from classifier.types import CueSpan, Evidence, LetterMeta, LetterScore, Pair, PairScore, Signatory

SLOWEST_FIRST = ("tests/test_train.py", "notebooks/")
"""The files that take a minute or more (retraining the committed model, executing the notebooks). pytest-xdist
hands out whole files in collection order (`--no-loadscope-reorder`): started first, they run beside the rest
instead of after it, which made the suite a minute longer on two cores."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: not item.nodeid.startswith(SLOWEST_FIRST))  # stable: the rest keep their order

LETTER_TEXT = """\
Vragen van het lid Jansen (SP) aan de minister van Defensie over munitievoorraden.

Antwoord van minister Brekelmans (Defensie) (ontvangen 12 maart 2024).

Vraag 1

Hoeveel geld is in 2024 uitgegeven aan munitie?

Antwoord 1

In 2024 is € 3 miljard uitgegeven aan munitie.

Vraag 2

Welke voorraden zijn er op dit moment per munitiesoort?

Antwoord 2

Over de omvang van de voorraden worden om veiligheidsredenen in het openbaar geen uitspraken gedaan.

Vraag 3

Deelt u de mening dat de voorraden te klein zijn?

Antwoord 3

Zie antwoord op vraag 2.

Vraag 4

Wanneer verschijnt het plan, en klopt het dat "<script>alert('x')</script>" & <b>vet</b> in de mail stond?

Antwoord 4

De Kamer wordt voor de zomer geïnformeerd over het plan. Dat <script>alert('x')</script> & <b>vet</b> erin stond, klopt.
"""

FAKE_CUES: dict[str, tuple[str, str]] = {
    "om veiligheidsredenen": ("confidentiality", "confidential"),
    "voor de zomer": ("postponement", "deflecting"),
    "Zie antwoord op vraag": ("referral", "deflecting"),
}
"""Phrase → (cue family, label) for FakeModel."""


class FakeModel:
    """Labels a pair by the first FAKE_CUES phrase in its answer, else substantive."""

    version = "fake-1"
    card: dict = {"name": "fake", "version": "fake-1"}

    def __init__(self) -> None:
        self.calls = 0

    def score_pairs(self, pairs: Sequence[Pair]) -> list[PairScore]:
        self.calls += 1
        return [self._score(pair) for pair in pairs]

    def _score(self, pair: Pair) -> PairScore:
        cues, label = [], "substantive"
        for phrase, (family, cue_label) in FAKE_CUES.items():
            start = pair.answer.find(phrase)
            if start >= 0:
                cues.append(CueSpan(family=family, text=phrase, start=start, end=start + len(phrase)))
                if label == "substantive":
                    label = cue_label
        concrete = [
            CueSpan(family="NUMBER", text=m.group(), start=m.start(), end=m.end())
            for m in re.finditer(r"\d+", pair.answer)
        ]
        probabilities = {other: (0.7 if other == label else 0.1) for other in LABELS}
        score = sum(LABELS.index(other) * p for other, p in probabilities.items()) / 3
        return PairScore(
            question_id=pair.question_id,
            section=pair.section,
            party=pair.party,
            question=pair.question,
            answer=pair.answer,
            label=label,
            score=score,
            probabilities=probabilities,
            evidence=Evidence(cues=cues, concrete=concrete),
            referral_to=list(pair.referral_to),
            complete=pair.complete,
        )


@pytest.fixture
def fake_model() -> FakeModel:
    return FakeModel()


@pytest.fixture
def use_fake_model(monkeypatch: pytest.MonkeyPatch) -> FakeModel:
    """Scoring commands run with FakeModel instead of loading the trained model."""
    from classifier.scoring import score

    model = FakeModel()
    monkeypatch.setattr(score, "load_scorer", lambda _=None: model)
    # a worker process would load the real model: FakeModel exists only in this process
    monkeypatch.setattr(score, "default_jobs", lambda: 1)
    return model


@pytest.fixture
def letter_text() -> str:
    return LETTER_TEXT


@pytest.fixture
def letter_file(tmp_path: Path) -> Path:
    path = tmp_path / "munitie.txt"
    path.write_text(LETTER_TEXT, encoding="utf-8")
    return path


SAMPLE_ANSWERS: tuple[tuple[str, str], ...] = (
    ("Hoeveel geld is in 2024 uitgegeven aan munitie?", "In 2024 is € 3 miljard uitgegeven."),
    ("Welke voorraden zijn er per munitiesoort?", "Dat wordt om veiligheidsredenen niet openbaar gemaakt."),
    ("Deelt u die mening?", "Zie antwoord op vraag 2."),
    ("Klopt het dat <script>alert('x')</script> & <b>vet</b> in de mail stond?",
     "Ja; <script>alert('x')</script> & <b>vet</b> stond erin. U hoort voor de zomer meer."),
)


def make_letter_score(
    letter_id: str = "sample",
    qa: Sequence[tuple[str, str]] = SAMPLE_ANSWERS,
    *,
    content_hash: str | None = None,
    model: FakeModel | None = None,
) -> LetterScore:
    """A scored letter from (question, answer) tuples, numbered 1, 2, ...; no splitter involved."""
    from classifier.scoring.letter import summarize

    pairs = [
        Pair(
            letter_id=letter_id,
            question_id=str(i),
            question=question,
            answer=answer,
            party="SP" if i % 2 else None,
            referral_to=[m.group(1) for m in re.finditer(r"vraag (\d+)", answer)],
            position=i - 1,
        )
        for i, (question, answer) in enumerate(qa, start=1)
    ]
    scores = (model or FakeModel()).score_pairs(pairs)
    meta = LetterMeta(
        letter_id=letter_id,
        source=f"/letters/{letter_id}.txt",
        content_hash=content_hash or hashlib.sha256(letter_id.encode()).hexdigest(),
        doc_type="kamervragen",
        title=f"Vragen over munitie ({letter_id})",
        date=dt.date(2024, 3, 12),
        signatories=[Signatory(role="De minister van Defensie", name="R. Brekelmans", office="minister van Defensie")],
        ministry="Defensie",
    )
    return LetterScore(letter=meta, summary=summarize(scores), pairs=scores, model_version=FakeModel.version)


@pytest.fixture
def scored_letter() -> LetterScore:
    return make_letter_score()


# -- headless Chromium ------------------------------------------------------------

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


@dataclass(frozen=True)
class RenderedPage:
    screenshot: Path
    dom: str
    value: object = None
    """What the `evaluate` expression gave (JSON-able), when one was asked for."""


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _chromium_args(binary: str, profile: Path) -> list[str]:
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]


def render_in_chromium(binary: str, html: Path, workdir: Path, size: str = "1200,3000") -> RenderedPage:
    """Screenshot `html` and dump its DOM after layout, each in a fresh headless run."""
    url = html.resolve().as_uri()
    png = workdir / f"{html.stem}.png"
    base = _chromium_args(binary, workdir / "chromium-profile")
    shot = subprocess.run(
        [*base, f"--screenshot={png}", f"--window-size={size}", url],
        capture_output=True, text=True, timeout=120,
    )
    if shot.returncode != 0 or not png.exists():
        raise AssertionError(f"chromium screenshot failed ({shot.returncode}): {shot.stderr[-2000:]}")
    dump = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    if dump.returncode != 0:
        raise AssertionError(f"chromium --dump-dom failed ({dump.returncode}): {dump.stderr[-2000:]}")
    return RenderedPage(screenshot=png, dom=dump.stdout)


def render_emulated(binary: str, html: Path, workdir: Path, width: int, height: int,
                    evaluate: str | None = None) -> RenderedPage:
    """Load `html` in a viewport of exactly `width`×`height` CSS pixels, as a phone shows it.

    `--window-size` cannot go below 500 pixels wide in headless Chromium (a narrower screenshot
    is a 500-pixel page cut off), so this sets the viewport over the DevTools protocol
    (`--remote-debugging-pipe`: JSON messages ending in NUL on descriptors 3 and 4), with
    `mobile: true` so the page's viewport meta tag counts. After the load event it evaluates
    `evaluate` in the page (the page itself stays as it is), then takes the DOM and a screenshot.
    """
    import base64
    import json

    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()

    def on_descriptors_3_and_4() -> None:  # in the child, before exec
        read, write = os.dup(to_child_r), os.dup(from_child_w)
        os.dup2(read, 3)
        os.dup2(write, 4)

    process = subprocess.Popen(
        [*_chromium_args(binary, workdir / "chromium-cdp-profile"), "--remote-debugging-pipe", "about:blank"],
        preexec_fn=on_descriptors_3_and_4, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    os.close(to_child_r)
    os.close(from_child_w)
    commands, replies = os.fdopen(to_child_w, "wb", buffering=0), os.fdopen(from_child_r, "rb", buffering=0)
    pending = b""
    events: list[dict] = []
    sent = 0

    def receive() -> dict:
        nonlocal pending
        while b"\0" not in pending:
            chunk = replies.read(1 << 16)
            if not chunk:
                raise AssertionError("chromium closed the DevTools pipe")
            pending += chunk
        message, pending = pending.split(b"\0", 1)
        return json.loads(message)

    def send(method: str, params: dict | None = None, session: str | None = None) -> dict:
        nonlocal sent
        sent += 1
        message: dict = {"id": sent, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        commands.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = receive()
            if reply.get("id") == sent:
                if "error" in reply:
                    raise AssertionError(f"chromium: {method}: {reply['error']}")
                return reply["result"]
            events.append(reply)

    def wait_for(event: str, session: str) -> None:
        while not any(e.get("method") == event and e.get("sessionId") == session for e in events):
            events.append(receive())

    try:
        target = send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        send("Page.enable", session=session)
        send("Emulation.setDeviceMetricsOverride",
             {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True}, session)
        send("Page.navigate", {"url": html.resolve().as_uri()}, session)
        wait_for("Page.loadEventFired", session)

        def evaluated(expression: str) -> object:
            result = send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
            if "exceptionDetails" in result:
                raise AssertionError(f"chromium: {expression[:60]}…: {result['exceptionDetails']}")
            return result["result"].get("value")

        value = evaluated(evaluate) if evaluate else None
        dom = str(evaluated("document.documentElement.outerHTML"))
        png = workdir / f"{html.stem}-{width}x{height}.png"
        png.write_bytes(base64.b64decode(send("Page.captureScreenshot", {"format": "png"}, session)["data"]))
    finally:
        try:
            send("Browser.close")
        except (AssertionError, OSError):
            pass
        commands.close()
        replies.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return RenderedPage(screenshot=png, dom=dom, value=value)


def assert_nonblank_png(path: Path) -> None:
    """A PNG that decodes and holds more than one colour (a blank page is one colour)."""
    from PIL import Image

    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    with Image.open(path) as image:
        image.load()
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 1, f"{path} is a blank image"


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], RenderedPage]:
    """`chromium(html_path, size="1200,3000", evaluate=None)` → RenderedPage; skip without Chromium,
    except under CI=true.

    `size` is the viewport's "width,height" in CSS pixels. Narrower than 500 ("420,2000": a
    phone), or with a JavaScript expression to `evaluate` in the laid-out page, the page is
    loaded through the DevTools protocol (render_emulated); else by --screenshot and --dump-dom."""
    binary = find_chromium()
    if binary is None:
        message = "chromium is not installed (run `make browser` or apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    workdir = tmp_path_factory.mktemp("chromium")

    def render(html: Path, size: str = "1200,3000", evaluate: str | None = None) -> RenderedPage:
        width, height = (int(n) for n in size.split(","))
        if width < 500 or evaluate is not None:
            return render_emulated(binary, html, workdir, width, height, evaluate)
        return render_in_chromium(binary, html, workdir, size)

    return render


def write_fetch_sidecar(letter_file: Path) -> Path:
    """conftest's letter with the sidecar `evasion fetch` would write next to it: the API names another
    signer (R.A. Bakker) than the text (Brekelmans), other dates, and one postponement."""
    import datetime as dt

    from classifier.fetch.download import write_sidecar
    from classifier.fetch.models import AnswerRecord, Member, Minister, Postponement

    record = AnswerRecord(
        id="0f3c", number=letter_file.stem, kind="Antwoord schriftelijke vragen", date=dt.date(2024, 3, 14),
        submitters=[Member(name="L. Jansen", party="SP", relation="Indiener")],
        addressed_to=[Minister(name="R.A. Bakker", office="minister van Defensie", ministry="Defensie")],
        document_actors=[Minister(name="R.A. Bakker", office="minister van Defensie", ministry="Defensie")],
        date_asked=dt.date(2024, 2, 20), date_answered=dt.date(2024, 3, 14),
        postponements=[Postponement(id="9a1b", number="2024D09999", date=dt.date(2024, 3, 5))],
    )
    write_sidecar(letter_file, record, "https://api.example/", dt.datetime(2024, 3, 15, tzinfo=dt.timezone.utc))
    return letter_file
