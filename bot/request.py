"""A calculation request: its fields, their validation, and the French message of a refusal.

`parse_input(data)` turns the command line's JSON (or a dict built by the
conversation) into a `CalculationInput`, or raises `CalculatorInputError` whose
`message` is French and names the field (the field names are in
bot/wording.py).  Whether a price fits the tariff is checked by the
computation (bot/calculator.py): it depends on the date's parameters.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, Mapping, Optional, Tuple

from bot.money import ZERO, euros, number, short_date
from bot.parameters import Parameters, default_parameters
from bot.parsing import KEY_LETTERS
from bot.wording import BALNEO_ONLY_WITH_REEDUCATION, CHOICE_LABELS, agree, field_subject, travel

ZONES = ("plaine", "montagne", "pied_ski")
REGIMES = ("general", "alsace_moselle")
# The bilans-diagnostics kinésithérapiques (NGAP titre XIV, chapitre I): billed once for a course, not each session.
BILAN_ACTS = ("bilan", "bilan_neuro")
# Kinébalnéothérapie, the NGAP's supplement to a session of its chapter II (titre XIV, chapitre IV): in a basin or a
# pool; the chapter I acts (the bilans) have none.
BALNEO = ("bassin", "piscine")
ACTS_WITHOUT_BALNEO = BILAN_ACTS
PRISES_EN_CHARGE_100 = ("ald", "at_mp", "maternite", "css", "ame", "invalidite", "rente_at")
# Covers with which no mutuelle pays anything: the complémentaire santé solidaire is itself the
# complémentaire (it pays the ticket modérateur), the AME pays the whole tariff.
NO_MUTUELLE_COVER = ("css", "ame")
MUTUELLE_KINDS = ("br_percent", "tm_percent", "fr_percent", "per_session", "annual")
FIELDS = (
    "date", "sessions", "act", "coefficient", "lettre", "price", "conventionne", "hors_nomenclature",
    "depassement", "domicile", "distance_km", "zone", "regime", "drom", "prise_en_charge_100",
    "mois_grossesse", "post_partum", "age", "mutuelle", "franchise_already_paid", "prescripteur_non_conventionne",
    "balneo",
)

# Bounds that separate a plausible request from a typing error.
MAX_SESSIONS = 300
MAX_PRICE = Decimal("1000")
MAX_COEFFICIENT = Decimal("100")
MAX_DISTANCE_KM = Decimal("300")
MAX_BR_PERCENT = Decimal("1000")
MAX_ANNUAL = Decimal("100000")
LATEST_DATE = dt.date(2100, 12, 31)


class CalculatorInputError(ValueError):
    """A request the calculator cannot compute; `message` is French, `field` the machine name."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


def _error(field_name: str, message: str) -> CalculatorInputError:
    return CalculatorInputError(field_name, message)


@dataclass(frozen=True)
class Mutuelle:
    # br_percent | tm_percent (a share of the ticket modérateur) | fr_percent (of the frais réels, the price paid:
    # the caisse and the mutuelle together up to it) | per_session | annual
    kind: str
    amount: Decimal
    cap: Optional[Decimal] = None  # a per-session forfait's yearly ceiling (« 25 € par séance, 100 € par an au plus »)


@dataclass(frozen=True)
class CalculationInput:
    date: dt.date
    sessions: int = 1
    act: Optional[str] = None
    coefficient: Optional[Decimal] = None
    lettre: Optional[str] = None  # the coefficient's key letter, when said (« NMI 9 »): its label, its home allowance
    price: Optional[Decimal] = None
    conventionne: bool = True
    hors_nomenclature: bool = False
    depassement: Optional[Decimal] = None
    domicile: bool = False
    distance_km: Optional[Decimal] = None
    zone: str = "plaine"
    regime: str = "general"
    drom: bool = False
    prise_en_charge_100: Optional[str] = None
    mois_grossesse: Optional[int] = None
    post_partum: bool = False
    age: Optional[int] = None
    mutuelle: Optional[Mutuelle] = None
    franchise_already_paid: Decimal = ZERO
    prescripteur_non_conventionne: bool = False  # the médecin who prescribed is outside the convention
    balneo: Optional[str] = None  # « bassin » | « piscine »: the kinébalnéothérapie supplement, added to the act
    defaults: Tuple[str, ...] = ()  # fields the user did not give

    def as_dict(self) -> Dict[str, Any]:
        data: Dict[str, Any] = {}
        for name in FIELDS:
            value = getattr(self, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Mutuelle):
                value = {value.kind: value.amount}
            data[name] = value
        return data


