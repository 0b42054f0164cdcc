# Local defaults for every setting the project reads from the environment.
# Sourced by the Makefile's recipes and the test scripts; any variable already
# set in the environment wins.
PROJECT_ROOT="${PROJECT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export RASA_PORT="${RASA_PORT:-5005}"
# The action server listens on this address only (rasa_sdk reads SANIC_HOST): Rasa on this
# machine reaches it, nothing else. A container sets 0.0.0.0 (a NetworkPolicy restricts it).
export SANIC_HOST="${SANIC_HOST:-127.0.0.1}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://localhost:${ACTION_PORT}/webhook}"
export TRACKER_STORE_URL="${TRACKER_STORE_URL:-sqlite:///${PROJECT_ROOT}/var/tracker.db}"
# Events that could not be written while the database was away (stores/tracker_store.py).
export TRACKER_SPOOL_DIR="${TRACKER_SPOOL_DIR:-${PROJECT_ROOT}/var/spool}"
# Lock store: in_memory (one Rasa process) or redis (several instances).
export LOCK_STORE_TYPE="${LOCK_STORE_TYPE:-in_memory}"
export REDIS_HOST="${REDIS_HOST:-localhost}"
export REDIS_PORT="${REDIS_PORT:-6379}"
export REDIS_DB="${REDIS_DB:-1}"
# Telegram (README, "Telegram"): empty token = channel off, the server still starts.
export TELEGRAM_TOKEN="${TELEGRAM_TOKEN:-}"
export TELEGRAM_SECRET_TOKEN="${TELEGRAM_SECRET_TOKEN:-}"
export TELEGRAM_BOT_NAME="${TELEGRAM_BOT_NAME:-}"
export TELEGRAM_WEBHOOK_URL="${TELEGRAM_WEBHOOK_URL:-}"
# Bot API server; empty = https://api.telegram.org.  The tests point it at a local fake.
export TELEGRAM_API_BASE_URL="${TELEGRAM_API_BASE_URL:-}"
# Rasa and TensorFlow are chatty; keep what matters.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export RASA_TELEMETRY_ENABLED="${RASA_TELEMETRY_ENABLED:-false}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
mkdir -p "${PROJECT_ROOT}/var"
