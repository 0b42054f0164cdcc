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


def test_a_short_what_if_about_a_situation_is_a_follow_up():
    # Read as out of scope or unsure by the classifier, « et pour un enfant ? » asks the last answer again.
    message = parsed("et pour un enfant ?", [{"name": "out_of_scope", "confidence": 0.6},
                                             {"name": "remboursement_taux", "confidence": 0.2}])
    assert message.get("intent") == {"name": "situation_follow_up", "confidence": 1.0}
    assert [entry["name"] for entry in message.get("intent_ranking")] == [  # out of scope leaves, as after every rule
        "situation_follow_up", "remboursement_taux"]
    unsure = parsed("et si j'habitais à Metz ?", [{"name": "seance_domicile", "confidence": 0.19},
                                                   {"name": "inform", "confidence": 0.15}])
    assert unsure.get("intent")["name"] == "situation_follow_up"


def test_a_short_what_if_naming_another_patient_is_a_follow_up():
    # « et pour moi ? » was the home-visit topic (0.43), « et pour mon mari ? » out of scope.
    for text, ranking in (("et pour moi ?", [{"name": "seance_domicile", "confidence": 0.43},
                                             {"name": "out_of_scope", "confidence": 0.16}]),
                          ("et pr moi ?", [{"name": "seance_domicile", "confidence": 0.45}]),
                          ("et pour mon mari ?", [{"name": "out_of_scope", "confidence": 0.5},
                                                  {"name": "seance_domicile", "confidence": 0.09}])):
        assert parsed(text, ranking).get("intent") == {"name": "situation_follow_up", "confidence": 1.0}
    home = [{"name": "seance_domicile", "confidence": 0.9}, {"name": "out_of_scope", "confidence": 0.05}]
    assert parsed("et chez moi ?", home).get("intent") == home[0]


def test_a_what_if_read_as_its_topic_or_giving_values_is_left_alone():
    sure = [{"name": "ald_100", "confidence": 0.98}, {"name": "inform", "confidence": 0.01}]
    assert parsed("et si je suis en ALD ?", sure).get("intent") == sure[0]
    values = [{"name": "inform", "confidence": 0.7}, {"name": "out_of_scope", "confidence": 0.2}]
    assert parsed("et pour 12 séances ?", values).get("intent") == values[0]


def test_a_number_alone_or_in_a_short_what_if_is_a_value_for_the_calculator():
    # « et pour 20 ? » has no word for the classifier to go by: it went to the fallback.
    message = parsed("et pour 20 ?", [{"name": "nlu_fallback", "confidence": 0.2},
                                      {"name": "remboursement_taux", "confidence": 0.18}])
    assert message.get("intent") == {"name": "inform", "confidence": 1.0}
    assert parsed("et si j'en fais 15 ?", [{"name": "out_of_scope", "confidence": 0.5}]).get("intent")["name"] == "inform"
    worded = [{"name": "calcul_remboursement", "confidence": 0.8}]
    assert parsed("et pour 20 séances ?", worded).get("intent") == worded[0]


def test_a_short_what_if_adding_or_scaling_the_sessions_is_a_value_for_the_calculator():
    # After a result, « et si j'en rajoute 5 ? » went to the fallback, and « et 2 fois plus ? » to « en savoir
    # plus », which said the same 10 sessions again in detail.
    for text, reading in [("et si j'en rajoute 5 ?", [{"name": "nlu_fallback", "confidence": 0.2},
                                                      {"name": "en_savoir_plus", "confidence": 0.13}]),
                          ("et 2 fois plus ?", [{"name": "en_savoir_plus", "confidence": 0.55}]),
                          ("encore 4 ?", [{"name": "out_of_scope", "confidence": 0.4}])]:
        assert parsed(text, reading).get("intent") == {"name": "inform", "confidence": 1.0}, text
    stop = [{"name": "arreter_seances", "confidence": 0.9}]
    assert parsed("et si j'arrête les séances ?", stop).get("intent") == stop[0]


def test_an_insurer_named_alone_is_a_value_for_the_calculator():
    # « la Matmut », the answer to « Et votre mutuelle ? », was read as out of scope: the form's
    # out-of-scope rule answered before the form could take it.
    message = parsed("la Matmut", [{"name": "out_of_scope", "confidence": 0.62}, {"name": "inform", "confidence": 0.29}])
    assert message.get("intent") == {"name": "inform", "confidence": 1.0}
    question = [{"name": "remboursement_taux", "confidence": 0.87}]
    assert parsed("la Matmut rembourse le kiné ?", question).get("intent") == question[0]


def test_a_short_what_if_giving_the_mutuelle_is_a_value_for_the_calculator():
    # After a result, « et si j'avais pas de mutuelle ? » went to the fallback (« Je n'ai pas de réponse plus
    # précise… »), not to the calculation again as « pas de mutuelle » does.
    for text, reading in [("et si j'avais pas de mutuelle ?", [{"name": "hors_nomenclature_mutuelle", "confidence": 0.14},
                                                               {"name": "calcul_remboursement", "confidence": 0.12}]),
                          ("et avec une mutuelle à 200 % ?", [{"name": "out_of_scope", "confidence": 0.55}]),
                          # read as a value, unsure, a mutuelle topic close behind: the fallback's ambiguity took it
                          ("et si j'avais pas de mutuelle ?", [{"name": "inform", "confidence": 0.22},
                                                               {"name": "hors_nomenclature_mutuelle", "confidence": 0.18}])]:
        assert parsed(text, reading).get("intent") == {"name": "inform", "confidence": 1.0}, text
    question = [{"name": "mutuelle_prise_en_charge", "confidence": 0.8}]
    assert parsed("et sans mutuelle ?", question).get("intent") == question[0]
    situation = parsed("et si j'étais en ALD ?", [{"name": "out_of_scope", "confidence": 0.6}])
    assert situation.get("intent")["name"] == "situation_follow_up"


