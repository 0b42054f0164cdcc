"""The rasa-sdk actions, run against a real Tracker and CollectingDispatcher."""
import asyncio
import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (ActionAnswerTopic, ActionAskAffirmation, ActionDefaultFallback, ActionEnSavoirPlus,
                             ActionGreet, ActionHelp, ActionOublierConversation, ActionOutOfScope,
                             ActionSuiteSituation, ActionTarifActe)
from bot.wording import ESTABLISHMENT_LINE, PRACTICE_TRAVEL_LINE

# 1 December 2026 and 15 March 2024, as timestamps of a user's message (noon, local time).
DEC_2026 = dt.datetime(2026, 12, 1, 12).timestamp()
MAR_2024 = dt.datetime(2024, 3, 15, 12).timestamp()


def tracker(text="", intent="", ranking=None, events=None, slots=None, confidence=0.9):
    return Tracker(
        sender_id="test", slots=slots or {},
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence},
                        "intent_ranking": ranking or [], "entities": []},
        events=events or [], paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


def run(action, tracker_, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, domain))
    return dispatcher.messages, events


def test_a_new_session_is_started_by_rasa_itself_with_the_calculator_values_and_no_figure(domain):
    # No custom session start (it cost an action-server call per conversation): Rasa's own
    # carries the values over (session_config in domain.yml), and no figure is a slot.
    from rasa.core.actions.action import ActionSessionStart as RasaSessionStart
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    rasa_domain = Domain.from_dict(domain)
    assert "action_session_start" not in domain["actions"] and rasa_domain.session_config.carry_over_slots
    before = DialogueStateTracker.from_events("t", [SlotSet("calc_sessions", 10)], rasa_domain.slots)
    events = asyncio.run(RasaSessionStart().run(None, None, before, rasa_domain))
    assert [e.type_name for e in events] == ["session_started", "slot", "action"]
    assert (events[1].key, events[1].value) == ("calc_sessions", 10)
    assert not any(name.startswith("fig_") or "tarif" in name for name in domain["slots"])


def asked(text, intent, timestamp=DEC_2026, slots=None):
    return tracker(text, intent, slots=slots, events=[{"event": "user", "text": text, "timestamp": timestamp,
                                                       "parse_data": {"intent": {"name": intent}}}])


def test_answer_fills_the_figures_of_the_message_date(domain):
    messages, events = run(ActionAnswerTopic(), asked("c'est quoi la franchise ?", "franchise_medicale"), domain)
    assert messages[0]["response"] == "utter_franchise_medicale"
    # Keyword values for the response's placeholders, and only those (Rasa stores them with the answer).
    assert messages[0]["franchise_acte"] == "1 €"
    assert "tarif_bilan" not in messages[0]
    assert events == [] and len(messages) == 1
    # The franchise was 0,50 € before 31 March 2024: an old message is answered with the old figure.
    old, _ = run(ActionAnswerTopic(), asked("c'est quoi la franchise ?", "franchise_medicale", MAR_2024), domain)
    assert old[0]["franchise_acte"] == "0,50 €"


def test_answer_speaks_to_the_person_and_remembers_the_situation(domain):
    text = "ma fille de 13 ans a une scoliose, c'est remboursé ?"
    messages, events = run(ActionAnswerTopic(), asked(text, "remboursement_taux", slots={"calc_situation": {
        "domicile": True}}), domain)
    assert messages[0]["text"].split("\n") == [
        "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas retenus sur "
        "le remboursement.",
        "La liste des affections de longue durée comprend « scoliose idiopathique structurale évolutive » (code de la "
        "sécurité sociale, art. D.160-4) : si l'affection est reconnue en ALD par la caisse d'assurance "
        "maladie, les séances qui s'y rapportent sont prises en charge à 100 % du tarif conventionné (art. L.160-14, "
        "3°) ; sinon, c'est le remboursement habituel."]
    assert messages[1]["response"] == "utter_remboursement_taux"
    assert events == [{"event": "slot", "timestamp": None, "name": "calc_situation",
                       "value": {"domicile": True, "age": 13}}]


@pytest.mark.parametrize("text, topic", [
    ("je suis kiné, quand est-ce que je peux facturer un dépassement ?", "depassement_droit"),
    ("je suis kiné, à partir de quel montant je dois faire un devis ?", "devis_obligatoire"),
    ("mon patient ne vient pas à ses rendez-vous, je peux lui facturer les séances manquées ?", "seance_non_honoree"),
    ("je suis kiné, suis-je obligé de faire le tiers payant ?", "tiers_payant"),
    ("en tant que kiné, je peux refuser les espèces ?", "moyens_de_paiement"),
    ("je suis kiné, puis-je refuser un patient à la CMU ?", "refus_de_soins"),
    ("je suis kiné, puis-je facturer l'IFD et les IK en même temps ?", "seance_domicile"),
    ("je suis kiné, je dois faire une feuille de soins papier ?", "feuille_de_soins"),
    # « … demandez l'ordonnance à un médecin » was said to the kiné who asked about a sage-femme's prescription.
    ("je suis kiné, je peux prendre un patient avec une ordonnance de sage-femme ?", "ordonnance_necessaire"),
    # « … un dépassement pour exigence particulière de votre part », « vous ne récupérez presque rien », « envoyez-leur
    # un devis »: said to the kiné who asked of his fees, his patients' reimbursement, sessions without prescription.
    ("je suis kiné, combien je facture une séance ?", "tarif_seance"),
    ("je suis kiné non conventionné, mes patients sont remboursés ?", "non_conventionne_remboursement"),
    ("je suis kiné, mes séances sans ordonnance sont-elles remboursées ?", "sans_ordonnance_remboursement"),
    ("je suis kiné, je peux recevoir un patient sans ordonnance ?", "acces_direct")])
def test_a_kine_asking_gets_the_answer_worded_for_him(domain, text, topic):
    # « … exigence particulière de votre part … un horaire que vous imposez » was said to the kiné himself.
    messages, _ = run(ActionAnswerTopic(), asked(text, topic), domain)
    assert messages[-1]["response"] == f"utter_{topic}_for_kine"
    assert domain["responses"][f"utter_{topic}_for_kine"][0]["text"].startswith(("Vous ", "Vos "))
    # A patient asking gets the usual answer; so does a topic that has no kiné's wording.
    patient, _ = run(ActionAnswerTopic(), asked("mon kiné a-t-il le droit de dépasser ?", topic), domain)
    assert patient[-1]["response"] == f"utter_{topic}"
    other, _ = run(ActionAnswerTopic(), asked("je suis kiné, c'est quoi la franchise ?", "franchise_medicale"), domain)
    assert other[-1]["response"] == "utter_franchise_medicale"


def test_a_kine_who_said_so_earlier_still_gets_the_answers_worded_for_him(domain):
    # « je suis kiné, … » then « et à domicile, l'IFD c'est combien ? » got « Si vous habitez hors de
    # l'agglomération du cabinet… », said to a patient.
    _, events = run(ActionAnswerTopic(), asked("je suis kiné, je dois faire le tiers payant ?", "tiers_payant"), domain)
    assert {"event": "slot", "name": "calc_pour_patient", "value": True} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events]
    later = asked("et à domicile, l'IFD c'est combien ?", "seance_domicile", slots={"calc_pour_patient": True})
    messages, events = run(ActionAnswerTopic(), later, domain)
    assert messages[-1]["response"] == "utter_seance_domicile_for_kine" and events == []
    # « et les IK ? » right after it: the details in his words
    events = after_answer("et à domicile ?", "utter_seance_domicile_for_kine", "et les IK dans ma commune ?")
    events[-1]["parse_data"] = {"intent": {"name": "seance_domicile"}}
    messages, _ = run(ActionAnswerTopic(), tracker("et les IK dans ma commune ?", "seance_domicile", events=events,
                                                   slots={"calc_pour_patient": True}), domain)
    assert messages[-1]["response"] == "utter_seance_domicile_details_for_kine"
    # nobody said so: the patient's answer
    messages, _ = run(ActionAnswerTopic(), asked("et à domicile, c'est combien ?", "seance_domicile"), domain)
    assert messages[-1]["response"] == "utter_seance_domicile"


