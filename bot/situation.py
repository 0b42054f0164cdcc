"""Answer the person, not only the topic: one short French line for the situation a question states.

« ma fille de 13 ans a une scoliose, c'est remboursé ? » is answered by the topic's answer,
then by a line for a minor (no franchise).  The situation is read by
`bot.dialogue.situation_from_text` (the calculator's own fields); the price a kiné charges
by `bot.parsing.parse_request`.  Every figure comes from the dated parameters.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Tuple

from bot.answers import base_session_in_year, scheduled_note
from bot.calculator import BASIC_ACT, compute, flat_allowance, letter_name, session_tariff
from bot.cotations import named_letter
from bot.dialogue import (ALLOWANCES_TOPIC, PREGNANCY_MONTH_FIELD, POST_PARTUM_FIELD, PRICE_QUESTION, RATE_QUESTION,
                          RATE_SITUATIONS, conventionne_tariffs, highest_tariff, patient_of, prescriber_lines,
                          situation_from_text, stated_after_result, what_if_fields, without_denied_cover)
from bot.money import euros, number, percent
from bot.parameters import Parameters, default_parameters
from bot.parsing import (ABDOMINAL, ALD_DEFINITION_ASKED, ANIMAL, ANIMAL_CAUSED_INJURY, BILLED, BILLING_ASKED,
                         DISABILITY_CARD, ESTABLISHMENT, FRAIS_REELS_ASKED, HOME_VISIT, KINE_ASKER, KINE_NAMED,
                         OSTEOPATHIE, OUTSIDE_PARCOURS, PARTICIPATION_FORFAITAIRE, PERINEAL, PERINEAL_START_ASKED,
                         PRESCRIPTION_NAMED, PRICE_OR_REIMBURSEMENT_ASKED,
                         REGIME_LOCAL_NAMED, REIMBURSEMENT_ASKED, REIMBURSEMENT_DELAY_ASKED, RENTE_AT_MP, SAGE_FEMME,
                         STATUS_WITHOUT_EFFECT, STAY_OVER, TAX, TECHNIQUE, TRAVEL, TRAVEL_ALLOWANCES, VISITOR,
                         WHICH_MUTUELLE, ParsedRequest, ald_list_disease, looks_english, normalise, parse_request)
from bot.request import BILAN_ACTS, CalculatorInputError
from bot.topics import FOR_KINES
from bot.wording import (ANIMAL_LINE, ASKER, CHOICE_LABELS, CSS_DEPASSEMENT, ENGLISH_LINE, ESTABLISHMENT_LINE, FRAIS_REELS,
                          IK_NEAREST_KINE, NON_CONVENTIONNE_LINE, OFF_NOMENCLATURE_PRICE_LINE, OSTEOPATHIE_LINE,
                          PRACTICE_TRAVEL_LINE,
                          PRISE_EN_CHARGE_LABELS, TAX_LINE, VISITOR_LINE, Audience, ald_definition, ald_list_line,
                          capitalised, disability_card_line, kine_perineal_start, outside_parcours, price_part,
                          sage_femme_perineal, status_without_effect_line)

# Topics whose answer already explains a situation: no extra line for it there.
COVERED_BY = {"ald": {"ald_100"}, "domicile": {"seance_domicile"},
              "depassement": {"depassement_definition", "depassement_droit", "depassement_recours"},
              "alsace_moselle": {"regime_alsace_moselle"},
              "non_conventionne": {"non_conventionne_definition", "non_conventionne_remboursement",
                                   "non_conventionne_tarifs", "non_conventionne_avantages"},
              # its answer names the CSS and the AME as reasons a kiné may never refuse care for
              "css_ame": {"refus_de_soins"}}


# Answers that give the nomenclature's tariffs or rates: an act outside it asked there gets its line first.
OFF_NOMENCLATURE_PRICE_TOPICS = ("tarif_seance", "remboursement_taux")

# « Avec la complémentaire santé solidaire (CSS), les séances… »: the article before each name.
FULL_COVER_ARTICLES = {"css": "la ", "ame": "l'"}


# What the question says of the act asked about: it shapes the answer's line, and is not the person's
# situation, so it is not kept in it (the calculator takes a price the person says they pay from their
# earlier messages themselves: bot.dialogue.remembered_price).
# « la séance à 45 € chez un déconventionné » asks about a non-conventionné kiné without saying it is
# the asker's: kept as `asked_conventionne`, for the line only.
# The care named (« ma fille a la mucoviscidose ») shapes the home-visit line the same way.
# « le kiné m'a demandé 50 € sans ordonnance » asks about care without a prescription: no tariff, no
# reimbursement, so the price is no dépassement; in accès direct (« sans ordonnance, en accès direct »)
# the care is billed and reimbursed on the tariff, and the price line stands.
# « j'ai une carte d'invalidité » is no cover at 100 %, « la participation forfaitaire chez le kiné ? » asks
# about the médecins' participation: each said in a line, kept for the answer only.
# « mon kiné fait aussi ostéo, c'est remboursé ? »: the ostéopathie is never reimbursed, said in a line; a
# price said with it is the ostéopathie's, no dépassement.
# « ma fille a une scoliose, c'est remboursé ? »: a disease of the ALD list, no ALD said: the cover it may open.
# « combien coûte une séance de kiné en 2027 ? »: the year's tariffs, in a line before the answers on a price
# or a reimbursement (YEAR_TOPICS).
# « combien rembourse la sécu pour un drainage des deux jambes ? »: a care other than the base session, with
# a question on its price or reimbursement: the care's session, its reimbursement and what is left.
# « le kiné vient à 8 km de chez lui, en montagne, combien de frais de déplacement ? »: a distance asked about
# (nobody's own home), for the travel allowances' line only.
# « combien coûte le kiné sans mutuelle ? »: one session's figure, with what is left said as what is paid.
ASKED_ABOUT_FIELDS = ("price", "hors_nomenclature", "asked_conventionne", "asked_domicile", "act", "asked_post_partum",
                      "asked_sans_ordonnance", "asked_disability_card", "asked_participation_forfaitaire", "asked_rente",
                      "asked_perineal", "asked_abdominal", "asked_osteopathie", "asked_year", "asked_ald_disease",
                      "asked_distance_km", "asked_zone", "asked_care_figure", "asked_sans_mutuelle", "asked_letter", "asked_status")
ASKED_YEAR = re.compile(r"\b(20[1-4]\d)\b(?!\s*(?:€|e\b|euros?))")
YEAR_TOPICS = ("tarif_seance", "remboursement_taux")
# A figure asked for (« combien », « quel prix », « à quel taux »), not a yes or no (« c'est remboursé ? »).
# A figure asked (« combien de séances » is a count: « combien de séances avant de refaire un bilan ? » got the bilan's
# price first)
FIGURE_ASKED = re.compile(r"\bcombien\b(?!\s+de\s+(?:seances?|fois))|\bprix\b|\bcout\w*|\btarifs?\b|\btaux\b|%"
                          r"|\bquel montant\b")
NO_PRESCRIPTION = re.compile(r"\bsans (?:ordo\w*|prescription)|\bpas (?:d'?|de )?(?:ordo\w*|prescription)")
DIRECT_ACCESS = re.compile(r"\bacces (?:direct|libre)\b")


def names_an_unpriced_care(fields: Mapping[str, Any]) -> bool:
    """A message's calculator fields name a care other than the ordinary session, and no price: its figure may be
    what is asked (« la kiné pour la bronchiolite coûte combien ? »)."""
    return fields.get("act") not in (None, BASIC_ACT) and "price" not in fields


def stated_situation(text: str, parsed: Optional[ParsedRequest] = None) -> Dict[str, Any]:
    """The asker's situation (calculator fields) and, when given, the price per session charged.

    `parsed`: the text's parse_request, when the caller has it already."""
    parsed = parsed or parse_request(text)
    fields = dict(parsed.fields)
    said = normalise(text)
    if parsed.distance_said and not parsed.home_visit_said:
        # « le cabinet est à 3 km de chez moi, il faut une ordonnance ? »: a distance to the practice, no home
        # visit (the calculator, asking where the sessions are, reads a distance as one; a topic's line does not).
        for name in ("domicile", "distance_km", "zone"):
            fields.pop(name, None)
    situation = situation_from_text(text, fields)
    for name in ("price", "hors_nomenclature", "act"):
        if name in fields:
            situation[name] = fields[name]
    letter = None if "act" in fields else named_letter(text)
    if letter:  # « un patient parkinsonien à domicile »: its acts' letter, for the home visit's allowance (NMI: IFS)
        situation["asked_letter"] = letter
    if "conventionne" in fields:
        situation["asked_conventionne"] = fields["conventionne"]
    if NO_PRESCRIPTION.search(said) and not DIRECT_ACCESS.search(said):
        situation["asked_sans_ordonnance"] = True
    if re.search(PARTICIPATION_FORFAITAIRE, said):
        situation["asked_participation_forfaitaire"] = True
    if re.search(OSTEOPATHIE, said):
        situation["asked_osteopathie"] = True
    if re.search(STATUS_WITHOUT_EFFECT, said) and (RATE_QUESTION.search(said) or PRICE_QUESTION.search(said)):
        situation["asked_status"] = True  # « je suis retraité, le kiné est remboursé à combien ? »
    disease = ald_list_disease(said)
    if disease:
        situation["asked_ald_disease"] = disease
    if parsed.no_mutuelle and "mutuelle" not in fields:
        situation["asked_sans_mutuelle"] = True
    if names_an_unpriced_care(fields) and FIGURE_ASKED.search(said):
        situation["asked_care_figure"] = True
    year = ASKED_YEAR.search(said)
    if year:
        situation["asked_year"] = int(year.group(1))
    cover = situation.get("prise_en_charge_100", fields.get("prise_en_charge_100"))
    if re.search(DISABILITY_CARD, said) and cover not in ("invalidite", "rente_at", "at_mp"):
        situation["asked_disability_card"] = True  # an accident du travail's rate is no MDPH rate
    if cover == "at_mp" and re.search(RENTE_AT_MP, said):
        situation["asked_rente"] = True  # a rente without its rate, or below two thirds
    if fields.get("domicile"):  # « une séance à domicile à 40 € »: its price holds the travel allowances
        situation["asked_domicile"] = True
    if "distance_km" in fields and "distance_km" not in situation:
        situation["asked_distance_km"] = fields["distance_km"]
        if "zone" in fields and "zone" not in situation:
            situation["asked_zone"] = fields["zone"]
    if fields.get(POST_PARTUM_FIELD) and not situation.get(POST_PARTUM_FIELD):
        # « combien rembourse la sécu pour la rééducation du périnée après l'accouchement ? »: the care
        # asked about has its own rate, whoever asks.
        situation["asked_post_partum"] = True
    elif fields.get("act") == "perineal" and "prise_en_charge_100" not in fields:
        # « la rééducation du périnée est remboursée combien ? »: after a birth, the maternity cover.
        situation["asked_perineal"] = True
    elif fields.get("act") == "abdominal" and "prise_en_charge_100" not in fields:
        situation["asked_abdominal"] = True  # « la rééducation abdominale est remboursée ? »: the same
    return situation


