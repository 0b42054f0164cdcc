"""Short French titles of the FAQ topics, for buttons (fallback, help menu).

The ids are the contract of ../shared/faq_topics.yml: never rename one.
"""
from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional, Tuple

from bot.parsing import normalise

TOPIC_TITLES: Dict[str, str] = {
    "remboursement_taux": "Le remboursement des séances",
    "ordonnance_necessaire": "L'ordonnance pour être remboursé",
    "tarif_seance": "Le prix d'une séance",
    "seance_domicile": "Les séances à domicile",
    "franchise_medicale": "La franchise médicale",
    "mutuelle_prise_en_charge": "Ce que paie la mutuelle",
    "seances_non_remboursees": "Les séances non remboursées",
    "ald_100": "ALD et prise en charge à 100 %",
    "tiers_payant": "Le tiers payant",
    "nombre_seances": "Le nombre de séances",
    "telesoin": "Le télésoin (séance en vidéo)",
    "acces_direct": "Voir un kiné sans ordonnance",
    "sans_ordonnance_prix": "Le prix sans ordonnance",
    "sans_ordonnance_remboursement": "Le remboursement sans ordonnance",
    "kine_respiratoire": "La kiné respiratoire",
    "drainage_lymphatique": "Le drainage lymphatique",
    "dos_bloque": "Dos bloqué, lombalgie",
    "departements_acces_direct": "Les départements en accès direct",
    "non_conventionne_definition": "Le kiné non conventionné",
    "non_conventionne_remboursement": "Le remboursement d'un non conventionné",
    "non_conventionne_tarifs": "Les tarifs d'un non conventionné",
    "non_conventionne_avantages": "Pourquoi un non conventionné",
    "choisir_kine": "Bien choisir son kiné",
    "affichage_cabinet": "L'affichage des tarifs au cabinet",
    "depassement_definition": "Le dépassement d'honoraires",
    "depassement_droit": "Quand un dépassement est permis",
    "depassement_paris": "Les dépassements à Paris",
    "trouver_kine_sans_depassement": "Trouver un kiné sans dépassement",
    "devis_obligatoire": "Le devis obligatoire",
    "depassement_sanctions": "Les sanctions des dépassements",
    "depassement_recours": "Que faire face à un dépassement",
    "secteur_kine": "Secteur 1 ou 2 chez le kiné",
    "depassement_mutuelle": "La mutuelle et les dépassements",
    "depassement_comment_faire": "Facturer un dépassement (kiné)",
    "depassement_raisons": "Pourquoi des dépassements",
    "hors_nomenclature_definition": "L'acte hors nomenclature",
    "difference_de_hn": "Dépassement ou hors nomenclature",
    "hors_nomenclature_exemples": "Exemples d'actes hors nomenclature",
    "hors_nomenclature_mutuelle": "La mutuelle et le hors nomenclature",
    "hors_nomenclature_demarches": "Facturer un acte HN, TVA (kiné)",
    "coter_sans_prescription": "Coter sans prescription (kiné)",
    "calcul_remboursement": "Calculer mon reste à charge",
    "calcul_tarif_acte": "Le tarif d'un acte",
    # Topics added from real questions (issue #14)
    "bilan_kine": "Le bilan du kiné (BDK)",
    "duree_seance": "La durée d'une séance",
    "arreter_seances": "Arrêter ses séances",
    "trouver_un_kine": "Trouver un kiné",
    "techniques_remboursement": "Balnéo, ondes de choc : remboursé ?",
    "feuille_de_soins": "La feuille de soins, carte Vitale",
    "validite_ordonnance": "La validité de l'ordonnance",
    "accord_prealable": "L'accord préalable",
    "seances_par_pathologie": "Combien de séances selon le cas",
    "cotation_ngap": "La NGAP et la cotation (kiné)",
    "domicile_conditions": "Qui peut avoir le kiné à domicile",
    "lexique_remboursement": "Ticket modérateur et base (BR)",
    "seance_non_honoree": "Rendez-vous manqué ou annulé",
    "refus_de_soins": "Un kiné peut-il refuser un patient",
    "regime_alsace_moselle": "Le régime local d'Alsace-Moselle",
    "contester_remboursement": "Contester un remboursement",
    "conventionnement_kine": "Se conventionner, zonage (kiné)",
    "majoration_nuit_dimanche": "Le dimanche, la nuit : plus cher ?",
    "ordonnance_medecin_non_conventionne": "Ordonnance d'un médecin non conventionné",
    "moyens_de_paiement": "Payer son kiné : espèces, carte, chèque",
    "soins_etranger": "Des séances de kiné à l'étranger",
    "accident_tiers": "Accident causé par un tiers",
    "prescription_par_kine": "Ce que le kiné peut prescrire",
}

