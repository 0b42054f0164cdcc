"""Reimbursement calculator for kinésithérapie sessions in France.

    python -m bot.calculator '{"sessions": 10, "act": "membre", "mutuelle": {"br_percent": 100}}'
    python -m bot.calculator --fr '{"sessions": 10, "price": 25, "date": "2026-12-01", "mutuelle": {"br_percent": 100}}'

`compute()` returns a `Calculation` (Decimal amounts); `calculate()` returns the
same structure as the command line's JSON (numbers rounded to the cent).  Every
figure comes from the dated parameters (bot/parameters/*.yml) at the requested
date; the result lists the parameters used with their dates, references and
sources, and warns when a non-confirmed value was used.

Rules, per session (../shared/facts.md sections 4 to 6, 9.2 and 13):
- tariff: coefficient × key letter, rounded half-up to the cent (the act's, or
  the given coefficient's), plus travel allowances for a home visit: IFD (or IFS
  for the acts that have it) and, beyond 2 km in plaine / 1 km in montagne, the
  kilometric allowances on (2 × distance − abattement) km, in addition
  (NGAP art. 13 C);
- price: what the kiné bills per session.  For a conventionné kiné it is the
  tariff plus, at most, a dépassement (DE): a given price is split into tariff
  and DE (with the act given, or the act whose tariff it matches, or the basic
  act); a price below the tariff is an error;
- base: the conventionné tariff; 0 for a non-conventionné kiné (tarif
  d'autorité unknown, near zero) and for hors nomenclature;
- amo = base × rate, rounded to the cent per session (60 %; 90 % for members of
  the Alsace-Moselle régime local; 100 % under a prise en charge à 100 %,
  maternity from the 1st day of the 6th month, post-natal rehabilitation),
  reported before the franchise; the DE is never part of it;
- franchise: per act, at most the AMO share, within the daily cap and what is
  left of the annual cap; none for minors, CSS, AME, maternity;
- mutuelle: never the franchise, never more than price − amo;
- patient = price − (amo − franchise) − mutuelle, exactly;
- written estimate (devis) when one session's fees, tariff included, reach the
  threshold and carry a DE or a non-reimbursed act.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Dict, List, Mapping, Optional, Tuple

from bot.money import ZERO, cents, euros, number, percent, short_date
from bot.parameters import Parameters, ParameterError, Step, default_parameters, letter_name, step_price
from bot.result_view import named_sources

ZONES = ("plaine", "montagne", "pied_ski")
REGIMES = ("general", "alsace_moselle")
PRISES_EN_CHARGE_100 = ("ald", "at_mp", "maternite", "css", "ame")
MUTUELLE_KINDS = ("br_percent", "per_session", "annual")
FIELDS = (
    "date", "sessions", "act", "coefficient", "price", "conventionne", "hors_nomenclature",
    "depassement", "domicile", "distance_km", "zone", "regime", "drom", "prise_en_charge_100",
    "mois_grossesse", "post_partum", "age", "mutuelle", "franchise_already_paid",
)
SHARES = ("price", "base", "amo", "franchise", "mutuelle", "patient")
BASIC_ACT = "membre"
POST_PARTUM_ACT = "perineal"

# What each field is called in French messages: (noun with its article, feminine?).
FIELD_NAMES: Dict[str, Tuple[str, bool]] = {
    "date": ("la date des séances", True),
    "sessions": ("le nombre de séances", False),
    "act": ("le soin (acte)", False),
    "coefficient": ("le coefficient de l'acte", False),
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
}
CHOICE_LABELS = {
    "zone": {"plaine": "plaine", "montagne": "montagne", "pied_ski": "à pied ou à ski"},
    "regime": {"general": "régime général", "alsace_moselle": "régime local d'Alsace-Moselle"},
    "prise_en_charge_100": {
        "ald": "affection de longue durée (ALD)",
        "at_mp": "accident du travail ou maladie professionnelle",
        "maternite": "maternité",
        "css": "complémentaire santé solidaire (CSS)",
        "ame": "aide médicale de l'État (AME)",
    },
}
PRISE_EN_CHARGE_LABELS = CHOICE_LABELS["prise_en_charge_100"]

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


def _name(field_name: str) -> str:
    return FIELD_NAMES.get(field_name, (f"« {field_name} »", False))[0]


def _subject(field_name: str) -> str:
    """'Le nombre de séances', capitalised for the start of a sentence."""
    text = _name(field_name)
    return text[0].upper() + text[1:]


def _agree(field_name: str, masculine: str, feminine: str) -> str:
    return feminine if FIELD_NAMES.get(field_name, ("", False))[1] else masculine


def _error(field_name: str, message: str) -> CalculatorInputError:
    return CalculatorInputError(field_name, message)


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Mutuelle:
    kind: str  # br_percent | per_session | annual
    amount: Decimal


@dataclass(frozen=True)
class CalculationInput:
    date: dt.date
    sessions: int = 1
    act: Optional[str] = None
    coefficient: Optional[Decimal] = None
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
    subject = _subject(field_name)
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
        raise _error(field_name, f"{subject} ne peut pas être {_agree(field_name, 'négatif', 'négative')}.")
    if (strict_min and amount <= minimum) or amount < minimum:
        raise _error(field_name, f"{subject} doit être {_agree(field_name, 'supérieur', 'supérieure')} "
                                 f"à {number(minimum)}.")
    if amount > maximum:
        raise _error(field_name, f"{subject} semble trop {_agree(field_name, 'grand', 'grande')} "
                                 f"({number(amount)}) : le maximum accepté est {number(maximum)}.")
    return amount


def _integer(field_name: str, value: Any, *, minimum: int, maximum: int) -> int:
    amount = _decimal(field_name, value, minimum=Decimal(0), maximum=Decimal(maximum))
    if amount != amount.to_integral_value():
        raise _error(field_name, f"{_subject(field_name)} doit être un nombre entier.")
    if amount < minimum:
        raise _error(field_name, f"{_subject(field_name)} doit valoir au moins {minimum}.")
    return int(amount)


def _boolean(field_name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _error(field_name, f"{_subject(field_name)} doit valoir oui (true) ou non (false).")


def _choice(field_name: str, value: Any, choices: Tuple[str, ...]) -> str:
    if isinstance(value, str) and value in choices:
        return value
    labels = CHOICE_LABELS.get(field_name, {})
    listed = " ; ".join(labels.get(c, c) for c in choices)
    raise _error(field_name, f"{_subject(field_name)} n'est pas reconnu{_agree(field_name, '', 'e')} "
                             f"(« {value} »). Possibilités : {listed}.")


def _date(value: Any, params: Parameters) -> dt.date:
    if isinstance(value, dt.date):
        when = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            when = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise _error("date", f"La date des séances n'existe pas (« {value} », format AAAA-MM-JJ).") from None
    else:
        raise _error("date", "La date des séances doit être au format AAAA-MM-JJ, par exemple 2026-01-15 "
                             f"(reçu : « {value} »).")
    if when < params.earliest_date:
        raise _error("date", f"La date des séances est trop ancienne : les tarifs ne sont connus qu'à partir du "
                             f"{short_date(params.earliest_date)}.")
    if when > LATEST_DATE:
        raise _error("date", f"La date des séances ({short_date(when)}) est trop loin dans le futur.")
    return when


def _mutuelle(value: Any) -> Optional[Mutuelle]:
    if value is None:
        return None
    if not isinstance(value, Mapping) or len(value) != 1 or next(iter(value)) not in MUTUELLE_KINDS:
        raise _error("mutuelle", "La garantie de la mutuelle doit être un seul de ces montants : un pourcentage "
                                 "de la base de remboursement, des euros par séance, ou un forfait annuel en euros.")
    kind, amount = next(iter(value.items()))
    if kind == "br_percent":
        return Mutuelle(kind, _decimal("mutuelle", amount, minimum=ZERO, maximum=MAX_BR_PERCENT))
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
    for flag in ("conventionne", "hors_nomenclature", "domicile", "drom", "post_partum"):
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
    if "age" in given:
        values["age"] = _integer("age", given["age"], minimum=0, maximum=120)
    if "mutuelle" in given:
        values["mutuelle"] = _mutuelle(given["mutuelle"])
    if "franchise_already_paid" in given:
        values["franchise_already_paid"] = _decimal(
            "franchise_already_paid", given["franchise_already_paid"], minimum=ZERO,
            maximum=params.at("franchise.plafond_annuel", values["date"]).value)

    defaults = tuple(name for name in FIELDS if name not in given)
    return CalculationInput(defaults=defaults, **values)


# --------------------------------------------------------------------------
# Tariffs
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Tariff:
    """The conventionné tariff of one session: the act, then the travel allowances."""

    act: Optional[str]
    coefficient: Decimal
    exact: Decimal              # coefficient × key letter, before rounding
    act_price: Decimal          # rounded half-up to the cent
    allowances: Tuple[Tuple[str, Decimal], ...] = ()   # ("ifd"|"ifs"|"ik", amount), in billing order
    ik_km: Optional[Decimal] = None                    # km paid: 2 × distance − abattement
    ik_rate: Optional[Decimal] = None

    @property
    def total(self) -> Decimal:
        return self.act_price + sum((amount for _, amount in self.allowances), ZERO)


def _allowances(look, act: Optional[str], distance_km: Optional[Decimal], zone: str, drom: bool):
    """Travel allowances of a home visit (NGAP art. 13): IFD or IFS, plus IK beyond the threshold."""
    specific = bool(act is not None and look(f"actes.{act}.ifs"))
    flat = ("ifs", look("domicile.ifs")) if specific else ("ifd", look("domicile.ifd"))
    if distance_km is None or distance_km <= look(f"domicile.ik.{zone}.seuil_km"):
        return (flat,), None, None
    km = 2 * distance_km - look(f"domicile.ik.{zone}.abattement_km")
    rate = look(f"domicile.ik.{zone}.{'drom' if drom else 'metropole'}")
    ik = ("ik", cents(km * rate))
    adds_up = look("domicile.cumul_ik_ifs" if specific else "domicile.cumul_ik_ifd")
    return ((flat, ik) if adds_up else (ik,)), km, rate


def _tariff(look, *, act: Optional[str] = None, coefficient: Optional[Decimal] = None, domicile: bool = False,
            distance_km: Optional[Decimal] = None, zone: str = "plaine", drom: bool = False) -> Tariff:
    if act is not None:
        coefficient = look(f"actes.{act}.coefficient")
    exact, rounded = step_price(coefficient, look(letter_name(drom)))
    allowances, km, rate = ((), None, None)
    if domicile:
        allowances, km, rate = _allowances(look, act, distance_km, zone, drom)
    return Tariff(act, coefficient, exact, rounded, tuple(allowances), km, rate)


def tariff_of(act: str, when: dt.date, *, domicile: bool = False, drom: bool = False,
              distance_km: Optional[Decimal] = None, zone: str = "plaine",
              params: Optional[Parameters] = None) -> Decimal:
    """What a conventionné kiné bills for `act` at `when`, travel allowances included."""
    params = params or default_parameters()
    look = lambda name: params.at(name, when).value  # noqa: E731
    return _tariff(look, act=act, domicile=domicile, distance_km=distance_km, zone=zone, drom=drom).total


def match_tariff(price: Any, when: dt.date, *, domicile: bool = False, drom: bool = False,
                 distance_km: Optional[Any] = None, zone: str = "plaine",
                 params: Optional[Parameters] = None) -> Optional[str]:
    """The first act whose conventionné tariff at `when` (allowances included) equals `price`, if any."""
    params = params or default_parameters()
    price = cents(Decimal(str(price)))
    distance = Decimal(str(distance_km)) if distance_km is not None else None
    for act in params.acts():
        try:
            if tariff_of(act, when, domicile=domicile, drom=drom, distance_km=distance, zone=zone,
                         params=params) == price:
                return act
        except ParameterError:
            continue
    return None


# --------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------
@dataclass
class Session:
    number: int
    price: Decimal
    base: Decimal
    amo: Decimal
    franchise: Decimal
    mutuelle: Decimal
    patient: Decimal
    detail: Dict[str, Decimal] = field(default_factory=dict)

    def shares(self) -> Tuple[Decimal, ...]:
        return tuple(getattr(self, name) for name in SHARES)


@dataclass
class Calculation:
    request: CalculationInput
    act_label: str
    rate: Decimal
    sessions: List[Session]
    parameters: List[Step]
    warnings: List[str]
    assumptions: List[str]
    act: Optional[str] = None
    tariff: Optional[Tariff] = None
    depassement: Decimal = ZERO

    @property
    def total(self) -> Dict[str, Decimal]:
        return {name: sum((getattr(s, name) for s in self.sessions), ZERO) for name in SHARES}

    def to_dict(self, money=lambda amount: float(cents(amount))) -> Dict[str, Any]:
        """The command line's structure; `money` converts each amount (float by default)."""

        def convert(value: Any) -> Any:
            if isinstance(value, Decimal):
                return money(value)
            if isinstance(value, dict):
                return {key: convert(item) for key, item in value.items()}
            return value

        request = convert(self.request.as_dict())
        for key in ("coefficient", "distance_km"):  # not money: keep their decimals
            if self.request.as_dict()[key] is not None:
                request[key] = float(self.request.as_dict()[key])
        return {
            "date": self.request.date.isoformat(),
            "input": request,
            "act": self.act_label,
            "act_id": self.act,
            "amo_rate": float(self.rate),
            "total": convert(self.total),
            "per_session": [
                {"session": s.number, **convert({name: getattr(s, name) for name in SHARES}),
                 "detail": convert(s.detail)}
                for s in self.sessions
            ],
            "parameters": [step.as_dict() for step in self.parameters],
            "warnings": list(self.warnings),
            "assumptions": list(self.assumptions),
        }