def test_a_kine_who_introduces_himself_is_welcomed_as_one_and_the_next_answers_are_worded_for_him(domain):
    # « je suis kiné » alone opened the calculation (« Combien de séances ? »): now the welcome in his words, and the
    # slot that words the next answers and the calculator's questions for him.
    messages, events = run(ActionGreet(), tracker("je suis kiné", "greet"), domain)
    assert messages[0]["response"] == "utter_greet_kine"
    assert domain["responses"]["utter_greet_kine"][0]["text"].startswith("Bonjour ! Vous êtes kiné : je réponds à vos "
                                                                         "questions de facturation")
    assert [{k: e[k] for k in ("event", "name", "value")} for e in events] == [
        {"event": "slot", "name": "calc_pour_patient", "value": True}]
    later = asked("et à domicile, l'IFD c'est combien ?", "seance_domicile", slots={"calc_pour_patient": True})
    messages, _ = run(ActionAnswerTopic(), later, domain)
    assert messages[-1]["response"] == "utter_seance_domicile_for_kine"
    # « bonjour » from anyone else: the usual welcome, nothing remembered
    messages, events = run(ActionGreet(), tracker("bonjour", "greet"), domain)
    assert messages[0]["response"] == "utter_greet" and events == []


def test_a_few_words_about_the_answer_before_are_not_an_unsure_guess_at_another_topic(domain):
    # « et comment on l'obtient ? » after the ALD's answer got the NGAP's answer (cotation_ngap at 0.43)
    ranking = [{"name": "cotation_ngap", "confidence": 0.43}, {"name": "out_of_scope", "confidence": 0.16}]
    events = after_answer("c'est quoi une ALD ?", "utter_ald_100", "et comment on l'obtient ?")
    messages, _ = run(ActionAnswerTopic(), tracker("et comment on l'obtient ?", "cotation_ngap", ranking, events,
                                                   confidence=0.43), domain)
    assert messages[0]["response"] == "utter_out_of_scope_follow_up"
    assert messages[0]["topic_title"] == "ALD et prise en charge à 100 %"
    # sure of it, or a question of its own (« et sans ordonnance ? »), the classifier's topic answers
    for text, confidence in (("et comment on l'obtient ?", 0.8), ("et sans ordonnance ?", 0.37)):
        events = after_answer("c'est quoi une ALD ?", "utter_ald_100", text)
        messages, _ = run(ActionAnswerTopic(), tracker(text, "cotation_ngap", ranking, events, confidence=confidence),
                          domain)
        assert messages[-1]["response"] == "utter_cotation_ngap", text


def test_en_savoir_plus_after_an_answer_worded_for_a_kine_gives_its_topic_s_details(domain):
    events = after_answer("je suis kiné, quand puis-je facturer un DE ?", "utter_depassement_droit_for_kine",
                          "en savoir plus")
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus", events=events), domain)
    assert messages[0]["response"] == "utter_depassement_droit_details"


@pytest.mark.parametrize("topic, words", [
    # « Présentez votre carte Vitale… » came after « Vous devez pratiquer le tiers payant… ».
    ("tiers_payant", "Vous ne percevez pas la franchise"),
    ("moyens_de_paiement", "aucun texte qui vous oblige à avoir un terminal de paiement"),
    ("seance_domicile", "Si le patient demande la venue à domicile sans raison médicale, vous pouvez facturer"),
    ("refus_de_soins", "Vous dégager d'un patient, c'est le prévenir"),
    # « Feuille papier : indiquez votre numéro de sécurité sociale et signez » was said to the kiné.
    ("feuille_de_soins", "La transmission électronique est une obligation pour vous (art. L.161-35)")])
def test_en_savoir_plus_after_a_kines_answer_gives_the_details_in_his_words(domain, topic, words):
    events = after_answer("je suis kiné, …", f"utter_{topic}_for_kine", "en savoir plus")
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus", events=events), domain)
    assert messages[0]["response"] == f"utter_{topic}_details_for_kine"
    assert words in domain["responses"][messages[0]["response"]][0]["text"]
    # A patient's answer keeps the patient's details.
    events = after_answer("…", f"utter_{topic}", "en savoir plus")
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus", events=events), domain)
    assert messages[0]["response"] == f"utter_{topic}_details"


def test_the_answers_worded_for_kines_keep_the_rule_and_its_source(domain):
    for name, variants in domain["responses"].items():
        if not name.endswith("_for_kine"):
            continue
        usual = domain["responses"][name[:-len("_for_kine")]][0]["text"]
        text = variants[0]["text"]
        body, _, source = text.partition("Source : ")
        assert source == usual.partition("Source : ")[2], name  # the same texts say it
        assert len(body.split()) <= max(90, len(usual.partition("Source : ")[0].split())), name  # no longer


def test_answer_for_alsace_moselle(domain):
    messages, _ = run(ActionAnswerTopic(), asked("j'habite à Strasbourg, c'est 90 % ?", "remboursement_taux"), domain)
    assert messages[0]["text"] == ("Si vous êtes affilié au régime local d'Alsace-Moselle, l'Assurance Maladie "
                                   "rembourse 90 % du tarif conventionné (au lieu de 60 %).")


def test_a_rate_question_after_a_town_of_the_regime_local_was_said_gets_the_90_percent_line(domain):
    # « j'habite à Metz » (a calculation opened), then « la kiné c'est remboursé combien ? »: 60 % alone
    messages, events = run(ActionAnswerTopic(), asked("la kiné c'est remboursé combien ?", "remboursement_taux",
                                                      slots={"calc_situation": {"regime": "alsace_moselle"}}), domain)
    assert messages[0]["text"].startswith("Si vous êtes affilié au régime local d'Alsace-Moselle, l'Assurance Maladie "
                                          "rembourse 90 % du tarif conventionné")
    assert messages[-1]["response"] == "utter_remboursement_taux" and events == []


def test_a_sage_femme_s_prescription_is_said_not_to_suffice_before_the_answer(domain):
    # « ma sage femme peut me prescrire de la kiné pour le périnée ? » got the prescription's answer, « sur
    # prescription d'un médecin », without saying no to the sage-femme (the details alone said it).
    messages, _ = run(ActionAnswerTopic(), asked("ma sage femme peut me prescrire de la kiné pour le périnée ?",
                                                 "ordonnance_necessaire"), domain)
    assert messages[0]["text"].split("\n")[0] == (  # then the perineal rehabilitation's cover
        "Une ordonnance de sage-femme ne suffit pas pour des séances de kiné remboursées : la NGAP (titre XIV) demande "
        "une prescription écrite « du médecin ». L'Assurance maladie l'a confirmé pour la rééducation du périnée "
        "prescrite par une sage-femme (courrier de la CNAMTS du 23 octobre 2013) ; une sage-femme peut en revanche "
        "faire elle-même cette rééducation après un accouchement.")
    assert messages[-1]["response"] == "utter_ordonnance_necessaire"
    # a kiné handed one: the same line, then his answer
    messages, _ = run(ActionAnswerTopic(), asked("je suis kiné, une patiente arrive avec une ordo de sa sage-femme, "
                                                 "je peux la prendre ?", "ordonnance_necessaire"), domain)
    assert messages[0]["text"].startswith("Une ordonnance de sage-femme")
    assert messages[-1]["response"] == "utter_ordonnance_necessaire_for_kine"
    # a dentist's: the NGAP's rule alone
    messages, _ = run(ActionAnswerTopic(), asked("mon dentiste m'a fait une ordonnance de kiné pour la mâchoire, c'est "
                                                 "remboursé ?", "ordonnance_necessaire"), domain)
    assert messages[0]["text"] == ("Une ordonnance de chirurgien-dentiste ne suffit pas pour des séances de kiné "
                                   "remboursées : la NGAP (titre XIV) demande une prescription écrite « du médecin ».")
    # sent to the kiné, which is a prescription too (« m'envoie chez le kiné » got the answer alone)
    messages, _ = run(ActionAnswerTopic(), asked("mon dentiste m'envoie chez le kiné pour la mâchoire, remboursé ?",
                                                 "ordonnance_necessaire"), domain)
    assert messages[0]["text"].startswith("Une ordonnance de chirurgien-dentiste ne suffit pas")
    # told to do sessions (« m'a dit de faire » got the number of sessions' answer alone)
    messages, _ = run(ActionAnswerTopic(), asked("ma sage-femme m'a dit de faire 10 séances de kiné pour les abdos, "
                                                 "c'est remboursé ?", "nombre_seances"), domain)
    assert messages[0]["text"].startswith("Une ordonnance de sage-femme ne suffit pas")
    # read as unsure, the fallback says it first too (it offered its topics alone)
    unsure = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "ald_100", "confidence": 0.2}]
    messages, _ = run(ActionAskAffirmation(), tracker("la sage femme m'a orientée vers une kiné pour les abdos, c'est "
                                                      "pris en charge ?", "nlu_fallback", unsure), domain)
    assert messages[0]["text"].startswith("Une ordonnance de sage-femme ne suffit pas")
    # a sage-femme named without a prescription: no line
    messages, _ = run(ActionAnswerTopic(), asked("la sage-femme fait aussi la rééducation du périnée ?", "ald_100"),
                      domain)
    assert not any("Une ordonnance de sage-femme" in (m.get("text") or "") for m in messages)


