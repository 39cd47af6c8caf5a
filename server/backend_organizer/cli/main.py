"""``backend-organizer``: argument parsing and the five commands, each a thin call into the engine."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from .. import __version__
from ..core import api
from . import render
from .render import escape

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.api import ApplyResult, Plan, RuntimeVerdict, StaleImport


class _LazyConsole:
    """A rich ``Console`` made on first use, so that ``plan --json``, ``--diff``, ``--check`` and ``check``
    (which print plain text) never import rich."""

    def __init__(self, **options: Any):
        self._options = options
        self._console: Console | None = None

    def _real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def certainly_no_terminal(self) -> bool:
        """True when rich's ``Console.is_terminal`` would be False, decided without making the console (the
        same tests: TTY_COMPATIBLE, FORCE_COLOR, then the stream's isatty)."""
        if self._console is not None:
            return False
        compatible = os.environ.get("TTY_COMPATIBLE", "")
        if compatible in {"0", "1"}:
            return compatible == "0"
        if os.environ.get("FORCE_COLOR") is not None:
            return False
        stream = sys.stderr if self._options.get("stderr") else sys.stdout
        isatty = getattr(stream, "isatty", None)
        try:
            return isatty is None or not isatty()
        except ValueError:
            return True


def _is_terminal(console: Console) -> bool:
    if isinstance(console, _LazyConsole) and console.certainly_no_terminal():
        return False
    return console.is_terminal