def is_animal_care(text: str) -> bool:
    """Whether the question is about an animal's care (« kiné pour mon chat, c'est remboursé ? »), which no
    topic answers: the Assurance Maladie pays for persons.

    >>> is_animal_care("kiné pour mon chat, c'est remboursé ?"), is_animal_care("je peux poser ma question dans le chat ?")
    (True, False)
    >>> is_animal_care("le chien du voisin m'a mordu, qui paie le kiné ?"), is_animal_care("tombée de cheval, kiné remboursé ?")
    (False, False)
    """
    t = normalise(text)
    return re.search(ANIMAL, t) is not None and re.search(ANIMAL_CAUSED_INJURY, t) is None


def out_of_scope_lines(text: str) -> List[str]:
    """French lines for a question outside the topics that still touches what the assistant knows:
    the ostéopathie (« l'ostéo est remboursé par la sécu ? »), never reimbursed; an animal's care.

    >>> out_of_scope_lines("kiné ou ostéo pour une sciatique ?") == [OSTEOPATHIE_LINE]
    True
    >>> out_of_scope_lines("kiné pour mon chien remboursé ?") == [ANIMAL_LINE]
    True
    >>> out_of_scope_lines("la cure thermale est remboursée ?")
    []
    >>> out_of_scope_lines("how much does a physio session cost?") == [ENGLISH_LINE]
    True

    Taxes, a stay in an establishment, a person insured abroad: where to ask.
    >>> [out_of_scope_lines(t) for t in ("le kiné c'est déductible des impôts ?", "ma mère est en EHPAD, qui paie ?",
    ...                                  "je suis belge, en vacances en France")] == [[TAX_LINE], [ESTABLISHMENT_LINE],
    ...                                                                            [VISITOR_LINE]]
    True
    >>> out_of_scope_lines("en sortant de l'hôpital, combien de séances ?")
    []

    A status said alone: the rule that it changes nothing (not in a question on something else).
    >>> out_of_scope_lines("je suis retraitée")[0].startswith("Être retraité, étudiant, salarié ou sans emploi")
    True
    >>> out_of_scope_lines("kiné salarié, combien je gagne ?")
    []

    When a kiné may start the perineal rehabilitation after a birth (CSP art. R.4321-5).
    >>> out_of_scope_lines("quand commencer la rééducation du périnée après une césarienne ?")[0][:60]
    "Chez un kiné, la rééducation du périnée après l'accouchement"
    >>> out_of_scope_lines("le périnée c'est remboursé ?")
    []
    >>> out_of_scope_lines("la sage femme m'a orientée vers une kiné pour les abdos, c'est pris en charge ?")[0][:50]
    'Une ordonnance de sage-femme ne suffit pas pour de'
    >>> out_of_scope_lines("la rééducation abdominale après une césarienne est-elle remboursée ?")[0][:68]
    "La rééducation du périnée ou des abdominaux après l'accouchement est"
    >>> out_of_scope_lines("le yoga post-natal est remboursé ?")
    []
    >>> out_of_scope_lines("ma sage-femme fait la rééduc du périnée, c'est remboursé ?")
    ["Faite par une sage-femme ou par un kiné, la rééducation du périnée après l'accouchement est prise en charge à 100 % du tarif par l'assurance maternité (code de la sécurité sociale, art. L.160-9)."]
    """
    if looks_english(text):  # « how much does a physio cost? »: first, that the answers are in French
        return [ENGLISH_LINE]
    if is_animal_care(text):  # « ostéo pour mon cheval »: the animal's line, not the person's ostéopathie
        return [ANIMAL_LINE]
    said = normalise(text)
    at = lambda name: default_parameters().at(name, dt.date.today()).value  # noqa: E731
    if re.fullmatch(STATUS_ALONE, said):  # « je suis retraitée » after a result got « pas de réponse plus précise »
        return [status_without_effect_line(at("taux_amo.prise_en_charge_100"))]
    beside = ((re.search(OSTEOPATHIE, said), OSTEOPATHIE_LINE), (re.search(TAX, said), TAX_LINE),
              (names_a_stay(said), ESTABLISHMENT_LINE), (re.search(VISITOR, said), VISITOR_LINE))
    lines = prescriber_lines(text) + [line for found, line in beside if found]  # « la sage-femme m'a orientée vers… »
    if re.search(SAGE_FEMME, said) and re.search(PERINEAL, said) and re.search(REIMBURSEMENT_ASKED, said):
        lines.append(sage_femme_perineal(at("taux_amo.prise_en_charge_100")))  # « ma sage-femme fait le périnée »
    elif re.search(ABDOMINAL + "|" + PERINEAL, said) and re.search(REIMBURSEMENT_ASKED, said) \
            and stated_situation(text).get("asked_post_partum"):
        # « la rééducation abdominale après une césarienne est-elle remboursée ? » got « Désolé » alone
        lines.extend(situation_lines({"asked_post_partum": True}, "", dt.date.today()))
    if all(re.search(pattern, said) for pattern in PERINEAL_START_ASKED):  # « quand commencer le périnée ? »
        lines.append(kine_perineal_start(int(at("maternite.perinee_kine_debut_jours"))))
    return lines


# A status said alone (« je suis retraitée », « étudiant »), read as out of scope: the rule that it changes nothing.
STATUS_ALONE = (r"(?:(?:moi\s*,?\s*)?(?:je\s+suis|j'suis|chui|jsuis|je\s+serai)\s+)?(?:une?\s+)?" + STATUS_WITHOUT_EFFECT
                + r"\s*[.!]*")


# The topics on what a session costs, whose answer is about a libéral kiné's sessions: a stay in an establishment
# named in the question (« en clinique de rééducation je paie le kiné ? ») puts the establishment's line first.
STAY_TOPICS = ("remboursement_taux", "ald_100", "tarif_seance", "tiers_payant", "seances_non_remboursees",
               "mutuelle_prise_en_charge", "moyens_de_paiement")


def names_a_stay(said: str) -> bool:
    """Normalised text naming a patient's stay in a hospital, a clinic, a rehabilitation centre or an EHPAD now, not
    one over (« après mon hospitalisation », « en sortant de la clinique »: the libéral kiné's sessions after it), nor
    a kiné's question on a patient there (« je suis kiné, je peux facturer l'IFD pour un patient en EHPAD ? » got
    « ce que vous payez pour la kiné dépend de l'établissement »).

    >>> [names_a_stay(normalise(t)) for t in ("je suis hospitalisé, je paie le kiné ?", "après mon hospitalisation",
    ...                                       "en sortant de la clinique", "ma mère est en EHPAD",
    ...                                       "je suis kiné, je peux facturer l'IFD pour un patient en EHPAD ?")]
    [True, False, False, True, False]
    """
    stay = re.search(ESTABLISHMENT, said)
    return stay is not None and not re.search(STAY_OVER, said[:stay.start()]) and not re.search(KINE_ASKER, said)


def stay_lines(text: str, topic: str) -> List[str]:
    """The establishment's line before a cost topic's answer when the question names a stay.

    >>> stay_lines("en clinique de rééducation je paie le kiné ?", "remboursement_taux") == [ESTABLISHMENT_LINE]
    True
    >>> stay_lines("après mon hospitalisation, c'est remboursé ?", "remboursement_taux")
    []
    """
    return [ESTABLISHMENT_LINE] if topic in STAY_TOPICS and names_a_stay(normalise(text)) else []