def test_a_cost_question_during_a_stay_gets_the_establishment_line_first(domain):
    # « en clinique de rééducation je paie le kiné ? » got the 60 % answer alone: a stay's kiné is the establishment's
    messages, _ = run(ActionAnswerTopic(), asked("en clinique de rééducation je paie le kiné ?", "remboursement_taux"),
                      domain)
    assert messages[0]["text"] == ESTABLISHMENT_LINE
    assert messages[1]["response"] == "utter_remboursement_taux"  # then the topic's answer
    # after the stay, the libéral kiné's sessions: the answer alone
    messages, _ = run(ActionAnswerTopic(), asked("après mon hospitalisation, la kiné est remboursée ?",
                                                 "remboursement_taux"), domain)
    assert ESTABLISHMENT_LINE not in [m.get("text") for m in messages]


def test_travel_billed_at_the_practice_gets_the_line_that_it_is_for_home_visits_only(domain):
    # « …en plus pr le déplacement alor ke jsui venu au cabinet » got the home visit's allowances (IFD 2,50 €, IK)
    # alone, silent on their being for home visits only (NGAP, dispositions générales, art. 13)
    messages, _ = run(ActionAnswerTopic(), asked("le kine ma facturé 3 euros en plus pr le déplacement alor ke jsui "
                                                 "venu au cabinet", "seance_domicile"), domain)
    assert messages[0]["text"] == PRACTICE_TRAVEL_LINE
    assert messages[1]["response"] == "utter_seance_domicile"
    # travel billed for a home visit: the answer alone
    messages, _ = run(ActionAnswerTopic(), asked("le kiné peut-il me faire payer le déplacement à domicile ?",
                                                 "seance_domicile"), domain)
    assert PRACTICE_TRAVEL_LINE not in [m.get("text") for m in messages]


def test_no_medecin_traitant_gets_the_line_that_kine_sessions_are_reimbursed_as_usual(domain):
    # « je n'ai pas de médecin traitant, la kiné est remboursée à 30 % ? » got the 60 % answer, silent on the 30 %
    # some sites give « hors parcours de soins »: the majoration is on médecins' acts (CSS R.160-6).
    messages, _ = run(ActionAnswerTopic(), asked("je n'ai pas de médecin traitant, la kiné est remboursée à 30 % ?",
                                                 "remboursement_taux"), domain)
    assert messages[0]["text"] == (
        "Sans médecin traitant (hors parcours de soins), seule votre part chez les médecins est majorée (code de la "
        "sécurité sociale, art. L.162-5-3 et R.160-6) : des séances de kiné prescrites restent remboursées à 60 %, "
        "que l'ordonnance vienne de votre médecin traitant ou d'un autre médecin.")
    assert messages[1]["response"] == "utter_remboursement_taux"
    # in Alsace-Moselle, its rate
    messages, _ = run(ActionAnswerTopic(), asked("je suis en Moselle et sans médecin traitant, c'est remboursé ?",
                                                 "remboursement_taux"), domain)
    assert any("restent remboursées à 90 %" in (m.get("text") or "") for m in messages)
    # a médecin traitant named, or another topic: nothing
    messages, _ = run(ActionAnswerTopic(), asked("mon médecin traitant m'a prescrit 10 séances, c'est remboursé ?",
                                                 "remboursement_taux"), domain)
    assert not any("parcours de soins" in (m.get("text") or "") for m in messages)


def test_an_adults_age_on_the_franchise_gets_that_it_is_withheld(domain):
    # « ma fille a 19 ans et est étudiante, elle paie la franchise ? » got the general answer alone (the minors' rule)
    messages, _ = run(ActionAnswerTopic(), asked("ma fille a 19 ans et est étudiante, elle paie la franchise ?",
                                                 "franchise_medicale"), domain)
    assert messages[0]["text"] == (
        "À 19 ans, la franchise médicale de 1 € par séance est retenue : seuls en sont exonérés, pour l'âge, ceux qui "
        "n'avaient pas 18 ans au 1er janvier de l'année (code de la sécurité sociale, art. D.160-12).")
    # « majeur » alone (18) or another exemption said: no such line
    for question in ("mon fils est majeur, il paie la franchise ?", "j'ai 25 ans et la CSS, je paie la franchise ?"):
        messages, _ = run(ActionAnswerTopic(), asked(question, "franchise_medicale"), domain)
        assert not any("est retenue : seuls en sont exonérés" in (m.get("text") or "") for m in messages)


def after_answer(question, response, text):
    """The events of a question, its answer (`response`), then the message `text`."""
    return [{"event": "user", "text": question, "timestamp": DEC_2026},
            {"event": "bot", "text": "...", "metadata": {"utter_action": response}},
            {"event": "user", "text": text, "timestamp": DEC_2026}]


def test_the_same_topic_asked_again_for_a_situation_gets_its_line_not_the_answer_again(domain):
    # « ok et c'est remboursé pour un enfant ? » right after the answer on reimbursement repeated it word for word.
    text = "ok et c'est remboursé pour un enfant ?"
    events = after_answer("c'est remboursé combien une séance ?", "utter_remboursement_taux", text)
    messages, slots = run(ActionAnswerTopic(), tracker(text, "remboursement_taux", events=events), domain)
    assert [m["text"] for m in messages] == [
        "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas retenus "
        "sur le remboursement."]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/remboursement_taux"] and slots == []
    # Asked first, or after another topic, the line comes before the answer.
    messages, _ = run(ActionAnswerTopic(), asked(text, "remboursement_taux"), domain)
    assert [m.get("response") for m in messages] == [None, "utter_remboursement_taux"]


def test_the_same_topic_asked_again_right_after_its_answer_gets_its_details(domain):
    # « et les IK ? » right after the home visits' answer (which names them) got that answer word for word.
    text = "et les IK ?"
    events = after_answer("le kiné peut venir à la maison ?", "utter_seance_domicile", text)
    messages, _ = run(ActionAnswerTopic(), tracker(text, "seance_domicile", events=events), domain)
    assert messages[0]["text"] == "Pour « Les séances à domicile », en détail :"
    assert messages[1]["response"] == "utter_seance_domicile_details"
    # Asked first, or after another topic, the answer itself.
    messages, _ = run(ActionAnswerTopic(), asked(text, "seance_domicile"), domain)
    assert [m.get("response") for m in messages] == ["utter_seance_domicile"]


def test_a_bare_question_on_reimbursement_right_after_an_answer_is_about_that_answer(domain):
    # « c'est remboursé ? » after the drainage's answer got the list of what is never reimbursed.
    def after(previous, text="c'est remboursé ?", intent="seances_non_remboursees"):
        events = [{"event": "user", "text": "et le drainage ?", "timestamp": DEC_2026},
                  {"event": "bot", "text": "...", "metadata": {"utter_action": f"utter_{previous}"}},
                  {"event": "user", "text": text, "timestamp": DEC_2026}]
        return run(ActionAnswerTopic(), tracker(text, intent, events=events), domain)[0]
    messages = after("drainage_lymphatique")
    assert messages[0]["text"] == "Pour « Le drainage lymphatique », en détail :"
    assert messages[1]["response"] == "utter_drainage_lymphatique_details"
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/seances_non_remboursees"]
    # Details that say nothing of reimbursement, a question with a subject, or no answer before: as asked.
    assert [m.get("response") for m in after("duree_seance")] == ["utter_seances_non_remboursees"]
    # (the ostéopathie named gets its line first)
    assert [m.get("response") for m in after("drainage_lymphatique", "l'ostéo c'est remboursé ?")] == [
        None, "utter_seances_non_remboursees"]
    messages, _ = run(ActionAnswerTopic(), asked("c'est remboursé ?", "seances_non_remboursees"), domain)
    assert [m.get("response") for m in messages] == ["utter_seances_non_remboursees"]


def test_a_general_question_gets_no_situation_line(domain):
    messages, events = run(ActionAnswerTopic(), asked("le kiné peut-il être pris en charge à 100 % ?", "ald_100"),
                           domain)
    assert len(messages) == 1 and events == []


def test_what_an_ald_is_is_said_before_the_full_cover_s_answer(domain):
    # « c'est quoi l'ALD ? » got what is covered at 100 %, not what an ALD is
    messages, events = run(ActionAnswerTopic(), asked("c'est quoi l'ALD ?", "ald_100"), domain)
    assert messages[0]["text"].startswith("Une ALD (affection de longue durée) est une maladie reconnue par votre "
                                          "caisse d'assurance maladie")
    assert "pris en charge à 100 %" in messages[0]["text"] and "L.324-1" in messages[0]["text"]
    assert messages[1]["response"] == "utter_ald_100" and events == []
    # someone in an ALD knows what it is
    messages, _ = run(ActionAnswerTopic(), asked("je suis en ALD, c'est quoi le taux pour le kiné ?", "ald_100"), domain)
    assert not any((m.get("text") or "").startswith("Une ALD") for m in messages)



