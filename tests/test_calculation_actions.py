"""The calculator form's actions against real trackers: every validation path."""
import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.calculation import (ActionAskCalcMutuelle, ActionAskCalcPrixEleve, ActionAskCalcSituation, ActionAskCalcSoin,
                                 ActionCalculReinitialiser, ActionCalculResultat, ActionExpliquerMontant,
                                 ValidateCalculForm)
from bot import dialogue

EMPTY = {name: None for name in (*dialogue.SLOTS, "calc_notes", "calc_last_request", "requested_slot")}


def tracker(text, slots=None, requested=None, entities=None, intent="inform", active=True, before=(), earlier=()):
    """A tracker as Rasa sends it to the validation action: earlier user messages (`earlier`), the
    user's message, what ran since (`before`), then the form's own ActionExecuted."""
    values = {**EMPTY, **(slots or {}), "requested_slot": requested}
    history = [event for said in earlier for event in (
        {"event": "action", "name": "action_listen"}, {"event": "user", "text": said},
        {"event": "action", "name": "action_answer_topic"})]
    events = [*history, {"event": "action", "name": "action_listen"}, {"event": "user", "text": text},
              *({"event": "action", "name": name} if name != "rejected" else
                {"event": "action_execution_rejected", "name": "calcul_form"} for name in before),
              {"event": "slot", "name": "requested_slot", "value": requested},
              {"event": "action", "name": "calcul_form"}]
    return Tracker("t", values, {"text": text, "intent": {"name": intent}, "entities": entities or []}, events,
                   False, None, {"name": "calcul_form"} if active else {}, "calcul_form")


def run(action, tracker_, domain):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, domain))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_activation_reads_the_whole_first_message(domain):
    text = "10 séances de rééducation du genou à domicile, je suis en ALD, mutuelle à 200 %"
    messages, slots = run(ValidateCalculForm(), tracker(text, before=["action_calcul_reinitialiser"]),
                          domain)
    assert slots["calc_sessions"] == 10 and slots["calc_acte"] == {"act": "membre"}
    assert slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 200}}
    assert slots["calc_situation"] == {"domicile": True, "prise_en_charge_100": "ald"}
    assert slots["requested_slot"] is None and messages == []


def test_a_conventionne_price_question_gets_the_one_session_figure_before_the_first_question(domain):
    text = "mon kiné est conventionné et me demande 35 € la séance, je suis remboursé combien ?"
    messages, slots = run(ValidateCalculForm(), tracker(text, before=["action_calcul_reinitialiser"]), domain)
    assert len(messages) == 1 and messages[0]["text"].startswith(
        "Pour une séance à 35,00 € chez un kiné conventionné, l'Assurance Maladie rembourse")
    assert slots["requested_slot"] == "calc_sessions"
    # With the number of sessions, the total comes soon enough: no figure first.
    messages, _ = run(ValidateCalculForm(), tracker("10 séances à 35 € chez mon kiné conventionné"), domain)
    assert messages == []
    # The kiné's status not said: both cases (« ma kiné me prend 28 euros, remboursé combien ? » got the
    # questions and no figure).
    messages, _ = run(ValidateCalculForm(), tracker("ma kiné me prend 28 euros, remboursé combien ?",
                                                    before=["action_calcul_reinitialiser"]), domain)
    assert [m["text"] for m in messages] == [
        "Pour une séance à 28,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de 17,90 €, "
        "moins 1 € de franchise) ; il vous reste 18,26 €, dont votre mutuelle peut prendre une part.",
        "Chez un kiné non conventionné, l'Assurance Maladie ne rembourse presque rien (« tarif d'autorité »)."]


def test_a_question_on_the_amount_in_the_middle_of_the_calculation_gets_one_session_s_figure(domain):
    # « il me demande 50 euros la séance » then « combien je vais être remboursé alors ? »: it was asked the
    # number of sessions again, with no figure.
    asked = tracker("combien je vais être remboursé alors ?", requested="calc_sessions", intent="calcul_remboursement",
                    slots={"calc_acte": {"price": 50.0}})
    messages, slots = run(ValidateCalculForm(), asked, domain)
    assert [m["text"] for m in messages] == [
        "Pour une séance à 50,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 % de 17,90 €, "
        "moins 1 € de franchise) ; il vous reste 40,26 €, dont votre mutuelle peut prendre une part.",
        "Chez un kiné non conventionné, l'Assurance Maladie ne rembourse presque rien (« tarif d'autorité »).",
        "Pour le total, avec la part de la mutuelle, il me faut encore vos réponses :"]
    # Not a rejection (Rasa would drop these lines and start a new calculation): a slot is set, unchanged.
    assert slots == {"calc_notes": None, "requested_slot": "calc_sessions"}
    # The same words with a value are an answer: no figure first.
    messages, slots = run(ValidateCalculForm(), tracker("combien pour 10 séances ?", requested="calc_sessions",
                                                        intent="calcul_remboursement",
                                                        slots={"calc_acte": {"price": 50.0}}), domain)
    assert messages == [] and slots["calc_sessions"] == 10


def test_a_bare_number_opening_the_calculation_is_asked_about_not_dropped(domain):
    # « 30 » right after an FAQ answer: 30 sessions, or 30 € a session?
    messages, slots = run(ValidateCalculForm(), tracker("30", earlier=["combien coûte une séance ?"]), domain)
    assert [m["text"] for m in messages] == [
        "« 30 » seul : est-ce un nombre de séances ou un prix ? Répondez par exemple « 30 séances » ou « 30 € la séance »."]
    assert slots == {"requested_slot": "calc_sessions"}
    # The same number answering the count question is the count.
    messages, slots = run(ValidateCalculForm(), tracker("30", requested="calc_sessions"), domain)
    assert messages == [] and slots["calc_sessions"] == 30


