"""The calculator conversation, without Rasa: what each answer fills, what to ask next.

The Rasa form (actions/calculation.py) keeps its state in slots, each a small
JSON value holding calculator fields:

- `calc_sessions`: the number of sessions (int);
- `calc_acte`: {"act": ...} | {"coefficient": ...} | {"price": ...}, or an act
  (or coefficient) with the price the kiné charges: the tariff is the base and
  the rest a dépassement;
- `calc_prix_eleve`: asked only when a price is above every conventionné tariff
  and the kiné's status is unknown (non conventionné, dépassement, hors nomenclature);
- `calc_soin`: asked when a conventionné price matches no tariff and the care,
  which sets the base, is unknown (its answer goes into `calc_acte`);
- `calc_mutuelle`: {"mutuelle": null | {"br_percent": N} | {"tm_percent": N} | {"fr_percent": N} | {"per_session": €} |
  {"annual": €}};
- `calc_situation`: the other fields (conventionne, domicile, prise_en_charge_100,
  mois_grossesse, post_partum, regime, age, drom, hors_nomenclature, depassement,
  distance_km, zone, date);
- `calc_grossesse`: asked when a pregnancy is mentioned without its month:
  "avant_6" | "6_plus" | "post_partum";
- `calc_rythme`: half of a rhythm, kept until the other half gives the count:
  {"per_week": 3} (« 3 séances par semaine ») or {"weeks": 8} (« pendant 2 mois »).
- `calc_pathologie`: a pathology whose acts differ by where the rehabilitation bears, its group in
  bot/parameters/cotations.yml (« sclérose en plaques »: "neuro_evolutive"), until the care said picks its act.

Every value, typed, clicked or sent as "/inform{...}" entities, goes through
the calculator's own validation (`parse_input`) before it is kept.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from bot.calculator import BASIC_ACT, POST_PARTUM_ACT, bilans_billed, coded_act, compute, session_tariff, tariff_of
from bot.cotations import (coefficient_text, group_cotations, is_localised, localised_cotation, named_cotations,
                           named_group, neurological_act_note, neurological_acts_line, own_act_note)
from bot.explain import amount_explanations
from bot.money import euros, number
from bot.parameters import Parameters, default_parameters
from bot.parsing import (ACCIDENT_BY_SOMEONE, CONVENTIONNE_WORD, CORRECTION_LEAD, DENTISTE, DISABILITY_CARD,
                         EITHER_CONVENTIONNE, HORS_NOMENCLATURE_WORDS, HOME_VISIT, KINE_ASKER, KINE_PROFESSION,
                         MAX_PER_DAY, MAX_PER_WEEK, MAYOTTE,
                         NOT_CONVENTIONNE_WORDS, OSTEOPATHIE, PERINEAL, PRESCRIBER_NOT_CONVENTIONNE, PRESCRIBER_STATUS,
                         PRESCRIPTION_NAMED, REIMBURSEMENT_ASKED, SAGE_FEMME, STATUS_WITHOUT_EFFECT, TRAVEL_ALLOWANCES,
                         WEEKS_PER_MONTH, WHAT_IF_LEAD,
                         ParsedRequest, ald_list_disease, days_since_birth, kine_status_words, mid_year, normalise,
                         parse_amount, parse_count, parse_request, patient_named, session_range)
from bot.request import (ACTS_WITHOUT_BALNEO, BILAN_ACTS, FIELDS, MAX_PRICE, NO_MUTUELLE_COVER, CalculatorInputError,
                         mutuelle_of, parse_input)
from bot.topics import TOPIC_TITLES
from bot.wording import (ACCIDENT_BY_SOMEONE_NOTE, ASKER, BALNEO_LEFT_OUT, BILAN_PRICE_NOT_THE_SESSIONS, CHOICE_LABELS,
                          OSTEOPATHIE_LINE, OTHER_PRESCRIBER_COUNTED, OTHER_PRESCRIBER_LINE, PRICE_SAID_AGAIN,
                          PRICE_SAID_BEFORE_BELOW, PRISE_EN_CHARGE_LABELS, SAGE_FEMME_PRESCRIPTION,
                          SESSIONS_PRICE_NOT_THE_BILAN, STATUS_WITHOUT_EFFECT_NOTE, UNNAMED_FULL_COVER, Audience,
                          ald_list_line, audience, bilans_of_a_course, child_age_assumed, course_again,
                          disability_card_line, forfait_beside_rate, mutuelle_guarantee, off_hours_note,
                          perineal_too_early, plural, share_of_depassements, split_place_note, unrelated_cover_note)

# A full cover alone, in answer to the situation's question (« 100 % », « je suis à 100 % sécu », « prise en charge
# à 100 % »); normalised text.
SITUATION_FULL_COVER = re.compile(r"(?:oui\s*,?\s*)?(?:je\s+suis\s+|il\s+est\s+|elle\s+est\s+|j'ai\s+(?:une\s+|le\s+)?)?"
                                  r"(?:(?:pris|prise)e?s?\s+en\s+charge\s+)?(?:a\s+)?100\s*%(?:\s+(?:par\s+)?(?:la\s+)?"
                                  r"(?:secu\w*|securite\s+sociale|assurance\s+maladie|cpam))?\s*[.!]*")

# Half of a rhythm said without the other (« 3 séances par semaine »): {"per_week": 3} or {"weeks": 8}.
RHYTHM_SLOT = "calc_rythme"
# What the user said is left to pay (« il me reste 81,60 € pour 10 séances, c'est normal ? »), compared with the next
# result: {"amount": €, "per_session": bool}.
LEFT_TO_PAY_SLOT = "calc_reste_dit"
# A pathology named whose acts differ by where the rehabilitation bears (« sclérose en plaques »: NMI 8,51 for one limb,
# NMI 10 for more), its group in bot/parameters/cotations.yml: the care said next (« les jambes et le dos ») picks its
# act (bot.cotations.localised_cotation), not the orthopaedic one of the same extent.
PATHOLOGY_SLOT = "calc_pathologie"
SLOTS = ("calc_sessions", "calc_acte", "calc_prix_eleve", "calc_soin", "calc_mutuelle", "calc_situation",
         "calc_grossesse", RHYTHM_SLOT, LEFT_TO_PAY_SLOT, PATHOLOGY_SLOT)
# Set when a kiné asks for a patient (bot.parsing.KINE_ASKER): « Et la mutuelle du patient ? », « Reste à la charge du
# patient ».
FOR_PATIENT_SLOT = "calc_pour_patient"
ACTE_FIELDS = ("act", "coefficient", "lettre", "price")
# Kept beside a bilan counted for a course (« 10 séances », then « Bilan »): the course's sessions, counted again when
# another care is asked next (« et pour le genou ? » counted the one bilan).
COURSE_FIELD = "seances_du_traitement"
# Kept beside a care whose tariff is above the price said before (« et le bilan ? » after « 20 € » for the knee), or
# beside a bilan asked after the sessions' price: that price, and whether it was a bilan's ({"price": 20, "bilan":
# False}), counted again when it fits a care of its kind asked next (« et pour l'épaule ? » lost it).
PRICE_SAID_FIELD = "prix_dit_plus_haut"
PREGNANCY_MONTH_FIELD = "mois_grossesse"
POST_PARTUM_FIELD = "post_partum"
SITUATION_FIELDS = ("conventionne", "hors_nomenclature", "depassement", "domicile", "distance_km", "zone",
                    "regime", "drom", "prise_en_charge_100", PREGNANCY_MONTH_FIELD, POST_PARTUM_FIELD, "age", "date",
                    "franchise_already_paid", "prescripteur_non_conventionne", "balneo")

# The asker's situation, as remembered across the conversation (situation_from_text).
REMEMBERED_FIELDS = ("age", "prise_en_charge_100", PREGNANCY_MONTH_FIELD, POST_PARTUM_FIELD, "regime", "drom",
                     "domicile", "distance_km", "zone", "conventionne", "prescripteur_non_conventionne", "balneo")
# A statement about oneself or one's family, not a general question ("c'est quoi l'ALD ?").
PERSONAL = re.compile(r"\b(?:je|j'|moi|mon|ma|mes|nous|notre|nos|(?<!-)on|(?:il|elle)\s+(?:a|est|vient|se)|"
                      r"habite|vis|suis|ai)\b")

DONT_KNOW = re.compile(r"\b(?:sais pas|sais plus|ne sais|aucune idee|j'?en sais rien|jsp|idk|je sais pas|"
                       r"j'?sais pas|chais pas|pas sur|aucune id|(?:ne\s+)?connais pas)\b")
# « oui, j'en ai une » when the mutuelle is asked: a mutuelle whose rate is not said.
HAS_A_MUTUELLE = re.compile(r"^(?:oui|ouais|ouai|yes|bien sur|evidemment)\b(?!.*\b(?:pas|sans|aucune)\b)|"
                            r"^j'?en\s+ai\s+une\b")
# « j'ai la MGEN », « ma mutuelle c'est Harmonie », « mutuelle d'entreprise », said when the mutuelle is
# asked: a mutuelle whose rate is not said. The assistant knows no insurer's contracts: it takes the
# responsible contract, as for « je ne sais pas », and says where the rate is written. A statement only
# (a question is answered as one), with no number (« je suis à 200 » is a rate without its unit), and
# not the Assurance Maladie (« c'est la sécu »).
_INSURER_NAME = r"[a-z][a-z' &.-]{1,40}"
MUTUELLE_NAMED = re.compile(
    r"\b(?:mutuelles?|complementaire|contrat|assurance sante|prevoyance)\b|"
    r"^(?:j'?ai|c'?est|je\s+suis\s+(?:a|au|chez|avec|adherente?\s+(?:a|de|chez)))\s+(?:la|le|l')\s*" + _INSURER_NAME + "$|"
    r"^(?:je\s+suis\s+)?chez\s+" + _INSURER_NAME + "$")
NOT_A_MUTUELLE = re.compile(r"\b(?:secu\w*|securite sociale|assurance maladie|cpam|ameli|caisse)\b|[\d%]|"
                            r"\b(?:quoi|comment|combien|pourquoi|quel\w*)\b")
MUTUELLE_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,9}")  # « MGEN », « AG2R », « MAAF », as typed
# Common insurers named alone or after an article, in any case (« la mgen », « Harmonie », « la Macif »):
# a bare word is read as a mutuelle only from this list, so that « bonjour » or « pardon » is not one.
_INSURERS = (
    r"(?:mgen|maaf|macif|matmut|maif|mma|gmf|axa|allianz|generali|groupama|swiss ?life|"
    r"harmonie(?: mutuelle)?|malakoff(?: humanis)?|humanis|ag2r(?: la mondiale)?|pro ?btp|klesia|aesio|apivia|"
    r"alan|april|ociane|interiale|mnt|mgefi|macsf|mutuelle generale|henner|"
    r"uniprevoyance|solimut|mutuelle bleue|smatis|pacifica|santiane|neoliane|cegema|ugm|mnh|mutuelle familiale|"
    r"mutuelle des motards|mcdef|mfp|mutualite francaise)")
# Whole names only: matched at the start (« la MGEN, et 10 séances ») or the whole message (« la mgen »).
KNOWN_INSURER = re.compile(r"(?:(?:la|le|l'|chez)\s*)?" + _INSURERS + r"\b")
# « …combien pour 12 séances, sachant que j'ai la MGEN ? »: an insurer stated inside a longer message.
INSURER_STATED = re.compile(r"\b(?:j'?ai|je suis (?:a|au|chez|avec)|chez|ma mutuelle(?: c'?est| est)?)\s+(?:la |le |l')?"
                            + _INSURERS + r"\b")
NOT_AN_ACRONYM = re.compile(r"ok|oui|non|nan|si|stop|merci|help|aide|salut|re|bof|top|fin|ras|ald|css|ame|cmu|br")
MUTUELLE_NAMED_NOTE = ("Je ne connais pas les garanties de chaque mutuelle : je suppose un contrat responsable, qui "
                       "paie le ticket modérateur (100 % de la base). Votre taux est sur votre tableau de garanties, "
                       "à la ligne auxiliaires médicaux ou kinésithérapie (souvent en « % BR ») : donnez-le "
                       "(« 200 % ») et je refais le calcul.")


def names_an_insurer(text: str) -> bool:
    """A common insurer's name alone, with or without its article: a value, as a number alone is.

    >>> [names_an_insurer(t) for t in ("la mgen", "Harmonie", "chez Generali.", "la MGEN rembourse ?", "bonjour")]
    [True, True, True, False, False]
    """
    return bool(KNOWN_INSURER.fullmatch(normalise(text).strip().rstrip(".!").strip()))


def names_a_mutuelle(text: str) -> bool:
    """A statement that the asker has a mutuelle, or its name, with no rate.

    >>> [names_a_mutuelle(t) for t in ("j'ai la MGEN", "AG2R", "mutuelle d'entreprise", "je suis chez Harmonie",
    ...                                "la mgen", "Harmonie", "Axa")]
    [True, True, True, True, True, True, True]
    >>> [names_a_mutuelle(t) for t in ("c'est la sécu", "je suis à 200", "c'est quoi une mutuelle ?", "j'ai mal", "OK")]
    [False, False, False, False, False]
    """
    if names_an_insurer(text):
        return True
    t = normalise(text)
    if MUTUELLE_ACRONYM.fullmatch(text.strip().rstrip(".!")):
        return not NOT_AN_ACRONYM.fullmatch(t.rstrip(".!"))
    return not (NOT_A_MUTUELLE.search(t) or "?" in text) and bool(MUTUELLE_NAMED.search(t))


# « c'est pour un AVC », « Parkinson » in answer to « Pour quels soins ? »: the NGAP rates neurological
# rehabilitation by acts of its own (titre XIV, chapitre II, art. 4; bot/parameters/cotations.yml), not among the
# calculator's choices: the closest offered (« Genou, dos, entorse… ») would be a wrong tariff. A condition that
# names one act (an AVC: the hémiplégie's, NMI 9) is counted with it; otherwise its acts are said and asked.
NEURO_CARE = re.compile(r"\b(?:avc|accident vasculaire|hemipleg\w*|paraplegi\w*|tetraplegi\w*|parkinson\w*|"
                        r"sclerose en plaques|sep|neurolog\w*|myopathi\w*|guillain|charcot|sla)\b")
# What to type for a neurological care whose act is not known: the act on the feuille de soins, or a price.
NEURO_CARE_ASK = ("Indiquez l'acte de la feuille de soins ({}){} ou le prix d'une séance, ou répondez « je ne sais "
                  "pas » : je partirai alors de la séance de base, sans garantie.")
# Named in the first message, before the count is asked: announced, not asked, or « je ne sais pas » meant for the
# care was taken as the count (one session).
NEURO_CARE_LATER = ("À la question sur les soins, indiquez l'acte de la feuille de soins ({}){} ou le prix d'une "
                    "séance.")
# Where the rehabilitation bears, for a pathology whose acts differ by it (PATHOLOGY_SLOT).
NEURO_CARE_WHERE = ", où porte la rééducation (« un bras », « les jambes et le dos »)"

# Sessions in water (normalised text): the NGAP's kinébalnéothérapie supplement (titre XIV, chapitre IV).
# Sessions said to be on a Sunday, a public holiday or at night (normalised text).
OFF_HOURS = re.compile(r"\b(?:le|les|un|le\s+samedi\s+et\s+le)\s+dimanches?\b|\bjours?\s+feries?\b|\b(?:la|de)\s+nuit\b|"
                       r"\ble\s+soir\b|\ben\s+soiree\b")
NOTHING_SPECIAL = re.compile(r"^(?:non|nan|aucune?|rien|ras|pas de|normal|standard|rien de (?:special|particulier)|"
                             r"aucune situation|non merci|c'?est tout|cas general)\b")

# Said anywhere in a message, not only as the answer to the situation question.
NO_SITUATION = re.compile(r"\b(?:aucune|pas de|sans)\s+situation(?:\s+particuliere)?\b|\brien de (?:special|particulier)\b|"
                          r"\bcas general\b")

PRIX_ELEVE_CHOICES = {
    "non_conventionne": re.compile(NOT_CONVENTIONNE_WORDS),
    # As an answer to this question, any well-being care or class also means hors nomenclature.
    "hors_nomenclature": re.compile(HORS_NOMENCLATURE_WORDS + r"|bien[- ]etre|massage|cours"),
    "depassement": re.compile(r"depassement|supplement|" + CONVENTIONNE_WORD),
}

# The answer to the question about the month of pregnancy.
GROSSESSE_CHOICES = {
    "post_partum": re.compile(r"post[- ]?natal|post[- ]?partum|accouch|apres (?:la )?naissance|\b(?:est|suis) nee?\b|perine"),
    "avant_6": re.compile(r"moins de 6|avant (?:le )?6|debut|premiers? mois|^[1-5](?:\s*(?:e|eme|er))?(?:\s*mois)?$"),
    "6_plus": re.compile(r"6\s*(?:e|eme)?\s*mois ou plus|6 mois ou plus|(?:plus de|apres|au moins|a partir du) "
                         r"(?:le )?6|fin de grossesse|^[6-9](?:\s*(?:e|eme))?(?:\s*mois)?$"),
}

# Buttons of the question about the care, for each act (the base depends on it).
SOIN_BUTTONS = {
    "membre": "Genou, dos, entorse…",
    "plusieurs_territoires": "Plusieurs régions",
    "respiratoire": "Respiratoire",
    "respiratoire_urgent": "Bronchiolite (urgent)",
    "perineal": "Périnée",
    "abdominal": "Abdominaux",
    "mucoviscidose": "Mucoviscidose",
    "drainage_1_membre": "Drainage (1 membre)",
    "drainage_2_membres": "Drainage (2 membres)",
    "personne_agee_marche": "Personne âgée (marche)",
    "bilan": "Bilan",
    "bilan_neuro": "Bilan neurologique",
}


def _title_key(text: str) -> str:
    return normalise(text).strip().rstrip(".…!? ")


# A care's button title typed or pasted as text (« Genou, dos, entorse… ») is that care: its words name
# several regions, which the parser reads as the act for several territories.
BUTTON_TITLE_ACTS = {_title_key(title): act for act, title in SOIN_BUTTONS.items()}


# A number with no unit, alone or after a what-if's first words (« et pour 20 ? », « et si j'en fais 15 ? »).
BARE_NUMBER = CORRECTION_LEAD + WHAT_IF_LEAD + r"(\d{1,4}(?:[.,]\d{1,2})?)\s*[.!?]?"
UNPLACED_NUMBER = ("« {} » seul : est-ce un nombre de séances ou un prix ? Répondez par exemple « {} séances » "
                   "ou « {} € la séance ».")
# Said before « Pouvez-vous corriger ? » and the count's question again (actions/calculation.py): no question of its own.
BAD_COUNT = "Le nombre de séances doit être un nombre entier et positif (vous avez écrit « {} »)."
BAD_RHYTHM = "Je compte de 1 à {} séances par semaine (deux par jour au plus) ; vous avez écrit « {} par semaine »."
BAD_DAILY_RHYTHM = "Je compte au plus {} séances par jour ; vous avez écrit « {} par jour »."
BAD_RATE = "Un taux d'incapacité ou d'invalidité va de 0 à 100 % (vous avez écrit « {} ») : je n'en tiens pas compte."
ALSACE_NOTE = ("Alsace-Moselle : je compte le régime local (90 %), qui ne vaut que pour ses affiliés ; "
               "si vous n'y êtes pas affilié, dites « régime général ».")
# Mayotte has a health insurance regime of its own, run by its caisse de sécurité sociale (ordonnance n° 96-1122 du
# 20 décembre 1996): the key letter is the DROM's, but whether each rule of the calculation (rate, franchise,
# exemptions) applies there as in the régime général was not checked.
MAYOTTE_NOTE = ("Mayotte : l'assurance maladie y est un régime propre, géré par la caisse de sécurité sociale de "
                "Mayotte (ordonnance n° 96-1122 du 20 décembre 1996) ; je compte la lettre clé des DROM et les "
                "règles du régime général (taux, franchise), sans avoir vérifié qu'elles y valent toutes : confirmez "
                "auprès de la caisse.")
NO_COVER = "pas de prise en charge à 100 % (taux habituel)"
# {}: the month from which the assurance maternité pays (parameter maternite.debut_mois_grossesse).
AVANT_6_NOTE = ("Avant le {}e mois de grossesse, les séances sont remboursées comme d'habitude : "
                "taux habituel et franchise.")


@dataclass
class Update:
    """What one user message changes in the form's slots, and what to tell the user."""

    slots: Dict[str, Any] = field(default_factory=dict)
    notes: List[str] = field(default_factory=list)    # said to the user (assumptions, confirmations)
    errors: List[str] = field(default_factory=list)   # invalid values, with the slot to ask again
    replies: List[str] = field(default_factory=list)  # said at once, before the question is asked again


