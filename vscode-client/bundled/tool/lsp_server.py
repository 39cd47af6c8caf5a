"""Starts the bundled backend-organizer language server (backendOrganizer.importStrategy = "useBundled").

The extension runs `<python> bundled/tool/lsp_server.py [lsp options]`. This puts the libraries bundled for this
interpreter first on sys.path (bundled/libs/cp3XY, then bundled/libs/common; see scripts/bundle_server.py and
libs/manifest.json) and runs `backend-organizer lsp`. Nothing is installed into the interpreter.

When the bundle has nothing for this interpreter (another Python version or implementation, another platform),
it says so on stderr and falls back to a backend-organizer installed in the interpreter; without one it exits
with status 3 and a message that says what to do. `--check` only reports, as one JSON line on stdout (exit 0
when the server can run), and is what the extension runs before it starts the server.

Kept to syntax that old Pythons parse, so that a too old interpreter gets the message instead of a SyntaxError.
"""

import io
import json
import os
import platform
import sys

TOOL = os.path.dirname(os.path.abspath(__file__))
LIBS = os.path.join(os.path.dirname(TOOL), "libs")
MANIFEST = os.path.join(LIBS, "manifest.json")
NO_SERVER_EXIT = 3


def read_manifest():
    try:
        with io.open(MANIFEST, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def describe_interpreter():
    version = "%d.%d.%d" % sys.version_info[:3]
    return "%s %s on %s-%s" % (platform.python_implementation(), version, sys.platform, platform.machine())


def bundled_folders(manifest):
    """(folders to put first on sys.path, None), or (None, why the bundle cannot serve this interpreter)."""
    if manifest is None:
        return None, "this copy of the extension has no bundled libraries (%s is missing)" % MANIFEST
    versions = ", ".join(manifest.get("versions", [])) or "none"
    supported = "the bundle has CPython %s for Linux x86-64" % versions
    if platform.python_implementation() != "CPython" or sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return None, supported
    tag = manifest.get("libs", {}).get("%d.%d" % sys.version_info[:2])
    if tag is None:
        return None, supported
    folders = [os.path.join(LIBS, tag)]
    if manifest.get("common"):
        folders.append(os.path.join(LIBS, manifest["common"]))
    missing = [folder for folder in folders if not os.path.isdir(folder)]
    if missing:
        return None, "the bundle is incomplete (%s is missing)" % missing[0]
    return folders, None


def environment_has_server():
    try:
        import importlib.util

        return importlib.util.find_spec("backend_organizer") is not None
    except (ImportError, ValueError):
        return False


def choose():
    """What runs the server: a dict with source ("bundled" | "environment" | None), folders and message."""
    interpreter = "%s (%s)" % (sys.executable, describe_interpreter())
    if sys.version_info < (3, 11):
        return {
            "source": None,
            "folders": [],
            "message": "backend-organizer needs Python 3.11 or newer; %s is too old. Set backendOrganizer.interpreter"
            " to a newer Python." % interpreter,
        }
    folders, why_not = bundled_folders(read_manifest())
    if folders is not None:
        return {"source": "bundled", "folders": folders, "message": ""}
    if environment_has_server():
        return {
            "source": "environment",
            "folders": [],
            "message": "The bundled server cannot run with %s: %s. Using the backend-organizer installed in that"
            " interpreter instead." % (interpreter, why_not),
        }
    return {
        "source": None,
        "folders": [],
        "message": "The bundled server cannot run with %s: %s. Set backendOrganizer.interpreter to one of those,"
        " or install the server into this interpreter (%s -m pip install backend-organizer)."
        % (interpreter, why_not, sys.executable),
    }


def activate(folders):
    for folder in reversed(folders):
        sys.path.insert(0, folder)


def check(choice):
    """Imports what the server needs (libcst's native module too) the way the server would; one JSON line."""
    report = {"source": choice["source"], "python": describe_interpreter(), "message": choice["message"]}
    if choice["source"] is not None:
        activate(choice["folders"])
        try:
            import importlib

            for module in ("backend_organizer", "libcst.native"):
                importlib.import_module(module)
            from backend_organizer import __version__

            report["version"] = __version__
            report["location"] = os.path.dirname(sys.modules["backend_organizer"].__file__ or "")
        except Exception as error:  # any import failure means the server cannot start
            report["source"] = None
            report["message"] = "The %s server cannot be imported with %s: %s: %s" % (
                choice["source"],
                sys.executable,
                type(error).__name__,
                error,
            )
    report["ok"] = report["source"] is not None
    sys.stdout.write(json.dumps(report) + "\n")
    return 0 if report["ok"] else NO_SERVER_EXIT


def main(argv):
    choice = choose()
    if argv[:1] == ["--check"]:
        return check(choice)
    if choice["message"]:
        sys.stderr.write(choice["message"] + "\n")
    if choice["source"] is None:
        return NO_SERVER_EXIT
    activate(choice["folders"])
    from backend_organizer.cli.main import main as cli_main

    return cli_main(["lsp"] + argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
