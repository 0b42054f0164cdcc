"""A question that states the asker's situation is a question, not a value for the calculator.

« j'habite à Strasbourg, c'est 90 % ? » is made of what the calculator's answers are made
of (a town, a rate), so the intent classifier reads it as ``inform`` with high confidence;
answered as such it would start a calculation, or, during one, take 90 % as the mutuelle's
rate. ``bot.dialogue.situation_question_topic`` tells such a question apart (a question mark,
a situation, no number of sessions nor price) and names the topic that answers it; this
component, placed after the classifier and before the fallback, makes that topic the
message's intent, with the classifier's confidence. The topic's answer then adds the
situation's line and remembers it for a calculation (actions/actions.py).

A short what-if that only states a situation (« et pour un enfant ? », « et si j'habitais à
Metz ? ») is no question on its own: it asks the last answer again for that situation. The
classifier reads it as out of scope or is unsure of it; this component names it
``situation_follow_up`` (``bot.dialogue.is_situation_follow_up``), which the action
``action_suite_situation`` answers by context: after a result it recalculates, after an FAQ
answer it gives the situation's line for that topic; during a calculation the form takes its
values.

A number alone or in a short what-if (« 30 », « et pour 20 ? », « et si j'en fais 15 ? ») is a value
for the calculator (``bot.dialogue.is_bare_number``): ``inform``, whose form asks whether it is a
number of sessions or a price; the classifier, having no word to go by, sent « et pour 20 ? » to the
fallback. So is a short what-if that adds to or scales the sessions (« et si j'en rajoute 5 ? », « et 2
fois plus ? »; ``bot.dialogue.changes_session_count``), which went to the fallback or to « en savoir
plus ». So is a common insurer's name alone (« la Matmut », « malakoff »; ``bot.dialogue.names_an_insurer``),
the answer to « Et votre mutuelle ? », which the classifier read as out of scope. So is a short what-if
giving the mutuelle that the classifier is unsure of (« et si j'avais pas de mutuelle ? » after a result;
``bot.dialogue.changes_the_mutuelle``), which went to the fallback instead of the calculation again.

A short what-if question that gives no value (« et s'il l'est pas ? » after the answer on a
non-conventionné kiné; ``bot.dialogue.gives_no_value``) is no value either, though the classifier
reads its shape as ``inform``, which opened a calculation nobody asked for: ``inform`` leaves the
ranking and the next intent takes its place with its own confidence, so that the fallback, unsure,
offers the last topic's details and its family (actions/actions.py).

A question after an acknowledgement (« ok et c'est plafonné ? », « merci, et pour un enfant ? »;
``bot.dialogue.acknowledged_question``) is read by the classifier as the « ok » or « merci » it starts
with, which answered « D'accord. Avez-vous une autre question ? »: that reading leaves the ranking the
same way, and the rules above are applied to the question after it (« et pour un enfant ? » is a
follow-up); otherwise the next reading answers, or the fallback offers the last topic's details.

A question on why an amount of a base session was reimbursed (« la sécu m'a remboursé 9,74 au lieu de
10,74, pourquoi ? »; ``bot.dialogue.asks_why_a_base_amount``), which the classifier, unsure between the
reimbursement topics, sent to the fallback, is ``question_montant`` when the classifier is unsure
(below 0.5): the answer explains the amount on a base session (10,74 € less 1,00 € of franchise).

A question on what an amount is, and nothing else (« c quoi les 143,20 ? », « les 20,94 c'est quoi ? »;
``bot.dialogue.asks_what_an_amount_is``), which the classifier read as out of scope without its « € », is
``question_montant``: the answer explains the amount in the last result, or lists the result's amounts.

A question on whether a session's price is right (« mon kiné facture 21,50 la séance, c'est normal ? »;
``bot.dialogue.asks_if_a_price_is_right``), which the classifier, unsure between the price and the missed
session, sent to the fallback, is ``tarif_seance`` when the classifier is unsure (below 0.5): the answer
on a session's price, and the line on the price said (a dépassement above the tariff).

A question asking only what a term of kiné billing is (« qu'est-ce qu'un dépassement d'honoraires ? », « c quoi le
tiers payant », « le ticket modérateur, c'est quoi ? »; ``bot.topics.defined_term_topic``), which the classifier read
as out of scope (0.41) or as the term's neighbour (« qu'est-ce qu'un kiné non conventionné ? »: why choose one, 0.75),
is the topic whose answer says what the term is.

A question on one session's price for a care the calculator knows (« combien coute une seance de kine pour un bebe
bronchiolite »; ``bot.situation.asks_a_care_s_price``), which the classifier read as out of scope, is the act's price
(``calcul_tarif_acte``) when the classifier read it as out of scope or was unsure: its answer gives the act's tariff,
its key letter and what the Assurance Maladie pays. So is a kiné's question on how to bill such an act (« je suis kiné,
comment je facture un bilan à domicile ? »; ``bot.situation.asks_how_to_bill_an_act``), which the classifier could not
place, when it is unsure.

A question on which mutuelle pays best for the kiné (« Comment trouver une meilleure mutuelle pour les consultations de
kinésithérapie ? »; ``bot.situation.asks_which_mutuelle_for_kine``), which the classifier read as out of scope (0.87),
is the mutuelle's topic, whose answer says which guarantees pay what; read as another topic (the dépassements', the
sessions without a prescription), it keeps it.

A question on how long the reimbursement takes (« en combien de temps la sécu rembourse une séance de kiné ? »;
``bot.situation.asks_the_reimbursement_delay``), which the classifier read as the session's length, is the feuille
de soins' topic, whose answer gives the delay. A question on whether the kiné may bill coming to the patient (« le
kiné a-t-il le droit de me faire payer le déplacement ? »; ``bot.situation.asks_if_travel_may_be_billed``), which
the classifier read as the dépassement's right, is the home visit's topic, whose answer gives the IFD and the IK.
A question on the price or the reimbursement of a technique (« quel est le prix d'une séance d'onde de choc ? », « la
balnéo c'est remboursé ? »; ``bot.situation.asks_about_a_technique``), which the classifier read as out of scope (0.71)
or could not place (0.43: the fallback), is the techniques' topic when the classifier is unsure or out of scope.

A question on the reimbursement of a kind of kinésithérapie (« La kinésithérapie vestibulaire est-elle remboursée ? »,
« Kinésithérapie prénatale : remboursement, quand commencer ? »; ``bot.situation.kind_of_kine_reimbursement_topic``),
which the classifier read as out of scope, is the topic that says that kind's rate when the classifier is unsure or out
of scope. So are the question shapes of ``bot.situation.QUESTION_SHAPES`` (the ticket modérateur's exonérations, a
dépassement with the CSS, who may prescribe kiné…), read before the travel billed; the travel billed (IK named too) is
the home visit's topic when the classifier is unsure or out of scope, as well as when it chose the dépassement.

A question naming the régime local as such (« Régime d'Alsace-Moselle : quels remboursements ? »;
``bot.situation.names_the_regime_local``), which the classifier read as the rate's topic (0.55) or out of scope, is
the régime's topic when the classifier chose either or was unsure (a town stated is a situation: above).

A question on whether having no médecin traitant lowers the reimbursement (« je n'ai pas de médecin traitant, je suis
moins bien remboursé chez le kiné ? »; ``bot.situation.asks_about_reimbursement_outside_parcours``), which the
classifier could not place (0.25: the fallback), is the rate's topic when the classifier is unsure: its answer says
that the kiné's prescribed sessions lose nothing (``bot.situation.parcours_lines``). So is one the classifier read as
the reimbursement without a prescription, when it names none (« est-ce que le kiné est remboursé si j'ai pas de
médecin traitant ? », 0.64; ``bot.situation.no_referent_read_as_no_prescription``).

A message saying that a médecin outside the convention prescribed the care (« mon généraliste est
déconventionné, son ordonnance de kiné marche encore ? »; ``bot.dialogue.names_a_non_conventionne_prescriber``)
is ``ordonnance_medecin_non_conventionne``, whose answer gives the rule of L.162-5-10 CSS: the classifier
read its words of prescriptions and conventions as the prescription's validity or the non-conventionné kiné.
A calculation asked with it, or a value given during one, stays so: the calculator applies the rule.

A message that states the calculator's values without asking anything (a number of sessions with a price or a
mutuelle, no question mark: « jai 12 seance de kine pr mon epaule, la kine prend 22e, ma mutuel rembourse
200% »; ``bot.dialogue.states_a_calculation``) is a calculation: the classifier read its words of a mutuelle as
the mutuelle's topic, whose answer left the values unused.

One's number of sessions stated and nothing asked (« je dois faire 20 séances de kiné », « on m'a prescrit 10 séances de
kiné »; ``bot.dialogue.states_a_count``), which the classifier, unsure, read as the topic on who sets the number of
sessions (0.43, 0.47), is the calculator's value when the classifier read that topic, as « j'ai 15 séances de kiné à
faire » is: the calculation opens with it.

A message read as ``stop`` without a word of stopping (« je veux faire un calcul », « je veux calculer »:
stop at 0.66 and 0.82, taught by « stop le calcul », « je veux annuler le calcul »; ``bot.dialogue.says_stop``)
is no stop, which ended the calculation the user was opening (« C'est noté, on s'arrête là »): with the words
of a calculation it is one (``bot.dialogue.asks_a_calculation``), otherwise ``stop`` leaves the ranking and
the next reading answers.

A kiné saying who he is and nothing else (« je suis kiné », « bonjour, je suis kinésithérapeute libéral »;
``bot.dialogue.introduces_a_kine``), which the classifier read as a value (0.40: the calculation opened with « Combien
de séances ? ») or sent to the fallback, is ``greet``: the welcome worded for a kiné (actions.actions.ActionGreet).

A wish to start again and nothing else (« je veux recommencer », « on repart de zéro »; ``bot.dialogue.says_restart``),
which the classifier sent to the fallback or out of scope, is ``recommencer``: during a calculation the rules start it
again, otherwise the conversation starts again (Rasa's restart, as the widget's « Nouvelle conversation »). Said of
the calculation (« on peut refaire le calcul ? ») it is a calculation, which starts afresh.

A question on how a named pathology is billed (« comment coter une polyarthrite rhumatoïde ? »;
``bot.cotations.asks_a_cotation``), which the classifier read as out of scope, is ``cotation_ngap``: its answer
starts with the pathology's act.

A question on what an ALD is (« c'est quoi une ALD ? », « comment être reconnu en ALD ? »;
``bot.situation.asks_what_an_ald_is``), which the classifier read as out of scope (0.57 to 0.87), or as the topic
with out of scope just behind it (« c quoi une ald ? »: 0.53 and 0.42, the fallback), is ``ald_100``:
its answer starts with what an ALD is (``bot.situation.definition_lines``). Nine such examples in the training
data were tried instead and dropped (development half 82.2 → 81.2 % out of fold: they drew other « qu'est-ce
que… ? » questions to the topic).

A question on what a mutuelle's guarantee « aux frais réels » is (« c'est quoi une mutuelle aux frais réels ? »;
``bot.situation.asks_what_frais_reels_are``), which the classifier read as out of scope (0.99: its examples of « frais
réels » are the income tax's), is ``mutuelle_prise_en_charge``: its answer starts with what the guarantee pays.

A question on whether a conventionné kiné may set his fees (« je suis kiné conventionné, je peux pratiquer des tarifs
libres ? »; ``bot.dialogue.asks_if_a_conventionne_may_charge_more``), which the classifier could not place (0.17 to
0.36 among the dépassement, the hors nomenclature and the session's price: the fallback), is ``depassement_droit``
when the classifier is unsure: its answer says when a conventionné kiné may go above the tariff, in a kiné's words
when a kiné asks. Five such examples in the training data were tried instead and dropped (development half 82.2 →
81.9 %).

A situation question on the kiné's care that the classifier read as out of scope (« jsuis enceinte de 3 mois jai mal o
dos la kiné c 100% ? »: 0.64; ``bot.dialogue.out_of_scope_situation_question``: a reimbursement asked, a situation
that changes the rate, no number of sessions nor price) is the rate's topic, with its situation's line (before the 6th
month, the usual rate); not when it names an ostéopathe's or a dentist's care.

When the classifier puts the topic first and ``inform`` just behind it (« je suis en Alsace, je suis
remboursé à 90 % ? »), ``inform`` leaves the ranking the same way: the fallback saw a tie.

A message stating that the kiné is conventionné is not about the non-conventionné topics
(``bot.dialogue.contradicted_topics``): they leave the ranking, and when one was the prediction the
next intent takes its place and its confidence, so that neither its answer nor its button follows
« mon kiné conventionné me prend 35 €, je suis remboursé combien ? ». Likewise a message stating that the
kiné is outside the convention, naming no médecin's status, is not about what a non-conventionné médecin
prescribes (« ma kiné n'est plus conventionnée, l'ordonnance de mon médecin suffit ? »).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue import (ACKNOWLEDGEMENTS, ALLOWANCES_TOPIC, INFORM, PRESCRIBER_TOPIC, SITUATION_FOLLOW_UP,
                          acknowledged_question,
                          asks_if_a_conventionne_may_charge_more, asks_if_a_price_is_right, asks_what_an_amount_is,
                          asks_what_is_left_to_pay, asks_why_a_base_amount,
                          changes_session_count, changes_the_mutuelle,
                          contradicted_topics, gives_no_value, is_bare_number, is_markup_without_value,
                          is_situation_follow_up,
                          names_a_non_conventionne_prescriber, names_an_insurer, out_of_scope_situation_question,
                          situation_question_topic,
                          asks_a_calculation, introduces_a_kine, says_restart, says_stop, states_a_calculation,
                          states_a_count)
from bot.cotations import asks_a_cotation
from bot.situation import (ACT_PRICE_TOPIC, ALD_TOPIC, DELAY_TOPIC, MUTUELLE_TOPIC, NO_PRESCRIPTION_TOPIC, RATE_TOPIC,
                           REGIME_LOCAL_TOPIC, TECHNIQUES_TOPIC, asks_a_care_s_price, asks_about_a_technique,
                           asks_about_reimbursement_outside_parcours, asks_how_to_bill_an_act, asks_if_travel_may_be_billed,
                           asks_the_reimbursement_delay, asks_what_an_ald_is, asks_what_frais_reels_are,
                           asks_which_mutuelle_for_kine, kind_of_kine_reimbursement_topic,
                           names_the_regime_local, no_referent_read_as_no_prescription, question_shape_topic)
from bot.topics import TOPIC_TITLES, UNSURE, defined_term_topic

QUESTION_MONTANT = "question_montant"
# A question on whether a session's price is right, when the classifier is unsure of it: the answer on a
# session's price, whose line on the price said (bot/situation.py) answers it. The topics on the price of
# a particular case (a dépassement, no prescription, a technique, a home visit, a Sunday, a session's
# length, an act outside the nomenclature) answer it too: their reading is kept.
PRICE_TOPIC = "tarif_seance"
PRICE_TOPICS = (PRICE_TOPIC, "depassement_droit", "depassement_definition", "calcul_tarif_acte", "sans_ordonnance_prix",
                "techniques_remboursement", "non_conventionne_tarifs", "seance_domicile", "majoration_nuit_dimanche",
                "duree_seance", "hors_nomenclature_definition")
OTHER_PRICE_TOPICS = tuple(topic for topic in PRICE_TOPICS if topic != PRICE_TOPIC)
# Whether a conventionné kiné may charge more, when the classifier is unsure of it: the dépassement's rule (the
# topics on the price and on the kiné's « secteur », which say it too, are kept).
DEPASSEMENT_TOPIC = "depassement_droit"
SECTEUR_TOPIC = "secteur_kine"
# The classifier's readings that a reimbursement's delay (the session's length) and a travel billed (the dépassement)
# are taken from.
LENGTH_TOPIC = "duree_seance"
# Who sets the number of sessions: one's own number stated is taken from it (a value for the calculator).
SESSIONS_TOPIC = "nombre_seances"
DEPASSEMENT_TOPICS = (DEPASSEMENT_TOPIC, "depassement_definition")
# A calculation asked with the prescriber's status is computed with it (the calculator knows L.162-5-10).
CALCULATION = "calcul_remboursement"
STOP = "stop"
GREET = "greet"
RESTART = "recommencer"
COTATION = "cotation_ngap"
OUT_OF_SCOPE = "out_of_scope"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SituationQuestion(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SituationQuestion":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._drop_contradicted(message)
            intent = message.get(INTENT) or {}
            name, text = intent.get(INTENT_NAME_KEY) or "", message.get(TEXT) or ""
            question = acknowledged_question(text) if name in ACKNOWLEDGEMENTS else None
            if question:  # the question, not its « ok »: the next reading, and the rules below on the question
                _drop(message, (name,))
                intent = message.get(INTENT) or {}
                name, text = intent.get(INTENT_NAME_KEY) or "", question
            restart = says_restart(text)
            if restart:  # « je veux recommencer »: fallback or out of scope; « refaire le calcul »: a calculation
                _sure(message, CALCULATION if restart == "calculation" else RESTART)
                continue
            if introduces_a_kine(text):  # « je suis kiné »: inform (0.40) opened the calculation; the welcome, for him
                _sure(message, GREET)
                continue
            if asks_a_cotation(text):  # « comment coter une polyarthrite ? »: out of scope, or the topic just ahead
                _sure(message, COTATION)
                continue
            if asks_what_an_ald_is(text):  # « c'est quoi une ALD ? »: out of scope, or the topic just ahead of it
                _sure(message, ALD_TOPIC)
                continue
            if asks_what_frais_reels_are(text):  # « c'est quoi une mutuelle aux frais réels ? »: out of scope at 0.99
                _sure(message, MUTUELLE_TOPIC)
                continue
            defined = defined_term_topic(text)
            if defined:  # « qu'est-ce qu'un dépassement d'honoraires ? »: out of scope (0.41), or the term's neighbour
                _sure(message, defined)
                continue
            unsure = intent.get(PREDICTED_CONFIDENCE_KEY, 0.0) < UNSURE
            doubtful = unsure or name == OUT_OF_SCOPE  # the rules below that also correct an out-of-scope reading
            # A rule whose topic is already the first reading makes it sure too: unsure, the fallback's ambiguity with
            # the runner-up could still refuse it (« Quel est le prix d'une séance d'onde de choc ? »).
            if doubtful and asks_a_care_s_price(text):
                _sure(message, ACT_PRICE_TOPIC)  # « combien coute une seance de kine pour un bebe bronchiolite »
                continue
            if unsure and asks_how_to_bill_an_act(text):
                _sure(message, ACT_PRICE_TOPIC)  # « je suis kiné, comment je facture un bilan à domicile ? »
                continue
            if name == OUT_OF_SCOPE and asks_which_mutuelle_for_kine(text):
                _sure(message, MUTUELLE_TOPIC)  # « Comment trouver une meilleure mutuelle pour… la kinésithérapie ? »
                continue
            if name == LENGTH_TOPIC and asks_the_reimbursement_delay(text):
                _sure(message, DELAY_TOPIC)  # « en combien de temps la sécu rembourse une séance ? »: not its length
                continue
            shape_topic = question_shape_topic(text) if doubtful else None
            if shape_topic:
                _sure(message, shape_topic)  # « Quelles sont les… formes d'exonération du ticket modérateur ? »; before
                # the travel billed: « …sans mention à domicile sur l'ordonnance ? » is the prescription's
                continue
            if ((name in DEPASSEMENT_TOPICS or (doubtful and name != ALLOWANCES_TOPIC))
                    and asks_if_travel_may_be_billed(text)):
                _sure(message, ALLOWANCES_TOPIC)  # « a-t-il le droit de me faire payer le déplacement ? »: the IFD
                continue
            if doubtful and asks_about_a_technique(text):
                _sure(message, TECHNIQUES_TOPIC)  # « quel est le prix d'une séance d'onde de choc ? »: out of scope
                continue
            if (unsure or name in (RATE_TOPIC, OUT_OF_SCOPE)) and names_the_regime_local(text):
                _sure(message, REGIME_LOCAL_TOPIC)  # « Régime d'Alsace-Moselle : quels remboursements ? »: the rate's
                continue
            kind_topic = kind_of_kine_reimbursement_topic(text) if doubtful else None
            if kind_topic:
                _sure(message, kind_topic)  # « La kinésithérapie vestibulaire est-elle remboursée ? »: out of scope
                continue
            if ((unsure and asks_about_reimbursement_outside_parcours(text))
                    or (name == NO_PRESCRIPTION_TOPIC and no_referent_read_as_no_prescription(text))):
                _sure(message, RATE_TOPIC)  # « pas de médecin traitant, je suis moins bien remboursé chez le kiné ? »
                continue
            if name == OUT_OF_SCOPE and out_of_scope_situation_question(text):
                _sure(message, RATE_TOPIC)  # « jsuis enceinte de 3 mois jai mal o dos la kiné c 100% ? »
                continue
            if name == STOP and not says_stop(text):
                # « je veux faire un calcul » read as stop: a calculation when it names one, else the next reading
                if asks_a_calculation(text):
                    _sure(message, CALCULATION)
                else:
                    _drop(message, (STOP,))
                continue
            confidence = intent.get(PREDICTED_CONFIDENCE_KEY, 0.0)
            follow_up = is_situation_follow_up(name, confidence, text)
            # A value read as inform, but unsure (« et si j'avais pas de mutuelle ? »: inform 0.22, a mutuelle
            # topic 0.18): sure, or the fallback's ambiguity rule took it from the calculation. A sure inform is
            # left as it is, without parsing it.
            if follow_up or ((name != INFORM or confidence < UNSURE)
                             and (is_bare_number(text) or changes_session_count(text) or names_an_insurer(text)
                                  or changes_the_mutuelle(name, confidence, text))):
                _sure(message, SITUATION_FOLLOW_UP if follow_up else INFORM)
                continue
            if name in TOPIC_TITLES and name != CALCULATION and states_a_calculation(text):
                _sure(message, CALCULATION)  # « jai 12 seance…, la kine prend 22e, ma mutuel rembourse 200% »
                continue
            if name == SESSIONS_TOPIC and unsure and states_a_count(text):
                _sure(message, INFORM)  # « je dois faire 20 séances de kiné »: a value, as « j'ai 15 séances à faire »
                continue
            if doubtful and asks_what_is_left_to_pay(text):  # the calculation, unsure too, made sure
                _sure(message, CALCULATION)  # « mutuelle a 300% est-ce que je vais payer… chez le kiné a 40 euros »
                continue
            if name != QUESTION_MONTANT and asks_what_an_amount_is(text):
                _sure(message, QUESTION_MONTANT)  # « c quoi les 143,20 ? »
                continue
            if unsure and asks_why_a_base_amount(text):
                # « la sécu m'a remboursé 9,74 au lieu de 10,74, pourquoi ? »; the question on the amount itself unsure
                # (« … 64,44 € pour 6 séances, c'est normal ? »: 0.15, tied with the reimbursement's topic) too
                _sure(message, QUESTION_MONTANT)
                continue
            if (name not in OTHER_PRICE_TOPICS and unsure
                    and asks_if_a_price_is_right(text)):
                # « mon kiné facture 21,50 la séance, c'est normal ? »; the price's topic first but unsure too (« mon
                # kiné facture 17,90 €, c'est normal ? c'est remboursé ? »: 0.25, the home visit 0.24: the fallback)
                _sure(message, PRICE_TOPIC)
                continue
            if (name not in PRICE_TOPICS + (SECTEUR_TOPIC,) and unsure
                    and asks_if_a_conventionne_may_charge_more(text)):
                _sure(message, DEPASSEMENT_TOPIC)  # « je suis kiné conventionné, je peux pratiquer des tarifs libres ? »
                continue
            if name not in (PRESCRIBER_TOPIC, INFORM, CALCULATION) and names_a_non_conventionne_prescriber(text):
                _sure(message, PRESCRIBER_TOPIC)  # « mon généraliste est déconventionné, son ordo marche ? »
                continue
            if name == INFORM and (gives_no_value(text) or is_markup_without_value(text)):
                _drop(message, (name,))  # the next reading, with its own confidence: the fallback judges it
                continue
            if name != INFORM and situation_question_topic(INFORM, text) is not None:
                # « je suis en Alsace, je suis remboursé à 90 % ? » with « inform » just behind the topic: a
                # question, not values; « inform » leaves the ranking, so that the fallback sees no tie.
                _drop(message, (INFORM,))
                continue
            topic = situation_question_topic(name, text)
            if topic is None:
                continue
            # The topic and « inform » swap their confidences: the ranking stays a distribution, and
            # « inform » no longer ties with the topic (the fallback's ambiguity rule would see a tie).
            ranking = message.get(INTENT_RANKING_KEY) or []
            confidence = intent.get(PREDICTED_CONFIDENCE_KEY, 0.0)
            topic_confidence = next((entry.get(PREDICTED_CONFIDENCE_KEY, 0.0) for entry in ranking
                                     if entry.get(INTENT_NAME_KEY) == topic), 0.0)
            prediction = {INTENT_NAME_KEY: topic, PREDICTED_CONFIDENCE_KEY: confidence}
            others = [{**entry, PREDICTED_CONFIDENCE_KEY: topic_confidence}
                      if entry.get(INTENT_NAME_KEY) == intent.get(INTENT_NAME_KEY) else entry
                      for entry in ranking if entry.get(INTENT_NAME_KEY) != topic]
            ranking = [prediction] + sorted(others, key=lambda entry: -entry.get(PREDICTED_CONFIDENCE_KEY, 0.0))
            message.set(INTENT, prediction, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    @staticmethod
    def _drop_contradicted(message: Message) -> None:
        # The next intent answers instead, with the confidence the classifier gave its answer.
        _drop(message, contradicted_topics(message.get(TEXT) or ""), keep_confidence=True)


def _sure(message: Message, name: str) -> None:
    """A rule of text is sure of the intent, not the classifier's guess: it goes ahead of the ranking, at 1, once
    (its own lower entry leaves, or the fallback's buttons named it twice), and out of scope leaves too: just behind
    it (« comment coter une polyarthrite ? »: 0.96) the fallback saw a tie, and at half its confidence or more the
    fallback's out-of-scope ratio (components/fallback.py) doubted it (« combien coûte une séance de rééducation
    abdominale ? »: 0.77; « Comment trouver une meilleure mutuelle pour… la kinésithérapie ? », read as out of scope at
    0.87, went to the fallback whatever the rule). ops/evaluation/dev_half.py counts each rule's reading so."""
    prediction = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [entry for entry in message.get(INTENT_RANKING_KEY) or []
               if entry.get(INTENT_NAME_KEY) not in (name, OUT_OF_SCOPE)]
    message.set(INTENT, prediction, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [prediction, *ranking], add_to_output=True)


def _drop(message: Message, names, keep_confidence: bool = False) -> None:
    """Takes the intents `names` out of the message's ranking; when the prediction was one of them, the
    next intent takes its place, with its own confidence or (`keep_confidence`) the prediction's."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    intent = message.get(INTENT) or {}
    if not any(entry.get(INTENT_NAME_KEY) in names for entry in ranking + [intent]):
        return
    kept = [entry for entry in ranking if entry.get(INTENT_NAME_KEY) not in names]
    if intent.get(INTENT_NAME_KEY) in names and kept:
        if keep_confidence:
            kept[0] = {**kept[0], PREDICTED_CONFIDENCE_KEY: intent.get(PREDICTED_CONFIDENCE_KEY, 0.0)}
        message.set(INTENT, kept[0], add_to_output=True)
    message.set(INTENT_RANKING_KEY, kept, add_to_output=True)