class _Used:
    """Collects the parameter steps a calculation reads, in order, once each."""

    def __init__(self, params: Parameters, when: dt.date):
        self.params, self.when, self.steps = params, when, {}

    def __call__(self, name: str) -> Any:
        step = self.params.at(name, self.when)
        self.steps.setdefault(name, step)
        return step.value


def _ordinal(n: int) -> str:
    return "1er" if n == 1 else f"{n}e"


def compute(data: Mapping[str, Any] | CalculationInput, params: Optional[Parameters] = None,
            today: Optional[dt.date] = None) -> Calculation:
    params = params or default_parameters()
    req = data if isinstance(data, CalculationInput) else parse_input(data, params, today)
    use = _Used(params, req.date)
    warnings: List[str] = []
    assumptions: List[str] = []
    nomenclature = req.conventionne and not req.hors_nomenclature
    when = req.date

    # 1. Which act.
    act_name, coefficient, assumed_basic = req.act, req.coefficient, False
    if act_name is None and coefficient is None and not req.hors_nomenclature:
        default_act = POST_PARTUM_ACT if req.post_partum else BASIC_ACT
        if req.price is not None and nomenclature:
            act_name = match_tariff(req.price - (req.depassement or ZERO), when, domicile=req.domicile,
                                    drom=req.drom, distance_km=req.distance_km, zone=req.zone, params=params)
            if act_name is None:
                act_name, assumed_basic = default_act, True
        elif req.price is None:
            act_name = default_act
            assumptions.append(f"soin non précisé : {params.node(f'actes.{act_name}')['label']}")

    tariff: Optional[Tariff] = None
    if act_name is not None or coefficient is not None:
        tariff = _tariff(use, act=act_name, coefficient=coefficient, domicile=req.domicile and nomenclature,
                         distance_km=req.distance_km, zone=req.zone, drom=req.drom)
        if tariff.exact != tariff.act_price:
            # A note, not a warning: nothing is uncertain, some sites print the other cent.
            assumptions.append(
                f"tarif arrondi au centime ({number(tariff.exact)} € → {euros(tariff.act_price)}), "
                "certaines sources affichent un centime d'écart")
    if act_name is not None:
        act_label = params.node(f"actes.{act_name}")["label"]
    elif coefficient is not None:
        act_label = f"acte de coefficient {number(coefficient)}"
    elif req.hors_nomenclature:
        act_label = "acte hors nomenclature"
    else:
        act_label = f"séance à {euros(req.price)}"

    # 2. Price, base and dépassement of one session.
    if nomenclature:
        assert tariff is not None
        base = tariff.total
        if req.price is not None:
            depassement = req.price - base
            travel = " avec les frais de déplacement" if req.domicile else ""
            if depassement < 0:
                if assumed_basic:
                    raise _error("price", (
                        f"Le prix d'une séance ({euros(req.price)}) est inférieur au tarif conventionné d'une "
                        f"séance de base ({euros(base)}{travel} au {short_date(when)}) et ne correspond à aucun "
                        "soin de la nomenclature. Vérifiez le prix, ou précisez le soin."))
                raise _error("price", (
                    f"Le prix d'une séance ({euros(req.price)}) est inférieur au tarif conventionné de ce soin "
                    f"({euros(base)}{travel} au {short_date(when)}) : un kiné conventionné facture le tarif, "
                    "et au plus un dépassement en plus. Vérifiez le prix ou le soin."))
            if req.depassement is not None and req.depassement != depassement:
                raise _error("depassement", (
                    f"Le prix d'une séance ({euros(req.price)}) et le dépassement ({euros(req.depassement)}) ne "
                    f"concordent pas : le tarif retenu est de {euros(base)}{travel}, le dépassement serait donc de "
                    f"{euros(depassement)}. Indiquez l'un ou l'autre."))
            if assumed_basic:
                warnings.append(
                    f"Le prix indiqué ({euros(req.price)}) ne correspond à aucun tarif conventionné au "
                    f"{short_date(when)} : le calcul retient le soin le plus courant ({act_label}, "
                    f"{euros(base)}{travel}) et compte les {euros(depassement)} au-dessus comme un dépassement "
                    "d'honoraires, que l'Assurance Maladie ne rembourse jamais. Si c'est un autre soin, "
                    "précisez lequel : la base de remboursement peut changer.")
            elif req.act is None and req.coefficient is None:
                assumptions.append(f"le prix de {euros(req.price - depassement)} par séance est le tarif "
                                   f"conventionné de : {act_label}")
        else:
            depassement = req.depassement or ZERO
        price = base + depassement
    else:
        base = ZERO
        depassement = ZERO
        if req.price is not None:
            price = req.price
        else:
            assert tariff is not None
            price = tariff.total + (req.depassement or ZERO)
            warnings.append(
                "Honoraires libres : faute de prix indiqué, le calcul prend le tarif conventionnel, "
                "mais un kiné non conventionné facture en général davantage.")
        if req.domicile:
            assumptions.append("séance à domicile : les frais de déplacement sont compris dans le prix indiqué")

    # 3. Rate of the Assurance Maladie; maternity.
    pec = req.prise_en_charge_100
    maternity = False
    if req.post_partum:
        assumptions.append("rééducation après l'accouchement : prise en charge à 100 % du tarif par l'assurance "
                           "maternité")
    elif req.mois_grossesse is not None:
        first_month = int(use("maternite.debut_mois_grossesse"))
        last_day = int(use("maternite.fin_jours_apres_naissance"))
        if req.mois_grossesse >= first_month:
            maternity = True
            assumptions.append(
                f"grossesse au {_ordinal(req.mois_grossesse)} mois : assurance maternité, prise en charge à 100 % "
                f"sans franchise du 1er jour du {_ordinal(first_month)} mois de grossesse au {_ordinal(last_day)} "
                "jour après l'accouchement")
        elif pec in (None, "maternite"):
            warnings.append(
                f"Grossesse au {_ordinal(req.mois_grossesse)} mois : l'assurance maternité ne prend en charge à "
                f"100 % et sans franchise qu'à partir du 1er jour du {_ordinal(first_month)} mois ; avant, les "
                "séances sont remboursées au taux habituel et la franchise s'applique.")
            pec = None
    elif pec == "maternite":
        maternity = True
        first_month = int(use("maternite.debut_mois_grossesse"))
        last_day = int(use("maternite.fin_jours_apres_naissance"))
        warnings.append(
            f"La prise en charge maternité (100 %, sans franchise) ne vaut que du 1er jour du "
            f"{_ordinal(first_month)} mois de grossesse au {_ordinal(last_day)} jour après l'accouchement : le "
            "calcul suppose que les séances ont lieu dans cette période. Avant, le taux habituel et la franchise "
            "s'appliquent.")
    if pec == "maternite" and not maternity:
        pec = None
    full_cover = bool(pec) or maternity or req.post_partum
    if full_cover:
        rate = use("taux_amo.prise_en_charge_100")
    else:
        rate = use(f"taux_amo.{req.regime}")
        if req.regime == "alsace_moselle" and base > 0:
            assumptions.append(
                f"taux de {percent(rate)} du régime local d'Alsace-Moselle : il est réservé aux affiliés de ce "
                "régime (pas à tous les habitants du Bas-Rhin, du Haut-Rhin et de la Moselle)")

    # 4. Franchise.
    exempt = _franchise_exemption(req, pec, maternity, use)
    per_act = daily_cap = annual_left = ZERO
    if exempt:
        assumptions.append(f"pas de franchise : {exempt}")
    elif base > 0:
        per_act = use("franchise.par_acte")
        daily_cap = use("franchise.plafond_journalier")
        annual_left = use("franchise.plafond_annuel") - req.franchise_already_paid

    # 5. Sessions.
    detail: Dict[str, Decimal] = {}
    if tariff is not None:
        detail["acte"] = tariff.act_price
        detail.update(dict(tariff.allowances) if nomenclature else {})
    extra = depassement if nomenclature else (req.depassement or ZERO) if req.price is None else ZERO
    if extra > 0:
        detail["depassement"] = extra
    envelope = req.mutuelle.amount if req.mutuelle and req.mutuelle.kind == "annual" else ZERO
    sessions: List[Session] = []
    for number_ in range(1, req.sessions + 1):
        amo = cents(base * rate / 100)
        franchise = min(per_act, daily_cap, amo, max(annual_left, ZERO))  # one session a day
        annual_left -= franchise
        room = price - amo
        mutuelle = ZERO
        if req.mutuelle:
            if req.mutuelle.kind == "br_percent":
                mutuelle = cents(base * req.mutuelle.amount / 100) - amo
            elif req.mutuelle.kind == "per_session":
                mutuelle = req.mutuelle.amount
            else:
                mutuelle = envelope
            mutuelle = max(ZERO, min(mutuelle, room))
            envelope -= mutuelle if req.mutuelle.kind == "annual" else ZERO
        patient = price - (amo - franchise) - mutuelle
        sessions.append(Session(number_, price, base, amo, franchise, mutuelle, patient, dict(detail)))

    calc = Calculation(req, act_label, rate, sessions, [], warnings, assumptions, act_name, tariff, depassement)
    _warn(calc, params, use, per_act, exempt, nomenclature)
    calc.parameters = list(use.steps.values())
    return calc


