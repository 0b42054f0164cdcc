"""Reading calculator values out of free French text.

    >>> parse_request("10 séances de rééducation du genou à domicile, je suis en ALD, mutuelle à 200 %").fields
    {'act': 'membre', 'sessions': 10, 'mutuelle': {'br_percent': 200}, 'domicile': True, 'prise_en_charge_100': 'ald'}

Numbers in words go through text2num ("dix séances" → 10).  The parser only
returns what the text says; the calculator validates the values, and a value
people give loosely ("une quinzaine") comes back in `to_confirm`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple

from text_to_num import alpha2digit

from bot.chat_spelling import written_out

NUMBER = r"(\d+(?:[.,]\d{1,2})?)"
EURO = r"\s*(?:€|euros?\b|eur\b|e\b(?!\s*(?:mois|seances?|fois|jour|semaine|annee)\b)|balles\b|boules\b)"
SESSION_WORDS = r"(?:seances?|sceances?|seance|scéances?|rendez[- ]vous|fois)"

APPROXIMATE_COUNTS = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30}
# A rhythm and a length: « 2 séances par semaine pendant 6 semaines », « 3 fois par semaine sur un mois »
# (a month counted as 4 weeks, said back to the user). Said apart (« 3 séances par semaine », then « pendant 2
# mois »), each is kept until the other comes (bot.dialogue.interpret).
# « une fois par semaine », « 1 séance hebdo », « un rdv chaque semaine » (a rendez-vous once written out), « j'y vais
# toutes les semaines »: one (these were lost until 2026-12-06, and « 1 séance hebdo » was one session).
EVERY_WEEK = r"(?:chaque\s+semaine|toutes\s+les\s+semaines)"
# « 2 séances de 30 min par semaine »: the length of a session between the count and the week (the rhythm was lost)
_SESSION_LENGTH = r"(?:\s+d'(?:une|1)\s*(?:h|heure)|\s+de\s+\d+\s*(?:min\w*|mn|h|heures?)\b)?"
PER_WEEK = (r"(?:(?<![\w'])(\d+|une?)\s*(?:seances?|fois|rendez[- ]vous|x)?" + _SESSION_LENGTH
            + r"\s*(?:par\s+semaine|/\s*sem(?:aine)?\b\.?|hebdo\w*|par\s+sem\b\.?|" + EVERY_WEEK
            + r")|(?:seances?|rendez[- ]vous|kine\w*|vais|va|fais|vois)\s+(?:[\w']+\s+){0,3}?(?:" + EVERY_WEEK
            + r"|hebdomadaires?\b))")  # « des séances hebdomadaires pendant 3 mois »: one a week (it was lost)
# « un mois et demi », « 1 an et demi »: the half goes with the unit (« pendant un mois et demi » was 4 weeks).
_UNIT_AND_HALF = r"(?:mois|ans?|annees?)(?:\s+et\s+demie?)?"
LENGTH = r"(\d+|une?)\s*(semaines?|" + _UNIT_AND_HALF + r")\b"
RHYTHM = PER_WEEK + r"\s*,?\s*(?:pendant|sur|durant)\s+" + LENGTH
# A length alone, as the answer to the count's question: « pendant 2 mois », « sur 6 semaines », « 8 semaines ».
LENGTH_ALONE = r"(?:(?:non|euh|ben|alors|et)\s*,?\s*)?(?:(?:pendant|sur|durant|environ)\s+)?" + LENGTH + r"\s*[.!]?"
WEEKS_PER_MONTH = 4
WEEKS_PER_YEAR = 52  # « 1 séance par semaine pendant 1 an »: 52, said back (the length was lost until 2026-12-06)
# At most two sessions a day: the NGAP's urgent respiratory care, mucoviscidose and burns allow two (titre XIV,
# chapitre II, art. 5 and 10), as do two prescriptions for two regions (its preamble). A rhythm above, or of
# zero, is kept aside as invalid and said (« 12 fois par semaine » was ignored without a word).
MAX_PER_WEEK = 14
# A rhythm by the day and its length: « 2 séances par jour pendant 5 jours » (a bronchiolite's urgent care),
# « tous les jours pendant 2 semaines » (« tt les jours », written out « tout »): the sessions a day times the
# days (a week 7, a month 4 weeks).
PER_DAY = r"(?:(\d+)\s*(?:seances?|fois|x)?\s*(?:par|/)\s*jour|(tou[st]\s+les\s+jours|chaque\s+jour))"
DAILY = PER_DAY + r"\s*,?\s*(?:pendant|sur|durant)\s+(\d+|une?)\s*(jours?|semaines?|" + _UNIT_AND_HALF + r")\b"
MAX_PER_DAY = MAX_PER_WEEK // 7
# One session every few days or weeks, and its length: « une séance tous les 15 jours pendant 3 mois », « un jour sur
# 2 pendant un mois » (« 1 séance » was the count: 1 session). From the first day, one every N days: the days of the
# length over N, rounded up (a month 4 weeks, as above), said back to the user. Said without its length, it is no
# count of one: the count is asked.
_EVERY = r"(?:tou[st]e?s?\s+les\s+(\d+)\s*(jours|semaines)|(?:un|1)\s+jour\s+sur\s+(\d+))"
EVERY_FEW_DAYS = (r"(?:1\s+(?:seance|fois|rendez[- ]vous)\s+)?" + _EVERY + r"\s*,?\s*(?:pendant|sur|durant)\s+"
                  r"(\d+|une?)\s*(jours?|semaines?|" + _UNIT_AND_HALF + r")\b")
EVERY_FEW_DAYS_ALONE = r"1\s+(?:seance|fois|rendez[- ]vous)\s+" + _EVERY

# The key letters a kiné's act is written with: AMK, AMS, AMC, TMK before 22/02/2024; since then the
# NGAP's own letter for each group of acts (titre XIV, version in force on 21/06/2026: RAM and RAO for the
# spine, RSM, RSC, VSM, VSC for the upper limb, RIM, RIC, VIM, VIC for the lower one, TER, DRA, APM, NMI,
# RAB, ARL, RAV, RPE, RPB, PLL). A coefficient after any of them is that act's (« RAM 8,09 »: 17,88 €).
KEY_LETTERS = ("AMK", "AMS", "AMC", "TMK", "RAM", "RAO", "RSM", "RSC", "VSM", "VSC", "RIM", "RIC", "VIM", "VIC",
               "TER", "DRA", "APM", "NMI", "RAB", "ARL", "RAV", "RPE", "RPB", "PLL")

# The NGAP tells a care of one limb (« du rachis, du membre inférieur ou du membre supérieur ») from
# one of « tout ou partie de plusieurs membres, ou du tronc et d'un ou plusieurs membres » (titre XIV,
# chapitre II, art. 1; a CPAM billing memo's example: a shoulder and an ankle treated in the same
# period are the second). The words naming a part of each region (accent-free), the one place for
# them: the one-region act's pattern is built from them. A hand or a foot counts as a region with
# a determiner only (« la main », « des pieds », not « à main levée »).
_HAND_FOOT_DETERMINERS = r"(?:la|ma|sa|les|mes|du|au|aux|des|deux|2)\s+"
REGION_WORDS: Dict[str, Tuple[str, ...]] = {
    "membre_superieur": ("epaule", "coude", "poignet", r"\bbras\b", "humerus", "coiffe", "capsulite", "clavicule",
                         "carpien", _HAND_FOOT_DETERMINERS + r"mains?\b", r"\bdoigts?\b"),
    "membre_inferieur": ("genou", r"\blca\b", "menisque", "cheville", "hanche", "jambe", r"\bptg\b", r"\bpth\b", "tibia",
                         "femur", "achille", "rotule", "rotulien", "talon", "mollet", "cuisse", "ischio",
                         _HAND_FOOT_DETERMINERS + r"pieds?\b"),
    "rachis": (r"\bdos\b", "rachis", "lombaire", "lombalgie", "lumbago", "cervical", "dorsal", r"\bnuque\b", "colonne",
               "scoliose", "cyphose", "hernie discale", "torticolis"),
}
# Words of a limb's care that name no one region (« une entorse », « une fracture »).
LIMB_CARE_WORDS = ("ligament", "entorse", "fracture", "prothese", "tendinite", "sciatique", "membre", r"main\b",
                   r"pied\b", "ligamentoplastie", "arthrose")

# Named acts, most specific first: (pattern on accent-free text, act).
# « rééducation abdominale », « les abdos après l'accouchement », « diastasis »: the abdominal wall's act (NGAP art. 3;
# bot.cotations reads the same words for its two acts).
ABDOMINAL = r"\babdo(?:s|minal\w*)?\b|\bdiastas\w*|\bsangle\s+abdo"
ACT_PATTERNS: List[Tuple[str, str]] = [
    (r"bilan\w*\s+(?:\w+\s+){0,3}neuro|bdk\s+neuro", "bilan_neuro"),
    (r"\bbilan|\bbdk\b", "bilan"),
    (r"mucoviscidose", "mucoviscidose"),
    (r"(?:drainage|dlm)\w*\s+(?:\w+\s+){0,4}(?:2|deux)\s+(?:membres|jambes|bras)", "drainage_2_membres"),
    (r"drainage|lymphoe?d[eè]me|dlm\b", "drainage_1_membre"),
    (r"bronchiolite|desencombrement\s+(?:respiratoire\s+)?urgent|respiratoire\s+urgent", "respiratoire_urgent"),
    (r"respirat|\bkine\w* respi\b|encombre|desencombr|asthme|bpco", "respiratoire"),
    (r"perine|incontinence|plancher\s+pelvien", "perineal"),
    (ABDOMINAL, "abdominal"),
    (r"plusieurs\s+(?:membres|territoires|zones)|\bter\b|tronc\s+et|(?:2|deux)\s+membres|"
     r"(?:dos|tronc|rachis)\s+et\s+(?:les?\s+|la\s+)?(?:2\s+|deux\s+)?(?:jambes?|bras|epaules?|genoux?|membres?)",
     "plusieurs_territoires"),
    (r"personne\s+agee|(?:reeducation|reeduc)\w*\s+(?:a|de)\s+la\s+marche|deambulation|\brpe\b",
     "personne_agee_marche"),
    ("|".join((*(word for words in REGION_WORDS.values() for word in words), *LIMB_CARE_WORDS)), "membre"),
    # Walking named without a limb (« elle ne marche plus bien », « pour la marche »): the NGAP's
    # rééducation de la déambulation; after « membre », so that « remarcher après une fracture de la
    # cheville » stays a limb. Not « ça marche » (« OK »). A fall the same: « le genou après une chute » is a limb.
    (r"chutes?\b|troubles?\s+de\s+(?:la\s+)?marche|pour\s+(?:la\s+|sa\s+)?(?:re)?march(?:e|er)\b|"
     r"(?:re)?apprendre\s+a\s+marcher|(?:mal|difficultes?|peine)\s+a\s+marcher|"
     r"\b(?:il|elle|je|qui)\s+(?:ne\s+)?marche\s+(?:plus|mal|difficilement)\b|\bremarcher\b",
     "personne_agee_marche"),
]

# A message naming parts of two regions, or a limb on both sides, is read as the several-regions act;
# parts of the same region (« la hanche et le genou ») stay one limb.
BODY_REGIONS: List[str] = ["|".join(words) for words in REGION_WORDS.values()]
_LIMB = r"(?:genou|epaule|cheville|hanche|jambe|bras|poignet|coude|pied|main)"
BOTH_SIDES = (r"(?:deux|2|les|des|mes|aux)\s+(?:genoux|epaules|chevilles|hanches|jambes|bras|poignets|coudes|pieds|mains)\b|"
              + _LIMB + r"s?\s+(?:droite?\s+et\s+(?:[\w']+\s+){0,2}gauche|gauche\s+et\s+(?:[\w']+\s+){0,2}droite?)\b")


def several_regions(text: str) -> bool:
    """Whether an accent-free message names a care of several limbs, or of the trunk and a limb."""
    return (sum(1 for region in BODY_REGIONS if re.search(region, text)) >= 2
            or re.search(BOTH_SIDES, text) is not None)


# A disability card, an allowance or a rate of disability from the MDPH is no cover at 100 % (CSS art.
# L.160-14 lists the cases: the pension d'invalidité of the Sécurité sociale is one, 13°, the card is not).
DISABILITY_CARD = (r"carte\s+(?:d'\s*|de\s+|d\s+)?invalidite|carte\s+(?:mobilite\s+inclusion|cmi)\b|\bcmi\b|"
                   r"taux\s+d'?\s*(?:invalidite|incapacite|handicap)|invalidite\s+(?:(?:a|de)\s+)?\d+\s*%|"
                   r"\binvalide\s+(?:a|de)\s+\d+\s*%|\breconnue?s?\s+(?:comme\s+)?handicape|"
                   r"\bmdph\b|\baah\b|\brqth\b|travailleur\s+handicape")
# A rente d'accident du travail or de maladie professionnelle (« rente AT à 80 % », « rente d'incapacité
# permanente »): from an incapacity of two thirds, every care of the rentier is at 100 % (CSS art. L.371-1,
# R.371-1, R.160-10); below, only the care the accident calls for (L.431-1).
RENTE_AT_MP = r"\brentes?\s+(?:d'?\s*|de\s+)?(?:accident|\bat\b|at\s*/\s*mp|maladie\s+pro|incapacite|ipp\b|mp\b)"
# A rate of incapacity or invalidity (« invalide à 80 % », « taux d'IPP de 40 % », « rente AT à 70 % »), not a
# mutuelle's: the words up to the rate, with no mutuelle among them.
INCAPACITY_RATE_BEFORE = (r"(?:invalid\w*|incapacit\w*|handicap\w*|\bipp\b|\brente\b|\bmdph\b)"
                          r"(?:\s+(?!mutuel|complementaire)[\w'/]+){0,6}?\s*[-\u2212]?\s*$")
TWO_THIRDS = r"\b(?:2\s*/\s*3|(?:2|deux)\s+tiers)\b"
# The médecins' participation forfaitaire (CSS art. L.160-13 II), which a kiné's sessions do not bear.
PARTICIPATION_FORFAITAIRE = r"participation\s+forfaitaire"
# Diseases that kinés treat, named in the list of affections de longue durée (CSS art. D.160-4, the « ALD 30 »
# of L.160-14, 3°), with the list's own words: (pattern on the normalised text, the list's entry).
ALD_LIST_DISEASES = (
    (r"\bmucoviscidose\b", "mucoviscidose"),
    (r"\bscoliose", "scoliose idiopathique structurale évolutive"),
    (r"\bsclerose en plaques?\b|\bsep\b(?!\s*\d)", "sclérose en plaques"),
    (r"\bparkinson", "maladie de Parkinson"),
    (r"\bavc\b|\baccident vasculaire cerebral\b", "accident vasculaire cérébral invalidant"),
    (r"\bcancer\w*|\btumeur maligne\b", "tumeur maligne"),
    (r"\bpolyarthrite rhumatoide\b", "polyarthrite rhumatoïde évolutive"),
    (r"\bspondylarthrite\b", "spondylarthrite grave"),
    (r"\bmyopathie\b", "formes graves des affections neurologiques et musculaires (dont myopathie)"),
    (r"\bparaplegi\w*", "paraplégie"),
    (r"\balzheimer\b", "maladie d'Alzheimer et autres démences"),
    (r"\bbpco\b|\binsuffisance respiratoire\b", "insuffisance respiratoire chronique grave"),
)


def ald_list_disease(said: str) -> Optional[str]:
    """The entry of the ALD list (CSS art. D.160-4) a normalised text names, if any.

    >>> ald_list_disease("ma fille de 13 ans a une scoliose")
    'scoliose idiopathique structurale évolutive'
    >>> ald_list_disease("j'ai une entorse") is None
    True
    >>> ald_list_disease(normalise("combien coûte le kiné avc la sécu")) is None
    True
    >>> ald_list_disease(normalise("kiné après un AVC"))
    'accident vasculaire cérébral invalidant'
    """
    for pattern, entry in ALD_LIST_DISEASES:
        if re.search(pattern, said):
            return entry
    return None


# A question (« …remboursé à 100 % ? », « est-ce que… »), and a mutuelle named: a rate asked without one is no
# mutuelle's.
RATE_ASKED = re.compile(r"\?|^\s*est[- ]ce\b")
MUTUELLE_NAMED = r"mutuel|complementaire|\bcontrat\b|garantie|\bbr\b|\bbase\b|\bbrss\b"
# Ostéopathie or chiropraxie, the care or its practitioner (« une séance d'ostéo », « l'ostéopathe », « kiné-ostéo »,
# « le chiro », « losteo » typed without its apostrophe).
OSTEOPATHIE = r"\bl?osteo(?:pathie|pathique|pathe)?s?\b|\bl?chiro(?:praxie|practie|practeur|practeurs|practicien)?s?\b"
# An animal as the patient (« kiné pour mon chien », « physiothérapie vétérinaire »): the out-of-scope reply, even
# when the classifier found a topic. A cat only with a possessive: « le chat » may be this chat.
ANIMAL = (r"\b(?:chiens?|chiennes?|chiots?|(?:mon|ma|mes|notre|nos|son|sa|ses|leurs?)\s+chat(?:on)?s?|chevaux|cheval|"
          r"juments?|poneys?|animal|animaux|animali(?:er|ere)s?|veterinaires?)\b")
# An animal that hurt the person (« le chien du voisin m'a mordu », « tombée de cheval »): the person is the patient.
ANIMAL_CAUSED_INJURY = (r"\b(?:(?:m'|l'|t'|nous\s+|vous\s+)?a\s+(?:mordu|griffe|attaque|fait\s+tomber|renverse)|"
                        r"(?:mordue?s?|griffee?s?|attaquee?s?|chargee?s?|renversee?s?)\s+par|morsures?\s+(?:de|d'un|d'une|du)|"
                        r"(?:tombee?s?|chutes?|jetee?s?|desarconnee?s?)\s+(?:de|d'un|d'une|du)\s+(?:mon\s+|son\s+|ma\s+|sa\s+)?"
                        r"(?:cheval|chevaux|jument|poney))")
# An accident someone else caused (« une voiture m'a renversé », « accident de voiture », « j'ai été agressé »; an animal
# that hurt the person): what is left to pay may be claimed from the one responsible (CSS art. L.376-1). Not an
# accident du travail or de trajet, which has its own cover.
ACCIDENT_BY_SOMEONE = (r"\baccidents?\s+(?:de\s+(?:la\s+)?(?:voiture|route|circulation|moto|scooter|trottinette)|"
                       r"(?:cause|provoque)e?\s+par\s+(?:un\s+)?(?:tiers|quelqu'un|autrui)|non\s+responsable)|"
                       r"\b(?:m'a|l'a|a)\s+(?:renverse|percute)e?\b|\b(?:renversee?|percutee?|fauchee?)s?\s+par\b|"
                       r"\bagress(?:ee?s?|ion)\b|\btiers\s+responsable\b|" + ANIMAL_CAUSED_INJURY)
# A status that changes nothing to the reimbursement, said to the situation question (« retraité », « étudiante »,
# « au chômage »): the general case, said (the question was asked again without a word on it). None of them is a
# case of CSS art. L.160-14 or L.160-9.
STATUS_WITHOUT_EFFECT = (r"\b(?:retraitee?s?|a\s+la\s+retraite|etudiante?s?|chomeu(?:r|se)s?|au\s+chomage|"
                         r"demandeu(?:r|se)\s+d'emploi|sans\s+emploi|salariee?s?|fonctionnaires?|independante?s?|"
                         r"auto[- ]?entrepreneu(?:r|se)s?|artisans?|commercante?s?|agricult(?:eur|rice)s?|en\s+cd[id]|"
                         r"interimaires?|lyceen(?:ne)?s?)\b")
# Beside kiné billing (bot.situation.out_of_scope_lines, for a question already out of scope): taxes; care during a
# stay in a hospital, a clinic, a rehabilitation centre or an EHPAD (a stay over, « en sortant de l'hôpital », « après
# mon hospitalisation », is told apart by the words before it: STAY_OVER, bot.situation.names_a_stay; a stay is also
# said before a cost topic's answer, bot.situation.stay_lines); a person insured in another country (« je suis
# belge, en vacances en France »).
TAX = r"\bimpots?\b|\bfiscal\w*|\bdeductib\w*|\bdeduire\b|\bdeclaration (?:de revenus|des revenus|d'impots?)\b"
# When the perineal rehabilitation may start (« quand commencer la rééducation du périnée après une césarienne ? »): a
# kiné's from the 90th day after the birth (bot.wording.kine_perineal_start).
PERINEAL = r"\bperine\w*"
# How long ago the birth was, in days (« j'ai accouché il y a 1 mois », « accouchée depuis 3 semaines », « mon bébé a
# 6 semaines », « je viens d'accoucher »): a calculation for the perineum before the kiné's 90th day says when a kiné
# may start (bot.dialogue.interpret); « accouchement le mois dernier », with no length, is not read.
BIRTH_AGO = (r"\b(?:accouch\w*|naissance|ne|nee)\s+(?:il\s+y\s+a|depuis|ca\s+fait)\s+(\d+|une?)\s*"
             r"(jours?|semaines?|mois(?:\s+et\s+demi)?)\b"
             r"|\bil\s+y\s+a\s+(\d+|une?)\s*(jours?|semaines?|mois)\s*,?\s*(?:que\s+)?(?:j'ai|j\s+ai|jai)\s+accouch"
             r"|\b(?:bebe|bb|fils|fille|enfant|nourrisson)\s+(?:a|de)\s+(\d+|une?)\s*(jours?|semaines?|mois)\b")
JUST_GAVE_BIRTH = r"\b(?:viens?|venons)\s+d'?\s*accoucher\b|\baccouch\w*\s+(?:hier|avant[- ]hier|cette\s+semaine)\b"


def days_since_birth(t: str) -> Optional[int]:
    """The days since the birth said in a normalised message, or None (a month is 30 days here: « il y a 3 mois » is
    the 90th day).

    >>> days_since_birth("j'ai accouche il y a 1 mois"), days_since_birth("mon bebe a 6 semaines")
    (30, 42)
    >>> days_since_birth("je viens d'accoucher"), days_since_birth("il y a 4 mois que j'ai accouche")
    (0, 120)
    >>> days_since_birth("accouchement le mois dernier"), days_since_birth("ma fille a 13 ans")
    (None, None)
    """
    match = re.search(BIRTH_AGO, t)
    if match:
        length, unit = [group for group in match.groups() if group]
        count = 1 if length in ("un", "une") else int(length)
        return (count * 30 + (15 if unit.endswith("demi") else 0) if unit.startswith("mois")
                else count * (7 if unit.startswith("semaine") else 1))
    return 0 if re.search(JUST_GAVE_BIRTH, t) else None


PERINEAL_START_ASKED = (PERINEAL,
                        r"\b(?:quand|des quand|combien de (?:temps|jours|semaines|mois)|delai|commenc\w*|debut\w*|"
                        r"demarr\w*|attendre)\b")
ESTABLISHMENT = (r"\b(?:a l'|de l'|en |dans l'|dans (?:une?|la|le) |au )(?:hopital|clinique|ehpad|maison de retraite|"
                 r"centre de reeducation|ssr)\b|\bhospitalis(?:e|ee|es|ees|ation)\b(?! (?:a domicile|a la maison))")
STAY_OVER = r"\b(?:apres|sortie|sorti|sortant|sortir|sors|sort|retour|suite a)\b"
VISITOR = (r"\btouristes?\b|\b(?:je suis|nous sommes|on est|en tant que)\s+(?:belges?|suisses?|allemande?s?|anglaise?s?|"
           r"italienn?e?s?|espagnole?s?|britanniques?|americaine?s?|canadienn?e?s?|"
           r"neerlandaise?s?|hollandaise?s?|portugaise?s?|luxembourgeoise?s?|etrangere?s?)\b|"
           r"\bassure(?:e)?s? (?:dans un autre pays|a l'etranger|hors de france)")
# English words that are no French words: a message mostly made of them is in English (« how much does
# physiotherapy cost? »). Measured on 2026-12-05: of the 5 692 examples of data/nlu.yml, the 11 taken
# for English are the English ones; none of the 444 French questions of tests/nlu_holdout.yml is.
ENGLISH_WORDS = frozenset(
    "the is are was were how what when where why which who does do did don't doesn't you your my i i'm can "
    "can't could should would much many with without for and of to in it it's this that there "
    "physiotherapy physiotherapist cost costs price reimbursed refund covered insurance hello hi please "
    "english speak doctor appointment need get have has".split())
ENGLISH_MIN_WORDS = 2        # « hi », « ok physio » alone are no English sentence
ENGLISH_MIN_SHARE = 0.4      # of the message's words; names and figures are none of them


def looks_english(text: str) -> bool:
    """Whether a message is written in English rather than French.

    >>> looks_english("How much does physiotherapy cost in France?"), looks_english("combien coûte le kiné ?")
    (True, False)
    >>> looks_english("is it free with my mutuelle?"), looks_english("mon kiné fait du taping, c'est remboursé ?")
    (True, False)
    """
    words = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
    hits = sum(word in ENGLISH_WORDS for word in words)
    return hits >= ENGLISH_MIN_WORDS and hits >= ENGLISH_MIN_SHARE * len(words)


# A pregnancy or a birth: the maternity cover, also looked for beside another cover (its month).
# « les abdos après bébé », « après la naissance de mon bébé »: after a birth (the baby was read as the patient, age 0)
AFTER_BABY = r"\bapres\s+(?:la\s+naissance\s+d[eu]\s+|l'arrivee\s+d[eu]\s+)?(?:mon\s+|notre\s+|le\s+|ma\s+)?(?:bebe|bb)\b"
MATERNITY_WORDS = (r"enceinte|grossesse|maternite|" + r"attends?\s+un\s+(?:bebe|enfant)|"
                   + r"post[- ]?natal|post[- ]?partum|accouch|cesarienne|" + AFTER_BABY)
# First: a pension d'invalidité covers all the pensioner's care, an ALD only the care it calls for.
PRISE_EN_CHARGE_PATTERNS: List[Tuple[str, str]] = [
    (r"\binvalidite\b|\bpensionn?e\s+d'?\s*invalidite|\binvalide\s+(?:de\s+|en\s+)?cat\w*\.?\s*[123]\b", "invalidite"),
    (r"\bald\b|affection\s+(?:de\s+)?longue\s+duree|maladie\s+chronique\s+reconnue", "ald"),
    (r"accident\s+(?:du|de)\s+travail|maladie\s+professionnelle|\bat\s*/\s*mp\b|\bat-mp\b", "at_mp"),
    (MATERNITY_WORDS, "maternite"),
    (r"\bcss\b|\bc2s\b|complementaire\s+sante\s+solidaire|\bcmu\b|\bacs\b", "css"),
    (r"\bame\b|aide\s+medicale\s+(?:de\s+l.)?etat", "ame"),
]
# A full cover said without its cause, stated of oneself or a relative (« je suis pris en charge à 100 % », « j'ai
# une prise en charge à 100 % », « j'ai le 100 % », « elle est à 100 % sécu », « je suis exonéré du ticket
# modérateur »): nothing was read, and « 100 % sécu » was the mutuelle's rate. Counted as an ALD's, the commonest
# cover (the same money as an accident du travail's or a pension's), and said so (bot.wording.UNNAMED_FULL_COVER).
_SUBJECT = r"(?:je\s+suis|j'?\s*suis|chui|il\s+est|elle\s+est|on\s+est|(?:mon|ma)\s+\w+\s+est)\s+(?:\w+\s+){0,2}?"
_SECU = r"(?:par\s+)?(?:la\s+)?(?:secu\w*|securite\s+sociale|assurance\s+maladie|cpam|caisse)\b"
FULL_COVER_UNNAMED = (_SUBJECT + r"(?:(?:pris|prise)e?s?\s+en\s+charge\s+(?:a\s+)?100\s*%|(?:a\s+)?100\s*%\s*" + _SECU
                      + r"|exonere\w*\s+(?:du\s+)?ticket\s+moderateur)"
                      r"|\bj'?\s*ai\s+(?:une\s+|la\s+|le\s+|les\s+)?(?:prise\s+en\s+charge\s+(?:a\s+)?100\s*%|100\s*%)")
# A question on it (« est-ce que je suis pris en charge à 100 % ? », « je suis à 100 % sécu ? ») states nothing.
FULL_COVER_ASKED = r"est[\s-]ce\s+qu(?:e\s+|')\s*$"
# A mutuelle that pays the ticket modérateur, the 40 % the Assurance Maladie leaves: 100 % of the base.
TICKET_MODERATEUR_PAID = (r"(?:mutuelle|complementaire)s?\b[^.?!]{0,30}?\b(?:rembours\w*|prend\w*(?:\s+en\s+charge)?|couvr\w*"
                          r"|pai\w*|pay\w*)\s+(?:que\s+|juste\s+|seulement\s+)?(?:le\s+|du\s+)?(?:ticket\s+moderateur|tm)\b"
                          r"|^(?:(?:juste|seulement|que)\s+)?(?:le\s+)?(?:ticket\s+moderateur|tm)\s*[.!]?$")
# What an ALD is, asked (« c'est quoi une ALD ? », « l'affection de longue durée, ça veut dire quoi ? », « comment être
# reconnu en ALD ? »), not a question asked by someone in one (« je suis en ALD, c'est quoi le ticket modérateur ? »).
_ALD = r"(?:ald|affections?\s+(?:de\s+)?longue\s+duree)"
ALD_DEFINITION_ASKED = (r"(?:\bc'?est\s+quoi|\bqu'?est[- ]ce\s+qu(?:e\s+|')|\bdefinition|\bsignification|\b(?:signifie|veut\s+"
                        r"dire))\s*(?:(?:une?|l'|la|le|d'une?|de\s+l'|exactement|concretement|vraiment|en)\s*)*" + _ALD
                        + r"\b|\b" + _ALD + r"\b\s*[,:]?\s*(?:c'?est\s+quoi|qu'?est[- ]ce\s+que\s+c'?est|ca\s+veut\s+dire"
                        r"(?:\s+quoi)?|signification|definition|kesako)\s*(?:exactement|concretement|au\s+juste)?\s*(?:[?.!]|$)"
                        r"|\breconnue?s?\s+(?:en\s+)?" + _ALD + r"\b|\bsavoir\s+si\s+(?:je\s+suis|on\s+est|(?:il|elle)\s+est)\s+"
                        r"en\s+ald\b|\bobtenir\s+(?:une\s+|l')?" + _ALD + r"\b")

# A share of the ticket modérateur (« 50 % du TM », « 80 % du ticket modérateur »; « 80 % du reste à charge », what the
# caisse leaves: at the tariff, the ticket modérateur, said back in the result's line) after a percentage, and « TM + »
# before one (« TM + 50 % »: the ticket modérateur and 50 % of the base more, as guarantees' tables write it).
OF_TICKET_MODERATEUR = (r"\s*(?:du|de\s+la|de\s+ce|sur\s+le)?\s*(?:ticket\s+moderateur|tm|"
                        r"reste(?:\s+a\s+(?:charge|payer))?(?!\s+de\b))\b")
TICKET_MODERATEUR_PLUS = r"\b(?:(?:100\s*%\s*(?:du\s+)?)?(?:ticket\s+moderateur|tm))\s*\+\s*$"
# « 50 % des dépassements », after a percentage: a share of the dépassement, no rate of the base.
OF_DEPASSEMENTS = r"\s*(?:des|du|sur\s+les|sur\s+le)\s+(?:depassements?|supplements?)\b"
# The frais réels, what was paid (« 100 % des frais réels », « 100 % FR », as guarantees' tables write it) after a
# percentage; « aux frais réels » (« au réel ») said of a mutuelle, or alone to the mutuelle's question, is 100 % of them,
# unless what they are is asked (FRAIS_REELS_ASKED: « c'est quoi une mutuelle aux frais réels ? »).
_FRAIS_REELS = r"(?:frais\s+reels?|fr\b|depenses?\s+reelles?)"
OF_FRAIS_REELS = r"\s*(?:des|de\s+mes|de\s+la|sur\s+les|aux)?\s*" + _FRAIS_REELS
FRAIS_REELS_PAID = (r"(?:mutuelle|complementaire)s?\b[^.?!]{0,40}?\b(?:(?:aux?|les|en|o)\s+frais\s+reels?|au\s+reel)\b"
                    r"|^(?:(?:elle\s+(?:rembourse|paie|prend|couvre)|c'?est|juste|remboursee?)\s+)?(?:aux?|les|en|o)?\s*"
                    r"frais\s+reels?\s*[.!]?$")
# What a guarantee « aux frais réels » is, asked (« c'est quoi une mutuelle aux frais réels ? », « 100 % FR ça veut dire
# quoi ? »): the words asked, then the frais réels after words naming a guarantee only, or the frais réels then the words
# asked, ending the sentence (« c'est quoi le reste à charge si ma mutuelle rembourse aux frais réels ? », « …aux frais
# réels, c'est quoi le reste à charge ? » ask no definition).
_FRAIS_REELS_SAID = r"(?:\bfrais\s+reels?\b|\b100\s*%\s*fr\b|\bau\s+reel\b)"
FRAIS_REELS_ASKED = (r"(?:\bc'?est\s+quoi|\bqu'?est[- ]ce\s+qu(?:e|')|\bveut\s+dire|\bsignifie|\bdefinition|\bsignification|"
                     r"\bexpliqu\w*(?:\s+(?:moi|nous))?)\s*(?:(?:une?|la|les?|l'|d'une?|des?|du|mon|ma|mes|contrat|garantie|"
                     r"mutuelles?|complementaire|remboursements?|rembourse\w*|prise\s+en\s+charge|couverture|formule|au|aux|a|en|o|"
                     r"100\s*%?|exactement|concretement|vraiment|sante)\s*)*" + _FRAIS_REELS_SAID
                     + r"|" + _FRAIS_REELS_SAID + r"(?:\s+(?:de\s+(?:la|ma)\s+|dans\s+(?:la|ma)\s+|en\s+)?(?:mutuelle|complementaire))?"
                     r"\s*[,:]?\s*(?:c'?est\s+quoi|ca\s+veut\s+dire(?:\s+quoi)?|signifie\s+quoi|definition|kesako|"
                     r"ca\s+correspond\s+a\s+quoi)\s*(?:exactement|concretement|au\s+juste)?\s*(?:pour\s+(?:le|un|mon)\s+kine\s*)?"
                     r"(?:[?.!]|$)")
# A mutuelle's rate, then euros a session joined to it (« 150 % et 20 € par séance », « 200 % BR plus un forfait de
# 15 € la séance »): a forfait beside the rate.
RATE_THEN_FORFAIT = (r"%\s*(?:(?:de\s+la\s+|du\s+)?(?:br\w*|brss|base\w*|tarif\w*)\s*)?(?:et|plus|\+|avec)\s+"
                     r"(?:(?:un|une)\s+)?(?:forfait\s+(?:de\s+)?)?" + NUMBER + EURO + r"\s*(?:par|la|/)\s*" + SESSION_WORDS)
# A mutuelle's forfait per session limited to a number of sessions (a year, as its tables say).
# « pour 4 séances » only with « par an »: « 20 € par séance pour 10 séances » names the sessions of the calculation.
FORFAIT_SESSIONS_LIMIT = (r"(?:mutuelle|complementaire|(?<!participation )forfait)\w*\s+(?:\w+\s+){0,4}?" + NUMBER + EURO
                          + r"?\s*(?:par|la|/)\s*" + SESSION_WORDS + r"\s*[,;]?\s*(?:\(\s*)?(?:(?:limitee?s?|plafonnee?s?|"
                          r"dans\s+la\s+limite\s+de|jusqu'a|(?:au\s+)?maximum|max)\s+(?:a\s+|de\s+)?(\d+)\s*"
                          + SESSION_WORDS + r"(?:\s*(?:par|/)\s*an\b)?|pour\s+(\d+)\s*" + SESSION_WORDS
                          + r"\s*(?:par|/)\s*an\b|(\d+)\s*" + SESSION_WORDS + r"\s*(?:max(?:imum)?|au\s+plus|maxi)\b"
                          r"(?:\s*(?:par|/)\s*an\b)?)")
# A price times a count (« 17,90 € x 10 », « 10 × 17,90 € »): the count is the first group or the second. The price,
# with its unit, is read as any price.
_TIMES_SIGN = r"\s*[x×*]\s*"
PRICE_TIMES_COUNT = (r"\d(?:[.,]\d{1,2})?" + EURO + _TIMES_SIGN + r"(\d{1,3})(?![\d.,])(?!\s*(?:%|€|euros?\b|e\b|km\b|ans?\b|mois|jours?|"
                     r"semaines?|fois|(?:" + SESSION_WORDS + r"\s+)?(?:par|/)\s*(?:an|annee|mois|semaine)\b))"
                     r"|(?<![\d.,])(\d{1,3})" + _TIMES_SIGN + NUMBER + EURO)
# A mutuelle's rate as a multiple of the base (« 3 x la BR », « 1,75 fois la base »), or of the tariff when a mutuelle
# or its reimbursement is named (« ma mutuelle rembourse 2 fois le tarif »: it was 2 sessions; « le kiné facture
# 2 fois le tarif » is a price, not read).
_TIMES = r"\b([1-5](?:[.,]\d{1,2})?)\s*(?:x|fois)\s*"
TIMES_THE_BASE = (_TIMES + r"(?:la\s+)?(?:br|brss|base)\b|(?:mutuelle|complementaire|rembours\w*)\b[^.?!]{0,30}?"
                  + _TIMES + r"(?:le\s+)?(?:tarif|tc)\b(?!\s+(?:du|de\s+mon|de\s+ma)\s+kine)")
# An amount left to pay, said before or after its words (« il me reste 10 € », « 10 € de ma poche »): no price.
LEFT_TO_PAY = (r"(?:\bil\s+(?:me|nous|lui|leur)\s+reste|\breste\s+a\s+(?:ma\s+|notre\s+|sa\s+)?(?:charge|payer)\s*(?:est\s+|:\s*|=\s*)?"
               r"(?:de\s+)?)\s*" + NUMBER + EURO + r"|" + NUMBER + EURO + r"\s*(?:de\s+(?:ma|notre|sa)\s+poche|(?:de\s+)?"
               r"reste\s+a\s+(?:ma\s+|notre\s+|sa\s+)?charge|a\s+(?:ma|notre|sa)\s+charge)")
# Kinébalnéothérapie (« en balnéo », « en piscine »): the NGAP's supplement, in a pool when « piscine » is said,
# else in a basin, the lower one (said in the result with the other).
BALNEO = r"\b(?:kine)?balneo\w*(?:\s+en\s+(piscine|bassin))?|\ben\s+(piscine|bassin)\b"
# « sans balnéo », « pas en piscine »: none (a what-if after a result takes it out).
BALNEO_DENIED = r"\b(?:sans|pas|plus|hors|ni)\s+(?:(?:de|en|la|d')\s*)*(?:(?:kine)?balneo\w*|piscine|bassin)\b"
# No médecin traitant, or the « parcours de soins » named (« je n'ai pas de médecin traitant, le kiné est remboursé à
# 30 % ? »): the majoration it brings is on médecins' acts only (CSS art. L.162-5-3, R.160-6), said beside the answer.
OUTSIDE_PARCOURS = (r"\b(?:pas|plus|sans|aucun)\s+(?:(?:encore|declare|choisi|de|d')\s*){0,3}medecins?\s+traitants?\b"
                    r"|\bparcours\s+(?:de\s+)?soins?\b")
# A prescriber other than a médecin named with a prescription (« ma sage-femme peut me prescrire de la kiné ? »,
# « une ordonnance du dentiste pour la mâchoire, c'est remboursé ? »): the NGAP asks for the médecin's
# (bot.dialogue.prescriber_lines). Accent-free, as bot.parsing.normalise gives it.
SAGE_FEMME = r"\bsages?[- ]?femmes?\b|\bmaieuti\w*"
DENTISTE = r"\bdentistes?\b"
# « m'envoie chez le kiné », « m'a adressée à un kiné », « m'a orienté vers » are a prescription too.
PRESCRIPTION_NAMED = (r"\bprescri\w*|\bordo(?:nnance)?s?\b"
                      r"|\bm(?:'|\s)(?:a\s+|ont\s+)?(?:envo\w*|adress(?:e|ee|es|ees)|orient(?:e|ee|es|ees))\b"
                      # « ma sage-femme m'a dit de faire 10 séances de kiné » (it was not read as one)
                      r"|\bm(?:'|\s)a\s+(?:dit|demande|conseille)\s+(?:de\s+faire|d'aller|d'en\s+faire)\b")
# Whether one is reimbursed (« je suis moins bien remboursé ? », « c'est pris en charge ? », « à 30 % ? »): with no
# médecin traitant said, the reimbursement's question (bot.situation.asks_about_reimbursement_outside_parcours).
REIMBURSEMENT_ASKED = r"\brembours\w*|\bpris\w*\s+en\s+charge\b|\d\s*%|\bpour\s*cent\b"
# A technique of the techniques' topic (balnéothérapie, ondes de choc, Tecar…), and its price or reimbursement asked
# (« quel est le prix d'une séance d'onde de choc ? »: out of scope, 0.71; bot.situation.asks_about_a_technique).
TECHNIQUE = (r"\b(?:(?:kine)?balneo\w*|ondes?\s+de\s+chocs?|tecar\w*|cryo\w*|pressotherap\w*|electrotherap\w*|"
             r"electro[- ]?stimulation|(?:k[- ]?)?taping|dry\s+needling|radiofrequence)\b")
PRICE_OR_REIMBURSEMENT_ASKED = (REIMBURSEMENT_ASKED + r"|\bprix\b|\bcout\w*|\bcombien\b(?!\s+de\s+(?:seances?|fois))|"
                                r"\btarifs?\b|\bpayant")  # not « combien de séances d'ondes de choc faut-il ? »
# An ALD or an accident du travail said with care that is not for it (« je suis en ALD mais c'est sans rapport », « une
# entorse, rien à voir avec mon ALD », « pour autre chose que mon ALD »): the usual rate, said (it was counted at 100 %;
# CSS art. L.324-1: the protocole de soins lists the care « nécessités par le traitement de l'affection »).
_UNRELATED = (r"(?:sans\s+(?:aucun\s+)?(?:rapport|lien)|rien\s+a\s+voir|pas\s+(?:de\s+|en\s+)?(?:rapport|lien)|"
              r"aucun\s+(?:rapport|lien)|pas\s+liee?s?|autre\s+chose\s+que|pas\s+pour)")
_COVER_NAMED = r"(?:ald|affection|accident\s+du\s+travail|at\b|maladie\s+pro\w*)"
UNRELATED_TO_COVER = (r"\b" + _UNRELATED + r"\b[^.?!]{0,25}?\b" + _COVER_NAMED
                      + r"|\b" + _COVER_NAMED + r"[^.?!]{0,40}?\b(?:mais|pourtant)\b[^.?!]{0,20}?" + _UNRELATED
                      # « je suis en ALD pour autre chose » (counted at 100 % until the twenty-ninth session)
                      + r"|\b" + _COVER_NAMED + r"\s+(?:mais\s+)?(?:pour|de)\s+(?:une?\s+)?autres?\s+(?:chose|maladie|raison|"
                      r"probleme|pathologie|affection|souci)s?\b")
# A cover said not to apply (« elle n'est pas en ALD », « sans ALD », « hors ALD », « pas enceinte »): the
# case right after the negation. « plus enceinte » is not one (« je ne suis plus enceinte, j'ai accouché »).
NOT_COVERED = (r"\b(?:pas|plus|sans|hors|non|ni)\s+(?:(?:en|d'|de|d|une?|dans|le|la|l'|reconnue?s?|"
               r"concernee?s?\s+par)\s*){0,2}$")

# How long the Assurance Maladie takes to reimburse (« en combien de temps la sécu rembourse une séance de kiné ? »):
# the classifier read « combien de temps » and « séance » as the session's length.
REIMBURSEMENT_DELAY_ASKED = (r"\b(?:combien\s+de\s+(?:temps|jours|semaines)|en\s+combien|au\s+bout\s+de\s+combien|"
                             r"delais?)\b[^?.!]*\brembours|\brembours\w*\b[^?.!]*\b(?:combien\s+de\s+(?:temps|jours|semaines)|"
                             r"delais?)\b")
# Whether the kiné may bill coming to the patient (« le kiné a-t-il le droit de me faire payer le déplacement ? »): the
# classifier read « a le droit de me faire payer » as the dépassement's topic. Both the travel and the billing said.
TRAVEL = r"\b(?:(?:frais\s+de\s+)?deplacements?|venir\s+(?:a\s+la\s+maison|chez\s+moi|a\s+domicile))\b"
BILLED = r"\b(?:pay\w*|factur\w*|compt\w*|droit|normal|autorise\w*|legal\w*)\b"

# A date written with its month's name (normalised: no accents), with or without the day.
MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
          "novembre", "decembre")
NAMED_DATE = rf"\b(?:(\d{{1,2}})(?:er)?\s+)?({'|'.join(MONTHS)})\s+(20\d{{2}})\b"
SINCE = r"\bdepuis(?:\s+(?:le|la|l'|fin|debut|mi))?\s*$"

# Franchises said to be paid this year (« j'ai déjà payé 30 € de franchises », « 45 € de franchises
# cette année »), not the franchise's amount per act (« la franchise de 1 € par séance »).
FRANCHISE_PAID = r"\b(?:deja|paye\w*|regle\w*|retenue?s?|prelevee?s?|cumul\w*|cette annee|depuis janvier|atteint)\b"

# An act outside the NGAP: said so, or one of facts.md §9's examples (Pilates, yoga, group classes).
HORS_NOMENCLATURE_WORDS = r"hors[- ]?nomenclature|\bhn\b|pilates|\byoga\b|cours collectifs?"
# « conventionné », typed with one n too (« conventione »); not « (tarif) conventionnel », which says
# nothing of the kiné.
CONVENTIONNE_WORD = r"conventionn?e(?!l)"
# A kiné outside the convention, said in the ways people say it (« n'est plus conventionné », « hors
# convention », « il n'adhère pas à la convention »); « conventionné ou pas ? » says neither.
NOT_CONVENTIONNE_WORDS = (rf"(?:non|pas|plus|de)\s*-?\s*{CONVENTIONNE_WORD}|de{CONVENTIONNE_WORD}|hors[\s-]*convention|sans convention|"
                          r"secteur libre|(?:(?:pas|plus)\s+adher\w*|adher\w*\s+(?:pas|plus))\s+(?:a|de)\s+la convention|"
                          r"(?:quitte|sorti)\w*\s+(?:de\s+)?la convention")
EITHER_CONVENTIONNE = rf"{CONVENTIONNE_WORD}\w*\s+ou\s+(?:pas|non)\b"
# The status of the médecin who prescribed (« ordonnance d'un médecin non conventionné », « mon généraliste
# est déconventionné », « un chirurgien secteur 2 »), not the kiné's: a doctor's word, then his status in the
# same clause without the kiné named in between.
DOCTOR_WORDS = (r"\b(?:medecins?|generalistes?|docteurs?|docs?|dr|toubib|prescripteurs?|specialistes?|chirurgien\w*|"
                r"rhumato\w*|orthopedistes?|traumato\w*|pediatres?|neuro(?:logue)?s?|gyneco\w*|pneumo(?:logue)?s?|"
                r"cardio(?:logue)?s?|medecin traitant)\b")
DOCTOR_THEN = rf"{DOCTOR_WORDS}(?:(?!kine|masseur|physio)[^.?!;]){{0,40}}?"
PRESCRIBER_STATUS = rf"{DOCTOR_THEN}(?:{NOT_CONVENTIONNE_WORDS}|{CONVENTIONNE_WORD}\w*|secteur\s*[123]\b|optam)"
PRESCRIBER_NOT_CONVENTIONNE = rf"{DOCTOR_THEN}(?:{NOT_CONVENTIONNE_WORDS}|secteur\s*3\b)"


def kine_status_words(t: str) -> str:
    """A normalised message without what it says of the prescribing médecin's status."""
    return re.sub(PRESCRIBER_STATUS, " ", t)
