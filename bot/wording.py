"""The calculator's French wording, in one place.

What the request's fields and choices are called (the validation's messages,
the conversation's reminders), what each part of a session's price is called
(the explanation, the result card, the answer about an amount, the act price
answer), the headline's label, the assumptions line, the sources named by
site, and every warning and assumption a calculation carries (the computation,
bot/calculator.py, decides which apply).  `bot/explain.py` (the explanation)
and `bot/result_view.py` (the result card) both read it, so a wording they
share is written once.  The request's refusals are in bot/request.py.

Pure Python, no Rasa; no computation.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple
from urllib.parse import urlsplit

from bot.money import euros, long_date, number, percent, short_date

# --------------------------------------------------------------------------
# The request's fields
# --------------------------------------------------------------------------
# What each field is called in French messages: (noun with its article, feminine?).
FIELD_NAMES: Dict[str, Tuple[str, bool]] = {
    "date": ("la date des séances", True),
    "sessions": ("le nombre de séances", False),
    "act": ("le soin (acte)", False),
    "coefficient": ("le coefficient de l'acte", False),
    "lettre": ("la lettre clé de l'acte", True),
    "price": ("le prix d'une séance", False),
    "conventionne": ("le conventionnement du kiné", False),
    "hors_nomenclature": ("l'indication « hors nomenclature »", True),
    "depassement": ("le dépassement d'honoraires par séance", False),
    "domicile": ("l'indication « à domicile »", True),
    "distance_km": ("la distance entre le cabinet et le domicile", True),
    "zone": ("la zone du trajet (plaine, montagne, à pied ou à ski)", True),
    "regime": ("le régime d'assurance maladie", False),
    "drom": ("l'indication « outre-mer (DROM) »", True),
    "prise_en_charge_100": ("la prise en charge à 100 %", True),
    "mois_grossesse": ("le mois de grossesse", False),
    "post_partum": ("l'indication « rééducation après l'accouchement »", True),
    "age": ("l'âge du patient", False),
    "mutuelle": ("la garantie de la mutuelle", True),
    "franchise_already_paid": ("le montant des franchises déjà payées cette année", False),
    "prescripteur_non_conventionne": ("l'indication « prescrit par un médecin non conventionné »", True),
    "balneo": ("le lieu de la kinébalnéothérapie (bassin ou piscine)", False),
}
CHOICE_LABELS = {
    "zone": {"plaine": "plaine", "montagne": "montagne", "pied_ski": "à pied ou à ski"},
    "regime": {"general": "régime général", "alsace_moselle": "régime local d'Alsace-Moselle"},
    "balneo": {"bassin": "bassin", "piscine": "piscine"},
    "prise_en_charge_100": {
        "ald": "affection de longue durée (ALD)",
        "at_mp": "accident du travail ou maladie professionnelle",
        "maternite": "maternité",
        "css": "complémentaire santé solidaire (CSS)",
        "ame": "aide médicale de l'État (AME)",
        "invalidite": "pension d'invalidité",
        "rente_at": "rente d'accident du travail ou de maladie professionnelle (incapacité d'au moins deux tiers)",
    },
}
PRISE_EN_CHARGE_LABELS = CHOICE_LABELS["prise_en_charge_100"]


def field_name(field: str) -> str:
    """'le nombre de séances'."""
    return FIELD_NAMES.get(field, (f"« {field} »", False))[0]


def field_subject(field: str) -> str:
    """'Le nombre de séances', capitalised for the start of a sentence."""
    return capitalised(field_name(field))


def agree(field: str, masculine: str, feminine: str) -> str:
    """The adjective agreeing with the field's noun."""
    return feminine if FIELD_NAMES.get(field, ("", False))[1] else masculine


