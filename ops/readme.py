"""The README's table of topics, generated from bot/topics.py (the one place for a topic's title).

    python -m ops.readme          (make readme) rewrites the table between the two markers
    python -m ops.readme --check  exits 1 when the README's table is not the generated one

tests/test_readme.py fails when a topic was added or renamed without ``make readme``.
"""
from __future__ import annotations

import argparse
import sys

from bot.topics import TOPIC_TITLES
from ops.settings import ROOT

README = ROOT / "README.md"
BEGIN = "<!-- topics: generated from bot/topics.py by `make readme`; do not edit by hand -->"
END = "<!-- /topics -->"


def topic_table() -> str:
    rows = [f"| `{topic}` | {title} |" for topic, title in TOPIC_TITLES.items()]
    return "\n".join([f"| topic id ({len(rows)}) | button title, as users see it |", "|---|---|", *rows])


def with_table(text: str) -> str:
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise SystemExit(f"README.md: markers {BEGIN!r} … {END!r} missing")
    return f"{head}{BEGIN}\n{topic_table()}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the table is up to date")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    wanted = with_table(text)
    if args.check:
        if wanted != text:
            print("README.md: the table of topics is out of date; run make readme", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
