"""The review of unanswered questions (ops/review.py, `make review`), driven through its
functions on a temporary copy of the project's data (never the real data/nlu.yml): each
accepted question ends up in nlu.yml exactly once, under the chosen intent, with every other
line unchanged; held-out questions and conflicts are refused; decisions are remembered;
the copy still passes `rasa data validate`."""
from __future__ import annotations

import datetime as dt
import difflib
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ops import nlu_data, review
from ops.bench import conversations as generate_conversations
from ops.report import build
from servers import BIN, ROOT

PILATES = "le pilates médical en cabinet de kiné, la sécu le prend en charge ?"
PIZZA = "tu connais une bonne pizzeria près de chez moi ?"
CHANGE = "mon kiné ne rend jamais la monnaie"
VITALE = "j'ai perdu ma carte vitale, comment être remboursé de mes séances de kiné ?"


@pytest.fixture
def project(tmp_path):
    """A copy of what `rasa data validate` and the review read."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    for name in ("domain.yml", "config.yml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, tmp_path / name)
    if (ROOT / "domain").is_dir():
        shutil.copytree(ROOT / "domain", tmp_path / "domain")
    (tmp_path / "tests").mkdir()
    for name in nlu_data.HOLDOUT_FILES:
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def heldout_variant():
    """A held-out question written a little differently (capitals, punctuation)."""
    intent, text = nlu_data.heldout(ROOT)[0]
    return intent, text.upper().rstrip(" ?") + " !!"


def scripted(*answers):
    answers = list(answers)
    return lambda *_: answers.pop(0)


def test_a_review_session_adds_each_accepted_question_once_under_its_intent(project):
    nlu = project / "data" / "nlu.yml"
    before = nlu.read_text(encoding="utf-8")
    held_intent, held_text = heldout_variant()
    questions = [
        review.Question(PILATES, 9, [("seances_non_remboursees", 0.41), ("acces_direct", 0.2), ("tarif_seance", 0.1)]),
        review.Question(PIZZA, 7, [("choisir_kine", 0.12), ("greet", 0.1), ("tarif_seance", 0.05)]),
        review.Question(CHANGE, 5, [("tarif_seance", 0.3), ("depassement_recours", 0.2), ("tiers_payant", 0.1)]),
        review.Question(VITALE, 3, [("remboursement_taux", 0.3), ("tarif_seance", 0.2), ("ald_100", 0.1)]),
        review.Question(held_text, 2, [(held_intent, 0.5), ("tarif_seance", 0.2), ("ald_100", 0.1)]),
    ]
    data, state = review.TrainingData(nlu, root=project), review.State(project / "var" / "review.json")
    said = []
    outcome = review.review(questions, data, state, read_key=scripted("1", "o", "s", "t", "t", "1"),
                            read_line=scripted("sujet_inexistant", "tiers_payant"), say=said.append)
    transcript = "\n".join(said)
    assert outcome.added == [("seances_non_remboursees", PILATES), ("out_of_scope", PIZZA), ("tiers_payant", VITALE)]
    assert (outcome.skipped, outcome.refused, outcome.out_of_scope) == (1, 1, 1)
    assert "n'est pas un sujet" in transcript and "jeu de test tenu à part" in transcript
    assert "Le remboursement des séances (remboursement_taux, 30%)" in transcript  # the three guesses, titled

    after = nlu.read_text(encoding="utf-8")
    # Nothing else changed: the diff is three inserted lines.
    diff = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:1] in "+-?"]
    assert sorted(diff) == sorted(f"+     - {text}" for text in (PILATES, PIZZA, VITALE))
    found = Counter((intent, text) for intent, text in nlu_data.examples(nlu))
    assert found[("seances_non_remboursees", PILATES)] == 1 and found[("out_of_scope", PIZZA)] == 1
    assert found[("tiers_payant", VITALE)] == 1
    assert not [t for _, t in nlu_data.examples(nlu) if nlu_data.key(t) in (nlu_data.key(CHANGE), nlu_data.key(held_text))]
    # Each line went to the end of its intent's block.
    lines = after.splitlines()
    index = lines.index(f"    - {PILATES}")
    assert lines[index + 1].startswith("- intent:") or not lines[index + 1].strip()

    # Remembered: a second session shows none of them again; the file stays as it is.
    again = []
    second = review.review(questions, review.TrainingData(nlu, root=project),
                           review.State(project / "var" / "review.json"), read_key=scripted(), read_line=scripted(),
                           say=again.append)
    assert second.added == [] and again == ["Aucune nouvelle question sans réponse à revoir."]
    assert PILATES not in (project / "var" / "review.json").read_text(encoding="utf-8")  # hashes, not texts
    assert nlu.read_text(encoding="utf-8") == after
    assert review.next_steps(outcome, Path("data/nlu.yml")).count("make ") == 2


def test_duplicates_are_not_added_twice_and_conflicts_are_refused(project):
    nlu = project / "data" / "nlu.yml"
    data = review.TrainingData(nlu, root=project)
    intent, text = next(nlu_data.examples(nlu))
    before = nlu.read_text(encoding="utf-8")
    assert data.add(text.upper() + " ?", intent) is False  # already there, up to case and punctuation
    other = next(i for i in sorted(data.intents) if i != intent)
    with pytest.raises(review.Refused, match="autre sujet"):
        data.add(text, other)
    assert nlu.read_text(encoding="utf-8") == before
    assert data.add(PILATES, "seances_non_remboursees") is True
    assert data.add(PILATES, "seances_non_remboursees") is False
    assert nlu.read_text(encoding="utf-8").count(PILATES) == 1


def test_entity_like_brackets_never_become_annotations():
    assert review.training_line("mon kiné [nom](x)  facture\n50 €") == "mon kiné [nom] (x) facture 50 €"


def test_questions_come_from_the_report_most_frequent_first_with_three_topic_guesses(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    today = dt.date.today()
    generate_conversations.fill(url, 150, seed=3, today=today)
    questions = review.questions_from(build(url, today - dt.timedelta(days=29), today).groups)
    assert questions and [q.count for q in questions] == sorted((q.count for q in questions), reverse=True)
    for question in questions:
        assert len(question.guesses) == 3
        assert not {"out_of_scope", "nlu_fallback"} & {intent for intent, _ in question.guesses}


@pytest.mark.servers
def test_the_reviewed_copy_still_validates(project):
    nlu = project / "data" / "nlu.yml"
    data = review.TrainingData(nlu, root=project)
    data.add(PILATES, "seances_non_remboursees")
    data.add(PIZZA, "out_of_scope")
    domain = project / "domain" if (project / "domain").is_dir() else project / "domain.yml"
    result = subprocess.run([str(BIN / "rasa"), "data", "validate", "--domain", str(domain), "--data",
                             str(project / "data"), "--config", str(project / "config.yml")],
                            cwd=project, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_bench_s_unanswered_questions_are_no_training_examples():
    # The review below teaches one of them: one already taught is refused (« déjà dans les exemples »).
    from ops.bench.conversations import UNANSWERED
    taught = {nlu_data.key(text) for _, text in nlu_data.examples(ROOT / "data" / "nlu.yml")}
    assert [question for question in UNANSWERED if nlu_data.key(question) in taught] == []


def test_the_command_reviews_from_the_tracker_store_and_prints_the_next_steps(project, tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    generate_conversations.fill(url, 150, seed=5, today=dt.date.today())
    nlu = project / "data" / "nlu.yml"
    before = nlu.read_text(encoding="utf-8")
    # Not a terminal: one key per line. Skip the first question, teach the second as out of scope, quit.
    result = subprocess.run([sys.executable, "-m", "ops.review", "--tracker-store", url, "--nlu", str(nlu),
                             "--state", str(project / "var" / "review.json")], input="s\no\nq\n", cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "les plus fréquentes d'abord" in result.stdout and "[1/" in result.stdout and "Arrêt" in result.stdout
    assert "make train" in result.stdout and "make eval-nlu" in result.stdout
    added = [line for line in nlu.read_text(encoding="utf-8").splitlines() if line not in before.splitlines()]
    assert len(added) == 1 and added[0].startswith("    - ")
    assert ("out_of_scope", added[0][6:]) in set(nlu_data.examples(nlu))
