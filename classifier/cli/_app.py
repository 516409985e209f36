"""The one Typer app. Command modules register on it; see classifier/cli/__init__.py.

Every command and group here is made with the classes below, which bring Typer's help and
errors to the conventions of Click programs: a flag has no value placeholder (not `<bool>`),
a positional is written `FILE...` in capitals (not `{files}...`), an option's value is `PATH`,
`TEXT` or `[a|b]`, a bad choice reads "'x' is not one of …" (not pydantic's "Value error, …"),
a number out of range "expected at least 1, found 0" (not "Input should be greater than or equal
to 1"), and an option that takes an optional value (`--store [PATH]`) never takes the next option as
its value.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from classifier import errors

try:  # the Typer this project runs on has its own parameter classes; older ones use Click's
    from typer.core import TyperArgument, TyperOption
except ImportError:  # pragma: no cover - depends on the installed typer
    TyperArgument = TyperOption = None  # type: ignore[assignment,misc]

OPTIONAL_VALUE_OPTIONS: dict[str, str] = {"--store": ""}
"""Options whose value may be left out, and what a bare option stands for ("" = the default store).

A bare option (last, or followed by another option or by a letter file) is rewritten to
`--store=` before parsing, so `report --store --by party` reads `--by` as an option, never
as the store's path."""

LETTER_SUFFIXES: tuple[str, ...] = (".txt", ".pdf", ".docx", ".html", ".htm")
"""The files `score` and `report` read; one following a bare `--store` is a letter, not the store."""


def typed_path(text: str | None) -> str | None:
    """A path option as the user meant it: a leading `~` is the home folder, as the shell reads `--out ~/x.json`,
    but not `--out=~/x.json`, where the shell leaves it (it made a folder named '~' in the working folder, and
    the line on stderr said "wrote … to ~/x.json")."""
    if text is None or not text.startswith("~"):
        return text
    return os.path.expanduser(text)


def names_folder(out: str | None) -> bool:
    """Does the `--out` the user typed end in a slash, naming a folder (`--out pages/`)? A Path loses it."""
    return out is not None and out.endswith(("/", os.sep))


def file_output(out: str | None, writes: str = "one file", option: str = "--out") -> Path | None:
    """`--out` (or another `option`) as the one file a command writes, from the text the user typed. A folder
    is refused before any work (OutputError, exit 17): an existing one, or a name ending in /, of which the
    write made a file of that name."""
    out = typed_path(out)
    if out is None:
        return None
    if not out.strip():
        raise errors.OutputError(f"expected a file name for {option}, found an empty one")
    if names_folder(out) or os.path.isdir(out):
        what = "names a folder (it ends in /)" if names_folder(out) and not os.path.isdir(out) else "is a folder"
        raise errors.OutputError(f"{what}, but {writes}; give a file name", path=out)
    return Path(out)


def folder_output(out: Path, writes: str = "html pages go into a folder") -> None:
    """Refuse, before any work, a folder output (`--out pages/`) that exists as something else (a file, a
    device): the first page written into it failed after the first letter was scored and saved (exit 17)."""
    if os.path.lexists(out) and not os.path.isdir(out):
        raise errors.OutputError(f"is a file, not a folder, but {writes}; give a folder name", path=out)


class Interrupted(Exception):
    """Ctrl-C inside a command. Typer would turn a KeyboardInterrupt into a bare exit code 130 without
    a word; carried past it as this, `run` can say "interrupted"."""


class OutputFailed(Exception):
    """An OSError that left a command: Typer would exit 1 on a closed pipe and show a traceback for a
    full disk; carried past it as this, `run` can tell whether standard output failed."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


# -- help and errors as Click programs write them ---------------------------------------------

_TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "path": "PATH", "file": "FILE", "datetime": "DATETIME"}


def _conventional_type(shown: str | None) -> str:
    """Typer's `<list[Path]>`, `<table|csv>`, `<bool>` as Click writes them: `PATH`, `[table|csv]`, nothing."""
    if not shown:
        return ""
    inner = shown[1:-1] if shown.startswith("<") and shown.endswith(">") else shown
    inner = re.sub(r"^list\[(.*)\]$", r"\1", inner)
    if inner == "bool":
        return ""
    if "|" in inner:
        return f"[{inner}]"
    return _TYPE_NAMES.get(inner.lower(), inner.upper())


if TyperArgument is not None and TyperOption is not None:

    class _Argument(TyperArgument):  # type: ignore[misc,valid-type]
        """A positional shown as `FILE` / `FILES...` (optional: `[PATH]`), its name in the help table."""

        def _placeholder(self) -> str:
            return (self.name or "arg").upper() + ("..." if self.nargs != 1 else "")

        def display_type_rich(self, ctx: Any) -> str | None:
            return self._placeholder()

        def get_error_hint(self, ctx: Any = None) -> str:
            return f"'{self._placeholder()}'"

        def _usage_display_name(self) -> str:
            return self._placeholder() if self.required else f"[{self._placeholder()}]"

    class _Option(TyperOption):  # type: ignore[misc,valid-type]
        """An option whose value placeholder is `PATH`, `TEXT`, `[a|b]`, or nothing for a flag."""

        def display_type_rich(self, ctx: Any) -> str | None:
            if self.is_flag or self.count:
                return ""
            if self.metavar is not None:
                return self.metavar
            return _conventional_type(self.display_type(ctx))