def test_what_a_guarantee_aux_frais_reels_is_is_said_before_the_mutuelle_s_answer(domain):
    # « c'est quoi une mutuelle aux frais réels ? » was out of scope (0.99); the mutuelle's answer now starts with it
    messages, events = run(ActionAnswerTopic(), asked("c'est quoi une mutuelle aux frais réels ?",
                                                      "mutuelle_prise_en_charge"), domain)
    assert messages[0]["text"] == ("Une garantie « aux frais réels » (FR) se calcule sur ce que vous avez payé, et non "
                                   "sur la base de remboursement : à 100 % des frais réels, la mutuelle paie ce que vous "
                                   "avez payé moins la part de la Sécu, dépassement compris ; la franchise reste à votre "
                                   "charge.")
    assert messages[1]["response"] == "utter_mutuelle_prise_en_charge" and events == []
    # another question on the mutuelle gets its answer alone
    messages, _ = run(ActionAnswerTopic(), asked("ma mutuelle rembourse le kiné ?", "mutuelle_prise_en_charge"), domain)
    assert [m.get("response") for m in messages] == ["utter_mutuelle_prise_en_charge"]

def clicked_after(question, intent, payload, topic):
    """The events Rasa stores when a topic button of the fallback (or of the out-of-scope reply) is clicked:
    the question, the click, its revert by the two-stage fallback, then the click replayed."""
    said = {"event": "user", "text": question, "timestamp": DEC_2026, "parse_data": {"intent": {"name": intent}}}
    click = {"event": "user", "text": payload, "timestamp": DEC_2026, "parse_data": {"intent": {"name": topic}}}
    events = [said, {"event": "action", "name": "action_two_stage_fallback"},
              {"event": "bot", "text": "Je ne suis pas sûr…"}, {"event": "action", "name": "action_listen"},
              click, {"event": "action", "name": "action_two_stage_fallback"}, {"event": "rewind"},
              {"event": "action", "name": "action_listen"}, click]
    return tracker(payload, topic, events=events)


def test_a_topic_chosen_after_the_fallback_answers_the_situation_of_the_question(domain):
    messages, events = run(ActionAnswerTopic(), clicked_after(
        "je suis enceinte de 4 mois la kiné est remboursée ?", "nlu_fallback", "/remboursement_taux",
        "remboursement_taux"), domain)
    assert messages[0]["text"] == ("Au 4e mois de grossesse, le remboursement habituel s'applique "
                                   "(60 %, franchise retenue) ; à partir du 6e mois, c'est 100 %, sans franchise.")
    assert messages[1]["response"] == "utter_remboursement_taux"
    assert events[0]["name"] == "calc_situation" and events[0]["value"]


def test_a_topic_chosen_after_an_answer_or_a_general_question_gets_no_situation_line(domain):
    # The question before the click was answered by its own topic: its situation was said then.
    messages, _ = run(ActionAnswerTopic(), clicked_after(
        "ma fille de 13 ans a une scoliose, c'est remboursé ?", "remboursement_taux", "/franchise_medicale",
        "franchise_medicale"), domain)
    assert [m.get("response") for m in messages] == ["utter_franchise_medicale"]
    messages, _ = run(ActionAnswerTopic(), clicked_after(
        "euh la franchise ou un truc", "nlu_fallback", "/franchise_medicale", "franchise_medicale"), domain)
    assert [m.get("response") for m in messages] == ["utter_franchise_medicale"]


def test_tarif_acte_states_the_dated_price_and_its_source(domain):
    messages, _ = run(ActionTarifActe(), tracker("combien vaut un AMK 8,1 ?", "calcul_tarif_acte"), domain)
    text = messages[0]["text"]
    assert "17,90 €" in text and "8,1 × lettre clé 2,21 €" in text
    assert "Textes : Avenant n° 7" in text and "R.160-5 4°" in text
    # The rate's article on Légifrance first (its address is in the parameters), then the sites.
    assert "Sources : Légifrance (https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000031796188) ; SNMKR" in text


def test_tarif_acte_of_a_bilan_at_home(domain):
    messages, _ = run(ActionTarifActe(), tracker("prix d'un bilan kiné à domicile", "calcul_tarif_acte"), domain)
    assert "23,65 €" in messages[0]["text"] and "IFD" in messages[0]["text"]
    # the bilan's rules one click away (a kiné asking how to bill it got the price alone); not after a session's price
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/bilan_kine"]
    messages, _ = run(ActionTarifActe(), tracker("combien vaut un AMK 8,1 ?", "calcul_tarif_acte"), domain)
    assert not messages[0].get("buttons")


def test_tarif_acte_with_an_absurd_coefficient_says_why(domain):
    messages, _ = run(ActionTarifActe(), tracker("combien vaut un AMK 5000 ?", "calcul_tarif_acte"), domain)
    assert messages[0]["text"].startswith("Je ne peux pas calculer ce tarif")


def test_en_savoir_plus_gives_the_details_of_the_last_topic(domain):
    events = [{"event": "action", "name": "action_answer_topic"},
              {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_franchise_medicale"}},
              {"event": "bot", "text": "Pour un enfant de moins de 18 ans…", "metadata": {}},
              {"event": "user", "text": "merci", "timestamp": DEC_2026},
              {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_de_rien"}}]
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus", events=events), domain)
    assert messages[0]["response"] == "utter_franchise_medicale_details"
    assert messages[0]["franchise_plafond_annuel"] == "50 €"


def test_en_savoir_plus_after_a_calculation_explains_the_calculation(domain):
    events = [{"event": "bot", "text": "...", "metadata": {"utter_action": "utter_franchise_medicale"}},
              {"event": "action", "name": "action_calcul_resultat"}, {"event": "bot", "text": "Estimation…"}]
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus", events=events), domain)
    assert messages[0]["response"] == "utter_calcul_remboursement_details"


def test_en_savoir_plus_after_a_result_gives_the_whole_calculation_line_by_line(domain):
    events = [{"event": "action", "name": "action_calcul_resultat"}, {"event": "bot", "text": "Reste à votre charge…"}]
    last = {"sessions": 10, "price": 25, "mutuelle": {"br_percent": 100}, "date": "2026-12-01"}
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus", events=events,
                                                    slots={"calc_last_request": last}), domain)
    text = messages[0]["text"]
    assert "60 % de 17,90 € = 10,74 € par séance" in text
    assert "Reste à votre charge : 250,00 € − 97,40 € (Assurance Maladie) − 71,60 € (mutuelle) = 81,00 €" in text
    # A kiné asking for a patient: the patient's share.
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus", events=events,
                                                    slots={"calc_last_request": last, "calc_pour_patient": True}), domain)
    text = messages[0]["text"]
    assert "Reste à la charge du patient : 250,00 € − 97,40 € (Assurance Maladie) − 71,60 € (mutuelle) = 81,00 €" in text
    assert "La part exacte de la mutuelle du patient dépend de son contrat" in text and "votre" not in text


def test_en_savoir_plus_without_a_topic_offers_the_menu(domain):
    messages, _ = run(ActionEnSavoirPlus(), tracker("en savoir plus", "en_savoir_plus"), domain)
    assert messages[0]["buttons"] and "Sur quel sujet" in messages[0]["text"]