def test_a_bare_number_for_a_question_that_takes_no_number_is_asked_about_not_dropped(domain):
    # « et pour 15 ? » asked whether there is a particular situation got « il me faut une réponse… », the 15 lost.
    tracker_ = tracker("et pour 15 ?", requested="calc_situation",
                       slots={"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None}})
    messages, slots = run(ValidateCalculForm(), tracker_, domain)
    assert [m["text"] for m in messages] == [
        "« 15 » seul : est-ce un nombre de séances ou un prix ? Répondez par exemple « 15 séances » ou « 15 € la séance »."]
    assert "calc_notes" in slots and slots["requested_slot"] == "calc_situation"  # kept going, not rejected
    # After a result, every value known: the result's action says it, once (« 30 » got the line twice).
    done = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
            "calc_situation": {}}
    messages, slots = run(ValidateCalculForm(), tracker("30", slots=done), domain)
    assert messages == [] and slots["requested_slot"] is None


def test_a_calculation_opened_by_a_situation_alone_says_what_it_noted_and_why_it_asks(domain):
    # « il est conventionné » after an answer on dépassements: « Combien de séances ? » alone seemed to
    # ignore it.
    earlier = ["mon kiné me demande 5 euros de plus par séance c'est normal ?"]
    messages, slots = run(ValidateCalculForm(), tracker("il est conventionné", earlier=earlier), domain)
    assert [m["text"] for m in messages] == [
        "C'est noté : kiné conventionné. Pour calculer ce qui resterait à votre charge, il me faut quelques "
        "précisions (écrivez « stop » pour arrêter)."]
    assert slots["calc_situation"] == {"conventionne": True} and slots["requested_slot"] == "calc_sessions"
    # « elle a pas de mutuelle » after the home-visit answer: the same for a mutuelle.
    earlier = ["c quoi le tarif d'un kiné a domicile pour ma grand mere de 90 ans qui a fait une chute"]
    messages, slots = run(ValidateCalculForm(), tracker("elle a pas de mutuelle", earlier=earlier), domain)
    assert [m["text"] for m in messages] == [
        "C'est noté : pas de mutuelle. Pour calculer ce qui resterait à votre charge, il me faut quelques "
        "précisions (écrivez « stop » pour arrêter)."]
    assert slots["calc_mutuelle"] == {"mutuelle": None} and slots["requested_slot"] == "calc_sessions"


def test_a_calculation_opened_without_a_mutuelle_gives_what_is_paid_for_one_session_first(domain):
    # « combien coûte un kiné quand on n'a pas de mutuelle ? » got « Combien de séances ? » and no figure.
    # 17,90 € − (10,74 € − 1 € of franchise) = 8,16 €; what was asked comes before why questions follow.
    messages, slots = run(ValidateCalculForm(), tracker("combien coûte un kiné quand on n'a pas de mutuelle ?",
                                                        before=["action_calcul_reinitialiser"]), domain)
    assert [m["text"] for m in messages] == [
        "Une séance de rééducation d'un membre ou du rachis coûte 17,90 € au cabinet chez un kiné conventionné : "
        "l'Assurance Maladie en rembourse 9,74 € (60 % de 17,90 €, moins 1 € de franchise) ; sans mutuelle, il vous "
        "reste 8,16 € à payer.",
        "C'est noté : pas de mutuelle. Pour calculer ce qui resterait à votre charge, il me faut quelques "
        "précisions (écrivez « stop » pour arrêter)."]
    assert slots["requested_slot"] == "calc_sessions"


def test_missing_values_are_asked_one_at_a_time(domain):
    _, slots = run(ValidateCalculForm(), tracker("combien je vais payer ?"), domain)
    assert slots == {"requested_slot": "calc_sessions"}
    _, slots = run(ValidateCalculForm(), tracker("12", requested="calc_sessions"), domain)
    assert slots == {"calc_sessions": 12, "requested_slot": "calc_acte"}


def test_a_neurological_care_is_counted_with_its_act_or_its_acts_are_said_and_asked(domain):
    # « Genou, dos, entorse… », the closest choice offered, would be a wrong tariff for an AVC; until 2026-12-06 the
    # reply said the NGAP's neurological acts were unknown and asked for the coefficient.
    messages, slots = run(ValidateCalculForm(), tracker("c'est pour une rééducation après un AVC",
                                                        slots={"calc_sessions": 10}, requested="calc_acte"), domain)
    assert messages == []
    notes = slots.pop("calc_notes")
    # the hémiplégie's act, NMI 9 × 2,21 € = 19,89 € (NGAP, titre XIV, chapitre II, art. 4), said with the result
    assert notes[0] == ("Rééducation de l'hémiplégie (après un AVC, par exemple) : je compte son acte, NMI 9, soit "
                        "19,89 € la séance en métropole (NGAP, titre XIV, chapitre II, art. 4) ; si la feuille de soins "
                        "en porte un autre, écrivez-le (par exemple « NMI 8,51 »).")
    # The AVC is on the ALD list (CSS art. D.160-4): the note the result will carry says so.
    assert notes[1].startswith("La liste des affections de longue durée comprend « accident vasculaire cérébral "
                               "invalidant »")
    assert slots["calc_acte"] == {"coefficient": 9, "lettre": "NMI"}
    # Parkinson has two acts, by the limbs treated: both said, the care asked again
    messages, slots = run(ValidateCalculForm(), tracker("Parkinson", slots={"calc_sessions": 10},
                                                        requested="calc_acte"), domain)
    assert [m["text"] for m in messages] == [
        "Affection neurologique stable ou évolutive (Parkinson, sclérose en plaques…) : NMI 8,51 pour un membre "
        "(18,81 €), NMI 10 pour deux membres ou plus (22,10 €, valeur non confirmée) (NGAP, titre XIV, chapitre II, "
        "art. 4). Indiquez l'acte "
        "de la feuille de soins (« NMI 8,51 » ou « NMI 10 »), où porte la rééducation (« un bras », « les jambes et le "
        "dos ») ou le prix d'une séance, ou répondez « je ne sais pas » : je partirai alors de la séance de base, sans "
        "garantie."]
    assert slots["calc_acte"] is None and slots["requested_slot"] == "calc_acte"
    assert slots["calc_pathologie"] == "neuro_evolutive"
    # Where the rehabilitation bears, said next, picks its act: not the orthopaedic « plusieurs territoires »
    # (TER 9,8, 21,66 €) nor the base session, but NMI 10 × 2,21 € = 22,10 € for two limbs or more, NMI 8,51 ×
    # 2,21 € = 18,81 € for one.
    remembered = {"calc_sessions": 10, "calc_pathologie": "neuro_evolutive"}
    _, slots = run(ValidateCalculForm(), tracker("je sais pas, il travaille sur les jambes et le dos",
                                                 slots=remembered, requested="calc_acte"), domain)
    assert slots["calc_acte"] == {"coefficient": 10, "lettre": "NMI"}
    assert slots["calc_notes"][0].startswith(
        "Affection neurologique stable ou évolutive (Parkinson, sclérose en plaques…), deux membres ou plus : je "
        "compte son acte, NMI 10, soit 22,10 €")
    _, slots = run(ValidateCalculForm(), tracker("son bras droit", slots=remembered, requested="calc_acte"), domain)
    assert slots["calc_acte"] == {"coefficient": 8.51, "lettre": "NMI"}
    # « je ne sais pas » alone: the base session, as the question said
    _, slots = run(ValidateCalculForm(), tracker("je ne sais pas", slots=remembered, requested="calc_acte"), domain)
    assert slots["calc_acte"] == {"act": "membre"}
    # The act typed gives the exact tariff: NMI 10 × 2,21 € = 22,10 €.
    _, slots = run(ValidateCalculForm(), tracker("NMI 10", slots={"calc_sessions": 10}, requested="calc_acte"), domain)
    assert slots["calc_acte"] == {"coefficient": 10, "lettre": "NMI"}
    _, slots = run(ValidateCalculForm(), tracker("Parkinson, 24 € la séance", slots={"calc_sessions": 10},
                                                 requested="calc_acte"), domain)
    assert slots["calc_acte"] == {"price": 24}
    # Named in the first message, before the care is asked: the same reply, then the question.
    messages, slots = run(ValidateCalculForm(), tracker("je suis en ALD pour un Parkinson, 20 séances de kiné à "
                                                        "domicile ça me coûte quoi ?",
                                                        before=["action_calcul_reinitialiser"]), domain)
    assert [m["text"] for m in messages][0].startswith("Affection neurologique stable ou évolutive (Parkinson")
    assert slots["calc_sessions"] == 20 and slots["requested_slot"] == "calc_acte"


def test_invalid_value_is_refused_with_a_french_message_and_asked_again(domain):
    messages, slots = run(ValidateCalculForm(), tracker("0 séance", requested="calc_sessions"), domain)
    assert slots == {"calc_sessions": None, "requested_slot": "calc_sessions"}
    assert "nombre de séances" in messages[0]["text"] and "corriger" in messages[0]["text"]


def test_injected_entities_are_validated(domain):
    entities = [{"entity": "sessions", "value": 99999}]
    messages, slots = run(ValidateCalculForm(), tracker("/inform", requested="calc_sessions", entities=entities),
                          domain)
    assert slots["calc_sessions"] is None and messages


def test_after_an_interruption_nothing_is_reparsed(domain):
    # Coming back from an FAQ answer: the FAQ question must not fill slots.
    _, slots = run(ValidateCalculForm(), tracker("10 séances ?", requested="calc_mutuelle",
                                                 slots={"calc_sessions": 5, "calc_acte": {"act": "membre"}},
                                                 before=["rejected", "utter_franchise_medicale"]), domain)
    assert slots == {"requested_slot": "calc_mutuelle"}


def test_a_message_with_no_value_sets_nothing_so_the_form_can_reject(domain):
    _, slots = run(ValidateCalculForm(), tracker("c'est quoi la franchise ?", requested="calc_mutuelle",
                                                 slots={"calc_sessions": 5, "calc_acte": {"act": "membre"}}), domain)
    assert slots == {"requested_slot": "calc_mutuelle"}


def test_expensive_price_question_quotes_the_tariff(domain):
    messages, _ = run(ActionAskCalcPrixEleve(), tracker("", slots={"calc_acte": {"price": 80}}), domain)
    assert "80,00 €" in messages[0]["text"] and len(messages[0]["buttons"]) == 3


def test_result_gives_the_breakdown_and_keeps_the_values_for_corrections(domain):
    slots = {"calc_sessions": 12, "calc_acte": {"price": 80}, "calc_prix_eleve": "non_conventionne",
             "calc_mutuelle": {"mutuelle": {"annual": 300}}, "calc_situation": {},
             "calc_notes": ["Je compte 12 séances."]}
    messages, events = run(ActionCalculResultat(), tracker("", slots=slots, active=False), domain)
    text = messages[0]["text"]
    assert text.startswith("Je compte 12 séances.")
    assert text.splitlines()[1] == "Reste à votre charge : 660,00 € pour 12 séances (en moyenne 55,00 € par séance)"
    assert "tarif d'autorité" in text
    card = messages[0]["custom"]  # json_message: what Rasa sends as the `custom` payload
    assert card["type"] == "kine_result" and card["amount"] == "660,00 €"
    assert events["calc_notes"] is None
    assert events["calc_last_request"]["price"] == 80 and events["calc_last_request"]["date"]


def test_what_the_user_said_is_left_to_pay_is_compared_with_the_result_once(domain):
    # « il me reste 81,60 € pour 10 séances, c'est normal ? »: it was read as a price of 8,16 €, refused
    _, slots = run(ValidateCalculForm(), tracker("il me reste 81,60 € pour 10 séances, c'est normal ?",
                                                 before=["action_calcul_reinitialiser"]), domain)
    assert slots["calc_reste_dit"] == {"amount": 81.6, "per_session": False} and slots["requested_slot"] == "calc_acte"
    result = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
              "calc_situation": {}, "calc_reste_dit": slots["calc_reste_dit"]}
    messages, events = run(ActionCalculResultat(), tracker("", slots=result, active=False), domain)
    assert messages[0]["text"].startswith("Vous dites qu'il vous reste 81,60 € à payer : c'est bien ce que donne le "
                                          "calcul ci-dessous.")
    assert events["calc_reste_dit"] is None  # said once
    result["calc_reste_dit"] = {"amount": 10, "per_session": True}
    messages, _ = run(ActionCalculResultat(), tracker("", slots=result, active=False), domain)
    assert messages[0]["text"].startswith("Vous dites qu'il vous reste 10,00 € par séance à payer : le calcul "
                                          "ci-dessous donne 8,16 €, soit 1,84 € de plus ; un écart vient le plus "
                                          "souvent d'un dépassement")


