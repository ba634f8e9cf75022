#!/bin/sh
# Install what the workshop hub needs on this machine (run by `make hub-install`, as root):
#  1. JupyterHub + the idle culler into the kit's .venv (the hub runs from there);
#  2. configurable-http-proxy, pinned by hub/package-lock.json, into hub/node_modules;
#  3. the learners' environment in $HUB_DIR/env: a venv from an interpreter every account can
#     read ($HUB_PYTHON, Debian's /usr/bin/python3 by default: a pyenv or uv Python under
#     /root is unreadable to learners), with the kit installed as a package from
#     requirements.lock, files copied (not hard-linked to root's cache).
# Idempotent: a second run does nothing unless requirements.lock, pyproject.toml or lib/ changed.
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
HUB_DIR=${HUB_DIR:-/srv/valuekit-hub}
HUB_PYTHON=${HUB_PYTHON:-/usr/bin/python3}
EXTRAS=${EXTRAS:-test}

"$HUB_PYTHON" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' || {
  echo "hub/install.sh: $HUB_PYTHON is not Python 3.11+; set HUB_PYTHON=/path/to/python3.11" >&2
  exit 2
}
for tool in npm /usr/sbin/useradd; do
  command -v "$tool" >/dev/null || {
    echo "hub/install.sh: $tool is missing (Debian/Ubuntu: apt-get install nodejs npm passwd)" >&2
    exit 2
  }
done
"$BIN/python" -m uv --version >/dev/null 2>&1 \
  || "$BIN/python" -m pip install --quiet --disable-pip-version-check uv
# What the learners' environment was built from: skip the work when nothing changed.
stamp=$(cat requirements.lock pyproject.toml $(find lib -name '*.py' | sort) | sha256sum | cut -c1-16)
if ! "$BIN/python" -c "import jupyterhub, jupyterhub_idle_culler" 2>/dev/null \
   || [ "$(cat "$BIN/../.valuekit-hub-stamp" 2>/dev/null)" != "$stamp" ]; then
  "$BIN/python" -m uv pip install --quiet --compile-bytecode --python "$BIN/python" \
    -c requirements.lock -e ".[$EXTRAS,hub]"
  echo "$stamp" > "$BIN/../.valuekit-hub-stamp"
fi

if [ ! -x hub/node_modules/.bin/configurable-http-proxy ] \
   || [ hub/package-lock.json -nt hub/node_modules/.package-lock.json ]; then
  (cd hub && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$HUB_DIR"
chmod 755 "$HUB_DIR"
if [ ! -x "$HUB_DIR/env/bin/python" ]; then
  "$BIN/python" -m uv venv --quiet --python "$HUB_PYTHON" "$HUB_DIR/env"
fi
if [ "$(cat "$HUB_DIR/env/.valuekit-stamp" 2>/dev/null)" != "$stamp" ]; then
  "$BIN/python" -m uv pip install --quiet --compile-bytecode --link-mode=copy \
    --python "$HUB_DIR/env/bin/python" -c requirements.lock --reinstall-package valuekit ".[hub]"
  chmod -R a+rX "$HUB_DIR/env"
  echo "$stamp" > "$HUB_DIR/env/.valuekit-stamp"
fi
echo "hub/install.sh: learners' environment ready in $HUB_DIR/env"
