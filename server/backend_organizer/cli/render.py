"""Human-readable output for the CLI (rich tables on a terminal, plain text otherwise)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ..core import api

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.api import Plan


def escape(text: str) -> str:
    """rich's markup escape, imported on first use: ``plan --json``, ``--check`` and ``check`` never load rich."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def render_plan(plan: Plan, console: Console) -> None:
    where = plan.backend or "."
    console.print(
        f"[bold]Backend[/bold] {escape(where)} in workspace {escape(plan.root)}; "
        f"scanned {plan.scanned_files} Python files"
    )
    render_import_model(plan, console)
    if plan.is_empty:
        console.print("[green]Already organized: nothing to move or rewrite.[/green]")
    if len(plan.moves) > MOVES_SHOWN_ONE_BY_ONE:
        _render_moves_by_package(plan, console)
    elif plan.moves:
        _render_moves(plan, console)
    renamed = [p for p in plan.packages if p.name != p.category or p.reason.startswith("configured")]
    if plan.created or renamed:
        console.print("[bold]New packages[/bold]")
        for created in plan.created:
            console.print(f"  + {escape(created.path)}  [dim]{escape(created.reason)}[/dim]")
        for package in renamed:
            console.print(f"  [yellow]![/yellow] {escape(package.name)}/: {escape(package.reason)}")
    staying = [c for c in plan.classifications if c.package is None]
    if staying:
        console.print("[bold]Stays where it is[/bold]")
        unplaced = [c for c in staying if c.reason.endswith(api.UNPLACED_HINT)]
        for c in staying:
            if c not in unplaced:
                console.print(f"  = {escape(c.path)}: [dim]{escape(c.reason)}[/dim]")
        if unplaced:
            names = ", ".join(c.path.rsplit("/", 1)[-1] for c in unplaced)
            console.print(
                f"  = {len(unplaced)} file{'s' if len(unplaced) > 1 else ''} no rule placed: {escape(names)} "
                "[dim](nothing strong enough in the name, what it defines or imports; `plan --explain FILE` shows "
                "why, a rule under [tool.backend-organizer] rules moves it)[/dim]"
            )
    if len(plan.changes) > MOVES_SHOWN_ONE_BY_ONE:
        kinds = Counter(e.kind for change in plan.changes for e in change.edits)
        summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        console.print(f"[bold]Edits[/bold]: {len(plan.changes)} files ({escape(summary)}); per file: --json")
    elif plan.changes:
        from rich.table import Table

        table = Table(title="Edits", expand=False)
        table.add_column("File", style="cyan", no_wrap=True)
        table.add_column("Edits", justify="right")
        table.add_column("Kinds")
        for change in plan.changes:
            kinds = Counter(e.kind for e in change.edits)
            table.add_row(
                escape(change.path),
                str(len(change.edits)),
                ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
            )
        console.print(table)
    render_findings(plan, console)
    render_summary(plan, console)


def render_explanation(path: str, destination: str | None, decision, signals, console: Console) -> None:
    """``plan --explain FILE``: the decision, then every signal strongest first, the deciding one marked."""
    where = f"→ {destination}" if destination else "stays where it is"
    console.print(f"[bold]{escape(path)}[/bold] {escape(where)}")
    console.print(f"  decided by: {escape(decision.reason)}")
    if decision.runner_up:
        console.print(f"  runner-up:  {escape(decision.runner_up)}")
    console.print("  every signal, strongest first:")
    for signal in signals or ():
        mark = "✓" if signal.reason == decision.reason else " "
        outcome = signal.category or "stays"
        console.print(f"   {mark} [{escape(signal.kind)}] {escape(signal.reason)} → {escape(outcome)}")
    if not signals:
        console.print("     (none: no rule matched)")


def render_import_model(plan: Plan, console: Console) -> None:
    """How the backend runs (``as import root backend/ and as package backend``) and why, briefly."""
    model = plan.import_model
    if model is None:
        return
    console.print(f"[bold]Runs as[/bold] {escape(model.describe())}", highlight=False)
    if not model.evidence:
        console.print(f"  [dim]{escape(model.source)}[/dim]", highlight=False)
        return
    counts = dict(model.counts)
    for kind in ("import-root", "package"):
        mine = [e for e in model.evidence if e.model == kind]
        shown = list({e.kind: e for e in reversed(mine)}.values())[::-1][:3]  # one of each kind of evidence
        if not shown:
            continue
        total = sum(n for key, n in counts.items() if key.startswith(kind + ":"))
        more = f" (+{total - len(shown)} more)" if total > len(shown) else ""
        reasons = "; ".join(f"{e.path}:{e.line} {e.what}" for e in shown)
        console.print(f"  [dim]{kind}: {escape(reasons)}{more}[/dim]", highlight=False)