def test_a_question_after_an_acknowledgement_is_not_the_acknowledgement():
    # « ok et c'est plafonné ? » after the franchise's answer got « D'accord. Avez-vous une autre question ? ».
    message = parsed("ok et c'est plafonné ?", [{"name": "affirm", "confidence": 0.31},
                                                {"name": "en_savoir_plus", "confidence": 0.11}])
    assert message.get("intent") == {"name": "en_savoir_plus", "confidence": 0.11}
    assert [e["name"] for e in message.get("intent_ranking")] == ["en_savoir_plus"]
    thanks = [{"name": "thank", "confidence": 0.9}]
    assert parsed("merci beaucoup !", thanks).get("intent") == thanks[0]
    # The question after it is read as it would be alone: « et pour un enfant ? » is a follow-up.
    follow_up = parsed("merci, et pour un enfant ?", [{"name": "thank", "confidence": 0.5},
                                                      {"name": "out_of_scope", "confidence": 0.3}])
    assert follow_up.get("intent") == {"name": "situation_follow_up", "confidence": 1.0}


def test_a_kine_said_conventionne_rules_out_the_non_conventionne_topics():
    # « conventionné » + « remboursé » read as the non-conventionné topic: its answer (« très peu »)
    # would contradict the message; the next intent answers, and no button offers it.
    message = parsed("mon kine conventionné me prend 35 balles la seance, je suis remboursé cmb ?", [
        {"name": "non_conventionne_remboursement", "confidence": 0.56}, {"name": "calcul_remboursement", "confidence": 0.2},
        {"name": "non_conventionne_tarifs", "confidence": 0.1}, {"name": "remboursement_taux", "confidence": 0.07}])
    assert message.get("intent") == {"name": "calcul_remboursement", "confidence": 0.56}
    assert [entry["name"] for entry in message.get("intent_ranking")] == ["calcul_remboursement", "remboursement_taux"]


def test_a_kine_outside_the_convention_keeps_its_topics():
    ranking = [{"name": "non_conventionne_remboursement", "confidence": 0.9}, {"name": "inform", "confidence": 0.1}]
    for text in ("mon kiné n'est plus conventionné, je suis remboursé combien ?",
                 "kiné conventionné ou pas, quelle différence de remboursement ?"):
        message = parsed(text, [dict(entry) for entry in ranking])
        # (« inform » may leave the ranking: a question stating a situation is no value for the calculator.)
        assert message.get("intent") == ranking[0] and message.get("intent_ranking")[0] == ranking[0]


def test_a_what_if_question_giving_no_value_is_not_read_as_one():
    # « et s'il l'est pas ? » after the non-conventionné answer: read as `inform` from its shape, it
    # opened a calculation; the next reading takes its place with its own confidence (below the
    # fallback's threshold here).
    message = parsed("et s'il l'est pas ?", [{"name": "inform", "confidence": 0.4},
                                             {"name": "seance_domicile", "confidence": 0.13},
                                             {"name": "deny", "confidence": 0.09}])
    assert message.get("intent") == {"name": "seance_domicile", "confidence": 0.13}
    assert [entry["name"] for entry in message.get("intent_ranking")] == ["seance_domicile", "deny"]
    for value in ("et pour 20 ?", "et si je suis en ALD ?"):
        ranking = [{"name": "inform", "confidence": 0.9}, {"name": "out_of_scope", "confidence": 0.1}]
        assert parsed(value, ranking).get("intent")["name"] in ("inform", "situation_follow_up")


def test_a_situation_question_with_inform_just_behind_its_topic_is_no_tie():
    # « je suis en Alsace, je suis remboursé à 90 % ? » went to the fallback (0.42 against 0.38).
    message = parsed("je suis en Alsace, je suis remboursé à 90 % ?", [
        {"name": "remboursement_taux", "confidence": 0.42}, {"name": "inform", "confidence": 0.38},
        {"name": "out_of_scope", "confidence": 0.05}])
    assert message.get("intent") == {"name": "remboursement_taux", "confidence": 0.42}
    assert [entry["name"] for entry in message.get("intent_ranking")] == ["remboursement_taux", "out_of_scope"]
    # Values for the calculator keep « inform ».
    ranking = [{"name": "remboursement_taux", "confidence": 0.42}, {"name": "inform", "confidence": 0.38}]
    assert parsed("10 séances en Alsace", ranking).get("intent_ranking") == ranking


def test_why_an_amount_of_a_base_session_was_reimbursed_is_a_question_on_that_amount():
    # « la sécu m'a remboursé 9,74 au lieu de 10,74 pourquoi » went to the fallback: the classifier hesitated
    # between the reimbursement topics; the amount's explanation (10,74 € less the 1,00 € franchise) answers it.
    unsure = [{"name": "remboursement_taux", "confidence": 0.20}, {"name": "inform", "confidence": 0.17}]
    message = parsed("la sécu m'a remboursé 9,74 au lieu de 10,74 pourquoi", unsure)
    assert message.get("intent") == {"name": "question_montant", "confidence": 1.0}
    # so is the caisse's share of several sessions, asked if it is right (it went to the fallback)
    tied = [{"name": "question_montant", "confidence": 0.15}, {"name": "remboursement_taux", "confidence": 0.15}]
    for ranking in (unsure, tied):
        message = parsed("la sécu m'a remboursé 64,44 € pour 6 séances, c'est normal ?", ranking)
        assert message.get("intent") == {"name": "question_montant", "confidence": 1.0}
    # whether a price is right stays the price's question, made sure when the classifier put it first but unsure
    # (0.25, the home visit 0.24 just behind: the fallback)
    close = [{"name": "tarif_seance", "confidence": 0.25}, {"name": "seance_domicile", "confidence": 0.24}]
    for ranking in (unsure, close):
        assert parsed("mon kiné facture 17,90 €, c'est normal ? c'est remboursé ?", ranking).get("intent") == {
            "name": "tarif_seance", "confidence": 1.0}
    # A sure reading, or an amount no base session has, is left to the classifier.
    sure = [{"name": "franchise_medicale", "confidence": 0.8}]
    assert parsed("pourquoi on me rembourse 9,74 € et pas 10,74 € ?", sure).get("intent") == sure[0]
    assert parsed("la sécu m'a remboursé 3 € pourquoi", unsure).get("intent") == unsure[0]


