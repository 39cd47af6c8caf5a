"""Rewriting string literals that provably name module paths, and reporting those that only look like one.

Proven contexts are the APIs that import their argument: ``mock.patch("pkg.mod.attr")``,
``monkeypatch.setattr("mod.attr", …)``, ``importlib.import_module``, ``__import__``, ``find_spec``,
``pkgutil.resolve_name``, ``sys.modules[...]`` and ASGI app strings (``uvicorn.run("main:app")``). The literal
keeps its quotes and prefix; only the dotted module prefix inside it changes. Literals with escapes or
implicit concatenation are reported instead of rewritten.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import EditKind, Finding, TextEdit
from ..scan.index import FileIndex, StringRef
from ..scan.layout import search_root_of
from ..scan.sourcefile import SourceFile
from .context import FileWork, MoveContext, PlanState, files_whose_strings_mention, move_names
from .protocol import RuleResult

if TYPE_CHECKING:
    from ..scan.project import Project

#: String kinds (``scan.index.CONSTRUCTS``) whose call imports its argument: rewritten, not just reported.
PROVEN = frozenset({"patch", "setattr", "import_module", "__import__", "resolve_name", "sys_modules", "app"})


def _literal_body(source: SourceFile, ref: StringRef) -> tuple[int, int] | None:
    """Offsets of the characters between the quotes, if the literal spells its value verbatim."""
    start = source.offset(ref.span[0], ref.span[1])
    end = source.offset(ref.span[2], ref.span[3])
    literal = source.text[start:end]
    prefix_len = 0
    while prefix_len < len(literal) and literal[prefix_len] in "rRuUbB":
        prefix_len += 1
    for quote in ('"""', "'''", '"', "'"):
        if literal.startswith(quote, prefix_len) and literal.endswith(quote):
            body_start = start + prefix_len + len(quote)
            body_end = end - len(quote)
            if body_end >= body_start and source.text[body_start:body_end] == ref.value:
                return body_start, body_end
            return None
    return None


def _literal_parts(source: SourceFile, ref: StringRef) -> list[tuple[int, int]] | None:
    """Body offsets of each part of an implicitly concatenated literal (``"a.b" ".c"``), when every part spells
    its value verbatim and together they spell the value; None otherwise."""
    start = source.offset(ref.span[0], ref.span[1])
    end = source.offset(ref.span[2], ref.span[3])
    text = "(" + source.text[start:end] + ")"
    line_starts_ = [0]
    for index, char in enumerate(text):
        if char == "\n":
            line_starts_.append(index + 1)
    parts: list[tuple[int, int]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.STRING:
                continue
            literal = token.string
            quote = literal.lstrip("rRuUbBfF")
            if len(literal) - len(quote) and "f" in literal[: len(literal) - len(quote)].lower():
                return None
            width = 3 if quote[:3] in {'"""', "'''"} else 1
            body = quote[width:-width]
            if ast.literal_eval(literal) != body:
                return None  # escapes: the text does not spell the value
            at = line_starts_[token.start[0] - 1] + token.start[1] + (len(literal) - len(quote)) + width
            parts.append((start + at - 1, start + at - 1 + len(body)))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    if "".join(source.text[a:b] for a, b in parts) != ref.value:
        return None
    return parts


def _changed_span(source: SourceFile, ref: StringRef, new_value: str) -> tuple[int, int, str] | None:
    """One edit that turns the literal's value into ``new_value``: in its body, or in the one part of an
    implicitly concatenated literal that holds every changed character."""
    body = _literal_body(source, ref)
    if body is not None:
        return body[0], body[1], new_value
    parts = _literal_parts(source, ref)
    if parts is None:
        return None
    old = ref.value
    prefix = 0
    while prefix < min(len(old), len(new_value)) and old[prefix] == new_value[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new_value)) - prefix and old[-1 - suffix] == new_value[-1 - suffix]:
        suffix += 1
    begin, stop = prefix, len(old) - suffix
    offset = 0
    for a, b in parts:
        length = b - a
        if offset <= begin and stop <= offset + length:
            return a + begin - offset, a + stop - offset, new_value[prefix : len(new_value) - suffix]
        offset += length
    return None


