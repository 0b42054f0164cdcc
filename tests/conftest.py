from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


# The split: unit tests import and call the code; end-to-end tests (marker `servers`, README "Tests")
# start real processes: Rasa, the action server, PostgreSQL, Redis, nginx, chromium, podman. A test
# module that starts them marks itself (`pytestmark`); a test elsewhere that asks for one of these
# fixtures is marked here, so `-m "not servers"` (make test-unit) never starts a server.
END_TO_END_FIXTURES = {"served"}


def pytest_collection_modifyitems(items):
    for item in items:
        if END_TO_END_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.servers)


@pytest.fixture(scope="session")
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def faq_topics():
    path = SHARED / "faq_topics.yml"
    if not path.exists():
        pytest.skip("../shared/faq_topics.yml is not beside the project")
    return [t for t in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"] if t.get("must_say")]


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The production topology, started for real once per test run: PostgreSQL, Redis, the
    action server and two Rasa instances behind nginx (ops/stack/serve.py's Stack)."""
    from ops.stack.serve import Stack
    from ops.stack.services import free_port

    import shutil
    import tempfile

    logs = tmp_path_factory.mktemp("served")
    # PostgreSQL runs as the postgres user, which cannot enter pytest's private (0700) directories.
    services_dir = Path(tempfile.mkdtemp(prefix="kine-services-"))
    services_dir.chmod(0o755)
    env = dict(__import__("os").environ, TRACKER_SPOOL_DIR=str(logs / "spool"), TRACKER_STORE_STARTUP_TIMEOUT="20",
               TELEGRAM_TOKEN="", TELEGRAM_SECRET_TOKEN="", TELEGRAM_API_BASE_URL="", RASA_ENABLE_API="")
    stack = Stack(logs, production=True, serve_port=free_port(), rasa_ports=[free_port(), free_port()],
                  action_port=free_port(), actions_proxy_port=free_port(), postgres_port=free_port(),
                  redis_port=free_port(), durable=False, services_dir=services_dir, nginx_dir=services_dir / "nginx", env=env,
                  allowed_origins=["https://sante.example.fr"])
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(services_dir, ignore_errors=True)