def test_a_calculation_opened_with_a_non_conventionne_prescriber_applies_l162_5_10(domain):
    # « 10 séances genou en 2027, ordonnance d'un généraliste secteur 3, mutuelle 200 % »: from 01/01/2027 what
    # a médecin outside the convention prescribes is not reimbursed (CSS art. L.162-5-10): 10 × 17,90 € to pay.
    text = "10 séances genou en février 2027, ordonnance d'un généraliste secteur 3, mutuelle 200 %"
    _, slots = run(ValidateCalculForm(), tracker(text, before=["action_calcul_reinitialiser"]), domain)
    assert slots["calc_situation"]["prescripteur_non_conventionne"] is True
    result = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": {"br_percent": 200}},
              "calc_situation": {"prescripteur_non_conventionne": True, "date": "2027-02-01"}}
    messages, _ = run(ActionCalculResultat(), tracker("", slots=result, active=False), domain)
    text = messages[0]["text"]
    assert "Reste à votre charge : 179,00 € pour 10 séances (17,90 € par séance)" in text
    assert "depuis le 1er janvier 2027, les soins qu'il prescrit ne sont plus remboursés" in text


def test_a_calculation_opened_with_a_sage_femmes_prescription_says_at_once_that_it_does_not_suffice(domain):
    # « ma sage-femme m'a prescrit 10 séances de kiné… » went straight to « Pour quels soins ? », and its result
    # counted the sessions as reimbursed: the NGAP (titre XIV) asks for a médecin's written prescription.
    text = "ma sage-femme m'a prescrit 10 séances de kiné, combien je vais payer ?"
    messages, slots = run(ValidateCalculForm(), tracker(text, before=["action_calcul_reinitialiser"]), domain)
    assert messages[0]["text"].startswith("Une ordonnance de sage-femme ne suffit pas pour des séances de kiné "
                                          "remboursées : la NGAP (titre XIV) demande une prescription écrite « du "
                                          "médecin ».")
    assert slots["calc_sessions"] == 10 and slots["requested_slot"] == "calc_acte"
    assert slots["calc_notes"] == ["Je compte des séances prescrites par un médecin : sur une ordonnance de "
                                   "sage-femme seule, elles ne seraient pas remboursées."]
    # Said again later in the calculation: the line again, the note kept once
    again = tracker("c'est bien ma sage-femme qui l'a prescrit", requested="calc_acte",
                    slots={"calc_sessions": 10, "calc_notes": slots["calc_notes"]})
    messages, later = run(ValidateCalculForm(), again, domain)
    assert messages[0]["text"].startswith("Une ordonnance de sage-femme ne suffit pas")
    assert later["calc_notes"] == slots["calc_notes"]
    # A médecin's prescription: nothing said of it
    messages, slots = run(ValidateCalculForm(), tracker("mon médecin m'a prescrit 10 séances de kiné",
                                                        before=["action_calcul_reinitialiser"]), domain)
    assert not any("ne suffit pas" in message.get("text", "") for message in messages) and not slots.get("calc_notes")


