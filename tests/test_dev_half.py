"""make eval-dev (ops/evaluation/dev_half.py): folds that adding examples does not redraw, and the rules of text
applied as the assistant applies them. The fitting itself (minutes) runs in make eval-dev only."""
import numpy as np

from ops.evaluation.dev_half import FOLDS, dev_fold, with_rules


def test_a_question_keeps_its_fold_whatever_else_is_asked():
    questions = [f"question {n} sur le kiné ?" for n in range(200)]
    folds = [dev_fold(text) for text in questions]
    assert folds == [dev_fold(text) for text in questions]  # the same every time, with nothing else to draw
    assert set(folds) == set(range(FOLDS))  # every fold used
    assert max(folds.count(f) for f in range(FOLDS)) < 2 * len(questions) / FOLDS  # none holds most of them
    # case, accents and punctuation do not move a question (ops.nlu_data.key)
    assert dev_fold("La kiné vestibulaire est-elle remboursée ?") == dev_fold("la kine vestibulaire est elle remboursee")


def test_the_rules_of_text_change_a_doubtful_reading_as_the_assistant_does():
    # « La kinésithérapie vestibulaire est-elle remboursée ? » read as out of scope (0.63): the rate's topic
    classes = np.array(["out_of_scope", "remboursement_taux", "tarif_seance"])
    probabilities = np.array([[0.63, 0.2, 0.17], [0.1, 0.85, 0.05]])
    texts = ["La kinésithérapie vestibulaire est-elle remboursée ?", "les séances de kiné sont remboursées à combien ?"]
    assert with_rules(texts, probabilities, classes, ["out_of_scope", "remboursement_taux"]) == [
        "remboursement_taux", "remboursement_taux"]


def test_the_probabilities_kept_are_reused_only_for_the_same_data(tmp_path, monkeypatch):
    # A change to the rules of text alone reuses the fitted folds (seconds instead of minutes); new data refits them.
    from ops.evaluation import dev_half

    fitted = []

    def fit(train, dev):
        fitted.append(len(train))
        return np.full((len(dev), 2), 0.5), np.array(["out_of_scope", "tarif_seance"])

    monkeypatch.setattr(dev_half, "dev_probabilities", fit)
    kept = tmp_path / "probabilities.npz"
    train, dev = [("combien coûte une séance ?", "tarif_seance")], [("le prix d'une séance ?", "tarif_seance")]
    first = dev_half.kept_probabilities(kept, train, dev)
    again = dev_half.kept_probabilities(kept, train, dev)
    assert fitted == [1] and (again[0] == first[0]).all() and list(again[1]) == ["out_of_scope", "tarif_seance"]
    dev_half.kept_probabilities(kept, train + [("et le bilan ?", "tarif_bilan")], dev)
    assert fitted == [1, 2]