def test_what_an_amount_is_without_its_euro_sign_is_a_question_on_that_amount():
    # « c quoi les 143,20 ? » after a result got the out-of-scope reply: the classifier needs the « € ».
    read = [{"name": "out_of_scope", "confidence": 0.63}, {"name": "help", "confidence": 0.13}]
    for text in ("c quoi les 143,20 ?", "les 20,94 c'est quoi ?", "à quoi correspondent les 214,80 € ?"):
        assert parsed(text, read).get("intent") == {"name": "question_montant", "confidence": 1.0}
    # Something other than an amount, or more than the question, is left to the classifier.
    for text in ("c'est quoi les 2 séances de bilan ?", "c quoi les 10 séances qu'il me reste à faire"):
        assert parsed(text, read).get("intent") == read[0]


def test_care_prescribed_by_a_medecin_outside_the_convention_gets_its_topic():
    # « mon généraliste est déconventionné, son ordonnance de kiné marche encore ? » got the prescription's
    # validity (0.75): the answer on what a non-conventionné médecin prescribes (L.162-5-10 CSS) answers it.
    validity = [{"name": "validite_ordonnance", "confidence": 0.75},
                {"name": "ordonnance_medecin_non_conventionne", "confidence": 0.12}]
    message = parsed("mon généraliste est déconventionné, son ordonnance de kiné marche encore ?", validity)
    assert message.get("intent") == {"name": "ordonnance_medecin_non_conventionne", "confidence": 1.0}
    # A kiné outside the convention, or a médecin in secteur 2, is left to the classifier.
    kine = [{"name": "non_conventionne_remboursement", "confidence": 0.8}]
    assert parsed("mon médecin m'envoie chez un kiné non conventionné, c'est remboursé ?", kine).get("intent") == kine[0]
    sector = [{"name": "secteur_kine", "confidence": 0.6}]
    assert parsed("mon chirurgien est en secteur 2, et le kiné ?", sector).get("intent") == sector[0]
    # A calculation asked with it is computed with it: the calculator applies the rule.
    calculation = [{"name": "calcul_remboursement", "confidence": 0.7}]
    assert parsed("10 séances en 2027, ordonnance d'un généraliste secteur 3, je paie combien ?",
                  calculation).get("intent") == calculation[0]


def test_a_kine_outside_the_convention_rules_out_the_topic_of_a_medecin_outside_it():
    # « ma kiné n'est plus conventionnée, l'ordonnance de mon médecin suffit pour être remboursé ? » was read as
    # the topic of what a non-conventionné médecin prescribes (0.61): the kiné's topic answers it.
    ranking = [{"name": "ordonnance_medecin_non_conventionne", "confidence": 0.61},
               {"name": "ordonnance_necessaire", "confidence": 0.29},
               {"name": "non_conventionne_remboursement", "confidence": 0.03}]
    message = parsed("ma kiné n'est plus conventionnée, l'ordonnance de mon médecin suffit pour être remboursé ?", ranking)
    assert message.get("intent") == {"name": "ordonnance_necessaire", "confidence": 0.61}
    # With the prescribing médecin said outside the convention too, the topic answers.
    message = parsed("mon kiné n'est pas conventionné, mon médecin est en secteur 3, l'ordonnance est remboursée ?",
                     ranking)
    assert message.get("intent") == ranking[0]


def test_whether_a_session_price_is_right_is_the_price_topic_when_the_classifier_is_unsure():
    # « mon kiné facture 21,50 la séance c'est normal ? » went to the fallback (seance_non_honoree 0.27,
    # tarif_seance 0.25): the answer on a session's price, with its line on 21,50 €, answers it.
    unsure = [{"name": "seance_non_honoree", "confidence": 0.27}, {"name": "tarif_seance", "confidence": 0.25}]
    message = parsed("mon kiné facture 21,50 la séance c'est normal ?", unsure)
    assert message.get("intent") == {"name": "tarif_seance", "confidence": 1.0}
    # A sure reading, a dépassement topic, or a kiné outside the convention is left to the classifier.
    sure = [{"name": "seance_non_honoree", "confidence": 0.7}]
    assert parsed("il me fait payer 30 € la séance annulée, c'est normal ?", sure).get("intent") == sure[0]
    depassement = [{"name": "depassement_droit", "confidence": 0.3}]
    assert parsed("mon kiné facture 25 € la séance c'est normal ?", depassement).get("intent") == depassement[0]
    outside = [{"name": "non_conventionne_tarifs", "confidence": 0.3}]
    assert parsed("mon kiné non conventionné prend 50 €, c'est normal ?", outside).get("intent") == outside[0]


def test_values_stated_without_a_question_are_a_calculation():
    # « jai 12 seance…, la kine prend 22e, ma mutuel rembourse 200% » got the mutuelle's answer, its values unused.
    ranking = [{"name": "mutuelle_prise_en_charge", "confidence": 0.65}, {"name": "inform", "confidence": 0.11}]
    message = parsed("jai 12 seance de kine pr mon epaule, la kine prend 22e, ma mutuel rembourse 200%", ranking)
    assert message.get("intent") == {"name": "calcul_remboursement", "confidence": 1.0}
    # Asked about, it stays the topic's question.
    message = parsed("j'ai 12 séances à 22 €, ma mutuelle rembourse le dépassement ?", ranking)
    assert message.get("intent") == ranking[0]


