"""`kine-review` (make review): teaching the assistant the questions it could not answer.

    kine-review [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--tracker-store URL]
                [--retention-days 30] [--nlu data/nlu.yml] [--state var/review.json]

Shows the unanswered questions of the period (the report's groups, most frequent first),
scrubbed, each with the three topics the assistant found likeliest.  One key per question:

    1 2 3   the question belongs to that topic: it is added to data/nlu.yml under it
    t       type a topic id (one of the intents of the training data)
    o       out of scope: added under out_of_scope (the assistant then declines politely)
    s       skip (it will not be shown again)
    q       quit (what was decided so far is kept)

A question is added only once (same text up to case, accents and punctuation: ops/nlu_data.key),
never when it is (or nearly is) a held-out question (tests/nlu_holdout.yml, the held-out half of
tests/real_questions.yml), and never under a second intent.  data/nlu.yml is not rewritten: the
line is inserted after the last example of the intent's block, every other byte unchanged.
Decisions are remembered in var/review.json (hashes of the questions, no text).  Afterwards:
``make train`` then ``make eval-nlu``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from ops import nlu_data, settings
from ops.report import DEFAULT_DAYS, Group, build, intent_label
from ops.figures import LOW_CONFIDENCE, TIMEZONE
from ops.tracker import DEFAULT_RETENTION_DAYS

ROOT = nlu_data.ROOT
DEFAULT_STATE = Path("var") / "review.json"
DEFAULT_NLU = Path("data") / "nlu.yml"
OUT_OF_SCOPE = "out_of_scope"
NOT_ASSIGNABLE = {"nlu_fallback", OUT_OF_SCOPE}


@dataclass
class Question:
    text: str  # scrubbed
    count: int
    guesses: List[Tuple[str, float]]  # the three likeliest intents (out_of_scope excluded), mean confidence


def questions_from(groups: Iterable[Group]) -> List[Question]:
    return [Question(g.representative.text, g.count, g.guesses(3, exclude=NOT_ASSIGNABLE)) for g in groups]


# -- remembering decisions ------------------------------------------------------------------------

def fingerprint(text: str) -> str:
    return hashlib.sha256(nlu_data.key(text).encode("utf-8")).hexdigest()[:24]


class State:
    """Decisions already taken, by fingerprint of the question (no text is stored)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.decisions: Dict[str, Dict] = {}
        if self.path.exists():
            self.decisions = json.loads(self.path.read_text(encoding="utf-8")).get("decisions", {})

    def seen(self, text: str) -> bool:
        return fingerprint(text) in self.decisions

    def remember(self, text: str, decision: str, intent: Optional[str] = None) -> None:
        self.decisions[fingerprint(text)] = {"decision": decision, "intent": intent,
                                             "date": dt.date.today().isoformat()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"version": 1, "decisions": self.decisions}, indent=1, sort_keys=True),
                             encoding="utf-8")
        os.replace(temporary, self.path)


# -- adding to the training data ------------------------------------------------------------------

class Refused(ValueError):
    """A question that must not be added (held out, already there under another intent…)."""