def test_fallback_offers_the_three_most_likely_topics(domain):
    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "franchise_medicale", "confidence": 0.28},
               {"name": "greet", "confidence": 0.2}, {"name": "tiers_payant", "confidence": 0.2},
               {"name": "ald_100", "confidence": 0.1}, {"name": "telesoin", "confidence": 0.05}]
    messages, _ = run(ActionAskAffirmation(), tracker("euh la franchise ou un truc", "nlu_fallback", ranking), domain)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/franchise_medicale", "/tiers_payant", "/ald_100", "/out_of_scope"]
    assert messages[0]["buttons"][0]["title"] == "La franchise médicale"
    # Right after an answer, a short question sent to the fallback is about that answer: its details
    # first (« et si elle me répond pas ? » after the answer on contesting a reimbursement).
    answered = [{"event": "user", "text": "c'est quoi la commission de recours amiable ?", "timestamp": DEC_2026},
                {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_contester_remboursement"}},
                {"event": "user", "text": "et si elle me répond pas ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionAskAffirmation(), tracker("et si elle me répond pas ?", "nlu_fallback", ranking, answered),
                      domain)
    assert [m["response"] for m in messages] == ["utter_out_of_scope_follow_up"]
    assert messages[0]["topic_title"] == "Contester un remboursement"
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "/en_savoir_plus", "/franchise_medicale", "/tiers_payant", "/out_of_scope"]


def test_out_of_scope_offers_the_topics_still_likely_as_buttons(domain):
    # « Peut-on arrêter dès que l'on se sent mieux… ? » read as out of scope, arreter_seances second.
    ranking = [{"name": "out_of_scope", "confidence": 0.59}, {"name": "arreter_seances", "confidence": 0.32},
               {"name": "greet", "confidence": 0.04}, {"name": "nombre_seances", "confidence": 0.03}]
    messages, events = run(ActionOutOfScope(), tracker("Peut-on arrêter dès que l'on se sent mieux ?",
                                                       "out_of_scope", ranking), domain)
    assert [m["response"] for m in messages] == ["utter_out_of_scope", "utter_out_of_scope_suggestions"]
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/arreter_seances"]
    assert events == []


def test_out_of_scope_without_a_likely_topic_or_during_a_calculation_says_only_what_it_covers(domain):
    weather = [{"name": "out_of_scope", "confidence": 0.95}, {"name": "tarif_seance", "confidence": 0.02}]
    messages, _ = run(ActionOutOfScope(), tracker("quel temps fait-il ?", "out_of_scope", weather), domain)
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]
    # During a calculation the form asks its own question next: no topic buttons beside it.
    in_form = tracker("et la météo ?", "out_of_scope", [{"name": "out_of_scope", "confidence": 0.6},
                                                        {"name": "tarif_seance", "confidence": 0.3}])
    in_form.active_loop = {"name": "calcul_form"}
    messages, _ = run(ActionOutOfScope(), in_form, domain)
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]


def test_out_of_scope_on_the_osteopathie_says_first_that_it_is_never_reimbursed(domain):
    ranking = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "remboursement_taux", "confidence": 0.05}]
    messages, _ = run(ActionOutOfScope(), tracker("l'ostéopathie chez un kiné est remboursée ?", "out_of_scope",
                                                  ranking), domain)
    assert messages[0]["text"].startswith("L'ostéopathie et la chiropraxie ne sont pas des actes de la nomenclature : "
                                          "leurs séances ne sont pas remboursées par l'Assurance Maladie")
    assert [m.get("response") for m in messages[1:]] == ["utter_out_of_scope_rest"]  # not « Désolé » after it
    # Sent to the fallback, the same line comes before the topics offered.
    messages, _ = run(ActionAskAffirmation(), tracker("ostéo ou kiné niveau remboursement", "nlu_fallback",
                                                      ranking), domain)
    assert messages[0]["text"].startswith("L'ostéopathie et la chiropraxie ne sont pas des actes de la nomenclature")
    assert messages[1]["buttons"][-1]["payload"] == "/out_of_scope"


@pytest.mark.parametrize("text, line", [
    # « quand commencer la rééducation du périnée après une césarienne ? » got « Désolé, je ne traite que… » alone;
    # CSP art. R.4321-5, 2° c: a kiné's from the 90th day after the birth.
    ("quand commencer la rééducation du périnée après une césarienne ?",
     "Chez un kiné, la rééducation du périnée après l'accouchement commence au plus tôt le 90e jour ; une sage-femme "
     "peut la faire avant (code de la santé publique, art. R.4321-5 et R.4127-318)."),
    # « ma sage-femme fait la rééduc du périnée, c'est remboursé ? » got « Désolé, je ne traite que… » alone.
    ("ma sage-femme fait la rééduc du périnée, c'est remboursé ?",
     "Faite par une sage-femme ou par un kiné, la rééducation du périnée après l'accouchement est prise en charge à "
     "100 % du tarif par l'assurance maternité (code de la sécurité sociale, art. L.160-9)."),
    # « la rééducation abdominale après une césarienne est-elle remboursée ? » got « Désolé, je ne traite que… » alone.
    ("la rééducation abdominale après une césarienne est-elle remboursée ?",
     "La rééducation du périnée ou des abdominaux après l'accouchement est prise en charge à 100 % du tarif "
     "conventionné par l'assurance maternité ; d'autres soins ne le sont que jusqu'au 12e jour après la naissance. "
     "Chez un kiné, la rééducation du périnée après l'accouchement commence au plus tôt le 90e jour ; une sage-femme "
     "peut la faire avant (code de la santé publique, art. R.4321-5 et R.4127-318)."),
])
def test_out_of_scope_on_the_perineal_rehabilitation_after_a_birth_says_what_is_known_first(domain, text, line):
    ranking = [{"name": "out_of_scope", "confidence": 0.8}, {"name": "ald_100", "confidence": 0.1}]
    messages, _ = run(ActionOutOfScope(), tracker(text, "out_of_scope", ranking), domain)
    assert messages[0]["text"] == line
    assert [m.get("response") for m in messages[1:2]] == ["utter_out_of_scope_rest"]


def test_out_of_scope_on_an_animal_says_that_only_an_animal_insurance_may_pay(domain):
    # « kiné pour mon chien remboursé ? » got the 60 % answer; the Assurance Maladie pays for persons (CSS L.160-1).
    ranking = [{"name": "out_of_scope", "confidence": 0.75}, {"name": "remboursement_taux", "confidence": 0.2}]
    messages, _ = run(ActionOutOfScope(), tracker("ostéo ou kiné pour mon chien, c'est remboursé ?", "out_of_scope",
                                                  ranking), domain)
    assert messages[0]["text"] == (
        "Les soins d'un animal (kinésithérapie ou physiothérapie vétérinaire) ne sont pas remboursés par l'Assurance "
        "Maladie, qui prend en charge les frais de santé des personnes (code de la sécurité sociale, art. L.160-1), ni "
        "par une mutuelle santé : seule une assurance santé animale peut en rembourser une part, selon son contrat.")
    # nor the person's reimbursement offered as a button after it
    assert [m.get("response") for m in messages[1:]] == ["utter_out_of_scope_rest"]


@pytest.mark.parametrize("text, line", [
    # « les séances de kiné sont-elles déductibles des impôts ? » got the 60 % answer
    ("le kiné c'est déductible des impôts ?", "Je ne traite pas les impôts : pour savoir si des frais de santé se "
                                              "déclarent ou se déduisent, voyez impots.gouv.fr"),
    # « le kiné de l'hôpital c'est payant ? » got the tiers payant's answer
    ("ma mère est en EHPAD, qui paie le kiné ?", "Je traite les séances d'un kiné libéral, à son cabinet ou à "
                                                 "domicile. Pendant un séjour à l'hôpital, en clinique"),
    # « je suis belge en vacances en France, le kiné est remboursé ? » got the 60 % answer
    ("je suis belge, en vacances en France, le kiné est remboursé ?",
     "Je traite les assurés de l'Assurance Maladie française. Assuré dans un autre pays, demandez à votre caisse"),
    # « je suis retraitée » after a result got « Je n'ai pas de réponse plus précise … »
    ("je suis retraitée", "Être retraité, étudiant, salarié ou sans emploi ne change pas le remboursement des séances ;"),
])
def test_out_of_scope_beside_kine_billing_says_where_to_ask(domain, text, line):
    ranking = [{"name": "out_of_scope", "confidence": 0.8}, {"name": "remboursement_taux", "confidence": 0.1}]
    messages, _ = run(ActionOutOfScope(), tracker(text, "out_of_scope", ranking), domain)
    assert messages[0]["text"].startswith(line)
    assert messages[1].get("response") == "utter_out_of_scope_rest"


def test_a_question_in_english_is_told_that_the_answers_are_in_french(domain):
    # « How much does physiotherapy cost in France? » got « Désolé, je ne traite que la facturation… » alone,
    # which does not tell someone who reads no French why.
    ranking = [{"name": "out_of_scope", "confidence": 0.99}, {"name": "tarif_seance", "confidence": 0.005}]
    messages, _ = run(ActionOutOfScope(), tracker("How much does physiotherapy cost in France?", "out_of_scope",
                                                  ranking), domain)
    assert messages[0]["text"] == ("Je ne réponds qu'en français (I only answer in French) : posez-moi votre "
                                   "question en français, par exemple « combien coûte une séance de kiné ? ».")
    assert [m.get("response") for m in messages[1:]] == ["utter_out_of_scope_rest"]
    # A French question naming a technique in English is no English question.
    messages, _ = run(ActionOutOfScope(), tracker("le kiné fait du dry needling, c'est remboursé ?", "out_of_scope",
                                                  ranking), domain)
    assert [m.get("response") for m in messages] == ["utter_out_of_scope"]