# --------------------------------------------------------------------------
# The parts of one session's price (the keys of Session.detail)
# --------------------------------------------------------------------------
ACT_PART = "acte"  # the act itself, beside its allowances, in a session's price detail
DEPASSEMENT = "depassement"
@dataclass(frozen=True)
class PricePart:
    """One part of a session's price, named once for every answer that shows it."""
    word: str               # in the words of a bill, for the result card: « séance 17,90 € + déplacement 2,50 € »
    name: str               # its name everywhere else: the explanation, « c quoi les 2,50 € ? », the act price
    article: str            # « l' », « le », « les » before the name
    abbreviation: str = ""  # as the NGAP writes it (IFD, IFS, IK)

    @property
    def with_article(self) -> str:
        return f"{self.article}{self.name}"

    @property
    def with_abbreviation(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


PRICE_PARTS: Dict[str, PricePart] = {
    ACT_PART: PricePart("séance", "tarif de l'acte", "le "),
    "ifd": PricePart("déplacement", "indemnité forfaitaire de déplacement", "l'", "IFD"),
    "ifs": PricePart("déplacement", "indemnité forfaitaire spécifique", "l'", "IFS"),
    "ik": PricePart("indemnités kilométriques", "indemnités kilométriques", "les ", "IK"),
    DEPASSEMENT: PricePart("dépassement", "dépassement", "le "),
    "balneo": PricePart("balnéothérapie", "supplément de kinébalnéothérapie", "le "),
}
# A part with no name of its own (none today; a new allowance before it is named here).
OTHER_PART = PricePart("supplément", "supplément", "le ")
FREE_FEES = "honoraires libres"
# The travel allowances in billing order (the act price answer: « combien vaut une séance à domicile ? »).
ALLOWANCES = ("ifd", "ifs", "ik")


def price_part(key: str) -> PricePart:
    return PRICE_PARTS.get(key, OTHER_PART)


# --------------------------------------------------------------------------
# Shared by the explanation and the result card
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Audience:
    """Whose share a calculation's texts name: the asker's (« votre ») or, for a kiné asking for a patient,
    the patient's."""

    amount_label: str   # « Reste à votre charge »
    charge: str         # « à votre charge »
    remaining: str      # « votre reste à charge »
    mutuelle: str       # « votre mutuelle »
    contract: str       # « votre contrat »
    home: str           # « votre domicile »
    chose: str          # « vous avez choisi »
    reimbursed: str     # « vous rembourse »
    left: str           # « il vous reste »
    # The kiné's status asked about: the patient's kiné, or the kiné asking
    kine_status: str    # « Votre kiné est-il non conventionné, pratique-t-il un dépassement »
    kine_outside: str   # « Si votre kiné n'est pas conventionné »
    informed: str       # « le kiné doit vous en informer »
    in_ald: str         # « je suis en ALD », a value to type after a result


ASKER = Audience("Reste à votre charge", "à votre charge", "votre reste à charge", "votre mutuelle", "votre contrat",
                 "votre domicile", "vous avez choisi", "vous rembourse", "il vous reste",
                 "Votre kiné est-il non conventionné, pratique-t-il un dépassement",
                 "Si votre kiné n'est pas conventionné", "le kiné doit vous en informer", "je suis en ALD")
PATIENT = Audience("Reste à la charge du patient", "à la charge du patient", "le reste à charge du patient",
                   "la mutuelle du patient", "son contrat", "son domicile", "le patient a choisi", "lui rembourse",
                   "il reste au patient", "Êtes-vous non conventionné, pratiquez-vous un dépassement",
                   "Si vous n'êtes pas conventionné", "vous devez en informer le patient", "il est en ALD")
AMOUNT_LABEL = ASKER.amount_label


def audience(for_patient: bool) -> Audience:
    return PATIENT if for_patient else ASKER


class Worded(str):
    """A text written to the asker (its value as a string, as the calculator's JSON gives it) that says
    itself to another audience: `for_(PATIENT)` for a kiné asking for a patient.

    >>> note = Worded(lambda who: f"reste {who.charge}")
    >>> note, note.for_(PATIENT)
    ('reste à votre charge', 'reste à la charge du patient')
    """
    words: Callable[[Audience], str]

    def __new__(cls, words: Callable[[Audience], str]) -> "Worded":
        text = super().__new__(cls, words(ASKER))
        text.words = words
        return text

    def for_(self, who: Audience) -> str:
        return self.words(who)

    def __reduce__(self):  # copied with its wording, not rebuilt from its text
        return Worded, (self.words,)


def reworded(text: str, who: Audience) -> str:
    """A calculator's warning or assumption, for `who`: its own wording when it has one (`Worded`)."""
    return text.for_(who) if isinstance(text, Worded) else text


WARNING_MARK = "⚠ "


def assumptions_line(assumptions: Iterable[str], escape: Callable[[str], str] = str) -> str:
    """« Hypothèses : patient majeur ; au plus deux séances par jour. »"""
    return "Hypothèses : " + escape(" ; ".join(assumptions)) + "."


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Counted:
    """What a calculation counts, as its sentences name it: sessions, or the bilans of NGAP titre XIV,
    chapitre I (« 2 bilans », not « 2 séances »)."""

    one: str     # « séance »
    many: str    # « séances »
    a: str       # « une séance »
    the: str     # « la séance »
    of_the: str  # « de la séance »
    of_a: str    # « d'une séance »
    act_lead: str  # « une séance de » before an act's label; « un » before a bilan's, which says « bilan »

    def count(self, n: int) -> str:
        """« une séance », « 10 séances »."""
        return self.a if n == 1 else f"{n} {self.many}"

    @property
    def per(self) -> str:
        return f"par {self.one}"

    def of_act(self, label: str) -> str:
        """« une séance de rééducation… », « un bilan-diagnostic kinésithérapique (BDK) » (the bilan's label names it)."""
        return f"{self.act_lead}{label}"


SESSIONS = Counted("séance", "séances", "une séance", "la séance", "de la séance", "d'une séance", "une séance de ")
BILANS = Counted("bilan", "bilans", "un bilan", "le bilan", "du bilan", "d'un bilan", "un ")


def counted(bilan: bool) -> Counted:
    return BILANS if bilan else SESSIONS


def plural(n: int, word: str) -> str:
    """'1 séance', '10 séances'."""
    return f"{n} {word}{'s' if n > 1 else ''}"


def ordinal(n: int) -> str:
    """'1er', '6e'."""
    return "1er" if n == 1 else f"{n}e"


# --------------------------------------------------------------------------
# Sources, named by site
# --------------------------------------------------------------------------
# Sites named by their usual name, most authoritative first (the order sources are shown in).
# Any other site is named by its address without "www.".
SITE_NAMES: Tuple[Tuple[str, str], ...] = (
    ("legifrance.gouv.fr", "Légifrance"),
    ("journal-officiel.gouv.fr", "Journal officiel"),
    ("ameli.fr", "ameli"),
    ("service-public.fr", "Service-Public.fr"),
    ("securite-sociale.fr", "Sécurité sociale"),
    ("sante.gouv.fr", "ministère de la Santé"),
    ("has-sante.fr", "HAS"),
    ("ordremk.fr", "Ordre des kinés"),
    ("snmkr.fr", "SNMKR"),
    ("ffmkr.org", "FFMKR"),
)


@dataclass(frozen=True)
class Source:
    name: str
    url: str


# Copies of a primary text kept in a repository, named by the text they hold, not by the host (a user read
# « github.com » beside the NGAP's tariffs).
COPIED_TEXTS: Tuple[Tuple[str, str], ...] = (
    ("github.com/vincent-bidaux/captain-amk/", "NGAP, titre XIV (copie texte de la version publiée par ameli)"),
)


def site_name(url: str) -> str:
    """« ameli » for https://www.ameli.fr/…, the bare address for an unlisted site, the text a copy holds.

    >>> site_name("https://github.com/vincent-bidaux/captain-amk/blob/2925e62/data/sources/titre14-21062026.txt")
    'NGAP, titre XIV (copie texte de la version publiée par ameli)'
    """
    parts = urlsplit(url)
    copied = next((name for prefix, name in COPIED_TEXTS
                   if f"{(parts.hostname or '').lower()}{parts.path}".startswith(prefix)), None)
    if copied:
        return copied
    host = (parts.hostname or "").lower()
    for domain, name in SITE_NAMES:
        if host == domain or host.endswith("." + domain):
            return name
    return host[4:] if host.startswith("www.") else host


def _rank(name: str) -> int:
    names = [n for _, n in SITE_NAMES]
    return names.index(name) if name in names else len(names)


def named_sources(urls: Iterable[str]) -> List[Source]:
    """One source per site (its first address), the most authoritative sites first."""
    seen: Dict[str, Source] = {}
    for url in urls:
        url = (url or "").strip()
        if not url.startswith(("https://", "http://")):
            continue  # not an address (a note about one): nothing to link
        name = site_name(url)
        if name and name not in seen:
            seen[name] = Source(name, url)
    order = list(seen)
    return sorted(seen.values(), key=lambda s: (_rank(s.name), order.index(s.name)))


def parameter_sources(parameters: Iterable[Any]) -> List[Source]:
    """The sources of the parameter steps a calculation used: each step's primary text's address,
    then its secondary page's, named by site."""
    return named_sources(value for step in parameters for attribute in ("reference_url", "source")
                         for value in (getattr(step, attribute, ""),) if isinstance(value, str) and value)


def _text_and_detail(reference: str) -> Tuple[str, str]:
    """« <text> : <what it sets> » split at its first « : » outside brackets and quotes."""
    depth = 0
    for i, char in enumerate(reference):
        depth += (char in "(«") - (char in ")»")
        if depth == 0 and reference.startswith(" : ", i):
            return reference[:i], reference[i + 3:]
    return reference, ""


def grouped_references(references: Iterable[str]) -> List[str]:
    """The primary texts, each named once with what it sets (« Avenant n° 7 … : RPE 8,5 … — IFS unique … »),
    in alphabetical order.

    >>> grouped_references(["A (x : y) : un", "B", "A (x : y)", "A (x : y) : deux", "A (x : y) : un"])
    ['A (x : y) : deux — un', 'B']
    """
    details: Dict[str, set] = {}
    for reference in references:
        text, detail = _text_and_detail(reference)
        details.setdefault(text, set()).update([detail] if detail else [])
    return [f"{text} : {' — '.join(sorted(found))}" if found else text for text, found in sorted(details.items())]


def provenance_lines(parameters: Iterable[Any]) -> List[str]:
    """« Textes : <the primary texts that set the figures> » then « Sources : <site (address)> »,
    for the parameter steps an answer used (the explanation, the act price answer)."""
    steps = list(parameters)
    lines = []
    references = grouped_references(step.reference for step in steps if getattr(step, "reference", ""))
    if references:
        lines.append("Textes : " + " ; ".join(references))
    sources = parameter_sources(steps)
    if sources:
        lines.append("Sources : " + " ; ".join(f"{source.name} ({source.url})" for source in sources))
    return lines


# --------------------------------------------------------------------------
# What a calculation says about itself: act labels, warnings and assumptions
# --------------------------------------------------------------------------
# The computation (bot/calculator.py) decides which apply; the sentences are here.  An assumption
# is a short clause (the lines join them with « ; »), a warning a full sentence.
OFF_NOMENCLATURE_ACT = "acte hors nomenclature"
FREE_FEES_AT_TARIFF = ("Honoraires libres : faute de prix indiqué, le calcul prend le tarif conventionnel, "
                       "mais un kiné non conventionné facture en général davantage.")
TRAVEL_INCLUDED = "séance à domicile : les frais de déplacement sont compris dans le prix indiqué"
POST_PARTUM = ("rééducation après l'accouchement : prise en charge à 100 % du tarif par l'assurance "
               "maternité")
# NGAP, dispositions générales, art. 13 C 3° (UNCAM decision of 28/03/2022): the caisse pays a
# travel allowance up to that of the nearest professional of the same discipline and convention
# status. Said by the calculator (a home visit with a distance) and the answer on choosing a kiné.
def ik_nearest_kine(who: Audience = ASKER) -> str:
    return (f"La caisse ne rembourse les indemnités kilométriques que jusqu'à la distance du kiné le plus proche de "
            f"{who.home} : si {who.chose} un kiné plus éloigné, le surplus reste {who.charge}.")


IK_NEAREST_KINE = Worded(ik_nearest_kine)


NON_CONVENTIONNE = ("Kiné non conventionné : l'Assurance Maladie ne rembourse que sur le « tarif d'autorité », "
                    "dont le montant n'a pas été trouvé et qui est quasi nul ; le calcul compte 0 €.")
NEVER_REIMBURSED = ("Acte hors nomenclature : jamais remboursé par l'Assurance Maladie ; seule une mutuelle avec un "
                    "forfait dédié peut en prendre une partie.")
# A price or a rate asked for an act outside the nomenclature (« combien coûte le Pilates chez un kiné ? »): the
# tariffs that the price's and the rate's answers give do not apply (CSS art. L.162-1-7: only listed acts are paid for).
OFF_NOMENCLATURE_PRICE_LINE = ("Un acte hors nomenclature (Pilates, yoga, cours collectif…) n'a pas de tarif dans la "
                               "nomenclature : le kiné en fixe le prix et doit vous l'annoncer avant de le réaliser ; "
                               "l'Assurance Maladie ne le rembourse jamais, seule une mutuelle avec un forfait dédié peut "
                               "en prendre une partie (code de la sécurité sociale, art. L.162-1-7 ; arrêté du 30 mai "
                               "2018).")
# Arrêté du 30 mai 2018 (mandatory display): information before any act not reimbursed; the written
# estimate from 70 € (arrêté du 2 octobre 2008) is tied to sessions with a dépassement.
PRICE_BEFORE_NON_REIMBURSED = Worded(lambda who: f"Acte non remboursé : {who.informed}, avec son prix, avant de le "
                                                 "réaliser (arrêté du 30 mai 2018).")
# A topic answered for someone whose kiné is outside the convention (tarifs d'autorité of the arrêté du
# 9 mars 1966, amount not found: facts.md says « quasi nul », with no figure). `who`: « Votre
# kiné n'est pas conventionné » or « Chez un kiné non conventionné ».
ONLY_A_FORFAIT = "seul un forfait (par séance ou annuel) peut jouer."
# Ostéopathie and chiropraxie are no acts of the NGAP's list (CSS art. L.162-1-7: only listed acts are paid
# for), whoever performs them; a kiné's prescribed session billed on the NGAP is paid for whatever the
# technique used.
OSTEOPATHIE_LINE = ("L'ostéopathie et la chiropraxie ne sont pas des actes de la nomenclature : leurs séances ne sont "
                    "pas remboursées par l'Assurance Maladie, même faites par un kiné, et leur prix est libre (code de "
                    "la sécurité sociale, art. L.162-1-7 : seuls les actes inscrits sont pris en charge). Certaines "
                    "mutuelles les remboursent par un forfait « médecines douces », par séance ou par an : voyez "
                    "votre contrat. Une séance de kinésithérapie prescrite et facturée au tarif conventionné reste "
                    "remboursée comme d'habitude.")
# CSS art. L.376-1 (the victim keeps the right to claim what the Sécu does not repair; the caisse recovers what it
# paid from the one responsible), D.376-1 (the caisse told within fifteen days).
ACCIDENT_BY_SOMEONE_NOTE = ("Si vos blessures ont été causées par quelqu'un d'autre (accident, agression, morsure…), ce qui "
                            "reste à votre charge peut être réclamé au responsable ou à son assureur ; prévenez votre caisse "
                            "dans les quinze jours (code de la sécurité sociale, art. L.376-1 et D.376-1).")
# CSS art. L.160-1: the Assurance Maladie pays the frais de santé of persons.
ANIMAL_LINE = ("Les soins d'un animal (kinésithérapie ou physiothérapie vétérinaire) ne sont pas remboursés par "
               "l'Assurance Maladie, qui prend en charge les frais de santé des personnes (code de la sécurité "
               "sociale, art. L.160-1), ni par une mutuelle santé : seule une assurance santé animale peut en "
               "rembourser une part, selon son contrat.")
# Subjects beside kiné billing that people ask about (found trying the assistant, 2026-12-06): one line saying
# where the answer is, with no rule the project has not read in a primary text.
TAX_LINE = ("Je ne traite pas les impôts : pour savoir si des frais de santé se déclarent ou se déduisent, voyez "
            "impots.gouv.fr ou votre service des impôts. Ce qui reste à votre charge chez le kiné, je peux le calculer.")
ESTABLISHMENT_LINE = ("Je traite les séances d'un kiné libéral, à son cabinet ou à domicile. Pendant un séjour à "
                      "l'hôpital, en clinique, en centre de rééducation ou en EHPAD, ce que vous payez pour la kiné "
                      "dépend de l'établissement : demandez-le à son service des admissions (ou à la direction de "
                      "l'EHPAD), et à votre mutuelle.")
# Travel billed when the care was at the practice: the allowances are for home visits only.
PRACTICE_TRAVEL_LINE = ("Au cabinet, aucun déplacement ne peut vous être facturé : l'indemnité de déplacement (IFD ou "
                        "IFS) et les indemnités kilométriques ne valent que pour les séances faites à votre domicile "
                        "(NGAP, dispositions générales, art. 13).")
VISITOR_LINE = ("Je traite les assurés de l'Assurance Maladie française. Assuré dans un autre pays, demandez à votre "
                "caisse ou à votre assurance ce qu'elle rembourse des soins reçus en France ; dans l'Union "
                "européenne, l'EEE ou en Suisse, présentez votre carte européenne d'assurance maladie.")
# A question written in English: the assistant answers in French only; the few English words say so to
# someone who reads no French.
ENGLISH_LINE = ("Je ne réponds qu'en français (I only answer in French) : posez-moi votre question en français, "
                "par exemple « combien coûte une séance de kiné ? ».")
NON_CONVENTIONNE_LINE = ("{who} : l'Assurance Maladie ne rembourse que sur le « tarif d'autorité », quasi nul ; une "
                         "mutuelle en % de la base ne verse donc presque rien, " + ONLY_A_FORFAIT)
PERCENT_OF_NOTHING = ("Un contrat exprimé en % de la base de remboursement (ou du ticket modérateur) ne verse rien "
                      "ici, car la base est nulle : " + ONLY_A_FORFAIT)
# A guarantee « aux frais réels » completes the caisse's reimbursement of what it pays for (a mutuelle's table
# lists it among the « actes remboursés par la Sécurité sociale »): an act it does not pay for is not one.
FRAIS_REELS_OF_NOTHING = ("Une garantie « aux frais réels » complète d'ordinaire un remboursement de l'Assurance "
                          "Maladie : sans lui, je ne compte rien (voyez votre contrat) ; " + ONLY_A_FORFAIT)
# CSS art. L.861-3 covers the ticket modérateur, not a dépassement. Art. L.162-5-13 (no dépassement for
# its beneficiaries, save an exigence particulière) is for médecins; for a kiné, the convention's rule
# for every patient (a DE for an exigence particulière) applies. Said by the calculator and the answers.
CSS_DEPASSEMENT = ("Complémentaire santé solidaire : elle ne prend pas en charge un dépassement, qu'un kiné "
                   "conventionné ne peut facturer que pour une exigence particulière du patient (horaire imposé, "
                   "domicile non justifié, kiné éloigné choisi), comme à tout patient.")
# The balnéo supplement goes with chapter II's sessions only (NGAP, titre XIV, chapitre IV): said when a bilan or an act
# outside the nomenclature is asked with it, and when one comes after a balnéo said earlier (it is then not counted).
BALNEO_ONLY_WITH_REEDUCATION = ("Le supplément de kinébalnéothérapie s'ajoute à une séance de rééducation de la "
                                "nomenclature (NGAP, titre XIV, chapitre IV), pas à un bilan ni à un acte hors "
                                "nomenclature.")
BALNEO_LEFT_OUT = BALNEO_ONLY_WITH_REEDUCATION + " Je ne le compte donc pas."
# What a mutuelle's guarantee « aux frais réels » pays (its table's « FR »): said in the mutuelle's details and to
# « c'est quoi une mutuelle aux frais réels ? ». The franchise: CSS art. L.871-1 (a contrat responsable does not cover it).
FRAIS_REELS = ("Une garantie « aux frais réels » (FR) se calcule sur ce que vous avez payé, et non sur la base de "
               "remboursement : à 100 % des frais réels, la mutuelle paie ce que vous avez payé moins la part de la Sécu, "
               "dépassement compris ; la franchise reste à votre charge.")
ADULT = "patient majeur"
CONVENTIONNE = "kiné conventionné"  # the status not said: the calculation counts the convention's tariffs
GENERAL_REGIME = "régime général (hors régime local d'Alsace-Moselle)"
# Each session billed in full and its franchise under the daily cap (4 sessions): true up to the NGAP's two a
# day (titre XIV: an urgent respiratory care; two prescriptions for two regions), the most a rhythm is taken at.
AT_MOST_TWO_A_DAY = "au plus deux séances par jour"
# Why no franchise is withheld (« pas de franchise : … »); a prise en charge à 100 % says its label.
MATERNITY_EXEMPTION = "assurance maternité"
POST_PARTUM_EXEMPTION = "rééducation après l'accouchement"


def mutuelle_guarantee(kind: str, amount: Decimal, cap: Optional[Decimal] = None) -> str:
    """A mutuelle's guarantee as the person would read it on their contract, by its kind (bot.request.Mutuelle)."""
    if kind == "br_percent":
        return f"{number(amount)} % de la base de remboursement"
    if kind == "tm_percent":
        return f"{number(amount)} % du ticket modérateur"
    if kind == "fr_percent":
        return f"{number(amount)} % des frais réels"
    if kind == "per_session":
        return f"{euros(amount)} par séance" + (f", {euros(cap)} par an au plus" if cap is not None else "")
    return f"forfait de {euros(amount)} par an"


def coefficient_act(coefficient: Decimal, letter: Optional[str] = None) -> str:
    """« acte NMI 9 » with its key letter, « acte de coefficient 9 » without."""
    return f"acte {letter} {number(coefficient)}" if letter else f"acte de coefficient {number(coefficient)}"


def priced_session(price: Decimal) -> str:
    return f"séance à {euros(price)}"


def travel(domicile: bool) -> str:
    """What a home visit's tariff includes, after its amount."""
    return " avec les frais de déplacement" if domicile else ""


def unspecified_act(label: str) -> str:
    return f"soin non précisé : {label}"


def drom_letter(value: Decimal) -> str:
    return f"lettre clé d'outre-mer (DROM) à {euros(value)}"


def rounded_tariff(exact: Decimal, rounded: Decimal) -> str:
    # A note, not a warning: nothing is uncertain, some sites print the other cent.
    return (f"tarif arrondi au centime ({number(exact)} € → {euros(rounded)}), "
            "certaines sources affichent un centime d'écart")


def price_matches_no_tariff(price: Decimal, when: dt.date, act_label: str, base: Decimal, domicile: bool,
                            depassement: Decimal) -> str:
    return (f"Le prix indiqué ({euros(price)}) ne correspond à aucun tarif conventionné au "
            f"{short_date(when)} : le calcul retient le soin le plus courant ({act_label}, "
            f"{euros(base)}{travel(domicile)}) et compte les {euros(depassement)} au-dessus comme un dépassement "
            "d'honoraires, que l'Assurance Maladie ne rembourse jamais. Si c'est un autre soin, "
            "précisez lequel : la base de remboursement peut changer.")


def tariff_then_depassement(tariff: Decimal, depassement: Decimal, act_label: str) -> str:
    """« 17,90 € avec 5 € de dépassement »: the price said is the tariff, the dépassement is added to it."""
    return (f"{euros(tariff)} est le tarif conventionné de : {act_label} ; je compte le dépassement en plus, "
            f"{euros(tariff)} + {euros(depassement)} = {euros(tariff + depassement)} par séance")


def price_is_tariff_of(tariff: Decimal, act_label: str) -> str:
    return f"le prix de {euros(tariff)} par séance est le tarif conventionné de : {act_label}"


def maternity_covered(month: int, first_month: int, last_day: int) -> str:
    return (f"grossesse au {ordinal(month)} mois : assurance maternité, prise en charge à 100 % "
            f"sans franchise du 1er jour du {ordinal(first_month)} mois de grossesse au {ordinal(last_day)} "
            "jour après l'accouchement")


def maternity_not_yet(month: int, first_month: int) -> str:
    return (f"Grossesse au {ordinal(month)} mois : l'assurance maternité ne prend en charge à "
            f"100 % et sans franchise qu'à partir du 1er jour du {ordinal(first_month)} mois ; avant, les "
            "séances sont remboursées au taux habituel et la franchise s'applique.")


def post_partum_other_care(last_day: int, full_rate: Decimal) -> str:
    """Care other than the rehabilitation after a birth, counted after its maternity period (CSS art. L.160-9)."""
    return (f"Après l'accouchement, l'assurance maternité prend en charge à {percent(full_rate)} la rééducation du "
            f"périnée et la rééducation abdominale ; les autres soins ne le sont que jusqu'au {ordinal(last_day)} jour après la "
            "naissance (code de la sécurité sociale, art. L.160-9 et D.160-3) : je les compte au taux habituel, avec "
            "la franchise.")


def maternity_period(first_month: int, last_day: int) -> str:
    return (f"La prise en charge maternité (100 %, sans franchise) ne vaut que du 1er jour du "
            f"{ordinal(first_month)} mois de grossesse au {ordinal(last_day)} jour après l'accouchement : le "
            "calcul suppose que les séances ont lieu dans cette période. Avant, le taux habituel et la franchise "
            "s'appliquent.")


def cover_only_for_related_care(pec: str, usual_rate: Decimal) -> str:
    """An ALD or an accident du travail covers only the care it calls for (CSS art. L.160-14 and L.324-1 for
    the ALD: the care « nécessités par le traitement de l'affection »; L.431-1 for the AT/MP: the care « nécessités
    par le traitement »)."""
    cause = "à l'ALD" if pec == "ald" else "à l'accident du travail ou à la maladie professionnelle"
    return (f"séances liées {cause} (prise en charge totale) ; sans lien avec elle, "
            f"taux habituel ({percent(usual_rate)})")


def unrelated_cover_note(pec: str, usual_rate: Decimal, full_rate: Decimal) -> str:
    """« je suis en ALD mais c'est sans rapport »: the care the cover does not call for, at the usual rate."""
    cause = "votre ALD" if pec == "ald" else "votre accident du travail ou maladie professionnelle"
    return (f"Séances sans lien avec {cause} : elles sont remboursées au taux habituel ({percent(usual_rate)}), pas à "
            f"{percent(full_rate)} (code de la sécurité sociale, art. L.324-1 : la prise en charge totale vaut pour les soins "
            "nécessités par le traitement de l'affection). Je compte le taux habituel.")


def off_hours_note(sunday: Decimal, night: Decimal) -> str:
    """A calculation for sessions on a Sunday or at night: the same price, the majoration only in an urgency or for
    sessions that must be daily (NGAP, dispositions générales, art. 14 B, extended by titre XIV « aux actes répétés, en
    cas de nécessité impérieuse d'un traitement quotidien »)."""
    return (f"Un dimanche, un jour férié ou le soir, la séance coûte le même prix : une majoration ({euros(sunday)} le "
            f"dimanche ou un jour férié, {euros(night)} la nuit) ne s'ajoute que pour un soin urgent justifié par "
            "l'état du patient, ou des séances qui doivent impérativement être quotidiennes. Je ne la compte pas.")


def balneo_counted(where: str, amount: Decimal, other: str, other_amount: Decimal, franchise: Decimal) -> str:
    """The kinébalnéothérapie supplement counted in each session (NGAP, titre XIV, chapitre IV); whether the caisse
    withholds a franchise on it as on an act of its own is not confirmed: one per session is counted."""
    return (f"supplément de kinébalnéothérapie en {where} : {euros(amount)} par séance ({euros(other_amount)} en "
            f"{other}), remboursé comme la séance (NGAP, titre XIV, chapitre IV)"
            + (f" ; une franchise comptée par séance, {euros(franchise)} de plus si la caisse compte le supplément "
               "comme un acte à part (non vérifié)" if franchise else ""))


# A full cover said without its cause (« je suis pris en charge à 100 % »), counted as an ALD's (bot.parsing).
UNNAMED_FULL_COVER = ("Prise en charge à 100 % : je compte celle d'une affection de longue durée (ALD), la plus "
                      "courante ; le calcul est le même pour un accident du travail ou une pension d'invalidité. Pour "
                      "une grossesse ou la complémentaire santé solidaire (sans franchise), dites-le.")

# CSS art. L.160-14, 13°: « pour les titulaires d'une pension d'invalidité… en ce qui concerne les frais engagés
# pour eux-mêmes », whatever the care, with no other condition in R.160-10 (décret n° 2025-1409, in force
# 01/01/2026); L.341-15: the pension de vieillesse that replaces it at retirement age.
INVALIDITY_COVER = ("pension d'invalidité (ou pension de vieillesse qui l'a remplacée) : toutes vos séances sont "
                    "prises en charge, avec ou sans lien avec l'invalidité")

# CSS art. L.371-1, R.371-1 and R.160-10: the titulaire of a rente AT/MP for an incapacity of two thirds or more
# is exempt « pour eux-mêmes et pour leurs ayants droit », whatever the care.
RENTE_AT_COVER = ("rente d'accident du travail ou de maladie professionnelle d'au moins deux tiers : toutes vos "
                  "séances sont prises en charge, avec ou sans lien avec l'accident")


# CSS art. L.160-14 and L.160-9 list the covers at 100 %: no status of work or study among them; L.160-14 13° and
# L.341-15: the pension d'invalidité, and the pension de vieillesse that replaces it.
STATUS_CHANGES_NOTHING = "Être retraité, étudiant, salarié ou sans emploi ne change pas le remboursement des séances"
STATUS_WITHOUT_EFFECT_NOTE = (f"{STATUS_CHANGES_NOTHING} : je compte le cas général. Si vous touchez une pension "
                              "d'invalidité, ou une retraite qui l'a remplacée, dites « pension d'invalidité ».")


def status_without_effect_line(full_rate: Decimal) -> str:
    """« je suis retraité, le kiné est remboursé à combien ? »: the general case, and the exception."""
    return (f"{STATUS_CHANGES_NOTHING} ; une pension d'invalidité, ou la retraite qui l'a remplacée, donne en revanche "
            f"une prise en charge à {percent(full_rate)} (code de la sécurité sociale, art. L.160-14, 13°).")


def disability_card_line(full_rate: Decimal) -> str:
    """A carte d'invalidité, the AAH or a rate set by the MDPH is none of the cases of CSS art. L.160-14 (ALD,
    pension d'invalidité), L.160-9 (maternité), L.371-1 (rente AT/MP), L.431-1 (AT/MP) or L.861-3 (CSS)."""
    return ("Une carte d'invalidité (carte mobilité inclusion), l'AAH ou un taux d'incapacité reconnu par la "
            f"MDPH ne donnent pas, à eux seuls, une prise en charge à {percent(full_rate)} des séances. Elle "
            "vient d'une ALD, d'un accident du travail, de la maternité, d'une pension d'invalidité versée par "
            "l'Assurance Maladie, d'une rente d'accident du travail d'au moins deux tiers ou de la complémentaire "
            "santé solidaire (code de la sécurité sociale, art. L.160-9, L.160-14, L.371-1, L.431-1 et L.861-3).")


def ald_list_line(entry: str, full_rate: Decimal) -> str:
    """A disease on the list of CSS art. D.160-4 named, no ALD said: the cover it may open (L.160-14, 3°)."""
    return (f"La liste des affections de longue durée comprend « {entry} » (code de la sécurité sociale, art. "
            f"D.160-4) : si l'affection est reconnue en ALD par la caisse d'assurance maladie, les séances qui s'y "
            f"rapportent sont prises en charge à {percent(full_rate)} du tarif conventionné (art. L.160-14, 3°) ; "
            "sinon, c'est le remboursement habituel.")


def ald_definition(full_rate: Decimal) -> str:
    """What an ALD is, for « c'est quoi une ALD ? » (CSS art. L.160-14, 3° and 4°; L.324-1, the protocole de soins)."""
    return ("Une ALD (affection de longue durée) est une maladie reconnue par votre caisse d'assurance maladie : "
            "l'une de la liste fixée par décret, ou une affection grave hors liste, qui demande un traitement long et "
            "coûteux (code de la sécurité sociale, art. L.160-14, 3° et 4°). Votre médecin traitant établit un "
            "protocole de soins, soumis au médecin-conseil, qui dit quels soins sont pris en charge à "
            f"{percent(full_rate)} ; les autres sont remboursés comme d'habitude (art. L.324-1).")


def alsace_moselle_rate(rate: Decimal) -> str:
    return (f"taux de {percent(rate)} du régime local d'Alsace-Moselle : il est réservé aux affiliés de ce "
            "régime (pas à tous les habitants du Bas-Rhin, du Haut-Rhin et de la Moselle)")


def no_franchise(reason: str) -> str:
    return f"pas de franchise : {reason}"


def split_place_note(practice: int, home: int) -> str:
    """« 10 séances au cabinet et 5 à domicile »: one calculation counts one place, the practice's first."""
    counted = "la séance" if practice == 1 else f"les {practice} séances"
    others = "celle" if home == 1 else f"les {home}"
    return (f"Un calcul ne compte qu'un lieu : je compte ici {counted} au cabinet ; pour {others} à domicile, écrivez "
            f"ensuite « {plural(home, 'séance')} à domicile ».")


def kine_perineal_start(day: int) -> str:
    """Who does the perineal rehabilitation after a birth, and from when (CSP art. R.4321-5, 2° c, and R.4127-318).

    >>> kine_perineal_start(90)
    "Chez un kiné, la rééducation du périnée après l'accouchement commence au plus tôt le 90e jour ; une sage-femme peut la faire avant (code de la santé publique, art. R.4321-5 et R.4127-318)."
    """
    return (f"Chez un kiné, la rééducation du périnée après l'accouchement commence au plus tôt le {day}e jour ; "
            "une sage-femme peut la faire avant (code de la santé publique, art. R.4321-5 et R.4127-318).")


def perineal_too_early(day: int) -> str:
    """A calculation for the perineum with a birth of less than `day` days (« j'ai accouché il y a 1 mois »).

    >>> perineal_too_early(90).startswith("L'accouchement date de moins de 90 jours : chez un kiné, la rééducation")
    True
    """
    start = kine_perineal_start(day)
    return f"L'accouchement date de moins de {day} jours : {start[0].lower()}{start[1:]}"


def sage_femme_perineal(full_rate: Decimal) -> str:
    """« ma sage-femme fait la rééduc du périnée, c'est remboursé ? »: the maternity's cover, whoever does it."""
    return (f"Faite par une sage-femme ou par un kiné, la rééducation du périnée après l'accouchement est prise en "
            f"charge à {percent(full_rate)} du tarif par l'assurance maternité (code de la sécurité sociale, "
            "art. L.160-9).")


def forfait_beside_rate(amount: Decimal, per: str, guarantee: str, who: Audience = ASKER) -> str:
    """« 200 % BR plus un forfait de 100 € par an »: the rate is counted, the forfait is not.

    >>> forfait_beside_rate(Decimal(20), "séance", "150 % BR", PATIENT)[:60]
    'Je compte la mutuelle du patient à 150 % BR ; le forfait de '
    >>> forfait_beside_rate(Decimal(20), "séance", "150 % BR", PATIENT)[-45:]
    'Voyez le tableau de garanties de son contrat.'
    """
    return (f"Je compte {who.mutuelle} à {guarantee} ; le forfait de {euros(amount)} par {per} n'est pas ajouté : "
            "selon les contrats, il s'ajoute au remboursement ou il couvre d'autres soins (hors nomenclature, "
            f"médecines douces…). Voyez le tableau de garanties de {who.contract}.")


# A price left out earlier, counted again with the care or place it fits.
PRICE_SAID_AGAIN = "Je reprends le prix de {} la séance dit plus haut."
# A conventionné kiné's price said for the sessions, then the bilan asked (or the reverse): the tariff counted.
SESSIONS_PRICE_NOT_THE_BILAN = ("Le prix de {} la séance, dit plus haut, vaut pour les séances : pour le bilan, "
                                "je compte son tarif. Si votre kiné facture le bilan à un autre prix, écrivez-le "
                                "(par exemple « le bilan à 30 € »).")
BILAN_PRICE_NOT_THE_SESSIONS = ("Le prix de {}, dit pour le bilan, ne vaut pas pour les séances : je compte leur "
                                "tarif. Si votre kiné prend un autre prix, écrivez-le (par exemple « 25 € la "
                                "séance »).")
# A price said for another care or place, below the tariff of the one asked next: the tariff counted.
PRICE_SAID_BEFORE_BELOW = ("Le prix de {} la séance, dit plus haut, est inférieur au tarif conventionné de ce calcul : "
                           "je compte le tarif, sans dépassement. Si votre kiné prend un autre prix, écrivez-le (par "
                           "exemple « 25 € la séance »).")


def bilans_of_a_course(sessions: int, bilans: int, first: int, period: int) -> str:
    """« 10 séances » and « Bilan »: the bilans of a course of 10 sessions (10 bilans were counted)."""
    return (f"Un bilan se facture une fois en début de traitement, puis à la {ordinal(first)} séance et toutes les "
            f"{period} séances : pour {plural(sessions, 'séance')}, je compte {plural(bilans, 'bilan')}. Les séances "
            "elles-mêmes se calculent à part : demandez par exemple « et pour le genou ? ».")


def course_again(sessions: int) -> str:
    """Another care asked after the bilans of a course: the course's sessions are counted again."""
    return f"Je reprends les {plural(sessions, 'séance')} du traitement."


def share_of_depassements(share_percent: Decimal, guarantee: Optional[str], who: Audience = ASKER) -> str:
    """« ma mutuelle prend 50 % des dépassements »: no rate of the base; the one counted, or the one needed, said."""
    if guarantee:
        # Not « le calcul la laisse à votre charge »: there may be no dépassement, or the guarantee may cover it.
        return (f"Je compte {who.mutuelle} à {guarantee} ; la part des dépassements qu'elle prend "
                f"({number(share_percent)} %) n'est pas comptée en plus : le calcul s'en tient à cette garantie.")
    share = f"la part des dépassements que prend {who.mutuelle} ({number(share_percent)} %)"
    return (f"{capitalised(share)} ne suffit pas au calcul : il me faut ce qu'elle rembourse sur la base de "
            "remboursement, souvent écrit « 100 % BR » ou « 200 % BR » dans le tableau de garanties.")


def child_age_assumed(kin: str, age_minimum: Decimal) -> str:
    """« ma fille », « mon fils » said without an age: counted as a minor, and said so."""
    if kin == "fille":
        return (f"Je compte votre fille comme mineure (pas de franchise) ; si elle a {number(age_minimum)} ans ou plus, "
                "dites-moi son âge.")
    return (f"Je compte votre fils comme mineur (pas de franchise) ; s'il a {number(age_minimum)} ans ou plus, "
            "dites-moi son âge.")


def minor_exemption(age_minimum: Decimal) -> str:
    return f"moins de {number(age_minimum)} ans"


def franchise_at_age(age_minimum: Decimal) -> str:
    # CSS art. D.160-12: the age that exempts is the age on 1 January of the year.
    return (f"franchise comptée : à {number(age_minimum)} ans, elle n'est due que si le patient avait déjà "
            f"{number(age_minimum)} ans au 1er janvier")


def kilometric_allowances(threshold: Decimal, zone: str, flat: Optional[str]) -> str:
    """`flat`: the flat allowance billed with the IK (« ifd » or « ifs »), None when the IK replaces it."""
    how = f"en plus de {PRICE_PARTS[flat].with_article}" if flat else "à la place de l'indemnité forfaitaire"
    return (f"domicile hors de l'agglomération du cabinet, à plus de {number(threshold)} km "
            f"({CHOICE_LABELS['zone'][zone]}) : {PRICE_PARTS['ik'].name} {how}")


def coefficient_at_home(ifd: Decimal, ifs: Decimal) -> str:
    """An act given by its coefficient alone at home: the flat allowance depends on the act (NGAP art. 13)."""
    return (f"acte donné par son coefficient : je compte {PRICE_PARTS['ifd'].with_article} ({euros(ifd)}) ; "
            f"certains soins (rééducation neurologique, respiratoire hors urgence, de plusieurs régions…) ont à la "
            f"place {PRICE_PARTS['ifs'].with_article} ({euros(ifs)}), qui figure alors sur la feuille de soins")


def distance_unknown(threshold: Decimal, zone: str) -> str:
    return (f"distance non précisée : pas d'indemnités kilométriques (elles s'ajoutent au-delà de "
            f"{number(threshold)} km en {CHOICE_LABELS['zone'][zone]}, hors de l'agglomération du cabinet)")


def scheduled_value(label: str, value: Any, start: dt.date) -> str:
    return (f"Valeur prévue mais non confirmée : {label}, {number(value)} à partir du "
            f"{short_date(start)}. Une hausse prévue peut être reportée : à vérifier sur ameli.fr.")


def uncertain_rule(label: str, note: str) -> str:
    return f"Règle incertaine : {label}" + (f" ({note})" if note else "") + "."


def outside_parcours(rate: Decimal) -> str:
    """Without a médecin traitant, the participation is raised on médecins' acts only (CSS art. L.162-5-3, R.160-6)."""
    return ("Sans médecin traitant (hors parcours de soins), seule votre part chez les médecins est majorée (code de la "
            f"sécurité sociale, art. L.162-5-3 et R.160-6) : des séances de kiné prescrites restent remboursées à "
            f"{percent(rate)}, que l'ordonnance vienne de votre médecin traitant ou d'un autre médecin.")


# A sage-femme's or a dentist's prescription for kiné sessions (bot.dialogue.prescriber_lines): worded for
# whoever asks, a patient holding one or a kiné handed one.
OTHER_PRESCRIBER_LINE = ("Une ordonnance de {who} ne suffit pas pour des séances de kiné remboursées : la NGAP (titre "
                         "XIV) demande une prescription écrite « du médecin ».")
# The calculator, given such a prescription: its result is for a médecin's prescription.
OTHER_PRESCRIBER_COUNTED = ("Je compte des séances prescrites par un médecin : sur une ordonnance de {who} seule, "
                            "elles ne seraient pas remboursées.")
SAGE_FEMME_PRESCRIPTION = ("L'Assurance maladie l'a confirmé pour la rééducation du périnée prescrite par une sage-femme "
                           "(courrier de la CNAMTS du 23 octobre 2013) ; une sage-femme peut en revanche faire elle-même "
                           "cette rééducation après un accouchement.")


def prescriber_outside_convention(reimbursed: bool, change: Optional[dt.date]) -> str:
    """What a médecin outside the convention prescribed (CSS art. L.162-5-10, rewritten from 01/01/2027)."""
    if not reimbursed:
        return ("Ordonnance d'un médecin non conventionné : " + (f"depuis le {long_date(change)}, " if change else "")
                + "les soins qu'il prescrit ne sont plus remboursés par l'Assurance Maladie (code de la sécurité "
                "sociale, art. L.162-5-10) : le calcul ne compte aucun remboursement, ni de mutuelle qui le complète (en % de la base, du "
                "ticket modérateur ou des frais réels) ; "
                + ONLY_A_FORFAIT + " Exceptions éventuelles du texte non vérifiées : demandez à la caisse.")
    if not change:
        return "Ordonnance d'un médecin non conventionné : remboursée comme les autres."
    return (f"Ordonnance d'un médecin non conventionné : remboursée comme les autres pour des séances faites "
            f"avant le {long_date(change)} ; à partir de cette date, les soins qu'il prescrit ne seront plus "
            "remboursés (code de la sécurité sociale, art. L.162-5-10).")


def devis_required(price: Decimal, threshold: Decimal) -> str:
    return (f"Devis écrit obligatoire : chaque séance est facturée {euros(price)}, tarif compris, ce qui "
            f"atteint le seuil de {euros(threshold, whole=True)} par séance avec un dépassement. Le seuil "
            "s'apprécie séance par séance, pas sur l'ensemble des séances.")


def depassement_never_reimbursed(amount: Decimal) -> str:
    return (f"dépassement de {euros(amount)} par séance : jamais remboursé par l'Assurance Maladie, "
            "même en cas de prise en charge à 100 %, seule la mutuelle peut en prendre une partie")


def annual_cap_reached(cap: Decimal, before: bool = False) -> str:
    if before:  # « j'ai déjà atteint le plafond des franchises »
        return f"Plafond annuel des franchises ({euros(cap, whole=True)}) déjà atteint : ces séances n'en supportent pas."
    return (f"Plafond annuel des franchises ({euros(cap, whole=True)}) atteint "
            "pendant ces séances : les suivantes n'en supportent plus.")


def tariffs_on(when: dt.date) -> str:
    return f"tarifs au {short_date(when)}"