#: Above this many moves the table groups them by package (every move is in --json and --diff).
MOVES_SHOWN_ONE_BY_ONE = 100


#: The Why column of the moves table needs this many characters to stay readable; else moves are a list.
WHY_WIDTH = 36


def _render_moves(plan: Plan, console: Console) -> None:
    """A From/To/Why table when it fits the terminal, else one line per move with its reason indented below."""
    src = max(len(m.src) for m in plan.moves)
    dst = max(len(m.dst) for m in plan.moves)
    if src + dst + WHY_WIDTH + 10 <= console.width:
        from rich.table import Table

        table = Table(title="Moves", show_lines=False, expand=False)
        table.add_column("From", style="cyan", no_wrap=True)
        table.add_column("To", style="green", no_wrap=True)
        table.add_column("Why")
        for move in plan.moves:
            table.add_row(escape(move.src), escape(move.dst), escape(move.reason))
        console.print(table)
        return
    console.print(f"[bold]Moves[/bold] ({len(plan.moves)})")
    for move in plan.moves:
        console.print(f"  [cyan]{escape(move.src)}[/cyan] → [green]{escape(move.dst)}[/green]")
        console.print(f"      [dim]{escape(move.reason)}[/dim]")


def _render_moves_by_package(plan: Plan, console: Console) -> None:
    from rich.table import Table

    groups: dict[str, list[str]] = {}
    for move in plan.moves:
        groups.setdefault(move.dst.rsplit("/", 1)[0], []).append(move.src.rsplit("/", 1)[-1])
    table = Table(title=f"Moves ({len(plan.moves)}, by package; every move with its reason: --json or --diff)")
    table.add_column("Into", style="green", no_wrap=True)
    table.add_column("Files", justify="right")
    table.add_column("For example")
    for package, names in sorted(groups.items()):
        shown = ", ".join(names[:4]) + (f", … {len(names) - 4} more" if len(names) > 4 else "")
        table.add_row(escape(package + "/"), str(len(names)), escape(shown))
    console.print(table)


def render_findings(plan: Plan, console: Console) -> None:
    warnings = [f for f in plan.findings if f.severity != "info"]
    notes = [f for f in plan.findings if f.severity == "info"]
    if warnings:
        console.print(f"[bold yellow]Warnings ({len(warnings)})[/bold yellow]")
        for f in warnings:
            console.print(
                f"  {escape(f.path)}:{f.line}: [yellow]{f.code}[/yellow] {escape(f.message)}", highlight=False
            )
    if notes:
        console.print(f"[bold]Notes ({len(notes)})[/bold]")
        for f in notes:
            console.print(f"  {escape(f.path)}:{f.line}: [dim]{f.code}[/dim] {escape(f.message)}", highlight=False)


def render_summary(plan: Plan, console: Console, verdict: str | None = None) -> None:
    counts = api.summary_counts(plan)
    verification = plan.verification
    static = (
        f"[green]every one of {verification.checked_imports} import bindings resolves to the same code[/green]"
        if verification.ok
        else f"[red]{len(verification.problems)} imports would break[/red]"
    )
    if verification.models:
        static = f"verified as {escape(' and as '.join(verification.models))}: {static}"
    if verification.unresolved:
        static += f"; {len(verification.unresolved)} imports resolve under no import model (see warnings)"
    console.rule("Summary")
    console.print(
        f"files moved: {counts['filesMoved']} · packages created: {counts['packagesCreated']} · "
        f"imports rewritten: {counts['importsRewritten']} · other references updated: "
        f"{counts['otherReferences']} · warnings: {counts['warnings']}"
    )
    console.print(f"verification: static check: {static}" + (f"; {verdict}" if verdict else ""))


def check_lines(plan: Plan) -> list[str]:
    """``plan --check``: one plain line per change an organized folder would not need (none when organized)."""
    if plan.is_empty:
        return []
    where = plan.backend or "."
    lines = [
        f"Not organized ({where}): {len(plan.moves)} files would move, {len(plan.changes)} would be edited "
        f"and {len(plan.created)} created; run `backend-organizer apply {where}`"
    ]
    lines += [
        f"  move {m.src} → {m.dst}  ({m.reason})" if m.reason else f"  move {m.src} → {m.dst}" for m in plan.moves
    ]
    lines += [f"  create {c.path}" for c in plan.created]
    lines += [f"  edit {c.path} ({len(c.edits)} edit{'' if len(c.edits) == 1 else 's'})" for c in plan.changes]
    return lines


def github_annotation(level: str, path: str, line: int, column: int, title: str, message: str) -> str:
    """A GitHub Actions workflow command (``::error file=…,line=…,col=…,title=…::message``), escaped."""

    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return f"::{level} file={prop(path)},line={line},col={column},title={prop(title)}::{data(message)}"