def test_what_is_left_to_pay_with_a_price_and_a_mutuelle_is_a_calculation_when_the_classifier_is_unsure():
    # « j'ai une mutuelle a 300% est ce que je vais payer quelque chose chez le kiné a 40 euros » got the fallback
    unsure = [{"name": "calcul_remboursement", "confidence": 0.22}, {"name": "mutuelle_prise_en_charge", "confidence": 0.2}]
    message = parsed("j'ai une mutuelle a 300% est ce que je vais payer quelque chose chez le kiné a 40 euros", unsure)
    assert message.get("intent") == {"name": "calcul_remboursement", "confidence": 1.0}
    # a sure topic stays; a rate without a price is no calculation
    sure = [{"name": "depassement_mutuelle", "confidence": 0.8}, {"name": "calcul_remboursement", "confidence": 0.1}]
    message = parsed("mon kiné prend 40 €, ma mutuelle à 200 % couvre le dépassement, je paie quelque chose ?", sure)
    assert message.get("intent") == sure[0]
    unsure = [{"name": "mutuelle_prise_en_charge", "confidence": 0.3}, {"name": "out_of_scope", "confidence": 0.2}]
    message = parsed("ma mutuelle rembourse 200 %, combien je paie ?", unsure)
    assert message.get("intent") == unsure[0]


def test_a_stop_without_a_word_of_stopping_is_no_stop():
    # « je veux faire un calcul » was stop (0.66), taught by « stop le calcul », « je veux annuler le calcul »: the
    # form said « C'est noté, on s'arrête là » to someone opening a calculation.
    message = parsed("je veux faire un calcul", [{"name": "stop", "confidence": 0.66},
                                                 {"name": "out_of_scope", "confidence": 0.10},
                                                 {"name": "calcul_remboursement", "confidence": 0.08}])
    assert message.get("intent") == {"name": "calcul_remboursement", "confidence": 1.0}
    # without the words of a calculation, the next reading, with its own confidence (the fallback judges it)
    message = parsed("je veux bien", [{"name": "stop", "confidence": 0.5}, {"name": "affirm", "confidence": 0.3}])
    assert message.get("intent") == {"name": "affirm", "confidence": 0.3}
    # a stop that says so stays
    for text in ("je veux arrêter", "laisse tomber le calcul", "stop", "/stop", "annule la simulation"):
        ranking = [{"name": "stop", "confidence": 0.9}, {"name": "calcul_remboursement", "confidence": 0.05}]
        assert parsed(text, ranking).get("intent") == ranking[0], text


def test_a_wish_to_start_again_is_a_restart_and_of_the_calculation_a_calculation():
    # « je veux recommencer » went to the fallback, « on recommence » out of scope: neither started anything again.
    unsure = [{"name": "out_of_scope", "confidence": 0.41}, {"name": "arreter_seances", "confidence": 0.2}]
    for text in ("je veux recommencer", "on recommence", "On repart de zéro !", "reprendre depuis le début svp"):
        assert parsed(text, unsure).get("intent") == {"name": "recommencer", "confidence": 1.0}, text
    for text in ("on peut refaire le calcul ?", "recommencer la simulation"):
        assert parsed(text, unsure).get("intent") == {"name": "calcul_remboursement", "confidence": 1.0}, text
    # starting one's sessions again is a question on them; « reprendre le calcul » may mean to resume it
    for text in ("je recommence mes séances de kiné, c'est remboursé ?", "on reprend le calcul"):
        assert parsed(text, unsure).get("intent") == unsure[0], text


def test_how_to_bill_a_named_pathology_is_the_cotation_s_topic():
    # « comment coter une polyarthrite rhumatoïde ? » was out of scope: the cotation's answer gives its acts (NMI 8 / 9,01)
    unsure = [{"name": "out_of_scope", "confidence": 0.62}, {"name": "cotation_ngap", "confidence": 0.2}]
    message = parsed("comment coter une polyarthrite rhumatoïde ?", unsure)
    assert message.get("intent") == {"name": "cotation_ngap", "confidence": 1.0}
    # once in the ranking, and out of scope gone: at 0.96 it tied with the rule for the fallback, whose buttons
    # then named the cotation twice
    assert message.get("intent_ranking") == [{"name": "cotation_ngap", "confidence": 1.0}]
    # the topic first with out of scope close behind it went to the fallback (its out-of-scope ratio), as the ALD's did
    close = [{"name": "cotation_ngap", "confidence": 0.5}, {"name": "out_of_scope", "confidence": 0.45}]
    assert parsed("comment coter une polyarthrite rhumatoïde ?", close).get("intent_ranking") == [
        {"name": "cotation_ngap", "confidence": 1.0}]
    for text in ("je me suis cassé une côte, c'est remboursé ?", "cotation kiné"):  # no pathology named, or a rib
        assert parsed(text, unsure).get("intent") == unsure[0], text