def test_an_animal_s_care_read_as_a_topic_or_after_an_answer_still_gets_the_animal_s_line(domain):
    # « kiné pour mon chat, c'est remboursé ? » was read as remboursement_taux and got the 60 % answer; « et pour mon
    # chien ? » right after an answer is no follow-up on it.
    ranking = [{"name": "remboursement_taux", "confidence": 0.6}, {"name": "out_of_scope", "confidence": 0.3}]
    dog = after_answer("c'est remboursé ?", "utter_remboursement_taux", "et pour mon chien ?")
    for action, asked_ in ((ActionAnswerTopic(), tracker("kiné pour mon chat, c'est remboursé ?", "remboursement_taux",
                                                         ranking)),
                           (ActionOutOfScope(), tracker("et pour mon chien ?", "out_of_scope", ranking, dog))):
        messages, events = run(action, asked_, domain)
        assert messages[0]["text"].startswith("Les soins d'un animal (kinésithérapie ou physiothérapie vétérinaire)")
        assert [m.get("response") for m in messages[1:]] == ["utter_out_of_scope_rest"] and events == []
    # « le chat » may be this one: the question is answered.
    messages, _ = run(ActionAnswerTopic(), tracker("je peux demander dans le chat si c'est remboursé ?",
                                                   "remboursement_taux", ranking), domain)
    assert messages[0]["response"] == "utter_remboursement_taux"
    # An animal that hurt the person: the person is the patient (« le chien du voisin m'a mordu » got the animal's line).
    ranking = [{"name": "accident_tiers", "confidence": 0.7}, {"name": "out_of_scope", "confidence": 0.2}]
    for text in ("le chien du voisin m'a mordu, je dois faire de la kiné, c'est lui qui paie ?",
                 "morsure de chien à la main, qui paie la rééducation ?", "tombée de cheval, le kiné est remboursé ?"):
        messages, _ = run(ActionAnswerTopic(), tracker(text, "accident_tiers", ranking), domain)
        assert messages[0]["response"] == "utter_accident_tiers", text