def test_a_reply_after_a_result_that_changes_nothing_gets_one_line_not_the_result_again(domain):
    slots = {"calc_sessions": 12, "calc_acte": {"price": 55}, "calc_prix_eleve": "non_conventionne",
             "calc_mutuelle": {"mutuelle": {"per_session": 20}}, "calc_situation": {}}
    _, events = run(ActionCalculResultat(), tracker("", slots=slots, active=False), domain)
    slots["calc_last_request"] = events["calc_last_request"]
    messages, events = run(ActionCalculResultat(), tracker("aucune", slots=slots, active=False), domain)
    assert [m["text"] for m in messages] == [
        "Cela ne change rien au calcul ci-dessus. Pour changer une valeur, dites-la simplement (« 12 séances », "
        "« à domicile », « je suis en ALD ») ; « en savoir plus » donne le calcul détaillé."] and events == {}
    messages, _ = run(ActionCalculResultat(), tracker("30", slots=slots, active=False), domain)
    assert messages[0]["text"].startswith("« 30 » seul : est-ce un nombre de séances ou un prix ?")
    # A value that changes the calculation gets the new result.
    messages, _ = run(ActionCalculResultat(), tracker("10 séances", slots={**slots, "calc_sessions": 10},
                                                      active=False), domain)
    assert "Reste à votre charge : 350,00 € pour 10 séances" in messages[0]["text"]


def test_result_with_conflicting_values_starts_again_politely(domain):
    slots = {"calc_sessions": 2, "calc_acte": {"price": 30}, "calc_mutuelle": {"mutuelle": None},
             "calc_situation": {"hors_nomenclature": True, "distance_km": 5, "domicile": False}}
    messages, events = run(ActionCalculResultat(), tracker("", slots=slots, active=False), domain)
    assert messages[0]["text"].startswith("Je ne peux pas faire ce calcul")
    assert all(value is None for value in events.values())