# Travel billed when the patient came to the practice (« le kine ma facturé 3 euros en plus pr le déplacement alor ke
# jsui venu au cabinet »): the home visit's answer gives the allowances, but not that they are for the home only.
AT_THE_PRACTICE = r"\bau\s+cabinet\b"


def practice_travel_lines(text: str, topic: str) -> List[str]:
    """The line that travel is billed for home visits only, before the home visit's answer, when the question says
    the care was at the practice and asks about travel billed.

    >>> practice_travel_lines("le kine ma facturé 3 euros en plus pr le déplacement alor ke jsui venu au cabinet",
    ...                       "seance_domicile") == [PRACTICE_TRAVEL_LINE]
    True
    >>> practice_travel_lines("le kiné peut-il me faire payer le déplacement à domicile ?", "seance_domicile")
    []
    """
    t = normalise(text)
    return ([PRACTICE_TRAVEL_LINE] if topic == ALLOWANCES_TOPIC and re.search(AT_THE_PRACTICE, t)
            and not re.search(HOME_VISIT, t) and not re.search(KINE_ASKER, t) and asks_if_travel_may_be_billed(text)
            else [])  # a kiné asking (« je suis kiné… »): the line speaks to the patient


ALD_TOPIC = "ald_100"


def asks_what_an_ald_is(text: str) -> bool:
    """« c'est quoi une ALD ? », which the classifier read as out of scope (components/situation_question.py makes it
    the full cover's topic), not a question from someone in one.

    >>> [asks_what_an_ald_is(t) for t in ("c'est quoi une ALD ?", "l'affection de longue durée, ça veut dire quoi ?",
    ...                                   "comment être reconnu en ALD ?", "je suis en ALD, c'est quoi le TM ?")]
    [True, True, True, False]
    """
    return re.search(ALD_DEFINITION_ASKED, normalise(text)) is not None


MUTUELLE_TOPIC = "mutuelle_prise_en_charge"


def asks_what_frais_reels_are(text: str) -> bool:
    """« c'est quoi une mutuelle aux frais réels ? », which the classifier read as out of scope (its examples of
    « frais réels » are the income tax's; components/situation_question.py makes it the mutuelle's topic).

    >>> [asks_what_frais_reels_are(t) for t in ("c'est quoi une mutuelle aux frais réels ?", "100 % FR ça veut dire quoi ?",
    ...     "qu'est-ce que le remboursement au frais réel ?", "frais de kiné déductibles en frais réels ?",
    ...     "c'est quoi les frais réels pour les impôts ?", "ma mutuelle rembourse aux frais réels",
    ...     "c koi une mutuelle o frais reel ?")]
    [True, True, True, False, False, False, True]
    """
    t = normalise(text)
    return re.search(FRAIS_REELS_ASKED, t) is not None and re.search(TAX, t) is None


ACT_PRICE_TOPIC = "calcul_tarif_acte"  # its action says a care's tariff and its reimbursement (bot.replies.tarif_acte_fr)
# Longer, a story with a price in it (« après ma chute… j'ai peur que ça me coûte une fortune… ») asks more than a tariff.
CARE_PRICE_MAX_WORDS = 14
# « c'est combien la rééduc des abdos après bébé ? »: a price asked without « coût », « prix » or « tarif » (not a
# reimbursement: « c'est remboursé combien ? » is the rate's)
HOW_MUCH_IS_IT = re.compile(r"\b(?:c'?\s*est|ca\s+fait|ca\s+fera)\s+combien\b(?!.*\brembours)")


def asks_a_care_s_price(text: str) -> bool:
    """« combien coute une seance de kine pour un bebe bronchiolite », which the classifier read as out of scope: one
    session's price asked for a care the calculator knows (bot.parsing.parse_request's act), with no price nor number of
    sessions said; components/situation_question.py makes it the act's price when the classifier read it as out of scope
    or was unsure. The ordinary session counts when a region or a limb's care names it (« Combien coûte un kiné pour un
    torticolis ? », out of scope at 0.74; « …pour une entorse de la cheville ? », the sessions per pathology at 0.40);
    « combien coûte une séance de kiné ? » names no care, and is the session's price.

    >>> [asks_a_care_s_price(t) for t in ("combien coute une seance de kine pour un bebe bronchiolite",
    ...     "quel est le prix d'une séance de drainage lymphatique ?", "combien coûte une séance de kiné ?",
    ...     "10 séances de kiné respiratoire, combien ?", "la kiné respiratoire est remboursée ?",
    ...     "une séance de drainage à 40 €, c'est cher ?", "c'est quoi le tarif d'un bilan kiné",
    ...     "c'est combien la rééduc des abdos après bébé ?", "c'est combien remboursé le drainage ?",
    ...     "Combien coûte un kiné pour un torticolis ?",
    ...     "combien coute une séance de kiné pour une entorse de la cheville ?")]
    [True, True, False, False, False, False, False, True, False, True, True]
    """
    t = normalise(text)
    if not (PRICE_QUESTION.search(t) or HOW_MUCH_IS_IT.search(t)) or len(t.split()) > CARE_PRICE_MAX_WORDS:
        return False
    fields = parse_request(text).fields
    return (fields.get("act") is not None and "price" not in fields and fields["act"] not in BILAN_ACTS
            and fields.get("sessions", 1) == 1 and "depassement" not in fields)


def asks_how_to_bill_an_act(text: str) -> bool:
    """« je suis kiné, comment je facture un bilan à domicile ? », which the classifier could not place (the fallback,
    between the bilan, the dépassement and the home visit): how to bill an act the calculator knows, no price said;
    components/situation_question.py makes it the act's price (its cotation, its allowances) when the classifier is
    unsure.

    >>> [asks_how_to_bill_an_act(t) for t in ("je suis kiné, comment je facture un bilan à domicile ?",
    ...     "comment facturer une séance de drainage lymphatique ?", "comment je facture un dépassement ?",
    ...     "mon kiné me facture 30 € la séance de drainage, c'est normal ?")]
    [True, True, False, False]
    """
    if re.search(BILLING_ASKED, normalise(text)) is None:
        return False
    fields = parse_request(text).fields
    return "act" in fields and "price" not in fields and "depassement" not in fields


def asks_which_mutuelle_for_kine(text: str) -> bool:
    """« Comment trouver une meilleure mutuelle pour les consultations de kinésithérapie ? », which the classifier read
    as out of scope (0.87); components/situation_question.py makes it the mutuelle's topic then, whose answer says
    which guarantees pay what (the assistant names no insurer).

    >>> [asks_which_mutuelle_for_kine(t) for t in ("Comment trouver une meilleure mutuelle pour les consultations de "
    ...     "kinésithérapie ?", "quelle complémentaire santé choisir pour le kiné ?", "quelle mutuelle choisir ?",
    ...     "ma mutuelle rembourse le kiné ?")]
    [True, True, False, False]
    """
    t = normalise(text)
    return re.search(WHICH_MUTUELLE, t) is not None and re.search(KINE_NAMED, t) is not None


DELAY_TOPIC = "feuille_de_soins"  # its answer gives the reimbursement's delay


def asks_the_reimbursement_delay(text: str) -> bool:
    """« en combien de temps la sécu rembourse une séance de kiné ? », which the classifier read as the session's length
    (components/situation_question.py makes it the feuille de soins' topic, whose answer gives the delay).

    >>> [asks_the_reimbursement_delay(t) for t in ("en combien de temps la sécu rembourse une séance de kiné ?",
    ...     "délai de remboursement d'une séance de kiné", "remboursé en combien de jours ?",
    ...     "combien de temps dure une séance de kiné ?", "combien de séances sont remboursées ?")]
    [True, True, True, False, False]
    """
    return re.search(REIMBURSEMENT_DELAY_ASKED, normalise(text)) is not None


def asks_if_travel_may_be_billed(text: str) -> bool:
    """« le kiné a-t-il le droit de me faire payer le déplacement ? », which the classifier read as the dépassement's
    right (components/situation_question.py makes it the home visit's topic, whose answer gives the IFD and the IK). A
    dépassement named is the dépassement's question (« un dépassement pour le déplacement, il a le droit ? »).

    >>> [asks_if_travel_may_be_billed(t) for t in ("le kiné a-t-il le droit de me faire payer le déplacement ?",
    ...     "mon kiné me facture ses frais de déplacement, c'est normal ?", "il peut me compter un dépassement pour le "
    ...     "déplacement ?", "le kiné a-t-il le droit de dépasser le tarif ?")]
    [True, True, False, False]
    """
    t = normalise(text)
    return ((re.search(TRAVEL, t) is not None or re.search(TRAVEL_ALLOWANCES, t) is not None)
            and re.search(BILLED, t) is not None
            and re.search(r"\bdepass", t) is None)


