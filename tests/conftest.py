import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def faq_topics():
    path = SHARED / "faq_topics.yml"
    if not path.exists():
        pytest.skip("../shared/faq_topics.yml is not beside the project")
    return [t for t in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"] if t.get("must_say")]
