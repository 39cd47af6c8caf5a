"""The plan as data for people and programs: the ``--json`` schema, the unified diff and the summary counts.

Both faces use these: the CLI prints them, the language server returns the same JSON from
``backendOrganizer.plan``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .model import Plan


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The stable JSON contract of ``backend-organizer plan --json``."""
    moved = {m.src: m.dst for m in plan.moves}
    return {
        "root": plan.root,
        "backend": plan.backend,
        "layout": plan.layout,
        "moves": [{"from": m.src, "to": m.dst, "reason": m.reason} for m in plan.moves],
        "created": [c.path for c in plan.created],
        "edits": [
            {"path": c.path, "count": len(c.edits), **({"newPath": moved[c.path]} if c.path in moved else {})}
            for c in plan.changes
        ],
        "warnings": [
            {"path": f.path, "line": f.line, "code": f.code, "message": f.message, "severity": f.severity}
            for f in plan.findings
            if f.severity != "info"
        ],
        "notes": [
            {"path": f.path, "line": f.line, "code": f.code, "message": f.message}
            for f in plan.findings
            if f.severity == "info"
        ],
        "packages": [
            {"category": p.category, "name": p.name, "path": p.path, "reason": p.reason, "exists": p.exists}
            for p in plan.packages
        ],
        "unclassified": [{"path": c.path, "reason": c.reason} for c in plan.classifications if c.package is None],
        "decisions": [
            {"path": c.path, "to": moved.get(c.path), "reason": c.reason, "runnerUp": c.runner_up}
            for c in plan.classifications
        ],
        "importModel": _import_model_json(plan),
        "verification": {
            "checkedImports": plan.verification.checked_imports,
            "ok": plan.verification.ok,
            "models": list(plan.verification.models),
            "unresolved": len(plan.verification.unresolved),
        },
        "summary": summary_counts(plan),
    }


def _import_model_json(plan: Plan) -> dict[str, Any] | None:
    model = plan.import_model
    if model is None:
        return None
    return {
        "kind": model.kind,
        "models": model.names(),
        "source": model.source,
        "evidence": [{"model": e.model, "path": e.path, "line": e.line, "what": e.what} for e in model.evidence],
        "counts": dict(model.counts),
    }


def summary_counts(plan: Plan) -> dict[str, int]:
    kinds: Counter[str] = Counter()
    for change in plan.changes:
        for edit in change.edits:
            kinds[edit.kind] += 1
    return {
        "filesMoved": len(plan.moves),
        "packagesCreated": sum(1 for c in plan.created if c.path.endswith("__init__.py")),
        "importsRewritten": kinds["import"] + kinds["usage"],
        "otherReferences": sum(n for k, n in kinds.items() if k not in {"import", "usage"}),
        "warnings": sum(1 for f in plan.findings if f.severity != "info"),
        "filesEdited": len(plan.changes),
    }


def plan_diff(plan: Plan) -> str:
    """A unified diff (git style, with renames) of every change the plan makes."""
    import difflib  # only for the diff (--json and the server's plans do not need it)

    moved = {m.src: m.dst for m in plan.moves}
    changes = {c.path: c for c in plan.changes}
    out: list[str] = []
    for path in sorted(set(changes) | set(moved)):
        dst = moved.get(path, path)
        out.append(f"diff --git a/{path} b/{dst}\n")
        if dst != path:
            out.append(f"rename from {path}\nrename to {dst}\n")
        change = changes.get(path)
        if change is not None:
            out.extend(
                difflib.unified_diff(
                    change.old_text.splitlines(keepends=True),
                    change.new_text.splitlines(keepends=True),
                    f"a/{path}",
                    f"b/{dst}",
                )
            )
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n\\ No newline at end of file\n"
    for created in plan.created:
        out.append(f"diff --git a/{created.path} b/{created.path}\nnew file mode 100644\n")
        out.extend(
            difflib.unified_diff([], created.content.splitlines(keepends=True), "/dev/null", f"b/{created.path}")
        )
    return "".join(out)