def test_what_an_ald_is_is_the_full_cover_s_topic():
    # « c'est quoi une ALD ? » was out of scope (0.57; « qu'est-ce qu'une affection de longue durée ? » 0.84)
    unsure = [{"name": "out_of_scope", "confidence": 0.57}, {"name": "ald_100", "confidence": 0.41}]
    for text in ("c'est quoi une ALD ?", "qu'est-ce qu'une affection de longue durée ?", "ALD ça veut dire quoi ?",
                 "comment être reconnu en ALD ?"):
        message = parsed(text, unsure)
        assert message.get("intent_ranking") == [{"name": "ald_100", "confidence": 1.0}], text
    # the topic first with out of scope just behind it went to the fallback (its out-of-scope ratio)
    close = [{"name": "ald_100", "confidence": 0.53}, {"name": "out_of_scope", "confidence": 0.42}]
    assert parsed("c quoi une ald ?", close).get("intent_ranking") == [{"name": "ald_100", "confidence": 1.0}]
    # someone in an ALD asking something else keeps the classifier's reading
    other = [{"name": "lexique_remboursement", "confidence": 0.8}, {"name": "ald_100", "confidence": 0.1}]
    assert parsed("je suis en ALD, c'est quoi le ticket modérateur ?", other).get("intent") == other[0]


def test_what_a_guarantee_aux_frais_reels_is_is_the_mutuelle_s_topic():
    # « c'est quoi une mutuelle aux frais réels ? » was out of scope at 0.99 (the examples' « frais réels » are taxes')
    out = [{"name": "out_of_scope", "confidence": 0.99}, {"name": "mutuelle_prise_en_charge", "confidence": 0.004}]
    for text in ("c'est quoi une mutuelle aux frais réels ?", "que veut dire 100 % FR sur mon tableau de garanties ?",
                 "remboursement aux frais réels, ça veut dire quoi ?", "pouvez-vous m'expliquer le remboursement au réel ?",
                 "c koi une mutuelle o frais reel ?"):
        assert parsed(text, out).get("intent_ranking") == [
            {"name": "mutuelle_prise_en_charge", "confidence": 1.0}], text
    # the income tax's frais réels, or a guarantee stated in a question on the rest, keep the classifier's reading
    for text in ("frais de kiné déductibles en frais réels ?", "c'est quoi les frais réels pour les impôts ?",
                 "c'est quoi le reste à charge si ma mutuelle rembourse aux frais réels ?"):
        assert parsed(text, out).get("intent") == out[0], text
    # with a price too, what is left is the calculation's (asks_what_is_left_to_pay)
    assert parsed("ma mutuelle rembourse aux frais réels, c'est quoi le reste à charge pour 10 séances à 30 € ?",
                  out).get("intent") == {"name": "calcul_remboursement", "confidence": 1.0}

def test_the_reimbursement_s_delay_is_not_the_session_s_length_and_travel_billed_is_the_home_visit():
    # « en combien de temps la sécu rembourse une séance de kiné ? » got the session's length (duree_seance 0.54);
    # « le kiné a-t-il le droit de me faire payer le déplacement ? » the dépassement's right (0.57)
    length = [{"name": "duree_seance", "confidence": 0.54}, {"name": "remboursement_taux", "confidence": 0.35}]
    assert parsed("en combien de temps la sécu rembourse une séance de kiné ?", length).get("intent") == {
        "name": "feuille_de_soins", "confidence": 1.0}
    assert parsed("combien de temps dure une séance de kiné ?", length).get("intent") == length[0]
    depassement = [{"name": "depassement_droit", "confidence": 0.57}, {"name": "tiers_payant", "confidence": 0.09}]
    assert parsed("le kiné a-t-il le droit de me faire payer le déplacement ?", depassement).get("intent") == {
        "name": "seance_domicile", "confidence": 1.0}
    assert parsed("il a le droit de me faire payer un dépassement pour le déplacement ?", depassement).get(
        "intent") == depassement[0]



def test_a_kine_s_travel_allowances_read_as_out_of_scope_are_the_home_visit_s_topic():
    # « Peut-on facturer des IK si on intervient sur sa propre commune ? » got the out-of-scope reply (0.67)
    out = [{"name": "out_of_scope", "confidence": 0.67}, {"name": "seance_domicile", "confidence": 0.2}]
    for text in ("Peut-on facturer des IK si on intervient sur sa propre commune ?",
                 "un kiné peut facturer des frais de déplacement ?"):
        assert parsed(text, out).get("intent") == {"name": "seance_domicile", "confidence": 1.0}, text
    # sure of another topic, or a dépassement named: the classifier's reading stays
    sure = [{"name": "domicile_conditions", "confidence": 0.8}]
    assert parsed("le kiné peut-il facturer le déplacement si je peux venir au cabinet ?", sure).get("intent") == sure[0]
    assert parsed("peut-il compter un dépassement pour les IK ?", out).get("intent") == out[0]


def test_a_kind_of_kinesitherapie_reimbursed_is_the_topic_that_says_its_rate():
    # « La kinésithérapie vestibulaire est-elle remboursée ? » (0.63) and « Kinésithérapie prénatale : remboursement,
    # quand commencer ? » (0.89) got the out-of-scope reply
    out = [{"name": "out_of_scope", "confidence": 0.63}, {"name": "remboursement_taux", "confidence": 0.2}]
    for text, topic in (("La kinésithérapie vestibulaire est-elle remboursée ?", "remboursement_taux"),
                        ("Kinésithérapie prénatale : remboursement, quand commencer ?", "ald_100"),
                        ("la rééducation du périnée après l'accouchement, c'est pris en charge ?", "ald_100"),
                        ("la kiné respiratoire est remboursée ?", "kine_respiratoire")):
        assert parsed(text, out).get("intent") == {"name": topic, "confidence": 1.0}, text
    # no reimbursement asked, « pris en charge en » (treated there), or a sure topic: the classifier's reading stays
    for text in ("la kinésithérapie vestibulaire, c'est quoi ?",
                 "quels problèmes sont pris en charge en kinésithérapie pédiatrique ?"):
        assert parsed(text, out).get("intent") == out[0], text
    sure = [{"name": "seances_par_pathologie", "confidence": 0.8}]
    assert parsed("la rééducation périnéale est remboursée pour combien de séances ?", sure).get("intent") == sure[0]


