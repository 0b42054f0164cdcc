"""The NGAP's act for a pathology named in a question (bot/parameters/cotations.yml): its key letter,
coefficient, price and referential threshold, for a kiné's cotation (« comment je cote une lombalgie ? »),
the price of a session (« combien vaut une séance pour une prothèse de genou ? ») and the accord préalable
(« combien de séances après une entorse de la cheville ? »).

Since 22/02/2024 each of these acts has its own letter and coefficient (8,07 to 8,13 in 2026), where the
calculator's act « membre » stands for all of them with their middle value, 8,1.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import List, Optional

from bot.calculator import session_tariff
from bot.money import euros, number
from bot.parameters import ParameterError, Parameters, Step, default_parameters
from bot.parsing import ABDOMINAL, normalise
from bot.wording import PRICE_PARTS, capitalised

# The words naming each group of acts, accent-free (bot.parsing.normalise). A meniscus not operated on is no
# méniscectomie (its act is the knee's, VIM): only the operation's words name it.
GROUP_WORDS = {
    "lombalgie": r"\blombalgi\w*|\blumbago",
    "cervicalgie": r"\bcervicalgi\w*",
    "canal_carpien": r"\bcanal\s+carpien",
    "fracture_poignet": r"\bfractur\w*\s+(?:\w+\s+){0,2}(?:poignet|radius)\b",
    "coiffe": r"\bcoiffe\b|\btendin\w*\s+(?:de\s+l'|a\s+l'|d'une?\s+|de\s+la\s+)?epaule",
    "entorse_cheville": r"\bentorse\w*\s+(?:\w+\s+){0,2}(?:cheville|pied)\b",
    "prothese_genou": r"\bprothese\w*\s+(?:\w+\s+){0,2}genou|\bptg\b",
    "ligament_croise": r"\bligaments?\s+croises?|\blca\b",
    "meniscectomie": r"\bmeniscectomi\w*|\b(?:operation|opere\w*|chirurgie)\s+(?:\w+\s+){0,2}menisque|\bmenisque\s+opere",
    "prothese_hanche": r"\bprothese\w*\s+(?:\w+\s+){0,2}hanche|\bpth\b",
    # art. 1 E, under 18: a deviation of the spine (a young patient's scoliosis)
    "scoliose": r"\bscolio\w*|\bcyphos\w*|\bhyperlordos\w*|\bdeviation\w*\s+(?:\w+\s+){0,3}(?:rachis|colonne)",
    # The neurological acts (art. 4): an AVC's rééducation is most often the hémiplégie's.
    "paraplegie": r"\bparapleg\w*|\btetrapleg\w*",
    "hemiplegie": r"\bhemipleg\w*|\bavc\b|\baccident\s+vasculaire\s+cerebral",
    "neuro_evolutive": r"\bparkinson\w*|\bsclerose\s+en\s+plaques?|\bsep\b|\bsla\b|\bcharcot\b|\bneurodegener\w*",
    "myopathie": r"\bmyopathi\w*",
    # art. 2: the inflammatory rheumatisms (not an arthrose, whose acts are art. 1's)
    # art. 3: the abdominal wall's, after a birth or an operation
    "abdominal": ABDOMINAL,
    "rhumatisme_inflammatoire": r"\bpolyarthrite\w*|\bspondylarthrite\w*|\bpelvispondylite\w*|\bspondylite\s+ankylosante|"
                                r"\brhumatismes?\s+inflammatoires?",
}
NOT_OPERATED = re.compile(r"\bnon[\s-]+opere\w*|\bsans\s+(?:chirurgie|operation)|\bpas\s+(?:ete\s+)?opere\w*")
OPERATED = re.compile(r"\bopere\w*|\bchirurgi\w*|\boperation|\bsuture\w*|\breinsertion")
# Topics whose answer gets the act's line: a kiné's cotation and a session's price (the letter, the coefficient,
# the price, the threshold); the number of sessions and the accord préalable (the threshold only).
CODE_TOPICS = ("cotation_ngap", "calcul_tarif_acte", "tarif_seance")
THRESHOLD_TOPICS = ("seances_par_pathologie", "accord_prealable", "nombre_seances")
# A session at home (« combien coûte une séance de kiné à domicile après un AVC ? »): the act and its home allowance,
# the IFS for the acts whose letter has it (NMI, TER), the IFD for the others; the answer gives the IFD's example.
HOME_TOPICS = ("seance_domicile", "domicile_conditions")
# The canal carpien's rééducation needs an accord préalable before its first session (NGAP, titre XIV, liminary
# provisions, a): it has no threshold.
BEFORE_FIRST = {"canal_carpien": "accord préalable avant la première séance"}


def _confirmed(cotation: "Cotation", form: str = ", {}") -> str:
    """« , valeur non confirmée » (or `form` around those words) after the price of an act whose value rests on an
    unconfirmed step (a rise planned since the NGAP read, on 01/09/2026 for some neurological acts), else ""."""
    return "" if cotation.coefficient.status == "in_force" else form.format("valeur non confirmée")


def named_group(t: str) -> Optional[str]:
    """The group of acts (GROUP_WORDS) a normalised text names, the first listed when several."""
    return next((name for name, words in GROUP_WORDS.items() if re.search(words, t)), None)


# Words asking how an act is billed (« comment coter », « quelle cotation », « comment je cote »), not a rib (« côte »).
CODE_WORDS = re.compile(r"\bcot(?:er|ation|ations)\b|\bcomment\s+(?:je|on|tu|vous)\s+cote\b|\b(?:je|on)\s+cote\s+comment\b")


def asks_a_cotation(text: str) -> bool:
    """A question on how a named pathology is billed (« comment coter une polyarthrite rhumatoïde ? »), which the
    classifier read as out of scope: the cotation's topic answers it, with the pathology's act.

    >>> asks_a_cotation("comment coter une polyarthrite rhumatoïde ?"), asks_a_cotation("j'ai une fracture de côte")
    (True, False)
    """
    t = normalise(text)
    return bool(CODE_WORDS.search(t)) and named_group(t) is not None


def named_letter(text: str, params: Optional[Parameters] = None) -> Optional[tuple]:
    """(key letter, label) of the pathology the text names when all its acts share one letter (« Parkinson »: NMI),
    whatever the date: what a home visit's allowance depends on; None otherwise (an ankle: RIM or RIC).

    >>> named_letter("kiné à domicile pour mon père qui a Parkinson")[0], named_letter("entorse de la cheville")
    ('NMI', None)
    """
    params = params or default_parameters()
    t = normalise(text)
    group = named_group(t)
    nodes = [node for node in params.node("cotations").values() if node["group"] == group]
    codes = {node["code"] for node in nodes}
    return (codes.pop(), nodes[0]["label"]) if len(codes) == 1 else None


def coefficient_text(value: Decimal) -> str:
    """« 8,10 », « 9 », as the NGAP writes each act's coefficient (the parameter keeps its written decimals)."""
    return str(value).replace(".", ",")