def _module_prefix(ctx: MoveContext, importer: str, dotted: str, whole: bool) -> tuple[str, str, str] | None:
    """``(old_prefix, new_prefix, rest)`` when the module part of ``dotted`` is spelled differently now."""
    parts = dotted.split(".")
    roots = ctx.old.roots_for(importer)
    chain = None
    used = 0
    for count in range(len(parts), 0, -1):
        chain = ctx.old.resolve(".".join(parts[:count]), roots)
        if chain is not None:
            used = count
            break
        if whole:
            return None
    if chain is None or chain[-1].kind == "namespace":
        return None
    target = ctx.moved(chain[-1].path)
    importer_new = ctx.moved(importer)
    spelled = ctx.new.spell_absolute(importer_new, target, search_root_of(chain[0]))
    old_prefix = ".".join(parts[:used])
    if spelled is None or spelled == old_prefix:
        return None
    return old_prefix, spelled, ".".join(parts[used:])


def _relative_import_module(ctx: MoveContext, importer: str, ref: StringRef) -> str | None:
    """New value for ``import_module(".x", package=...)``."""
    value = ref.value
    level = len(value) - len(value.lstrip("."))
    package = ref.package
    old_package = ctx.old.package_of(importer) if package == "__package__" else (package or "").split(".")
    new_importer = ctx.moved(importer)
    new_package = ctx.new.package_of(new_importer) if package == "__package__" else old_package
    if not old_package or not new_package or level - 1 >= len(old_package):
        return None
    base = old_package[: len(old_package) - (level - 1)]
    dotted = ".".join(base + ([value[level:]] if value[level:] else []))
    chain = ctx.old.resolve(dotted, ctx.old.roots_for(importer))
    if chain is None:
        return None
    target = ctx.moved(chain[-1].path)
    new_name = ctx.new.spell_absolute(new_importer, target)
    if new_name is None:
        return None
    prefix = ".".join(new_package)
    if not new_name.startswith(prefix + "."):
        return new_name if package != "__package__" else None
    tail = new_name[len(prefix) + 1 :]
    return "." + tail


#: Last parts of dotted strings that are file names, not module paths (``'config.json'``, ``'models.pt'``).
FILE_EXTENSIONS = frozenset(
    {
        "json", "txt", "csv", "tsv", "yaml", "yml", "toml", "ini", "cfg", "env", "md", "rst", "pdf", "png", "jpg",
        "jpeg", "gif", "svg", "webp", "html", "htm", "css", "js", "log", "db", "sqlite", "sqlite3", "xml", "zip",
        "gz", "tar", "pkl", "pickle", "pt", "pth", "bin", "onnx", "parquet", "xlsx", "xls", "docx", "mp3", "mp4",
        "wav", "jsonl", "lock", "pem", "key", "crt",
    }
)  # fmt: skip


def _names_attribute(ctx: MoveContext, importer: str, dotted: str, prefix: str, indexes: dict[str, FileIndex]) -> bool:
    """Whether ``dotted`` continues its module prefix with something the module itself defines (or nothing):
    ``'config.json'`` continues ``config`` with ``json``, a module ``config.py`` imports, not defines."""
    rest = dotted[len(prefix) + 1 :].split(".")[0] if len(dotted) > len(prefix) else ""
    if not rest:
        return True
    chain = ctx.old.resolve(prefix, ctx.old.roots_for(importer))
    if chain is None:
        return False
    index = indexes.get(chain[-1].path)
    if index is None or index.has_module_getattr:
        return True
    imported = {a.asname or a.name.split(".")[0] for s in index.imports if s.top_level for a in s.names}
    defined = set(index.functions) | {c.name for c in index.classes} | (index.top_names - imported)
    return rest in defined