def definition_lines(text: str, topic: str, situation: Mapping[str, Any], when: Optional[dt.date] = None,
                     params: Optional[Parameters] = None) -> List[str]:
    """What an ALD is, before the full cover's answer, when the question asks it (« c'est quoi une ALD ? »: the
    answer said what is covered at 100 %, not what an ALD is); not to someone who says they are in one. What a
    guarantee « aux frais réels » is, before the mutuelle's answer, when the question asks it.

    >>> definition_lines("c'est quoi une ALD ?", "ald_100", {}, dt.date(2026, 12, 6))[0][:48]
    'Une ALD (affection de longue durée) est une mala'
    >>> definition_lines("je suis en ALD, c'est quoi le taux ?", "ald_100", {"prise_en_charge_100": "ald"})
    []
    >>> definition_lines("c'est quoi une mutuelle aux frais réels ?", "mutuelle_prise_en_charge", {}) == [FRAIS_REELS]
    True
    """
    if topic == MUTUELLE_TOPIC:
        return [FRAIS_REELS] if asks_what_frais_reels_are(text) else []
    if topic != ALD_TOPIC or situation.get("prise_en_charge_100") == "ald" or not asks_what_an_ald_is(text):
        return []
    params = params or default_parameters()
    return [ald_definition(params.at("taux_amo.prise_en_charge_100", when or dt.date.today()).value)]


# The topics on whether and how much sessions are reimbursed, and on the prescription: a question naming no médecin
# traitant (« je n'ai pas de médecin traitant, le kiné est remboursé à 30 % ? ») gets the parcours de soins' line.
PARCOURS_TOPICS = ("remboursement_taux", "ordonnance_necessaire", "tarif_seance", "mutuelle_prise_en_charge",
                   "acces_direct", "sans_ordonnance_remboursement", "lexique_remboursement")


REGIME_LOCAL_TOPIC = "regime_alsace_moselle"


def names_the_regime_local(text: str) -> bool:
    """« Régime d'Alsace-Moselle : quels remboursements ? » (the rate's topic, 0.55), « Quelles sont les particularités
    du régime maladie Alsace-Moselle sur la complémentaire santé ? » (out of scope, 0.63): the régime local named as
    such; components/situation_question.py makes it its topic when the classifier chose the rate's topic, out of scope,
    or was unsure. A town or a département (« j'habite à Strasbourg, c'est 90 % ? ») is a situation, not the régime.

    >>> [names_the_regime_local(t) for t in ("Régime d’Alsace-Moselle : quels remboursements ?", "le régime local "
    ...     "rembourse le kiné ?", "particularités du régime maladie Alsace-Moselle", "j'habite à Strasbourg, c'est 90 % ?",
    ...     "régime général ou local ?")]
    [True, True, True, False, False]
    """
    return re.search(REGIME_LOCAL_NAMED, normalise(text)) is not None


TECHNIQUES_TOPIC = "techniques_remboursement"


def asks_about_a_technique(text: str) -> bool:
    """« quel est le prix d'une séance d'onde de choc ? » (out of scope, 0.71), « la balnéo c'est remboursé ? »: a
    technique's price or reimbursement asked, no number said (« 10 séances en balnéo à 25 € » is a calculation);
    components/situation_question.py makes it the techniques' topic when the classifier is unsure or out of scope.

    >>> [asks_about_a_technique(t) for t in ("Quel est le prix d’une séance d’onde de choc ?", "la balnéo c'est "
    ...     "remboursé ?", "combien coûte le tecar chez le kiné", "10 séances en balnéo à 25 €",
    ...     "c'est quoi les ondes de choc ?", "le drainage est-il remboursé ?",
    ...     "combien de séances d'ondes de choc faut-il pour guérir une tendinite ?")]
    [True, True, True, False, False, False, False]
    """
    t = normalise(text)
    return (re.search(TECHNIQUE, t) is not None and re.search(PRICE_OR_REIMBURSEMENT_ASKED, t) is not None
            and re.search(r"\d", text) is None)  # digits as written: normalise makes « une » 1


RATE_TOPIC = "remboursement_taux"  # its answer, with parcours_lines, says what no médecin traitant changes


def asks_about_reimbursement_outside_parcours(text: str) -> bool:
    """« je n'ai pas de médecin traitant, je suis moins bien remboursé chez le kiné ? », which the classifier could not
    place (0.25: the fallback); components/situation_question.py makes it the rate's topic when the classifier is
    unsure, whose answer says, with parcours_lines, that a kiné's prescribed sessions lose nothing.

    >>> [asks_about_reimbursement_outside_parcours(t) for t in (
    ...     "je n'ai pas de médecin traitant, je suis moins bien remboursé chez le kiné ?",
    ...     "sans médecin traitant le kiné est pris en charge ?", "hors parcours de soins c'est 30 % ?",
    ...     "je n'ai pas de médecin traitant, qui peut me prescrire du kiné ?",
    ...     "mon médecin traitant m'a prescrit 10 séances, c'est remboursé ?")]
    [True, True, True, False, False]
    """
    t = normalise(text)
    return re.search(OUTSIDE_PARCOURS, t) is not None and re.search(REIMBURSEMENT_ASKED, t) is not None


NO_PRESCRIPTION_TOPIC = "sans_ordonnance_remboursement"


def no_referent_read_as_no_prescription(text: str) -> bool:
    """« est-ce que le kiné est remboursé si j'ai pas de médecin traitant ? » was read as the reimbursement without a
    prescription (0.64), whose answer begins « Dans l'immense majorité des cas, non »: having no médecin traitant is
    not having no prescription. With no prescription named, components/situation_question.py makes it the rate's
    question (asks_about_reimbursement_outside_parcours), even when the classifier was sure.

    >>> [no_referent_read_as_no_prescription(t) for t in (
    ...     "est-ce que le kiné est remboursé si j'ai pas de médecin traitant ?",
    ...     "sans médecin traitant ni ordonnance, le kiné est remboursé ?",
    ...     "le kiné sans ordonnance est remboursé ?")]
    [True, False, False]
    """
    return asks_about_reimbursement_outside_parcours(text) and re.search(PRESCRIPTION_NAMED, normalise(text)) is None


# A kind of kinésithérapie named (« la kinésithérapie vestibulaire », « la kiné prénatale »): the topic that says how
# it is reimbursed. A respiratory care has its own; the maternity's care (before or after the birth, the perineum's
# rééducation) is the maternity's 100 % (the ALD's topic says it); any other kind is reimbursed as a session is.
KIND_OF_KINE = r"\b(?:kine\w*|reeducation|physiotherap\w*)\s+(?:d[eu]\s+(?:la\s+|l')?)?"
KINDS_TOPICS = ((r"respiratoire|bronch\w*", "kine_respiratoire"),
                (r"pre-?natale?|post-?natale?|perine\w*|post-?partum|de\s+la\s+grossesse", ALD_TOPIC),
                (r"vestibulaire|pediatrique|sport\w*|neurolog\w*|geriatrique|maxillo\w*|oncolog\w*|cardi\w*|"
                 r"pelvi\w*|uro-?gyn\w*|ortho\w*|traumato\w*", RATE_TOPIC))


def kind_of_kine_reimbursement_topic(text: str) -> Optional[str]:
    """« La kinésithérapie vestibulaire est-elle remboursée ? » (out of scope, 0.63), « Kinésithérapie prénatale :
    remboursement, quand commencer ? » (out of scope, 0.89): the topic that answers how that kind of kinésithérapie is
    reimbursed, when its reimbursement is asked and no number said; components/situation_question.py uses it when the
    classifier is unsure or reads it as out of scope.

    >>> [kind_of_kine_reimbursement_topic(t) for t in ("La kinésithérapie vestibulaire est-elle remboursée ?",
    ...     "Kinésithérapie prénatale : remboursement, quand commencer ?", "la kiné respiratoire c'est pris en charge ?",
    ...     "la rééducation du périnée est remboursée ?", "la kinésithérapie vestibulaire, c'est quoi ?",
    ...     "10 séances de kiné du sport, remboursées à 60 % ?", "les problèmes pris en charge en kinésithérapie "
    ...     "pédiatrique ?", "quel recours si la caisse refuse le remboursement de la rééducation périnéale ?")]
    ['remboursement_taux', 'ald_100', 'kine_respiratoire', 'ald_100', None, None, None, None]
    """
    t = normalise(text)
    # « pris en charge en kinésithérapie pédiatrique » is treated there; a refusal contested is another question
    asked = re.sub(r"\bpris\w*\s+en\s+charge\s+(?:en|par)\b", " ", t)
    if re.search(REIMBURSEMENT_ASKED, asked) is None or re.search(r"\d", text) or re.search(r"\brefus|\brecours", t):
        return None  # digits as written: normalise makes « une » 1
    return next((topic for kind, topic in KINDS_TOPICS if re.search(KIND_OF_KINE + r"(?:" + kind + r")\b", t)), None)