# « à dom » is chat spelling for « à domicile » (AT_HOME_CHAT), not the DOM (« dans les DOM »).
AT_HOME_CHAT = r"\ba\s+dom\b(?![- ]?tom\b)"
# An amount said as what was reimbursed (« la sécu m'a remboursé 5 € », « remboursé que 9,74 € »), not a price.
# « la sécu m'a rendu 97,40 € », « la CPAM m'a versé 64,44 € » too.
REIMBURSED_BEFORE = (r"\b(?:rembourse\w*|rendue?s?|versee?s?|viree?s?)\s+(?:(?:que|qu'|seulement|uniquement|juste|de|d'|"
                     r"environ|a\s+peine)\s*){0,3}$")
# The travel allowances of a home visit (NGAP art. 13): « combien vaut l'IFD ? » is about a home visit.
TRAVEL_ALLOWANCES = (r"\bifd\b|\bifs\b|\bik\b|indemnites?\s+(?:forfaitaires?\s+)?(?:de\s+deplacement|kilometriques?)|"
                     r"frais\s+de\s+deplacement")
# The DROM by name, département or postal code (« dans le 974 », « (971) », « 97200 »), or by a town that is
# nowhere else (« j'habite à Fort-de-France » counted the metropole's key letter until 2026-12-06). Not the towns
# whose name is also in the metropole (Saint-Denis, Saint-Pierre, Saint-Paul, Saint-Louis, Sainte-Anne…).
DROM_WORDS = (r"guadeloupe|martinique|guyane|la\s+reunion|\breunion\b|mayotte|\bdrom\b|\bdom[- ]?tom\b|(?<!\ba )\bdom\b|"
              r"outre[- ]mer|\b(?:dans|en|du|au)\s+(?:le\s+)?97[1-6]\b|\(97[1-6]\)|\b97[1-6]\d\d\b|"
              r"\bfort[- ]de[- ]france\b|\bpointe[- ]a[- ]pitre\b|\bbasse[- ]terre\b|\b(?:les\s+)?abymes\b|"
              r"\bbaie[- ]mahault\b|\bschoelcher\b|\blamentin\b|\bcayenne\b|\bkourou\b|\bmatoury\b|"
              r"\bremire[- ]montjoly\b|\bsaint[- ]laurent[- ]du[- ]maroni\b|\bsainte[- ]clotilde\b|"
              r"\bsaint[- ]gilles[- ]les[- ]bains\b|\bmamoudzou\b|\bdzaoudzi\b|\bkoungou\b")