def _franchise_exemption(req: CalculationInput, pec: Optional[str], maternity: bool, use: _Used) -> str:
    if req.age is not None and req.age < use("franchise.exonerations.age_minimum"):
        return f"moins de {number(use('franchise.exonerations.age_minimum'))} ans"
    if maternity or pec:
        exempt_cases = use("franchise.exonerations.prise_en_charge")
        if maternity and "maternite" in exempt_cases:
            return "assurance maternité"
        if pec in exempt_cases and pec != "maternite":
            return PRISE_EN_CHARGE_LABELS[pec]
    if req.post_partum and not use("maternite.post_partum_franchise"):
        return "rééducation après l'accouchement"
    return ""


def _warn(calc: Calculation, params: Parameters, use: _Used, per_act: Decimal, exempt: str,
          nomenclature: bool) -> None:
    req, warnings, assumptions, sessions = calc.request, calc.warnings, calc.assumptions, calc.sessions
    when, first = req.date, calc.sessions[0]
    tariff = calc.tariff
    allowances = dict(tariff.allowances) if tariff else {}
    if req.domicile and nomenclature:
        zone = CHOICE_LABELS["zone"][req.zone]
        threshold = use(f"domicile.ik.{req.zone}.seuil_km")
        if "ik" in allowances:
            assumptions.append(
                f"domicile hors de l'agglomération du cabinet, à plus de {number(threshold)} km ({zone}) : "
                "indemnités kilométriques en plus de l'indemnité de déplacement")
            warnings.append(
                "La caisse ne rembourse les indemnités kilométriques que jusqu'à la distance du kiné le plus "
                "proche de votre domicile : si vous avez choisi un kiné plus éloigné, le surplus reste à votre "
                "charge.")
        elif req.distance_km is None:
            assumptions.append(
                f"distance non précisée : pas d'indemnités kilométriques (elles s'ajoutent au-delà de "
                f"{number(threshold)} km en {zone}, hors de l'agglomération du cabinet)")
    for step in use.steps.values():
        if step.status == "scheduled":
            warnings.append(
                f"Valeur prévue mais non confirmée : {step.label}, {number(step.value)} à partir du "
                f"{short_date(step.start)}. Une hausse prévue peut être reportée : à vérifier sur ameli.fr.")
        elif step.status == "uncertain":
            warnings.append(f"Règle incertaine : {step.label}" + (f" ({step.note})" if step.note else "") + ".")
    if not req.conventionne:
        warnings.append(
            "Kiné non conventionné : l'Assurance Maladie ne rembourse que sur le « tarif d'autorité », dont le "
            "montant n'a pas été trouvé et qui est quasi nul ; le calcul compte 0 €.")
    if req.hors_nomenclature:
        warnings.append(
            "Acte hors nomenclature : jamais remboursé par l'Assurance Maladie ; seule une mutuelle avec un "
            "forfait dédié peut en prendre une partie.")
    if req.mutuelle and req.mutuelle.kind == "br_percent" and first.base == 0:
        warnings.append(
            "Un contrat exprimé en % de la base de remboursement ne verse rien ici, car la base est nulle : "
            "seul un forfait (par séance ou annuel) peut jouer.")
    if first.price > first.base and first.price >= use("devis.seuil"):
        threshold = use("devis.seuil")
        warnings.append(
            f"Devis écrit obligatoire : chaque séance est facturée {euros(first.price)}, tarif compris, ce qui "
            f"atteint le seuil de {euros(threshold, whole=True)} par séance avec un dépassement ou un acte non "
            "remboursé. Le seuil s'apprécie séance par séance, pas sur l'ensemble des séances.")
    if req.prise_en_charge_100 == "css" and calc.depassement > 0:
        warnings.append(
            "Dépassement interdit : un kiné ne peut pas facturer de dépassement à un bénéficiaire de la "
            "complémentaire santé solidaire (CSS).")
    if calc.depassement > 0:
        assumptions.append(
            f"dépassement de {euros(calc.depassement)} par séance : jamais remboursé par l'Assurance Maladie, "
            "même en cas de prise en charge à 100 %, seule la mutuelle peut en prendre une partie")
    if per_act and any(s.franchise < per_act and s.amo >= per_act for s in sessions):
        warnings.append(
            f"Plafond annuel des franchises ({euros(use('franchise.plafond_annuel'), whole=True)}) atteint "
            "pendant ces séances : les suivantes n'en supportent plus.")
    if req.age is None and not exempt and first.base > 0:
        assumptions.append("patient majeur")
    if "regime" in req.defaults and calc.rate != 100 and first.base > 0:
        assumptions.append("régime général (hors régime local d'Alsace-Moselle)")
    if "date" in req.defaults:
        assumptions.append(f"tarifs au {short_date(when)}")
    if req.sessions > 1:
        assumptions.append("une séance par jour")