# Question shapes the classifier reads as out of scope or is unsure of, and the topic whose answer they ask: every
# pattern of a shape is found in the question (components/situation_question.py).
QUESTION_SHAPES = (
    # « Quelles sont les différentes formes d'exonération du ticket modérateur ? » (the glossary's topic, 0.50):
    # the 100 % cases (ALD, maternité, accident du travail, invalidité)
    ((r"\bexoner\w*|\bexempt\w*", r"\bticket\s+moderateur"), ALD_TOPIC),
    # « Avec une complémentaire santé solidaire, faut-il payer les dépassements d'honoraires ? » (out of scope,
    # 0.41): the dépassement's rule, with the CSS's line (no dépassement for its members)
    ((r"\bdepass\w*", r"\bcss\b|\bc2s\b|complementaire\s+sante\s+solidaire|\bcmu\b"), "depassement_droit"),
    # « Quels sont les professionnels de santé autorisés à prescrire des séances de kinésithérapie ? » (out of
    # scope, 0.39): the prescription's topic, which says who prescribes
    ((r"\bqui\s+(?:peu\w+|a\s+le\s+droit|est\s+habilite|doit)\b|\bquels?\s+(?:professionnels?|medecins?|praticiens?)|"
      r"\bautorises?\s+a\s+prescri", r"\bprescri\w*", r"\bkine\w*|\breeducation\b|\bseances?\b"), "ordonnance_necessaire"),
    # « Quand parle-t-on de dépassement abusif ? » (out of scope, 0.70): when a dépassement is allowed
    ((r"\bdepass\w*", r"\babusi\w*"), "depassement_droit"),
    # « je suis kiné, j'ai le droit de faire 2 séances par jour au même patient ? » (the fallback, between the télésoin
    # and the number of sessions): the cotation's answer says when two sessions the same day are each billed
    ((r"\b(?:deux|2)\s+seances?\b",
      r"\b(?:(?:le\s+)?meme\s+jour(?:nee)?|par\s+jour|dans\s+la\s+(?:meme\s+)?journee)\b"), "cotation_ngap"),
    # « Peut-on facturer le déplacement sans mention “à domicile” sur l'ordonnance ? » (the home visit's topic, 0.43):
    # the prescription's answer says what avenant 7 changed
    ((r"\bmention\w*", r"\bdomicil\w*|\bdeplacements?\b", r"\bordonnances?\b|\bprescri\w*"), "ordonnance_necessaire"),
)


def question_shape_topic(text: str) -> Optional[str]:
    """The topic of the first of QUESTION_SHAPES the question has.

    >>> [question_shape_topic(t) for t in ("Quelles sont les différentes formes d'exonération du ticket modérateur ?",
    ...     "Avec une complémentaire santé solidaire, faut-il payer les dépassements d'honoraires ?",
    ...     "Quels sont les professionnels de santé autorisés à prescrire des séances de kinésithérapie ?",
    ...     "qui peut me prescrire de la kiné ?", "c'est quoi le ticket modérateur ?", "qui paie les dépassements ?",
    ...     "un pédiatre non conventionné qui lui a prescrit de la kiné",
    ...     "je suis kiné, j'ai le droit de faire 2 séances par jour au même patient ?")]  # doctest: +NORMALIZE_WHITESPACE
    ['ald_100', 'depassement_droit', 'ordonnance_necessaire', 'ordonnance_necessaire', None, None, None,
     'cotation_ngap']
    """
    t = normalise(text)
    return next((topic for patterns, topic in QUESTION_SHAPES if all(re.search(p, t) for p in patterns)), None)


def parcours_lines(text: str, topic: str, situation: Mapping[str, Any], when: Optional[dt.date] = None,
                   params: Optional[Parameters] = None) -> List[str]:
    """Without a médecin traitant, kiné sessions are reimbursed as usual: some sites say 30 % « hors parcours de
    soins », the médecins' rule (CSS art. L.162-5-3, R.160-6: « pour les actes et consultations réalisés par des
    médecins »).

    >>> parcours_lines("je n'ai pas de médecin traitant, le kiné est remboursé à 30 % ?", "remboursement_taux", {},
    ...                dt.date(2026, 12, 6))[0].endswith("que l'ordonnance vienne de votre médecin traitant ou d'un autre médecin.")
    True
    >>> parcours_lines("mon médecin traitant m'a prescrit 10 séances", "remboursement_taux", {})
    []
    """
    if topic not in PARCOURS_TOPICS or not re.search(OUTSIDE_PARCOURS, normalise(text)):
        return []
    params = params or default_parameters()
    rate = params.at(f"taux_amo.{situation.get('regime') or 'general'}", when or dt.date.today()).value
    return [outside_parcours(rate)]


# An adult's age said in a question on the franchise gets its line (the answer names the minors' exemption only); 18,
# which « majeur » also stands for, does not (bot.parsing._age). A follow-up (« et pour ma mère de 80 ans ? ») has its
# own line, that the answer stands (follow_up_lines).
FRANCHISE_TOPIC = "franchise_medicale"


def adult_franchise_lines(situation: Mapping[str, Any], topic: str, when: Optional[dt.date] = None,
                          params: Optional[Parameters] = None) -> List[str]:
    """« ma fille a 19 ans et est étudiante, elle paie la franchise ? »: yes, said before the answer.

    >>> adult_franchise_lines({"age": 19}, "franchise_medicale", dt.date(2026, 12, 6))[0][:58]
    'À 19 ans, la franchise médicale de 1 € par séance est rete'
    >>> adult_franchise_lines({"age": 25, "prise_en_charge_100": "css"}, "franchise_medicale")
    []
    """
    age = situation.get("age")
    other_exemption = any(situation.get(key) for key in ("prise_en_charge_100", PREGNANCY_MONTH_FIELD, POST_PARTUM_FIELD))
    if topic != FRANCHISE_TOPIC or age is None or other_exemption:  # most answers: no parameter read
        return []
    params = params or default_parameters()
    when = when or dt.date.today()
    minimum = params.at("franchise.exonerations.age_minimum", when).value
    if age <= minimum:
        return []
    franchise = euros(params.at("franchise.par_acte", when).value, whole=True)
    return [f"À {age} ans, la franchise médicale de {franchise} par séance est retenue : seuls en sont exonérés, pour "
            f"l'âge, ceux qui n'avaient pas {minimum} ans au 1er janvier de l'année (code de la sécurité sociale, "
            "art. D.160-12)."]