# Mayotte and its towns (in DROM_WORDS): its own health insurance regime (bot.dialogue.MAYOTTE_NOTE).
MAYOTTE = r"\bmayotte\b|\bmamoudzou\b|\bdzaoudzi\b|\bkoungou\b"
# How to bill (« comment je facture un bilan à domicile ? »): with an act named, its price (bot.situation.asks_how_to_bill_an_act).
BILLING_ASKED = r"\bcomment\s+(?:est-ce\s+que\s+)?(?:je\s+|on\s+|puis-je\s+|dois-je\s+|faut-il\s+)?factur\w*"
# Which mutuelle pays best for the kiné (« Comment trouver une meilleure mutuelle pour les consultations de
# kinésithérapie ? »: out of scope, 0.87; bot.situation.asks_which_mutuelle_for_kine).
WHICH_MUTUELLE = (r"\b(?:meilleure?s?|quelle|choisir|compar\w*)\s+(?:\w+\s+){0,2}?(?:mutuelles?|complementaires?"
                  r"(?:\s+sante)?)\b")
KINE_NAMED = r"\bkine\w*|\bmasseurs?[- ]kine\w*|\bphysio\w*|\breeducation\b"
# The metropole named (« et en métropole ? », « c quoi la différence avec la métropole ? » after the DROM's figures):
# not the DROM, when no DROM is named too.
METROPOLE_WORDS = r"\bmetropole\b|\bmetropolitaine?s?\b|\bhexagone\b"
# The régime local named as such (« Régime d'Alsace-Moselle : quels remboursements ? », « le régime maladie
# Alsace-Moselle »), not a town or a département: a question on the régime (bot.situation.names_the_regime_local).
REGIME_LOCAL_NAMED = r"\bregimes?\s+(?:(?:maladie|special|particulier|de\s+securite\s+sociale)\s+)?(?:local|(?:d'|de\s+l')?alsace|moselle)"
ALSACE_MOSELLE_WORDS = (r"alsace|moselle|regime local|bas-rhin|haut-rhin|\b(?:dans|en|du)\s+(?:le\s+)?(?:57|67|68)\b|"
                        r"strasbourg|mulhouse|colmar|\bmetz\b|thionville|haguenau|sarreguemines|forbach|"
                        r"saint-avold|selestat|saverne|schiltigheim|illkirch|obernai|sarrebourg|guebwiller|"
                        r"saint-louis|montigny-les-metz|hagondange|bischheim|lingolsheim")