# Topics asked by kinés about their own billing (their titles say « (kiné) »): a patient's situation line
# (« Votre kiné n'est pas conventionné : l'Assurance Maladie ne rembourse que… ») is not for them.
FOR_KINES = frozenset({"depassement_comment_faire", "hors_nomenclature_demarches", "coter_sans_prescription",
                       "cotation_ngap", "conventionnement_kine"})

# The help menu, by theme: (button title, topic id).
HELP_MENU: List[Tuple[str, str]] = [
    ("Remboursement", "remboursement_taux"),
    ("Sans ordonnance", "acces_direct"),
    ("Dépassements", "depassement_definition"),
    ("Non conventionné", "non_conventionne_definition"),
    ("Hors nomenclature", "hors_nomenclature_definition"),
    ("Calcul du reste à charge", "calcul_remboursement"),
]

# Broad questions (« les séances de kiné sont-elles remboursées ? ») get the overview answer of
# these topics, then buttons to the detailed topics.
OVERVIEW: Dict[str, Tuple[str, ...]] = {
    "remboursement_taux": ("ordonnance_necessaire", "mutuelle_prise_en_charge", "franchise_medicale",
                           "tarif_seance", "calcul_remboursement"),
    # Who may have the kiné at home, then its price and allowances.
    "domicile_conditions": ("seance_domicile",),
}

# A question in several parts (« …remboursées ? Si oui, à quelles conditions ? À quel montant ? »):
# the main answer, then the other likely topics as buttons when the classifier gives them at
# least this probability.
RELATED_MIN_CONFIDENCE = 0.08
RELATED_MAX = 2
# A one-part question whose runner-up topic keeps at least this probability gets it as a button
# under the answer: a close topic (`seance_domicile` / `domicile_conditions`, `acces_direct` /
# `ordonnance_necessaire`) stays one click away when the classifier picked its neighbour. Chosen on
# the out-of-fold predictions of the development questions (three draws of folds pooled, at the
# fallback settings of config.yml; BENCHMARKS.md): at 0.15, 17 of 55 wrong-topic answers offer the
# right topic, 39 of 285 right answers get a button they don't need (0.10: 24 and 66; 0.20: 11
# and 26): about one right answer in seven gets a « see also », a third of the wrong ones a way out.
RUNNER_UP_MIN_CONFIDENCE = 0.15
# The fallback's « je ne suis pas sûr » offers at most this many likely topics.
FALLBACK_MAX = 3
# The out-of-scope reply (« je ne traite que… ») offers the topics the classifier still gives at
# least this probability, at most SUGGEST_MAX of them: chosen on the out-of-fold predictions of
# the development questions (BENCHMARKS.md): at 0.10, 10 of the 22 topic questions read as out of
# scope get their own topic as a button, 12 of the 72 out-of-scope questions get a button they
# don't need (0.05: 14 and 24; 0.15: 9 and 7).
SUGGEST_MIN_CONFIDENCE = 0.10
SUGGEST_MAX = 2