def situation_lines(situation: Mapping[str, Any], topic: str = "", when: Optional[dt.date] = None,
                    params: Optional[Parameters] = None) -> List[str]:
    """French lines, one per stated situation, for an answer to `topic` on date `when`."""
    if not situation:  # most questions state none: no figure to format
        return []
    params = params or default_parameters()
    when = when or dt.date.today()
    at = lambda name: params.at(name, when).value  # noqa: E731
    franchise = euros(at("franchise.par_acte"), whole=True)
    full = percent(at("taux_amo.prise_en_charge_100"))
    rente_minimum = percent(at("rente_at_mp.taux_incapacite_minimum"))
    lines: List[str] = []

    age = situation.get("age")
    minimum = at("franchise.exonerations.age_minimum")
    if age is not None and age < minimum:
        lines.append(f"Pour un enfant de moins de {minimum} ans, pas de franchise médicale : "
                     f"les {franchise} par séance ne sont pas retenus sur le remboursement.")

    case = situation.get("prise_en_charge_100")
    month = situation.get(PREGNANCY_MONTH_FIELD)
    if case not in (None, "maternite") and month is not None and month >= at("maternite.debut_mois_grossesse"):
        case = "maternite"  # « en ALD et enceinte de 7 mois »: the maternity cover, wider, is the one said
    exempt = case in at("franchise.exonerations.prise_en_charge")
    kept = "ne s'applique pas" if exempt else "reste retenue"  # the franchise, for a cover that may keep it
    perineal_start = kine_perineal_start(int(at("maternite.perinee_kine_debut_jours")))
    # Only the rehabilitation that follows from the birth after its 12th day (CSS art. L.160-9, D.160-3)
    post_partum = (f"La rééducation du périnée ou des abdominaux après l'accouchement est prise en charge à {full} du "
                   f"tarif conventionné par l'assurance maternité ; d'autres soins ne le sont que jusqu'au "
                   f"{int(at('maternite.fin_jours_apres_naissance'))}e jour après la naissance. {perineal_start}")
    if case == "ald" and topic not in COVERED_BY["ald"]:
        lines.append(f"En ALD, les séances liées à l'affection sont remboursées à {full} du tarif "
                     f"conventionné ; la franchise de {franchise} par séance reste retenue.")
    elif case == "at_mp":
        lines.append("Pour un accident du travail ou une maladie professionnelle reconnus, les séances qui s'y "
                     f"rapportent sont remboursées à {full} du tarif conventionné ; la franchise de {franchise} "
                     f"par séance {kept}. Sur présentation de la feuille d'accident, le kiné ne peut vous "
                     "demander aucun honoraire : la caisse le paie directement ; seul un dépassement pour exigence "
                     "particulière de votre part peut vous être demandé (code de la sécurité sociale, art. L.432-1 "
                     "et L.432-3 ; convention nationale des kinés, art. 3.6).")
        if situation.get("asked_rente"):
            lines.append(f"Avec une rente pour une incapacité d'au moins deux tiers ({rente_minimum}), ce sont toutes vos "
                         f"séances, même sans lien avec l'accident, qui sont prises en charge à {full} (code de la "
                         "sécurité sociale, art. L.371-1, R.371-1 et R.160-10).")
    elif case == "rente_at":
        lines.append("Avec une rente d'accident du travail ou de maladie professionnelle pour une incapacité d'au moins "
                     f"deux tiers ({rente_minimum}), toutes vos séances sont prises en charge à {full} du tarif "
                     "conventionné, même sans lien avec l'accident, et celles de vos ayants droit aussi ; la franchise "
                     f"de {franchise} par séance {kept} (code de la sécurité sociale, art. L.371-1, R.371-1 et "
                     "R.160-10).")
    elif case == "invalidite":
        lines.append("Avec une pension d'invalidité (ou la pension de vieillesse qui l'a remplacée), toutes vos "
                     f"séances sont prises en charge à {full} du tarif conventionné, même sans lien avec "
                     f"l'invalidité ; la franchise de {franchise} par séance {kept} (code de la sécurité sociale, "
                     "art. L.160-14, 13° et R.160-10).")
    elif case in ("css", "ame") and topic not in COVERED_BY["css_ame"]:
        lines.append(f"Avec {FULL_COVER_ARTICLES[case]}{PRISE_EN_CHARGE_LABELS[case]}, les séances au tarif conventionné sont prises en charge à "
                     f"{full}{', sans franchise' if exempt else ''}.")
        if case == "css" and topic in COVERED_BY["depassement"]:  # « je peux facturer un DE à un patient CSS ? »
            lines.append(CSS_DEPASSEMENT)
    elif case == "maternite":
        start = at("maternite.debut_mois_grossesse")
        if situation.get(POST_PARTUM_FIELD):
            lines.append(post_partum)
        elif month is not None and month >= start:
            lines.append(f"À partir du {start}e mois de grossesse, les séances sont prises en charge à {full} "
                         "du tarif conventionné, sans franchise.")
        elif month is not None:
            lines.append(f"Au {month}e mois de grossesse, le remboursement habituel s'applique "
                         f"({percent(at('taux_amo.general'))}, franchise retenue) ; à partir du {start}e mois, "
                         f"c'est {full}, sans franchise.")
        else:
            lines.append(f"Pendant la grossesse, les séances sont prises en charge à {full}, sans franchise, "
                         f"à partir du {start}e mois ; avant, le remboursement habituel s'applique.")

    elif situation.get("asked_post_partum"):
        lines.append(post_partum)
    elif situation.get("asked_perineal"):
        lines.append(f"Après un accouchement, la rééducation du périnée est prise en charge à {full} du tarif "
                     "conventionné par l'assurance maternité ; pour une autre raison, c'est le remboursement habituel. "
                     + perineal_start)
    elif situation.get("asked_abdominal"):
        lines.append(f"Après un accouchement, la rééducation abdominale est prise en charge à {full} du tarif "
                     "conventionné par l'assurance maternité ; avant ou après une opération, c'est le remboursement "
                     "habituel.")
    elif situation.get("asked_disability_card"):
        lines.append(disability_card_line(at("taux_amo.prise_en_charge_100")))
    elif situation.get("asked_status"):
        lines.append(status_without_effect_line(at("taux_amo.prise_en_charge_100")))
    if situation.get("asked_ald_disease") and case is None:
        lines.append(ald_list_line(situation["asked_ald_disease"], at("taux_amo.prise_en_charge_100")))

    if situation.get("asked_participation_forfaitaire"):
        lines.append("La participation forfaitaire ne porte que sur les actes des médecins et la biologie (code de la "
                     "sécurité sociale, art. L.160-13 II) : pas sur les séances de kiné, où c'est la franchise "
                     f"({franchise} par séance) qui est retenue.")
    if situation.get("asked_osteopathie"):
        lines.append(OSTEOPATHIE_LINE)
    if situation.get("asked_year") and topic in YEAR_TOPICS:
        lines += [line for line in [base_session_in_year(situation["asked_year"], when, params)] if line]

    if situation.get("regime") == "alsace_moselle" and topic not in COVERED_BY["alsace_moselle"]:
        lines.append("Si vous êtes affilié au régime local d'Alsace-Moselle, l'Assurance Maladie rembourse "
                     f"{percent(at('taux_amo.alsace_moselle'))} du tarif conventionné "
                     f"(au lieu de {percent(at('taux_amo.general'))}).")

    conventionne = situation.get("conventionne", situation.get("asked_conventionne"))
    if conventionne is False and topic not in COVERED_BY["non_conventionne"] and topic not in FOR_KINES:
        who = "Votre kiné n'est pas conventionné" if situation.get("conventionne") is False else \
            "Chez un kiné non conventionné"
        lines.append(NON_CONVENTIONNE_LINE.format(who=who))

    if situation.get("drom"):
        lines.append(key_letter_line(True, when, params))

    if situation.get("domicile") or situation.get("asked_domicile") or topic in COVERED_BY["domicile"]:
        lines += _home_visit_lines(situation, topic, params, when) + _distance_lines(situation, params, when)

    if situation.get("hors_nomenclature") and topic in OFF_NOMENCLATURE_PRICE_TOPICS:  # « combien coûte le Pilates ? »
        lines.append(OFF_NOMENCLATURE_PRICE_LINE)
    price = situation.get("price")
    # « combien coûte le kiné sans mutuelle ? »: the base session's figure (a price said gets its own, below).
    figure = situation.get("asked_care_figure") or (situation.get("asked_sans_mutuelle") and price is None
                                                    and not situation.get("asked_sans_ordonnance"))
    # Not beside the perineal rehabilitation's line (after a birth, 100 %: a figure at the usual rate would mislead).
    if figure and conventionne is not False and not any(
            situation.get(name) for name in ("asked_osteopathie", "asked_perineal", "asked_abdominal",
                                             "asked_post_partum",
                                             "hors_nomenclature")):
        lines += _one_session(situation, params, when)
    if (price is None or conventionne is False or situation.get("hors_nomenclature")
            or situation.get("asked_sans_ordonnance") or situation.get("asked_osteopathie")):
        return lines
    price = Decimal(str(price))
    act = situation.get("act") or "membre"
    home = bool(situation.get("domicile") or situation.get("asked_domicile"))
    care, tariff, ceiling = _reference(act, home, situation, params, when)
    if price > ceiling:
        if topic not in COVERED_BY["depassement"]:  # those answers explain the dépassement, not the figure
            who = "Votre kiné est conventionné" if situation.get("conventionne") else "Si votre kiné est conventionné"
            lines.append(f"{who} : ce qu'il demande au-delà du tarif conventionné ({care} : {euros(tariff)}) "
                         "est un dépassement d'honoraires, jamais remboursé par l'Assurance Maladie.")
        lines += _one_session(situation, params, when)
    elif not _is_a_tariff(price, situation, params, when):
        # « mon kiné conventionné me facture 22 € la séance, c'est normal ? »: no tariff is 22 €. The status
        # unsaid (« mon kiné facture 21,50 la séance, c'est normal ? »), only a price above the base session.
        lead = f"{euros(price)} la séance ne correspond à aucun tarif conventionné"
        place = "" if home else " au cabinet"
        base_said = (f"la séance de base (genou, dos, entorse…) vaut {euros(tariff)}{place}" if act == "membre"
                     else f"le tarif conventionné de ce soin ({care}) est de {euros(tariff)}{place}")
        gap = "l'écart avec le tarif de votre soin est un dépassement, jamais remboursé par l'Assurance Maladie."
        if conventionne is True:
            lines.append(f"{lead} : {base_said} ; {gap}")
        elif price > tariff:
            lines.append(f"{lead}. Si votre kiné est conventionné, {base_said} : {gap}")
        if price > tariff:  # the figure, counted on the act's tariff (the base session's when none is said)
            lines += _one_session(situation, params, when)
    return lines


BASE_SESSION = "séance de base"


def care_name(act: str, params: Parameters) -> str:
    """The care's name, its examples left out: « drainage lymphatique manuel de deux membres »."""
    return params.node(f"actes.{act}")["label"].split(" (")[0]


def _reference(act: str, home: bool, situation: Mapping[str, Any], params: Parameters,
               when: dt.date) -> Tuple[str, Decimal, Decimal]:
    """What a price is set against: the care said (`act`: « 30 € pour le bilan »), else the base session; its
    tariff (at home, travel allowance included, when a home visit is said; else at the cabinet); and
    the most it can cost (any care's, at home, when neither is said)."""
    drom = bool(situation.get("drom"))
    tariff = conventionne_tariffs({**situation, "domicile": home}, when, params)[act]
    care = BASE_SESSION if act == "membre" else care_name(act, params)
    if home:
        care += " à domicile, indemnité forfaitaire comprise"
    if act == "membre":
        return care, tariff, highest_tariff(params, when, {"drom": drom})
    places = [situation["domicile"]] if "domicile" in situation else [False, True]
    ceiling = max(conventionne_tariffs({**situation, "domicile": place}, when, params)[act] for place in places)
    return care, tariff, ceiling


def _is_a_tariff(price: Decimal, situation: Mapping[str, Any], params: Parameters, when: dt.date) -> bool:
    """Whether `price` is some act's conventionné tariff, at the cabinet or at home (unless the place is said)."""
    places = [situation["domicile"]] if "domicile" in situation else [False, True]
    return any(price in conventionne_tariffs({**situation, "domicile": place}, when, params).values() for place in places)


