"""Reading calculator values out of free French text.

    >>> parse_request("10 séances de rééducation du genou à domicile, je suis en ALD, mutuelle à 200 %").fields
    {'sessions': 10, 'act': 'membre', 'domicile': True, 'prise_en_charge_100': 'ald', 'mutuelle': {'br_percent': 200}}

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

NUMBER = r"(\d+(?:[.,]\d{1,2})?)"
EURO = r"\s*(?:€|euros?\b|eur\b|e\b|balles\b|boules\b)"
SESSION_WORDS = r"(?:seances?|sceances?|seance|scéances?|rdv|rendez[- ]vous|fois)"

APPROXIMATE_COUNTS = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30}

# Named acts, most specific first: (pattern on accent-free text, act).
ACT_PATTERNS: List[Tuple[str, str]] = [
    (r"bilan\w*\s+(?:\w+\s+){0,3}neuro|bdk\s+neuro", "bilan_neuro"),
    (r"\bbilan|\bbdk\b", "bilan"),
    (r"mucoviscidose", "mucoviscidose"),
    (r"(?:drainage|dlm)\w*\s+(?:\w+\s+){0,4}(?:2|deux)\s+(?:membres|jambes|bras)", "drainage_2_membres"),
    (r"drainage|lymphoe?d[eè]me|dlm\b", "drainage_1_membre"),
    (r"respirat|bronchiolite|encombre|desencombr|asthme|bpco", "respiratoire"),
    (r"plusieurs\s+(?:membres|territoires|zones)|\bter\b|tronc\s+et|(?:2|deux)\s+membres|"
     r"(?:dos|tronc|rachis)\s+et\s+(?:les?\s+|la\s+)?(?:2\s+|deux\s+)?(?:jambes?|bras|epaules?|genoux?|membres?)",
     "plusieurs_territoires"),
    (r"personne\s+agee|(?:reeducation|reeduc)\w*\s+(?:a|de)\s+la\s+marche|deambulation|\brpe\b|chutes?\b",
     "personne_agee_marche"),
    (r"genou|\blca\b|ligament|entorse|cheville|lombalgie|lumbago|\bdos\b|rachis|epaule|hanche|fracture|"
     r"prothese|\bptg\b|\bpth\b|menisque|poignet|cervical|lombaire|tendinite|sciatique|membre|coude|main\b|pied\b",
     "membre"),
]

PRISE_EN_CHARGE_PATTERNS: List[Tuple[str, str]] = [
    (r"\bald\b|affection\s+(?:de\s+)?longue\s+duree|maladie\s+chronique\s+reconnue", "ald"),
    (r"accident\s+(?:du|de)\s+travail|maladie\s+professionnelle|\bat\s*/\s*mp\b|\bat-mp\b", "at_mp"),
    (r"enceinte|grossesse|maternite|post[- ]?natal|post[- ]?partum|accouchement", "maternite"),
    (r"\bcss\b|complementaire\s+sante\s+solidaire|\bcmu\b|\bacs\b", "css"),
    (r"\bame\b|aide\s+medicale\s+(?:de\s+l.)?etat", "ame"),
]

DROM_WORDS = r"guadeloupe|martinique|guyane|la\s+reunion|\breunion\b|mayotte|\bdrom\b|\bdom\b|outre[- ]mer"


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def normalise(text: str) -> str:
    """Lower case, no accents, numbers in words as digits, single spaces."""
    text = strip_accents((text or "").lower())
    text = text.replace("’", "'").replace("\u00a0", " ")
    try:
        text = alpha2digit(text, "fr")
    except Exception:  # text2num is robust, but user text is unbounded  # pragma: no cover
        pass
    text = re.sub(r"\bune?\s+(seance|sceance)", r"1 \1", text)
    text = re.sub(r"(\d)\s*pour\s*(?:cent|100)\b", r"\1 %", text)
    return re.sub(r"\s+", " ", text).strip()


def _decimal(raw: str) -> Decimal:
    return Decimal(raw.replace(",", "."))


def _number(value: Decimal) -> Any:
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class ParsedRequest:
    """What a message says about a calculation, in the calculator's field names."""

    fields: Dict[str, Any] = field(default_factory=dict)
    to_confirm: Dict[str, Any] = field(default_factory=dict)  # loose values ("une quinzaine")
    no_mutuelle: bool = False  # the user said there is no mutuelle

    def __bool__(self) -> bool:
        return bool(self.fields or self.to_confirm or self.no_mutuelle)