@dataclass(frozen=True)
class Cotation:
    key: str
    label: str
    variant: str
    code: str
    coefficient: Step
    price: Decimal  # in metropolitan France
    threshold: Optional[Step]
    series: bool  # the threshold counts the sessions of a series of acts (lombalgie commune, cervicalgie)
    article: int  # its article of chapter II (1: orthopaedics, 2: inflammatory rheumatisms, 4: neurology)
    # Its second threshold: sessions covered in the 12 months before, from which an accord préalable is needed too
    yearly: Optional[Step] = None


def named_cotations(text: str, when: dt.date, params: Optional[Parameters] = None) -> List[Cotation]:
    """The acts of the pathology the text names, in force on `when` (none before their first step), the
    variant said (« non opérée ») when several.

    >>> [c.code + " " + str(c.coefficient.value) for c in named_cotations("comment je cote une lombalgie ?", dt.date(2026, 12, 1))]
    ['RAM 8.09']
    >>> [c.variant for c in named_cotations("entorse de la cheville", dt.date(2026, 12, 1))]
    ['non opérée', 'opérée']
    >>> named_cotations("lombalgie", dt.date(2025, 6, 1)), named_cotations("lombalgie", dt.date(2027, 7, 1))
    ([], [])
    """
    params = params or default_parameters()
    t = normalise(text)
    group = named_group(t)
    if group is None:
        return []
    found = group_cotations(group, when, params)
    said = "non opérée" if NOT_OPERATED.search(t) else "opérée" if OPERATED.search(t) else None
    if len(found) > 1 and said:
        found = [c for c in found if c.variant == said] or found
    # « la rééducation abdominale après une césarienne »: the variant its words name (cotations.yml, variant_words)
    named = [c for c in found if re.search(params.node(f"cotations.{c.key}").get("variant_words") or "(?!)", t)]
    return named if len(named) == 1 else found