# Intents with the same answer: the calculator starts from either (« 10 séances, mutuelle 100 % »
# reads as values, « combien je vais payer pour 10 séances ? » as the question), so a near tie between
# them is no doubt about what to answer (components/fallback.py), and either is right (make eval-nlu).
SAME_ANSWER: Dict[str, str] = {"inform": "calcul_remboursement"}


def answer_of(intent: str) -> str:
    """The intent whose answer `intent` gets.

    >>> answer_of("inform"), answer_of("tiers_payant")
    ('calcul_remboursement', 'tiers_payant')
    """
    return SAME_ANSWER.get(intent, intent)


def title(topic: str) -> str:
    return TOPIC_TITLES.get(topic, topic.replace("_", " "))


def answer_response(topic: str) -> str:
    """Name of the response that answers a topic; its details are this name + "_details"."""
    return f"utter_{topic}"


FOR_KINE = "_for_kine"


def kine_answer_response(topic: str) -> str:
    """Name of a topic's answer worded for a kiné asking (« je suis kiné, quand puis-je facturer un
    dépassement ? »): « vous » is the kiné, the patient « il ». Only some topics have one."""
    return answer_response(topic) + FOR_KINE


def topic_of_response(response: str) -> Optional[str]:
    """The topic a response answers (its answer, or its answer worded for a kiné), None for any other.

    >>> topic_of_response("utter_depassement_droit_for_kine"), topic_of_response("utter_choisir_kine")
    ('depassement_droit', 'choisir_kine')
    >>> topic_of_response("utter_goodbye") is None
    True
    """
    if not response.startswith("utter_"):
        return None
    name = response[len("utter_"):]
    if name.endswith(FOR_KINE) and name[:-len(FOR_KINE)] in TOPIC_TITLES:
        return name[:-len(FOR_KINE)]
    return name if name in TOPIC_TITLES else None


def is_answered_topic(intent: str, responses: Iterable[str]) -> bool:
    """True when an intent is an FAQ topic answered by its own response.

    This is the one test of "is a topic": the intent has a title here and an answer
    `utter_<intent>` in the domain.  The calculator topics (`calcul_*`) have titles
    but are answered by their own actions, so they are not.
    """
    return intent in TOPIC_TITLES and answer_response(intent) in responses


def help_buttons() -> List[Dict[str, str]]:
    """The help menu's buttons: a click asks for the topic."""
    return [{"title": label, "payload": f"/{topic}"} for label, topic in HELP_MENU]


def topic_buttons(topics: Iterable[str]) -> List[Dict[str, str]]:
    return [{"title": title(topic), "payload": f"/{topic}"} for topic in topics]


def likely_topics(ranking: Iterable[Dict], limit: int, minimum: float = 0.0, besides: str = "") -> List[str]:
    """The first `limit` topics of the classifier's ranking (the calculator topics included) with
    at least `minimum` of confidence, `besides` left out."""
    return [item["name"] for item in ranking if item.get("name") in TOPIC_TITLES and item.get("name") != besides
            and float(item.get("confidence") or 0) >= minimum][:limit]


def fallback_topics(ranking: Iterable[Dict]) -> List[str]:
    """The likely topics the fallback offers as buttons: the first topics of the classifier's ranking."""
    return likely_topics(ranking, FALLBACK_MAX)


def out_of_scope_suggestions(ranking: Iterable[Dict]) -> List[str]:
    """The topics an out-of-scope reply offers as buttons: those of the classifier's ranking that
    keep at least SUGGEST_MIN_CONFIDENCE (« je ne traite que… », then « peut-être : »)."""
    return likely_topics(ranking, SUGGEST_MAX, SUGGEST_MIN_CONFIDENCE)