def test_reset_forgets_the_previous_calculation(domain):
    _, events = run(ActionCalculReinitialiser(), tracker("", slots={"calc_sessions": 3}, requested="calc_mutuelle"), domain)
    assert events == {"calc_sessions": None, "requested_slot": None}  # only what was set is emptied


def test_reset_of_an_empty_calculation_stores_nothing(domain):
    _, events = run(ActionCalculReinitialiser(), tracker("", slots={}), domain)
    assert events == {}


def test_the_situation_said_before_the_calculation_is_not_asked_again(domain):
    earlier = ["ma fille de 13 ans a une scoliose, c'est remboursé ?", "je suis en ALD moi, ça change quoi ?"]
    _, slots = run(ValidateCalculForm(), tracker("10 séances pour son dos, pas de mutuelle", earlier=earlier,
                                                 before=["action_calcul_reinitialiser"]), domain)
    # « son dos » is the daughter's: her age is taken, not her parent's ALD (an ALD covers only its patient).
    assert slots["calc_situation"] == {"age": 13}
    assert slots["requested_slot"] is None
    assert slots["calc_notes"][:2] == [
        "Pour ce patient, je ne reprends pas ce qui valait pour une autre personne : affection de longue durée (ALD).",
        "Je reprends ce que vous m'avez dit : patient de moins de 18 ans (13 ans)."]


def test_the_price_said_in_an_earlier_question_is_not_asked_again(domain):
    earlier = ["mon kiné conventionné me prend 35 € la séance, c'est normal ?"]
    _, slots = run(ValidateCalculForm(), tracker("et pour 10 séances ça me fait combien ?", earlier=earlier,
                                                 before=["action_calcul_reinitialiser"]), domain)
    assert slots["calc_acte"] == {"price": 35} and slots["calc_situation"] == {"conventionne": True}
    assert slots["requested_slot"] == "calc_soin"  # 35 € is no tariff: which care, for the base
    assert "Je reprends ce que vous m'avez dit : séance à 35,00 €" in slots["calc_notes"][0]


def test_nothing_said_before_oublie_is_remembered(domain):
    earlier = ["je suis en ALD", "oublie tout"]
    events_tracker = tracker("10 séances pour le dos", earlier=earlier, before=["action_calcul_reinitialiser"])
    events_tracker.events.insert(5, {"event": "action", "name": "action_oublier_conversation"})
    _, slots = run(ValidateCalculForm(), events_tracker, domain)
    assert "calc_situation" not in slots


def test_care_question_lists_the_acts_whose_tariff_the_price_covers(domain):
    messages, _ = run(ActionAskCalcSoin(), tracker("", slots={"calc_acte": {"price": 19},
                                                              "calc_situation": {"conventionne": True}}), domain)
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert messages[0]["text"].startswith("19,00 € la séance ne correspond à aucun tarif conventionné")
    assert titles[0] == "Genou, dos, entorse… (17,90 €)" and "Bilan (23,65 €)" not in titles
    assert titles[-1] == "Je ne sais pas"


def test_a_question_about_an_amount_explains_the_last_result(domain):
    last = {"sessions": 10, "act": "membre", "domicile": True, "mutuelle": {"br_percent": 100}, "date": "2026-12-01"}
    messages, _ = run(ActionExpliquerMontant(), tracker("c quoi les 20,40 € ?", slots={"calc_last_request": last},
                                                        intent="question_montant", active=False), domain)
    assert messages[0]["text"] == ("20,40 € : c'est le prix d'une séance : tarif de l'acte 17,90 € + "
                                   "indemnité forfaitaire de déplacement 2,50 €.")


def test_a_question_on_an_amount_before_any_calculation_offers_the_likely_topics(domain):
    # « est-ce que je peux faire payer un bilan à 50 € ? », read as a question on an amount: before any
    # calculation there is none to explain, so the topics the classifier still finds likely are offered.
    tracker_ = tracker("est-ce que je peux faire payer un bilan à 50 € ?", intent="question_montant", active=False)
    tracker_.latest_message["intent_ranking"] = [
        {"name": "question_montant", "confidence": 0.22}, {"name": "depassement_droit", "confidence": 0.13},
        {"name": "bilan_kine", "confidence": 0.12}, {"name": "tiers_payant", "confidence": 0.02}]
    messages, _ = run(ActionExpliquerMontant(), tracker_, domain)
    assert messages[0]["text"].startswith("Je n'ai pas encore fait de calcul dans cette conversation.")
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/depassement_droit", "/bilan_kine"]
    # After a result, the amount is explained and nothing else is offered.
    last = {"sessions": 10, "act": "membre", "date": "2026-12-01"}
    tracker_.slots["calc_last_request"] = last
    messages, _ = run(ActionExpliquerMontant(), tracker_, domain)
    assert "buttons" not in messages[0] or not messages[0]["buttons"]


def test_a_price_said_beside_an_amount_reimbursed_is_explained_too(domain):
    # « je paie 20 € la séance et la sécu me rembourse 9,74 €, c'est normal ? » explained the 9,74 € only
    tracker_ = tracker("je paie 20 € la séance et la sécu me rembourse 9,74 €, ma mutuelle rien, c'est normal ?",
                       intent="question_montant", active=False)
    messages, _ = run(ActionExpliquerMontant(), tracker_, domain)
    lines = messages[0]["text"].split("\n")
    assert lines[0].startswith("Sur une séance de base (genou, dos, entorse…), sans mutuelle, 9,74 € : c'est ce que "
                               "l'Assurance Maladie vous rembourse")
    assert lines[-1] == ("20,00 € la séance ne correspond à aucun tarif conventionné. Si votre kiné est conventionné, "
                         "la séance de base (genou, dos, entorse…) vaut 17,90 € au cabinet : l'écart avec le tarif de "
                         "votre soin est un dépassement, jamais remboursé par l'Assurance Maladie.")