def group_cotations(group: str, when: dt.date, params: Optional[Parameters] = None) -> List[Cotation]:
    """The acts of a group (GROUP_WORDS) in force on `when`.

    >>> [c.variant for c in group_cotations("neuro_evolutive", dt.date(2026, 12, 1))]
    ['un membre', 'deux membres ou plus']
    """
    params = params or default_parameters()
    found = []
    # A step of the act « membre » newer than these acts' (8,4 on 01/07/2027, no value per act yet): their values
    # are stale, the act « membre » alone is said.
    membre = params.at("actes.membre.coefficient", when).start
    for key, node in params.node("cotations").items():
        if node["group"] != group:
            continue
        try:
            coefficient = params.at(f"cotations.{key}.coefficient", when)
        except ParameterError:  # before its first step: the act « membre » alone
            continue
        if node.get("revalued_with_membre", True) and membre > coefficient.start:
            continue
        seuil, yearly = node.get("seuil"), node.get("seuil_12_mois")
        found.append(Cotation(key, node["label"], node.get("variant", ""), node["code"], coefficient,
                              session_tariff(params, when, coefficient=coefficient.value).act_price,
                              params.at(f"parcours.accord_prealable.seuils.{seuil}", when) if seuil else None,
                              bool(node.get("series")), int(node.get("article", 1)),
                              params.at(f"parcours.accord_prealable.seuils_12_mois.{yearly}", when) if yearly else None))
    return found


def is_localised(cotation: Cotation, params: Optional[Parameters] = None) -> bool:
    """Whether an act is one of a pathology's acts that differ by where the rehabilitation bears (localised_cotation).

    >>> day = dt.date(2026, 12, 1)
    >>> [is_localised(c) for c in named_cotations("Parkinson", day) + named_cotations("AVC", day)]
    [True, True, False]
    """
    return _localisation_act(cotation, params) is not None


def _localisation_act(cotation: Cotation, params: Optional[Parameters] = None) -> Optional[str]:
    """The calculator's act of the same extent as this act (cotations.yml, `localisation_act`), if it has one."""
    return (params or default_parameters()).node(f"cotations.{cotation.key}").get("localisation_act")


def localised_cotation(group: str, act: Optional[str], when: dt.date,
                       params: Optional[Parameters] = None) -> Optional[Cotation]:
    """The act of a pathology named before whose acts differ by where the rehabilitation bears (a neurological
    affection: one limb, or more), for the care said next as the calculator reads it (« les jambes et le dos »:
    plusieurs_territoires): its `localisation_act` in cotations.yml. None when no act of the group has it.

    >>> [localised_cotation("neuro_evolutive", act, dt.date(2026, 12, 1)).variant
    ...  for act in ("membre", "plusieurs_territoires")]
    ['un membre', 'deux membres ou plus']
    >>> localised_cotation("neuro_evolutive", "drainage_1_membre", dt.date(2026, 12, 1)) is None
    True
    """
    params = params or default_parameters()
    return next((c for c in group_cotations(group, when, params) if act and _localisation_act(c, params) == act), None)


def _counts(found: List[Cotation]) -> List[int]:
    """The sessions covered without an accord préalable, one per act if they differ, else one."""
    counts = [int(c.threshold.value) for c in found if c.threshold is not None]
    return counts if len(set(counts)) > 1 else counts[:1]


def _variants(found: List[Cotation], counts: List[int], first: str, other: str) -> str:
    """« 26e séance » for one count, « 26e séance (non opérée) ou 51e (opérée) » for several: each count with
    its suffix, the first's (`first`) then the others' (`other`)."""
    if len(counts) == 1:
        return f"{counts[0]}{first}"
    return " ou ".join(f"{n}{first if i == 0 else other} ({c.variant})" for i, (c, n) in enumerate(zip(found, counts)))


def _threshold(found: List[Cotation]) -> str:
    if found[0].key in BEFORE_FIRST:
        return BEFORE_FIRST[found[0].key]
    counts = _counts(found)
    if not counts:
        return ""
    series = " d'une série" if found[0].series else ""
    return ("accord préalable à partir de la " + _variants(found, [n + 1 for n in counts], "e séance" + series, "e")
            + _yearly(found[0]))


def _yearly(cotation: Cotation) -> str:
    """« , ou à partir de la 31e si 30 séances ont été prises en charge dans les 12 mois précédents »: the
    second threshold of the lombalgie commune and the cervicalgie, in the NGAP's own terms (how the two combine
    is the NGAP's to say), or ""."""
    if cotation.yearly is None:
        return ""
    n = int(cotation.yearly.value)
    return f", ou à partir de la {n + 1}e si {n} séances ont été prises en charge dans les 12 mois précédents"