def test_question_shapes_read_as_out_of_scope_or_unsure_get_the_topic_they_ask():
    # each was out of scope (0.39 to 0.41) or unsure
    out = [{"name": "out_of_scope", "confidence": 0.41}, {"name": "lexique_remboursement", "confidence": 0.2}]
    for text, topic in (
            ("Avec une complémentaire santé solidaire, faut-il payer les dépassements d'honoraires ?",
             "depassement_droit"),
            ("Quels sont les professionnels de santé autorisés à prescrire des séances de kinésithérapie ?",
             "ordonnance_necessaire"),
            ("qui peut prescrire des séances de kiné ?", "ordonnance_necessaire"),
            ("quelles sont les exonérations du ticket modérateur ?", "ald_100"),
            ("Quand parle-t-on de dépassement abusif ?", "depassement_droit"),
            ("je suis kiné, je peux facturer le déplacement si l'ordonnance ne mentionne pas à domicile ?",
             "ordonnance_necessaire")):
        assert parsed(text, out).get("intent") == {"name": topic, "confidence": 1.0}, text
    # a sure reading stays (« qui lui a prescrit » names no prescriber asked for)
    sure = [{"name": "lexique_remboursement", "confidence": 0.8}]
    assert parsed("quelles sont les exonérations du ticket modérateur ?", sure).get("intent") == sure[0]
    assert parsed("un pédiatre non conventionné lui a prescrit de la kiné, qui lui a prescrit ça ?", out).get(
        "intent")["name"] != "ordonnance_necessaire"

def test_a_question_asking_only_what_a_term_is_gets_the_topic_that_defines_it():
    # « qu'est-ce qu'un dépassement d'honoraires ? » was out of scope (0.41), « qu'est-ce qu'un kiné non
    # conventionné ? » why one would choose one (0.75)
    out = [{"name": "out_of_scope", "confidence": 0.41}, {"name": "depassement_definition", "confidence": 0.3}]
    assert parsed("Qu’est-ce qu’un dépassement d’honoraires ?", out).get("intent_ranking") == [
        {"name": "depassement_definition", "confidence": 1.0}]
    neighbour = [{"name": "non_conventionne_avantages", "confidence": 0.75}]
    assert parsed("Qu'est-ce qu'un kiné non conventionné ?", neighbour).get("intent") == {
        "name": "non_conventionne_definition", "confidence": 1.0}
    for text, topic in (("Mais qu'est-ce que le tarif d'autorité ?", "non_conventionne_remboursement"),
                        ("c quoi le tiers payant", "tiers_payant"), ("la franchise médicale, c'est quoi ?",
                                                                      "franchise_medicale"),
                        ("que veut dire HN ?", "hors_nomenclature_definition"), ("c'est quoi la NGAP ?", "cotation_ngap"),
                        ("définition du ticket modérateur", "lexique_remboursement")):
        assert parsed(text, out).get("intent")["name"] == topic, text
    # more than the definition, or no definition asked: the classifier's reading stays
    for text in ("qu'est-ce qu'un dépassement, et est-ce remboursé ?", "c'est quoi le prix d'une séance ?",
                 "mon kiné fait un dépassement d'honoraires, c'est quoi mes recours ?", "le tiers payant"):
        assert parsed(text, out).get("intent") == out[0], text


def test_a_technique_s_price_or_reimbursement_is_the_techniques_topic_when_the_classifier_is_unsure():
    # « quel est le prix d'une séance d'onde de choc ? » was out of scope (0.71), the balnéo's the fallback (0.43)
    out = [{"name": "out_of_scope", "confidence": 0.71}, {"name": "techniques_remboursement", "confidence": 0.1}]
    assert parsed("Quel est le prix d’une séance d’onde de choc ?", out).get("intent_ranking")[0] == {
        "name": "techniques_remboursement", "confidence": 1.0}
    unsure = [{"name": "tarif_seance", "confidence": 0.43}, {"name": "techniques_remboursement", "confidence": 0.4}]
    assert parsed("Quel est le prix d’une séance de balnéothérapie ?", unsure).get("intent")["name"] == (
        "techniques_remboursement")
    # read as its own topic but unsure, the rule makes it sure: the fallback's ambiguity sent it to the fallback
    close = [{"name": "techniques_remboursement", "confidence": 0.41}, {"name": "out_of_scope", "confidence": 0.4}]
    assert parsed("Quel est le prix d’une séance d’onde de choc ?", close).get("intent_ranking") == [
        {"name": "techniques_remboursement", "confidence": 1.0}]
    # a sure topic, a calculation, or how many sessions: the classifier's reading stays
    sure = [{"name": "tarif_seance", "confidence": 0.8}]
    assert parsed("quel est le prix d'une séance de balnéo ?", sure).get("intent") == sure[0]
    assert parsed("10 séances en balnéo à 25 €, combien je paie ?", unsure).get("intent") == unsure[0]
    assert parsed("combien de séances d'ondes de choc faut-il pour guérir une tendinite ?", out).get(
        "intent") == out[0]


def test_the_regime_local_named_is_its_topic_not_the_rate_s():
    # « Régime d'Alsace-Moselle : quels remboursements ? » got the rate's topic (0.55)
    rate = [{"name": "remboursement_taux", "confidence": 0.55}, {"name": "regime_alsace_moselle", "confidence": 0.3}]
    assert parsed("Régime d’Alsace-Moselle : quels remboursements ?", rate).get("intent") == {
        "name": "regime_alsace_moselle", "confidence": 1.0}
    out = [{"name": "out_of_scope", "confidence": 0.63}]
    assert parsed("Quelles sont les particularités du régime maladie Alsace-Moselle sur la complémentaire santé ?",
                  out).get("intent")["name"] == "regime_alsace_moselle"
    # a town is a situation (the rate's topic, with the régime's line); another sure topic stays
    town = [{"name": "remboursement_taux", "confidence": 0.7}]
    assert parsed("j'habite à Metz, le kiné est remboursé à combien ?", town).get("intent") == town[0]
    franchise = [{"name": "franchise_medicale", "confidence": 0.8}]
    assert parsed("le régime local paie-t-il la franchise ?", franchise).get("intent") == franchise[0]


