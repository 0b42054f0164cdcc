"""components/situation_question.py: « j'habite à Strasbourg, c'est 90 % ? », read as a value for the
calculator by the classifier, becomes a question on its topic; values stay values."""
from components.situation_question import SituationQuestion
from rasa.shared.nlu.training_data.message import Message


def parsed(text, ranking):
    message = Message(data={"text": text})
    message.set("intent", ranking[0], add_to_output=True)
    message.set("intent_ranking", ranking, add_to_output=True)
    SituationQuestion().process([message])
    return message


def test_a_situation_question_gets_its_topic_with_the_classifier_confidence():
    message = parsed("j'habite à Strasbourg, c'est 90 % ?", [
        {"name": "inform", "confidence": 0.95}, {"name": "out_of_scope", "confidence": 0.01},
        {"name": "remboursement_taux", "confidence": 0.004}])
    assert message.get("intent") == {"name": "remboursement_taux", "confidence": 0.95}
    # « inform » takes the topic's confidence: no tie for the fallback's ambiguity rule.
    assert message.get("intent_ranking") == [
        {"name": "remboursement_taux", "confidence": 0.95}, {"name": "out_of_scope", "confidence": 0.01},
        {"name": "inform", "confidence": 0.004}]


def test_an_answer_to_the_calculator_is_left_alone():
    ranking = [{"name": "inform", "confidence": 0.99}, {"name": "out_of_scope", "confidence": 0.01}]
    message = parsed("j'habite à Strasbourg", ranking)
    assert message.get("intent") == ranking[0] and message.get("intent_ranking") == ranking
