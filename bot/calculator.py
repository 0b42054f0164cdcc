"""Reimbursement calculator for kinésithérapie sessions in France.

    python -m bot.calculator '{"sessions": 10, "act": "membre", "mutuelle": {"br_percent": 100}}'
    python -m bot.calculator --fr '{"sessions": 12, "price": 80, "conventionne": false, "mutuelle": {"annual": 300}}'

`compute()` returns a `Calculation` (Decimal amounts); `calculate()` returns the
same structure as the command line's JSON (numbers rounded to the cent).  Every
figure comes from the dated parameters (bot/parameters/tarifs.yml) at the
requested date; the result lists the parameters used with their dates and
sources, and warns when a non-confirmed value was used.

Rules, per session (facts.md sections 4 to 6):
- price: coefficient × key letter, rounded half-up to the cent (or the given
  price), plus travel allowances for a home visit, plus any dépassement;
- base: the conventionné tariff including allowances; 0 for a non-conventionné
  kiné (tarif d'autorité unknown, near zero) and for hors nomenclature;
- amo = base × rate (60 %, 90 % Alsace-Moselle, 100 % under a prise en charge
  à 100 %), reported before the franchise;
- franchise: per act, at most the AMO share, within the daily cap and what is
  left of the annual cap; none for minors, CSS, AME, maternité;
- mutuelle: never the franchise, never more than price − amo;
- patient = price − (amo − franchise) − mutuelle, exactly.
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
from bot.parameters import Parameters, ParameterError, Step, default_parameters

ZONES = ("plaine", "montagne", "pied_ski")
REGIMES = ("general", "alsace_moselle")
PRISES_EN_CHARGE_100 = ("ald", "at_mp", "maternite", "css", "ame")
MUTUELLE_KINDS = ("br_percent", "per_session", "annual")
FIELDS = (
    "date", "sessions", "act", "coefficient", "price", "conventionne", "hors_nomenclature",
    "depassement", "domicile", "distance_km", "zone", "regime", "drom", "prise_en_charge_100",
    "age", "mutuelle", "franchise_already_paid",
)
SHARES = ("price", "base", "amo", "franchise", "mutuelle", "patient")

# Bounds that separate a plausible request from a typing error.
MAX_SESSIONS = 300
MAX_PRICE = Decimal("1000")
MAX_COEFFICIENT = Decimal("100")
MAX_DISTANCE_KM = Decimal("300")
MAX_BR_PERCENT = Decimal("1000")
MAX_ANNUAL = Decimal("100000")
LATEST_DATE = dt.date(2100, 12, 31)

PRISE_EN_CHARGE_LABELS = {
    "ald": "affection de longue durée (ALD)",
    "at_mp": "accident du travail ou maladie professionnelle",
    "maternite": "maternité",
    "css": "complémentaire santé solidaire (CSS)",
    "ame": "aide médicale de l'État (AME)",
}


class CalculatorInputError(ValueError):
    """A request the calculator cannot compute; `message` is French and names the field."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


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
    depassement: Decimal = ZERO
    domicile: bool = False
    distance_km: Optional[Decimal] = None
    zone: str = "plaine"
    regime: str = "general"
    drom: bool = False
    prise_en_charge_100: Optional[str] = None
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
             strict_min: bool = False, label: str = "") -> Decimal:
    what = label or field_name
    if isinstance(value, bool) or value is None:
        raise CalculatorInputError(field_name, f"« {field_name} » doit être un nombre ({what}).")
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("€%")
    else:
        raise CalculatorInputError(field_name, f"« {field_name} » doit être un nombre ({what}).")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CalculatorInputError(field_name, f"« {field_name} » doit être un nombre ({what}) : « {value} » n'en est pas un.") from None
    if not amount.is_finite():
        raise CalculatorInputError(field_name, f"« {field_name} » doit être un nombre fini ({what}).")
    if amount < 0:
        raise CalculatorInputError(field_name, f"« {field_name} » ne peut pas être négatif ({what}).")
    if (strict_min and amount <= minimum) or amount < minimum:
        raise CalculatorInputError(field_name, f"« {field_name} » doit être supérieur à {number(minimum)} ({what}).")
    if amount > maximum:
        raise CalculatorInputError(field_name, f"« {field_name} » semble trop grand ({number(amount)}) : le maximum accepté est {number(maximum)} ({what}).")
    return amount