def test_a_short_question_right_after_an_answer_is_about_it_not_out_of_scope(domain):
    # « c'est obligatoire ? » after the tiers payant's answer, read as out of scope by the classifier:
    # « je ne traite que… » would be wrong; the details of the topic just answered are offered.
    answered = [{"event": "user", "text": "c'est quoi le tiers payant ?", "timestamp": DEC_2026},
                {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_tiers_payant"}},
                {"event": "user", "text": "c'est obligatoire ?", "timestamp": DEC_2026}]
    ranking = [{"name": "out_of_scope", "confidence": 0.7}, {"name": "tiers_payant", "confidence": 0.15},
               {"name": "devis_obligatoire", "confidence": 0.11}]
    messages, events = run(ActionOutOfScope(), tracker("c'est obligatoire ?", "out_of_scope", ranking, answered),
                           domain)
    assert [m["response"] for m in messages] == ["utter_out_of_scope_follow_up"]
    assert messages[0]["topic_title"] == "Le tiers payant"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/en_savoir_plus", "/devis_obligatoire"]
    assert events == []
    # « et il doit faire quoi pour moi ? » after the refusal answer: seven words, still about it.
    refused = [{"event": "user", "text": "mon kiné ne veut plus me soigner, il a le droit ?", "timestamp": DEC_2026},
               {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_refus_de_soins"}},
               {"event": "user", "text": "et il doit faire quoi pour moi ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionOutOfScope(), tracker("et il doit faire quoi pour moi ?", "out_of_scope",
                                                  [{"name": "out_of_scope", "confidence": 0.8}], refused), domain)
    assert [m["response"] for m in messages] == ["utter_out_of_scope_follow_up"]
    assert messages[0]["topic_title"] == "Un kiné peut-il refuser un patient"
    # A turn later, or a long question, is a question of its own: the out-of-scope reply.
    later = answered[:2] + [{"event": "user", "text": "merci", "timestamp": DEC_2026},
                            {"event": "bot", "text": "De rien"}, answered[2]]
    messages, _ = run(ActionOutOfScope(), tracker("c'est obligatoire ?", "out_of_scope", ranking, later), domain)
    assert messages[0]["response"] == "utter_out_of_scope"
    long = "est-ce que mon employeur doit me laisser partir plus tôt pour aller chez le kiné ?"
    messages, _ = run(ActionOutOfScope(), tracker(long, "out_of_scope", ranking, answered[:2] + [
        {"event": "user", "text": long, "timestamp": DEC_2026}]), domain)
    assert messages[0]["response"] == "utter_out_of_scope"
    # Short, but about a thing of its own: « la sécu rembourse les semelles orthopédiques ? » after the bilan's
    # answer got « je n'ai pas de réponse plus précise sur « Le bilan du kiné » ».
    soles = "la sécu rembourse les semelles orthopédiques ?"
    messages, _ = run(ActionOutOfScope(), tracker(soles, "out_of_scope", ranking, answered[:2] + [
        {"event": "user", "text": soles, "timestamp": DEC_2026}]), domain)
    assert messages[0]["response"] == "utter_out_of_scope"
    # « et l'ostéo ? » gets the ostéopathie's line.
    messages, _ = run(ActionOutOfScope(), tracker("et l'ostéo ?", "out_of_scope", ranking, answered[:2] + [
        {"event": "user", "text": "et l'ostéo ?", "timestamp": DEC_2026}]), domain)
    assert messages[0]["text"].startswith("L'ostéopathie et la chiropraxie ne sont pas des actes de la nomenclature")


def test_a_short_question_after_a_topic_of_a_family_gets_the_family(domain):
    # « il peut me prendre combien ? » after « c quoi un kiné déconventionné » (out of scope at 0.88,
    # no topic above 0.10) got the details button alone; the tariffs topic answers it.
    answered = [{"event": "user", "text": "c quoi un kiné deconventionné", "timestamp": DEC_2026},
                {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_non_conventionne_definition"}},
                {"event": "user", "text": "il peut me prendre combien ?", "timestamp": DEC_2026}]
    ranking = [{"name": "out_of_scope", "confidence": 0.88}, {"name": "acces_direct", "confidence": 0.04}]
    messages, _ = run(ActionOutOfScope(), tracker("il peut me prendre combien ?", "out_of_scope", ranking, answered),
                      domain)
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "En savoir plus", "Le remboursement d'un non conventionné", "Les tarifs d'un non conventionné"]
    # A weak guess elsewhere (acces_direct at 0.10) does not replace the family; the family's likeliest first.
    ranking = [{"name": "out_of_scope", "confidence": 0.82}, {"name": "acces_direct", "confidence": 0.10},
               {"name": "non_conventionne_tarifs", "confidence": 0.02}]
    messages, _ = run(ActionOutOfScope(), tracker("il peut me prendre combien ?", "out_of_scope", ranking, answered),
                      domain)
    assert [b["title"] for b in messages[0]["buttons"]] == [
        "En savoir plus", "Les tarifs d'un non conventionné", "Le remboursement d'un non conventionné"]


def test_a_follow_up_for_another_situation_is_answered_on_the_last_topic(domain):
    # After the franchise's answer, « et pour un enfant ? » asks the same for a child.
    answered = [{"event": "user", "text": "c'est quoi la franchise ?", "timestamp": DEC_2026},
                {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_franchise_medicale"}},
                {"event": "user", "text": "et pour un enfant ?", "timestamp": DEC_2026}]
    follow_up = "situation_follow_up"
    messages, events = run(ActionSuiteSituation(), tracker("et pour un enfant ?", follow_up, [], answered), domain)
    assert [m["text"] for m in messages] == [
        "Pour un enfant de moins de 18 ans, pas de franchise médicale : les 1 € par séance ne sont pas "
        "retenus sur le remboursement."]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/franchise_medicale"]
    assert events == []  # hypothetical (« un enfant »): not remembered for a calculation
    # Without an answer before it, or with nothing to say for that situation, the out-of-scope reply.
    messages, _ = run(ActionSuiteSituation(), tracker("et pour un enfant ?", follow_up, [], answered[2:]), domain)
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]
    # Nothing to say for « ma mère » (no age): a short question on the answer just given, whose details
    # are offered (below).
    messages, _ = run(ActionSuiteSituation(), tracker("et pour ma mère ?", follow_up, [], answered), domain)
    assert [m["response"] for m in messages] == ["utter_out_of_scope_follow_up"]
    # An adult's age is on the subject too: the answer stands, said as such, with the way back to it.
    messages, events = run(ActionSuiteSituation(), tracker("et pour ma mère de 80 ans ?", follow_up, [], answered),
                           domain)
    assert [m["text"] for m in messages] == [
        "À 80 ans, la réponse ci-dessus vaut aussi : le remboursement ne dépend pas de l'âge ; seuls les moins de "
        "18 ans sont exonérés de la franchise médicale."]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/franchise_medicale"] and events == []


def test_why_after_an_answer_gets_its_details_and_after_a_result_the_calculation(domain):
    # « pourquoi ? » after a result got « Je n'ai pas de réponse plus précise… », or the out-of-scope reply after a
    # what-if's result (« et le bilan ? »).
    out = [{"name": "out_of_scope", "confidence": 0.8}]
    answered = [{"event": "user", "text": "c'est quoi le tiers payant ?", "timestamp": DEC_2026},
                {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_tiers_payant"}},
                {"event": "user", "text": "pourquoi ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionOutOfScope(), tracker("pourquoi ?", "out_of_scope", out, answered), domain)
    assert [m["response"] for m in messages] == ["utter_tiers_payant_details"]
    slots = {"calc_last_request": {"date": "2026-12-01", "sessions": 2, "act": "bilan", "mutuelle": None}}
    what_if = [{"event": "action", "name": "action_calcul_resultat"},
               {"event": "user", "text": "et le bilan ?", "timestamp": DEC_2026},
               {"event": "action", "name": "action_suite_situation"}, {"event": "bot", "text": "..."},
               {"event": "user", "text": "pourquoi ce montant ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionOutOfScope(), tracker("pourquoi ce montant ?", "out_of_scope", out, what_if, slots), domain)
    assert messages[0]["text"].startswith("Estimation pour 2 bilans, tarifs au 01/12/2026")
    # read as unsure (« et pourquoi ? » after the ALD's answer: the fallback), the same
    unsure = [{"name": "ald_100", "confidence": 0.2}, {"name": "depassement_raisons", "confidence": 0.15}]
    ald = [{"event": "user", "text": "je suis en ALD, c'est remboursé à 100 % ?", "timestamp": DEC_2026},
           {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_ald_100"}},
           {"event": "user", "text": "et pourquoi ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionAskAffirmation(), tracker("et pourquoi ?", "nlu_fallback", unsure, ald), domain)
    assert [m["response"] for m in messages] == ["utter_ald_100_details"]
    # « c'est obligatoire ? » after a what-if's result is about the calculation, as after the form's
    slot = {"event": "slot", "name": "calc_last_request", "value": slots["calc_last_request"]}
    what_if_said = what_if[:4] + [slot, {"event": "user", "text": "c'est obligatoire ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionOutOfScope(), tracker("c'est obligatoire ?", "out_of_scope", out, what_if_said, slots),
                      domain)
    assert messages[0]["response"] == "utter_out_of_scope_follow_up"
    assert messages[0]["topic_title"] == "Calculer mon reste à charge"
    # the last request a new session carries over is no result said
    new_session = [{"event": "action", "name": "action_session_start"}, {"event": "session_started"}, slot,
                   {"event": "action", "name": "action_listen"},
                   {"event": "user", "text": "c'est obligatoire ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionOutOfScope(), tracker("c'est obligatoire ?", "out_of_scope", out, new_session, slots),
                      domain)
    assert messages[0]["response"] == "utter_out_of_scope"
    # with nothing answered before it, or a why of its own, the out-of-scope reply
    alone = [{"event": "user", "text": "pourquoi ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionOutOfScope(), tracker("pourquoi ?", "out_of_scope", out, alone), domain)
    assert messages[0]["response"] == "utter_out_of_scope"
    own = "pourquoi les kinés font grève ?"
    messages, _ = run(ActionOutOfScope(), tracker(own, "out_of_scope", out, answered[:2] + [
        {"event": "user", "text": own, "timestamp": DEC_2026}]), domain)
    assert messages[0]["response"] != "utter_tiers_payant_details"


def test_a_follow_up_after_a_result_recalculates_with_that_situation(domain):
    slots = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
             "calc_situation": {}, "calc_last_request": {"sessions": 10, "act": "membre"}}
    after_result = [{"event": "action", "name": "action_calcul_resultat"},
                    {"event": "user", "text": "et si j'habitais à Metz ?", "timestamp": DEC_2026}]
    messages, events = run(ActionSuiteSituation(), tracker("et si j'habitais à Metz ?", "situation_follow_up",
                                                           [], after_result, slots), domain)
    assert {"event": "slot", "name": "calc_situation", "value": {"regime": "alsace_moselle"},
            "timestamp": None} in events
    # 10 sessions at 17,90 €: 90 % of it (16,11 €) minus the 1 € franchise, no mutuelle.
    result = messages[-1]["text"]
    assert "Reste à votre charge : 27,90 €" in result and "Alsace-Moselle" in result
    # A pregnancy without its month: the month decides the rate, so the form asks it before any result.
    messages, events = run(ActionSuiteSituation(), tracker("et si j'étais enceinte ?", "situation_follow_up",
                                                           [], after_result, slots), domain)
    assert messages == [] and events[-1] == {"event": "followup", "name": "calcul_form", "timestamp": None}
    assert {"event": "slot", "name": "calc_situation", "value": {"prise_en_charge_100": "maternite"},
            "timestamp": None} in events


def test_a_follow_up_naming_another_care_recalculates_for_it_and_else_offers_topics(domain):
    # « et pour le dos ? » after a 10-session result on the bilan: the classifier sent it to the fallback, which offered
    # topics; it is the course's sessions for the back.
    slots = {"calc_sessions": 1, "calc_acte": {"act": "bilan", "seances_du_traitement": 10},
             "calc_mutuelle": {"mutuelle": None}, "calc_situation": {},
             "calc_last_request": {"sessions": 1, "act": "bilan"}}
    after_result = [{"event": "action", "name": "action_calcul_resultat"},
                    {"event": "user", "text": "et pour le dos ?", "timestamp": DEC_2026}]
    ranking = [{"name": "situation_follow_up", "confidence": 1.0}, {"name": "dos_bloque", "confidence": 0.4}]
    messages, events = run(ActionSuiteSituation(), tracker("et pour le dos ?", "situation_follow_up", ranking,
                                                           after_result, slots), domain)
    result = messages[-1]["text"]
    assert result.startswith("Je reprends les 10 séances du traitement.")
    assert "Reste à votre charge : 81,60 € pour 10 séances" in result
    # Without a result to change, the topics it may be about, as the fallback offered them.
    messages, events = run(ActionSuiteSituation(), tracker("et pour le dos ?", "situation_follow_up", ranking,
                                                           after_result[1:]), domain)
    assert messages[-1]["text"].startswith("Je ne suis pas sûr de pouvoir bien répondre à cette question.")
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/dos_bloque", "/out_of_scope"] and events == []


def test_a_follow_up_naming_another_patient_recalculates_without_the_previous_one_s_situation(domain):
    # After a 12-year-old's result, « et pour moi ? » got the home-visit topic (« chez moi »); the
    # calculation for the parent then kept « moins de 18 ans »: no franchise.
    slots = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
             "calc_situation": {"age": 12}, "calc_last_request": {"sessions": 10, "act": "membre", "age": 12}}
    after_result = [{"event": "user", "text": "10 séances de kiné pour ma fille de 12 ans, genou", "timestamp": DEC_2026},
                    {"event": "user", "text": "pas de mutuelle", "timestamp": DEC_2026},
                    {"event": "action", "name": "action_calcul_resultat"},
                    {"event": "user", "text": "et pour moi ?", "timestamp": DEC_2026}]
    messages, events = run(ActionSuiteSituation(), tracker("et pour moi ?", "situation_follow_up", [], after_result,
                                                           slots), domain)
    assert {"event": "slot", "name": "calc_situation", "value": {}, "timestamp": None} in events
    result = messages[-1]["text"]
    # 10 × 17,90 € = 179,00 €; 10,74 € a session less the 1 € franchise: 81,60 € left to pay.
    assert result.startswith("Pour ce patient, je ne reprends pas ce qui valait pour une autre personne : "
                             "patient de moins de 18 ans (12 ans).")
    assert "Reste à votre charge : 81,60 € pour 10 séances" in result


def test_after_a_result_a_topic_what_if_or_statement_recalculates_and_a_topic_question_is_answered(domain):
    slots = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
             "calc_situation": {}, "calc_last_request": {"sessions": 10, "act": "membre"}}

    def after_result(text, intent):
        events = [{"event": "action", "name": "action_calcul_resultat"},
                  {"event": "user", "text": text, "timestamp": DEC_2026}]
        return run(ActionAnswerTopic(), tracker(text, intent, [], events, slots), domain)

    # « et si je suis en ALD ? » is read as the ALD topic: the calculation again, at 100 % of 17,90 €
    # minus the 1 € franchise for each of the 10 sessions.
    messages, events = after_result("et si je suis en ALD ?", "ald_100")
    assert "Reste à votre charge : 10,00 €" in messages[-1]["text"]
    assert {"event": "slot", "name": "calc_situation", "value": {"prise_en_charge_100": "ald"},
            "timestamp": None} in events
    # « et si je n'étais pas en ALD ? », also read as the ALD topic, takes the ALD away: 60 % of 17,90 € is
    # 10,74 €, so 7,16 € + 1 € of franchise are left per session, 81,60 € for 10.
    slots["calc_situation"] = {"prise_en_charge_100": "ald"}
    messages, events = after_result("et si je n'étais pas en ALD ?", "ald_100")
    assert "Reste à votre charge : 81,60 €" in messages[-1]["text"]
    assert {"event": "slot", "name": "calc_situation", "value": {}, "timestamp": None} in events
    slots["calc_situation"] = {}
    # A question on the home-visit topic right after a result is that topic's answer, not the result again.
    messages, events = after_result("les séances à domicile sont-elles remboursées ?", "seance_domicile")
    assert [m.get("response") for m in messages] == ["utter_seance_domicile"] and events == []
    # « je suis au régime local », read as the régime local's topic, states the asker's own situation: the
    # calculation again at 90 % of 17,90 € (16,11 €), so 1,79 € + 1 € of franchise per session, 27,90 € for 10.
    messages, events = after_result("je suis au régime local", "regime_alsace_moselle")
    assert "Reste à votre charge : 27,90 €" in messages[-1]["text"]
    # Asked as a question, it is that topic's answer.
    messages, events = after_result("je suis au régime local, c'est quoi ?", "regime_alsace_moselle")
    assert [m.get("response") for m in messages][-1] == "utter_regime_alsace_moselle"
    # « et si c'est 20 séances ? », which the classifier may read as a topic (the session's length), is the
    # calculation again for 20 sessions: 7,16 € + 1 € of franchise left per session, 163,20 €.
    messages, events = after_result("et si c'est 20 séances ?", "duree_seance")
    assert "Reste à votre charge : 163,20 € pour 20 séances" in messages[-1]["text"]
    # « et sans mutuelle ? », read as the mutuelle's topic, takes the mutuelle away: with one at 100 % BR only
    # the franchise was left (10,00 €); without, 7,16 € + 1 € per session, 81,60 €.
    slots["calc_mutuelle"] = {"mutuelle": {"br_percent": 100}}
    messages, events = after_result("et sans mutuelle ?", "mutuelle_prise_en_charge")
    assert "Reste à votre charge : 81,60 € pour 10 séances" in messages[-1]["text"]
    # « ma mutuelle rembourse 150% », a statement read as the mutuelle's topic (0.81), is the calculation again:
    # 150 % of 17,90 € is 26,85 €, more than the 17,90 € price, so only the franchise is left, 10,00 € (it got the
    # mutuelle's answer, the result not counted again).
    slots["calc_mutuelle"] = {"mutuelle": None}
    messages, events = after_result("ma mutuelle rembourse 150%", "mutuelle_prise_en_charge")
    assert "Reste à votre charge : 10,00 € pour 10 séances" in messages[-1]["text"]
    # asked as a question, the mutuelle's answer
    messages, events = after_result("ma mutuelle rembourse 150%, c'est bien ?", "mutuelle_prise_en_charge")
    assert [m.get("response") for m in messages][-1] == "utter_mutuelle_prise_en_charge"


def test_help_and_the_second_miss_show_the_menu_of_bot_topics(domain):
    titles = ["Remboursement", "Sans ordonnance", "Dépassements", "Non conventionné", "Hors nomenclature",
              "Calcul du reste à charge"]
    messages, _ = run(ActionHelp(), tracker("aide", "help"), domain)
    assert messages[0]["response"] == "utter_help" and [b["title"] for b in messages[0]["buttons"]] == titles
    messages, events = run(ActionDefaultFallback(), tracker("blabla", "nlu_fallback"), domain)
    assert messages[0]["response"] == "utter_default" and [b["title"] for b in messages[0]["buttons"]] == titles
    assert messages[0]["buttons"][0]["payload"] == "/remboursement_taux"
    assert events == [{"event": "rewind", "timestamp": None}]


def test_forgetting_confirms_and_starts_afresh(domain):
    messages, events = run(ActionOublierConversation(),
                           tracker("oublie notre conversation", "forget_conversation",
                                   slots={"calc_sessions": 10}), domain)
    assert messages[0]["response"] == "utter_conversation_oubliee"
    assert [e["event"] for e in events] == ["reset_slots"]
    # No restart: the rule « forget → action_oublier_conversation » must still lead to listening.
    assert all(e["event"] != "restart" for e in events)


def test_a_broad_question_gets_the_overview_then_buttons_to_the_details(domain):
    messages, _ = run(ActionAnswerTopic(), asked("les séances de kiné sont-elles remboursées ?",
                                                 "remboursement_taux"), domain)
    assert messages[0]["response"] == "utter_remboursement_taux"
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[:3] == ["/ordonnance_necessaire", "/mutuelle_prise_en_charge", "/franchise_medicale"]


def test_a_question_in_several_parts_gets_the_main_answer_and_the_other_parts_as_buttons(domain):
    text = "Le kiné à domicile est-il remboursé ? Si oui, à quelles conditions ? Faut-il une ordonnance ?"
    ranking = [{"name": "seance_domicile", "confidence": 0.55}, {"name": "ordonnance_necessaire", "confidence": 0.2},
               {"name": "out_of_scope", "confidence": 0.1}, {"name": "tiers_payant", "confidence": 0.02}]
    tracker_ = asked(text, "seance_domicile")
    tracker_.latest_message["intent_ranking"] = ranking
    messages, _ = run(ActionAnswerTopic(), tracker_, domain)
    assert messages[0]["response"] == "utter_seance_domicile"
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/ordonnance_necessaire"]


def test_a_short_question_gets_its_close_runner_up_topic_as_a_button_and_nothing_else(domain):
    def buttons(runner_up):
        tracker_ = asked("le kiné à domicile est remboursé ?", "seance_domicile")
        tracker_.latest_message["intent_ranking"] = [
            {"name": "seance_domicile", "confidence": 0.6}, {"name": "domicile_conditions", "confidence": runner_up},
            {"name": "ordonnance_necessaire", "confidence": 0.05}]
        messages, _ = run(ActionAnswerTopic(), tracker_, domain)
        assert messages[0]["response"] == "utter_seance_domicile"
        return [b["title"] for b in messages[0].get("buttons") or []]

    assert buttons(0.3) == ["Qui peut avoir le kiné à domicile"]
    assert buttons(0.1) == []


def test_why_after_the_details_says_there_is_no_finer_explanation_and_who_can_give_one(domain):
    # « en savoir plus » then « pourquoi ? » got the out-of-scope reply; a second « pourquoi ? » after a result too
    out = [{"name": "out_of_scope", "confidence": 0.8}]
    details = [{"event": "user", "text": "c'est quoi le tiers payant ?", "timestamp": DEC_2026},
               {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_tiers_payant"}},
               {"event": "user", "text": "en savoir plus", "timestamp": DEC_2026,
                "parse_data": {"intent": {"name": "en_savoir_plus", "confidence": 1.0}}},
               {"event": "action", "name": "action_en_savoir_plus"},
               {"event": "bot", "text": "...", "metadata": {"utter_action": "utter_tiers_payant_details"}},
               {"event": "user", "text": "pourquoi ?", "timestamp": DEC_2026}]
    messages, _ = run(ActionOutOfScope(), tracker("pourquoi ?", "out_of_scope", out, details), domain)
    assert [m["response"] for m in messages] == ["utter_why_after_details"]
    slots = {"calc_last_request": {"date": "2026-12-01", "sessions": 10, "act": "membre", "mutuelle": None}}
    twice = [{"event": "action", "name": "action_calcul_resultat"},
             {"event": "slot", "name": "calc_last_request", "value": slots["calc_last_request"]},
             {"event": "user", "text": "pourquoi ?", "timestamp": DEC_2026},
             {"event": "action", "name": "action_out_of_scope"}, {"event": "bot", "text": "Estimation pour 10 séances…"},
             {"event": "user", "text": "et pourquoi ?", "timestamp": DEC_2026}]
    unsure = [{"name": "nlu_fallback", "confidence": 0.3}]
    messages, _ = run(ActionAskAffirmation(), tracker("et pourquoi ?", "nlu_fallback", unsure, twice, slots), domain)
    assert [m["response"] for m in messages] == ["utter_why_after_details"]
    # a question of its own after the details is not a « why »: the out-of-scope reply stays
    own = "pourquoi les kinés font grève ?"
    messages, _ = run(ActionOutOfScope(), tracker(own, "out_of_scope", out, details[:-1] + [
        {"event": "user", "text": own, "timestamp": DEC_2026}]), domain)
    assert messages[0]["response"] == "utter_out_of_scope"