def _decimal(field_name: str, value: Any, *, minimum: Decimal, maximum: Decimal,
             strict_min: bool = False) -> Decimal:
    subject = field_subject(field_name)
    if isinstance(value, bool) or value is None or not isinstance(value, (int, float, Decimal, str)):
        raise _error(field_name, f"{subject} doit être un nombre.")
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".").rstrip("€%")
    else:
        text = str(value)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _error(field_name, f"{subject} doit être un nombre : « {value} » n'en est pas un.") from None
    if not amount.is_finite():
        raise _error(field_name, f"{subject} doit être un nombre fini.")
    if amount < 0:
        raise _error(field_name, f"{subject} ne peut pas être {agree(field_name, 'négatif', 'négative')}.")
    if (strict_min and amount <= minimum) or amount < minimum:
        raise _error(field_name, f"{subject} doit être {agree(field_name, 'supérieur', 'supérieure')} "
                                 f"à {number(minimum)}.")
    if amount > maximum:
        raise _error(field_name, f"{subject} semble trop {agree(field_name, 'grand', 'grande')} "
                                 f"({number(amount)}) : le maximum accepté est {number(maximum)}.")
    return amount


def _integer(field_name: str, value: Any, *, minimum: int, maximum: int) -> int:
    amount = _decimal(field_name, value, minimum=Decimal(0), maximum=Decimal(maximum))
    if amount != amount.to_integral_value():
        raise _error(field_name, f"{field_subject(field_name)} doit être un nombre entier.")
    if amount < minimum:
        raise _error(field_name, f"{field_subject(field_name)} doit valoir au moins {minimum}.")
    return int(amount)