def _home_visit_lines(situation: Mapping[str, Any], topic: str, params: Parameters, when: dt.date) -> List[str]:
    """The flat travel allowance of a home visit, as the calculator bills it (NGAP art. 13): the IFD, or
    the specific one for some cares (respiratory outside urgency, several regions, cystic fibrosis…)."""
    act, (letter, label) = situation.get("act"), situation.get("asked_letter") or (None, None)
    # a pathology's acts named by their letter (« Parkinson »: NMI, the IFS), else the act's (the base session's)
    flat, fee = flat_allowance(params, when, letter=letter) if act is None and letter else \
        flat_allowance(params, when, act=act or "membre")
    allowance = f"{price_part(flat).with_article} ({euros(fee)})"
    care = care_name(act, params) if act else label
    if situation.get("domicile") and topic not in COVERED_BY["domicile"]:
        # The specific allowance follows from the care read in the message: named, so that it can be corrected.
        cares = f", pour ces soins ({care})," if flat == "ifs" else ","
        return [f"À domicile{cares} le kiné ajoute à chaque séance {allowance}, remboursée comme la séance, et des "
                "indemnités kilométriques hors de son agglomération."]
    if flat != "ifs":  # the home-visit answer gives the IFD already
        return []
    return [f"Pour ces soins ({care}), c'est {allowance} que le kiné ajoute à domicile, au lieu de "
            f"{price_part('ifd').with_article} ({euros(params.at('domicile.ifd', when).value)}) : elle est "
            "remboursée comme la séance."]


def _distance_lines(situation: Mapping[str, Any], params: Parameters, when: dt.date) -> List[str]:
    """« À 8 km (montagne), hors de l'agglomération du cabinet : … » : the travel allowances of a home visit at
    the distance said, as the calculator bills them (NGAP art. 13 C); nothing when no distance is said."""
    km = situation.get("distance_km", situation.get("asked_distance_km"))
    if km is None:
        return []
    distance = Decimal(str(km))
    zone = situation.get("zone") or situation.get("asked_zone") or "plaine"
    act, drom = situation.get("act") or "membre", bool(situation.get("drom"))
    try:  # the calculator's bounds: « à 100 000 km » is a typing error, said as the calculator says it
        tariff = compute({"act": act, "distance_km": km, "zone": zone, "drom": drom, "sessions": 1,
                          "date": when.isoformat()}, params, when).tariff
    except CalculatorInputError as error:
        return [error.message]
    where = f"À {number(distance)} km ({CHOICE_LABELS['zone'][zone]})"
    # The IFD or the IFS: a home visit's first allowance when no distance is said.
    flat, fee = flat_allowance(params, when, act=act)
    if tariff.ik_km is None:
        threshold = params.at(f"domicile.ik.{zone}.seuil_km", when).value
        return [f"{where}, pas d'indemnités kilométriques : elles ne s'ajoutent qu'au-delà de {number(threshold)} km, "
                f"hors de l'agglomération du cabinet. Le kiné ajoute seulement {price_part(flat).with_article} "
                f"({euros(fee)}) à chaque séance."]
    ik = dict(tariff.allowances)["ik"]
    travel = sum((amount for _, amount in tariff.allowances), Decimal(0))
    cut = 2 * distance - tariff.ik_km
    kilometric = (f"{price_part('ik').with_article}, (2 × {number(distance)} km − {number(cut)} km d'abattement) × "
                  f"{euros(tariff.ik_rate)} = {euros(ik)}")
    # The IK add to the flat allowance (NGAP art. 13 C: domicile.cumul_ik_*); were they to replace it, the line says so.
    paid = (f"{price_part(flat).with_article} ({euros(fee)}) + {kilometric}" if len(tariff.allowances) > 1
            else f"{kilometric}, au lieu de {price_part(flat).with_article}")
    return [f"{where}, hors de l'agglomération du cabinet : {paid}, soit {euros(travel)} de frais de déplacement par "
            f"séance, remboursés comme la séance. {IK_NEAREST_KINE}"]


# The situation's fields a one-session figure takes into account; with any other (a pregnancy, whose
# month decides the rate; a home visit, whose price holds allowances; the CSS or the AME, where the
# dépassement itself is in question: the calculator says so) the calculator is the place.
ONE_SESSION_FIELDS = ("age", "prise_en_charge_100", "regime", "drom", "act")
ONE_SESSION_UNSURE = ("maternite", "css", "ame")
# The calculation's situation that a care's figure asked next keeps: what the figure reads but the care, and the
# pregnancy's line (not the home visit: that figure is at the practice)
FIGURE_FIELDS_REMEMBERED = tuple(name for name in ONE_SESSION_FIELDS if name != "act") + (PREGNANCY_MONTH_FIELD,
                                                                                          POST_PARTUM_FIELD)


def _one_session(situation: Mapping[str, Any], params: Parameters, when: dt.date, who: Audience = ASKER) -> List[str]:
    """« Pour une séance à 35,00 € chez un kiné conventionné : … rembourse 9,74 € … » (what a price
    question asks), from the calculator; nothing where one session's figure would need more. Without a
    mutuelle (`asked_sans_mutuelle`), what is left is what is paid."""
    if (situation.get("domicile") or situation.get("asked_domicile")
            or situation.get("prise_en_charge_100") in ONE_SESSION_UNSURE):
        return []
    request = {name: situation[name] for name in ONE_SESSION_FIELDS if name in situation}
    if "price" in situation:
        request["price"] = situation["price"]
    try:
        calc = compute({**request, "sessions": 1, "conventionne": True, "date": when.isoformat()}, params, when)
    except CalculatorInputError:
        return []
    session = calc.sessions[0]
    franchise = f", moins {euros(session.franchise, whole=True)} de franchise" if session.franchise else ""
    if "price" in situation:
        what = f"Pour une séance à {euros(session.price)} chez un kiné conventionné, l'Assurance Maladie rembourse"
    else:  # the care's tariff: « la kiné pour la bronchiolite coûte combien ? »
        act = situation.get("act") or "membre"
        what = (f"{capitalised(calc.counted.of_act(care_name(act, params)))} coûte {euros(session.price)}"
                f"{scheduled_note(params, f'actes.{act}.coefficient', when)} au cabinet chez un kiné conventionné : "
                "l'Assurance Maladie en rembourse")
    if situation.get("asked_sans_mutuelle"):
        return [f"{what} {euros(session.amo - session.franchise)} ({percent(calc.rate)} de {euros(session.base)}"
                f"{franchise}) ; sans mutuelle, {who.left} {euros(session.patient)} à payer."]
    left = ("la franchise, que la mutuelle ne couvre pas" if session.franchise and session.patient == session.franchise
            else f"dont {who.mutuelle} peut prendre une part")
    return [f"{what} {euros(session.amo - session.franchise)} ({percent(calc.rate)} de {euros(session.base)}"
            f"{franchise}) ; {who.left} {euros(session.patient)}, {left}."]


def no_mutuelle_said(mutuelle_slot: Optional[Mapping[str, Any]]) -> bool:
    """Whether the calculation's mutuelle (its `calc_mutuelle` slot) is « none », said."""
    return mutuelle_slot == {"mutuelle": None}


def _with_mutuelle_said(slots: Mapping[str, Any]) -> Dict[str, Any]:
    """The calculator's situation, with « no mutuelle » when it was said (what is left is then what is paid)."""
    situation = dict(slots.get("calc_situation") or {})
    if no_mutuelle_said(slots.get("calc_mutuelle")):
        situation["asked_sans_mutuelle"] = True
    return situation


INTERIM_LEAD = "Pour le total{}, il me faut encore vos réponses :"
NOT_CONVENTIONNE_CASE = ("Chez un kiné non conventionné, l'Assurance Maladie ne rembourse presque rien "
                         "(« tarif d'autorité »).")


def opening_figure(slots: Mapping[str, Any], when: Optional[dt.date] = None, params: Optional[Parameters] = None,
                   asked: bool = False, who: Audience = ASKER) -> List[str]:
    """The one-session figure when a calculation opens on a conventionné kiné's price above every
    tariff (« mon kiné conventionné prend 35 € la séance, je suis remboursé combien ? ») or on a care
    alone (« mon bébé a une bronchiolite, la kiné coûte combien ? »): what was asked, said before the
    questions for the total. `slots`: the calculator's slots (bot/dialogue.py);
    with the number of sessions given, the total comes soon enough: no figure. `asked`: the message asks
    the amount (« 35 € la séance, combien je récupère ? »): with the kiné's status not said, both cases. `who`:
    whose share the figure names."""
    if slots.get("calc_sessions"):
        return []
    acte = slots.get("calc_acte") or {}
    situation = _with_mutuelle_said(slots)
    if (set(acte) == {"act"} or (not acte and asked and situation.get("asked_sans_mutuelle"))) \
            and situation.get("conventionne") is not False \
            and not situation.get("hors_nomenclature") and not slots.get("calc_grossesse"):
        # « mon bébé a une bronchiolite, la kiné coûte combien ? », « combien coûte un kiné quand on n'a pas de
        # mutuelle ? »: the care's session (the base session's), first
        return _one_session({**situation, "act": acte.get("act") or "membre"}, params or default_parameters(),
                            when or dt.date.today(), who)
    status = situation.get("conventionne")
    if set(acte) != {"price"} or not (status or (status is None and asked)) or situation.get("hors_nomenclature"):
        return []
    params = params or default_parameters()
    when = when or dt.date.today()
    if Decimal(str(acte["price"])) <= highest_tariff(params, when, {"drom": bool(situation.get("drom"))}):
        return []
    lines = _one_session({**situation, "price": acte["price"]}, params, when, who)
    return lines + [NOT_CONVENTIONNE_CASE] if lines and status is None else lines


