"""The README's table of topics is generated from bot/topics.py (ops/readme.py, make readme)."""
from bot.topics import TOPIC_TITLES
from ops import readme


def test_the_readme_lists_every_topic_with_its_title_as_generated():
    text = readme.README.read_text(encoding="utf-8")
    assert readme.with_table(text) == text, "run make readme"
    for topic, title in TOPIC_TITLES.items():
        assert f"| `{topic}` | {title} |" in text


def test_a_new_topic_changes_the_table(monkeypatch):
    text = readme.README.read_text(encoding="utf-8")
    monkeypatch.setitem(TOPIC_TITLES, "nouveau_sujet", "Un sujet de plus")
    assert "| `nouveau_sujet` | Un sujet de plus |" in readme.with_table(text)
    assert readme.with_table(text) != text
