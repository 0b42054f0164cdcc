"""ops/evaluation/nlu.py's measures on made-up parses: right answers, wrong topics, fallbacks, and the
fallbacks that offer the question's own topic as a button (one click from the right answer)."""
from ops.evaluation.nlu import evaluate


def parse(intent, *ranking):
    return {"intent": {"name": intent, "confidence": 0.5},
            "intent_ranking": [{"name": name, "confidence": 0.1} for name in (intent, *ranking)]}


def test_measures_of_real_questions():
    items = [("q1", "franchise_medicale"), ("q2", "ald_100"), ("q3", "tiers_payant"), ("q4", "out_of_scope"),
             ("q5", "telesoin")]
    parsed = [parse("franchise_medicale"),                                   # right
              parse("remboursement_taux"),                                   # wrong topic
              parse("nlu_fallback", "franchise_medicale", "tiers_payant"),   # fallback, its topic a button
              parse("nlu_fallback", "drainage_lymphatique"),                 # out of scope: no topic is right
              parse("nlu_fallback", "a", "b", "c", "greet", "franchise_medicale", "ald_100", "dos_bloque",
                    "telesoin")]                                             # fallback, its topic not offered
    m = evaluate(items, parsed, fallback_is_right_for_oos=True)
    assert (m["accuracy"], m["wrong_topic"], m["coverage"], m["fallback"]) == (0.4, 0.2, 0.4, 0.6)
    assert m["fallback_right_button"] == 0.2
    assert m["confused_pairs"] == [(("ald_100", "remboursement_taux"), 1)]


def test_topic_questions_read_as_out_of_scope_with_their_topic_offered_as_a_button():
    def oos(*ranking):
        return {"intent": {"name": "out_of_scope", "confidence": 0.5},
                "intent_ranking": [{"name": "out_of_scope", "confidence": 0.5}, *ranking]}

    items = [("q1", "arreter_seances"), ("q2", "duree_seance"), ("q3", "out_of_scope"), ("q4", "tiers_payant")]
    parsed = [oos({"name": "arreter_seances", "confidence": 0.32}),   # its topic offered
              oos({"name": "duree_seance", "confidence": 0.05}),      # too unlikely to be offered
              oos({"name": "tarif_seance", "confidence": 0.3}),       # out of scope: right, whatever is offered
              parse("nlu_fallback", "tiers_payant")]                  # the fallback's buttons count apart
    m = evaluate(items, parsed, fallback_is_right_for_oos=True)
    assert m["out_of_scope_right_button"] == 0.25
    assert m["fallback_right_button"] == 0.25


def test_wrong_topic_answers_with_the_right_topic_offered_under_the_answer():
    def answer(topic, *ranking):
        return {"intent": {"name": topic, "confidence": 0.6},
                "intent_ranking": [{"name": topic, "confidence": 0.6}, *ranking]}

    items = [("Combien coûte une séance de kiné chez moi ?", "seance_domicile"),
             ("le kiné vient-il chez moi ?", "domicile_conditions"),
             ("c'est quoi la franchise ?", "franchise_medicale")]
    parsed = [answer("tarif_seance", {"name": "seance_domicile", "confidence": 0.3}),   # one click away
              answer("seance_domicile", {"name": "domicile_conditions", "confidence": 0.05}),  # too unlikely
              answer("franchise_medicale", {"name": "ald_100", "confidence": 0.3})]  # right: not counted
    m = evaluate(items, parsed, fallback_is_right_for_oos=True)
    assert m["wrong_topic"] == 2 / 3
    assert m["wrong_topic_right_button"] == 1 / 3
