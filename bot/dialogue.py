"""The calculator conversation, without Rasa: what each answer fills, what to ask next.

The Rasa form (actions/calculation.py) keeps its state in four slots, each a
small JSON value holding calculator fields:

- `calc_sessions`: the number of sessions (int);
- `calc_acte`: {"act": ...} | {"coefficient": ...} | {"price": ...};
- `calc_mutuelle`: {"mutuelle": null | {"br_percent": N} | {"per_session": €} | {"annual": €}};
- `calc_situation`: the other fields (conventionne, domicile, prise_en_charge_100,
  regime, age, drom, hors_nomenclature, depassement, distance_km, zone, date);
- `calc_prix_eleve`: asked only when a price is well above the conventionné tariff
  and the kiné's status is unknown.

Every value, typed, clicked or sent as "/inform{...}" entities, goes through
the calculator's own validation (`parse_input`) before it is kept.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from bot.answers import act_price
from bot.calculator import FIELDS, CalculatorInputError, parse_input
from bot.money import euros
from bot.parameters import Parameters, default_parameters
from bot.parsing import normalise, parse_amount, parse_count, parse_request

SLOTS = ("calc_sessions", "calc_acte", "calc_prix_eleve", "calc_mutuelle", "calc_situation")
ACTE_FIELDS = ("act", "coefficient", "price")
SITUATION_FIELDS = ("conventionne", "hors_nomenclature", "depassement", "domicile", "distance_km", "zone",
                    "regime", "drom", "prise_en_charge_100", "age", "date", "franchise_already_paid")

DONT_KNOW = re.compile(r"\b(?:sais pas|sais plus|ne sais|aucune idee|j'?en sais rien|jsp|idk|je sais pas|"
                       r"pas sur|aucune id)\b")
NOTHING_SPECIAL = re.compile(r"^(?:non|nan|aucune?|rien|ras|pas de|normal|standard|rien de (?:special|particulier)|"
                             r"aucune situation|non merci|c'?est tout|cas general)\b")

PRIX_ELEVE_CHOICES = {
    "non_conventionne": re.compile(r"non[- ]?conventionn|pas conventionn|deconventionn|hors convention|secteur libre"),
    "hors_nomenclature": re.compile(r"hors[- ]?nomenclature|\bhn\b|pilates|bien[- ]etre|massage|cours"),
    "depassement": re.compile(r"depassement|supplement|conventionn"),
}


@dataclass
class Update:
    """What one user message changes in the form's slots, and what to tell the user."""

    slots: Dict[str, Any] = field(default_factory=dict)
    notes: List[str] = field(default_factory=list)    # said to the user (assumptions, confirmations)
    errors: List[str] = field(default_factory=list)   # invalid values, with the slot to ask again


def _validated(fields: Mapping[str, Any], params: Parameters) -> Tuple[Dict[str, Any], Optional[str]]:
    """Keep fields the calculator accepts; return the French error of the first one it refuses."""
    kept: Dict[str, Any] = {}
    for name, value in fields.items():
        try:
            parse_input({name: value}, params)
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


