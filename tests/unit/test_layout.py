"""Import resolution over a virtual tree must match CPython's path finder."""

from __future__ import annotations

from backend_organizer.core.scan.layout import Layout


def test_regular_package_beats_module_beats_namespace():
    layout = Layout(["utils.py", "utils/__init__.py", "models.py", "data/x.json.py"], global_roots=[""])
    assert layout.resolve("utils", [""])[-1].kind == "package"
    assert layout.resolve("models", [""])[-1].path == "models.py"
    assert layout.resolve("data", [""])[-1].kind == "namespace"


def test_module_in_a_later_root_beats_a_namespace_portion_in_an_earlier_one():
    layout = Layout(["a/pkg/readme.py", "b/pkg.py"], global_roots=["a", "b"])
    chain = layout.resolve("pkg", ["a", "b"])
    assert chain[-1].kind == "module" and chain[-1].path == "b/pkg.py"


def test_submodules_and_modules_without_children():
    layout = Layout(["backend/__init__.py", "backend/database.py"], global_roots=[""])
    assert [t.path for t in layout.resolve("backend.database", [""])] == [
        "backend/__init__.py",
        "backend/database.py",
    ]
    assert layout.resolve("backend.database.x", [""]) is None


def test_roots_for_scripts_and_packages():
    layout = Layout(["app/main.py", "pkg/__init__.py", "pkg/sub/__init__.py", "pkg/sub/m.py"], global_roots=[""])
    assert layout.roots_for("app/main.py")[0] == "app"
    assert layout.roots_for("pkg/sub/m.py")[0] == ""
    assert layout.package_of("pkg/sub/m.py") == ["pkg", "sub"]
    assert layout.package_of("pkg/sub/__init__.py") == ["pkg", "sub"]
    assert layout.package_of("app/main.py") is None


def test_relative_resolution_and_spelling():
    layout = Layout(
        ["b/__init__.py", "b/db/__init__.py", "b/db/db.py", "b/svc/__init__.py", "b/svc/s.py"],
        global_roots=[""],
    )
    assert layout.resolve_relative("b/svc/s.py", 2, "db.db")[-1].path == "b/db/db.py"
    assert layout.relative_base("b/svc/s.py", 3) is None
    assert layout.spell_relative("b/svc/s.py", "b/db/db.py") == (2, "db.db")
    assert layout.spell_relative("b/svc/s.py", "b/svc/__init__.py") == (1, "")
    assert layout.spell_absolute("b/svc/s.py", "b/db/db.py") == "b.db.db"


def test_spelling_skips_a_name_that_resolves_elsewhere():
    layout = Layout(["x/database.py", "database/__init__.py"], global_roots=["", "x"])
    # "database" from root x would be shadowed by the package at the root: spell it through the namespace
    assert layout.spell_absolute("main.py", "x/database.py", prefer_root="x") == "x.database"
    only_x = Layout(["x/database.py", "database/__init__.py"], global_roots=["x", ""])
    assert only_x.spell_absolute("x/main.py", "x/database.py") == "database"