def _integer(field_name: str, value: Any, *, minimum: int, maximum: int, label: str) -> int:
    amount = _decimal(field_name, value, minimum=Decimal(0), maximum=Decimal(maximum), label=label)
    if amount != amount.to_integral_value():
        raise CalculatorInputError(field_name, f"« {field_name} » doit être un nombre entier ({label}).")
    if amount < minimum:
        raise CalculatorInputError(field_name, f"« {field_name} » doit valoir au moins {minimum} ({label}).")
    return int(amount)


def _boolean(field_name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise CalculatorInputError(field_name, f"« {field_name} » doit valoir true ou false.")


def _choice(field_name: str, value: Any, choices: Tuple[str, ...]) -> str:
    if isinstance(value, str) and value in choices:
        return value
    listed = ", ".join(choices)
    raise CalculatorInputError(field_name, f"« {field_name} » inconnu : « {value} ». Valeurs possibles : {listed}.")


def _date(value: Any, params: Parameters) -> dt.date:
    if isinstance(value, dt.date):
        when = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            when = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise CalculatorInputError("date", f"« date » : le {value} n'existe pas (format AAAA-MM-JJ).") from None
    else:
        raise CalculatorInputError("date", f"« date » doit être au format AAAA-MM-JJ, par exemple 2026-01-15 (reçu : « {value} »).")
    if when < params.earliest_date:
        raise CalculatorInputError(
            "date", f"« date » : les tarifs ne sont connus qu'à partir du {short_date(params.earliest_date)}.")
    if when > LATEST_DATE:
        raise CalculatorInputError("date", f"« date » : {short_date(when)} est trop loin dans le futur.")
    return when


def _mutuelle(value: Any) -> Optional[Mutuelle]:
    if value is None:
        return None
    if not isinstance(value, Mapping) or len(value) != 1:
        raise CalculatorInputError(
            "mutuelle", "« mutuelle » doit être null ou un seul des objets "
                        "{\"br_percent\": N}, {\"per_session\": EUR} ou {\"annual\": EUR}.")
    kind, amount = next(iter(value.items()))
    kind = _choice("mutuelle", kind, MUTUELLE_KINDS)
    if kind == "br_percent":
        return Mutuelle(kind, _decimal("mutuelle", amount, minimum=ZERO, maximum=MAX_BR_PERCENT,
                                       label="pourcentage de la base de remboursement"))
    maximum = MAX_PRICE if kind == "per_session" else MAX_ANNUAL
    label = "euros par séance" if kind == "per_session" else "forfait annuel en euros"
    return Mutuelle(kind, _decimal("mutuelle", amount, minimum=ZERO, maximum=maximum, label=label))


def parse_input(data: Mapping[str, Any], params: Optional[Parameters] = None,
                today: Optional[dt.date] = None) -> CalculationInput:
    """Validate a request; raise CalculatorInputError with a French message naming the field."""
    params = params or default_parameters()
    if not isinstance(data, Mapping):
        raise CalculatorInputError("requête", "« requête » : la requête doit être un objet JSON, par exemple {\"sessions\": 10}.")
    unknown = [key for key in data if key not in FIELDS]
    if unknown:
        raise CalculatorInputError(unknown[0], f"« {unknown[0]} » : champ inconnu. Champs possibles : {', '.join(FIELDS)}.")
    given = {key: value for key, value in data.items() if value is not None}
    values: Dict[str, Any] = {}

    values["date"] = _date(given["date"], params) if "date" in given else (today or dt.date.today())
    if "sessions" in given:
        values["sessions"] = _integer("sessions", given["sessions"], minimum=1, maximum=MAX_SESSIONS,
                                      label="nombre de séances")
    for flag in ("conventionne", "hors_nomenclature", "domicile", "drom"):
        if flag in given:
            values[flag] = _boolean(flag, given[flag])

    chosen = [key for key in ("act", "coefficient", "price") if key in given]
    if len(chosen) > 1:
        raise CalculatorInputError(
            chosen[1], f"« {chosen[0]} » et « {chosen[1]} » sont incompatibles : indiquez soit un acte, "
                       "soit un coefficient, soit un prix par séance.")
    if "act" in given:
        act = given["act"]
        if not isinstance(act, str) or act not in params.acts():
            raise CalculatorInputError("act", f"« act » : acte inconnu « {act} ». Actes connus : {', '.join(params.acts())}.")
        values["act"] = act
    if "coefficient" in given:
        values["coefficient"] = _decimal("coefficient", given["coefficient"], minimum=ZERO,
                                         maximum=MAX_COEFFICIENT, strict_min=True, label="coefficient de l'acte")
    if "price" in given:
        values["price"] = _decimal("price", given["price"], minimum=ZERO, maximum=MAX_PRICE,
                                   strict_min=True, label="prix d'une séance en euros")
    if values.get("hors_nomenclature"):
        for key in ("act", "coefficient"):
            if key in values:
                raise CalculatorInputError(
                    key, f"Un acte hors nomenclature n'a pas de « {key} » dans la NGAP : indiquez son prix (« price »).")
        if "price" not in values:
            raise CalculatorInputError("price", "Pour un acte hors nomenclature, indiquez le prix d'une séance (« price »).")
    if "depassement" in given:
        values["depassement"] = _decimal("depassement", given["depassement"], minimum=ZERO, maximum=MAX_PRICE,
                                         label="dépassement en euros par séance")
    if "distance_km" in given:
        if given.get("domicile") is False:
            raise CalculatorInputError(
                "distance_km", "« distance_km » ne sert que pour une séance à domicile, or « domicile » vaut false.")
        values["distance_km"] = _decimal("distance_km", given["distance_km"], minimum=ZERO,
                                         maximum=MAX_DISTANCE_KM, label="distance aller en km")
        values["domicile"] = True
    if "zone" in given:
        values["zone"] = _choice("zone", given["zone"], ZONES)
    if "regime" in given:
        values["regime"] = _choice("regime", given["regime"], REGIMES)
    if "prise_en_charge_100" in given:
        values["prise_en_charge_100"] = _choice("prise_en_charge_100", given["prise_en_charge_100"], PRISES_EN_CHARGE_100)
    if "age" in given:
        values["age"] = _integer("age", given["age"], minimum=0, maximum=120, label="âge en années")
    if "mutuelle" in given:
        values["mutuelle"] = _mutuelle(given["mutuelle"])
    if "franchise_already_paid" in given:
        values["franchise_already_paid"] = _decimal(
            "franchise_already_paid", given["franchise_already_paid"], minimum=ZERO,
            maximum=params.at("franchise.plafond_annuel", values["date"]).value,
            label="franchises déjà payées cette année, en euros")

    defaults = tuple(name for name in FIELDS if name not in given)
    return CalculationInput(defaults=defaults, **values)


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

        return {
            "date": self.request.date.isoformat(),
            "input": convert(self.request.as_dict()),
            "act": self.act_label,
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


def compute(data: Mapping[str, Any] | CalculationInput, params: Optional[Parameters] = None,
            today: Optional[dt.date] = None) -> Calculation:
    params = params or default_parameters()
    req = data if isinstance(data, CalculationInput) else parse_input(data, params, today)
    use = _Used(params, req.date)
    warnings: List[str] = []
    assumptions: List[str] = []
    nomenclature = req.conventionne and not req.hors_nomenclature

    # Price of the act itself.
    letter_name = "lettre_cle.drom" if req.drom else "lettre_cle.metropole"
    act_name = req.act
    if act_name is None and req.coefficient is None and req.price is None:
        act_name = "membre"
        assumptions.append("acte non précisé : séance de rééducation d'un membre ou du rachis")
    if act_name is not None:
        coefficient = use(f"actes.{act_name}.coefficient")
        act_label = params.node(f"actes.{act_name}")["label"]
    else:
        coefficient = req.coefficient
        act_label = (f"acte de coefficient {number(coefficient)}" if coefficient is not None
                     else "acte hors nomenclature" if req.hors_nomenclature else f"séance à {euros(req.price)}")
    if coefficient is not None:
        exact = coefficient * use(letter_name)
        act_price = cents(exact)
        if exact != act_price:
            warnings.append(
                f"Prix arrondi au centime ({number(exact)} € → {euros(act_price)}) : certaines sources "
                "affichent un centime d'écart.")
    else:
        act_price = req.price

    # Travel allowances (conventionné, NGAP acts, at home).
    allowance, allowance_detail = ZERO, {}
    if req.domicile and nomenclature:
        allowance, allowance_detail = _travel_allowance(req, act_name, use, warnings)
    elif req.domicile:
        assumptions.append("séance à domicile : les frais de déplacement sont compris dans le prix libre indiqué")

    tariff = act_price + allowance
    if nomenclature:
        base = tariff
        price = tariff + req.depassement
    else:
        base = ZERO
        price = (req.price if req.price is not None else tariff) + req.depassement
        if req.price is None:
            warnings.append(
                "Honoraires libres : faute de prix indiqué, le calcul prend le tarif conventionnel, "
                "mais un kiné non conventionné facture en général davantage.")

    # Rate of the Assurance Maladie.
    if req.prise_en_charge_100:
        rate = use("taux_amo.prise_en_charge_100")
    else:
        rate = use(f"taux_amo.{req.regime}")

    # Franchise.
    exempt = _franchise_exemption(req, params)
    per_act = daily_cap = annual_left = ZERO
    if exempt:
        assumptions.append(f"pas de franchise : {exempt}")
    elif base > 0:
        per_act = use("franchise.par_acte")
        daily_cap = use("franchise.plafond_journalier")
        annual_left = use("franchise.plafond_annuel") - req.franchise_already_paid

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
        detail = {"acte": act_price, **allowance_detail}
        if req.depassement:
            detail["depassement"] = req.depassement
        sessions.append(Session(number_, price, base, amo, franchise, mutuelle, patient, detail))

    _warn(req, params, sessions, use, warnings, assumptions, per_act, exempt)
    return Calculation(req, act_label, rate, sessions, list(use.steps.values()), warnings, assumptions)


def _travel_allowance(req: CalculationInput, act_name: Optional[str], use: _Used,
                      warnings: List[str]) -> Tuple[Decimal, Dict[str, Decimal]]:
    zone = f"domicile.ik.{req.zone}"
    threshold = use(f"{zone}.seuil_km")
    if req.distance_km is not None and req.distance_km > threshold:
        km = 2 * req.distance_km - use(f"{zone}.abattement_km")
        rate = use(f"{zone}.{'drom' if req.drom else 'metropole'}")
        ik = cents(km * rate)
        if act_name and use(f"actes.{act_name}.ifs"):
            warnings.append("Cumul IFS et indemnités kilométriques non vérifié : seules les IK sont comptées.")
        return ik, {"ik": ik}
    if act_name and use(f"actes.{act_name}.ifs"):
        ifs = use("domicile.ifs")
        return ifs, {"ifs": ifs}
    ifd = use("domicile.ifd")
    return ifd, {"ifd": ifd}


def _franchise_exemption(req: CalculationInput, params: Parameters) -> str:
    rules = params.node("franchise.exonerations")
    if req.age is not None and req.age < rules["age_minimum"]:
        return f"moins de {rules['age_minimum']} ans"
    if req.prise_en_charge_100 in rules["prise_en_charge"]:
        return PRISE_EN_CHARGE_LABELS[req.prise_en_charge_100]
    return ""


def _warn(req: CalculationInput, params: Parameters, sessions: List[Session], use: _Used,
          warnings: List[str], assumptions: List[str], per_act: Decimal, exempt: str) -> None:
    when = req.date
    for step in use.steps.values():
        if step.status == "scheduled":
            warnings.append(
                f"Valeur prévue mais non confirmée : {step.label} = {number(step.value)} à partir du "
                f"{short_date(step.start)}. À vérifier sur ameli.fr.")
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
    if req.mutuelle and req.mutuelle.kind == "br_percent" and sessions[0].base == 0:
        warnings.append(
            "Un contrat exprimé en % de la base de remboursement ne verse rien ici, car la base est nulle : "
            "seul un forfait (par séance ou annuel) peut jouer.")
    unreimbursed = sum(s.price - s.base for s in sessions)
    threshold = params.at("devis.seuil", when).value
    if unreimbursed >= threshold:
        use("devis.seuil")
        warnings.append(
            f"Devis écrit obligatoire : les honoraires non remboursables atteignent {euros(unreimbursed)} "
            f"(seuil de {euros(threshold, whole=True)}, arrêté du 2 octobre 2008).")
    if req.prise_en_charge_100 == "css" and req.depassement > 0:
        warnings.append(
            "Dépassement interdit : un kiné ne peut pas facturer de dépassement à un bénéficiaire de la "
            "complémentaire santé solidaire (CSS).")
    if req.depassement > 0 and req.prise_en_charge_100 in ("ald", "at_mp", "maternite", "ame"):
        assumptions.append("la prise en charge à 100 % porte sur la base : le dépassement reste à votre charge "
                           "ou à celle de la mutuelle")
    if per_act and any(s.franchise < per_act and s.amo >= per_act for s in sessions):
        warnings.append(
            f"Plafond annuel des franchises ({euros(use('franchise.plafond_annuel'), whole=True)}) atteint "
            "pendant ces séances : les suivantes n'en supportent plus.")
    if req.age is None and not exempt:
        assumptions.append("patient majeur")
    if "regime" in req.defaults and not req.prise_en_charge_100:
        assumptions.append("régime général (hors Alsace-Moselle)")
    if "date" in req.defaults:
        assumptions.append(f"tarifs au {short_date(when)}")
    if req.sessions > 1:
        assumptions.append("une séance par jour")


# --------------------------------------------------------------------------
# French explanation
# --------------------------------------------------------------------------
def _session_groups(sessions: List[Session]) -> List[Tuple[int, int, Session]]:
    groups: List[Tuple[int, int, Session]] = []
    for s in sessions:
        if groups and groups[-1][2].shares() == s.shares():
            first, _, model = groups[-1]
            groups[-1] = (first, s.number, model)
        else:
            groups.append((s.number, s.number, s))
    return groups


def explain_fr(calc: Calculation) -> str:
    """The French explanation the assistant gives for a calculation."""
    req, total = calc.request, calc.total
    n = req.sessions
    lines = [
        f"Estimation pour {n} séance{'s' if n > 1 else ''}, tarifs au {short_date(req.date)}",
        f"Acte : {calc.act_label}",
        f"• Prix total : {euros(total['price'])}",
        f"• Part Assurance Maladie ({percent(calc.rate)} de la base de {euros(total['base'])}) : "
        f"{euros(total['amo'])}" + (f", moins {euros(total['franchise'])} de franchise, soit "
                                    f"{euros(total['amo'] - total['franchise'])}" if total["franchise"] else ""),
        f"• Part mutuelle : {euros(total['mutuelle'])}",
        f"• Reste à votre charge : {euros(total['patient'])}",
    ]
    if n > 1:
        lines.append("Détail par séance :")
        for first, last, s in _session_groups(calc.sessions):
            which = f"séance {first}" if first == last else f"séances {first} à {last}"
            lines.append(
                f"  {which} : prix {euros(s.price)}, Assurance Maladie {euros(s.amo)}, franchise "
                f"{euros(s.franchise)}, mutuelle {euros(s.mutuelle)}, reste {euros(s.patient)}")
    if calc.assumptions:
        lines.append("Hypothèses : " + " ; ".join(calc.assumptions) + ".")
    for warning in calc.warnings:
        lines.append("⚠ " + warning)
    lines.append("La part exacte de votre mutuelle dépend de votre contrat : demandez-lui avec un devis.")
    sources = sorted({step.source for step in calc.parameters})
    if sources:
        lines.append("Sources : " + " ; ".join(sources))
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
Exemple : python -m bot.calculator --fr '{"sessions": 10, "act": "membre", "mutuelle": {"br_percent": 100}}'"""


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
        print(f"Erreur ({exc.field}) : {exc.message}", file=sys.stderr)
        return 2
    except ParameterError as exc:
        print(f"Erreur de paramètres : {exc}", file=sys.stderr)
        return 2
    print(explain_fr(calc) if french else to_json(calc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