# Pregnancy and the weeks after birth (facts.md section 13: maternity).
POST_PARTUM_WORDS = (r"post[- ]?natal|post[- ]?partum|apres\s+(?:l'|mon\s+|l\s)?accouchement|accouche|perine|"
                     r"cesarienne|" + AFTER_BABY)
PREGNANCY_MONTH = (r"enceinte\s+(?:de\s+)?(\d)\s*mois|(\d)\s*(?:e|eme|ieme|er)?\s+mois\s+de\s+grossesse|"
                   r"grossesse\s+de\s+(\d)\s*mois|enceinte\s+(?:de\s+|depuis\s+)?(?:mon\s+|au\s+|le\s+)?"
                   r"(\d)\s*(?:e|eme|ieme|er)\s+mois")
# « et à 7 mois ? », « et si je suis au 8e mois ? »: a short what-if with a month and nothing else is the
# month of a pregnancy (a child's age says « de 7 mois », a duration « pendant 7 mois »).
PREGNANCY_MONTH_WHAT_IF = r"^(?:et|si|mais)\b[^?]{0,24}?\b(?:a|au)\s+([1-9])\s*(?:e|eme|ieme|er)?\s+mois\s*\??$"
# A price said without its unit, right after the sessions: « 10 séances à 17,90 », « la séance à 30 », or
# after a verb of price (« la séance est à 17,90 », « la séance coûte 30 », « elle revient à 25 »).
# Not a percentage, a distance, an age, a duration or a rhythm (« séances à 3 par semaine »).
UNITLESS_PRICE = (SESSION_WORDS + r"\s+(?:(?:me|nous|lui)\s+)?(?:(?:est|coute|vaut|revient)\s+(?:a\s+|de\s+)?|a\s+)"
                  + NUMBER
                  + r"(?!\d|[.,]\d)(?!\s*(?:%|km|kilometres?|ans?\b|mois|h\b|heures?|min|par\b|/|fois|x\b|"
                    r"seances?|jours?|semaines?|reprises?|minutes?|(?:ou|a|-)\s*\d+\s*(?:par\b|/|fois)))")
# The same before the session: « c'est 35 la séance », « je paye 32 par séance » (a mutuelle's amount,
# « ma mutuelle donne 20 par séance », is read first as the mutuelle's).
UNITLESS_PRICE_PER_SESSION = NUMBER + r"\s*(?:la|par|/)\s*(?:seances?|sceances?)\b"
# « 10 séances de 17,90 »: a price with its cents after the sessions (it was lost).
UNITLESS_PRICE_OF_SESSIONS = r"\b(?:seances?|sceances?)\s+de\s+(\d+,\d\d)\b(?!\s*(?:%|km|min\w*|h\b|heures?))"
# After a verb of charging: « s'il prend 40 », « elle me demande 45 », « il facture 30 ».
UNITLESS_PRICE_VERB = (r"\b(?:prend|prendrait|demande|demanderait|facture|facturerait|fait\s+payer)\s+(?:\w+\s+)?"
                       + UNITLESS_PRICE[UNITLESS_PRICE.index(NUMBER):])
# Ages: "ma fille de 13 ans", "il a 4 mois", "ma fille a 8 mois" (a baby: 0 year), "moins de 18 ans".
NOT_AN_AGE = r"(?:depuis|pendant|il\s+y\s+a|y\s+a|ya|tous\s+les|dans|des|durant|sur|fait)\s+$"
AGE_IN_MONTHS = (r"(?:\b(?:il|elle)\s+a|\b(?:bebe|nourrisson|enfant|fils|fille|petite?|garcon|ne|nee|agee?)\s+(?:de\s+|a\s+)?)"
                 r"\s*(\d{1,2})\s*mois\b")
# « et pour un adulte ? », « mon fils majeur »: an adult, whatever the age (18: the youngest).
ADULT_WORDS = r"\badultes?\b|(?<!force )\bmajeure?s?\b"
MINOR_WORDS = (r"\bmineure?s?\b|\bmon (?:fils|bebe|enfant|ado)|\bma fille|\bmon petit|\bma petite|nourrisson|"
               r"\bbebe\b|nouveau[- ]ne|\bado(?:lescente?)?s?\b|\benfants?\b")
# A minor's words without an age are counted as 17; « mon fils », « ma fille » alone may be adults (they are still
# counted so, and it is said: CHILD_WITHOUT_AGE), unlike « mon bébé », « mon enfant », « ma petite ».
MINOR_AGE_ASSUMED = 17
CHILD_WITHOUT_AGE = r"\bmon (fils)\b|\bma (fille)\b"
AGE_SAID = (r"\d{1,3}\s*(?:ans|mois)\b|\bmineure?s?\b|\benfants?\b|\bado(?:lescente?)?s?\b|\bbebe\b|\bpetite?\b|"
            r"nourrisson|nouveau[- ]ne|\bcollege|\blycee|\becole\b")