def _conventional(param: Any) -> None:
    """Give a parameter Click's placeholders (see _Argument and _Option); a no-op on other Typers."""
    if TyperArgument is None or TyperOption is None:  # pragma: no cover - depends on the installed typer
        return
    if type(param) is TyperArgument:
        param.__class__ = _Argument
        if param.metavar is None:  # the help table names it by its name; the type column holds FILE...
            param.metavar = param.name
    elif type(param) is TyperOption:
        param.__class__ = _Option


_BOUNDS = {"greater_than_equal": ("ge", "at least"), "greater_than": ("gt", "more than"),
           "less_than_equal": ("le", "at most"), "less_than": ("lt", "less than")}
"""pydantic's error types of a number out of range, with the key of its bound and the words for it."""

_KINDS = {"int_parsing": "a whole number", "int_from_float": "a whole number", "float_parsing": "a number"}
"""pydantic's error types of a value that is no number, with what was expected instead."""


def _plain_message(message: str, cause: BaseException | None = None) -> str:
    """A bad value in this project's words (classifier/errors.py: what was expected, what was found).

    Typer validates with pydantic and shows its wording: "Input should be greater than or equal to 1"
    for `-j 0`, which names neither the bound's meaning nor the value given, and "Value error, 'x' is
    not one of …" for a bad choice, which Click words "'x' is not one of …". `cause` is the pydantic
    ValidationError behind Typer's error, when there is one."""
    errors_of = getattr(cause, "errors", None)
    listed: list[dict[str, Any]] = errors_of() if callable(errors_of) else []
    first = listed[0] if listed else {}
    kind, found, ctx = first.get("type"), first.get("input"), first.get("ctx") or {}
    if kind in _BOUNDS and _BOUNDS[kind][0] in ctx:
        key, words = _BOUNDS[kind]
        return f"expected {words} {ctx[key]}, found {found}"
    if kind in _KINDS:
        return f"expected {_KINDS[kind]}, found {found!r}"
    return re.sub(r"^(?:Value error|Assertion failed), ", "", message)


def _bare_optional_values(args: list[str], options: set[str]) -> list[str]:
    """Rewrite a bare `--store` (see OPTIONAL_VALUE_OPTIONS) to `--store=` so it never takes the next option."""
    fixed: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            fixed += [arg, *rest]
            break
        if arg in options and (not rest or rest[0].startswith("-") or rest[0].lower().endswith(LETTER_SUFFIXES)
                               or os.path.isdir(rest[0])):  # a folder of letters; never a store
            arg = f"{arg}={OPTIONAL_VALUE_OPTIONS[arg]}"
        fixed.append(arg)
    return fixed


class _Conventions:
    """Mixed into the command and group classes: placeholders, plain errors, optional values."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            _conventional(param)
        return params

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        own = {opt for param in getattr(self, "params", []) for opt in getattr(param, "opts", [])}
        args = _bare_optional_values(args, own & set(OPTIONAL_VALUE_OPTIONS))
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except typer.BadParameter as exc:
            exc.message = _plain_message(exc.message, exc.__cause__)
            raise


class EvasionCommand(_Conventions, TyperCommand):
    """Every `evasion` command."""


class _Group(_Conventions, TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise Interrupted() from exc
        except (OSError, SystemExit) as exc:
            error = _os_error_in(exc)
            if error is None:
                raise
            raise OutputFailed(error) from exc


def _os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind `exc`. Rich answers a broken pipe with SystemExit(1), raised while handling
    the BrokenPipeError; a SystemExit without an OSError behind it is a plain exit and stays one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno is not None:
            return seen
        seen = seen.__context__
    return None


class _Typer(typer.Typer):
    """A Typer whose commands are EvasionCommands unless a command asks for another class."""

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(name, cls=cls or EvasionCommand, **kwargs)


def package_version() -> str:
    """The installed version of this package (pyproject.toml's), or "unknown" when run from a bare checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("evasion-classifier")
    except PackageNotFoundError:
        return "unknown"


app = _Typer(
    cls=_Group,
    name="evasion",
    help="Measure how evasive Dutch government answers to parliamentary questions are.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
annotations_app = _Typer(cls=_Group, help="Check, summarise and convert annotation files.", no_args_is_help=True)
app.add_typer(annotations_app, name="annotations")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"evasion, version {package_version()}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", is_eager=True, callback=_show_version
    ),
) -> None:
    """Measure how evasive Dutch government answers to parliamentary questions are."""