def cotation_lines(text: str, topic: str, when: dt.date, params: Optional[Parameters] = None) -> List[str]:
    """One French line for the pathology the question names, for `topic` on `when`; none for other topics.

    >>> cotation_lines("je suis kiné, comment je cote une lombalgie ?", "cotation_ngap", dt.date(2026, 12, 1))
    ["Lombalgie commune : RAM 8,09, soit 17,88 € la séance en métropole ; accord préalable à partir de la 16e séance d'une série, ou à partir de la 31e si 30 séances ont été prises en charge dans les 12 mois précédents (NGAP, titre XIV, chapitre II, art. 1)."]
    >>> cotation_lines("combien de séances pour une prothèse de hanche ?", "seances_par_pathologie", dt.date(2026, 12, 1))
    ["Prothèse totale de hanche : jusqu'à 15 séances sans accord préalable ; au-delà, le kiné le demande à la caisse (NGAP, titre XIV, chapitre II, art. 1)."]
    """
    if topic not in CODE_TOPICS + THRESHOLD_TOPICS + HOME_TOPICS:
        return []
    found = named_cotations(text, when, params)
    if not found:
        return []
    first = found[0]
    # one variant of several, chosen by the question's words (« après une césarienne », « non opérée »): said
    label = capitalised(first.label) + (f" ({first.variant})" if len(found) == 1 and first.variant else "")
    source = f" (NGAP, titre XIV, chapitre II, art. {first.article})."
    if topic in HOME_TOPICS:
        return [f"{label} : {_at_home(found, when, params)}" + source]
    if topic in CODE_TOPICS:
        if len(found) == 1:
            codes = (f"{first.code} {coefficient_text(first.coefficient.value)}, soit {euros(first.price)} la séance "
                     f"en métropole{_confirmed(first)}")
        else:
            codes = ", ".join(f"{c.code} {coefficient_text(c.coefficient.value)} {c.variant} ({euros(c.price)}"
                              f"{_confirmed(c)})" for c in found)
        threshold = _threshold(found)
        return [f"{label} : {codes}" + (f" ; {threshold}" if threshold else "") + source]
    if first.key in BEFORE_FIRST:
        return [f"{label} : {BEFORE_FIRST[first.key]}, demandé par le kiné à la caisse" + source]
    counts = _counts(found)
    if not counts:
        return []
    if first.yearly is not None:  # two thresholds: both, as the NGAP words them
        return [f"{label} : {_threshold(found)} ; le kiné le demande à la caisse" + source]
    return [f"{label} : jusqu'à " + _variants(found, counts, " séances", "") + " sans accord préalable ; au-delà, le "
            "kiné le demande à la caisse" + source]


# The acts the cotation's answer gives as examples (« Chaque acte a une lettre clé et un coefficient : … »).
EXAMPLES = (("lombalgie_commune", "pour une lombalgie commune"), ("prothese_genou", "après une prothèse du genou"))


def cotation_examples(when: dt.date, params: Optional[Parameters] = None) -> str:
    """« RAM 8,09 × 2,21 € = 17,88 € pour une lombalgie commune, RIC 8,12 × … » on `when`; before these
    acts' values, the act « membre » (« 7,5 × 2,21 € = 16,58 € pour la rééducation d'un membre »).

    >>> cotation_examples(dt.date(2026, 12, 1))
    'RAM 8,09 × 2,21 € = 17,88 € pour une lombalgie commune, RIC 8,12 × 2,21 € = 17,95 € après une prothèse du genou'
    >>> cotation_examples(dt.date(2025, 6, 1))
    "coefficient 7,5 × 2,21 € = 16,58 € pour la rééducation d'un membre"
    """
    params = params or default_parameters()
    letter = euros(params.at("lettre_cle.metropole", when).value)
    examples = []
    for key, said in EXAMPLES:
        try:
            step = params.at(f"cotations.{key}.coefficient", when)
        except ParameterError:
            break
        price = session_tariff(params, when, coefficient=step.value).act_price
        examples.append(f"{params.node(f'cotations.{key}')['code']} {coefficient_text(step.value)} × {letter} = "
                        f"{euros(price)} {said}")
    if len(examples) == len(EXAMPLES):
        return ", ".join(examples)
    coefficient = params.at("actes.membre.coefficient", when).value
    price = session_tariff(params, when, act="membre").act_price
    return f"coefficient {number(coefficient)} × {letter} = {euros(price)} pour la rééducation d'un membre"