# Who the care is for, when a message names them (bot.dialogue.patient_of): the asker (« pour moi »,
# « mon dos à moi »), or a relative (« mon mari », « ma fille », « et pour un enfant ? »). One key per
# person named; the children's words share one key, since what a child's situation changes (no
# franchise) holds for any minor. « une fille », « un fils » are not read (« je suis une fille de 16 ans »).
SELF_PATIENT = r"\bpour\s+moi(?:[- ]?meme)?\b|\ba\s+moi\b(?!\s+(?:de\b|d'))|\bmoi[- ]meme\b"
# « pour moi et ma fille », « ma fille et moi-même »: both are patients, so none is named. Otherwise a
# relative named with « pour moi » is the patient and « moi » the one who pays (« ma fille de 8 ans…,
# c'est combien pour moi ? »).
SELF_WITH_RELATIVE = r"\bmoi(?:[- ]?meme)?\s+et\s+(?:mon|ma|mes)\b|\bet\s+(?:pour\s+|a\s+)?moi\b"
RELATIVES = {
    "enfant": r"(?:(?:mon|ma|mes)\s+(?:fils|filles?|petite?s?|garcons?)|(?:mon|ma|mes|un|une|des)\s+"
              r"(?:enfants?|bebes?|nourrissons?|ados?|adolescente?s?))",
    "conjoint": r"(?:mon|ma)\s+(?:mari|femme|epou(?:x|se)|conjointe?|compagn(?:on|e)|concubine?|copain|copine)",
    "mere": r"(?:ma)\s+(?:mere|maman)", "pere": r"(?:mon)\s+(?:pere|papa)",
    "grand-mere": r"(?:ma)\s+(?:grand[- ]?mere|mamie|grand[- ]?maman)",
    "grand-pere": r"(?:mon)\s+(?:grand[- ]?pere|papi|papy|grand[- ]?papa)",
    "frere": r"(?:mon)\s+frere", "soeur": r"(?:ma)\s+soeur",
}


def patient_named(text: str) -> Optional[str]:
    """The person a message names as the patient: "moi", a relative's key, or None (none, or several).

    >>> [patient_named(t) for t in ("et pour moi ?", "et pour mon dos à moi, 12 séances ?", "pour mon mari",
    ...                             "ma fille de 13 ans a une scoliose", "et pour un enfant ?", "10 séances")]
    ['moi', 'moi', 'conjoint', 'enfant', 'enfant', None]
    >>> patient_named("et pr moi ?")
    'moi'
    >>> [patient_named(t) for t in ("c'est à moi de payer ?", "10 séances chez moi", "pour moi et ma fille")]
    [None, None, None]

    A relative named with « pour moi » but not beside it is the patient, the asker pays:
    >>> patient_named("ma fille de 8 ans a une entorse, 10 séances c'est combien pour moi ?")
    'enfant'
    """
    t = normalise(text)  # « et pr moi ? »
    named = {key for key, pattern in RELATIVES.items() if re.search(r"\b" + pattern + r"\b", t)}
    if re.search(SELF_PATIENT, t) and not (named and not re.search(SELF_WITH_RELATIVE, t)):
        named.add("moi")
    return named.pop() if len(named) == 1 else None


BAD_SESSION_COUNT = r"(?<![\d.,])(-\s*\d+(?:[.,]\d+)?|\d+[.,]\d+)\s*"
# « chez moi » is a home visit (« 10 séances chez moi », « il vient chez moi »), but not where the
# practice is (« un kiné près de chez moi », « en bas de chez moi »): that is a practice.
_AT_HOME = (r"(?<!pres de )(?<!proche de )(?<!loin de )(?<!cote de )(?<!bas de )(?<!autour de )(?<!km de )"
            r"chez (?:moi|nous)")
# The profession's names, as one says « je suis … » (normalised text).
KINE_PROFESSION = r"(?:kine|kinesitherapeute|masseur[- ]kinesitherapeute|physio(?:therapeute)?)"
# A kiné asking for a patient: « je suis kiné », « ma patiente ». « un patient en ALD » may be anyone's question.
KINE_ASKER = (r"\b(?:je\s+suis|en\s+tant\s+que)\s+(?:une?\s+)?" + KINE_PROFESSION + r"\b"
              r"|\b(?:mon|ma|mes)\s+patient(?:e|es|s)?\b")
# Where the kiné is (« mon kiné est à 10 km de chez moi »): the practice, sessions there unless a home visit is said.
PRACTICE_AT_DISTANCE = (r"\b(?:kine|kines|kinesitherapeute|praticien)\b[^.?!,;]{0,20}?\b(?:est|se trouve|se situe)\s+"
                        r"(?:a\s+)?" + NUMBER + r"\s*(?:km|kilometres?)\b")
# The sessions said to be at the practice (« je vais au cabinet », « en cabinet »), not only where it is.
SESSIONS_AT_PRACTICE = (r"\b(?:au|en)\s+cabinet\b|\b(?:je\s+(?:vais|me\s+rends|me\s+deplace)|on\s+va|il\s+va|elle\s+va"
                        r"|j'y\s+vais|aller)\b")
# Words of a home visit (not a distance alone: « le cabinet est à 3 km de chez moi » is a practice).
HOME_VISIT = (r"domicil|" + _AT_HOME + r"|a la maison|se deplace|vient chez|a la residence|" + AT_HOME_CHAT + "|"
              + TRAVEL_ALLOWANCES)


# « 1 500 € », « 12 000,50 euros »: digits grouped by three with spaces, then a currency.
THOUSANDS = r"(?<![\d,.])\d{1,3}(?: \d{3})+(?=(?:,\d+)?\s*(?:€|euros?\b|eur\b))"


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def normalise(text: str) -> str:
    """Lower case, no accents, numbers in words as digits, single spaces.

    >>> normalise("la séance est à 25€50, 10 séances à 20 €"), normalise("30 €10 séances")
    ('la seance est a 25,50 euros, 10 seances a 20 euros', '30 €10 seances')
    """
    text = strip_accents((text or "").lower())
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    # « 25€50 », as prices are written in France: 25,50 € (it was 25 €); the cents against the sign.
    text = re.sub(r"(?<![\d,.])(\d{1,3})\s?€(\d{2})(?!\d|[.,]\d|\s*(?:seances?|sceances?|fois|x)\b)", r"\1,\2 €", text)
    # « 18 euros 50 »: 18,50 € (it was 18 €); not « 20 € 10 séances », « 20 euros 30 minutes ».
    text = re.sub(r"(?<![\d,.])(\d{1,3})\s*(?:euros?|€)\s+(\d{2})(?!\d|[.,]\d|\s*(?:%|€|euros?|seances?|sceances?|"
                  r"fois|x\b|km|kilo\w*|ans?\b|mois|jours?|semaines?|min\w*|mn\b|h\b|heures?|bilans?|rdv|rendez))",
                  r"\1,\2 €", text)
    text = written_out(text)  # « jai 10 seances pdt 1 mois pr mon bb »: chat spelling, for every reader of the text
    # An amount written with spaces between thousands (« 1 500 € par an »): one number, not 1 and 500.
    text = re.sub(THOUSANDS, lambda m: m.group(0).replace(" ", ""), text)
    try:
        text = alpha2digit(text, "fr")
    except Exception:  # text2num is robust, but user text is unbounded  # pragma: no cover
        pass
    # « 2OO % »: the letter o typed for a zero in a percentage.
    text = re.sub(r"\b([1-9])([0o]{1,2})(?=\s*%)", lambda m: m.group(1) + m.group(2).replace("o", "0"), text)
    text = re.sub(r"\bune?\s+(seance|sceance)", r"1 \1", text)
    text = re.sub(r"(\d)\s*pour\s*(?:cent|100)\b", r"\1 %", text)
    return re.sub(r"\s+", " ", text).strip()


def _decimal(raw: str) -> Decimal:
    return Decimal(raw.replace(",", "."))


def _signed(t: str, match: "re.Match[str]", group: int = 1) -> Any:
    """The number of `match`'s group with the minus sign typed before it (« à -20 € », « mutuelle -50 % »), for the
    calculator to refuse it with its message; not the dash of a range (« 15-20 € »)."""
    negative = re.search(r"(?:^|[^\d\s])\s*[-\u2212]\s*$", t[:match.start(group)]) is not None
    return _number(-_decimal(match.group(group)) if negative else _decimal(match.group(group)))


def _forfait_for_sessions(each: Decimal, sessions: int) -> Dict[str, Any]:
    """A mutuelle's forfait of `each` a session for at most `sessions` sessions a year: its yearly ceiling too."""
    return {"per_session": _number(each), "annual": _number(each * sessions)}


def _number(value: Decimal) -> Any:
    return int(value) if value == value.to_integral_value() else float(value)


# Sessions in two places (« 10 séances au cabinet et 5 à domicile », « 30 séances dont 10 à domicile »): one
# calculation counts one place, so the practice's first, and the user told how to get the others (they were all
# counted at home, or only the first count at home: 10 sessions at 9,16 € instead of 15).
_AT_PRACTICE = r"(?:seances?\s+)?(?:au|en)\s+cabinet"
_AT_HOME_PLACE = r"(?:seances?\s+)?(?:a|en)\s+(?:domicile|la\s+maison)"
SPLIT_PLACE = (r"\b(\d+)\s*" + _AT_PRACTICE + r"\s*(?:,|et|puis|\+|plus)?\s*(?:et\s+)?(\d+)\s*" + _AT_HOME_PLACE + r"|"
               r"\b(\d+)\s*" + _AT_HOME_PLACE + r"\s*(?:,|et|puis|\+|plus)?\s*(?:et\s+)?(\d+)\s*" + _AT_PRACTICE + r"|"
               r"\b(\d+)\s*seances?\b[^,.;?!]{0,40}?\bdont\s+(\d+)\s*(?:seances?\s+)?(a\s+domicile|a\s+la\s+maison|"
               r"au\s+cabinet|en\s+cabinet)|"
               # « 12 séances pour l'épaule et 3 à domicile »: the first at the practice (said, to be corrected if
               # the 3 were among the 12)
               r"\b(\d+)\s*seances?\b(?:(?!\bdomicile\b)[^,.;?!]){0,40}?\bet\s+(\d+)\s*" + _AT_HOME_PLACE)


def split_place(t: str) -> Optional[Tuple[int, int]]:
    """(sessions at the practice, sessions at home) of a message that says both, else None (`t`: normalised).

    >>> split_place("10 seances au cabinet et 5 a domicile"), split_place("30 seances dont 10 a domicile")
    ((10, 5), (20, 10))
    >>> split_place("5 a domicile puis 10 au cabinet"), split_place("10 seances dont 10 a domicile")
    ((10, 5), None)
    >>> split_place("12 seances pour l'epaule et 3 a domicile"), split_place("12 seances a domicile et 3 bilans")
    ((12, 3), None)
    """
    found = re.search(SPLIT_PLACE, t)
    if not found:
        return None
    g = [int(x) if x and x.isdigit() else x for x in found.groups()]
    if g[0] is not None:
        practice, home = g[0], g[1]
    elif g[2] is not None:
        home, practice = g[2], g[3]
    elif g[7] is not None:
        practice, home = g[7], g[8]
    else:
        total, part = g[4], g[5]
        at_home = "domicile" in g[6] or "maison" in g[6]
        home, practice = (part, total - part) if at_home else (total - part, part)
    return (practice, home) if practice > 0 and home > 0 else None


@dataclass
class ParsedRequest:
    """What a message says about a calculation, in the calculator's field names."""

    fields: Dict[str, Any] = field(default_factory=dict)
    to_confirm: Dict[str, Any] = field(default_factory=dict)  # loose values ("une quinzaine")
    invalid: Dict[str, str] = field(default_factory=dict)  # values as written that cannot be right ("2,5 séances")
    no_mutuelle: bool = False  # the user said there is no mutuelle
    no_prise_en_charge_100: bool = False  # the user said a 100 % cover does not apply (« pas en ALD »)
    rhythm: Optional[Tuple[int, int]] = None  # (sessions a week, weeks) the count in to_confirm comes from
    daily: Optional[Tuple[int, int]] = None  # (sessions a day, days), the same for a rhythm by the day
    every: Optional[Tuple[int, int]] = None  # (one session every so many days, days), the same
    child_age_assumed: Optional[str] = None  # « fils » or « fille » said without an age: counted as a minor, said
    left_to_pay: Optional[Tuple[Decimal, bool]] = None  # what the user says is left to pay (« il me reste 10 € »),
    # no price, and whether it is per session
    per_week: Optional[int] = None  # a rhythm said without its length (« 3 séances par semaine »)
    weeks: Optional[int] = None  # a length said alone (« pendant 2 mois »: 8), the count's other half
    total: Optional[Tuple[Any, int]] = None  # (amount, sessions) of a price said for all the sessions
    total_is_mutuelle: bool = False  # the total is what the mutuelle pays (« ma mutuelle rembourse 300 € pour 10 séances »)
    more_sessions: bool = False  # « 5 séances de plus »: the count is added to the calculation's
    series: Optional[Tuple[int, int]] = None  # « 2 fois 10 séances »: (2, 10), the count is their product
    session_range: Optional[Tuple[int, int]] = None  # « entre 10 et 15 séances »: the count is the upper one
    franchise_cap_reached: bool = False  # « j'ai déjà atteint le plafond des franchises »
    sessions_factor: Optional[Decimal] = None  # « deux fois moins de séances » (½), « le double » (2)
    key_letter: Optional[str] = None  # the letter of a coded act (« RPE 8,5 »: "RPE"), beside its coefficient
    home_visit_said: bool = False  # words of a home visit (« à domicile », « il vient chez moi »), not a distance alone
    distance_said: bool = False  # a distance in km, whether or not it counts (« le cabinet est à 10 km de chez moi »)
    # The distance of the practice from home, said without a place for the sessions (« le cabinet est à 5 km »): at
    # the practice it counts for nothing, but of a home visit already said it is the kiné's journey (the IK).
    practice_km: Optional[Any] = None
    unnamed_cover: bool = False  # a full cover said without its cause (« je suis pris en charge à 100 % »): an ALD's
    unrelated_cover: Optional[str] = None  # « en ALD mais c'est sans rapport »: the cover said, for care it does not cover
    kine_asker: bool = False  # a kiné asking for a patient (« je suis kiné, mon patient a 15 séances »)
    split_place: Optional[Tuple[int, int]] = None  # (at the practice, at home): the practice's counted first
    forfait_beside_rate: Optional[Tuple[Decimal, str]] = None  # (amount, « an » or « séance ») beside a rate: said
    next_year: bool = False  # « l'an prochain »: the middle of next year, as « en 2027 » (interpret)
    share_of_depassements: Optional[Decimal] = None  # « 50 % des dépassements »: no rate of the base, said (interpret)

    def __bool__(self) -> bool:
        return bool(self.fields or self.to_confirm or self.no_mutuelle or self.invalid or self.no_prise_en_charge_100)