# --------------------------------------------------------------------------
# French explanation
# --------------------------------------------------------------------------
ALLOWANCE_LABELS = {
    "ifd": "indemnité forfaitaire de déplacement",
    "ifs": "indemnité forfaitaire spécifique",
    "ik": "indemnités kilométriques",
}


def _session_groups(sessions: List[Session]) -> List[Tuple[int, int, Session]]:
    groups: List[Tuple[int, int, Session]] = []
    for s in sessions:
        if groups and groups[-1][2].shares() == s.shares():
            first, _, model = groups[-1]
            groups[-1] = (first, s.number, model)
        else:
            groups.append((s.number, s.number, s))
    return groups


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def explain_fr(calc: Calculation) -> str:
    """The French explanation the assistant gives for a calculation.

    Every line that shows a computation ("a + b = c", "60 % de x = y") is exact
    as printed: amounts are rounded to the cent per session, as the caisse does,
    and totals are sums of those rounded amounts.
    """
    req, total, first = calc.request, calc.total, calc.sessions[0]
    n = req.sessions
    nomenclature = req.conventionne and not req.hors_nomenclature
    lines = [f"Estimation pour {_plural(n, 'séance')}, tarifs au {short_date(req.date)}",
             f"Acte : {calc.act_label}"]

    # Price of one session, part by part.
    parts: List[Tuple[Decimal, str]] = []
    if calc.tariff is not None and (nomenclature or req.price is None):
        parts.append((calc.tariff.act_price, "tarif de l'acte"))
        if nomenclature:
            parts.extend((amount, ALLOWANCE_LABELS[key]) for key, amount in calc.tariff.allowances)
        extra = calc.depassement if nomenclature else (req.depassement or ZERO)
        if extra > 0:
            parts.append((extra, "dépassement"))
    if not parts:
        parts.append((first.price, "honoraires libres"))
    shown = " + ".join(f"{euros(amount)} ({label})" for amount, label in parts)
    lines.append(f"• Prix d'une séance : {shown}" + (f" = {euros(first.price)}" if len(parts) > 1 else ""))
    if calc.tariff is not None and calc.tariff.ik_km is not None and nomenclature:
        km, rate = calc.tariff.ik_km, calc.tariff.ik_rate
        cut = 2 * req.distance_km - km
        lines.append(f"• Indemnités kilométriques : (2 × {number(req.distance_km)} km − {number(cut)} km) × "
                     f"{euros(rate)} = {euros(dict(calc.tariff.allowances)['ik'])} par séance")
    if first.base != first.price:
        lines.append(f"• Base de remboursement : {euros(first.base)} par séance")
    if n > 1:
        lines.append(f"• Prix total : {euros(first.price)} × {n} séances = {euros(total['price'])}")
    else:
        lines.append(f"• Prix total : {euros(total['price'])}")

    # Assurance Maladie, rounded per session.
    if first.base == 0:
        lines.append("• Assurance Maladie : rien (base de remboursement nulle)")
    else:
        head = (f"• Assurance Maladie : {percent(calc.rate)} de {euros(first.base)} = {euros(first.amo)} par séance "
                "(arrondi au centime, séance par séance, comme le fait la caisse)")
        lines.append(head + (f", soit {euros(total['amo'])} pour {n} séances" if n > 1 else ""))
    if total["franchise"]:
        lines.append(f"• Franchise médicale retenue : {euros(total['franchise'])} ; versé par l'Assurance "
                     f"Maladie : {euros(total['amo'])} − {euros(total['franchise'])} = "
                     f"{euros(total['amo'] - total['franchise'])}")
    lines.append(f"• Part mutuelle : {euros(total['mutuelle'])}")
    paid = total["amo"] - total["franchise"]
    lines.append(f"• Reste à votre charge : {euros(total['price'])} − {euros(paid)} (Assurance Maladie) − "
                 f"{euros(total['mutuelle'])} (mutuelle) = {euros(total['patient'])}")
    if n > 1:
        lines.append("Détail par séance :")
        for first_n, last_n, s in _session_groups(calc.sessions):
            which = f"séance {first_n}" if first_n == last_n else f"séances {first_n} à {last_n}"
            lines.append(
                f"  {which} : prix {euros(s.price)}, Assurance Maladie {euros(s.amo)}, franchise "
                f"{euros(s.franchise)}, mutuelle {euros(s.mutuelle)}, reste {euros(s.patient)}")
    if calc.assumptions:
        lines.append("Hypothèses : " + " ; ".join(calc.assumptions) + ".")
    for warning in calc.warnings:
        lines.append("⚠ " + warning)
    lines.append("La part exacte de votre mutuelle dépend de votre contrat : demandez-lui avec un devis.")
    references = sorted({step.reference for step in calc.parameters if step.reference})
    if references:
        lines.append("Textes : " + " ; ".join(references))
    sources = named_sources(url for step in calc.parameters for url in (step.reference_url, step.source) if url)
    if sources:
        lines.append("Sources : " + " ; ".join(f"{source.name} ({source.url})" for source in sources))
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Public API and command line
# --------------------------------------------------------------------------
def calculate(data: Mapping[str, Any], params: Optional[Parameters] = None,
              today: Optional[dt.date] = None) -> Dict[str, Any]:
    """The command line's JSON structure, as Python data (amounts as floats rounded to the cent)."""
    return compute(data, params, today).to_dict()