# A short question right after an answer (« c'est obligatoire ? », « pourquoi ? », « et combien
# max ? ») is about that answer even when the classifier finds no topic in it: the out-of-scope
# reply (« je ne traite que… ») would be wrong there. Words (a lone « ? » is none), at most.
# Below this confidence the classifier is unsure of its reading: a rule of text, or the context, may take over
# (components/situation_question.py; a short follow-up after an answer, actions/actions.py).
UNSURE = 0.5
FOLLOW_UP_QUESTION_MAX_WORDS = 7
DETAILS_BUTTON = {"title": "En savoir plus", "payload": "/en_savoir_plus"}
# Placeholders of domain.yml's responses filled from the conversation (not dated figures), with an
# example value: the name of the topic just answered.
CONVERSATION_PLACEHOLDERS = {"topic_title": "Le tiers payant"}


# « c'est remboursé ? », « et ça coûte combien ? » right after an answer: whether that answer's subject is
# reimbursed, or its price. The message names no subject of its own, so the classifier gives it the
# general topic; it is answered with the last topic's details when they speak of reimbursement.
_BARE_WORDS = frozenset(
    "et mais ok alors donc c c' c'est cest ca cela ce est est-ce que qu' il elle se aussi quand meme vraiment "
    "rembourse remboursee rembourses remboursees remboursement remboursable pris prise en charge combien coute cout "
    "cher gratuit payant prix tarif le la les l' par secu securite sociale assurance maladie du tout pareil "
    "ou pas non oui bien".split())
_BARE_ASKS = re.compile(r"rembours|\bpris\w* en charge|\bcombien\b|\bcout|\bgratuit|\bpayant|\bprix\b|\btarif|\bcher\b")
BARE_FOLLOW_UP_LEAD = "Pour « {title} », en détail :"


def is_bare_cost_question(text: str) -> bool:
    """A question on reimbursement or price that names no subject of its own.

    >>> [is_bare_cost_question(t) for t in ("c'est remboursé ?", "et ça coûte combien ?", "c rembourse ?",
    ...                                     "le drainage est remboursé ?", "pourquoi ?")]
    [True, True, True, False, False]
    """
    t = normalise(text)
    words = re.findall(r"[a-z]+'|[a-z]+(?:-[a-z]+)?", t)
    return bool(words) and all(word in _BARE_WORDS for word in words) and bool(_BARE_ASKS.search(t))


# What a follow-up on an answer may name without asking about something else (« et pour le prix ? »,
# « c'est la sécu qui paie ? », « et pour mon fils ? »).
_FRAME_NOUNS = _BARE_WORDS | frozenset(
    "kine kines kinesitherapeute seance seances mutuelle mutuelles caisse cpam tarifs remboursements ordonnance "
    "medecin franchise base total reste montant facture depassement taux cas fois jour jours semaine semaines mois "
    "an ans annee moment enfant enfants fils fille bebe mere pere femme mari parents".split())
_DETERMINED_NOUN = re.compile(r"(?:^|[\s'])(?:le|la|les|l'|un|une|des|du|au|aux|mon|ma|mes|ton|ta|tes|son|sa|ses|"
                              r"notre|nos|votre|vos|leur|leurs)\s*([a-z][a-z-]{2,})")


def names_its_own_subject(text: str) -> bool:
    """Whether a message names a thing of its own (« la sécu rembourse les semelles orthopédiques ? »),
    not only the frame of the answer before it (« et pour le prix ? »).

    >>> [names_its_own_subject(t) for t in ("la sécu rembourse les semelles orthopédiques ?", "l'ostéo c'est remboursé ?",
    ...                                     "et pour le prix ?", "c'est obligatoire ?", "et pour mon fils ?")]
    [True, True, False, False, False]
    """
    said = normalise(text)
    return any(noun not in _FRAME_NOUNS for noun in _DETERMINED_NOUN.findall(said))