def test_a_situation_question_on_the_kine_s_rate_read_as_out_of_scope_is_the_rate_s_topic():
    # « jsuis enceinte de 3 mois jai mal o dos la kiné c 100% ? » got the out-of-scope reply (0.64): the rate's topic
    # answers it, with the pregnancy's line (the usual rate before the 6th month)
    out = [{"name": "out_of_scope", "confidence": 0.64}, {"name": "ald_100", "confidence": 0.22}]
    assert parsed("jsuis enceinte de 3 mois jai mal o dos la kiné c 100% ?", out).get("intent") == {
        "name": "remboursement_taux", "confidence": 1.0}
    # another profession's care, a cost, a situation that changes no rate: out of scope stays
    for text in ("je suis enceinte, l'ostéopathe est remboursé à 100 % ?",
                 "Combien coûte la rééducation d'un enfant atteint de paralysie cérébrale ?",
                 "Durée séance kiné à domicile : quelle prise en charge efficace ?"):
        assert parsed(text, out).get("intent") == out[0], text


def test_one_s_number_of_sessions_stated_is_a_value_for_the_calculator():
    # « je dois faire 20 séances de kiné » got the answer on who sets the number of sessions (0.43), where « j'ai 15
    # séances de kiné à faire » (inform) opened the calculation
    unsure = [{"name": "nombre_seances", "confidence": 0.43}, {"name": "calcul_remboursement", "confidence": 0.17}]
    assert parsed("je dois faire 20 séances de kiné", unsure).get("intent") == {"name": "inform", "confidence": 1.0}
    # asked, or sure of the topic: the topic stays
    assert parsed("je dois faire 20 séances de kiné, c'est normal ?", unsure).get("intent") == unsure[0]
    sure = [{"name": "nombre_seances", "confidence": 0.8}]
    assert parsed("on m'a prescrit 10 séances de kiné", sure).get("intent") == sure[0]


def test_a_care_s_price_read_as_out_of_scope_is_the_act_s_price():
    # « combien coute une seance de kine pour un bebe bronchiolite » got the out-of-scope reply
    out = [{"name": "out_of_scope", "confidence": 0.7}, {"name": "kine_respiratoire", "confidence": 0.15}]
    assert parsed("combien coute une seance de kine pour un bebe bronchiolite", out).get("intent") == {
        "name": "calcul_tarif_acte", "confidence": 1.0}
    # out of scope leaves the ranking: at 0.77 behind it, the fallback's ratio (config.yml) still sent « combien coûte
    # une séance de rééducation abdominale ? » to the fallback
    unsure = [{"name": "out_of_scope", "confidence": 0.77}, {"name": "calcul_tarif_acte", "confidence": 0.2}]
    assert [entry["name"] for entry in parsed("combien coûte une séance de rééducation abdominale ?",
                                              unsure).get("intent_ranking")] == ["calcul_tarif_acte"]
    # the ordinary session, a bilan, a number of sessions, or a sure topic: the classifier's reading stays
    for text in ("combien coûte une séance de kiné ?", "c'est quoi le tarif d'un bilan kiné",
                 "10 séances de kiné respiratoire, combien ?"):
        assert parsed(text, out).get("intent") == out[0], text
    sure = [{"name": "drainage_lymphatique", "confidence": 0.8}]
    assert parsed("quel est le prix d'une séance de drainage lymphatique ?", sure).get("intent") == sure[0]
    # the ordinary session named by a region or a limb's care: « Combien coûte un kiné pour un torticolis ? » got the
    # out-of-scope reply (0.74), « …pour une entorse de la cheville ? » the sessions per pathology (0.40)
    assert parsed("Combien coûte un kiné pour un torticolis ?", out).get("intent")["name"] == "calcul_tarif_acte"
    sessions = [{"name": "seances_par_pathologie", "confidence": 0.4}, {"name": "tarif_seance", "confidence": 0.36}]
    assert parsed("combien coute une séance de kiné pour une entorse de la cheville ?",
                  sessions).get("intent")["name"] == "calcul_tarif_acte"


def test_how_to_bill_an_act_is_the_act_s_price_when_the_classifier_is_unsure():
    # « je suis kiné, comment je facture un bilan à domicile ? » went to the fallback
    unsure = [{"name": "bilan_kine", "confidence": 0.3}, {"name": "depassement_comment_faire", "confidence": 0.2}]
    assert parsed("je suis kiné, comment je facture un bilan à domicile ?", unsure).get("intent") == {
        "name": "calcul_tarif_acte", "confidence": 1.0}
    assert parsed("comment je facture un dépassement ?", unsure).get("intent") == unsure[0]
    sure = [{"name": "bilan_kine", "confidence": 0.7}]
    assert parsed("comment facturer un bilan ?", sure).get("intent") == sure[0]


def test_which_mutuelle_for_the_kine_read_as_out_of_scope_is_the_mutuelle_s_topic():
    # « Comment trouver une meilleure mutuelle pour les consultations de kinésithérapie ? » was out of scope (0.87)
    out = [{"name": "out_of_scope", "confidence": 0.87}, {"name": "mutuelle_prise_en_charge", "confidence": 0.05}]
    assert parsed("Comment trouver une meilleure mutuelle pour les consultations de kinésithérapie ?", out).get(
        "intent") == {"name": "mutuelle_prise_en_charge", "confidence": 1.0}
    # another topic read (the dépassements'), or no kiné named: the classifier's reading stays
    other = [{"name": "depassement_mutuelle", "confidence": 0.4}]
    assert parsed("quelle mutuelle rembourse le mieux les dépassements chez le kiné ?", other).get("intent") == other[0]
    assert parsed("quelle mutuelle choisir ?", out).get("intent") == out[0]