def training_line(text: str) -> str:
    """The question as one example line: one line, no Rasa entity markup ([x](y), [x]{…})."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\]\s*(?=[({\[])", "] ", text)
    return text


class TrainingData:
    """data/nlu.yml (and the other NLU files beside it, for duplicates) and the held-out questions."""

    def __init__(self, nlu: Path, root: Path = ROOT):
        self.nlu = Path(nlu)
        self.files = sorted({self.nlu, *[p for p in self.nlu.parent.glob("**/*.yml") if _is_nlu(p)]})
        self.intent_of: Dict[str, str] = {}
        for path in self.files:
            for intent, text in nlu_data.examples(path):
                self.intent_of.setdefault(nlu_data.key(text), intent)
        self.intents = {intent for intent in self.intent_of.values()}
        self.heldout = [nlu_data.key(text) for _, text in nlu_data.heldout(root)]

    def check(self, text: str, intent: str) -> Optional[str]:
        """None if ``text`` can be added under ``intent``; "present" if it already is; else raises."""
        line = training_line(text)
        if not nlu_data.key(line):
            raise Refused("question vide")
        if intent not in self.intents:
            raise Refused(f"« {intent} » n'est pas un sujet des données d'entraînement")
        if nlu_data.leaked(line, self.heldout):
            raise Refused("c'est (presque) une question du jeu de test tenu à part : l'ajouter fausserait "
                          "l'évaluation")
        already = self.intent_of.get(nlu_data.key(line))
        if already == intent:
            return "present"
        if already is not None:
            raise Refused(f"déjà dans les exemples, sous un autre sujet ({intent_label(already)})")
        return None

    def add(self, text: str, intent: str) -> bool:
        """Adds the question under ``intent``; False if it was already there."""
        if self.check(text, intent) == "present":
            return False
        line = training_line(text)
        append_example(self.nlu, intent, line)
        self.intent_of[nlu_data.key(line)] = intent
        return True


def _is_nlu(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return bool(re.search(r"^nlu:", head, re.M))


def _yaml_scalar_safe(line: str) -> str:
    # Inside a literal block scalar every character is kept as is; only a tab at the start
    # would change the indentation.
    return line.replace("\t", " ")


def append_example(path: Path, intent: str, text: str) -> None:
    """Inserts ``    - text`` after the last example of ``- intent: <intent>``'s block (or a new
    block at the end of the file), leaving every other line as it was."""
    content = path.read_text(encoding="utf-8")
    lines = content.splitlines(keepends=True)
    newline = "\r\n" if content.endswith("\r\n") else "\n"
    entry = f"    - {_yaml_scalar_safe(text)}{newline}"
    header = re.compile(rf"^- intent:\s*{re.escape(intent)}\s*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if header.match(line.rstrip("\r\n"))), None)
    if start is None:
        if lines and not lines[-1].endswith(("\n", "\r\n")):
            lines[-1] += newline
        lines += [f"- intent: {intent}{newline}", f"  examples: |{newline}", entry]
    else:
        last = None
        for i in range(start + 1, len(lines)):
            stripped = lines[i].rstrip("\r\n")
            if stripped.startswith("    - "):
                last = i
            elif stripped.strip() == "" or stripped.startswith("    ") or stripped.startswith("  examples:"):
                continue
            else:
                break
        if last is None:
            raise Refused(f"le bloc « {intent} » de {path.name} n'a pas la forme attendue (examples: |)")
        if not lines[last].endswith(("\n", "\r\n")):
            lines[last] += newline
        lines.insert(last + 1, entry)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text("".join(lines), encoding="utf-8")
    os.replace(temporary, path)


# -- the session -----------------------------------------------------------------------------------

HELP = "[1/2/3] ce sujet   [t] taper un sujet   [o] hors sujet   [s] passer   [q] quitter"


@dataclass
class Outcome:
    added: List[Tuple[str, str]]
    out_of_scope: int = 0
    skipped: int = 0
    refused: int = 0


def review(questions: Sequence[Question], data: TrainingData, state: State, read_key: Callable[[], str],
           read_line: Callable[[str], str], say: Callable[[str], None] = print) -> Outcome:
    """The review loop: one question at a time, one key each (module docstring)."""
    outcome = Outcome(added=[])
    todo = [q for q in questions if not state.seen(q.text)]
    if not todo:
        say("Aucune nouvelle question sans réponse à revoir.")
        return outcome
    say(f"{len(todo)} question(s) à revoir, les plus fréquentes d'abord.")
    for number, question in enumerate(todo, 1):
        say("")
        say(f"[{number}/{len(todo)}] « {question.text} »  ({question.count} fois)")
        for index, (intent, confidence) in enumerate(question.guesses, 1):
            say(f"   {index}. {intent_label(intent)} ({intent}, {confidence:.0%})")
        say(HELP)
        while True:
            key = (read_key() or "").strip().lower()[:1]
            intent = None
            if key == "q":
                say("Arrêt : les décisions prises sont gardées.")
                return outcome
            if key == "s":
                state.remember(question.text, "skipped")
                outcome.skipped += 1
                break
            if key in ("1", "2", "3") and int(key) <= len(question.guesses):
                intent = question.guesses[int(key) - 1][0]
            elif key == "o":
                intent = OUT_OF_SCOPE
            elif key == "t":
                intent = (read_line("Sujet (identifiant) : ") or "").strip()
            else:
                say(HELP)
                continue
            try:
                added = data.add(question.text, intent)
            except Refused as refusal:
                say(f"   Non ajoutée : {refusal}.")
                if intent not in data.intents:
                    continue  # a mistyped topic: ask again
                state.remember(question.text, "refused", intent)
                outcome.refused += 1
                break
            state.remember(question.text, "out_of_scope" if intent == OUT_OF_SCOPE else "added", intent)
            if intent == OUT_OF_SCOPE:
                outcome.out_of_scope += 1
            if added:
                outcome.added.append((intent, training_line(question.text)))
                say(f"   Ajoutée sous « {intent_label(intent)} ».")
            else:
                say("   Déjà dans les exemples sous ce sujet.")
            break
    return outcome


def next_steps(outcome: Outcome, nlu: Path) -> str:
    if not outcome.added:
        return "Rien d'ajouté aux données d'entraînement."
    return (f"{len(outcome.added)} question(s) ajoutée(s) à {nlu}. Ensuite :\n"
            f"  make train      réentraîne l'assistant (environ 2 minutes)\n"
            f"  make eval-nlu   mesure la compréhension sur les questions tenues à part (reports/nlu_holdout.md)\n"
            f"  git diff {nlu}  pour relire les ajouts")


def read_one_key() -> str:
    """One key press, without Enter, when the input is a terminal; a line otherwise."""
    if not sys.stdin.isatty():
        return sys.stdin.readline()
    import termios
    import tty

    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    try:
        tty.setcbreak(descriptor)
        return sys.stdin.read(1)
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date attendue au format AAAA-MM-JJ, pas « {text} »")


def main(argv: Optional[Sequence[str]] = None) -> int:
    today = dt.datetime.now(TIMEZONE).date()
    parser = argparse.ArgumentParser(prog="kine-review", description=(
        "Revue des questions restées sans réponse : les apprendre à l'assistant."))
    parser.add_argument("--since", type=_date, default=today - dt.timedelta(days=DEFAULT_DAYS - 1))
    parser.add_argument("--until", type=_date, default=today)
    parser.add_argument("--tracker-store", default=settings.get("TRACKER_STORE_URL"))
    parser.add_argument("--retention-days", type=float, default=DEFAULT_RETENTION_DAYS)
    parser.add_argument("--low-confidence", type=float, default=LOW_CONFIDENCE)
    parser.add_argument("--nlu", type=Path, default=DEFAULT_NLU, help="fichier des exemples (défaut : data/nlu.yml)")
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE, help="décisions déjà prises (var/review.json)")
    args = parser.parse_args(argv)
    if not args.tracker_store:
        print("Erreur : indiquez la base des conversations (--tracker-store ou TRACKER_STORE_URL).", file=sys.stderr)
        return 2
    if not args.nlu.exists():
        print(f"Erreur : {args.nlu} introuvable (lancez la revue depuis le dossier du projet).", file=sys.stderr)
        return 2
    report = build(args.tracker_store, args.since, args.until, args.retention_days, args.low_confidence)
    data = TrainingData(args.nlu, root=args.nlu.resolve().parents[1])
    outcome = review(questions_from(report.groups), data, State(args.state), read_one_key,
                     lambda prompt: input(prompt))
    print()
    print(f"Ajoutées : {len(outcome.added)} ; hors sujet : {outcome.out_of_scope} ; passées : {outcome.skipped} ; "
          f"refusées : {outcome.refused}.")
    print(next_steps(outcome, args.nlu))
    return 0


if __name__ == "__main__":
    sys.exit(main())