def _weeks(length: str, unit: str) -> int:
    """« 2 » « mois »: 8 weeks (a month counted as WEEKS_PER_MONTH); « une » « semaine »: 1; « 1 » « an »: 52;
    « un » « mois et demi »: 6."""
    per_unit = (WEEKS_PER_MONTH if unit.startswith("mois") else WEEKS_PER_YEAR if unit.startswith(("an", "annee"))
                else 1)
    half = per_unit // 2 if re.search(r"\bdemie?$", unit) else 0
    return (1 if length in ("un", "une") else int(length)) * per_unit + half


# A rhythm of something else than the sessions (« je fais du sport 12 fois par semaine »): no rhythm of sessions.
OTHER_ACTIVITY = re.compile(r"\b(?:sport\w*|entrain\w*|muscu\w*|footing|jogging|cours|natation|nage|velo|salle|"
                            r"travail\w*|boulot|marche\s+a\s+pied|course\s+a\s+pied)\b[^,.;!?]{0,25}$")


def _of_sessions(match: Optional["re.Match[str]"], t: str) -> Optional["re.Match[str]"]:
    """The rhythm found, unless the words just before it name another activity."""
    return None if match is None or OTHER_ACTIVITY.search(t[:match.start()]) else match


def _per_week(said: Optional[str]) -> int:
    """« 3 » (par semaine): 3; « une », « un » or nothing (« chaque semaine »): 1."""
    return 1 if said in (None, "un", "une") else int(said)


def _days(length: str, unit: str) -> int:
    """« 5 » « jours »: 5; « 2 » « semaines »: 14; « un » « mois »: 28 (a month is WEEKS_PER_MONTH weeks)."""
    return (1 if length in ("un", "une") else int(length)) if unit.startswith("jour") else 7 * _weeks(length, unit)


# « DE » in capitals before an amount in euros is the dépassement pour exigence particulière (« 17,90 + DE 5 € », « un
# DE de 3 euros »): lower case, it is the preposition, so it is read before normalising (the 5 € was taken as the
# price); not in a message written in capitals (« DE 10 À 15 SÉANCES »).
DE_ABBREVIATION = re.compile(r"\bD\.?E\.?(?=\s*(?:(?:est\s+)?de\s+|d'|:|=)?\s*\d+(?:[.,]\d+)?\s*(?:€|eur|euros?\b|e\b))")


def _de_spelled_out(text: str) -> str:
    """« un DE de 3 € » as « un dépassement de 3 € » (DE_ABBREVIATION)."""
    in_capitals = not any(c.islower() for c in text) and len(re.findall(r"[^\W\d_]{2,}", text)) > 1
    return text if in_capitals else DE_ABBREVIATION.sub("dépassement", text)


def mid_year(year: int) -> str:
    """A year said without its month (« en 2027 », « l'an prochain »): its middle, 1 July, said back to the user."""
    return f"{year}-07-01"