def terminal_columns() -> int:
    """What :func:`shutil.get_terminal_size` says of the width (``COLUMNS``, else standard output's terminal,
    else 80), without importing :mod:`shutil`, which loads zlib, bz2 and lzma."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, given the width: argparse makes one for every argument it adds, and without a
    width each asks :mod:`shutil` (a tenth of the start-up of ``--help``)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """An argument parser (and, through ``parser_class``, sub-parsers) with :class:`_Formatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="backend-organizer",
        description="Organize a flat Python backend into packages without breaking imports, tests or scripts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("path", nargs="?", default=".", help="the backend folder (default: the current folder)")
        p.add_argument("--root", help="workspace root (default: nearest folder with .git or pyproject.toml)")

    plan = sub.add_parser("plan", help="show what organizing would do, without changing anything")
    common(plan)
    plan.add_argument("--json", action="store_true", help="print the plan as one JSON object")
    plan.add_argument("--diff", action="store_true", help="print a unified diff of every change")
    plan.add_argument("--skip-unparsable", action="store_true", help="leave files that do not parse in place")
    plan.add_argument(
        "--explain",
        metavar="FILE",
        help="show every signal that decided where FILE goes (the winner and the runner-up)",
    )
    plan.add_argument(
        "--check",
        action="store_true",
        help="exit status 1 when the folder is not organized, printing what would change (pre-commit, CI)",
    )

    apply = sub.add_parser("apply", help="organize the backend (journaled; undo restores every byte)")
    common(apply)
    apply.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    apply.add_argument("--allow-dirty", action="store_true", help="allow uncommitted changes in touched files")
    apply.add_argument(
        "--no-stage",
        action="store_true",
        help="in a git work tree, leave the index alone (default: stage the renames, edits and new files)",
    )
    apply.add_argument("--skip-unparsable", action="store_true", help="leave files that do not parse in place")
    apply.add_argument("--json", action="store_true", help="print the applied plan as JSON")
    apply.add_argument(
        "--verify-imports",
        action="store_true",
        help="import every module before and after in scratch copies (runs project code); apply only if none regress",
    )
    apply.add_argument(
        "--run-tests",
        action="store_true",
        help="run the tests before and after in scratch copies (runs project code); apply only if none regress",
    )
    apply.add_argument("--test-command", metavar="CMD", help="test command for --run-tests (default: pytest)")
    apply.add_argument("--timeout", type=float, default=30.0, help="seconds per module import (default 30)")

    check = sub.add_parser("check", help="report stale imports (exit status 1 when there are any)")
    common(check)
    check.add_argument(
        "--format",
        choices=["text", "github"],
        default="text",
        help="text: path:line:col lines; github: GitHub Actions annotations (::error file=…)",
    )

    undo = sub.add_parser("undo", help="restore the tree as it was before the last apply")
    common(undo)
    undo.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    lsp = sub.add_parser("lsp", help="start the language server (stdio by default)")
    lsp.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    lsp.add_argument("--log-file", help="write the server log to this file")
    lsp.add_argument("-v", "--verbose", action="count", default=0, help="more logging")
    return parser


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[str], None]]:
    if not _is_terminal(console):
        yield lambda _phase: None
        return
    with console.status("starting") as status:
        yield lambda phase: status.update(f"{phase}…")


def _confirm(question: str, assume_yes: bool) -> bool:
    if assume_yes or not sys.stdin.isatty():
        return True
    answer = input(f"{question} [y/N] ").strip().lower()
    return answer in {"y", "yes"}


def _given_root(args: argparse.Namespace) -> Path | None:
    return Path(args.root) if args.root else None


def _root_for(args: argparse.Namespace) -> Path:
    return api.workspace_root(Path(args.path), _given_root(args))


def _recover(args: argparse.Namespace, err: Console) -> None:
    root = _root_for(args)
    if not api.needs_recovery(root):
        return  # nothing to recover (the usual case, also after an apply): the transaction code is not imported
    result = api.recover(root)
    if result is not None:
        err.print(f"[yellow]Recovered from an interrupted apply: restored {result.restored} changes.[/yellow]")
        for conflict in result.conflicts:
            err.print(f"[red]could not restore {conflict}[/red]")


def _plan(args: argparse.Namespace, err: Console) -> Plan:
    with _progress(err) as progress:
        return api.plan_organize(
            Path(args.path),
            _given_root(args),
            skip_unparsable=getattr(args, "skip_unparsable", False),
            progress=progress,
        )


def cmd_plan(args: argparse.Namespace, out: Console, err: Console) -> int:
    if args.explain:
        return _explain(args, out)
    plan = _plan(args, err)
    if args.json:
        print(json.dumps(api.plan_to_json(plan), indent=2))
    elif args.diff:
        sys.stdout.write(api.plan_diff(plan))
    elif args.check:
        for line in render.check_lines(plan):
            print(line)
    else:
        render.render_plan(plan, out)
    return 1 if args.check and not plan.is_empty else 0


def _explain(args: argparse.Namespace, out: Console) -> int:
    project = api.scan(Path(args.path), _given_root(args))
    target = Path(args.explain).resolve()
    try:
        rel = target.relative_to(project.root.resolve()).as_posix()
    except ValueError:
        raise api.WorkspaceError(f"{args.explain}: outside the workspace {project.root}") from None
    explained = api.explain(project, rel)
    if explained is None:
        raise api.WorkspaceError(f"{rel}: not a top-level Python file of the backend folder {project.backend or '.'}/")
    _, found, decision = explained
    destination = next((m.dst for m in api.decide(project).moves if m.src == rel), None)
    if args.json:
        print(
            json.dumps(
                {
                    "path": rel,
                    "to": destination,
                    "category": decision.category,
                    "reason": decision.reason,
                    "runnerUp": decision.runner_up,
                    "signals": [{"category": s.category, "kind": s.kind, "reason": s.reason} for s in found],
                },
                indent=2,
            )
        )
        return 0
    render.render_explanation(rel, destination, decision, found, out)
    return 0


def cmd_apply(args: argparse.Namespace, out: Console, err: Console) -> int:
    plan = _plan(args, err)
    if plan.is_empty:
        if args.json:
            print(json.dumps(api.plan_to_json(plan), indent=2))
        else:
            out.print("[green]Already organized: nothing to do.[/green]")
        return 0
    if not args.json:
        render.render_plan(plan, out)
    verdicts = _runtime_checks(args, plan, err)
    if any(not v.ok for v in verdicts):
        for verdict in verdicts:
            for what, why in verdict.regressions:
                err.print(f"[red]regression ({verdict.kind}):[/red] {escape(what)}: {escape(why)}")
        err.print("Nothing changed: the reorganization would break the project at run time (see above).")
        return 1
    if not _confirm("Apply this reorganization?", args.yes):
        err.print("Nothing changed.")
        return 1
    result = api.apply_plan(plan, allow_dirty=args.allow_dirty, stage=not args.no_stage)
    if args.json:
        print(json.dumps({**api.plan_to_json(plan), "applied": True, "staged": result.staged}, indent=2))
        return 0
    render.render_summary(plan, out, "; ".join([*(_verdict_text(v) for v in verdicts), "applied"]))
    out.print(
        f"[green]Applied:[/green] moved {result.moved} files, edited {result.written}, created {result.created}. "
        f"Undo with: backend-organizer undo {args.path}",
        soft_wrap=True,
    )
    _git_note(plan, result, args.no_stage, out)
    return 0


def _git_note(plan: Plan, result: ApplyResult, no_stage: bool, out: Console) -> None:
    """What the git index holds now, and what to run to commit the change."""
    root = Path(plan.root)
    if api.git_dir(root) is None:
        return
    if no_stage:
        paths = sorted(
            {
                *(m.src for m in plan.moves),
                *(plan.new_path(c.path) for c in plan.changes),
                *(m.dst for m in plan.moves),
                *(c.path for c in plan.created),
            }
        )
        out.print(
            "Nothing was staged (--no-stage). To record the change: git add -A -- " + " ".join(paths), soft_wrap=True
        )
        return
    out.print(
        "Staged in git: the renames, the edited files and the new files (one coherent change); "
        "commit it with: git commit -m 'Organize backend into packages'",
        soft_wrap=True,
    )
    if result.unstaged:
        out.print(
            "[yellow]Not staged[/yellow] (they had uncommitted changes before): "
            + ", ".join(result.unstaged)
            + "; review them and git add them yourself",
            soft_wrap=True,
        )


def _runtime_checks(args: argparse.Namespace, plan: Plan, err: Console) -> list[RuntimeVerdict]:
    if not (args.verify_imports or args.run_tests):
        return []
    project = api.scan(Path(args.path), _given_root(args))
    verdicts = []
    with _progress(err) as progress:
        if args.verify_imports:
            progress("importing every module before and after (scratch copies)")
            verdicts.append(api.verify_imports(plan, project, timeout=args.timeout))
        if args.run_tests:
            progress("running the tests before and after (scratch copies)")
            verdicts.append(api.run_tests(plan, project, args.test_command))
    for verdict in verdicts:
        for note in verdict.notes:
            err.print(f"[dim]{escape(note)}[/dim]")
    return verdicts


def _verdict_text(verdict: RuntimeVerdict) -> str:
    what = "modules imported" if verdict.kind == "imports" else "tests run"
    if verdict.ok:
        return f"{verdict.checked} {what} before and after: no regressions"
    return f"{len(verdict.regressions)} of {verdict.checked} {what} regress"


def cmd_check(args: argparse.Namespace, out: Console, err: Console) -> int:
    project = api.scan(Path(args.path), _given_root(args))
    api.require_python_files(project)
    stale = api.find_stale_imports(project)
    if args.format == "github":
        _github_check(project.root, stale, project.unparsable)
        return 1 if stale else 0
    for item in stale:
        print(f"{item.path}:{item.line}:{item.column}: {api.STALE_IMPORT} {item.message} (use `{item.replacement}`)")
    for path, line, message in project.unparsable:
        print(f"{path}:{line}:1: unparsable {message}", file=sys.stderr)
    if not stale and _is_terminal(err):
        err.print("No stale imports.")
    return 1 if stale else 0


def _github_check(root: Path, stale: list[StaleImport], unparsable: list[tuple[str, int, str]]) -> None:
    """``check --format github``: annotations with paths from the repository's checkout (GITHUB_WORKSPACE)."""
    base = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()

    def where(rel: str) -> str:
        return Path(os.path.relpath(Path(root).resolve() / rel, base)).as_posix()

    for item in stale:
        message = f"{item.message} (use `{item.replacement}`)"
        print(render.github_annotation("error", where(item.path), item.line, item.column, api.STALE_IMPORT, message))
    for path, line, message in unparsable:
        print(render.github_annotation("warning", where(path), line, 1, "unparsable", message))


def cmd_undo(args: argparse.Namespace, out: Console, err: Console) -> int:
    root = _root_for(args)
    if not _confirm(f"Undo the last reorganization of {root}?", args.yes):
        err.print("Nothing changed.")
        return 1
    result = api.undo_last(root)
    out.print(f"[green]Undone:[/green] restored {result.restored} changes; the tree is as it was before apply.")
    return 0


def cmd_lsp(args: argparse.Namespace, out: Console, err: Console) -> int:
    from ..lsp.server import run

    run(tcp=args.tcp, log_file=args.log_file, verbose=args.verbose)
    return 0


COMMANDS = {"plan": cmd_plan, "apply": cmd_apply, "check": cmd_check, "undo": cmd_undo, "lsp": cmd_lsp}


def run() -> NoReturn:
    """The console script and ``python -m backend_organizer``: :func:`main`, then exit with its status.

    The interpreter's shutdown collects garbage once more, over everything the command allocated (a plan's
    indexes and texts), and finds none: the objects are frozen out of that collection first."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # soft_wrap: printed lines are never broken (errors, warnings and path:line:col lines stay whole for
    # scripts and CI); tables still fit themselves to the terminal width
    out = cast("Console", _LazyConsole(highlight=False, soft_wrap=True))
    err = cast("Console", _LazyConsole(stderr=True, highlight=False, soft_wrap=True))
    try:
        if args.command != "lsp":
            if not Path(args.path).is_dir():
                err.print(f"[red]error:[/red] {args.path}: not a folder")
                return 2
            _recover(args, err)
        return COMMANDS[args.command](args, out, err)
    except api.OrganizerError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