def interpret(text: str, requested: Optional[str], entities: Iterable[Mapping[str, Any]] = (),
              intent: str = "", current: Optional[Mapping[str, Any]] = None,
              params: Optional[Parameters] = None) -> Update:
    """Reads one user message in the calculator conversation.

    `requested` is the slot the assistant just asked for: a bare answer ("12",
    "aucune", "je ne sais pas") fills it.  Any value the message states fills
    its own slot too, so "non, 12 séances" corrects the count at any time.
    """
    params = params or default_parameters()
    current = current or {}
    update = Update()
    parsed = parse_request(text)
    fields = {**parsed.fields, **_entities(entities)}
    t = normalise(text)
    dont_know = bool(DONT_KNOW.search(t))

    # Loose values: take them and say so (the user can correct).
    if "sessions" not in fields and "sessions" in parsed.to_confirm:
        fields["sessions"] = parsed.to_confirm["sessions"]
        update.notes.append(f"Je compte {fields['sessions']} séances (vous avez écrit un nombre approximatif) : "
                            "corrigez-moi au besoin, par exemple « non, 12 séances ».")
    if "date" not in fields and "date" in parsed.to_confirm:
        fields["date"] = parsed.to_confirm["date"]
        update.notes.append(f"Je prends les tarifs au {dt.date.fromisoformat(fields['date']).strftime('%d/%m/%Y')}.")

    # Bare answers to the question just asked.
    if requested == "calc_sessions" and "sessions" not in fields:
        count = parse_count(text)
        if count is not None:
            fields["sessions"] = count
        elif dont_know:
            fields["sessions"] = 1
            update.notes.append("Nombre de séances inconnu : je calcule pour une séance.")
    if requested == "calc_acte" and not any(k in fields for k in ACTE_FIELDS):
        amount = parse_amount(text)
        if amount is not None:
            fields["price"] = float(amount)
        elif dont_know:
            fields["act"] = "membre"
    if requested == "calc_mutuelle" and "mutuelle" not in fields and not parsed.no_mutuelle:
        bare = re.fullmatch(r"(\d{2,3})", t)
        if bare:
            fields["mutuelle"] = {"br_percent": int(bare.group(1))}
        elif dont_know:
            fields["mutuelle"] = {"br_percent": 100}
            update.notes.append("Mutuelle inconnue : je suppose un contrat responsable qui paie le ticket "
                                "modérateur (100 % de la base).")
        elif intent == "deny" or NOTHING_SPECIAL.search(t):
            parsed.no_mutuelle = True

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

    if "sessions" in fields:
        kept, error = _validated({"sessions": fields["sessions"]}, params)
        if error:
            update.errors.append(error)
            update.slots["calc_sessions"] = None
        else:
            update.slots["calc_sessions"] = int(Decimal(str(kept["sessions"])))
    keep("calc_acte", ACTE_FIELDS)
    if len([k for k in ACTE_FIELDS if k in fields]) > 1:  # "genou, 25 €": the price wins
        update.slots["calc_acte"] = {"price": fields["price"]} if "price" in fields else update.slots["calc_acte"]
    if parsed.no_mutuelle and "mutuelle" not in fields:
        update.slots["calc_mutuelle"] = {"mutuelle": None}
    else:
        keep("calc_mutuelle", ("mutuelle",))
    keep("calc_situation", SITUATION_FIELDS, merge=True)

    # The answer about an expensive price.
    if requested == "calc_prix_eleve" or fields.get("conventionne") is False or fields.get("hors_nomenclature"):
        for choice, pattern in PRIX_ELEVE_CHOICES.items():
            if pattern.search(t):
                update.slots["calc_prix_eleve"] = choice
                break
        if requested == "calc_prix_eleve" and "calc_prix_eleve" not in update.slots and dont_know:
            update.slots["calc_prix_eleve"] = "non_conventionne"
            update.notes.append("Statut du kiné inconnu : je le compte comme non conventionné (le pire cas).")
    if requested == "calc_situation" and "calc_situation" not in update.slots:
        if NOTHING_SPECIAL.search(t) or dont_know or intent == "deny":
            update.slots["calc_situation"] = dict(current.get("calc_situation") or {})
    return update


def highest_tariff(params: Parameters, when: dt.date) -> Decimal:
    """The most a conventionné session of a named act can cost, home allowance included."""
    allowance = max(params.at("domicile.ifd", when).value, params.at("domicile.ifs", when).value)
    return max(act_price(params, act, when) for act in params.acts()) + allowance


def needs_prix_eleve(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                     today: Optional[dt.date] = None) -> bool:
    """A price above any conventionné tariff, with the kiné's status unknown, must be explained."""
    params = params or default_parameters()
    acte = slots.get("calc_acte") or {}
    situation = slots.get("calc_situation") or {}
    if "price" not in acte or "conventionne" in situation or situation.get("hors_nomenclature"):
        return False
    when = _date(situation, today)
    return Decimal(str(acte["price"])) > highest_tariff(params, when)


def required_slots(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                   today: Optional[dt.date] = None) -> List[str]:
    wanted = ["calc_sessions", "calc_acte"]
    if needs_prix_eleve(slots, params, today) or slots.get("calc_prix_eleve"):
        wanted.append("calc_prix_eleve")
    wanted.append("calc_mutuelle")
    # The situation question is skipped when the user already described one.
    situation = slots.get("calc_situation")
    if not situation and not slots.get("calc_prix_eleve"):
        wanted.append("calc_situation")
    return wanted


def _date(situation: Mapping[str, Any], today: Optional[dt.date]) -> dt.date:
    try:
        return dt.date.fromisoformat(situation["date"]) if situation.get("date") else (today or dt.date.today())
    except (TypeError, ValueError):
        return today or dt.date.today()


def request_from_slots(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                       today: Optional[dt.date] = None) -> Dict[str, Any]:
    """The calculator request the slots describe."""
    params = params or default_parameters()
    request: Dict[str, Any] = {}
    request.update(slots.get("calc_situation") or {})
    request.update(slots.get("calc_acte") or {})
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
        request.pop("act", None)
        request.pop("coefficient", None)
    elif choice == "depassement" and "price" in request:
        when = _date(request, today)
        tariff = act_price(params, "membre", when)
        price = Decimal(str(request.pop("price")))
        request["act"] = "membre"
        request["depassement"] = float(max(price - tariff, Decimal(0)))
    return request


def prix_eleve_question(slots: Mapping[str, Any], params: Optional[Parameters] = None,
                        today: Optional[dt.date] = None) -> str:
    params = params or default_parameters()
    price = Decimal(str((slots.get("calc_acte") or {}).get("price", 0)))
    when = _date(slots.get("calc_situation") or {}, today)
    return (f"{euros(price)} la séance, c'est au-dessus des tarifs conventionnés ({euros(act_price(params, 'membre', when))} "
            "pour une séance de base). Votre kiné est-il non conventionné, pratique-t-il un dépassement, "
            "ou s'agit-il d'un acte hors nomenclature (bien-être, Pilates…) ?")