def test_a_question_on_a_topic_during_the_calculation_is_let_through_to_be_answered(domain):
    # It holds values (« à domicile », « ordonnance ») but is a question: the form sets nothing, so it
    # rejects the message, the topic is answered, and the form asks its question again.
    text = "Le kiné à domicile est-il remboursé ? Si oui, à quelles conditions ?"
    tracker_ = tracker(text, requested="calc_acte", slots={"calc_sessions": 10})
    tracker_.latest_message["intent"] = {"name": "seance_domicile", "confidence": 0.34}
    _, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots == {"requested_slot": "calc_acte"}
    # The same for a question outside the topics (« bébé » is not an age given for the calculation).
    tracker_ = tracker("la kiné respiratoire est elle efficace pour mon bébé ?", requested="calc_acte",
                       slots={"calc_sessions": 10}, intent="out_of_scope")
    _, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots == {"requested_slot": "calc_acte"}
    # « et les IK ? » asks what they are: it said « C'est noté : séances à domicile ».
    tracker_ = tracker("et les IK ?", requested="calc_mutuelle", intent="seance_domicile",
                       slots={"calc_sessions": 10, "calc_acte": {"act": "membre"}})
    messages, slots = run(ValidateCalculForm(), tracker_, domain)
    assert messages == [] and slots == {"requested_slot": "calc_mutuelle"}


def test_a_what_if_with_a_price_during_the_calculation_gives_values(domain):
    # Read as the non-conventionné topic, but it changes the calculation under way: values, not a question.
    text = "et si c'était la séance à 45 chez un déconventionné ?"
    tracker_ = tracker(text, requested="calc_situation",
                       slots={"calc_sessions": 10, "calc_acte": {"price": 17.9}, "calc_mutuelle": {"br_percent": 100}})
    tracker_.latest_message["intent"] = {"name": "non_conventionne_tarifs", "confidence": 0.6}
    _, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots["calc_acte"] == {"price": 45}
    assert slots["calc_situation"]["conventionne"] is False
    assert slots["requested_slot"] is None  # nothing left to ask: the result follows


def test_a_what_if_with_a_mutuelle_during_the_calculation_gives_it(domain):
    # Asked the number of sessions, « et avec une mutuelle à 200 % ? » (the mutuelle topic's words) is the
    # mutuelle for the calculation, said back, then the question again; not the mutuelle topic's answer.
    tracker_ = tracker("et avec une mutuelle à 200 % ?", requested="calc_sessions",
                       slots={"calc_acte": {"price": 50}, "calc_situation": {"conventionne": False}})
    tracker_.latest_message["intent"] = {"name": "mutuelle_prise_en_charge", "confidence": 0.7}
    messages, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 200}}
    assert slots["requested_slot"] == "calc_sessions"
    assert [m["text"] for m in messages] == ["C'est noté : mutuelle à 200 % de la base de remboursement."]


def test_a_what_if_about_the_situation_changes_the_calculation(domain):
    # After a result, « et si je suis en ALD ? » (the ALD topic's words) reopens the form: the ALD is a value.
    full = {"calc_sessions": 10, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
            "calc_situation": {}}
    _, slots = run(ValidateCalculForm(), tracker("et si je suis en ALD ?", slots=full, intent="ald_100"), domain)
    assert slots == {"calc_situation": {"prise_en_charge_100": "ald"}, "requested_slot": None}
    # « et si je ne suis pas en ALD ? », read as the same topic, takes it away (it was read as « en ALD »).
    _, slots = run(ValidateCalculForm(), tracker("et si je ne suis pas en ALD ?", intent="ald_100",
                                                 slots={**full, "calc_situation": {"prise_en_charge_100": "ald"}}),
                   domain)
    assert slots == {"calc_situation": {}, "requested_slot": None}
    # During the calculation, « et pour un enfant ? » (read as out of scope) is a value too, and said back.
    messages, slots = run(ValidateCalculForm(), tracker("et pour un enfant ?", requested="calc_mutuelle",
                                                        slots={"calc_sessions": 10}, intent="out_of_scope"), domain)
    assert slots["calc_situation"] == {"age": 17}
    assert [m["text"] for m in messages] == ["C'est noté : patient de moins de 18 ans."]


def test_a_pension_d_invalidite_answers_the_situation_question_and_a_disability_card_does_not(domain):
    # CSS art. L.160-14, 13°: the pension covers every session; the MDPH's card is none of its cases.
    messages, slots = run(ValidateCalculForm(), tracker("je suis en invalidité catégorie 2", requested="calc_situation",
                                                        slots={"calc_sessions": 10}), domain)
    assert slots["calc_situation"] == {"prise_en_charge_100": "invalidite"}
    # Read as out of scope, it still answers the question (nothing changes the rate); the result says why.
    tracker_ = tracker("j'ai une carte d'invalidité", requested="calc_situation", slots={"calc_sessions": 10},
                       intent="out_of_scope")
    _, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots["calc_situation"] == {}
    [note] = slots["calc_notes"]
    assert note.startswith("Une carte d'invalidité (carte mobilité inclusion), l'AAH ou un taux")
    assert note.endswith("art. L.160-9, L.160-14, L.371-1, L.431-1 et L.861-3). Je compte le remboursement habituel.")