def _boolean(field_name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _error(field_name, f"{field_subject(field_name)} doit valoir oui (true) ou non (false).")


def _choice(field_name: str, value: Any, choices: Tuple[str, ...]) -> str:
    if isinstance(value, str) and value in choices:
        return value
    labels = CHOICE_LABELS.get(field_name, {})
    listed = " ; ".join(labels.get(c, c) for c in choices)
    raise _error(field_name, f"{field_subject(field_name)} n'est pas reconnu{agree(field_name, '', 'e')} "
                             f"(« {value} »). Possibilités : {listed}.")


def _date(value: Any, params: Parameters) -> dt.date:
    if isinstance(value, dt.date):
        when = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            when = dt.date.fromisoformat(value.strip())
        except ValueError:
            year, month, day = value.strip().split("-")  # said as the French write it: « 31/02/2027 »
            raise _error("date", f"La date des séances n'existe pas : le {day}/{month}/{year}.") from None
    else:
        raise _error("date", "La date des séances doit être au format AAAA-MM-JJ, par exemple 2026-01-15 "
                             f"(reçu : « {value} »).")
    if when < params.earliest_date:
        raise _error("date", f"La date des séances est trop ancienne : les tarifs ne sont connus qu'à partir du "
                             f"{short_date(params.earliest_date)}.")
    if when > LATEST_DATE:
        raise _error("date", f"La date des séances ({short_date(when)}) est trop loin dans le futur.")
    return when


# A share of the ticket modérateur or of the frais réels is at most all of it; beyond, what to say instead.
OVER_ALL_OF_IT = {
    "tm_percent": ("Une mutuelle paie au plus tout le ticket modérateur, 100 % ({} % donné) : pour un remboursement "
                   "au-delà du tarif, donnez son taux de la base (« 200 % »)."),
    "fr_percent": "Une mutuelle ne rembourse pas plus que la dépense : au plus 100 % des frais réels ({} % donné).",
}


def mutuelle_of(value: Any) -> Optional[Mutuelle]:
    """A mutuelle's guarantee as the JSON input gives it (« {"tm_percent": 50} »), validated."""
    if value is None:
        return None
    if isinstance(value, Mapping) and set(value) == {"per_session", "annual"}:  # a forfait with a yearly ceiling
        return Mutuelle("per_session", _decimal("mutuelle", value["per_session"], minimum=ZERO, maximum=MAX_PRICE),
                        _decimal("mutuelle", value["annual"], minimum=ZERO, maximum=MAX_ANNUAL))
    if not isinstance(value, Mapping) or len(value) != 1 or next(iter(value)) not in MUTUELLE_KINDS:
        raise _error("mutuelle", "La garantie de la mutuelle doit être un seul de ces montants : un pourcentage "
                                 "de la base de remboursement, du ticket modérateur ou des frais réels, des euros par séance, ou un "
                                 "forfait annuel en euros (ou les deux : des euros par séance dans la limite d'un "
                                 "forfait annuel).")
    kind, amount = next(iter(value.items()))
    if kind == "br_percent":
        return Mutuelle(kind, _decimal("mutuelle", amount, minimum=ZERO, maximum=MAX_BR_PERCENT))
    if kind in OVER_ALL_OF_IT:  # « 150 % du TM », « 150 % des frais réels »: more than all of it
        share = _decimal("mutuelle", amount, minimum=ZERO, maximum=MAX_BR_PERCENT)
        if share > 100:
            raise _error("mutuelle", OVER_ALL_OF_IT[kind].format(number(share)))
        return Mutuelle(kind, share)
    maximum = MAX_PRICE if kind == "per_session" else MAX_ANNUAL
    return Mutuelle(kind, _decimal("mutuelle", amount, minimum=ZERO, maximum=maximum))


def parse_input(data: Mapping[str, Any], params: Optional[Parameters] = None,
                today: Optional[dt.date] = None) -> CalculationInput:
    """Validate a request; raise CalculatorInputError with a French message naming the field.

    Checks each field alone and the fields together; whether a price fits the
    tariff is checked by `compute()` (it depends on the date's parameters).
    """
    params = params or default_parameters()
    if not isinstance(data, Mapping):
        raise _error("requête", "La requête doit être un objet JSON, par exemple {\"sessions\": 10}.")
    unknown = [key for key in data if key not in FIELDS]
    if unknown:
        raise _error(unknown[0], f"Information inconnue : « {unknown[0]} ». Informations possibles : "
                                 f"{', '.join(FIELDS)}.")
    given = {key: value for key, value in data.items() if value is not None}
    values: Dict[str, Any] = {}

    values["date"] = _date(given["date"], params) if "date" in given else (today or dt.date.today())
    if "sessions" in given:
        values["sessions"] = _integer("sessions", given["sessions"], minimum=1, maximum=MAX_SESSIONS)
    for flag in ("conventionne", "hors_nomenclature", "domicile", "drom", "post_partum",
                 "prescripteur_non_conventionne"):
        if flag in given:
            values[flag] = _boolean(flag, given[flag])

    if "act" in given and "coefficient" in given:
        raise _error("coefficient", "Indiquez soit le soin, soit le coefficient de l'acte, pas les deux.")
    if "act" in given:
        act = given["act"]
        if not isinstance(act, str) or act not in params.acts():
            known = " ; ".join(params.node(f"actes.{a}")["label"] for a in params.acts())
            raise _error("act", f"Soin inconnu : « {act} ». Soins connus : {known}.")
        values["act"] = act
    if "coefficient" in given:
        values["coefficient"] = _decimal("coefficient", given["coefficient"], minimum=ZERO,
                                         maximum=MAX_COEFFICIENT, strict_min=True)
    if "lettre" in given:
        letter = str(given["lettre"]).strip().upper()
        if letter not in KEY_LETTERS:
            raise _error("lettre", f"Lettre clé inconnue : « {given['lettre']} ». Lettres clés de la NGAP : "
                                   f"{', '.join(KEY_LETTERS)}.")
        if "coefficient" not in values:
            raise _error("lettre", "Une lettre clé va avec le coefficient de l'acte (par exemple « NMI 9 »).")
        values["lettre"] = letter
    if "price" in given:
        values["price"] = _decimal("price", given["price"], minimum=ZERO, maximum=MAX_PRICE, strict_min=True)
    if values.get("hors_nomenclature"):
        for key in ("act", "coefficient"):
            if key in values:
                raise _error(key, "Un acte hors nomenclature n'a ni soin ni coefficient de la nomenclature : "
                                  "indiquez seulement son prix par séance.")
        if "price" not in values:
            raise _error("price", "Pour un acte hors nomenclature, indiquez le prix d'une séance.")
    if "depassement" in given:
        values["depassement"] = _decimal("depassement", given["depassement"], minimum=ZERO, maximum=MAX_PRICE)
        nomenclature = values.get("conventionne", True) and not values.get("hors_nomenclature")
        if not nomenclature and "price" in values:
            raise _error("depassement", "Pour un kiné non conventionné ou un acte hors nomenclature, indiquez "
                                        "seulement le prix total de la séance, sans dépassement à part.")
    if "distance_km" in given:
        if given.get("domicile") is False:
            raise _error("distance_km", "La distance ne sert que pour une séance à domicile, or la séance est "
                                        "indiquée au cabinet.")
        values["distance_km"] = _decimal("distance_km", given["distance_km"], minimum=ZERO,
                                         maximum=MAX_DISTANCE_KM)
        values["domicile"] = True
    if "zone" in given:
        values["zone"] = _choice("zone", given["zone"], ZONES)
    if "regime" in given:
        values["regime"] = _choice("regime", given["regime"], REGIMES)
    if "prise_en_charge_100" in given:
        values["prise_en_charge_100"] = _choice("prise_en_charge_100", given["prise_en_charge_100"],
                                                PRISES_EN_CHARGE_100)
    if "mois_grossesse" in given:
        values["mois_grossesse"] = _integer("mois_grossesse", given["mois_grossesse"], minimum=1, maximum=9)
        if values.get("post_partum"):
            raise _error("mois_grossesse", "Indiquez soit le mois de grossesse, soit une rééducation après "
                                           "l'accouchement, pas les deux.")
    if values.get("post_partum") and values.get("hors_nomenclature"):
        raise _error("post_partum", "La rééducation après l'accouchement prise en charge par l'assurance "
                                    "maternité est un acte de la nomenclature, pas un acte hors nomenclature.")
    if "balneo" in given:
        values["balneo"] = _choice("balneo", given["balneo"], BALNEO)
        if values.get("hors_nomenclature") or values.get("act") in ACTS_WITHOUT_BALNEO:
            raise _error("balneo", BALNEO_ONLY_WITH_REEDUCATION)
    if "age" in given:
        values["age"] = _integer("age", given["age"], minimum=0, maximum=120)
    if "mutuelle" in given:
        values["mutuelle"] = mutuelle_of(given["mutuelle"])
    if "franchise_already_paid" in given:
        values["franchise_already_paid"] = _decimal(
            "franchise_already_paid", given["franchise_already_paid"], minimum=ZERO,
            maximum=params.at("franchise.plafond_annuel", values["date"]).value)

    defaults = tuple(name for name in FIELDS if name not in given)
    return CalculationInput(defaults=defaults, **values)



# Refusals that need the date's tariff: raised by the computation (bot/calculator.py).
def price_below_tariff(price: Decimal, base: Decimal, domicile: bool, when: dt.date,
                       basic: bool) -> CalculatorInputError:
    """A conventionné price below the tariff: of the basic act when no act matched it (`basic`)."""
    if basic:
        return CalculatorInputError("price", (
            f"Le prix d'une séance ({euros(price)}) est inférieur au tarif conventionné d'une "
            f"séance de base ({euros(base)}{travel(domicile)} au {short_date(when)}) et ne correspond à aucun "
            "soin de la nomenclature. Vérifiez le prix, ou précisez le soin."))
    return CalculatorInputError("price", (
        f"Le prix d'une séance ({euros(price)}) est inférieur au tarif conventionné de ce soin "
        f"({euros(base)}{travel(domicile)} au {short_date(when)}) : un kiné conventionné facture le tarif, "
        "et au plus un dépassement en plus. Vérifiez le prix ou le soin."))


def price_and_depassement_disagree(price: Decimal, given: Decimal, base: Decimal, domicile: bool,
                                   depassement: Decimal) -> CalculatorInputError:
    return CalculatorInputError("depassement", (
        f"Le prix d'une séance ({euros(price)}) et le dépassement ({euros(given)}) ne "
        f"concordent pas : le tarif retenu est de {euros(base)}{travel(domicile)}, le dépassement serait donc de "
        f"{euros(depassement)}. Indiquez l'un ou l'autre."))