# A pronoun standing for what the answer before named, as the object of a verb (« comment on l'obtient ? », « et
# comment la demander ? », « où le trouver ? »).
_ANAPHORIC = re.compile(r"\bl'(?:obten|obtien|a\b|ai\b|avoir|demand|fai|fait|trouv|utilis|envoi|envoy|rempli|renouvel|"
                        r"prolong|present|recev|re[cç]oi)\w*|\b(?:le|la|les)\s+(?:obtenir|avoir|demander|faire|trouver|"
                        r"utiliser|envoyer|remplir|renouveler|prolonger|presenter|recevoir)\b")


def is_short_follow_up(text: str) -> bool:
    """« c'est obligatoire ? », « pourquoi ? »: a few words, not a question of its own.

    >>> is_short_follow_up("et il doit faire quoi pour moi ?")
    True
    >>> is_short_follow_up("est-ce que mon employeur doit me laisser partir plus tôt pour aller chez le kiné ?")
    False
    >>> is_short_follow_up("la sécu rembourse les semelles orthopédiques ?")
    False
    """
    words = [word for word in text.split() if any(c.isalnum() for c in word)]
    # « l'obtient » reads as a noun with its article: the pronoun and its verb name nothing of their own
    return (0 < len(words) <= FOLLOW_UP_QUESTION_MAX_WORDS
            and not names_its_own_subject(_ANAPHORIC.sub(" ", normalise(text))))


def refers_to_the_answer(text: str) -> bool:
    """A few words whose object is a pronoun for what the answer before named (« et comment on l'obtient ? » after
    the ALD's answer), not a question of their own (« et sans ordonnance ? »).

    >>> [refers_to_the_answer(t) for t in ("et comment on l'obtient ?", "comment la demander ?", "et sans ordonnance ?")]
    [True, True, False]
    """
    return _ANAPHORIC.search(normalise(text)) is not None and is_short_follow_up(text)


# « pourquoi ? », « comment ça ? », « d'où sort ce chiffre ? » right after an answer: why that answer says what it says,
# which its details answer (after a result, the calculation line by line). The classifier read them as out of scope:
# « pourquoi ? » after a result got « Je n'ai pas de réponse plus précise… », or the out-of-scope reply.
_WHY = re.compile(r"(?:(?:et|mais|ok|d'accord|euh|ah|hein)\s*,?\s*)*(?:pourquoi|pk|pq|pourquoi\s+(?:ca|cela|donc|ce\s+"
                  r"(?:montant|chiffre|prix|resultat|calcul)|ces\s+chiffres|autant|si\s+(?:cher|peu)|c'est\s+comme\s+ca)|"
                  r"comment\s+(?:ca|cela|ca\s+se\s+fait)|d'ou\s+(?:ca\s+(?:vient|sort)|(?:vient|sort)\s+(?:ce|ca|cela)(?:\s+"
                  r"(?:chiffre|montant|prix|resultat))?)|comment\s+(?:(?:vous|tu)\s+)?(?:avez|as)(?:[- ](?:vous|tu))?\s+"
                  r"(?:calcule|trouve)(?:\s+ca)?|(?:c'est\s+)?calcule\s+comment|(?:vous\s+pouvez\s+)?expliquer|"
                  r"expliquez[- ]moi|explique[- ]moi)\s*(?:ca|cela)?\s*[?!.]*")


def asks_why(text: str) -> bool:
    """A bare « why? » about the answer before (actions/actions.py gives its details: the calculation after a result).

    >>> [asks_why(t) for t in ("pourquoi ?", "Pourquoi ce montant ?", "et pourquoi ?", "d'où sort ce chiffre ?",
    ...     "comment ça ?", "comment vous avez calculé ça ?", "pourquoi le kiné fait des dépassements ?",
    ...     "pourquoi pas")]
    [True, True, True, True, True, True, False, False]
    """
    return _WHY.fullmatch(normalise(text).strip()) is not None


# Topics of one subject share the start of their contract id (« il peut me prendre combien ? » after
# the answer on what a non-conventionné kiné is asks for non_conventionne_tarifs).
FAMILIES = ("non_conventionne_", "depassement_", "hors_nomenclature_", "sans_ordonnance_")