def test_a_value_for_another_question_is_kept_and_acknowledged(domain):
    # Asked which care a 25 € session is, the user answers about the mutuelle: kept, said, asked again.
    tracker_ = tracker("pas de mutuelle", requested="calc_soin", slots={"calc_sessions": 12, "calc_acte": {"price": 25}})
    messages, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots["calc_mutuelle"] == {"mutuelle": None}
    assert slots["requested_slot"] == "calc_soin"
    assert [m["text"] for m in messages] == ["C'est noté : pas de mutuelle."]
    tracker_ = tracker("15 séances et je suis en ALD", requested="calc_mutuelle", slots={"calc_sessions": 12})
    messages, _ = run(ValidateCalculForm(), tracker_, domain)
    assert [m["text"] for m in messages] == ["C'est noté : 15 séances ; affection de longue durée (ALD)."]
    # « rien de particulier » to the care question answers the situation's question ahead: said too
    # (before, the care question came back with no word on it).
    tracker_ = tracker("rien de particulier", requested="calc_acte", slots={"calc_sessions": 12})
    messages, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots["calc_situation"] == {} and slots["requested_slot"] == "calc_acte"
    assert [m["text"] for m in messages] == ["C'est noté : aucune situation particulière."]
    # A care named while a price is already known: the care is said back, not the price again (before:
    # « C'est noté : séance à 30,00 €. » for « rééducation du genou et de l'épaule »).
    tracker_ = tracker("rééducation du genou et de l'épaule", requested="calc_prix_eleve",
                       slots={"calc_sessions": 12, "calc_acte": {"price": 30}})
    messages, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots["calc_acte"] == {"price": 30, "act": "plusieurs_territoires"}
    assert [m["text"] for m in messages] == ["C'est noté : soins : plusieurs régions."]
    # The answer to the question asked is not acknowledged: the next question follows.
    messages, _ = run(ValidateCalculForm(), tracker("pas de mutuelle", requested="calc_mutuelle",
                                                    slots={"calc_sessions": 12}), domain)
    assert messages == []


def test_an_answer_with_a_question_mark_but_no_topic_still_fills_the_form(domain):
    tracker_ = tracker("10 séances ?", requested="calc_sessions")
    tracker_.latest_message["intent"] = {"name": "inform", "confidence": 0.9}
    _, slots = run(ValidateCalculForm(), tracker_, domain)
    assert slots["calc_sessions"] == 10


# A new calculation after a result: the same patient keeps the mutuelle, another one is asked it.
PREVIOUS = {"sessions": 10, "act": "membre", "mutuelle": {"br_percent": 200}, "date": "2026-12-04"}


def test_a_new_calculation_for_the_same_patient_keeps_the_mutuelle_and_says_so(domain):
    # « combien pour 15 séances pour le genou ? » after a result asked the mutuelle again.
    earlier = ["10 séances pour le dos, mutuelle 200 %", "aucune"]
    messages, slots = run(ValidateCalculForm(), tracker("combien pour 15 séances pour le genou ?", earlier=earlier,
                                                         slots={"calc_last_request": PREVIOUS}), domain)
    assert slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 200}}
    assert "Je reprends la mutuelle du calcul précédent : mutuelle à 200 % de la base de remboursement " \
           "(dites-le si elle change)." in slots["calc_notes"]
    # Nor is the situation asked again: the first one had none (« aucune »).
    assert slots["calc_situation"] == {} and "Comme au calcul précédent, pas de situation particulière (dites-le " \
        "sinon : ALD, à domicile, moins de 18 ans…)." in slots["calc_notes"]
    # Without a mutuelle the first time, none now either.
    _, slots = run(ValidateCalculForm(), tracker("et 15 séances pour le genou ?", earlier=earlier,
                                                 slots={"calc_last_request": {"sessions": 10}}), domain)
    assert slots["calc_mutuelle"] == {"mutuelle": None}


def test_another_patient_is_asked_the_mutuelle_with_the_same_one_as_first_button(domain):
    earlier = ["10 séances pour ma fille de 8 ans, entorse", "200 %"]
    _, slots = run(ValidateCalculForm(), tracker("et pour moi, 12 séances pour le dos ?", earlier=earlier,
                                                 slots={"calc_last_request": PREVIOUS}), domain)
    assert "calc_mutuelle" not in slots and slots["requested_slot"] == "calc_mutuelle"
    assert slots.get("calc_situation") is None  # the situation is the other patient's to say
    messages, _ = run(ActionAskCalcMutuelle(), tracker("", slots={"calc_last_request": PREVIOUS}), domain)
    assert messages[0]["text"].startswith("Et votre mutuelle ?")
    assert messages[0]["buttons"][0] == {"title": "La même (200 % BR)", "payload": "mutuelle à 200 % BR"}
    assert [b["title"] for b in messages[0]["buttons"][1:]] == ["Pas de mutuelle", "100 % BR", "200 % BR", "300 % BR",
                                                                "Je ne sais pas"]
    # The first calculation: the question as it is.
    messages, _ = run(ActionAskCalcMutuelle(), tracker(""), domain)
    assert messages[0]["response"] == "utter_ask_calc_mutuelle"


def test_a_form_opened_while_a_question_was_pending_says_what_it_noted_once(domain):
    # « rien de special » with « Combien de séances ? » pending and no value yet: « C'est noté : aucune
    # situation particulière. » came twice, the opening line and the acknowledgement.
    messages, _ = run(ValidateCalculForm(), tracker("rien de special", requested="calc_sessions"), domain)
    assert [m["text"] for m in messages] == [
        "C'est noté : aucune situation particulière. Pour calculer ce qui resterait à votre charge, il me faut "
        "quelques précisions (écrivez « stop » pour arrêter)."]


def test_the_calculator_chosen_under_the_fallback_takes_the_values_typed_before_the_click(domain):
    # « slt jai 15 seances de kine a faire pour mon epaule » went to the fallback; its button « Calculer mon
    # reste à charge » then asked « Combien de séances ? » as if nothing had been said.
    typed = "slt jai 15 seances de kine a faire pour mon epaule"
    events = [{"event": "action", "name": "action_listen"},
              {"event": "user", "text": typed, "parse_data": {"intent": {"name": "nlu_fallback"}}},
              {"event": "action", "name": "action_default_ask_affirmation"},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": "/calcul_remboursement", "parse_data": {"intent": {"name": "calcul_remboursement"}}},
              {"event": "action", "name": "action_calcul_reinitialiser"},
              {"event": "slot", "name": "requested_slot", "value": None},
              {"event": "action", "name": "calcul_form"}]
    clicked = Tracker("t", dict(EMPTY), {"text": "/calcul_remboursement", "intent": {"name": "calcul_remboursement"},
                                         "entities": []}, events, False, None, {"name": "calcul_form"}, "calcul_form")
    _, slots = run(ValidateCalculForm(), clicked, domain)
    assert slots["calc_sessions"] == 15 and slots["calc_acte"] == {"act": "membre"}
    assert slots["requested_slot"] == "calc_mutuelle"