def to_json(calc: Calculation) -> str:
    """JSON with every amount written with exactly two decimals (17.90, not 17.9)."""
    marker = "\x00money:"
    text = json.dumps(calc.to_dict(money=lambda amount: f"{marker}{cents(amount)}"), ensure_ascii=False, indent=2)
    return re.sub(r'"\\u0000money:(-?\d+\.\d{2})"', r"\1", text)


USAGE = """usage: python -m bot.calculator [--fr] '<json>'

Calcule le coût de séances de kinésithérapie et leur remboursement.
  --fr   affiche l'explication en français au lieu du JSON
Exemple : python -m bot.calculator --fr '{"sessions": 10, "price": 25, "mutuelle": {"br_percent": 100}}'"""


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    french = "--fr" in args
    args = [a for a in args if a != "--fr"]
    if args in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if len(args) != 1:
        print("Erreur : donnez une requête JSON et une seule.\n" + USAGE, file=sys.stderr)
        return 2
    try:
        data = json.loads(args[0])
    except json.JSONDecodeError as exc:
        print(f"Erreur : la requête n'est pas du JSON valide ({exc.msg}, caractère {exc.pos}).", file=sys.stderr)
        return 2
    try:
        calc = compute(data)
    except CalculatorInputError as exc:
        print(f"Erreur : {exc.message}", file=sys.stderr)
        return 2
    except ParameterError as exc:
        print(f"Erreur de paramètres : {exc}", file=sys.stderr)
        return 2
    print(explain_fr(calc) if french else to_json(calc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
