# Local defaults for every setting the project reads from the environment, exported for the
# Makefile's recipes, scripts/chat.sh and the image's entry point.  They are written in one
# place, ops/settings.py (standard library only: this runs before the virtual environment
# exists); a variable already set, and not empty, wins.
PROJECT_ROOT="${PROJECT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
_kine_python="${PROJECT_ROOT}/.venv/bin/python"
[ -x "$_kine_python" ] || _kine_python="$(command -v python3 || command -v python)"
_kine_settings="$(cd "$PROJECT_ROOT" && PROJECT_ROOT="$PROJECT_ROOT" "$_kine_python" -m ops.settings --shell)" \
  || { echo "scripts/env.sh: python -m ops.settings a échoué" >&2; return 1; }
eval "$_kine_settings"
unset _kine_python _kine_settings
mkdir -p "${PROJECT_ROOT}/var"