def test_a_kine_who_said_so_earlier_hears_of_the_patients_mutuelle_in_the_note_on_its_forfait(domain):
    # « je suis kiné, ma patiente a 15 séances pour le dos », then « sa mutuelle rembourse 150% et 20€ par séance »:
    # the note said « Je compte votre mutuelle… » (the form's slots did not say who was asking).
    said = tracker("sa mutuelle rembourse 150% et 20€ par séance", requested="calc_mutuelle",
                   slots={"calc_sessions": 15, "calc_acte": {"act": "membre"}, "calc_pour_patient": True})
    _, slots = run(ValidateCalculForm(), said, domain)
    assert slots["calc_mutuelle"] == {"mutuelle": {"br_percent": 150}}
    assert slots["calc_notes"] == [
        "Je compte la mutuelle du patient à 150 % de la base de remboursement ; le forfait de 20,00 € par séance n'est "
        "pas ajouté : selon les contrats, il s'ajoute au remboursement ou il couvre d'autres soins (hors nomenclature, "
        "médecines douces…). Voyez le tableau de garanties de son contrat."]


def test_a_kine_asking_for_a_patient_gets_the_patient_named(domain):
    # « je suis kiné, mon patient a 15 séances… » got « Et votre mutuelle ? » and « Reste à votre charge ».
    text = "je suis kiné, mon patient a 15 séances à domicile à 6 km en plaine, il est en ALD, combien il va payer ?"
    _, slots = run(ValidateCalculForm(), tracker(text, before=["action_calcul_reinitialiser"]), domain)
    assert slots["calc_pour_patient"] is True
    messages, _ = run(ActionAskCalcMutuelle(), tracker("", slots={"calc_pour_patient": True}), domain)
    assert messages[0]["response"] == "utter_ask_calc_mutuelle_patient"
    # the situation's buttons say what the kiné would type (« je suis en ALD », « je suis enceinte » were offered)
    messages, _ = run(ActionAskCalcSituation(), tracker("", slots={"calc_pour_patient": True}), domain)
    assert messages[0]["response"] == "utter_ask_calc_situation_patient"
    payloads = [button["payload"] for button in domain["responses"]["utter_ask_calc_situation_patient"][0]["buttons"]]
    assert "le patient est en ALD" in payloads and "la patiente est enceinte" in payloads
    assert not [payload for payload in payloads if payload.startswith("je ")]
    messages, _ = run(ActionAskCalcSituation(), tracker(""), domain)
    assert messages[0]["response"] == "utter_ask_calc_situation"
    assert domain["responses"]["utter_ask_calc_mutuelle_patient"][0]["text"].startswith("Et la mutuelle du patient ?")
    result = {"calc_sessions": 15, "calc_acte": {"act": "membre"}, "calc_mutuelle": {"mutuelle": None},
              "calc_situation": {"prise_en_charge_100": "ald"}, "calc_pour_patient": True}
    messages, _ = run(ActionCalculResultat(), tracker("", slots=result, active=False), domain)
    # In ALD, 100 % of 17,90 € is paid; the 1 € franchise a session is left.
    assert messages[0]["text"].splitlines()[0] == "Reste à la charge du patient : 15,00 € pour 15 séances (1,00 € par séance)"
    assert messages[0]["custom"]["amount_label"] == "Reste à la charge du patient"
    # The hint's example is what the kiné would type (« je suis en ALD » was said to him).
    assert "(« 12 séances », « à domicile », « il est en ALD »)" in messages[0]["text"]
    # Its details, its warning on the nearest kiné and its amounts name the patient too (they said « votre »).
    home = {**result, "calc_situation": {"distance_km": 6}, "calc_mutuelle": {"mutuelle": {"br_percent": 100}}}
    messages, _ = run(ActionCalculResultat(), tracker("", slots=home, active=False), domain)
    assert ("La caisse ne rembourse les indemnités kilométriques que jusqu'à la distance du kiné le plus proche de son "
            "domicile : si le patient a choisi un kiné plus éloigné, le surplus reste à la charge du patient."
            ) in messages[0]["custom"]["warnings"]
    assert "part exacte selon son contrat" in messages[0]["text"]
    amount = tracker("c quoi les 15,00 € ?", slots={"calc_last_request": {"sessions": 15, "act": "membre",
                     "prise_en_charge_100": "ald", "date": "2026-12-01"}, "calc_pour_patient": True},
                     intent="question_montant", active=False)
    messages, _ = run(ActionExpliquerMontant(), amount, domain)
    assert messages[0]["text"].startswith("15,00 € : c'est le reste à charge du patient : prix total 268,50 €")
    # And the one session's figure asked in the middle of the calculation.
    asked = tracker("combien il va être remboursé ?", requested="calc_sessions", intent="calcul_remboursement",
                    slots={"calc_acte": {"price": 30.0}, "calc_situation": {"conventionne": True},
                           "calc_pour_patient": True})
    messages, _ = run(ValidateCalculForm(), asked, domain)
    assert messages[0]["text"].endswith("; il reste au patient 20,26 €, dont la mutuelle du patient peut prendre une part.")
    # An act outside the nomenclature: the kiné asking is the one who must inform (« le kiné doit vous en
    # informer » was said to him).
    pilates = {**result, "calc_acte": {"price": 30.0}, "calc_situation": {"hors_nomenclature": True},
               "calc_prix_eleve": "hors_nomenclature"}
    messages, _ = run(ActionCalculResultat(), tracker("", slots=pilates, active=False), domain)
    assert ("Acte non remboursé : vous devez en informer le patient, avec son prix, avant de le réaliser (arrêté du "
            "30 mai 2018).") in messages[0]["custom"]["warnings"]