def parse_request(text: str) -> ParsedRequest:
    """Extract calculator fields from one French message."""
    t = normalise(_de_spelled_out(text or ""))
    out = ParsedRequest()
    f = out.fields
    consumed: List[Tuple[int, int]] = []

    def take(match: "re.Match[str]") -> None:
        consumed.append(match.span())

    def free(match: "re.Match[str]", group: int = 0) -> bool:
        start, end = match.span(group)
        return all(end <= a or start >= b for a, b in consumed)

    # Coded act: "AMK 8,1", "AMS 9.5", "RAM 8,09".
    coded = re.search(r"\b(" + "|".join(KEY_LETTERS).lower() + r")\s*" + NUMBER, t)
    # « coefficient 9 », « le coef est de 8,5 »: the coefficient without its letter (a price until 2026-12-06)
    plain = None if coded else re.search(r"\bcoef(?:ficient)?\s*(?:de\s+|est\s+(?:de\s+)?|:\s*|=\s*)?" + NUMBER
                                         + r"(?!\s*(?:%|€|euros?\b|e\b|fois\b))", t)
    if coded:
        f["coefficient"] = _number(_decimal(coded.group(2)))
        out.key_letter = f["lettre"] = coded.group(1).upper()
        take(coded)
    elif plain:
        f["coefficient"] = _number(_decimal(plain.group(1)))
        take(plain)
    else:
        for pattern, act in ACT_PATTERNS:
            if re.search(pattern, t):
                f["act"] = "plusieurs_territoires" if act == "membre" and several_regions(t) else act
                break

    # Number of sessions ("2,5 séances" or "-5 séances" is kept aside, not read as 5).
    bad = re.search(BAD_SESSION_COUNT + r"(?:(?:autres?|nouvelles?|petites?)\s+)?" + SESSION_WORDS
                    + r"(?!\s*(?:(?:la\s+)?(?:br|brss|base)|le\s+tarif|tc)\b)", t)  # « 1,5 fois la BR »: the mutuelle's
    if bad:
        out.invalid["sessions"] = re.sub(r"\s+", "", bad.group(1))
        take(bad)
    factor = re.search(r"\b(?:(2|3)\s*fois\s+(moins|plus)|(la\s+moitie)|((?:le|au)\s+double))\b", t)
    # « deux fois moins de séances », « et au double ? »: a factor of the calculation's count, only in a
    # what-if or beside the sessions (« j'ai 2 fois plus mal » is neither).
    if factor and (re.match(r"(?:et|si|mais|avec)\b", t) or re.search(r"\bseances?\b|\brendez[- ]vous\b", t)):
        times = Decimal(factor.group(1) or 2)
        out.sessions_factor = 1 / times if factor.group(2) == "moins" or factor.group(3) else times
        take(factor)
    # « forfait de 20 € par séance limité à 5 séances (par an) »: 20 € a session, 100 € a year at most; its 5 is no
    # count of sessions (it was 5 sessions, and the forfait without its ceiling).
    limited = re.search(FORFAIT_SESSIONS_LIMIT, t)
    if limited:
        most = int(limited.group(2) or limited.group(3) or limited.group(4))
        if most > 0:
            f["mutuelle"] = _forfait_for_sessions(_decimal(limited.group(1)), most)
        take(limited)
    # « 2 fois 10 séances », « deux séries de 10 séances »: the product, said back (interpret).
    series = None if bad else re.search(r"(?<![\d.,])([1-9])\s*(?:x|fois|series?\s+de|cures?\s+de|ordonnances?\s+de)\s+"
                                        r"(\d+)\s*" + SESSION_WORDS + r"\b", t)
    if series and free(series):
        out.series = (int(series.group(1)), int(series.group(2)))
        f["sessions"] = out.series[0] * out.series[1]
        take(series)
    # « 5 séances de plus », « encore 5 séances », « j'en rajoute 4 »: sessions added to the calculation's
    more_after, more_before = r"(?:de\s+plus|en\s+plus|supplementaires?)", r"(?:encore|r?ajout\w*)"
    every = re.search(EVERY_FEW_DAYS, t)
    every_alone = None if every else re.search(EVERY_FEW_DAYS_ALONE, t)
    for rhythm_said in (every, every_alone):  # « 1 séance tous les 15 jours (pendant 3 mois) »: its « 1 séance » no count
        if rhythm_said:
            take(rhythm_said)
    count = None if bad or series else next((m for m in re.finditer(
        r"(?<!\d)(\d+)\s*(?:(?:autres?|nouvelles?|petites?)\s+)?" + SESSION_WORDS
        + r"\b(?!" + _SESSION_LENGTH + r"\s*(?:(?:par|/)\s*(?:semaine|sem|jour|mois|an)\b|hebdo|" + EVERY_WEEK
        + r"|(?:la\s+)?(?:br|brss|base)\b"
        r"|le\s+tarif\b|tc\b))", t)
        if free(m, 1) and not (m.group(0).endswith("fois") and re.match(r"\s*(?:plus|moins)\b", t[m.end():]))),
        None)  # « 2 fois plus mal »: no count
    if not count and not bad:
        # « 35 € la séance, j'en ai 10 »: the sessions named elsewhere in the message; « et si j'en fais 20 ? »
        # after a calculation: one does sessions, not euros (it was asked whether 20 was a count or a price).
        verbs = r"ai|fais|aurai|ferai" if re.search(SESSION_WORDS, t) else r"fais|ferai|referai|refais"
        count = re.search(r"\bj'?en\s+(?:" + verbs + r")\s+(\d+)(?!\d|[.,]\d)(?!\s*(?:%|€|e\b|euros?|balles|par\b|/|"
                          r"fois|ans?\b|km|mois|jours?|semaines?|minutes?|min\b|h\b))", t)
    out.session_range = session_range(t, noun=True)  # « entre 10 et 15 séances »: the upper one (interpret)
    # « 17,90 € x 10 », « 10 x 17,90 € »: a price times a count of sessions, as a bill or a statement writes it (the
    # count was lost, and asked again); « 10 séances à 20 € x 2 » keeps its 10
    times = None if bad or series or count else re.search(PRICE_TIMES_COUNT, t)
    said = (1 if times.group(1) else 2) if times else 0
    if times and free(times, said):
        f["sessions"] = int(times.group(said))
        consumed.append(times.span(said))
    elif count:
        f["sessions"] = int(count.group(1))
        take(count)
        # « 5 séances de plus », « 3 séances supplémentaires »: added to those of the calculation (interpret)
        out.more_sessions = bool(re.match(r"\s*" + more_after + r"\b", t[count.end():])
                                 or re.search(more_before + r"\s+$", t[:count.start()]))
    elif not bad and not series:
        added = re.search(r"(?:\b(?:j'?en\s+)?" + more_before + r"\s+(\d+)|\b(\d+)\s+" + more_after + ")"
                          r"(?!\d|[.,]\d)(?!\s*(?:%|€|e\b|euros?|balles|km|ans?\b|mois|jours?|semaines?|minutes?|min\b|h\b))", t)
        loose = re.search(r"(dizaine|douzaine|quinzaine|vingtaine|trentaine)", t)
        rhythm = _of_sessions(re.search(RHYTHM, t), t)
        daily = re.search(DAILY, t)
        if added and free(added):  # « et si j'en rajoute 4 ? », « encore 4 », « 4 de plus »: sessions added
            f["sessions"] = int(added.group(1) or added.group(2))
            out.more_sessions = True
            take(added)
        elif loose:
            out.to_confirm["sessions"] = APPROXIMATE_COUNTS[loose.group(1)]
        elif every:
            gap = int(every.group(3)) if every.group(3) else int(every.group(1)) * (7 if every.group(2) == "semaines" else 1)
            days = _days(every.group(4), every.group(5))
            if gap > 0 and days > 0:
                out.to_confirm["sessions"] = -(-days // gap)
                out.every = (gap, days)
        elif daily:  # « 2 séances par jour pendant 5 jours »: 10, said back to the user
            per_day = int(daily.group(1) or 1)
            days = _days(daily.group(3), daily.group(4))
            if not 0 < per_day <= MAX_PER_DAY:
                out.invalid["per_day"] = daily.group(1)
            elif days:
                out.to_confirm["sessions"] = per_day * days
                out.daily = (per_day, days)
        elif rhythm:  # « 3 fois par semaine pendant un mois »: 3 × 4 weeks, said back to the user
            per_week, weeks = _per_week(rhythm.group(1)), _weeks(rhythm.group(2), rhythm.group(3))
            if not 0 < per_week <= MAX_PER_WEEK:
                out.invalid["per_week"] = rhythm.group(1)
            elif 0 < weeks:
                out.to_confirm["sessions"] = per_week * weeks
                out.rhythm = (per_week, weeks)
        else:
            alone = _of_sessions(re.search(PER_WEEK, t), t)
            per_week = _per_week(alone.group(1)) if alone and 0 < _per_week(alone.group(1)) <= MAX_PER_WEEK else None
            if alone and not per_week:
                out.invalid["per_week"] = alone.group(1)
            length = None if per_week else re.fullmatch(LENGTH_ALONE, t.strip())
            if per_week and re.search(r"\b(?:par|/|chaque)\s*mois\b", t):  # « combien par mois ? »: a month
                out.to_confirm["sessions"] = per_week * WEEKS_PER_MONTH
                out.rhythm = (per_week, WEEKS_PER_MONTH)
            elif per_week:
                out.per_week = per_week
            elif length:
                out.weeks = _weeks(length.group(1), length.group(2)) or None

    # A full cover without its cause, stated: its « 100 % » is no mutuelle's rate.
    unnamed = re.search(FULL_COVER_UNNAMED, t)
    if unnamed and (re.search(FULL_COVER_ASKED, t[:unnamed.start()]) or re.search(r"\b(?:pas|plus|non|jamais)\b",
                                                                                  unnamed.group(0))
                    or re.match(r"\s*(?:" + _SECU + r")?\s*\?", t[unnamed.end():])):
        unnamed = None
    if unnamed:
        take(unnamed)

    # Mutuelle.
    if re.search(r"(?:pas|sans|aucune?|plus)\s+(?:de\s+)?(?:mutuel(?:le)?s?\b|complementaire)|pas\s+mutuel", t):
        out.no_mutuelle = True
    # « 50 % des dépassements »: a share of the dépassement, no rate of the base (it was 50 % BR); taken first, so
    # that no rate below reads it; said, with the rate of the base counted or asked (interpret)
    share = re.search(NUMBER + r"\s*%" + OF_DEPASSEMENTS, t)
    if share and free(share):
        out.share_of_depassements = _decimal(share.group(1))
        take(share)
    percent = None
    for candidate in re.finditer(NUMBER + r"\s*%\s*(?:de\s+la\s+)?(?:br\b|base)?", t):
        if not free(candidate):
            continue  # « j'ai le 100 % »: the Assurance Maladie's full cover
        if re.match(r"\s*,?\s*(?:car|parce\s+que|parce\s+qu'|puisque|vu\s+que|comme)?\s*(?:pour|par|grace a|avec|en|"
                    r"(?:si\s+)?(?:je suis|j'suis|on est|il est|elle est) en)?\s*(?:mon|ma|l'|une|la)?\s*"
                    r"(?:ald|affection|accident|maternite)", t[candidate.end():]) \
                and not re.search(r"\b(?:mutuelle|complementaire)s?\b(?:\s+\S+){0,3}\s*$", t[:candidate.start()]):
            # "100 % pour mon ALD", "à 100 % en ALD", « à 100 % car ALD » is the Assurance Maladie's share, not the
            # mutuelle's (« ma mutuelle rembourse 200 % car je suis en ALD » is the mutuelle's)
            continue
        if re.search(r"\brembours\w*\s+(?:a|de)\s*$", t[:candidate.start()]) and RATE_ASKED.search(t) \
                and not re.search(MUTUELLE_NAMED, t):
            continue  # « le kiné est remboursé à 100 % ? » asks the rate, says no mutuelle's
        if re.search(r"(?:prise?s?|pris)\s+en\s+charge\s+(?:a|de)\s*$|(?:secu\w*|securite\s+sociale|assurance\s+maladie|"
                     r"cpam|caisse)\s+(?:(?!mutuelle|complementaire)[\w']+\s+){0,3}(?:(?:a|de)\s*)?$", t[:candidate.start()]) \
                or re.match(r"\s*" + _SECU, t[candidate.end():]):
            # "pris en charge à 100 %", "la sécu rembourse à 60 %", "100 % sécu": the Assurance Maladie's too; « sécu
            # 60 % mutuelle 200 % », « la CPAM me rembourse 70 % » (the mutuelle was read at 60 % or 70 %)
            continue
        if re.search(INCAPACITY_RATE_BEFORE, t[:candidate.start()]):
            if not 0 <= _decimal(candidate.group(1)) <= 100:  # « invalide à 1000 % »: no rate, said so
                out.invalid["taux_incapacite"] = candidate.group(0).strip()
            continue  # « invalide à 80 % », « rente AT à 70 % »: a rate of incapacity, said in the cover below
        percent = candidate
        break
    of_tm = re.match(OF_TICKET_MODERATEUR, t[percent.end():]) if percent else None
    more = re.match(r"\s*\+\s*" + NUMBER + r"\s*%", t[percent.end() + of_tm.end():]) if of_tm else None
    if percent and more and _decimal(percent.group(1)) == 100:  # « 100 % TM + 50 % »: as « TM + 50 % »
        f["mutuelle"] = {"br_percent": _number(100 + _decimal(more.group(1)))}
        consumed.append((percent.start(), percent.end() + of_tm.end() + more.end()))
    elif percent and re.match(OF_FRAIS_REELS, t[percent.end():]):
        # « 100 % des frais réels »: the price paid, dépassement included (it was 100 % of the base)
        f["mutuelle"] = {"fr_percent": _signed(t, percent)}
        consumed.append((percent.start(), percent.end() + re.match(OF_FRAIS_REELS, t[percent.end():]).end()))
    elif percent and of_tm:
        # « ma mutuelle rembourse 50 % du TM »: half the ticket modérateur, not 50 % of the base (which pays nothing)
        f["mutuelle"] = {"tm_percent": _signed(t, percent)}
        consumed.append((percent.start(), percent.end() + of_tm.end()))
    elif percent and re.search(TICKET_MODERATEUR_PLUS, t[:percent.start()]):
        # « TM + 50 % », a guarantee's table: the ticket modérateur (100 % of the base) and 50 % more
        f["mutuelle"] = {"br_percent": _number(100 + _decimal(percent.group(1)))}
        take(percent)
    elif percent:
        f["mutuelle"] = {"br_percent": _signed(t, percent)}
        take(percent)
    # « mutuelle 150 », « ma mutuelle est à 200 »: a rate without its sign, three digits after the word (a
    # mutuelle's two digits, « mutuelle 30 », may be euros: not read); « mutuelle 150 » was lost until 2026-12-06.
    # « mutuelle Harmonie 150 »: its name in between (lost until the twenty-ninth session).
    unsigned = None if percent else re.search(r"\b(?:mutuelle|complementaire)s?\s+(?:[a-z][\w-]*\s+)?(?:(?:est|a|de|"
                                              r":|=|niveau|taux)\s+){0,3}([1-9]\d\d)\b(?!\s*(?:[.,]\d|%|€|e\b|euros?|"
                                              r"balles|par\b|/|seances?|km|ans?\b|jours?|mois|semaines?))", t)
    if unsigned and free(unsigned, 1):
        f["mutuelle"] = {"br_percent": int(unsigned.group(1))}
        take(unsigned)
        percent = unsigned
    # « ma mutuelle rembourse le ticket modérateur », « le TM » to the mutuelle's question: 100 % of the base (it
    # was lost, or a mutuelle named without its rate).
    paid_tm = None if percent else re.search(TICKET_MODERATEUR_PAID, t)
    if paid_tm:
        f["mutuelle"] = {"br_percent": 100}
        take(paid_tm)
        percent = paid_tm
    # « c'est quoi une mutuelle aux frais réels ? » asks what they are, says no guarantee
    real = None if percent or re.search(FRAIS_REELS_ASKED, t) else re.search(FRAIS_REELS_PAID, t)
    if real:  # « ma mutuelle rembourse aux frais réels », « frais réels » to its question: all of what was paid
        f["mutuelle"] = {"fr_percent": 100}
        take(real)
        percent = real
    times = None if percent else re.search(TIMES_THE_BASE, t)
    if times:  # « 3 x la BR », « 2 fois la base », « 1,75 fois la base »: 300 %, 200 %, 175 %
        group = 1 if times.group(1) else 2
        f["mutuelle"] = {"br_percent": _number(_decimal(times.group(group)) * 100)}
        consumed.append((times.start(group), times.end()))
    # « la participation forfaitaire de 2 € » is the médecins' (CSS art. L.160-13 II), not a mutuelle's forfait
    # nor a price: taken, no field.
    participation = re.search(PARTICIPATION_FORFAITAIRE + r"\s+(?:\w+\s+){0,2}?(?:de\s+)?" + NUMBER + EURO, t)
    if participation:
        take(participation)
    # « un forfait de 300 € par an »; « un forfait de 20 € par séance » is per session (below).
    annual = re.search(r"(?<!participation )(?:forfait|enveloppe|plafond)\w*\s+(?:\w+\s+){0,3}?(?:de\s+)?"
                       + NUMBER + EURO
                       + r"(?!\s*(?:par|la|/)\s*" + SESSION_WORDS + r")"
                       + r"|" + NUMBER + EURO + r"\s*(?:par|/|l')\s*an\b", t)
    # « 200 % BR plus un forfait de 100 € par an »: the rate is counted, the forfait beside it said (it replaced the rate)
    rate_said = any(kind.endswith("_percent") for kind in f.get("mutuelle") or {})
    if annual and rate_said:
        out.forfait_beside_rate = (_decimal(annual.group(1) or annual.group(2)), "an")
        take(annual)
    elif annual:
        f["mutuelle"] = {"annual": _number(_decimal(annual.group(1) or annual.group(2)))}
        take(annual)
    per_session_mutuelle = re.search(r"(?:mutuelle|complementaire|(?<!participation )forfait)\w*\s+(?:\w+\s+){0,4}?"
                                     + NUMBER + f"(?:{EURO})?" + r"\s*(?:par|la|/)\s*" + SESSION_WORDS, t)
    if per_session_mutuelle and free(per_session_mutuelle) and rate_said:
        out.forfait_beside_rate = (_decimal(per_session_mutuelle.group(1)), "séance")
        take(per_session_mutuelle)
    elif per_session_mutuelle and free(per_session_mutuelle):
        # « 15 € par séance dans la limite de 150 € par an »: the forfait and its yearly ceiling (the ceiling alone
        # was read, then replaced by the forfait: 15 € for each of 20 sessions)
        ceiling = f.get("mutuelle", {}).get("annual") if annual else None
        f["mutuelle"] = {"per_session": _number(_decimal(per_session_mutuelle.group(1))),
                         **({"annual": ceiling} if ceiling is not None else {})}
        take(per_session_mutuelle)
    # « ma mutuelle rembourse 150% et 20€ par séance »: the euros a session after the rate are the mutuelle's
    # forfait beside it, said (they were the session's price, and a dépassement)
    after_rate = re.search(RATE_THEN_FORFAIT, t) if rate_said and not per_session_mutuelle else None
    if after_rate and free(after_rate, 1):
        out.forfait_beside_rate = (_decimal(after_rate.group(1)), "séance")
        consumed.append((after_rate.start(1), after_rate.end()))
    # « ma mutuelle rembourse 4 séances par an à 25 € »: 25 € a session, 100 € a year at most (25 € was the price)
    yearly_sessions = re.search(r"(?:mutuelle|complementaire|forfait)\w*\s+(?:\w+\s+){0,3}?(\d+)\s*" + SESSION_WORDS
                                + r"\s*(?:par|/)\s*an\s+(?:a|de)\s+" + NUMBER + EURO, t)
    if yearly_sessions and free(yearly_sessions) and int(yearly_sessions.group(1)) > 0:
        f["mutuelle"] = _forfait_for_sessions(_decimal(yearly_sessions.group(2)), int(yearly_sessions.group(1)))
        take(yearly_sessions)

    denied = re.search(BALNEO_DENIED, t)
    balneo = None if denied else re.search(BALNEO, t)
    if denied:  # « et sans balnéo ? »: none
        f["balneo"] = None
        take(denied)
    elif balneo:  # « 10 séances en balnéo »: the supplement counted (it was said not to be, until 2026-12-06)
        f["balneo"] = balneo.group(1) or balneo.group(2) or "bassin"
        take(balneo)

    # Franchises already paid this year (« j'ai déjà payé 30 € de franchises »): not a price.
    franchise = re.search(NUMBER + EURO + r"\s*(?:de\s+|en\s+)?franchises?\b|franchises?\s+(?:\w+\s+){0,4}?(?:de\s+)?"
                          + NUMBER + EURO, t)
    if franchise and free(franchise):
        # « la franchise de 1 € s'applique ? » names the franchise's amount per act, not what was paid.
        if re.search(FRANCHISE_PAID, t):
            f["franchise_already_paid"] = _number(_decimal(franchise.group(1) or franchise.group(2)))
        take(franchise)
    out.franchise_cap_reached = "franchise_already_paid" not in f and bool(
        re.search(r"plafond\s+(?:\w+\s+){0,3}?franchises?|franchises?\s+(?:\w+\s+){0,3}?(?:plafond|maximum)", t))

    # « 17,90 + 5 € de dépassement »: the tariff and the dépassement, the price their sum (17,90 € was the price,
    # which disagreed with the dépassement: the calculation was refused).
    summed = re.search(NUMBER + f"(?:{EURO})?" + r"\s*\+\s*" + NUMBER + f"(?:{EURO})?"
                       + r"\s*(?:de\s+|d')?(?:depassement|supplement)", t)
    if summed and free(summed):
        f["price"] = _number(_decimal(summed.group(1)) + _decimal(summed.group(2)))
        f["depassement"] = _number(_decimal(summed.group(2)))
        take(summed)
    # Dépassement: "10 € de dépassement", "dépassement de 10 €", "10 € de plus".
    # « dont 12,10 de dépassement »: the word names the amount, with or without its unit.
    extra = re.search(NUMBER + f"(?:{EURO})?" + r"\s*(?:de\s+|d')?(?:depassement|supplement)|" + NUMBER + EURO
                      + r"\s*(?:de\s+plus|en\s+plus)"
                      r"|(?:depassement|supplement)\w*\s*[:=]?\s+(?:\w+\s+){0,3}?(?:de\s+)?" + NUMBER + EURO, t)
    if extra and free(extra):
        f["depassement"] = _number(_decimal(next(group for group in extra.groups() if group)))
        take(extra)

    # What is left to pay (« il me reste 10 € par séance », « mon reste à charge est de 8,16 € », « 10 € de ma
    # poche »): what the calculation gives, not the price (it was read as the price, below every tariff, refused).
    left = re.search(LEFT_TO_PAY, t)
    if left and free(left):
        take(left)
        per_session = bool(re.match(r"\s*(?:a\s+payer\s+)?(?:par|la|/|chaque)\s*seance", t[left.end():]))
        out.left_to_pay = (_decimal(left.group(1) or left.group(2)), per_session)

    # A total for the sessions (« 300 € pour 10 séances », « 10 séances m'ont coûté 300 € »): the price per
    # session is the total over their number, and it is said back (interpret).
    total = re.search(NUMBER + EURO + r"\s*(?:(?:au total|en tout)\s+)?(?:(?:pour|les)\s+(?:les\s+|mes\s+|ces\s+)?"
                      r"(\d+)\s*" + SESSION_WORDS + r"|pour\s+les\s+(\d+)\b(?!\s*(?:km|%|ans?\b|mois|jours?|semaines?)))", t)
    count_first = re.search(r"(\d+)\s*" + SESSION_WORDS + r",?\s+(?:pour|m'?\s*ont\s+coute|(?:me\s+)?coutent|ont\s+coute|"
                            r"ca\s+(?:fait|fera|me\s+fait)|soit|au\s+total|en\s+tout)\s*(?:de\s+|:\s*)?"
                            + NUMBER + EURO + r"(?!\s*(?:chacune|l'une|la\s+seance|par\s+seance|/\s*seance))", t)
    # « j'ai fait 10 séances, j'ai payé 250 € »: sessions done, then what was paid for them (in the past both).
    count_first = count_first or re.search(
        r"\b(?:fait|eu|suivi)\s+(\d+)\s*" + SESSION_WORDS + r",?\s+(?:et\s+)?(?:j'?\s*ai\s+)?(?:tout\s+)?payee?s?\s+"
        r"(?:en\s+tout\s+|au\s+total\s+)?" + NUMBER + EURO
        + r"(?!\s*(?:chacune|l'une|la\s+seance|par\s+seance|/\s*seance))", t)
    in_all = re.search(NUMBER + EURO + r"\s*(?:au total|en tout)\b", t) if f.get("sessions") else None
    if total or count_first or in_all:
        if total:
            match, which, amount, sessions = total, 1, total.group(1), total.group(2) or total.group(3)
        elif count_first:
            match, which, amount, sessions = count_first, 2, count_first.group(2), count_first.group(1)
        else:  # « 10 séances, 300 € au total »
            match, which, amount, sessions = in_all, 1, in_all.group(1), f["sessions"]
        if free(match, which) and int(sessions) > 0:
            out.total = (_number(_decimal(amount)), int(sessions))
            each = _number((_decimal(amount) / int(sessions)).quantize(Decimal("0.01")))
            if re.search(r"(?:mutuelle|complementaire)\w*\s+(?:[\w']+\s+){0,4}$", t[:match.start()]):
                # « ma mutuelle rembourse 300 € pour 10 séances »: the mutuelle's, per session
                out.total_is_mutuelle = True
                f["mutuelle"] = {"per_session": each}
            elif re.search(REIMBURSED_BEFORE, t[:match.start()]):
                out.total = None  # « la sécu m'a remboursé 64,44 € pour 6 séances »: what came back (10,74 € was a price)
            else:
                f["price"] = each
            f.setdefault("sessions", int(sessions))
            take(match)

    # Price per session: any other amount, or a number right after the sessions (« 10 séances à 17,90 »).
    # Not when a total gave it (« j'ai payé 179 € pour 10 séances et la sécu m'a rendu 97,40 € »: 97,40 € replaced it).
    for price in [] if "price" in f else [*re.finditer(NUMBER + EURO, t), *re.finditer(UNITLESS_PRICE, t),
                                          *re.finditer(UNITLESS_PRICE_PER_SESSION, t), *re.finditer(UNITLESS_PRICE_VERB, t),
                                          *re.finditer(UNITLESS_PRICE_OF_SESSIONS, t)]:
        if re.search(REIMBURSED_BEFORE, t[:price.start(1)]):
            continue  # « j'ai été remboursé 0 € », « la sécu m'a remboursé 5 € »: what came back, not the price
        if free(price, 1):  # its number: « 10 séances » before a unitless price is already taken
            f["price"] = _signed(t, price)  # « à -20 € » keeps its sign, for the calculator to refuse it
            take(price)
            break

    out.kine_asker = re.search(KINE_ASKER, t) is not None  # « chui kiné », « jsuis kiné » too
    # Place, distance, zone.
    if re.search(HOME_VISIT, t):
        f["domicile"] = out.home_visit_said = True
    elif re.search(r"au cabinet|en cabinet|cabinet", t) or re.search(PRACTICE_AT_DISTANCE, t):
        f["domicile"] = False
    out.split_place = split_place(t)
    if out.split_place:  # « 10 séances au cabinet et 5 à domicile »: the practice's first (said by interpret)
        f["sessions"], f["domicile"] = out.split_place[0], False
    distance = re.search(NUMBER + r"\s*(?:km|kilometres?)\b", t)
    # « le cabinet de mon kiné est à 10 km de chez moi » without a home visit: sessions at the practice, where no
    # distance counts (it was read as a home visit at 10 km: the IFD and the IK added to every session).
    out.distance_said = distance is not None
    if distance and f.get("domicile") is False and not re.search(SESSIONS_AT_PRACTICE, t):
        out.practice_km = _number(_decimal(distance.group(1)))
    if distance and f.get("domicile") is not False:
        # « à -5 km » keeps its sign, for the calculator to refuse it, as a price does
        negative = re.search(r"(?:^|[^\d\s])\s*[-\u2212]\s*$", t[:distance.start(1)]) is not None
        f["distance_km"] = _number(-_decimal(distance.group(1)) if negative else _decimal(distance.group(1)))
        f["domicile"] = True
    if re.search(r"montagne", t):
        f["zone"] = "montagne"
    elif re.search(r"a pied|a ski|en ski", t):
        f["zone"] = "pied_ski"

    # Status of the patient and of the kiné.
    # The card masked (same offsets) where the pension is looked for; only « invalid… » can name it.
    without_card = re.sub(DISABILITY_CARD, lambda m: " " * len(m.group(0)), t) if "invalid" in t else t
    for pattern, case in PRISE_EN_CHARGE_PATTERNS:
        said = without_card if case == "invalidite" else t
        stated = [m for m in re.finditer(pattern, said) if not _denied(said[:m.start()], case)]
        if stated and case in ("ald", "at_mp") and re.search(UNRELATED_TO_COVER, t):
            out.unrelated_cover = case  # the usual rate for this care (interpret says why)
            out.no_prise_en_charge_100 = True
            break
        if stated:
            f["prise_en_charge_100"] = case
            break
        if re.search(pattern, said):
            out.no_prise_en_charge_100 = True
    if unnamed and "prise_en_charge_100" not in f and not out.no_prise_en_charge_100:
        f["prise_en_charge_100"] = "ald"
        out.unnamed_cover = True
    if "prise_en_charge_100" in f:
        out.no_prise_en_charge_100 = False
    rente = re.search(RENTE_AT_MP, t)
    if rente and f.get("prise_en_charge_100") in (None, "at_mp") and not _denied(t[:rente.start()], "at_mp"):
        f["prise_en_charge_100"] = _rente_cover(t[rente.start():])
        out.no_prise_en_charge_100 = False
    what_if_month = None if "prise_en_charge_100" in f else re.search(PREGNANCY_MONTH_WHAT_IF, t)
    if what_if_month and not re.search(MINOR_WORDS, t):
        f["prise_en_charge_100"] = "maternite"
        f["mois_grossesse"] = int(what_if_month.group(1))
    pregnant = f.get("prise_en_charge_100") == "maternite"
    # « je suis en ALD et enceinte de 7 mois »: the ALD is kept, and the month too, with which the calculator
    # applies the maternity cover (every session, no franchise) from its first month.
    also_pregnant = not pregnant and "prise_en_charge_100" in f and any(
        not _denied(t[:m.start()], "maternite") for m in re.finditer(MATERNITY_WORDS, t))
    if also_pregnant and "mois_grossesse" not in f:
        month = re.search(PREGNANCY_MONTH, t)
        if month:
            f["mois_grossesse"] = int(next(group for group in month.groups() if group))
    if pregnant and "mois_grossesse" not in f:
        month = re.search(PREGNANCY_MONTH, t)
        if month:
            f["mois_grossesse"] = int(next(group for group in month.groups() if group))
        elif re.search(POST_PARTUM_WORDS, t):
            f["post_partum"] = True
    if re.search(ALSACE_MOSELLE_WORDS, t):
        f["regime"] = "alsace_moselle"
    elif re.search(r"regime general", t):
        f["regime"] = "general"
    if re.search(DROM_WORDS, t):
        f["drom"] = True
    elif re.search(METROPOLE_WORDS, t):
        f["drom"] = False
    if re.search(PRESCRIBER_NOT_CONVENTIONNE, t):
        f["prescripteur_non_conventionne"] = True
    kine = kine_status_words(t)
    if re.search(EITHER_CONVENTIONNE, kine):
        pass  # a question on the status, not a statement of it
    elif re.search(NOT_CONVENTIONNE_WORDS, kine):
        f["conventionne"] = False
    elif re.search(rf"\b{CONVENTIONNE_WORD}", kine):
        f["conventionne"] = True
    if re.search(HORS_NOMENCLATURE_WORDS, t):
        f["hors_nomenclature"] = True
    age = _age(t, pregnant)
    if age is not None:
        f["age"] = age
    kin = re.search(CHILD_WITHOUT_AGE, t) if age == MINOR_AGE_ASSUMED else None
    if kin and not re.search(AGE_SAID, t):  # « ma fille » and no age: a minor, said so (she may be 25)
        out.child_age_assumed = kin.group(1) or kin.group(2)

    # Date: "en 2025" (middle of that year), "au 15/03/2025", "le 1er juillet 2027", "en juillet 2027"
    # (the month's first day); a year or a month without its day is said back (bot.dialogue.interpret).
    explicit = re.search(r"\b(\d{1,2})/(\d{1,2})/(20\d{2})\b", t)
    # « depuis mai 2025 » is when the trouble began, not the sessions' date.
    named = next((m for m in re.finditer(NAMED_DATE, t) if not re.search(SINCE, t[:m.start()])), None)
    year = re.search(r"\b(?:en|de|pour|annee)\s+(20[1-9]\d)\b", t)
    if explicit:
        day, month, yyyy = explicit.groups()
        f["date"] = f"{yyyy}-{int(month):02d}-{int(day):02d}"
    elif named:  # without its day, the month's first, said in the result's notes
        day, month, yyyy = named.groups()
        (f if day else out.to_confirm)["date"] = f"{yyyy}-{MONTHS.index(month) + 1:02d}-{int(day or 1):02d}"
    elif year:
        out.to_confirm["date"] = mid_year(int(year.group(1)))
    else:  # « 10 séances l'an prochain »: next year, as « en 2027 » (its date is interpret's, which knows today)
        out.next_year = re.search(r"\b(?:l'(?:an|annee)\s+prochaine?|l'an\s+qui\s+vient)\b", t) is not None
    return out


def _rente_cover(said: str) -> str:
    """« rente AT à 80 % »: `rente_at` (every care at 100 %) from the minimum rate of incapacity on, else
    `at_mp` (the care the accident calls for); a rente without its rate, `at_mp`."""
    from bot.parameters import default_parameters  # parsing reads text; only this rule needs a figure
    import datetime as dt
    minimum = default_parameters().at("rente_at_mp.taux_incapacite_minimum", dt.date.today()).value
    if re.search(TWO_THIRDS, said):
        return "rente_at"
    rate = re.search(NUMBER + r"\s*%", said)  # a rate above 100 % is none: the accident's cover only
    return "rente_at" if rate and minimum <= _decimal(rate.group(1)) <= 100 else "at_mp"


def _denied(before: str, case: str) -> bool:
    """Whether the words before a cover's name deny it (« pas en ALD »); « plus enceinte » does not."""
    denied = re.search(NOT_COVERED, before)
    return bool(denied) and not (case == "maternite" and denied.group(0).startswith("plus"))


# Children counted, not a patient: « j'ai 2 enfants, 10 séances pour moi » (a minor without franchise until the
# twenty-ninth session), « mère de 3 enfants », « 2 enfants à charge ».
CHILDREN_COUNTED = (r"\b(?:j'?\s*ai|on\s+a|nous\s+avons|avec|mere|pere|maman|papa|parent)\s+(?:de\s+)?\d+\s+"
                    r"(?:jeunes\s+|petits\s+)?enfants\b|\b\d+\s+enfants\s+a\s+charge\b")


def _age(t: str, pregnant: bool) -> Optional[int]:
    """The patient's age in years from normalised text, or None.

    "moins de 18 ans" is 17, "plus de 65 ans" 66; months make a baby (0 year),
    except the months of a pregnancy; an adult named without an age is 18 (« mon
    fils majeur »), a child 17, a baby 0; "depuis 2 ans" is a duration, not an age, nor "2 ans de plus".
    """
    # « 2 ans de plus », « 3 ans plus tard » are a difference or a delay, not an age.
    for match in re.finditer(r"(?:(moins|plus)\s+de\s+)?(\d{1,3})\s*ans\b(?!\s+(?:de (?:plus|moins)|plus tard))", t):
        if re.search(NOT_AN_AGE, t[:match.start()]):
            continue
        years = int(match.group(2))
        if match.group(1) == "moins":
            return max(years - 1, 0)
        return years + 1 if match.group(1) == "plus" else years
    if not pregnant:
        months = re.search(AGE_IN_MONTHS, t)
        if months:
            return int(months.group(1)) // 12
        if re.search(r"nourrisson|\bbebe\b|nouveau[- ]ne", t):
            return 0
    if re.search(ADULT_WORDS, t):
        return 18
    minor = re.search(MINOR_WORDS, re.sub(CHILDREN_COUNTED, " ", t))  # « j'ai 2 enfants »: no minor patient
    if minor and not (pregnant and re.search(r"\bbebe\b|\benfant\b", t)):
        return MINOR_AGE_ASSUMED
    return None


# The first words of a short what-if before a bare number: « et pour 20 ? », « et si j'en fais 15 ? ».
WHAT_IF_LEAD = (r"(?:(?:et|mais)\s+)?(?:(?:pour|avec|si\s+c'est|si\s+j'en\s+(?:fais|fait|ai|faisais)|"
                r"j'?en\s+(?:ai|fais|aurai|ferai))\s+)?")


def session_range(t: str, noun: bool = False) -> Optional[Tuple[int, int]]:
    """Two numbers of sessions given as a range in normalised text (« entre 10 et 15 », « 15 ou 20 »),
    lowest first, or None; with `noun`, only when « séances » follows (« 10 à 15 séances »).

    >>> session_range("le kine a dit entre 10 et 15"), session_range("15 ou 20"), session_range("10 a 15 km")
    ((10, 15), (15, 20), None)
    >>> session_range("10 seances, 2 a 3 par semaine"), session_range("10 a 15 seances", noun=True)
    (None, (10, 15))
    """
    after = (r"\s*" + SESSION_WORDS + r"\b(?!\s*(?:par|/)\s)") if noun else (
        r"\b(?!\s*(?:km|kilometres?|%|€|euros?|e\b|ans?\b|mois|jours?|semaines?|min|h\b|par\b|/|fois|[.,]\d))")
    match = re.search(r"(?:\bentre\s+)?\b(\d+)\s*(?:et|a|ou|-)\s*(\d+)" + after, t)
    if not match:
        return None
    low, high = sorted((int(match.group(1)), int(match.group(2))))
    return (low, high) if 0 < low < high else None


# The first words of a value corrected or given again (« non en fait c'est 25 », « plutôt 12 », « finalement ce sera 15 »:
# « c'est 25 » was not read, and the count asked again as if nothing had been said)
CORRECTION_LEAD = (r"(?:(?:non|ah|oups|pardon|euh|bon|ok|oui)\s*,?\s+)?(?:(?:en\s+fait|plutot|finalement|enfin)\s*,?\s+)?"
                   r"(?:(?:c'?\s*est|ce\s+sera|ca\s+sera|ca\s+fait|(?:il\s+)?y\s+en\s+a|j'?en\s+ai)\s+)?")


def parse_count(text: str) -> Optional[int]:
    """A bare number of sessions ("10", "dix", "12 séances", "et pour 20 ?", "non en fait c'est 25"), or None.

    >>> [parse_count(t) for t in ("25", "non en fait c'est 25", "c'est 25 séances", "plutôt 12", "y en a 8", "c'est 25 €")]
    [25, 25, 25, 12, 8, None]
    """
    t = normalise(text)
    match = re.fullmatch(CORRECTION_LEAD + WHAT_IF_LEAD + r"(\d+)(?:\s*" + SESSION_WORDS + r")?\s*[.?!]?", t)
    return int(match.group(1)) if match else None


def parse_amount(text: str) -> Optional[Decimal]:
    """A bare amount ("80", "80 €", "17,90 euros", "quatre-vingts balles", "non c'est 25 €"), or None."""
    t = normalise(text)
    match = re.fullmatch(CORRECTION_LEAD + NUMBER + r"(?:" + EURO + r")?\s*(?:par\s+" + SESSION_WORDS
                         + r"|la\s+" + SESSION_WORDS + r")?\.?", t)
    return _decimal(match.group(1)) if match else None