def own_act_note(cotation: Cotation, when: dt.date, params: Optional[Parameters] = None) -> str:
    """What a calculation for a named pathology counts (the base session, the act « membre ») beside its own act,
    and how to count the latter: the answers give the act's price, the calculation the base session's.

    >>> own_act_note(named_cotations("prothèse de genou", dt.date(2026, 12, 1))[0], dt.date(2026, 12, 1))
    "Prothèse du genou (totale ou uni-compartimentaire) : son acte est RIC 8,12, 17,95 € la séance ; je compte la séance de base, 17,90 € : écrivez « RIC 8,12 » pour compter l'acte exact."
    """
    params = params or default_parameters()
    base = session_tariff(params, when, act="membre").act_price
    code = f"{cotation.code} {coefficient_text(cotation.coefficient.value)}"
    return (f"{capitalised(cotation.label)} : son acte est {code}, {euros(cotation.price)} la séance ; je compte la "
            f"séance de base, {euros(base)} : écrivez « {code} » pour compter l'acte exact.")


def _at_home(found: List[Cotation], when: dt.date, params: Optional[Parameters]) -> str:
    """« à domicile, NMI 9 19,89 € + indemnité forfaitaire spécifique (IFS) 4,00 € = 23,89 € par séance »: each act
    with the home allowance its letter carries, the first named in full."""
    parts, named = [], set()
    for cotation in found:
        home = session_tariff(params, when, coefficient=cotation.coefficient.value, domicile=True, letter=cotation.code)
        flat, amount = home.allowances[0]
        part = PRICE_PARTS[flat]
        variant = f" ({cotation.variant})" if cotation.variant else ""
        parts.append(f"{cotation.code} {coefficient_text(cotation.coefficient.value)}{variant} {euros(cotation.price)} "
                     f"+ {part.abbreviation if flat in named else part.with_abbreviation} {euros(amount)} = "
                     f"{euros(home.total)}{_confirmed(cotation, ' ({})')}")
        named.add(flat)
    return "à domicile, " + ", ".join(parts) + " par séance"


def neurological_act_note(cotation: Cotation, others: List[Cotation] = ()) -> str:
    """The act counted for a neurological condition: the one it names (« AVC »: the hémiplégie's), or the one of its
    acts (`others`) where the rehabilitation bears (localised_cotation), the other given as the example.

    >>> neurological_act_note(named_cotations("AVC", dt.date(2026, 12, 1))[0])
    "Rééducation de l'hémiplégie (après un AVC, par exemple) : je compte son acte, NMI 9, soit 19,89 € la séance en métropole (NGAP, titre XIV, chapitre II, art. 4) ; si la feuille de soins en porte un autre, écrivez-le (par exemple « NMI 8,51 »)."
    >>> acts = group_cotations("neuro_evolutive", dt.date(2026, 12, 1))
    >>> note = neurological_act_note(acts[0], acts)
    >>> note[:100]
    'Affection neurologique stable ou évolutive (Parkinson, sclérose en plaques…), un membre : je compte '
    >>> note.endswith("si la feuille de soins en porte un autre, écrivez-le (par exemple « NMI 10 »).")
    True
    """
    example = next((f"{c.code} {coefficient_text(c.coefficient.value)}" for c in others if c.key != cotation.key),
                   "NMI 8,51")
    variant = f", {cotation.variant}" if cotation.variant else ""
    return (f"{capitalised(cotation.label)}{variant} : je compte son acte, {cotation.code} "
            f"{coefficient_text(cotation.coefficient.value)}, soit {euros(cotation.price)} la séance en métropole"
            f"{_confirmed(cotation)} (NGAP, "
            f"titre XIV, chapitre II, art. {cotation.article}) ; si la feuille de soins en porte un autre, écrivez-le "
            f"(par exemple « {example} »).")


def neurological_acts_line(found: List[Cotation]) -> str:
    """The acts a neurological (or inflammatory rheumatic) condition may be billed with, or the neurological
    article's letter when none is named.

    >>> neurological_acts_line(named_cotations("Parkinson", dt.date(2026, 12, 1)))
    'Affection neurologique stable ou évolutive (Parkinson, sclérose en plaques…) : NMI 8,51 pour un membre (18,81 €), NMI 10 pour deux membres ou plus (22,10 €, valeur non confirmée) (NGAP, titre XIV, chapitre II, art. 4).'
    >>> neurological_acts_line([])
    "La rééducation neurologique a ses propres actes (lettre clé NMI, NGAP, titre XIV, chapitre II, art. 4), selon l'atteinte."
    """
    if not found:
        return ("La rééducation neurologique a ses propres actes (lettre clé NMI, NGAP, titre XIV, chapitre II, art. 4), "
                "selon l'atteinte.")
    acts = ", ".join(f"{c.code} {coefficient_text(c.coefficient.value)}" + (f" pour {c.variant}" if c.variant else "")
                     + f" ({euros(c.price)}{_confirmed(c)})" for c in found)
    return f"{capitalised(found[0].label)} : {acts} (NGAP, titre XIV, chapitre II, art. {found[0].article})."