def situation_from_text(text: str, fields: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """The asker's own situation stated in any user message, in calculator field names.

    Pure function, safe on any text (an FAQ question, a calculator answer).  It
    keeps only the person's situation, never a count, a care, a price or a
    mutuelle, and only what the person says about themselves or their family
    (a general question such as « c'est quoi l'ALD ? » gives {}):

    >>> situation_from_text("ma fille de 13 ans a une scoliose, c'est remboursé ?")
    {'age': 13}
    >>> situation_from_text("j'habite à Strasbourg, c'est 90 % ?")
    {'regime': 'alsace_moselle'}
    >>> situation_from_text("je suis enceinte de 7 mois")
    {'prise_en_charge_100': 'maternite', 'mois_grossesse': 7}

    Keys and values (all optional):
    - `age`: years (int); a baby or an age in months is 0, « mineur », « mon fils » 17;
    - `prise_en_charge_100`: "ald" | "at_mp" | "maternite" | "css" | "ame" | "invalidite" | "rente_at";
      "maternite" without `mois_grossesse` nor `post_partum` means a pregnancy
      whose month is unknown (the calculator form asks it);
    - `mois_grossesse`: month of pregnancy, 1 to 9 (from the 6th: 100 %, no franchise);
    - `post_partum`: True for the rehabilitation after birth;
    - `regime`: "alsace_moselle" (a town or département of Alsace-Moselle, « régime
      local ») or "general";
    - `drom`: True (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte);
    - `domicile` (bool), `distance_km`, `zone`: sessions at home;
    - `conventionne` (bool): the kiné's status;
    - `prescripteur_non_conventionne`: True when a médecin outside the convention prescribed.

    `fields`: the text's parse_request fields, when the caller has them already.
    """
    t = normalise(text)
    fields = parse_request(text).fields if fields is None else fields
    found = {name: fields[name] for name in REMEMBERED_FIELDS if name in fields}
    if not PERSONAL.search(t):
        # Only an age or a month stated with its number is personal by itself; not in a what-if
        # (« et à 7 mois ? », « et à 16 ans ? »), which is hypothetical.
        found = {} if WHAT_IF.match(t) else {
            name: value for name, value in found.items()
            if (name == "age" and re.search(r"\d\s*(?:ans|mois)\b", t))
            or name in (PREGNANCY_MONTH_FIELD, "prise_en_charge_100") and PREGNANCY_MONTH_FIELD in found}
    return found


def situation_phrases(situation: Mapping[str, Any]) -> List[str]:
    """Short French phrases naming a situation from situation_from_text, in a stable order.

    >>> situation_phrases({"age": 13, "regime": "alsace_moselle"})
    ['patient de moins de 18 ans (13 ans)', "régime local d'Alsace-Moselle (si vous y êtes affilié)"]
    """
    phrases = []
    age = situation.get("age")
    if age is not None:
        phrases.append("patient de moins de 18 ans" + (f" ({age} ans)" if 0 < age < 17 else "")
                       if age < 18 else f"patient de {age} ans")
    case = situation.get("prise_en_charge_100")
    if case == "maternite":
        month = situation.get(PREGNANCY_MONTH_FIELD)
        phrases.append("rééducation après l'accouchement" if situation.get(POST_PARTUM_FIELD)
                       else f"grossesse, {month}e mois" if month else "grossesse (mois à préciser)")
    elif case:
        phrases.append(PRISE_EN_CHARGE_LABELS[case])
        if situation.get(PREGNANCY_MONTH_FIELD):  # « en ALD et enceinte de 7 mois »
            phrases.append(f"grossesse, {situation[PREGNANCY_MONTH_FIELD]}e mois")
    if situation.get("regime") == "alsace_moselle":
        phrases.append("régime local d'Alsace-Moselle (si vous y êtes affilié)")
    if situation.get("drom"):
        phrases.append("outre-mer (DROM)")
    # The distance or the zone said alone (« à 3 km » once the home visit is known) is said too.
    place = (["séances à domicile"] if situation.get("domicile") else []) + \
        ([f"à {number(Decimal(str(situation['distance_km'])))} km"] if situation.get("distance_km") else []) + \
        ([f"zone : {CHOICE_LABELS['zone'][situation['zone']]}"] if situation.get("zone") else [])
    if place:
        phrases.append(", ".join(place))
    if situation.get("balneo"):  # « en balnéo »: the supplement counted, said back
        phrases.append(f"kinébalnéothérapie en {situation['balneo']}")
    if situation.get("conventionne") is False:
        phrases.append("kiné non conventionné")
    elif situation.get("conventionne"):
        phrases.append("kiné conventionné")
    if situation.get("prescripteur_non_conventionne"):
        phrases.append("ordonnance d'un médecin non conventionné")
    return phrases


def _validated(fields: Mapping[str, Any], params: Parameters) -> Tuple[Dict[str, Any], Optional[str]]:
    """Keep fields the calculator accepts; return the French error of the first one it refuses."""
    kept: Dict[str, Any] = {}
    for name, value in fields.items():
        if name not in FIELDS:  # read by request_from_slots only (checked by the parser)
            kept[name] = value
            continue
        probe = {name: value}
        if name == "hors_nomenclature" and value is True:
            probe["price"] = 1  # its price is a field of its own, checked with the care
        if name == "lettre":
            probe["coefficient"] = 1  # a key letter goes with its coefficient, checked on its own
        try:
            parse_input(probe, params)
        except CalculatorInputError as error:
            return kept, error.message
        kept[name] = value
    return kept, None


def _entities(entities: Iterable[Mapping[str, Any]]) -> Dict[str, Any]:
    """Calculator fields sent as entities ("/inform{"sessions": 10}" or buttons)."""
    found = {}
    for entity in entities or []:
        name = entity.get("entity")
        if name in FIELDS:
            found[name] = entity.get("value")
    return found


def _rhythm_note(sessions: int, rhythm: Optional[Tuple[int, int]], daily: Optional[Tuple[int, int]] = None,
                 every: Optional[Tuple[int, int]] = None) -> str:
    """« Je compte 24 séances (3 par semaine pendant 8 semaines) : corrigez-moi… »: a count the user did not say.

    >>> _rhythm_note(6, None, every=(15, 84)).startswith("Je compte 6 séances (une tous les 15 jours pendant 12 semaines")
    True
    """
    why = (f"{rhythm[0]} par semaine pendant {rhythm[1]} semaines" if rhythm else
           f"{daily[0]} par jour pendant {plural(daily[1], 'jour')}" if daily else
           f"une tous les {every[0]} jours pendant " + (plural(every[1] // 7, "semaine") if every[1] % 7 == 0 else
                                                           plural(every[1], "jour")) + ", la première le premier jour"
           if every else
           "vous avez écrit un nombre approximatif")
    return f"Je compte {sessions} séances ({why}) : corrigez-moi au besoin, par exemple « non, 12 séances »."


def sessions_question(slots: Mapping[str, Any]) -> Optional[Tuple[str, List[Dict[str, str]]]]:
    """The count's question when half of a rhythm is known (« 3 séances par semaine »: for how long?), with
    its buttons; None for the plain question (the domain's utter_ask_calc_sessions)."""
    rhythm = slots.get(RHYTHM_SLOT) or {}
    if rhythm.get("per_week"):
        return (f"À {rhythm['per_week']} par semaine, pendant combien de temps ? (par exemple « 6 semaines » ou "
                "« 2 mois » ; ou le nombre total de séances)",
                [{"title": t, "payload": f"pendant {t}"} for t in ("4 semaines", "6 semaines", "2 mois", "3 mois")])
    if rhythm.get("weeks"):
        return (f"Sur {rhythm['weeks']} semaines, combien de séances par semaine ? (ou le nombre total de séances)",
                [{"title": f"{n} par semaine", "payload": f"{plural(n, 'séance')} par semaine"} for n in (1, 2, 3)])
    return None


SESSION_RANGE_NOTE = ("Je compte {1} séances (entre {0} et {1} : le haut de la fourchette, pour ne pas sous-estimer) : "
                      "corrigez-moi au besoin, par exemple « non, {0} séances ».")
TOTAL_MUTUELLE_NOTE = ("Je compte que votre mutuelle paie {} par séance ({} pour {}) : corrigez-moi au besoin, par "
                       "exemple « mutuelle 200 % ».")
def _counted(sessions: int, how: str = "") -> str:
    """« Je compte 15 séances en tout. »: the count a what-if's factor, series or addition gives."""
    return f"Je compte {plural(sessions, 'séance')}{how}."


UNKNOWN_LENGTH_NOTE = ("Durée inconnue : je calcule pour une semaine, soit {} : corrigez-moi au besoin, par "
                       "exemple « non, {} séances » pour deux mois.")
UNKNOWN_PER_WEEK_NOTE = ("Rythme inconnu : je calcule pour une séance par semaine, soit {} : corrigez-moi au "
                         "besoin, par exemple « non, {} séances » pour deux par semaine.")
TOTAL_PRICE_NOTE = ("Je compte {} la séance ({} pour {}) : corrigez-moi au besoin, par exemple "
                    "« non, 30 € la séance ».")


def other_prescriber(text: str) -> str:
    """Who other than a médecin is named with a prescription (« sage-femme », « chirurgien-dentiste »), or "".

    >>> other_prescriber("ma sage femme m'a fait une ordo"), other_prescriber("la sage-femme fait le périnée ?")
    ('sage-femme', '')
    >>> other_prescriber("mon dentiste m'envoie chez le kiné"), other_prescriber("ma sage femme m a adressée à une kiné")
    ('chirurgien-dentiste', 'sage-femme')
    >>> other_prescriber("mon dentiste m'a donné l'adresse d'un kiné")
    ''
    >>> other_prescriber("ma sage-femme m'a dit de faire 10 séances de kiné pour les abdos")
    'sage-femme'
    """
    t = normalise(text)
    if not re.search(PRESCRIPTION_NAMED, t):
        return ""
    named = (("sage-femme", SAGE_FEMME), ("chirurgien-dentiste", DENTISTE))
    return " ou de ".join(name for name, pattern in named if re.search(pattern, t))


def prescriber_lines(text: str) -> List[str]:
    """A sage-femme or a dentist named as the prescriber of kiné sessions: their prescription does not suffice.

    >>> line, = prescriber_lines("ma sage femme peut me prescrire de la kiné pour le périnée ?")
    >>> line.startswith("Une ordonnance de sage-femme ne suffit pas"), line.endswith(SAGE_FEMME_PRESCRIPTION)
    (True, True)
    >>> prescriber_lines("je suis kiné, une patiente arrive avec une ordo de sa sage-femme, je peux la prendre ?") == [line]
    True
    >>> prescriber_lines("une ordonnance du dentiste pour la mâchoire, c'est remboursé ?")
    ['Une ordonnance de chirurgien-dentiste ne suffit pas pour des séances de kiné remboursées : la NGAP (titre XIV) demande une prescription écrite « du médecin ».']
    >>> prescriber_lines("la sage-femme peut faire la rééducation du périnée ?"), prescriber_lines("mon médecin m'a prescrit 10 séances")
    ([], [])
    """
    who = other_prescriber(text)
    return [_prescriber_line(who)] if who else []


def _prescriber_line(who: str) -> str:
    """The line for `who` (other_prescriber): the NGAP's rule, and the CNAMTS's word on a sage-femme's."""
    return OTHER_PRESCRIBER_LINE.format(who=who) + (" " + SAGE_FEMME_PRESCRIPTION if "sage-femme" in who else "")


def interpret(text: str, requested: Optional[str], entities: Iterable[Mapping[str, Any]] = (),
              intent: str = "", current: Optional[Mapping[str, Any]] = None,
              params: Optional[Parameters] = None, today: Optional[dt.date] = None) -> Update:
    """Reads one user message in the calculator conversation.

    `requested` is the slot the assistant just asked for: a bare answer ("12",
    "aucune", "je ne sais pas") fills it.  Any value the message states fills
    its own slot too, so "non, 12 séances" corrects the count at any time.
    """
    params = params or default_parameters()
    current = current or {}
    update = Update()
    said_count: List[str] = []  # notes saying a count the user did not write, dropped if the count is refused

    def count_note(note: str) -> None:
        update.notes.append(note)
        said_count.append(note)

    parsed = parse_request(text)
    fields = {**parsed.fields, **_entities(entities)}
    titled = BUTTON_TITLE_ACTS.get(_title_key(text))
    if titled:  # « Genou, dos, entorse… » typed: the button's care
        fields["act"] = titled
    coded = coded_act(parsed.key_letter, fields.get("coefficient"), _when(current, today), params)
    if coded:  # « 10 séances de RPE 8,5 à domicile »: that act, with its own travel allowance (the IFS)
        fields["act"] = coded
        del fields["coefficient"], fields["lettre"]
    if fields.get("act") == BASIC_ACT:  # « 20 séances pour une prothèse de genou »: its act, said
        named = named_cotations(text, _when(current, today), params)
        if len(named) == 1:
            update.notes.append(own_act_note(named[0], _when(current, today), params))
    t = normalise(text)
    dont_know = bool(DONT_KNOW.search(t))
    if parsed.kine_asker:  # « je suis kiné, mon patient… »: the questions and the result name the patient
        update.slots[FOR_PATIENT_SLOT] = True
    # « ma sage-femme m'a prescrit 10 séances »: said at once that it does not suffice; the result counts a médecin's
    prescriber = other_prescriber(text)
    if prescriber:
        update.replies.append(_prescriber_line(prescriber))
        update.notes.append(OTHER_PRESCRIBER_COUNTED.format(who=prescriber))

    # « j'ai accouché il y a 1 mois, 10 séances pour le périnée »: a kiné may start on the 90th day (CSP R.4321-5)
    since_birth = days_since_birth(t)
    if since_birth is not None and (re.search(PERINEAL, t) or POST_PARTUM_ACT in (
            fields.get("act"), (current.get("calc_acte") or {}).get("act"))):
        start = int(params.at("maternite.perinee_kine_debut_jours", _when(current, today)).value)
        if since_birth < start:
            update.notes.append(perineal_too_early(start))

    # A count that cannot be right ("2,5 séances", "-5") is questioned, never rounded.
    bad_count = parsed.invalid.get("sessions")
    if requested == "calc_sessions" and bad_count is None:
        bare = re.fullmatch(CORRECTION_LEAD + r"(-\s*\d+(?:[.,]\d+)?|\d+[.,]\d+)\.?", t)
        bad_count = bare.group(1) if bare else None
    # A count that cannot be right, or a rhythm out of range (« 12 fois par semaine », « 5 fois par jour »): said,
    # and the count asked again.
    refused = ([BAD_COUNT.format(bad_count.replace(".", ","))] if bad_count is not None else []) + \
        [message.format(limit, parsed.invalid[key]) for key, message, limit in
         (("per_week", BAD_RHYTHM, MAX_PER_WEEK), ("per_day", BAD_DAILY_RHYTHM, MAX_PER_DAY)) if key in parsed.invalid]
    if "sessions" not in fields and refused:
        update.errors.extend(refused)
        update.slots["calc_sessions"] = None
        bad_count = bad_count or parsed.invalid.get("per_week") or parsed.invalid.get("per_day")
    if "taux_incapacite" in parsed.invalid:  # « je suis invalide à 1000 % »
        update.errors.append(BAD_RATE.format(parsed.invalid["taux_incapacite"]))

    # Loose values: take them and say so (the user can correct).
    if "sessions" not in fields and "sessions" in parsed.to_confirm:
        fields["sessions"] = parsed.to_confirm["sessions"]
        count_note(_rhythm_note(fields["sessions"], parsed.rhythm, parsed.daily, parsed.every))
    # A rhythm and its length said apart (« 3 séances par semaine », then « pendant 2 mois »): each is kept
    # until the other comes; a length alone counts only as the answer to the count's question.
    kept = dict(current.get(RHYTHM_SLOT) or {})
    said = {**({"per_week": parsed.per_week} if parsed.per_week else {}),
            **({"weeks": parsed.weeks} if parsed.weeks and (requested == "calc_sessions" or kept) else {})}
    if said and "sessions" not in fields and current.get("calc_sessions") is None:
        rhythm = {**kept, **said}
        if "per_week" in rhythm and "weeks" in rhythm:
            fields["sessions"] = rhythm["per_week"] * rhythm["weeks"]
            count_note(_rhythm_note(fields["sessions"], (rhythm["per_week"], rhythm["weeks"])))
            update.slots[RHYTHM_SLOT] = None
        else:
            update.slots[RHYTHM_SLOT] = rhythm
    if parsed.total and parsed.total_is_mutuelle and "per_session" in (fields.get("mutuelle") or {}):
        update.notes.append(TOTAL_MUTUELLE_NOTE.format(euros(Decimal(str(fields["mutuelle"]["per_session"]))),
                                                       euros(Decimal(str(parsed.total[0]))),
                                                       plural(parsed.total[1], "séance")))
    elif parsed.total and fields.get("price") is not None:  # « 300 € pour 10 séances »
        update.notes.append(TOTAL_PRICE_NOTE.format(euros(Decimal(str(fields["price"]))),
                                                    euros(Decimal(str(parsed.total[0]))),
                                                    plural(parsed.total[1], "séance")))
    # What the message says of the mutuelle beside its guarantee, not counted: a forfait, a share of the dépassements.
    guarantee = None
    if fields.get("mutuelle") and (parsed.forfait_beside_rate or parsed.share_of_depassements is not None):
        said = mutuelle_of(fields["mutuelle"])
        guarantee = mutuelle_guarantee(said.kind, said.amount, said.cap)
    who = slots_audience({**current, **update.slots})  # a kiné asking for a patient: « la mutuelle du patient »
    if parsed.forfait_beside_rate and guarantee:  # « 200 % BR plus un forfait de 100 € par an »
        update.notes.append(forfait_beside_rate(*parsed.forfait_beside_rate, guarantee, who))
    if parsed.share_of_depassements is not None:  # « 50 % des dépassements »: the rate of the base is still needed
        line = share_of_depassements(parsed.share_of_depassements, guarantee, who)
        if requested == "calc_mutuelle" and not guarantee:  # said now, before the question comes again
            update.replies.append(line)
            update.slots["calc_mutuelle"] = None
        else:
            update.notes.append(line)
    if parsed.split_place:  # « 10 séances au cabinet et 5 à domicile »: the practice's counted, the way to the others said
        update.notes.append(split_place_note(*parsed.split_place))
    if parsed.child_age_assumed and fields.get("age") is not None:  # « ma fille » without her age: a minor, said
        minimum = params.at("franchise.exonerations.age_minimum", _date(fields, today)).value
        update.notes.append(child_age_assumed(parsed.child_age_assumed, minimum))
    if parsed.left_to_pay is not None:  # compared with the result (left_to_pay_line)
        amount, per_session = parsed.left_to_pay
        update.slots[LEFT_TO_PAY_SLOT] = {"amount": float(amount), "per_session": per_session}
    if parsed.next_year and "date" not in fields:  # « 10 séances l'an prochain »: as « en 2027 » (it was today's)
        parsed.to_confirm["date"] = mid_year((today or dt.date.today()).year + 1)
    if "date" not in fields and "date" in parsed.to_confirm:
        fields["date"] = parsed.to_confirm["date"]
        update.notes.append(f"Je prends les tarifs au {dt.date.fromisoformat(fields['date']).strftime('%d/%m/%Y')}.")

    # Bare answers to the question just asked.
    ranged = parsed.session_range or (session_range(t) if requested == "calc_sessions" and "sessions" not in fields
                                      else None)
    if ranged:  # « le kiné a dit entre 10 et 15 »: the upper one, said back
        fields["sessions"] = ranged[1]
        count_note(SESSION_RANGE_NOTE.format(*ranged))
    if requested == "calc_sessions" and "sessions" not in fields and bad_count is None:
        count = parse_count(text)
        if count is not None:
            fields["sessions"] = count
        elif dont_know and current.get(RHYTHM_SLOT):
            # « je ne sais pas » to « À 3 par semaine, pendant combien de temps ? »: one week, not one session;
            # to « Sur 8 semaines, combien de séances par semaine ? »: one a week
            per_week, weeks = current[RHYTHM_SLOT].get("per_week"), current[RHYTHM_SLOT].get("weeks")
            fields["sessions"] = per_week or weeks
            update.slots[RHYTHM_SLOT] = None
            count_note(UNKNOWN_LENGTH_NOTE.format(plural(per_week, "séance"), per_week * 2 * WEEKS_PER_MONTH)
                       if per_week else UNKNOWN_PER_WEEK_NOTE.format(plural(weeks, "séance"), 2 * weeks))
        elif dont_know:
            fields["sessions"] = 1
            update.notes.append("Nombre de séances inconnu : je calcule pour une séance.")
    if requested == "calc_acte" and not any(k in fields for k in ACTE_FIELDS):
        amount = parse_amount(text)
        if amount is not None:
            fields["price"] = float(amount)
        elif dont_know:
            fields["act"] = "membre"
    # A pathology whose acts differ by extent, named now (« sclérose en plaques, les deux jambes ») or kept, and where
    # its rehabilitation bears: its act.
    pathology = named_group(t) or current.get(PATHOLOGY_SLOT)
    act_said = titled or parsed.fields.get("act")  # not « je ne sais pas »'s base session
    localised = (localised_cotation(pathology, act_said, _when(current, today), params)
                 if pathology and fields.get("act") == act_said else None)
    if localised:  # « les jambes et le dos » after « sclérose en plaques »: its act for several limbs, said
        del fields["act"]
        value = localised.coefficient.value
        fields["coefficient"] = int(value) if value == int(value) else float(value)
        fields["lettre"] = localised.code
        update.slots[PATHOLOGY_SLOT] = pathology  # for a what-if after the result (« et si c'est un bras ? »)
        update.notes.append(neurological_act_note(localised, group_cotations(pathology, _when(current, today),
                                                                             params)))
    # Named in the answer about the care, or in the first message (« je suis en ALD pour un Parkinson, 20
    # séances à domicile ») before the care is asked, whose closest choice would be a wrong tariff.
    # The same for the inflammatory rheumatisms (art. 2: « ma polyarthrite rhumatoïde »), not among the choices either.
    own_acts = [] if any(k in fields for k in ACTE_FIELDS) or dont_know else [
        c for c in named_cotations(text, _when(current, today), params) if c.article != 1]
    if requested in ("calc_acte", "calc_soin", None) and (own_acts or (
            not any(k in fields for k in ACTE_FIELDS) and not dont_know and NEURO_CARE.search(t))):
        neuro = own_acts
        if len(neuro) == 1:  # « AVC », « myopathie »: the one act it names, counted and said
            value = neuro[0].coefficient.value
            fields["coefficient"] = int(value) if value == int(value) else float(value)
            fields["lettre"] = neuro[0].code
            update.notes.append(neurological_act_note(neuro[0]))
        else:  # « Parkinson »: an act for one limb, another for more; « neurologique »: none named
            example = (" ou ".join(f"« {c.code} {coefficient_text(c.coefficient.value)} »" for c in neuro) if neuro
                       else "par exemple « NMI 9 »")
            where = any(is_localised(c, params) for c in neuro)
            update.replies.append(neurological_acts_line(neuro) + " " + (
                NEURO_CARE_ASK if requested else NEURO_CARE_LATER).format(example, NEURO_CARE_WHERE if where else ""))
            if where:
                update.slots[PATHOLOGY_SLOT] = pathology  # the group these acts were named by
            if requested:
                update.slots[requested] = None  # asked again, after the reply
    if requested == "calc_soin" and "act" not in fields and "coefficient" not in fields and dont_know:
        fields["act"] = "membre"
        update.notes.append("Soins non précisés : je pars du tarif de la séance de base (genou, dos, entorse…) ; "
                            "le reste du prix est un dépassement.")
    insurer_named = False  # a mutuelle named without its rate: a responsible contract, and the note
    if requested == "calc_mutuelle" and "mutuelle" not in fields and not parsed.no_mutuelle:
        # « 150 », « à 150 », « non en fait c'est 150 » (the « non » is no « pas de mutuelle »)
        bare = re.fullmatch(CORRECTION_LEAD + r"(?:(?:a|de|elle est a|environ)\s+)?(\d{2,3})\s*[.!]?", t)
        amount = parse_amount(text)
        if bare:
            fields["mutuelle"] = {"br_percent": int(bare.group(1))}
        elif amount is not None:  # « 30 € par séance », the question's own example: what the mutuelle pays
            fields.pop("price", None)
            fields["mutuelle"] = {"per_session": float(amount)}
        elif dont_know:
            fields["mutuelle"] = {"br_percent": 100}
            update.notes.append("Mutuelle inconnue : je suppose un contrat responsable qui paie le ticket "
                                "modérateur (100 % de la base).")
        elif intent == "deny" or NOTHING_SPECIAL.search(t):
            parsed.no_mutuelle = True
        else:  # « j'ai la MGEN », or « j'ai la MGEN et 10 séances »: the other values go to their own slots
            insurer_named = (names_a_mutuelle(text) or bool(HAS_A_MUTUELLE.search(t)) if not fields
                             else bool(INSURER_STATED.search(t) or KNOWN_INSURER.match(t)))
    elif "mutuelle" not in fields:
        # « la Matmut » before its question, « …sachant que j'ai la MGEN ? » in a request: kept, not lost
        insurer_named = names_an_insurer(text) if not fields else bool(INSURER_STATED.search(t))
    if insurer_named:
        fields["mutuelle"] = {"br_percent": 100}
        update.notes.append(MUTUELLE_NAMED_NOTE)
    grossesse = _pregnancy_answer(t, requested, fields, dont_know, update, maternity_month(params, today))

    # Validate every value like typed input, slot by slot.
    def keep(slot: str, names: Iterable[str], merge: bool = False) -> None:
        chosen = {name: fields[name] for name in names if name in fields}
        if not chosen:
            return
        kept, error = _validated(chosen, params)
        if error:
            update.errors.append(error)
            update.slots[slot] = None
            return
        if merge:
            update.slots[slot] = {**(current.get(slot) or {}), **kept}
        else:
            update.slots[slot] = kept

    if requested == "calc_situation" and SITUATION_FULL_COVER.fullmatch(t) and "prise_en_charge_100" not in fields:
        # « 100 % », « je suis à 100 % » to « Une situation particulière ? (ALD ou autre prise en charge à 100 %…) »:
        # a full cover, not the mutuelle's rate it was read as
        fields.pop("mutuelle", None)
        fields["prise_en_charge_100"] = "ald"
        update.notes.append(UNNAMED_FULL_COVER)
    elif parsed.unnamed_cover and fields.get("prise_en_charge_100") == "ald":
        update.notes.append(UNNAMED_FULL_COVER)
    if parsed.sessions_factor and current.get("calc_sessions") and "sessions" not in fields:
        fields["sessions"] = max(1, int((current["calc_sessions"] * parsed.sessions_factor).to_integral_value()))
        count_note(_counted(fields["sessions"]))
    if parsed.franchise_cap_reached:  # « j'ai déjà atteint le plafond des franchises »
        fields["franchise_already_paid"] = float(params.at("franchise.plafond_annuel", _date(fields, today)).value)
    if parsed.series and fields.get("sessions") == parsed.series[0] * parsed.series[1]:
        count_note(_counted(fields["sessions"], f" ({parsed.series[0]} × {parsed.series[1]})"))
    if "sessions" in fields and parsed.more_sessions and current.get("calc_sessions"):
        fields["sessions"] = current["calc_sessions"] + fields["sessions"]  # « et 5 séances de plus ? »
        count_note(_counted(fields["sessions"], " en tout"))
    if "sessions" in fields:
        kept, error = _validated({"sessions": fields["sessions"]}, params)
        if error:  # « pendant 500 mois »: refused, and « Je compte 6000 séances… » is not kept for the result
            update.errors.append(error)
            update.slots["calc_sessions"] = None
            update.notes = [note for note in update.notes if note not in said_count]
        else:
            update.slots["calc_sessions"] = int(Decimal(str(kept["sessions"])))
    _keep_acte(fields, requested, current, params, update)
    if parsed.no_mutuelle and "mutuelle" not in fields:
        update.slots["calc_mutuelle"] = {"mutuelle": None}
    else:
        keep("calc_mutuelle", ("mutuelle",))
    if parsed.practice_km is not None and (current.get("calc_situation") or {}).get("domicile"):
        # « le cabinet est à 5 km » after a home visit: the kiné's journey, not sessions moved to the practice
        fields["domicile"], fields["distance_km"] = True, parsed.practice_km
    keep("calc_situation", SITUATION_FIELDS, merge=True)
    _balneo_left_out(fields, current, update)
    before = update.slots.get("calc_situation") or current.get("calc_situation") or {}
    if parsed.unrelated_cover:  # « en ALD mais c'est sans rapport »: the usual rate, said
        day = _date(fields, today)
        update.notes.append(unrelated_cover_note(parsed.unrelated_cover,
                                                 params.at(f"taux_amo.{before.get('regime') or 'general'}", day).value,
                                                 params.at("taux_amo.prise_en_charge_100", day).value))
        if "calc_situation" not in update.slots and current.get("calc_situation") is None:
            # the situation is said, as « je suis en ALD » says it: not asked again (« Une situation particulière ?
            # (ALD…) » came next), the usual case
            update.slots["calc_situation"] = {}
    if parsed.no_prise_en_charge_100 and "prise_en_charge_100" not in fields and "prise_en_charge_100" in before:
        update.slots["calc_situation"] = _without_cover(before)  # « et si elle n'est pas en ALD ? »
    if grossesse:
        update.slots["calc_grossesse"] = grossesse
    if fields.get("regime") == "alsace_moselle" and "regime local" not in t \
            and (current.get("calc_situation") or {}).get("regime") != "alsace_moselle":
        update.notes.append(ALSACE_NOTE)
    if re.search(MAYOTTE, t):
        update.notes.append(MAYOTTE_NOTE)

    # The answer about an expensive price.
    if requested == "calc_prix_eleve" or fields.get("conventionne") is False or fields.get("hors_nomenclature"):
        # « conventionné ou pas, je ne sais pas » states neither; a médecin's status is not the kiné's
        stated = re.sub(EITHER_CONVENTIONNE, " ", kine_status_words(t))
        for choice, pattern in PRIX_ELEVE_CHOICES.items():
            if pattern.search(stated):
                update.slots["calc_prix_eleve"] = choice
                break
        if requested == "calc_prix_eleve" and "calc_prix_eleve" not in update.slots and dont_know:
            update.slots["calc_prix_eleve"] = "non_conventionne"
            update.notes.append("Statut du kiné inconnu : je le compte comme non conventionné (le pire cas).")
    elif "price" in fields and re.search(OSTEOPATHIE, t) \
            and Decimal(str(fields["price"])) > highest_tariff(params, today or dt.date.today(), fields):
        # « 45 € une séance d'ostéo »: above every tariff, the question on the price is answered, as the
        # ostéopathie is no act of the nomenclature (a lower price may be a kiné-ostéopathe's NGAP session).
        update.slots["calc_prix_eleve"] = "hors_nomenclature"
    disability_card = bool(re.search(DISABILITY_CARD, t)) and "prise_en_charge_100" not in fields
    update.notes.extend(_unpriced_notes(t, fields, current, params, today, disability_card))
    if "calc_situation" not in update.slots:
        status = requested == "calc_situation" and re.search(STATUS_WITHOUT_EFFECT, t) is not None
        if status:  # « retraité » to the situation question: the general case, said (it was asked again)
            update.notes.append(STATUS_WITHOUT_EFFECT_NOTE)
        # « non en fait c'est 25 »: a number corrected, no answer (« non ») to this question; asked what it is
        answered = requested == "calc_situation" and not is_bare_number(text) and (
            NOTHING_SPECIAL.search(t) or dont_know or intent == "deny" or disability_card or status)
        # « 10 séances genou, aucune situation particulière »; once the situation is known, « rien de particulier »
        # answers no question (it was taken for the situation again, and the question asked again without a word).
        if answered or (NO_SITUATION.search(t) and current.get("calc_situation") is None):
            update.slots["calc_situation"] = dict(current.get("calc_situation") or {})

    # « 10 séances » and « Bilan »: the bilans of a course of 10 sessions (10 bilans were counted), said.
    after = {**current, **update.slots}
    act, sessions = (after.get("calc_acte") or {}).get("act"), after.get("calc_sessions")
    if act in BILAN_ACTS and sessions and ("calc_acte" in update.slots or "calc_sessions" in update.slots):
        bilans, first, period = bilans_billed(act, sessions, params, _when(after, today))
        if bilans != sessions:
            update.slots["calc_sessions"] = bilans
            update.slots["calc_acte"] = {**after["calc_acte"], COURSE_FIELD: sessions}
            update.notes.append(bilans_of_a_course(sessions, bilans, first, period))

    # A price the calculator refuses with what is known (below the tariff of the care) is asked again; the care
    # said with it is kept as the care's answer, for the price to come (« 15 séances à 16 € pour ma lombalgie », then
    # « 20 € »: the care was lost, and asked again).
    if "calc_acte" in update.slots or "calc_situation" in update.slots:
        _price_said_again(fields, current, params, today, update)
        error = price_error({**current, **update.slots}, params, today)
        refused = update.slots.get("calc_acte") or current.get("calc_acte") or {}
        if error and "price" not in fields:
            # A price said before, for another care or place (« et le bilan ? », « et à domicile ? » after 20 € for the
            # knee): the tariff is counted, said (the calculation was refused, and its care lost).
            update.slots["calc_acte"] = {**{name: value for name, value in refused.items() if name != "price"},
                                         PRICE_SAID_FIELD: _price_aside(refused["price"],
                                                                        (current.get("calc_acte") or {}).get("act"))}
            update.notes.append(PRICE_SAID_BEFORE_BELOW.format(euros(Decimal(str(refused["price"])))))
        elif error:
            update.errors.append(error)
            update.slots["calc_acte"] = None
            update.slots["calc_soin"] = refused.get("act")
    return update


def _price_said_again(fields: Mapping[str, Any], current: Mapping[str, Any], params: Parameters,
                      today: Optional[dt.date], update: Update) -> None:
    """A price left out (for a care whose tariff is above it, or for a bilan when it was the sessions') is counted
    again, said, once a care of its kind asked next fits it (« et pour l'épaule ? » after « et le bilan ? »; « et au
    cabinet ? » after « et à domicile ? »)."""
    acte = update.slots.get("calc_acte") or current.get("calc_acte") or {}
    aside = acte.get(PRICE_SAID_FIELD)
    if aside is None or "price" in acte or "price" in fields or not _aside_for(aside, acte.get("act")):
        return
    again = {**{name: value for name, value in acte.items() if name != PRICE_SAID_FIELD}, "price": aside["price"]}
    if price_error({**current, **update.slots, "calc_acte": again}, params, today) is None:
        update.slots["calc_acte"] = again
        update.notes.append(PRICE_SAID_AGAIN.format(euros(Decimal(str(again["price"])))))


def _unpriced_notes(t: str, fields: Mapping[str, Any], current: Mapping[str, Any], params: Parameters,
                    today: Optional[dt.date], disability_card: bool) -> List[str]:
    """What a message says that the calculation does not count, each said in a note: a carte d'invalidité (no
    cover at 100 %, CSS art. L.160-14), a disease of the ALD list with no ALD said, a Sunday or a night, the
    ostéopathie, an accident someone else caused (`t`: the normalised message)."""
    notes = []
    full = params.at("taux_amo.prise_en_charge_100", today or dt.date.today()).value
    if disability_card:  # to the situation question, it answers « nothing that changes the rate »
        covered = (current.get("calc_situation") or {}).get("prise_en_charge_100")
        notes.append(disability_card_line(full) + ("" if covered else " Je compte le remboursement habituel."))
    disease = ald_list_disease(t)
    if disease and "prise_en_charge_100" not in fields and not (current.get("calc_situation") or {}).get(
            "prise_en_charge_100"):  # « 10 séances pour la scoliose de ma fille »: the ALD it may be, said
        notes.append(ald_list_line(disease, full) + " Le calcul suppose qu'elle ne l'est pas ; si elle l'est, "
                     "dites « en ALD ».")
    if OFF_HOURS.search(t):  # « 10 séances le dimanche »: no majoration counted, said (it was ignored)
        when = _when(current, today)
        notes.append(off_hours_note(params.at("majorations.dimanche", when).value,
                                    params.at("majorations.nuit", when).value))
    if re.search(OSTEOPATHIE, t):  # « 45 € une séance d'ostéo chez mon kiné »: never reimbursed, said
        notes.append(OSTEOPATHIE_LINE)
    if re.search(ACCIDENT_BY_SOMEONE, t):  # « une voiture m'a renversé, 15 séances »: who may pay what is left
        notes.append(ACCIDENT_BY_SOMEONE_NOTE)
    return notes


def _mutuelle_phrase(mutuelle: Optional[Mapping[str, Any]]) -> str:
    if not mutuelle:
        return "pas de mutuelle"
    guarantee = mutuelle_of(mutuelle)
    return (("mutuelle à " if guarantee.kind.endswith("_percent") else "mutuelle : ")
            + mutuelle_guarantee(guarantee.kind, guarantee.amount, guarantee.cap))


def unplaced_number(text: str, requested: Optional[str]) -> Optional[str]:
    """A bare number that opens a calculation (« 30 » right after an answer) could be a count or a
    price: asked, not dropped, so that the form's first question does not seem to ignore it.

    >>> unplaced_number("30", None)
    '« 30 » seul : est-ce un nombre de séances ou un prix ? Répondez par exemple « 30 séances » ou « 30 € la séance ».'
    >>> unplaced_number("et pour 20 ?", None)
    '« 20 » seul : est-ce un nombre de séances ou un prix ? Répondez par exemple « 20 séances » ou « 20 € la séance ».'
    >>> unplaced_number("30", "calc_sessions") is None, unplaced_number("et si j'en fais 15 ?", None) is None
    (True, True)
    """
    bare = re.fullmatch(BARE_NUMBER, normalise(text))
    if requested is not None or not bare or parse_request(text).fields:  # « et si j'en fais 15 ? »: sessions
        return None
    number = bare.group(1).replace(".", ",")
    return UNPLACED_NUMBER.format(number, number, number)


# The words of stopping: every example of the intent stop has one (tests/test_nlu_data.py checks it).
STOP_WORDS = re.compile(r"\b(?:stop\w*|arret\w*|annul\w*|oubli\w*|abandon\w*|quitt\w*|cancel|laisse\w*|sortir|"
                        r"sors|tant pis|veux plus|plus besoin|termin\w*|suffit|assez)\b")
CALCULATION_WORDS = re.compile(r"\b(?:calcul\w*|simul\w*|estim\w*|reste a (?:ma )?charge|combien)\b")


# A wish to start again, and nothing else (« je veux recommencer », « on repart de zéro », « recommencer le
# calcul »): the classifier sent it to the fallback or out of scope. « reprendre » and « repartir » need « du
# début » or « à zéro » (« reprendre le calcul » may mean to resume it); « je recommence mes séances » names a
# care, not the conversation, and is no match.
_RESTART_ASK = (r"(?:(?:bon|ok|alors|euh|non|bah|ben)\s*,?\s+)?(?:(?:je\s+(?:veux|voudrais|souhaite|prefere)|j'aimerais"
                r"|on\s+(?:peut|pourrait|va|doit)|peut[\s-]on|est[\s-]ce\s+qu'on\s+peut|(?:pouvez|pourriez)[\s-]vous"
                r"|tu\s+peux|il\s+faut|faut|on)\s+)?(?:tout\s+)?")
_FROM_START = r"(?:a|de|depuis)\s+(?:zero|0)|(?:du|au|depuis\s+le)\s+debut"
_OBJECT = (r"(?:le|un|mon|notre|ce|du)\s+(?:calcul|simulation)|(?:la|une|ma|cette)\s+(?:simulation|conversation"
           r"|discussion)|tout|" + _FROM_START)
_POLITE = r"(?:\s*,?\s+(?:svp|stp|s'il\s+(?:vous|te)\s+plait|merci|please))?"
RESTART = re.compile(
    _RESTART_ASK + r"(?:(?:recommenc\w*|redemarr\w*|reset|raz)(?:\s+(?:" + _OBJECT + r"))*"
    r"|(?:repren\w*|repart\w*|remettre|remet\w*|on\s+remet)(?:\s+(?:le\s+calcul|tout))?\s+(?:" + _FROM_START + r")"
    r"|(?:refaire|refai\w*|recalcul\w*)\s+(?:" + _OBJECT + r")(?:\s+(?:" + _OBJECT + r"))*"
    r"|(?:nouveau|nouvelle)\s+(?:conversation|discussion|depart))" + _POLITE + r"\s*[?!.]*")
RESTART_CALCULATION = re.compile(r"\b(?:calcul|simulation)\b|\brecalcul")


def says_restart(text: str) -> Optional[str]:
    """« calculation » for a wish to start the calculation again, « all » for a wish to start again with no object,
    None for anything else.

    >>> says_restart("je veux recommencer"), says_restart("on repart de zéro !"), says_restart("recommencer le calcul svp")
    ('all', 'all', 'calculation')
    >>> says_restart("je recommence mes séances de kiné, c'est remboursé ?"), says_restart("on reprend le calcul")
    (None, None)
    """
    t = normalise(text)
    if not RESTART.fullmatch(t):
        return None
    return "calculation" if RESTART_CALCULATION.search(t) else "all"


# A kiné saying who he is and nothing else (normalised text): « je suis kiné » was inform (0.40) and opened the
# calculation (« Combien de séances ? »), « je suis kinésithérapeute » went to the fallback. His status as to the
# convention (« je suis kiné non conventionné ») is a situation, read as before.
KINE_INTRODUCTION = re.compile(
    r"(?:(?:bonjour|bonsoir|salut|hello|coucou|re)\s*,?\s*)?(?:alors\s*,?\s*|moi\s*,?\s*)?"
    r"(?:je\s+suis|moi\s+c'?\s*est|en\s+tant\s+que)\s+(?:une?\s+)?"
    + KINE_PROFESSION +
    r"(?:\s*,?\s+(?:liberale?|salariee?|remplacante?|diplomee?(?:\s+d'?\s*etat)?|installee?|en\s+cabinet|"
    r"de\s+metier|aussi|moi\s+aussi|moi-meme))*\s*[.!]*")


def introduces_a_kine(text: str) -> bool:
    """A kiné saying who he is, and nothing else: the welcome worded for him, not the calculation.

    >>> [introduces_a_kine(t) for t in ("je suis kiné", "Bonjour, je suis kinésithérapeute libérale.",
    ...     "moi c'est kiné", "je suis kiné, combien je facture l'IFD ?", "je suis kiné non conventionné",
    ...     "je suis kiné, mon patient fait 10 séances")]
    [True, True, True, False, False, False]
    """
    return KINE_INTRODUCTION.fullmatch(normalise(text).strip()) is not None


def greeting_response(text: str, kine_before: bool = False) -> str:
    """The welcome: worded for a kiné when he says he is one (« bonjour, je suis kiné ») or said so earlier.

    >>> greeting_response("bonjour"), greeting_response("je suis kiné"), greeting_response("salut", kine_before=True)
    ('utter_greet', 'utter_greet_kine', 'utter_greet_kine')
    """
    return "utter_greet_kine" if kine_before or re.search(KINE_ASKER, normalise(text)) else "utter_greet"


def says_stop(text: str) -> bool:
    """Whether a message read as stop says so: « je veux faire un calcul » was stop (0,66), the classifier
    taught by « stop le calcul », « je veux annuler le calcul », and the form said « on s'arrête là ».

    >>> says_stop("je veux arrêter"), says_stop("laisse tomber"), says_stop("je veux faire un calcul")
    (True, True, False)
    """
    return STOP_WORDS.search(normalise(text)) is not None


def asks_a_calculation(text: str) -> bool:
    """« je veux calculer », « on peut faire une simulation ? »: the words of a calculation."""
    return CALCULATION_WORDS.search(normalise(text)) is not None


def is_bare_number(text: str) -> bool:
    """« 30 », « et pour 20 ? », « et si j'en fais 15 ? »: a number with no unit, alone or in a short what-if.

    >>> is_bare_number("et si j'en fais 15 ?"), is_bare_number("et pour 20 séances ?"), is_bare_number("et si jen fais 20 ?")
    (True, False, True)
    """
    return re.fullmatch(BARE_NUMBER, normalise(text)) is not None


def changes_session_count(text: str) -> bool:
    """A short what-if that adds to or scales the calculation's sessions (« et si j'en rajoute 5 ? », « et
    2 fois plus ? », « encore 4 ? »), which the classifier, reading no topic word, sent to the fallback or
    to « en savoir plus »: values for the calculator, like a bare number.

    >>> changes_session_count("et si j'en rajoute 5 ?"), changes_session_count("et 2 fois plus ?")
    (True, True)
    >>> changes_session_count("encore 4 ?"), changes_session_count("et si j'arrête les séances ?")
    (True, False)
    """
    t = normalise(text)
    if not ((WHAT_IF.match(t) or t.startswith("encore")) and len(t.split()) <= FOLLOW_UP_MAX_WORDS):
        return False
    parsed = parse_request(text)
    return parsed.more_sessions or parsed.sessions_factor is not None


def slots_audience(slots: Mapping[str, Any]) -> Audience:
    """Whose share the texts name: the patient's once a kiné said they ask for one (FOR_PATIENT_SLOT)."""
    return audience(bool(slots.get(FOR_PATIENT_SLOT)))


OPENING = ("C'est noté : {} Pour calculer ce qui resterait {}, il me faut quelques précisions "
           "(écrivez « stop » pour arrêter).")


def _closed(phrases: List[str]) -> str:
    """The phrases joined, ending with one full stop (« genou, dos, entorse… », a button's title, needs none)."""
    text = " ; ".join(phrases)
    return text if text.endswith(("…", ".")) else text + "."


def opening_lines(update: Update) -> List[str]:
    """A calculation opened by a message that only states a situation or a mutuelle (« il est
    conventionné » after an answer on dépassements, « je suis en ALD », « elle a pas de mutuelle »):
    what was noted, and why questions follow; without it, « Combien de séances ? » seemed to ignore
    the message.

    >>> opening_lines(interpret("il est conventionné", None))
    ["C'est noté : kiné conventionné. Pour calculer ce qui resterait à votre charge, il me faut quelques précisions (écrivez « stop » pour arrêter)."]
    >>> opening_lines(interpret("elle a pas de mutuelle", None))
    ["C'est noté : pas de mutuelle. Pour calculer ce qui resterait à votre charge, il me faut quelques précisions (écrivez « stop » pour arrêter)."]
    >>> opening_lines(interpret("j'ai accouché il y a 2 mois", None))[0][:60]
    "C'est noté : rééducation après l'accouchement. Pour calculer"
    >>> opening_lines(interpret("10 séances, je suis en ALD", None))
    []
    >>> opening_lines(interpret("je suis kiné, ma patiente est en ALD", None))[0][46:100]
    'Pour calculer ce qui resterait à la charge du patient,'
    """
    # A care, a price, a count: the calculation was asked. A pregnancy or a birth is a situation.
    # A rhythm alone (« 3 séances par semaine ») is said back by the count's question itself.
    stated_only = ("calc_situation", "calc_grossesse", "calc_mutuelle", RHYTHM_SLOT, LEFT_TO_PAY_SLOT, PATHOLOGY_SLOT)
    if update.errors or any(update.slots.get(slot) for slot in SLOTS if slot not in stated_only):
        return []
    phrases = _noted_phrases(update, {})
    return [OPENING.format(_closed(phrases), slots_audience(update.slots).charge)] if phrases else []


def noted(update: Update, requested: Optional[str], current: Optional[Mapping[str, Any]] = None) -> Optional[str]:
    """« C'est noté : pas de mutuelle. », when a message gives values but not the one just asked for.

    The form then asks its question again; without this line the user would not know the values
    were kept.

    >>> noted(Update(slots={"calc_mutuelle": {"mutuelle": None}}), "calc_soin")
    "C'est noté : pas de mutuelle."
    >>> noted(Update(slots={"calc_soin": "membre"}), "calc_soin") is None
    True
    """
    if requested is None or update.slots.get(requested) is not None or update.errors:
        return None
    phrases = _noted_phrases(update, current or {})
    return "C'est noté : " + _closed(phrases) if phrases else None


def _noted_phrases(update: Update, current: Mapping[str, Any]) -> List[str]:
    """Short French phrases for the values a message gave (what changed from `current`'s slots)."""
    phrases: List[str] = []
    if update.slots.get("calc_sessions"):
        phrases.append(plural(update.slots["calc_sessions"], "séance"))
    acte = update.slots.get("calc_acte") or {}
    before_acte = current.get("calc_acte") or {}
    # A care named after the price (or the reverse) keeps the other: only what the message changed is said.
    if "price" in acte and acte["price"] != before_acte.get("price"):
        phrases.append(f"séance à {euros(Decimal(str(acte['price'])))}")
    if acte.get("act") in SOIN_BUTTONS and acte["act"] != before_acte.get("act"):
        phrases.append(f"soins : {SOIN_BUTTONS[acte['act']].lower()}")
    if update.slots.get("calc_mutuelle") is not None:
        phrases.append(_mutuelle_phrase(update.slots["calc_mutuelle"].get("mutuelle")))
    situation = update.slots.get("calc_situation") or {}
    before = current.get("calc_situation") or {}
    phrases += situation_phrases({name: value for name, value in situation.items() if before.get(name) != value})
    if before.get("prise_en_charge_100") and "calc_situation" in update.slots \
            and not situation.get("prise_en_charge_100"):
        phrases.append(NO_COVER)
    if update.slots.get("calc_situation") == {} and current.get("calc_situation") is None:
        phrases.append("aucune situation particulière")  # « rien de particulier » before its question
    return phrases


def _keep_acte(fields: Mapping[str, Any], requested: Optional[str], current: Mapping[str, Any],
               params: Parameters, update: Update) -> None:
    """The care and the price: a new care keeps the price already given, and the reverse."""
    chosen = {name: fields[name] for name in ACTE_FIELDS if name in fields}
    if "coefficient" in chosen:
        chosen.pop("act", None)
    if not chosen:
        return
    kept, error = _validated(chosen, params)
    if error:
        update.errors.append(error)
        update.slots["calc_acte"] = None
        return
    acte = dict(current.get("calc_acte") or {})
    if not acte and current.get("calc_soin") in params.node("actes") and not {"act", "coefficient"} & set(kept):
        acte["act"] = current["calc_soin"]  # the care kept when its price was refused (interpret)
    if "act" in kept or "coefficient" in kept:  # a new care: the old one's letter goes with it
        if requested != "calc_soin":
            _price_of_another_care(acte, kept, current, update)
        acte.pop("act", None)
        acte.pop("coefficient", None)
        acte.pop("lettre", None)
        course = acte.pop(COURSE_FIELD, None)
        if course and kept.get("act") not in BILAN_ACTS and "calc_sessions" not in update.slots:
            update.slots["calc_sessions"] = course  # after the bilans of a course, its sessions
            update.notes.append(course_again(course))
    aside = acte.get(PRICE_SAID_FIELD)
    if "price" in kept and aside and _aside_for(aside, kept.get("act") or acte.get("act")):
        del acte[PRICE_SAID_FIELD]  # a new price for its kind of care (« et le bilan à 30 € ? » keeps the sessions')
    update.slots["calc_acte"] = {**acte, **kept}
    if requested == "calc_soin" and ("act" in kept or "coefficient" in kept):
        update.slots["calc_soin"] = kept.get("act") or f"coefficient {kept['coefficient']}"


def _price_aside(price: Any, act: Optional[str]) -> Dict[str, Any]:
    """A price left out, with whether it was said for a bilan (`act`: the care it was said for)."""
    return {"price": price, "bilan": act in BILAN_ACTS}


def _aside_for(aside: Mapping[str, Any], act: Optional[str]) -> bool:
    """Whether a price put aside was said for the kind of care `act` is (a bilan, or sessions)."""
    return aside["bilan"] == (act in BILAN_ACTS)


def _price_of_another_care(acte: Dict[str, Any], kept: Mapping[str, Any], current: Mapping[str, Any],
                           update: Update) -> None:
    """A conventionné kiné's price said for the sessions is not the bilan's, nor the reverse: « et le bilan ? » after
    « 25 € » for the knee counted the bilan at 25 € (1,35 € of dépassement), and « et pour le genou ? » after « et à
    30 € ? » for the bilan the sessions at 30 €. The sessions' price is kept aside for them (`_price_said_again`)."""
    before, to_bilan = acte.get("act"), kept.get("act") in BILAN_ACTS
    if before is None or (before in BILAN_ACTS) == to_bilan \
            or current.get("calc_prix_eleve") not in (None, "depassement") \
            or (current.get("calc_situation") or {}).get("conventionne") is False:
        return  # a non-conventionné kiné's price is his own, whatever the care
    aside = acte.get(PRICE_SAID_FIELD)
    if not to_bilan and aside and aside["bilan"]:
        del acte[PRICE_SAID_FIELD]  # a bilan's price left out: not the sessions'
    if "price" not in acte:
        return
    price, priced = acte.pop("price"), "price" in kept  # « et le bilan à 30 € ? »: its own price, nothing to say
    if to_bilan:
        acte[PRICE_SAID_FIELD] = _price_aside(price, before)
        if not priced:
            update.notes.append(SESSIONS_PRICE_NOT_THE_BILAN.format(euros(Decimal(str(price)))))
    elif PRICE_SAID_FIELD not in acte and not priced:
        update.notes.append(BILAN_PRICE_NOT_THE_SESSIONS.format(euros(Decimal(str(price)))))


def _balneo_left_out(fields: Mapping[str, Any], current: Mapping[str, Any], update: Update) -> None:
    """A balnéo said before (« je fais de la balnéo chez mon kiné », remembered from a topic's question), then a bilan or
    an act outside the nomenclature: the supplement is left out, and said so (the calculator refused the two together,
    which stopped « je veux calculer pour un bilan »). Said in the same message, they are refused together."""
    if "balneo" in fields or ("calc_situation" in update.slots and update.slots["calc_situation"] is None):
        return  # said now, or the situation refused
    situation = update.slots.get("calc_situation") or current.get("calc_situation") or {}
    acte = update.slots.get("calc_acte") or current.get("calc_acte") or {}
    if not situation.get("balneo"):
        return
    if acte.get("act") in ACTS_WITHOUT_BALNEO or situation.get("hors_nomenclature"):
        update.slots["calc_situation"] = {name: value for name, value in situation.items() if name != "balneo"}
        update.notes.append(BALNEO_LEFT_OUT)


def maternity_month(params: Parameters, today: Optional[dt.date] = None) -> int:
    """The month of pregnancy from whose 1st day the assurance maternité pays (CSS art. D.160-3)."""
    return int(params.at("maternite.debut_mois_grossesse", today or dt.date.today()).value)


def grossesse_value(month: int, first: int) -> str:
    """The `calc_grossesse` value for a month of pregnancy, `first` being maternity_month's."""
    return "avant_6" if month < first else "6_plus"


def _pregnancy_answer(t: str, requested: Optional[str], fields: Dict[str, Any], dont_know: bool,
                      update: Update, first: int) -> Optional[str]:
    """The month of pregnancy, typed anywhere or answered to its question: the value of `calc_grossesse`."""
    asked = requested == "calc_grossesse"
    if (asked or fields.get("prise_en_charge_100") == "maternite") \
            and PREGNANCY_MONTH_FIELD not in fields and POST_PARTUM_FIELD not in fields:
        bare = asked and re.fullmatch(r"(?:au\s+|le\s+|mon\s+)?(\d{1,2})\s*(?:e|eme|ieme|er)?\s*(?:mois)?(?:\s+de\s+grossesse)?", t)
        if bare:
            fields[PREGNANCY_MONTH_FIELD] = int(bare.group(1))
        else:
            for choice, pattern in GROSSESSE_CHOICES.items():
                if pattern.search(t):
                    if choice == "post_partum":
                        fields[POST_PARTUM_FIELD] = True
                    fields["prise_en_charge_100"] = "maternite"
                    if choice == "avant_6":
                        update.notes.append(AVANT_6_NOTE.format(first))
                    return choice
            if dont_know and asked:
                update.notes.append(f"Mois de grossesse non précisé : je compte les règles habituelles (avant le "
                                    f"{first}e mois) ; à partir du {first}e mois, c'est 100 % sans franchise.")
                fields["prise_en_charge_100"] = "maternite"
                return "avant_6"
    month = fields.get(PREGNANCY_MONTH_FIELD)
    if month is not None:
        if not 1 <= int(month) <= 9:
            fields.pop(PREGNANCY_MONTH_FIELD)
            update.errors.append(f"Le mois de grossesse va de 1 à 9 (vous avez écrit « {month} »).")
            return None
        fields["prise_en_charge_100"] = "maternite"
        if month < first:
            update.notes.append(AVANT_6_NOTE.format(first))
        return grossesse_value(month, first)
    if fields.get(POST_PARTUM_FIELD):
        return "post_partum"
    return None


def _when(slots: Mapping[str, Any], today: Optional[dt.date]) -> dt.date:
    return _date(slots.get("calc_situation") or {}, today)


def conventionne_tariffs(situation: Mapping[str, Any], when: dt.date,
                         params: Optional[Parameters] = None) -> Dict[str, Decimal]:
    """Each act's conventionné tariff for one session at that date, travel allowances included."""
    params = params or default_parameters()
    distance = situation.get("distance_km")
    return {act: tariff_of(act, when, domicile=bool(situation.get("domicile") or distance),
                           drom=bool(situation.get("drom")), zone=situation.get("zone") or "plaine",
                           distance_km=Decimal(str(distance)) if distance is not None else None, params=params)
            for act in params.acts()}


def highest_tariff(params: Parameters, when: dt.date, situation: Optional[Mapping[str, Any]] = None) -> Decimal:
    """The most a conventionné session can cost: at home when the place is unknown."""
    situation = dict(situation or {})
    situation.setdefault("domicile", True)
    return max(conventionne_tariffs(situation, when, params).values())


def _price_status_unknown(slots: Mapping[str, Any]) -> bool:
    situation = slots.get("calc_situation") or {}
    return "conventionne" not in situation and not situation.get("hors_nomenclature") \
        and not slots.get("calc_prix_eleve")


def needs_prix_eleve(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                     today: Optional[dt.date] = None) -> bool:
    """A price above any conventionné tariff, with the kiné's status unknown, must be explained."""
    params = params or default_parameters()
    acte = slots.get("calc_acte") or {}
    situation = slots.get("calc_situation") or {}
    if "price" not in acte or "conventionne" in situation or situation.get("hors_nomenclature"):
        return False
    return Decimal(str(acte["price"])) > highest_tariff(params, _when(slots, today), situation)


def _conventionne_price(slots: Mapping[str, Any]) -> bool:
    """A price charged by a conventionné kiné (said so, or not said otherwise), NGAP act."""
    situation = slots.get("calc_situation") or {}
    return situation.get("conventionne", True) is not False and not situation.get("hors_nomenclature") \
        and slots.get("calc_prix_eleve") not in ("non_conventionne", "hors_nomenclature")


def soin_candidates(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                    today: Optional[dt.date] = None) -> Dict[str, Decimal]:
    """The acts whose tariff is at most the price given, with that tariff; {} when the price is a tariff."""
    params = params or default_parameters()
    price = Decimal(str((slots.get("calc_acte") or {})["price"]))
    tariffs = conventionne_tariffs(slots.get("calc_situation") or {}, _when(slots, today), params)
    if price in tariffs.values():
        return {}
    return {act: tariff for act, tariff in tariffs.items() if tariff <= price}


def needs_soin(slots: Mapping[str, Any], params: Optional[Parameters] = None,
               today: Optional[dt.date] = None) -> bool:
    """A conventionné price that is no tariff, with the care unknown: the care sets the base, so ask it."""
    acte = slots.get("calc_acte") or {}
    if "price" not in acte or "act" in acte or "coefficient" in acte or not _conventionne_price(slots):
        return False
    if _price_status_unknown(slots) and needs_prix_eleve(slots, params, today):
        return False
    candidates = soin_candidates(slots, params, today)
    return bool(candidates) and list(candidates) != ["membre"]


def needs_grossesse(slots: Mapping[str, Any]) -> bool:
    """A pregnancy whose month is unknown: the month decides the rate and the franchise."""
    situation = slots.get("calc_situation") or {}
    return situation.get("prise_en_charge_100") == "maternite" and PREGNANCY_MONTH_FIELD not in situation \
        and not situation.get(POST_PARTUM_FIELD)


def nothing_for_a_mutuelle(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                           today: Optional[dt.date] = None) -> bool:
    """Whether no mutuelle could pay anything in the calculation the slots describe, once its care, its
    price and the situation are known: a full cover at the tariff (an ALD's care, maternity from the 6th
    month) leaves at most the franchise, which no mutuelle pays. The mutuelle question is then not asked.

    >>> nothing_for_a_mutuelle({"calc_sessions": 10, "calc_acte": {"act": "membre"},
    ...                         "calc_situation": {"prise_en_charge_100": "ald"}})
    True
    >>> nothing_for_a_mutuelle({"calc_sessions": 10, "calc_acte": {"price": 30},
    ...                         "calc_situation": {"prise_en_charge_100": "ald"}})
    False
    """
    earlier = care_slots(slots, params, today)
    if not slots.get("calc_situation") or needs_grossesse(slots) or any(slots.get(n) is None for n in earlier):
        return False  # a situation or a month still to come may leave a share for it
    request = {**request_from_slots(slots, params, today), "sessions": 1,
               "mutuelle": {"per_session": float(MAX_PRICE)}}
    try:
        return compute(request, params, today).sessions[0].mutuelle == 0
    except CalculatorInputError:
        return False


def care_slots(slots: Mapping[str, Any], params: Optional[Parameters] = None,
               today: Optional[dt.date] = None) -> List[str]:
    """The slots asked first, which set what is priced: the sessions, the care or its price, then what a high
    price is and which care it is for, when they must be asked."""
    wanted = ["calc_sessions", "calc_acte"]
    if needs_prix_eleve(slots, params, today) or slots.get("calc_prix_eleve"):
        wanted.append("calc_prix_eleve")
    if needs_soin(slots, params, today):
        wanted.append("calc_soin")
    return wanted


def required_slots(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                   today: Optional[dt.date] = None) -> List[str]:
    wanted = care_slots(slots, params, today)
    # The situation question is skipped when the user already described one.
    situation = slots.get("calc_situation")
    # With the complémentaire santé solidaire (itself the complémentaire) or the AME, no mutuelle pays
    # anything: the question is not asked.
    if (situation or {}).get("prise_en_charge_100") not in NO_MUTUELLE_COVER \
            and not nothing_for_a_mutuelle(slots, params, today):
        wanted.append("calc_mutuelle")
    if not situation and not slots.get("calc_prix_eleve"):
        wanted.append("calc_situation")
    if needs_grossesse(slots) or slots.get("calc_grossesse"):
        wanted.append("calc_grossesse")
    return wanted


def missing_slot(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                 today: Optional[dt.date] = None) -> Optional[str]:
    """The first slot the calculation still needs, or None when it can be computed."""
    return next((name for name in required_slots(slots, params, today) if slots.get(name) is None), None)


def _date(situation: Mapping[str, Any], today: Optional[dt.date]) -> dt.date:
    try:
        return dt.date.fromisoformat(situation["date"]) if situation.get("date") else (today or dt.date.today())
    except (TypeError, ValueError):
        return today or dt.date.today()


def same_request(request: Mapping[str, Any], last: Optional[Mapping[str, Any]]) -> bool:
    """Whether `request` is the last calculation's (`last` as kept with its result: dated).

    >>> same_request({"sessions": 10, "act": "membre"}, {"sessions": 10, "act": "membre", "date": "2026-12-02"})
    True
    >>> same_request({"sessions": 12, "act": "membre"}, {"sessions": 10, "act": "membre", "date": "2026-12-02"})
    False
    """
    if not last:
        return False
    return dict(request) == {name: value for name, value in last.items() if name != "date" or "date" in request}


def request_from_slots(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                       today: Optional[dt.date] = None) -> Dict[str, Any]:
    """The calculator request the slots describe."""
    request: Dict[str, Any] = {}
    request.update(slots.get("calc_situation") or {})
    request.update(slots.get("calc_acte") or {})
    request.pop(COURSE_FIELD, None)
    request.pop(PRICE_SAID_FIELD, None)
    mutuelle = (slots.get("calc_mutuelle") or {}).get("mutuelle")
    if mutuelle:
        request["mutuelle"] = mutuelle
    if slots.get("calc_sessions"):
        request["sessions"] = slots["calc_sessions"]
    choice = slots.get("calc_prix_eleve")
    if choice == "non_conventionne":
        request["conventionne"] = False
    elif choice == "hors_nomenclature":
        request["hors_nomenclature"] = True
    elif choice == "depassement":
        request["conventionne"] = True
    if request.get("hors_nomenclature"):
        request.pop("act", None)
        request.pop("coefficient", None)
    grossesse = slots.get("calc_grossesse")
    first = maternity_month(params or default_parameters(), _when(slots, today))
    if request.get("prise_en_charge_100") == "maternite" and PREGNANCY_MONTH_FIELD not in request:
        if grossesse == "avant_6":
            request.pop("prise_en_charge_100")
        elif grossesse == "6_plus":
            request[PREGNANCY_MONTH_FIELD] = first
        elif grossesse == "post_partum":
            request[POST_PARTUM_FIELD] = True
    # Pregnancy fields the calculator does not read: their rule is applied here.
    if PREGNANCY_MONTH_FIELD not in FIELDS and request.pop(PREGNANCY_MONTH_FIELD, first) < first:
        request.pop("prise_en_charge_100", None)
    if POST_PARTUM_FIELD not in FIELDS:
        request.pop(POST_PARTUM_FIELD, None)
    if request.get("prise_en_charge_100") not in PERSONAL_COVERS:  # « en ALD et enceinte de 7 mois » keeps both
        request.pop(PREGNANCY_MONTH_FIELD, None)
        request.pop(POST_PARTUM_FIELD, None)
    return request


def price_error(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                today: Optional[dt.date] = None) -> Optional[str]:
    """The calculator's French objection to the care and price known so far (a price below the tariff)."""
    acte = slots.get("calc_acte") or {}
    if "price" not in acte or needs_prix_eleve(slots, params, today) or needs_soin(slots, params, today):
        return None
    request = request_from_slots(slots, params, today)
    request.setdefault("date", _when(slots, today).isoformat())
    try:
        compute(request, params or default_parameters())
    except CalculatorInputError as error:
        if error.field in ACTE_FIELDS:
            return error.message
    return None


def prix_eleve_question(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                        today: Optional[dt.date] = None) -> str:
    params = params or default_parameters()
    price = Decimal(str((slots.get("calc_acte") or {}).get("price", 0)))
    situation = slots.get("calc_situation") or {}
    base = conventionne_tariffs({**situation, "domicile": situation.get("domicile", False)},
                                _when(slots, today), params)["membre"]
    return (f"{euros(price)} la séance, c'est au-dessus de tous les tarifs conventionnés ({euros(base)} "
            f"pour une séance de base). {slots_audience(slots).kine_status} (la part "
            "au-dessus du tarif, non remboursée par l'Assurance Maladie), ou s'agit-il d'un acte hors "
            "nomenclature (bien-être, Pilates…) ?")


def soin_question(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                  today: Optional[dt.date] = None) -> Tuple[str, List[Dict[str, str]]]:
    """The question about the care when a conventionné price is no tariff, with one button per possible act."""
    price = Decimal(str((slots.get("calc_acte") or {}).get("price", 0)))
    candidates = soin_candidates(slots, params, today)
    unknown = _price_status_unknown(slots)
    text = (f"{euros(price)} la séance ne correspond à aucun tarif conventionné : chez un kiné conventionné, la "
            "part au-dessus du tarif est un dépassement, que l'Assurance Maladie ne rembourse pas. "
            "Pour quels soins, que je parte du bon tarif ?"
            + (f" ({slots_audience(slots).kine_outside}, dites-le simplement.)" if unknown else ""))
    params = params or default_parameters()
    when = _when(slots, today)

    def shown(act: str, tariff: Decimal) -> str:
        # A tariff resting on a scheduled or uncertain step says so, even on a button.
        status = params.at(f"actes.{act}.coefficient", when).status
        return euros(tariff) + {"scheduled": ", prévu", "uncertain": ", non confirmé"}.get(status, "")

    buttons = [{"title": f"{SOIN_BUTTONS.get(act, act)} ({shown(act, tariff)})",
                "payload": f'/inform{{"act": "{act}"}}'} for act, tariff in candidates.items()]
    buttons.append({"title": "Je ne sais pas", "payload": "je ne sais pas"})
    return text, buttons


COVER_FIELDS = ("prise_en_charge_100", PREGNANCY_MONTH_FIELD, POST_PARTUM_FIELD)


def _without_cover(situation: Mapping[str, Any]) -> Dict[str, Any]:
    return {name: value for name, value in situation.items() if name not in COVER_FIELDS}


# --- Whose situation: « 10 séances pour mon bébé » … « et pour mon dos à moi ? » -----------------------
# What belongs to the person the care is for, not to the household: the age, a pregnancy, an ALD or an
# accident du travail, the franchise already paid this year. Each is remembered for the patient it was
# said of (bot.parsing.patient_named: « moi », « ma fille »…; « elle », « son dos » for the last other
# person named; a first-person statement of an age, a pregnancy or a cover for the asker): the baby's
# « moins de 18 ans » is no exemption from the franchise for the parent, the mother's pregnancy no 100 %
# for the father, the parent's ALD no 100 % for the daughter. The complémentaire santé solidaire and
# the AME (granted to the household), the régime, the place and the kiné's status hold for everyone.
# Where the sessions are is the patient's too: the kiné comes home for a wife who cannot walk, not for
# the baby's bronchiolite (« ma femme a une SEP, le kiné vient à domicile » … « mon bb, 5 séances »).
# A message that names nobody is about the patient named last.
PERSON_FIELDS = ("age", PREGNANCY_MONTH_FIELD, POST_PARTUM_FIELD, "franchise_already_paid")
PLACE_FIELDS = ("domicile", "distance_km", "zone")  # the patient's, but « chez moi » names nobody
PERSONAL_COVERS = ("ald", "at_mp", "maternite", "invalidite", "rente_at")
FIRST_PERSON = re.compile(r"\b(?:je|j'|moi)")
THIRD_PERSON = re.compile(r"\b(?:son|sa|ses|lui)\b|\b(?:il|elle)\s+(?:a|est|vient|se|va|fait|doit|aura|sera|n'|ne)\b")
SELF, THEM = "moi", "them"  # THEM: the other person named last
OTHER_PATIENT_NOTE = "Pour ce patient, je ne reprends pas ce qui valait pour une autre personne : {}."


def patient_of(text: str, found: Optional[Mapping[str, Any]] = None) -> Optional[str]:
    """Whom a message is about: the patient it names, THEM for « elle », « son dos », the asker for a
    first-person statement of their own age, pregnancy or cover, else None.

    >>> [patient_of(t) for t in ("je suis enceinte de 7 mois", "ma mère de 85 ans est en ALD",
    ...                          "elle n'est plus en ALD", "10 séances pour son dos", "10 séances")]
    ['moi', 'mere', 'them', 'them', None]
    """
    named = patient_named(text)
    if named:
        return named
    t = normalise(text)
    if THIRD_PERSON.search(t):
        return THEM
    found = situation_from_text(text) if found is None else found
    personal = any(name in found for name in PERSON_FIELDS) or found.get("prise_en_charge_100") in PERSONAL_COVERS
    return SELF if personal and FIRST_PERSON.search(t) else None


def _personal(situation: Mapping[str, Any]) -> Dict[str, Any]:
    return {name: value for name, value in situation.items()
            if name in PERSON_FIELDS + PLACE_FIELDS or (name == "prise_en_charge_100" and value in PERSONAL_COVERS)}


def _household(situation: Mapping[str, Any]) -> Dict[str, Any]:
    personal = _personal(situation)
    return {name: value for name, value in situation.items() if name not in personal}


@dataclass
class Situations:
    """The situations stated over a conversation's messages: one per patient, and the household's."""

    household: Dict[str, Any] = field(default_factory=dict)
    persons: Dict[Optional[str], Dict[str, Any]] = field(default_factory=dict)  # None: said of nobody named
    cares: Dict[Optional[str], str] = field(default_factory=dict)  # the care each one said they need
    patient: Optional[str] = None  # the patient named last
    other: Optional[str] = None    # the last one who is not the asker

    def resolve(self, who: Optional[str]) -> Optional[str]:
        """A patient_of answer as a patient: THEM is the other one named last; None, the one named last."""
        return (self.other if who == THEM else who) or self.patient

    def whom(self, text: str, found: Optional[Mapping[str, Any]] = None) -> Optional[str]:
        """The patient a message is about (patient_of), the one named last when it does not say."""
        return self.resolve(patient_of(text, found))

    def read(self, text: str) -> None:
        parsed = parse_request(text)
        found = situation_from_text(text, parsed.fields)
        who = self.whom(text, found)
        if who is not None and self.patient is None and None in self.persons:
            self.persons[who] = {**self.persons.pop(None), **self.persons.get(who, {})}  # said before naming them
            if None in self.cares:
                self.cares.setdefault(who, self.cares.pop(None))
        self.patient = who
        if who not in (None, SELF):
            self.other = who
        person = self.persons.setdefault(who, {})
        if "prise_en_charge_100" in found or parsed.no_prise_en_charge_100:
            self.persons[who] = person = _without_cover(person)
            self.household = _without_cover(self.household)
        person.update(_personal(found))
        self.household.update(_household(found))
        care = parsed.fields.get("act")
        if care in SOIN_BUTTONS and care not in BILAN_ACTS and PERSONAL.search(normalise(text)):
            self.cares[who] = care  # « ma fille a une scoliose, c'est remboursé ? »: hers (a bilan is asked about)

    def of(self, who: Optional[str]) -> Dict[str, Any]:
        """The situation of patient `who`: the household's and theirs."""
        person = self.persons.get(who)
        if person is None and self.patient is None:
            person = self.persons.get(None)  # said before anyone was named: theirs
        return {**self.household, **(person or {})}

    def for_message(self, text: str) -> Dict[str, Any]:
        """The situation of the patient a new message is about."""
        return self.of(self.whom(text))

    def care_for(self, text: str) -> Optional[str]:
        """The care the patient a new message is about said they need, if any."""
        who = self.whom(text)
        if who not in self.cares and self.patient is None:
            who = None  # said before anyone was named: theirs
        return self.cares.get(who)


def situations(texts: Iterable[str]) -> Situations:
    memory = Situations()
    for text in texts:
        memory.read(text)
    return memory


def remembered_situation(texts: Iterable[str], current: str = "") -> Dict[str, Any]:
    """The situation stated over earlier messages, the latest statement winning, for the patient the
    `current` message is about (by default, the one named last).

    >>> remembered_situation(["je suis en ALD", "en fait je ne suis pas en ALD"])
    {}
    >>> remembered_situation(["je suis enceinte de 7 mois, c'est remboursé ?"], "et pour mon mari, 10 séances ?")
    {}
    >>> remembered_situation(["ma fille de 13 ans a une scoliose", "je suis en ALD moi"], "10 séances pour son dos")
    {'age': 13}
    """
    return situations(texts).for_message(current)


def _left(before: Mapping[str, Any], now: Mapping[str, Any]) -> Dict[str, Any]:
    """The person's fields of `before` that `now` does not have."""
    return {name: value for name, value in _personal(before).items() if name not in now}


def _say_left(update: Update, left: Mapping[str, Any]) -> None:
    if left:
        update.notes.insert(0, OTHER_PATIENT_NOTE.format(" ; ".join(situation_phrases(left))))


def change_patient(update: Update, current: Mapping[str, Any], text: str, earlier: Iterable[str]) -> None:
    """During a calculation, or in a what-if after its result (« et pour mon mari ? »), a message about
    another patient than the one named before: the person's fields are theirs (those said of them
    earlier, then this message's own: « et pour ma fille de 8 ans ? »), and the user is told what was
    left of the previous patient's."""
    named = patient_of(text)
    if named is None:  # most messages: no need to read the conversation again
        return
    memory = situations(earlier)
    who = memory.resolve(named)
    if who == memory.patient or (who == SELF and memory.patient is None):
        # « 10 séances pour mon genou », « à domicile », then « en fait j'ai 16 ans »: messages that named
        # nobody were the asker's own (the home visit was dropped as another person's)
        return
    situation = update.slots.get("calc_situation", current.get("calc_situation")) or {}
    stated = parse_request(text).fields
    own = {name: value for name, value in _personal(situation).items() if name in stated}
    theirs = {**_household(situation), **_personal(memory.of(who)), **own}
    left = _left(situation, theirs)
    if theirs == situation:
        return
    update.slots["calc_situation"] = theirs
    if (current.get("calc_grossesse") and "calc_grossesse" not in update.slots
            and theirs.get("prise_en_charge_100") != "maternite"):
        update.slots["calc_grossesse"] = None
    _say_left(update, left)


def remember_conversation(update: Update, earlier: Iterable[str], text: str,
                          params: Optional[Parameters] = None,
                          last_request: Optional[Mapping[str, Any]] = None) -> None:
    """The form starts with what the earlier messages said (`remember`): the situation of the patient
    this message is about (« et pour mon dos à moi, 12 séances ? » after a baby's calculation is no
    minor's), and the price the person said they pay. A new calculation for the same patient keeps the
    mutuelle of the previous one (`last_request`), and its lack of a particular situation, and says so;
    for another patient they are asked again (`same_mutuelle_button` offers the same mutuelle)."""
    earlier = list(earlier)
    memory = situations(earlier)
    remembered = memory.for_message(text)
    remember(update, remembered, params, price=remembered_price(earlier), care=memory.care_for(text))
    now = update.slots.get("calc_situation") or {}
    _say_left(update, _left(memory.of(memory.patient), {**remembered, **now}))
    if last_request is not None and update.slots.get("calc_mutuelle") is None \
            and memory.whom(text) == memory.patient:
        mutuelle = last_request.get("mutuelle")
        update.slots["calc_mutuelle"] = {"mutuelle": mutuelle}
        update.notes.append(SAME_MUTUELLE_NOTE.format(_mutuelle_phrase(mutuelle)))
    if last_request is not None and "calc_situation" not in update.slots and memory.whom(text) == memory.patient \
            and not any(name in last_request for name in REMEMBERED_FIELDS):
        # The previous calculation had no particular situation (« Aucune »): nothing to remember from the
        # messages, and the same patient is not asked again.
        update.slots["calc_situation"] = {}
        update.notes.append(SAME_SITUATION_NOTE)


SAME_MUTUELLE_NOTE = "Je reprends la mutuelle du calcul précédent : {} (dites-le si elle change)."
SAME_SITUATION_NOTE = ("Comme au calcul précédent, pas de situation particulière (dites-le sinon : ALD, à domicile, "
                       "moins de 18 ans…).")


def same_mutuelle_button(last_request: Optional[Mapping[str, Any]]) -> Optional[Dict[str, str]]:
    """A button « La même (200 % BR) » under the mutuelle question when a previous calculation had one.

    >>> same_mutuelle_button({"sessions": 10, "mutuelle": {"br_percent": 200}})
    {'title': 'La même (200 % BR)', 'payload': 'mutuelle à 200 % BR'}
    >>> same_mutuelle_button({"sessions": 10, "mutuelle": {"tm_percent": 50}})["payload"]
    'mutuelle à 50 % du ticket modérateur'
    >>> same_mutuelle_button({"sessions": 10, "mutuelle": {"fr_percent": 100}})["title"]
    'La même (100 % des frais réels)'
    >>> same_mutuelle_button({"mutuelle": {"per_session": 25, "annual": 100}})["payload"]
    'mutuelle 25,00 € par séance dans la limite de 100,00 € par an'
    >>> same_mutuelle_button({"sessions": 10}) is None  # no mutuelle: « Pas de mutuelle » is a button already
    True
    """
    mutuelle = (last_request or {}).get("mutuelle")
    if not mutuelle:
        return None
    if "br_percent" in mutuelle:
        amount = f"{number(Decimal(str(mutuelle['br_percent'])))} % BR"
        return {"title": f"La même ({amount})", "payload": f"mutuelle à {amount}"}
    kind = next((k for k in ("tm_percent", "fr_percent") if k in mutuelle), None)
    if kind:  # « 50 % du ticket modérateur », « 100 % des frais réels »
        amount = mutuelle_guarantee(kind, Decimal(str(mutuelle[kind])))
        return {"title": f"La même ({amount})", "payload": f"mutuelle à {amount}"}
    if "per_session" in mutuelle:
        amount = f"{euros(Decimal(str(mutuelle['per_session'])))} par séance"
        if "annual" in mutuelle:  # with its yearly ceiling
            guarantee = mutuelle_of(mutuelle)
            return {"title": f"La même ({mutuelle_guarantee(guarantee.kind, guarantee.amount, guarantee.cap)})",
                    "payload": f"mutuelle {amount} dans la limite de {euros(guarantee.cap)} par an"}
        return {"title": f"La même ({amount})", "payload": f"mutuelle {amount}"}
    amount = f"{euros(Decimal(str(mutuelle['annual'])))} par an"
    return {"title": f"La même ({amount})", "payload": f"mutuelle forfait de {amount}"}


def left_to_pay_line(stated: Mapping[str, Any], total: Decimal, per_session: Decimal) -> str:
    """What the user said is left to pay, against the result's (`total`, and the first session's `per_session`).

    >>> left_to_pay_line({"amount": 81.6, "per_session": False}, Decimal("81.60"), Decimal("8.16"))
    "Vous dites qu'il vous reste 81,60 € à payer : c'est bien ce que donne le calcul ci-dessous."
    >>> left_to_pay_line({"amount": 10, "per_session": True}, Decimal("81.60"), Decimal("8.16"))[:98]
    "Vous dites qu'il vous reste 10,00 € par séance à payer : le calcul ci-dessous donne 8,16 €, soit 1"
    """
    said = Decimal(str(stated["amount"]))
    found = per_session if stated.get("per_session") else total
    lead = f"Vous dites qu'il vous reste {euros(said)}{' par séance' if stated.get('per_session') else ''} à payer : "
    if abs(said - found) < Decimal("0.01"):
        return lead + "c'est bien ce que donne le calcul ci-dessous."
    gap = f"{euros(abs(said - found))} de {'plus' if said > found else 'moins'}"
    return (lead + f"le calcul ci-dessous donne {euros(found)}, soit {gap} ; un écart vient le plus souvent d'un "
            "dépassement, de la garantie de la mutuelle ou de la franchise.")


def remembered_price(texts: Iterable[str]) -> Optional[float]:
    """The price per session the person said they pay in an earlier message, the latest one.

    >>> remembered_price(["mon kiné conventionné me prend 35 € la séance, c'est normal ?"])
    35
    >>> remembered_price(["une séance à 45 € chez un déconventionné, c'est remboursé ?"]) is None
    True
    """
    price = None
    for text in texts:
        if PERSONAL.search(normalise(text)):  # theirs, not a general question's
            price = parse_request(text).fields.get("price", price)
    return price


def remember(update: Update, remembered: Mapping[str, Any], params: Optional[Parameters] = None,
             price: Optional[float] = None, care: Optional[str] = None) -> None:
    """Starts the form with the situation stated earlier, and the care the patient needs and the price the person
    said they pay when this message names no care nor price, what the current message says winning; says so."""
    params = params or default_parameters()
    now = update.slots.get("calc_situation") or {}
    earlier = {name: value for name, value in remembered.items() if name not in now}
    if now.get("prise_en_charge_100"):
        earlier = _without_cover(earlier)
    earlier, _ = _validated(earlier, params)
    phrases = situation_phrases(earlier)
    if earlier:
        update.slots["calc_situation"] = {**earlier, **now}
    if "calc_acte" not in update.slots:
        acte = {"act": care} if care else {}
        if price is not None and not price_error({**update.slots, "calc_acte": {**acte, "price": price}}, params):
            acte["price"] = price
            phrases.insert(0, f"séance à {euros(Decimal(str(price)))}")
        if care:
            phrases.insert(0, f"soins : {SOIN_BUTTONS[care].lower()}")
        if acte:
            update.slots["calc_acte"] = acte
    if not phrases:
        return
    update.notes.insert(0, "Je reprends ce que vous m'avez dit : " + _closed(phrases))
    if earlier.get("regime") == "alsace_moselle":
        update.notes.insert(1, ALSACE_NOTE)
    month = earlier.get(PREGNANCY_MONTH_FIELD)
    if month is not None:
        first = maternity_month(params)
        update.slots["calc_grossesse"] = grossesse_value(month, first)
        if month < first:
            update.notes.append(AVANT_6_NOTE.format(first))
    elif earlier.get(POST_PARTUM_FIELD):
        update.slots["calc_grossesse"] = "post_partum"


# --- « c quoi les 20,94 € ? »: which line of the last result an amount is -------------------------

AMOUNT = re.compile(r"(?<![\d,.])(\d{1,5}(?:[.,]\d{1,2})?)(?![\d%])")


def _amount_in(text: str) -> Optional[Decimal]:
    """The amount asked about: the first one said after a reimbursement word (« le kiné facture 17,90 € mais
    la sécu ne rembourse que 9,74 €, pourquoi ? » asks about 9,74 €), else the first one.

    >>> _amount_in("il facture 17,90 € mais la sécu ne me rembourse que 9,74 €, pourquoi ?")
    Decimal('9.74')
    >>> _amount_in("la sécu m'a remboursé 9,74 au lieu de 10,74"), _amount_in("c'est quoi les 20,94 € ?")
    (Decimal('9.74'), Decimal('20.94'))
    """
    t = normalise(text).replace("€", " € ")
    said = WHY_THIS_REIMBURSEMENT[0].search(t)
    match = (said and AMOUNT.search(t, said.end())) or AMOUNT.search(t)
    return Decimal(match.group(1).replace(",", ".")) if match else None


# The session the amounts asked before any calculation are looked up in: one session of the base act,
# for an adult, without a mutuelle (the figures the topics' answers quote); as many as the message says
# (« la sécu m'a remboursé 64,44 € pour 6 séances »: the caisse's share of 6 base sessions).
BASE_SESSION = {"sessions": 1, "act": BASIC_ACT}


def base_session_lead(sessions: int) -> str:
    care = SOIN_BUTTONS[BASIC_ACT].lower()
    said = "une séance de base" if sessions == 1 else f"{sessions} séances de base"
    return f"Sur {said} ({care}), sans mutuelle,"


def _sessions_said(text: str) -> int:
    """The number of sessions a question on an amount names (« 64,44 € pour 6 séances »), else 1."""
    return parse_request(text).fields.get("sessions") or 1


def _explained(calc: Any, amount: Decimal, who: Audience = ASKER) -> List[str]:
    found: List[str] = []
    for value, explanation in amount_explanations(calc, who):
        if value == amount and explanation not in found:
            found.append(explanation)
    return found


def _explained_on_a_base_session(amount: Decimal, params: Parameters, today: Optional[dt.date],
                                 sessions: int = 1) -> List[str]:
    base = {**BASE_SESSION, "sessions": sessions, "date": (today or dt.date.today()).isoformat()}
    try:
        return _explained(compute(base, params), amount)
    except CalculatorInputError:  # « 400 séances »: beyond what the calculator takes
        return []


# « la sécu m'a remboursé 9,74 au lieu de 10,74, pourquoi ? »: a reimbursement and a « why », which the
# classifier, unsure between the reimbursement topics, sent to the fallback.
WHY_THIS_REIMBURSEMENT = (re.compile(r"rembours|\bverse|\btouche|\brecu\b|\bpercu|\brendue?\b|\bviree?\b"),
                          re.compile(r"pourquoi|\bpk\b|\bpq\b|au lieu de|et pas|d'ou vient|difference|correspond"))
# Or whether the amount reimbursed is right (« la sécu m'a remboursé 64,44 € pour 6 séances, c'est normal ? »): the
# amount said after the reimbursement word (« mon kiné facture 17,90 €, c'est normal ? » asks about a price).
REIMBURSEMENT_RIGHT = re.compile(r"\bnormale?\b|\blogique\b|\bcoherente?\b")


def asks_why_a_base_amount(text: str, params: Optional[Parameters] = None, today: Optional[dt.date] = None) -> bool:
    """A question on why an amount of a base session was reimbursed (the answer `explain_amount` gives).

    >>> asks_why_a_base_amount("la sécu m'a remboursé 9,74 au lieu de 10,74 pourquoi")
    True
    >>> asks_why_a_base_amount("pourquoi la séance coûte 17,90 €"), asks_why_a_base_amount("remboursé 3 € pourquoi ?")
    (False, False)
    >>> asks_why_a_base_amount("la sécu m'a remboursé 64,44 € pour 6 séances, c'est normal ?")
    True
    >>> asks_why_a_base_amount("mon kiné facture 17,90 €, c'est normal ? c'est remboursé ?")
    False
    """
    t = normalise(text)
    reimbursed, why = (pattern.search(t) for pattern in WHY_THIS_REIMBURSEMENT)
    if not reimbursed or not (why or (REIMBURSEMENT_RIGHT.search(t) and AMOUNT.search(t, reimbursed.end()))):
        return False
    amount = _amount_in(text)
    return amount is not None and bool(_explained_on_a_base_session(amount, params or default_parameters(), today,
                                                                    _sessions_said(text)))


# « c quoi les 143,20 ? », « à quoi correspondent les 214,80 € ? », « les 20,94 c'est quoi ? »: nothing but what an
# amount is. Without its « € » the classifier read it as out of scope.
_WHAT_IS = (r"(?:et )?(?:c'?est|c|ce sont) (?:quoi|koi)|qu'est-ce que c'est(?: que)?|"
            r"a quoi (?:correspond\w*|sert|servent)")
_THE_AMOUNT = r"(?:les?|la|ces?|cette|mes) \d{1,5}(?:[.,]\d{1,2})? ?(?:€|e|eur|euros?)?"
WHAT_IS_THIS_AMOUNT = re.compile(rf"^(?:{_WHAT_IS}) {_THE_AMOUNT}|^(?:et )?{_THE_AMOUNT},? (?:{_WHAT_IS})")


def asks_what_an_amount_is(text: str) -> bool:
    """A question on what an amount is, and nothing else (the answer `explain_amount` gives).

    >>> [asks_what_an_amount_is(t) for t in ("c quoi les 143,20 ?", "À quoi correspondent les 214,80 € ?",
    ...                                      "les 20,94 c'est quoi ?")]
    [True, True, True]
    >>> asks_what_an_amount_is("c'est quoi les 2 séances de bilan ?"), asks_what_an_amount_is("c'est quoi l'IFD ?")
    (False, False)
    """
    t = normalise(text).strip().rstrip(" ?!.")
    match = WHAT_IS_THIS_AMOUNT.match(t)
    return match is not None and match.end() == len(t)


# Whether a session's price is right: « c'est normal ? », « il a le droit ? », « c'est trop cher ? ».
IS_THIS_PRICE_RIGHT = re.compile(r"\bnormal\b|\bbon prix\b|\b(?:trop |plus )?cher\b|\ble droit\b|\babus\w*|"
                                 r"\barnaque\w*|\blegal\b|\bhonnete\b|\bexcessif\b")


def asks_if_a_price_is_right(text: str) -> bool:
    """A question on whether the price a kiné charges for a session is right, the kiné's status unsaid or
    conventionné (the answer on a session's price, with its line on that price, answers it); the kiné or
    the session named, as that answer is about them.

    >>> asks_if_a_price_is_right("mon kiné facture 21,50 la séance c'est normal ?")
    True
    >>> [asks_if_a_price_is_right(t) for t in ("la séance à 17,90, c'est cher ?", "c'est normal d'attendre ?",
    ...                                         "mon kiné non conventionné prend 50 €, c'est normal ?",
    ...                                         "l'ostéopathe m'a fait payer 60 euros, est-ce légal ?")]
    [True, False, False, False]
    """
    t = normalise(text)
    if not (IS_THIS_PRICE_RIGHT.search(t) and re.search(r"\b(?:kine\w*|seances?|masseur)", t)):
        return False
    fields = parse_request(text).fields
    return "price" in fields and fields.get("conventionne") is not False and not fields.get("hors_nomenclature")


# Whether a conventionné kiné may charge what he likes (« je suis kiné conventionné, je peux pratiquer des tarifs
# libres ? », « un kiné conventionné peut-il fixer librement ses tarifs ? »): the classifier hesitated between the
# dépassement's rule, the hors nomenclature and the session's price (0.17 to 0.36), and sent them to the fallback.
# A kiné asking for himself (« je suis kinésithérapeute, puis-je faire des dépassements d'honoraires ? ») asks the
# same: the classifier read the patient's recourse against a dépassement (0.48).
FREE_FEES = re.compile(r"\b(?:tarifs?|honoraires|prix)\s+libres?\b|\blibrement\b|\bpropres\s+(?:tarifs?|prix|honoraires)"
                       r"|\bfixer\s+(?:mes|ses|son|mon|leurs?|les)\s+(?:tarifs?|prix|honoraires)\b|\bdepass\w*"
                       r"|\bplus\s+cher\b|\bau[- ]dessus\s+du\s+tarif\b|\bsupplements?\b")
MAY = re.compile(r"\b(?:peu[xt]|puis|pouvons|peuvent|pourrai\w*|droit|autorise\w*|possible|permis|interdit|legal)\b")


def asks_if_a_conventionne_may_charge_more(text: str) -> bool:
    """Whether a kiné in the convention may set his fees or go above the tariff (the dépassement's rule answers it).

    >>> [asks_if_a_conventionne_may_charge_more(t) for t in (
    ...     "je suis kiné conventionné, je peux pratiquer des tarifs libres ?",
    ...     "un kiné conventionné peut-il fixer librement ses tarifs ?",
    ...     "un kiné non conventionné peut-il fixer ses tarifs ?", "mon kiné est conventionné, c'est remboursé ?",
    ...     "je suis kinésithérapeute, puis je faire des dépassements d'honoraires ?",
    ...     "mon kiné peut-il faire des dépassements ?", "je suis kiné non conventionné, je peux fixer mes tarifs ?")]
    [True, True, False, False, True, False, False]
    """
    t = normalise(text)
    if re.search(r"\b(?:non|pas|plus)\s+conventionn|\bdeconventionn", t):
        return False
    kine_asks = re.search(KINE_ASKER, t) is not None  # a kiné asks of his own fees: those of the convention
    return bool((kine_asks or re.search(r"\bconventionn", t)) and FREE_FEES.search(t) and MAY.search(t))


NO_CALCULATION_YET = ("Je n'ai pas encore fait de calcul dans cette conversation. Dites-moi par exemple « 10 séances "
                      "pour le genou, mutuelle à 100 % ».")


def explain_amount(request: Optional[Mapping[str, Any]], text: str, params: Optional[Parameters] = None,
                   today: Optional[dt.date] = None, who: Audience = ASKER) -> str:
    """French answer to a question about an amount of the last result (`request` as kept after it; `who`: whose
    share it names).

    Before any calculation, an amount of a base session (« la sécu m'a remboursé 10,74 € au lieu de
    17,90, pourquoi ? ») is explained on that session, and said to be so.
    """
    params = params or default_parameters()
    amount = _amount_in(text)
    if not request:
        sessions = _sessions_said(text)
        found = _explained_on_a_base_session(amount, params, today, sessions) if amount is not None else []
        if found:
            return f"{base_session_lead(sessions)} {euros(amount)} : " + "\nOu bien : ".join(found[:2])
        return NO_CALCULATION_YET
    try:
        calc = compute(request, params)
    except CalculatorInputError:
        return "Je ne retrouve plus le dernier calcul : pouvez-vous me redonner vos valeurs ?"
    if amount is None:
        return ("Quel montant du dernier calcul ? Citez-le, par exemple « c'est quoi les "
                f"{euros(calc.total['patient'])} ? ».")
    found = _explained(calc, amount, who)
    if not found:
        return (f"Je ne trouve pas {euros(amount)} dans le dernier calcul. Ses montants : prix total "
                f"{euros(calc.total['price'])}, Assurance Maladie {euros(calc.total['amo'] - calc.total['franchise'])}"
                f", mutuelle {euros(calc.total['mutuelle'])}, reste {who.charge} {euros(calc.total['patient'])}.")
    return f"{euros(amount)} : " + "\nOu bien : ".join(found[:2])


# A question on an FAQ topic asked during a calculation (« le kiné à domicile est-il remboursé ? »),
# the price of a coded act (« combien vaut un AMK 8,1 ? »), or a question outside the assistant's
# topics, is answered, not read as values for the calculation:
# the form lets it through (a topic's answer remembers its situation, bot/situation.py) and asks its
# pending question again afterwards. The NLU's fallback threshold already removed unsure guesses.
FAQ_QUESTION_MIN_WORDS = 4


ALLOWANCES_TOPIC = "seance_domicile"


def asks_only_an_allowance(text: str) -> bool:
    """« et les IK ? », « c'est quoi l'IFD ? »: a travel allowance named, and no other value (a count, a price,
    a distance, a home visit said in words)."""
    t = normalise(text)
    if not re.search(TRAVEL_ALLOWANCES, t) or re.search(HOME_VISIT, re.sub(TRAVEL_ALLOWANCES, " ", t)):
        return False
    parsed = parse_request(text)
    values = ("sessions", "price", "mutuelle", "act")
    return not parsed.distance_said and not any(name in parsed.fields for name in values)


def is_faq_question(intent: str, text: str) -> bool:
    """True for a question of a few words whose intent is an FAQ topic, an act's price or out_of_scope.

    A what-if that gives a price, a number of sessions or a mutuelle (« et si c'était 45 € la séance
    chez un déconventionné ? », « et avec une mutuelle à 200 % ? »), or a short one about a situation
    (« et pour un enfant ? »), is not one: it gives values for the calculation under way.

    >>> is_faq_question("non_conventionne_tarifs", "un déconventionné peut-il fixer ses prix ?")
    True
    >>> is_faq_question("non_conventionne_tarifs", "et si c'était la séance à 45 chez un déconventionné ?")
    False
    >>> is_faq_question("mutuelle_prise_en_charge", "et avec une mutuelle à 200 % ?")
    False

    A short question on a travel allowance alone (« et les IK ? ») asks what it is: it said « C'est noté :
    séances à domicile » in the middle of a calculation.

    >>> is_faq_question("seance_domicile", "et les IK ?"), is_faq_question("seance_domicile", "à domicile, avec IK")
    (True, False)
    """
    if intent == ALLOWANCES_TOPIC and "?" in text and asks_only_an_allowance(text):
        return True
    answered_elsewhere = (intent in TOPIC_TITLES and intent != "calcul_remboursement") or intent == "out_of_scope"
    if not (answered_elsewhere and "?" in text and len(text.split()) >= FAQ_QUESTION_MIN_WORDS):
        return False
    if not WHAT_IF.match(normalise(text)):
        return True
    parsed = parse_request(text)
    gives_values = (any(name in parsed.fields for name in (*CALCULATION_FIELDS, "mutuelle"))
                    or parsed.no_mutuelle or parsed.no_prise_en_charge_100)
    return not (gives_values or follow_up_situation(text))


# A question that states a situation, which the NLU read as a value for the calculator
# (« j'habite à Strasbourg, c'est 90 % ? »: a town and a rate, like the form's answers), asks
# about that situation's rate or price: it is answered with the topic and the situation's line
# (bot/situation.py), never taken as values. Only when it asks about a rate, a reimbursement or a
# price (« je suis enceinte de 7 mois, ça compte ? », answering the form, stays a value); not when
# it gives what a calculation needs (a number of sessions, a price: the calculator answers that),
# nor for a what-if after a result (« et si j'habitais à Metz ? » recalculates).
# « c quoi la différence avec la métropole ? » after the DROM's figures, « quelle différence pour un enfant ? »: the
# last answer for that situation, as « et en métropole ? » (they got the out-of-scope reply until 2026-12-07).
WHAT_IF = re.compile(r"^(?:et|si|avec|sans|mais)\b|^(?:(?:et|mais|ok)\s+)?(?:(?:c'?est|c)\s+quoi\s+|quelle\s+(?:est\s+)?)?"
                     r"la\s+difference\s+(?:avec|pour|en|si)\b|^quelle\s+difference\s+(?:avec|pour|en|si)\b")
PRICE_QUESTION = re.compile(r"\b(?:cout\w*|prix|tarifs?)\b")
RATE_QUESTION = re.compile(r"%|\brembours\w*|\bpris\w* en charge\b|\btaux\b|\bcombien\b|\bpaye\w*|\bgratuit\w*")
CALCULATION_FIELDS = ("sessions", "price")


def asks_an_amount(text: str) -> bool:
    """The message asks a sum of money (« combien je récupère ? », « c'est remboursé ? »), not only gives values.

    >>> asks_an_amount("35 € la séance, combien je récupère"), asks_an_amount("ma kiné prend 28 €, remboursée ?")
    (True, True)
    >>> asks_an_amount("mon kiné prend 35 € la séance, mutuelle 100 %")
    False
    """
    t = normalise(text)
    return bool(re.search(r"\bcombien\b", t) or ("?" in text and re.search(r"\brembours\w*|\bpris\w* en charge\b|"
                                                                        r"\bpa(?:ye|ie)\w*|\bcout\w*", t)))


# « et pour un enfant ? », « et en Guadeloupe ? » right after an answer: a short follow-up (it
# starts like a what-if) that asks the same question for another situation. After an FAQ answer it
# gets that situation's line for the last topic (bot/situation.py), not remembered, being
# hypothetical (« un enfant », not « mon fils »); during a calculation it gives values.
FOLLOW_UP_MAX_WORDS = 8
WHAT_IF_WITH_VALUES_MAX_WORDS = 14
WHAT_IF_VALUES = ("sessions", "price", "mutuelle", "franchise_already_paid", "distance_km")


def _short_what_if(text: str, parsed: Optional[ParsedRequest] = None) -> Optional[Dict[str, Any]]:
    """The calculator fields of a short what-if (« et pour un enfant ? »), else None.

    `parsed`: the text's parse_request, when the caller has it already. An acknowledgement before it
    (« merci, et pour un enfant ? ») is not part of it."""
    t = normalise(acknowledged_question(text) or text)
    if not _what_if_shaped(t):
        # Longer, it still is one when it gives the calculation's own values (« et si je prends 5 séances de
        # plus ? », « et si j'ai déjà payé 45 € de franchises cette année ? »).
        parsed = parsed or parse_request(text)
        if not (WHAT_IF.match(t) and len(t.split()) <= WHAT_IF_WITH_VALUES_MAX_WORDS
                and any(name in parsed.fields for name in WHAT_IF_VALUES)):
            return None
    parsed = parsed or parse_request(text)
    if "date" in parsed.to_confirm and "date" not in parsed.fields:  # « et en 2027 ? »: the middle of that year
        return {**parsed.fields, "date": parsed.to_confirm["date"]}
    return parsed.fields


def _what_if_shaped(t: str) -> bool:
    """A normalised message that opens like a what-if (« et pour… », « et si… ») and is short."""
    return bool(WHAT_IF.match(t)) and len(t.split()) <= FOLLOW_UP_MAX_WORDS


# « ok et c'est plafonné ? », « d'accord mais c'est combien ? »: an acknowledgement, then a question.
ACKNOWLEDGED = re.compile(r"^(?:ok(?:ay)?|oki|d'?accord|dac|merci(?: bien| beaucoup)?|ah|ha|oui|ouais|bien|tres bien|"
                          r"super|parfait|entendu|je vois|ah bon)\b[\s,.!]*(?:(?:mais|donc|alors)\s+)?(\S.*)$")


def acknowledged_question(text: str) -> Optional[str]:
    """The question asked after « ok », « d'accord » or « merci », which the classifier reads as the
    acknowledgement (`affirm`, `thank`) it starts with, answering « D'accord. Avez-vous une autre
    question ? »; None for a message that is not one.

    >>> [acknowledged_question(t) for t in ("ok et c'est plafonné ?", "merci, et pour un enfant ?",
    ...                                     "d'accord mais c'est combien ?")]
    ["et c'est plafonne ?", 'et pour un enfant ?', "c'est combien ?"]
    >>> [acknowledged_question(t) for t in ("ok", "ok ?", "oui merci", "d'accord, c'est noté", "okay super !")]
    [None, None, None, None, None]
    """
    match = ACKNOWLEDGED.match(normalise(text))
    if "?" not in text or not match or len(match.group(1).rstrip(" ?").split()) < 2:
        return None
    return match.group(1)


def states_a_calculation(text: str) -> bool:
    """Values for the calculator stated, not asked about: a number of sessions with a price or a mutuelle,
    and no question mark. « jai 12 seance de kine pr mon epaule, la kine prend 22e, ma mutuel rembourse 200% »
    was read as the mutuelle's topic, whose answer left the 12 sessions, the price and the mutuelle unused.

    >>> states_a_calculation("jai 12 seance de kine pr mon epaule, la kine prend 22e, ma mutuel rembourse 200%")
    True
    >>> states_a_calculation("j'ai 12 séances à 22 €, ma mutuelle rembourse le dépassement ?")
    False
    >>> states_a_calculation("ma mutuelle rembourse 200 %")
    False
    """
    if "?" in text:
        return False
    fields = parse_request(text).fields
    return "sessions" in fields and ("price" in fields or "mutuelle" in fields)


# Words that make a statement a question without its question mark (« combien », « pourquoi », « est-ce que »…)
ASKING_WORDS = re.compile(r"\b(?:combien|pourquoi|comment|quand|quel\w*|est[\s-]ce|est[\s-]il|normal|vrai)\b")


def states_a_count(text: str) -> bool:
    """One's number of sessions stated, and nothing asked (« je dois faire 20 séances de kiné », « on m'a prescrit 10
    séances de kiné »): the classifier, unsure, read it as the topic on who sets the number of sessions (0.43, 0.47),
    where « j'ai 15 séances de kiné à faire » opened the calculation; components/situation_question.py makes it the
    calculator's value, as that one is.

    >>> [states_a_count(t) for t in ("je dois faire 20 séances de kiné", "on m'a prescrit 10 séances de kiné",
    ...     "je dois faire 20 séances de kiné, c'est normal ?", "combien de séances pour une entorse",
    ...     "20 séances c'est le maximum", "le kiné fait 2 séances par semaine")]
    [True, True, False, False, False, False]
    """
    t = normalise(text)
    if "?" in text or ASKING_WORDS.search(t) or not PERSONAL.search(t):
        return False
    fields = parse_request(text).fields
    return "sessions" in fields and not set(fields) - {"sessions", "act"}


# What is left to pay, asked (« est-ce que je vais payer quelque chose ? », « combien il me reste ? »); normalised text.
LEFT_TO_PAY_ASKED = re.compile(r"\b(?:pay\w*|pai\w*|rest\w*|de ma poche|a ma charge|combien)\b")


def asks_what_is_left_to_pay(text: str) -> bool:
    """A price and a mutuelle's guarantee, and what is left to pay asked: the calculation's question. « j'ai une
    mutuelle a 300% est ce que je vais payer quelque chose chez le kiné a 40 euros » got the fallback.

    >>> asks_what_is_left_to_pay("j'ai une mutuelle a 300% est ce que je vais payer quelque chose chez le kiné a 40 euros")
    True
    >>> asks_what_is_left_to_pay("ma mutuelle rembourse 200 %, combien je paie ?"), asks_what_is_left_to_pay(
    ...     "mon kiné prend 40 €, ma mutuelle à 200 % couvre le dépassement ?")
    (False, False)
    """
    fields = parse_request(text).fields
    return "price" in fields and "mutuelle" in fields and LEFT_TO_PAY_ASKED.search(normalise(text)) is not None


def gives_no_value(text: str) -> bool:
    """A short what-if question that gives the calculator nothing: « et s'il l'est pas ? » after the
    answer on a non-conventionné kiné. The classifier reads its shape as a value (`inform`), which
    would open a calculation nobody asked for; it is a question about the last answer.

    >>> gives_no_value("et s'il l'est pas ?"), gives_no_value("et pour 20 ?"), gives_no_value("et si je suis en ALD ?")
    (True, False, False)
    >>> gives_no_value("et s'il l'est pas"), gives_no_value("et si je sais pas ?")
    (False, False)
    """
    t = normalise(text)
    if "?" not in text or not _what_if_shaped(t):
        return False
    return not (parse_request(text) or DONT_KNOW.search(t) or is_bare_number(text))


# A tag typed or pasted (« <img src=x onerror=alert(1)> »): code, not words.
MARKUP = re.compile(r"<\s*/?\s*[a-z][^<>]*>", re.I)


def is_markup_without_value(text: str) -> bool:
    """Markup that gives the calculator nothing: read as a value (inform, 0.41), it opened a calculation with « Combien
    de séances ? »; it is no value, and the next reading answers (out of scope, or the fallback).

    >>> is_markup_without_value("<img src=x onerror=alert(1)>"), is_markup_without_value("<b>10 séances</b>")
    (True, False)
    >>> is_markup_without_value("10 séances < 20 €"), is_markup_without_value("et s'il l'est pas ?")
    (False, False)
    """
    return MARKUP.search(text) is not None and not parse_request(text) and not is_bare_number(text)


def without_denied_cover(situation: Mapping[str, Any], parsed: ParsedRequest) -> Dict[str, Any]:
    """A remembered situation after a message (its parse_request): the cover it denies taken away.

    >>> without_denied_cover({"prise_en_charge_100": "ald", "age": 80}, parse_request("elle n'est plus en ALD"))
    {'age': 80}
    """
    return _without_cover(situation) if parsed.no_prise_en_charge_100 else dict(situation)


def what_if_fields(text: str, parsed: Optional[ParsedRequest] = None) -> Dict[str, Any]:
    """The calculator fields of a short what-if, else {}: after a result, the calculation again with them.

    >>> what_if_fields("et si c'est 20 séances ?")
    {'sessions': 20}
    >>> what_if_fields("et sans mutuelle ?")
    {'mutuelle': None}
    >>> what_if_fields("et c'est quoi la franchise ?")
    {}
    """
    parsed = parsed or parse_request(text)
    fields = _short_what_if(text, parsed)
    if fields is None:
        return {}
    return {"mutuelle": None, **fields} if parsed.no_mutuelle else dict(fields)


def follow_up_situation(text: str, parsed: Optional[ParsedRequest] = None) -> Dict[str, Any]:
    """The situation a short follow-up asks about, else {}.

    >>> follow_up_situation("et pour un enfant ?"), follow_up_situation("merci, et pour un enfant ?")
    ({'age': 17}, {'age': 17})
    >>> follow_up_situation("pour un enfant, les séances de kiné sont-elles remboursées ?")
    {}
    """
    fields = _short_what_if(text, parsed) or {}
    situation = {name: fields[name] for name in REMEMBERED_FIELDS if name in fields}
    if "date" in fields:  # « et en 2027 ? » after the price: that year's (bot.situation.ASKED_ABOUT_FIELDS)
        situation["asked_year"] = int(fields["date"][:4])
    return situation


# « en ALD », « Alsace-Moselle »: a value said alone, with no one it is about.
BARE_VALUE_MAX_WORDS = 3
# The calculation's own values, stated after a result: the calculation again with them (stated_after_result).
RESULT_VALUES = ("mutuelle", "sessions", "price")


def stated_after_result(text: str, parsed: Optional[ParsedRequest] = None) -> Dict[str, Any]:
    """The situation a short statement about oneself changes, right after a result, else {}.

    Read as a topic (« je suis au régime local » is the régime local's), it still asks for the
    calculation again; a question keeps its topic's answer.

    >>> stated_after_result("je suis au régime local")
    {'regime': 'alsace_moselle'}
    >>> stated_after_result("mon kiné est pas conventionné")
    {'conventionne': False}
    >>> stated_after_result("je suis au régime local, c'est quoi ?")
    {}

    A value alone (« en ALD », what the calculator's notes tell to say) is one too, and so is a value of the
    calculation itself (« ma mutuelle rembourse 150 % » was the mutuelle's topic, the result not counted again):

    >>> stated_after_result("en ALD"), stated_after_result("ma mutuelle rembourse 150%")
    ({'prise_en_charge_100': 'ald'}, {'mutuelle': {'br_percent': 150}})
    """
    words = normalise(text).split()
    if "?" in text or len(words) > FOLLOW_UP_MAX_WORDS:
        return {}
    fields = (parsed or parse_request(text)).fields
    values = {name: fields[name] for name in RESULT_VALUES if name in fields}
    if len(words) <= BARE_VALUE_MAX_WORDS:
        return {**{name: fields[name] for name in REMEMBERED_FIELDS if name in fields}, **values}
    return {**situation_from_text(text, fields), **values}


# The intent components/situation_question.py gives such a follow-up when the classifier does not
# read it as a topic it is sure of (it reads « et pour un enfant ? » as out of scope, « et si
# j'habitais à Metz ? » as unsure): actions/actions.py answers it by what came before it.
SITUATION_FOLLOW_UP = "situation_follow_up"
INFORM = "inform"  # the intent of a value for the calculator
ACKNOWLEDGEMENTS = ("affirm", "thank")  # « ok », « d'accord », « merci »
FOLLOW_UP_SURE = 0.5  # a topic read with this confidence or more keeps its answer (« et si je suis en ALD ? »)


def _not_a_sure_topic(intent: str, confidence: float) -> bool:
    """The classifier read no topic with confidence: out of scope, a value, or below FOLLOW_UP_SURE."""
    return intent in ("out_of_scope", INFORM) or confidence < FOLLOW_UP_SURE


def is_situation_follow_up(intent: str, confidence: float, text: str) -> bool:
    """A short what-if that only states a situation, not read as a topic with confidence.

    >>> is_situation_follow_up("out_of_scope", 0.6, "et pour un enfant ?")
    True
    >>> is_situation_follow_up("ald_100", 0.98, "et si je suis en ALD ?")
    False
    >>> is_situation_follow_up("out_of_scope", 0.6, "et pour 10 séances ?")
    False

    Another patient named alone is one too (« et pour moi ? », « et pour mon mari ? »):

    >>> is_situation_follow_up("seance_domicile", 0.43, "et pour moi ?")
    True

    So is another care (« et pour le dos ? », « et le drainage ? »): after a result, the fallback offered topics
    instead of the calculation for it.

    >>> is_situation_follow_up("nlu_fallback", 0.25, "et pour le dos ?")
    True
    """
    fields = _short_what_if(text)
    if fields is None:
        return False
    if not (_states_a_situation(fields, text) or "act" in fields) or any(name in fields for name in CALCULATION_FIELDS):
        return False
    return _not_a_sure_topic(intent, confidence)


def names_another_care(text: str) -> bool:
    """A short what-if that names a care and no situation (« et pour le dos ? »): a calculation's again after a result;
    otherwise no question of its own.

    >>> names_another_care("et pour le dos ?"), names_another_care("et pour un enfant ?")
    (True, False)
    """
    fields = _short_what_if(text) or {}
    return "act" in fields and not _states_a_situation(fields, text)


def _states_a_situation(fields: Mapping[str, Any], text: str) -> bool:
    """A short what-if's fields (and text) give a situation or a date, or name a patient."""
    return any(name in fields for name in (*REMEMBERED_FIELDS, "date")) or patient_named(text) is not None


def changes_the_mutuelle(intent: str, confidence: float, text: str) -> bool:
    """A short what-if giving the mutuelle (« et si j'avais pas de mutuelle ? »), not read as a topic with
    confidence: a value for the calculator, like « pas de mutuelle ». After a result the classifier, unsure
    between the mutuelle's topics, sent it to the fallback, which did not calculate again.

    >>> [changes_the_mutuelle(intent, confidence, text) for intent, confidence, text in (
    ...     ("nlu_fallback", 0.25, "et si j'avais pas de mutuelle ?"),
    ...     ("hors_nomenclature_mutuelle", 0.14, "et avec une mutuelle à 200 % ?"),
    ...     ("mutuelle_prise_en_charge", 0.9, "et sans mutuelle, ça rembourse quoi ?"),
    ...     ("out_of_scope", 0.6, "et si j'étais en ALD ?"))]
    [True, True, False, False]
    """
    return _not_a_sure_topic(intent, confidence) and "mutuelle" in what_if_fields(text)  # the parse only if unsure


# What a médecin outside the convention prescribes is the topic of L.162-5-10 CSS. The classifier reads the
# kiné's words of such a message (« ordonnance », « conventionné », « remboursé ») as the prescription's
# validity or the non-conventionné kiné, whose answers say nothing of it.
PRESCRIBER_TOPIC = "ordonnance_medecin_non_conventionne"
KINE_CARE_WORDS = r"\b(?:kine\w*|seances?|reeduc\w*|ordo\w*|prescri\w*|soins?)\b"


# Topics about what a kiné outside the convention charges and what is reimbursed there. The
# classifier reads « conventionné » + « remboursé » as them even when the message says the kiné *is*
# conventionné (« mon kiné conventionné me prend 35 €, je suis remboursé combien ? »), whose answer
# is then wrong; such a message is never about them.
NON_CONVENTIONNE_TOPICS = ("non_conventionne_remboursement", "non_conventionne_tarifs")


def contradicted_topics(text: str) -> Tuple[str, ...]:
    """The topics a message rules out by what it states.

    >>> contradicted_topics("mon kiné conventionné me prend 35 €, je suis remboursé combien ?")
    ('non_conventionne_remboursement', 'non_conventionne_tarifs')

    A kiné said outside the convention, and no médecin's status, keeps them and rules out the topic of
    what a non-conventionné médecin prescribes (the classifier reads « ordonnance » + « conventionné » as it):

    >>> contradicted_topics("ma kiné n'est plus conventionnée, l'ordonnance de mon médecin suffit ?")
    ('ordonnance_medecin_non_conventionne',)
    >>> contradicted_topics("mon généraliste est déconventionné, son ordonnance de kiné marche encore ?")
    ()
    """
    t = normalise(text)
    if not re.search(CONVENTIONNE_WORD + "|convention", t):  # most messages: no need to parse them
        return ()
    stated = parse_request(text).fields.get("conventionne")
    if stated is True:
        return NON_CONVENTIONNE_TOPICS
    if stated is False and not re.search(PRESCRIBER_STATUS, t):
        return (PRESCRIBER_TOPIC,)
    return ()


def names_a_non_conventionne_prescriber(text: str) -> bool:
    """A message saying that a médecin outside the convention prescribed the kiné's care.

    >>> [names_a_non_conventionne_prescriber(t) for t in (
    ...     "mon généraliste est déconventionné, son ordonnance de kiné marche encore ?",
    ...     "10 séances prescrites par un médecin secteur 3")]
    [True, True]
    >>> [names_a_non_conventionne_prescriber(t) for t in (
    ...     "mon médecin m'envoie chez un kiné non conventionné, c'est remboursé ?",
    ...     "Qu'est-ce qu'un médecin non conventionné ? Quel est le remboursement ?",
    ...     "mon chirurgien est en secteur 2, le kiné est remboursé ?")]
    [False, False, False]
    """
    t = normalise(text)
    return bool(re.search(PRESCRIBER_NOT_CONVENTIONNE, t) and re.search(KINE_CARE_WORDS, t))


# The situations that change the rate (not the age: a minor's rate is the usual one; not a home visit); with the age,
# those a question may ask about without being anyone's (bot.situation.ASKED_SITUATION_FIELDS)
RATE_SITUATIONS = ("prise_en_charge_100", PREGNANCY_MONTH_FIELD, POST_PARTUM_FIELD, "regime", "drom")


def out_of_scope_situation_question(text: str) -> bool:
    """Whether a question the classifier read as out of scope asks the rate of the kiné's care in a situation that
    changes it (« jsuis enceinte de 3 mois jai mal o dos la kiné c 100% ? »: out of scope at 0.64, the chat spelling far
    from the examples): the rate's topic answers it, with its situation's line. Not another profession's care.

    >>> [out_of_scope_situation_question(t) for t in ("jsuis enceinte de 3 mois jai mal o dos la kiné c 100% ?",
    ...     "je suis enceinte, l'ostéopathe est remboursé à 100 % ?", "je suis en ALD, c'est remboursé ?",
    ...     "Combien coûte la rééducation d'un enfant atteint de paralysie cérébrale ?",
    ...     "Post-partum : combien de séances faut-il faire ?")]
    [True, False, False, False, False]
    """
    t = normalise(text)
    if ("?" not in text or not re.search(KINE_CARE_WORDS, t) or not re.search(REIMBURSEMENT_ASKED + r"|%|\bgratuit", t)
            or re.search(OSTEOPATHIE, t) or re.search(DENTISTE, t)):
        return False
    fields = parse_request(text).fields
    return any(name in fields for name in RATE_SITUATIONS) and not any(name in fields for name in CALCULATION_FIELDS)


def situation_question_topic(intent: str, text: str) -> Optional[str]:
    """The FAQ topic of a situation question read as the calculator's `inform`, else None.

    >>> situation_question_topic("inform", "j'habite à Strasbourg, c'est 90 % ?")
    'remboursement_taux'
    >>> situation_question_topic("inform", "j'habite à Strasbourg") is None
    True
    """
    if intent != INFORM or "?" not in text or len(text.split()) < FAQ_QUESTION_MIN_WORDS:
        return None
    t = normalise(text)
    if WHAT_IF.match(t) or not (RATE_QUESTION.search(t) or PRICE_QUESTION.search(t)):
        return None
    fields = parse_request(text).fields
    if any(name in fields for name in CALCULATION_FIELDS) or not any(name in fields for name in REMEMBERED_FIELDS):
        return None
    return "tarif_seance" if PRICE_QUESTION.search(t) else "remboursement_taux"