def interim_figure(slots: Mapping[str, Any], when: Optional[dt.date] = None, params: Optional[Parameters] = None,
                   who: Audience = ASKER) -> List[str]:
    """« combien je vais être remboursé ? » asked in the middle of the calculation, before the number of
    sessions: one session's figure for what is known (the price, the care, or else the basic session),
    then why the questions go on; with the number of sessions given, the total comes soon enough. `who`: whose
    share the figure names.

    >>> interim_figure({"calc_acte": {"price": 50.0}}, dt.date(2026, 12, 1))[0][:95]
    "Pour une séance à 50,00 € chez un kiné conventionné, l'Assurance Maladie rembourse 9,74 € (60 %"
    >>> interim_figure({"calc_acte": {"price": 50.0}}, dt.date(2026, 12, 1))[1]
    "Chez un kiné non conventionné, l'Assurance Maladie ne rembourse presque rien (« tarif d'autorité »)."
    """
    if slots.get("calc_sessions"):
        return []
    acte = slots.get("calc_acte") or {}
    situation = _with_mutuelle_said(slots)
    lines: List[str] = []
    if situation.get("conventionne") is False:
        lines.append(NON_CONVENTIONNE_LINE.format(who="Chez un kiné non conventionné"))
    elif not situation.get("hors_nomenclature") and not slots.get("calc_grossesse"):
        params = params or default_parameters()
        when = when or dt.date.today()
        care = {"price": acte["price"]} if "price" in acte else {"act": acte.get("act") or "membre"}
        lines += _one_session({**situation, **care}, params, when, who)
        if lines and "price" in care and situation.get("conventionne") is None:
            lines.append(NOT_CONVENTIONNE_CASE)
    return lines + [INTERIM_LEAD.format("" if slots.get("calc_mutuelle") else ", avec la part de la mutuelle")]


def key_letter_line(drom: bool, when: Optional[dt.date] = None, params: Optional[Parameters] = None) -> str:
    """The key letter and the base session in the DROM, or in the metropole, beside the other's.

    >>> key_letter_line(True, dt.date(2026, 12, 7))
    'Dans les DROM, la lettre clé vaut 2,43 € (au lieu de 2,21 €) : la séance de base y coûte 19,68 €.'
    >>> key_letter_line(False, dt.date(2026, 12, 7))
    'En métropole, la lettre clé vaut 2,21 € (2,43 € dans les DROM) : la séance de base y coûte 17,90 € (19,68 € dans les DROM).'
    """
    params, when = params or default_parameters(), when or dt.date.today()
    letter = {drom_: euros(params.at(letter_name(drom_), when).value) for drom_ in (True, False)}
    session = {drom_: euros(session_tariff(params, when, act=BASIC_ACT, drom=drom_).act_price) for drom_ in (True, False)}
    if drom:
        return (f"Dans les DROM, la lettre clé vaut {letter[True]} (au lieu de {letter[False]}) : la séance de base y "
                f"coûte {session[True]}.")
    return (f"En métropole, la lettre clé vaut {letter[False]} ({letter[True]} dans les DROM) : la séance de base y "
            f"coûte {session[False]} ({session[True]} dans les DROM).")


def follow_up_lines(situation: Mapping[str, Any], topic: str = "", when: Optional[dt.date] = None,
                    params: Optional[Parameters] = None) -> List[str]:
    """The lines for « et pour … ? » after an answer to `topic`: the situation's lines, or, for an
    adult (« et pour ma mère de 80 ans ? »), that age changes nothing but the minors' franchise; for the metropole
    (« et en métropole ? » after the DROM's figures), its key letter and base session beside the DROM's."""
    lines = situation_lines(situation, topic, when, params)
    if situation.get("drom") is False:
        lines.append(key_letter_line(False, when, params))
    age = situation.get("age")
    if lines or age is None:
        return lines
    params = params or default_parameters()
    minimum = params.at("franchise.exonerations.age_minimum", when or dt.date.today()).value
    who = "Pour un adulte" if age == minimum else f"À {age} ans"
    return [f"{who}, la réponse ci-dessus vaut aussi : le remboursement ne dépend pas de l'âge ; seuls les "
            f"moins de {minimum} ans sont exonérés de la franchise médicale."]


def remembered(situation: Mapping[str, Any]) -> Dict[str, Any]:
    """What the calculator keeps of a stated situation (its `calc_situation` fields; no price). The metropole stated
    (« j'habite en métropole ») is no particular situation: the form still asks for one."""
    return {name: value for name, value in situation.items()
            if name not in ASKED_ABOUT_FIELDS and not (name == "drom" and value is False)}


@dataclass(frozen=True)
class TopicTurn:
    """What an FAQ answer does with the situation its message states (the message parsed once).

    - `recalculate`: right after a result, a what-if (« et si je suis en ALD ? », « et si elle n'est
      pas en ALD ? ») asks the calculation again, rather than the topic;
    - `situation`: the asker's situation, for the lines said before the topic's answer;
    - `remembered`: the calculator's situation after the message (a denied cover taken away, the
      stated situation added);
    - `kine_asker`: a kiné asks (« je suis kiné », « mon patient »): the answer worded for him, if any.
    """
    recalculate: bool
    situation: Dict[str, Any]
    remembered: Dict[str, Any]
    kine_asker: bool = False


# The topics whose figure a situation changes (the rate, the franchise, a session's price, the mutuelle's share): asked
# without a situation of its own after one was said (« j'habite à Metz », then « la kiné c'est remboursé combien ? » got
# the 60 % alone; « mon kiné est déconventionné… », then « et ma mutuelle ? » got « À deux fois la base, une séance à
# 17,90 € est couverte jusqu'à 35,80 € »), the answer takes the remembered situation's line (« Si vous êtes affilié au
# régime local…, 90 % », « Votre kiné n'est pas conventionné : … seul un forfait … peut jouer »).
SITUATION_FIGURE_TOPICS = ("remboursement_taux", "franchise_medicale", "tarif_seance", "mutuelle_prise_en_charge")
SITUATION_FIGURE_FIELDS = FIGURE_FIELDS_REMEMBERED + ("conventionne",)  # the asker's own kiné, remembered


def topic_turn(text: str, before: Mapping[str, Any], after_result: bool, no_mutuelle: bool = False,
               topic: str = "") -> TopicTurn:
    """What a message answered by an FAQ topic (`topic`) does with its situation (`before`: the calculation's;
    `no_mutuelle`: it had none, said).

    >>> topic_turn("et si elle n'est pas en ALD ?", {"prise_en_charge_100": "ald"}, after_result=True).recalculate
    True
    >>> turn = topic_turn("ma fille de 13 ans a une scoliose, c'est remboursé ?", {"regime": "general"}, False)
    >>> turn.recalculate, turn.remembered
    (False, {'regime': 'general', 'age': 13})
    """
    parsed = parse_request(text)
    if after_result and (what_if_fields(text, parsed) or stated_after_result(text, parsed)
                         or parsed.no_prise_en_charge_100):
        return TopicTurn(True, {}, dict(before), parsed.kine_asker)
    situation = stated_situation(text, parsed)
    said = {**asked_situation(text, parsed), **situation}
    if said.get("asked_care_figure") and patient_of(text, situation_from_text(text, parsed.fields)) is None:
        # « et le bilan, il coûte combien ? » after a 16-year-old's calculation: the figure is the patient's
        # (it took the franchise off, and said nothing of their age)
        said = {**{name: value for name, value in before.items() if name in FIGURE_FIELDS_REMEMBERED},
                **({"asked_sans_mutuelle": True} if no_mutuelle else {}), **said}  # « dont votre mutuelle … » was said
    elif not said and topic in SITUATION_FIGURE_TOPICS:
        said = {name: value for name, value in before.items() if name in SITUATION_FIGURE_FIELDS}
    return TopicTurn(False, said, {**without_denied_cover(before, parsed), **remembered(situation)},
                     parsed.kine_asker)


# A question on what is paid or reimbursed in a situation that is nobody's in particular (« les séances
# sont-elles remboursées pour un enfant ? », « ok et c'est remboursé pour un enfant ? », « en Alsace-Moselle,
# le kiné est remboursé à combien ? ») gets that situation's line too, not remembered for a calculation.
# Not the kiné's status nor a home visit: their lines speak of « votre kiné », « votre » visit.
ASKED_SITUATION_FIELDS = ("age",) + RATE_SITUATIONS


def asked_situation(text: str, parsed: Optional[ParsedRequest] = None) -> Dict[str, Any]:
    """The situation a question on a rate or a price asks about, whoever it is.

    >>> asked_situation("les séances de kiné sont-elles remboursées pour un enfant ?")
    {'age': 17}
    >>> asked_situation("kiné pour bébé, comment en trouver un ?")
    {}
    >>> asked_situation("pour un enfant, une séance de kiné respiratoire dure combien de temps ?")
    {}
    """
    t = re.sub(r"\bcombien de (?:temps|fois|seances|minutes|jours)\b", " ", normalise(text))
    if not (RATE_QUESTION.search(t) or PRICE_QUESTION.search(t)):
        return {}
    fields = (parsed or parse_request(text)).fields
    return {name: fields[name] for name in ASKED_SITUATION_FIELDS if name in fields}