def test_no_medecin_traitant_and_the_reimbursement_is_the_rate_s_topic_when_the_classifier_is_unsure():
    # « je n'ai pas de médecin traitant, je suis moins bien remboursé chez le kiné ? » went to the fallback (0.25)
    unsure = [{"name": "sans_ordonnance_remboursement", "confidence": 0.25},
              {"name": "mutuelle_prise_en_charge", "confidence": 0.2}]
    text = "je n'ai pas de médecin traitant, je suis moins bien remboursé chez le kiné ?"
    assert parsed(text, unsure).get("intent") == {"name": "remboursement_taux", "confidence": 1.0}
    # a sure reading (its answer says it too, if it is one of bot.situation.PARCOURS_TOPICS), or no reimbursement
    # asked: the classifier's reading stays
    sure = [{"name": "franchise_medicale", "confidence": 0.8}, *unsure]
    assert parsed("pas de médecin traitant, la franchise est remboursée ?", sure).get("intent") == sure[0]
    access = [{"name": "acces_direct", "confidence": 0.6}, *unsure]
    assert parsed("sans médecin traitant, je peux aller chez le kiné et être remboursé ?", access).get(
        "intent") == access[0]
    # who prescribes, not the reimbursement: the prescription's topic (a question shape)
    assert parsed("je n'ai pas de médecin traitant, qui peut me prescrire du kiné ?", unsure).get(
        "intent")["name"] == "ordonnance_necessaire"


def test_no_medecin_traitant_read_as_no_prescription_is_the_rate_s_topic():
    # « est-ce que le kiné est remboursé si j'ai pas de médecin traitant ? » was sure of the reimbursement without a
    # prescription (0.64), whose answer begins « Dans l'immense majorité des cas, non »
    no_prescription = [{"name": "sans_ordonnance_remboursement", "confidence": 0.64},
                       {"name": "remboursement_taux", "confidence": 0.06}]
    assert parsed("est-ce que le kiné est remboursé si j'ai pas de médecin traitant ?", no_prescription).get(
        "intent") == {"name": "remboursement_taux", "confidence": 1.0}
    # no prescription either: that reading stays
    assert parsed("sans médecin traitant et sans ordonnance, le kiné est remboursé ?", no_prescription).get(
        "intent") == no_prescription[0]


def test_whether_a_conventionne_kine_may_set_his_fees_is_the_depassement_s_rule_when_the_classifier_is_unsure():
    # « je suis kiné conventionné, je peux pratiquer des tarifs libres ? » went to the fallback
    # (hors_nomenclature_demarches 0.25, tarif_seance 0.19, depassement_droit 0.17).
    unsure = [{"name": "hors_nomenclature_demarches", "confidence": 0.25}, {"name": "tarif_seance", "confidence": 0.19},
              {"name": "depassement_droit", "confidence": 0.17}]
    message = parsed("je suis kiné conventionné, je peux pratiquer des tarifs libres ?", unsure)
    assert message.get("intent") == {"name": "depassement_droit", "confidence": 1.0}
    out = [{"name": "out_of_scope", "confidence": 0.31}, {"name": "non_conventionne_definition", "confidence": 0.27}]
    assert parsed("un kiné conventionné peut-il fixer librement ses tarifs ?", out).get("intent")["name"] == \
        "depassement_droit"
    # The kiné's « secteur », a sure reading, or a kiné outside the convention is left to the classifier.
    secteur = [{"name": "secteur_kine", "confidence": 0.3}]
    assert parsed("kiné conventionné, honoraires libres possibles ?", secteur).get("intent") == secteur[0]
    sure = [{"name": "hors_nomenclature_demarches", "confidence": 0.8}]
    assert parsed("kiné conventionné, je peux facturer un supplément hors nomenclature ?", sure).get("intent") == sure[0]
    outside = [{"name": "out_of_scope", "confidence": 0.4}]
    assert parsed("un kiné non conventionné peut-il fixer librement ses tarifs ?", outside).get("intent") == outside[0]


def test_a_kine_saying_who_he_is_and_nothing_else_is_greeted_not_a_calculation():
    # « je suis kiné » was inform (0.40), which opened the calculation with « Combien de séances ? »;
    # « je suis kinésithérapeute » went to the fallback.
    read_as_a_value = [{"name": "inform", "confidence": 0.4}, {"name": "remboursement_taux", "confidence": 0.12}]
    for text in ("je suis kiné", "Bonjour, je suis kinésithérapeute libérale.", "chui kiné", "moi c'est kiné !"):
        assert parsed(text, read_as_a_value).get("intent") == {"name": "greet", "confidence": 1.0}, text
    # a question after it, or his status as to the convention (a situation), is read as before
    for text in ("je suis kiné, combien je facture l'IFD ?", "je suis kiné non conventionné"):
        assert parsed(text, read_as_a_value).get("intent") != {"name": "greet", "confidence": 1.0}, text


def test_markup_read_as_a_value_is_no_value():
    # « <img src=x onerror=alert(1)> » was inform (0.41) and opened a calculation with « Combien de séances ? »
    ranking = [{"name": "inform", "confidence": 0.41}, {"name": "out_of_scope", "confidence": 0.33}]
    assert parsed("<img src=x onerror=alert(1)>", ranking).get("intent") == ranking[1]
    # markup around a value keeps it
    assert parsed("<b>10 séances</b>", ranking).get("intent")["name"] == "inform"