def parse_request(text: str) -> ParsedRequest:
    """Extract calculator fields from one French message."""
    t = normalise(text)
    out = ParsedRequest()
    f = out.fields
    consumed: List[Tuple[int, int]] = []

    def take(match: "re.Match[str]") -> None:
        consumed.append(match.span())

    def free(match: "re.Match[str]") -> bool:
        start, end = match.span()
        return all(end <= a or start >= b for a, b in consumed)

    # Coded act: "AMK 8,1", "AMS 9.5".
    coded = re.search(r"\b(?:amk|ams|amc|ter|rpe|tmk|rab)\s*" + NUMBER, t)
    if coded:
        f["coefficient"] = _number(_decimal(coded.group(1)))
        take(coded)
    else:
        for pattern, act in ACT_PATTERNS:
            if re.search(pattern, t):
                f["act"] = act
                break

    # Number of sessions.
    count = re.search(r"(\d+)\s*(?:(?:autres?|nouvelles?|petites?)\s+)?" + SESSION_WORDS
                      + r"(?!\s*(?:par|/)\s*(?:semaine|jour|mois|an)\b)", t)
    if count:
        f["sessions"] = int(count.group(1))
        take(count)
    else:
        loose = re.search(r"(dizaine|douzaine|quinzaine|vingtaine|trentaine)", t)
        if loose:
            out.to_confirm["sessions"] = APPROXIMATE_COUNTS[loose.group(1)]

    # Mutuelle.
    if re.search(r"(?:pas|sans|aucune?|plus)\s+(?:de\s+)?(?:mutuelle|complementaire)|pas\s+mutuelle", t):
        out.no_mutuelle = True
    percent = re.search(NUMBER + r"\s*%\s*(?:de\s+la\s+)?(?:br\b|base)?", t)
    if percent and re.match(r"\s*(?:pour|par|grace a|avec)?\s*(?:mon|ma|l'|une|la)?\s*(?:ald|affection|accident|maternite)",
                            t[percent.end():]):
        percent = None  # "100 % pour mon ALD" is the Assurance Maladie's share, not the mutuelle's
    if percent:
        f["mutuelle"] = {"br_percent": _number(_decimal(percent.group(1)))}
        take(percent)
    annual = re.search(r"(?:forfait|enveloppe|plafond)\w*\s+(?:\w+\s+){0,3}?(?:de\s+)?" + NUMBER + EURO
                       + r"|" + NUMBER + EURO + r"\s*(?:par|/|l')\s*an\b", t)
    if annual:
        f["mutuelle"] = {"annual": _number(_decimal(annual.group(1) or annual.group(2)))}
        take(annual)
    per_session_mutuelle = re.search(r"(?:mutuelle|complementaire)\w*\s+(?:\w+\s+){0,4}?" + NUMBER + EURO
                                     + r"\s*(?:par|la|/)\s*" + SESSION_WORDS, t)
    if per_session_mutuelle and free(per_session_mutuelle):
        f["mutuelle"] = {"per_session": _number(_decimal(per_session_mutuelle.group(1)))}
        take(per_session_mutuelle)

    # Dépassement: "10 € de dépassement", "dépassement de 10 €", "10 € de plus".
    extra = re.search(NUMBER + EURO + r"\s*(?:de\s+)?(?:depassement|supplement|de\s+plus|en\s+plus)"
                      r"|(?:depassement|supplement)\w*\s+(?:\w+\s+){0,3}?(?:de\s+)?" + NUMBER + EURO, t)
    if extra and free(extra):
        f["depassement"] = _number(_decimal(extra.group(1) or extra.group(2)))
        take(extra)

    # Price per session: any other amount.
    for price in re.finditer(NUMBER + EURO, t):
        if free(price):
            f["price"] = _number(_decimal(price.group(1)))
            take(price)
            break

    # Place, distance, zone.
    if re.search(r"domicile|chez moi|a la maison|se deplace|vient chez|chez nous|a la residence", t):
        f["domicile"] = True
    elif re.search(r"au cabinet|en cabinet|cabinet", t):
        f["domicile"] = False
    distance = re.search(NUMBER + r"\s*(?:km|kilometres?)\b", t)
    if distance:
        f["distance_km"] = _number(_decimal(distance.group(1)))
        f["domicile"] = True
    if re.search(r"montagne", t):
        f["zone"] = "montagne"
    elif re.search(r"a pied|a ski|en ski", t):
        f["zone"] = "pied_ski"

    # Status of the patient and of the kiné.
    for pattern, case in PRISE_EN_CHARGE_PATTERNS:
        if re.search(pattern, t):
            f["prise_en_charge_100"] = case
            break
    if re.search(r"alsace|moselle|regime local|bas-rhin|haut-rhin", t):
        f["regime"] = "alsace_moselle"
    if re.search(DROM_WORDS, t):
        f["drom"] = True
    if re.search(r"(?:non|pas|de)\s*-?\s*conventionn|deconventionn|hors convention|secteur libre", t):
        f["conventionne"] = False
    elif re.search(r"\bconventionn", t):
        f["conventionne"] = True
    if re.search(r"hors[- ]nomenclature|\bhn\b", t):
        f["hors_nomenclature"] = True
    age = re.search(r"(\d{1,3})\s*ans\b", t)
    if age:
        f["age"] = int(age.group(1))
    elif re.search(r"\bmineure?\b|moins de 18|mon (?:fils|bebe|enfant)|ma fille|mon petit|ma petite", t):
        f["age"] = 17

    # Date: "en 2025" (middle of that year), "au 15/03/2025".
    explicit = re.search(r"\b(\d{1,2})/(\d{1,2})/(20\d{2})\b", t)
    year = re.search(r"\b(?:en|de|pour|annee)\s+(20[1-9]\d)\b", t)
    if explicit:
        day, month, yyyy = explicit.groups()
        f["date"] = f"{yyyy}-{int(month):02d}-{int(day):02d}"
    elif year:
        out.to_confirm["date"] = f"{year.group(1)}-07-01"
    return out


def parse_count(text: str) -> Optional[int]:
    """A bare number of sessions ("10", "dix", "12 séances"), or None."""
    t = normalise(text)
    match = re.fullmatch(r"(?:non,?\s*)?(?:plutot\s+)?(\d+)(?:\s*" + SESSION_WORDS + r")?\.?", t)
    return int(match.group(1)) if match else None


def parse_amount(text: str) -> Optional[Decimal]:
    """A bare amount ("80", "80 €", "17,90 euros", "quatre-vingts balles"), or None."""
    t = normalise(text)
    match = re.fullmatch(r"(?:non,?\s*)?(?:plutot\s+)?" + NUMBER + r"(?:" + EURO + r")?\s*(?:par\s+" + SESSION_WORDS
                         + r"|la\s+" + SESSION_WORDS + r")?\.?", t)
    return _decimal(match.group(1)) if match else None