def siblings(topic: str) -> List[str]:
    """The other topics of a topic's family, in the order of TOPIC_TITLES.

    >>> siblings("non_conventionne_definition")
    ['non_conventionne_remboursement', 'non_conventionne_tarifs', 'non_conventionne_avantages']
    """
    family = next((prefix for prefix in FAMILIES if topic.startswith(prefix)), None)
    return [other for other in TOPIC_TITLES if family and other.startswith(family) and other != topic]


def follow_up_question_buttons(topic: str, ranking: Iterable[Dict]) -> List[Dict[str, str]]:
    """Under the reply to such a question: the details of the topic just answered, then the topic's
    family, the likeliest first (a short question after one of them is about its subject: a weak
    guess of the classifier elsewhere, « il peut me prendre combien ? » → acces_direct at 0.10, is
    not); for a topic without a family, the other topics the classifier still found likely."""
    family = siblings(topic)
    if family:
        rank = {item.get("name"): i for i, item in enumerate(ranking)}
        others = sorted(family, key=lambda name: rank.get(name, len(rank)))[:SUGGEST_MAX]
    else:
        others = likely_topics(ranking, SUGGEST_MAX, SUGGEST_MIN_CONFIDENCE, besides=topic)
    return [DETAILS_BUTTON] + topic_buttons(others)


def is_multi_part(text: str) -> bool:
    """Several questions in one message: two question marks or more, or a long message."""
    return text.count("?") >= 2 or len(text.split()) >= 30


def follow_up_topics(topic: str, text: str, ranking: Iterable[Dict]) -> List[str]:
    """The topics offered after an answer: the detailed topics of an overview; for a question in
    several parts, the other topics it probably asks about; otherwise a close runner-up."""
    if topic in OVERVIEW:
        return list(OVERVIEW[topic])
    if is_multi_part(text):
        return likely_topics(ranking, RELATED_MAX, RELATED_MIN_CONFIDENCE, besides=topic)
    return likely_topics(ranking, 1, RUNNER_UP_MIN_CONFIDENCE, besides=topic)


def follow_up_buttons(topic: str, text: str, ranking: Iterable[Dict]) -> List[Dict[str, str]]:
    """The buttons under an answer (follow_up_topics)."""
    return topic_buttons(follow_up_topics(topic, text, ranking))


