"""Bundle the language server and its dependencies into the extension: bundled/libs/cp3XY/ per CPython version.

libcst (and PyYAML) ship native wheels tagged by CPython version, so each supported version gets its own folder,
filled by `pip install --target` with `--platform/--python-version --only-binary=:all:` (any Python with pip can
build every folder). The server itself is built as a wheel from the repository root first (not editable).
What is byte-identical in every version's folder (the pure-Python packages) is then moved to bundled/libs/common/,
which the launcher puts on sys.path after the version's folder: the .vsix carries one copy of it.
bundled/libs/manifest.json records what was bundled and a fingerprint of the inputs; an unchanged fingerprint
skips the work (use --force to rebuild). bundled/tool/lsp_server.py reads the manifest at run time.

vsce's secret scan (secretlint over every packaged file) takes more than ten minutes on the ~7,800 files of the
bundle, so `npm run package` turns it off (--allow-package-all-secrets --allow-package-env-file); the bundle is
pip-installed wheels and the server's own sources, and this script refuses a bundle that holds a .env file.

Usage: python scripts/bundle_server.py [--versions 3.11,3.12,3.13,3.14] [--force]
A version whose wheels the index does not have is left out (and said so) unless --strict is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CLIENT = Path(__file__).resolve().parents[1]
REPO = CLIENT.parent
LIBS = CLIENT / "bundled" / "libs"
MANIFEST = LIBS / "manifest.json"
VERSIONS = ("3.11", "3.12", "3.13", "3.14")
# libcst >= 1.9 has manylinux_2_28 wheels only; pip also accepts the older manylinux tags below it.
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux2014_x86_64")
TARGET = "linux-x64"


def fingerprint(versions: list[str]) -> str:
    """Hash of everything the bundle is made from: the project metadata, the server sources and this script."""
    digest = hashlib.sha256()
    files = [REPO / "pyproject.toml", Path(__file__).resolve()]
    files += sorted(
        p
        for p in (REPO / "server").rglob("*")
        if p.is_file() and not any(part == "__pycache__" or part.endswith(".egg-info") for part in p.parts)
    )
    for path in files:
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(",".join(versions).encode() + ",".join(PLATFORMS).encode())
    return digest.hexdigest()


def pip(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def build_wheel(out: Path) -> Path:
    """The server's wheel, built from a copy of its sources (setuptools would leave build/ in the repository)."""
    source = out / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(REPO / "server", source / "server", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE.txt"):
        shutil.copy2(REPO / name, source / name)
    proc = pip("wheel", "--no-deps", "--quiet", "-w", str(out), str(source))
    if proc.returncode != 0:
        sys.exit(f"bundle_server: building the backend-organizer wheel failed:\n{proc.stdout}{proc.stderr}")
    (wheel,) = out.glob("backend_organizer-*.whl")
    return wheel


def install_for(version: str, wheel: Path, dest: Path) -> str | None:
    """Installs the wheel and its runtime dependencies for CPython `version` into dest; an error text on failure."""
    platform_args = [arg for p in PLATFORMS for arg in ("--platform", p)]
    proc = pip(
        "install",
        "--quiet",
        "--no-compile",  # the .pyc files would be for the Python running this script only
        "--target",
        str(dest),
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        version,
        *platform_args,
        str(wheel),
    )
    if proc.returncode != 0:
        output = (proc.stderr or proc.stdout).strip()
        return output.splitlines()[-1] if output else "pip failed"
    shutil.rmtree(dest / "bin", ignore_errors=True)  # console scripts with this machine's shebang: unused
    return None


def tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for item in sorted([path, *path.rglob("*")] if path.is_dir() else [path]):
        if item.is_file():
            digest.update(item.relative_to(path.parent).as_posix().encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()


def share_identical(tags: list[str]) -> list[str]:
    """Moves the top-level entries that are the same in every version's folder into common/; their names."""
    first, *rest = (LIBS / tag for tag in tags)
    shared = []
    for entry in sorted(first.iterdir()):
        digest = tree_digest(entry)
        if all((other / entry.name).exists() and tree_digest(other / entry.name) == digest for other in rest):
            shared.append(entry.name)
    common = LIBS / "common"
    common.mkdir()
    for name in shared:
        shutil.move(str(first / name), str(common / name))
        for other in rest:
            shutil.rmtree(other / name) if (other / name).is_dir() else (other / name).unlink()
    return shared


def distributions(folder: Path) -> dict[str, str]:
    found = {}
    for info in sorted(folder.glob("*.dist-info")):
        name, _, version = info.name.removesuffix(".dist-info").partition("-")
        found[name] = version
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", default=",".join(VERSIONS), help="CPython versions (default: %(default)s)")
    parser.add_argument("--force", action="store_true", help="rebuild even when the inputs did not change")
    parser.add_argument("--strict", action="store_true", help="fail when a version cannot be bundled")
    args = parser.parse_args(argv)
    versions = [v.strip() for v in args.versions.split(",") if v.strip()]

    stamp = fingerprint(versions)
    if not args.force and MANIFEST.is_file():
        old = json.loads(MANIFEST.read_text())
        if old.get("fingerprint") == stamp and all((LIBS / tag).is_dir() for tag in old.get("libs", {}).values()):
            print(f"bundle_server: up to date ({', '.join(old['versions'])}) in {LIBS.relative_to(CLIENT)}")
            return 0

    shutil.rmtree(LIBS, ignore_errors=True)
    LIBS.mkdir(parents=True)
    bundled: dict[str, str] = {}
    skipped: dict[str, str] = {}
    contents: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="bo-bundle-") as tmp:
        wheel = build_wheel(Path(tmp))
        for version in versions:
            tag = "cp" + version.replace(".", "")
            error = install_for(version, wheel, LIBS / tag)
            if error:
                shutil.rmtree(LIBS / tag, ignore_errors=True)
                skipped[version] = error
                print(f"bundle_server: CPython {version} left out: {error}", file=sys.stderr)
                continue
            bundled[version] = tag
            contents[tag] = distributions(LIBS / tag)
            where = f"{LIBS.relative_to(CLIENT)}/{tag}"
            print(f"bundle_server: CPython {version} -> {where} ({len(contents[tag])} packages)")
    if not bundled or (args.strict and skipped):
        sys.exit(f"bundle_server: could not bundle {', '.join(skipped)}")
    env_files = [p for p in LIBS.rglob(".env*") if p.is_file()]
    if env_files:
        sys.exit(f"bundle_server: the bundle holds .env files (not packaged): {', '.join(map(str, env_files))}")
    shared = share_identical(list(bundled.values()))
    print(f"bundle_server: {len(shared)} identical entries moved to {LIBS.relative_to(CLIENT)}/common")
    manifest = {
        "target": TARGET,
        "platforms": list(PLATFORMS),
        "versions": list(bundled),
        "libs": bundled,
        "common": "common",
        "skipped": skipped,
        "distributions": contents,
        "fingerprint": stamp,
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