def rewrite_strings(
    ctx: MoveContext,
    source: SourceFile,
    index: FileIndex,
    moved_names: set[str],
    indexes: dict[str, FileIndex] | None = None,
) -> tuple[list[TextEdit], list[Finding]]:
    """Edits for proven module-path strings and findings for the unproven ones that name moved modules."""
    edits: list[TextEdit] = []
    findings: list[Finding] = []
    path = index.path
    indexes = indexes or {}
    for ref in index.strings:
        value = ref.value
        line = ref.span[0]
        if ref.kind == "annotation":
            continue  # string annotations follow the bindings; see rewrite_usages
        if ref.kind not in PROVEN:
            head = value.split(":", 1)[0]
            if not any(part in moved_names for part in head.split(".")):
                continue
            if head.rsplit(".", 1)[-1].lower() in FILE_EXTENSIONS:
                continue  # a file name such as 'config.json', not a module path
            if head.endswith(".py") and head[:-3] in moved_names:
                findings.append(
                    Finding(
                        path,
                        line,
                        "file-name-string",
                        f"string {value!r} names a file that moves; update it if it is a path",
                    )
                )
                continue
            found = _module_prefix(ctx, path, head, whole=False)
            attr = value.partition(":")[2].split(".")[0]
            full = f"{found[0]}.{attr}" if found is not None and attr and head == found[0] else head
            if found is not None and _names_attribute(ctx, path, full, found[0], indexes):
                findings.append(
                    Finding(
                        path,
                        line,
                        "unproven-string",
                        f"string {value!r} looks like a path into moved module {found[0]} (now {found[1]}); "
                        "not rewritten because it is not passed to an import or patch API",
                    )
                )
            continue
        if ref.kind == "import_module" and value.startswith("."):
            new_value = _relative_import_module(ctx, path, ref)
        else:
            module_part, colon, attr_part = value.partition(":")
            whole = ref.kind in {"import_module", "__import__", "sys_modules"} or bool(colon)
            found = _module_prefix(ctx, path, module_part, whole)
            if found is None:
                continue
            new_value = found[1] + ("." + found[2] if found[2] else "") + colon + attr_part
        if new_value is None or new_value == value:
            continue
        span = _changed_span(source, ref, new_value)
        if span is None:
            findings.append(
                Finding(
                    path,
                    line,
                    "string-not-rewritten",
                    f"{value!r} names a moved module but the literal has escapes or a computed part, so the tool "
                    f"cannot rewrite it; change it to {new_value!r} first",
                    "error",
                )
            )
            continue
        edits.append(
            TextEdit(span[0], span[1], span[2], "string", f"{ref.kind} target {value!r} → {new_value!r}", certain=True)
        )
        body = _literal_body(source, ref) or (span[0], span[1])
        # __import__("a.b") returns the top-level package "a": an undotted name that becomes dotted would now
        # return the new package, so a fromlist makes it return the module itself again. A module renamed in
        # place ("helpers" → "text_helpers") is still returned as is.
        renamed_in_place = "." not in value and "." not in new_value
        returns_other = not renamed_in_place and ("." not in value or new_value.split(".")[0] != value.split(".")[0])
        if ref.kind == "__import__" and returns_other:
            if ref.call_insert is not None and "." not in value:
                at = source.offset(*ref.call_insert)
                quote = source.text[body[0] - 1]
                edits.append(
                    TextEdit(
                        at,
                        at,
                        f", fromlist=[{quote}{value}{quote}]",
                        "string",
                        "keep __import__ returning the module itself",
                        certain=True,
                    )
                )
            else:
                findings.append(
                    Finding(
                        path,
                        line,
                        "import-call-result-changes",
                        f"__import__({new_value!r}) returns the package {new_value.split('.')[0]!r}, "
                        "not what it returned before; check how its result is used",
                    )
                )
    for dyn in index.dynamic:
        findings.append(
            Finding(
                path,
                dyn.line,
                "dynamic-import",
                f"{dyn.kind} with a computed target ({dyn.text}); cannot verify it after the move",
                "info",
            )
        )
    return edits, findings


class StringRule:
    """Module paths in proven strings (``mock.patch``, ``import_module`` …) are rewritten; strings that only look
    like one are reported."""

    name = "strings"
    reads = PROVEN | {"dotted", "annotation"}
    kinds: frozenset[EditKind] = frozenset({"string"})
    keeps_syntax = True
    in_cells = True
    yields = False
    #: a string the scripts rule rewrote as a path or a command is no longer in doubt
    superseded_by: Mapping[str, frozenset[str]] = {"scripts": frozenset({"file-name-string", "unproven-string"})}

    def affects(self, project: Project, moves: Mapping[str, str]) -> set[str]:
        """Files with a string naming a moved module or file."""
        return files_whose_strings_mention(project, move_names(moves))

    def rewrite(self, state: PlanState, file: FileWork) -> RuleResult:
        edits, findings = rewrite_strings(state.ctx, file.source, file.index, state.moved_names, state.indexes)
        return RuleResult(tuple(edits), tuple(findings))


RULE = StringRule()