# --------------------------------------------------------------------------
# « c'est quoi un dépassement d'honoraires ? »: a definition asked, and nothing else
# --------------------------------------------------------------------------
# The classifier read such short questions as out of scope (« qu'est-ce qu'un dépassement d'honoraires ? »: 0.41) or
# as the term's neighbour (« qu'est-ce qu'un kiné non conventionné ? »: why choose one, 0.75): the words around the term
# are those of every definition, in and out of scope. The term, in the normalised text (bot.parsing.normalise), and
# the topic whose answer starts with what it is; the first that matches wins (« hors nomenclature » before « la
# nomenclature »). The ALD and the frais réels have their own rules (bot.situation).
DEFINED_TERMS: Tuple[Tuple[str, str], ...] = (
    (r"(?:actes?\s+|soins?\s+)?hors[- ]?nomenclature|(?:actes?\s+)?hn", "hors_nomenclature_definition"),
    (r"tarifs?\s+d'autorite", "non_conventionne_remboursement"),
    (r"depassements?(?:\s+d'honoraires?|\s+exceptionnels?)?", "depassement_definition"),
    (r"(?:kine\w*\s+|masseurs?[- ]kine\w*\s+)?(?:non[- ]?|pas\s+)conventionne\w*|(?:kine\w*\s+)?deconventionne\w*",
     "non_conventionne_definition"),
    (r"ticket\s+moderateur|base\s+de\s+remboursement|br(?:ss)?|tarif\s+de\s+convention", "lexique_remboursement"),
    (r"tiers[- ]?payant", "tiers_payant"),
    (r"acces\s+direct", "acces_direct"),
    (r"franchises?(?:\s+medicales?)?", "franchise_medicale"),
    (r"feuilles?\s+de\s+soins?", "feuille_de_soins"),
    (r"ngap|nomenclature(?:\s+generale(?:\s+des\s+actes\s+professionnels)?)?|amk|ams|amc|lettres?[- ]cles?|cotations?",
     "cotation_ngap"),
    (r"bilans?[- ]diagnostics?(?:\s+kine\w*)?|bdk", "bilan_kine"),
    (r"telesoins?", "telesoin"),
    (r"accords?\s+prealables?|dap", "accord_prealable"),
    (r"regime\s+local(?:\s+d'alsace[- ]moselle)?|regime\s+d'alsace[- ]moselle", "regime_alsace_moselle"),
)
_WHAT_IS = (r"(?:c'?est\s+quoi|c\s+(?:quoi|koi)|qu'?est[- ]ce\s+qu(?:e\s+|')(?:c'?est\s+(?:que\s+|qu'))?|"
            r"que\s+(?:veut\s+dire|signifie)|(?:a\s+)?quoi\s+correspond|definition\s+(?:de\s+|d'|du\s+)?|"
            r"(?:pouvez|peux)[- ](?:vous|tu)\s+(?:m'|me\s+)?expliquer)")
_ARTICLES = r"(?:(?:une?|l'|la|le|les|des|du|d'|de|ce|cet|cette|exactement|concretement|vraiment|au\s+juste)\s*)*"
# What may follow the term: where (« en kiné »), how much (« exactement »), nothing else.
_AFTER_TERM = r"(?:\s+(?:en|chez\s+(?:le|un|les)|pour\s+(?:le|un|les)|du|de|d'un|des)\s+kine\w*|\s+exactement|\s+au\s+juste)?"
_LEAD = r"^\W*(?:(?:bonjour|mais|et|alors|bon|svp|s'il\s+vous\s+plait)\W+)*"
_END = r"\s*[?.!]*\s*$"


def defined_term_topic(text: str) -> Optional[str]:
    """The topic that answers a question asking only what a term of kiné billing is, or None.

    >>> [defined_term_topic(t) for t in ("Qu’est-ce qu’un dépassement d’honoraires ?", "Mais qu'est-ce que le tarif "
    ...     "d'autorité ?", "c quoi le tiers payant", "le ticket modérateur, c'est quoi ?", "Qu'est-ce qu'un kiné non "
    ...     "conventionné ?", "que veut dire HN ?", "c'est quoi un acte hors nomenclature en kiné ?")]
    ['depassement_definition', 'non_conventionne_remboursement', 'tiers_payant', 'lexique_remboursement', \
'non_conventionne_definition', 'hors_nomenclature_definition', 'hors_nomenclature_definition']
    >>> [defined_term_topic(t) for t in ("c'est quoi un dépassement autorisé ?", "qu'est-ce qu'un dépassement, et "
    ...     "est-ce remboursé ?", "c'est quoi une ALD ?", "c'est quoi le prix d'une séance ?", "le tiers payant")]
    [None, None, None, None, None]
    """
    t = normalise(text)
    for term, topic in DEFINED_TERMS:
        said = r"(?:" + term + r")" + _AFTER_TERM
        if (re.search(_LEAD + _WHAT_IS + r"\s*" + _ARTICLES + said + _END, t)
                or re.search(_LEAD + _ARTICLES + said + r"\s*[,:?]?\s*(?:c'?est\s+quoi|c\s+quoi|qu'?est[- ]ce\s+que"
                             r"\s+c'?est|ca\s+veut\s+dire(?:\s+quoi)?|kesako|definition)" + _END, t)):
            return topic
    return None
