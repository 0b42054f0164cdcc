"""Reimbursement calculator for kinésithérapie sessions in France: the computation.

The request and its validation are in bot/request.py, the French explanation
in bot/explain.py (its wording in bot/wording.py), the command line in
bot/cli.py.  `session_tariff()` is the one place an act's price is computed
(coefficient × key letter, rounded half-up, with the home-visit allowances).

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
  threshold and carry a dépassement (arrêté du 2 octobre 2008); for a hors
  nomenclature act, the price told before the act (arrêté du 30 mai 2018).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from bot import wording
from bot.money import ZERO, cents
from bot.parameters import Parameters, ParameterError, Step, default_parameters
from bot.request import (ACTS_WITHOUT_BALNEO, BILAN_ACTS, CalculationInput, parse_input, price_and_depassement_disagree,
                         price_below_tariff)

SHARES = ("price", "base", "amo", "franchise", "mutuelle", "patient")
BASIC_ACT = "membre"
POST_PARTUM_ACT = "perineal"
POST_PARTUM_ACTS = (POST_PARTUM_ACT, "abdominal")  # the rehabilitation after a birth (NGAP titre XIV, art. 3 and 8)


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


def _allowances(look, act: Optional[str], distance_km: Optional[Decimal], zone: str, drom: bool,
                letter: Optional[str] = None):
    """Travel allowances of a home visit (NGAP art. 13): IFD or IFS, plus IK beyond the threshold. An act's own
    flag says which; a coefficient's, its key letter when every act of that letter has the IFS (« NMI 9 »)."""
    specific = bool(look(f"actes.{act}.ifs")) if act is not None else _letter_has_ifs(look, letter)
    flat = ("ifs", look("domicile.ifs")) if specific else ("ifd", look("domicile.ifd"))
    if distance_km is None or distance_km <= look(f"domicile.ik.{zone}.seuil_km"):
        return (flat,), None, None
    km = 2 * distance_km - look(f"domicile.ik.{zone}.abattement_km")
    rate = look(f"domicile.ik.{zone}.{'drom' if drom else 'metropole'}")
    ik = ("ik", cents(km * rate))
    adds_up = look("domicile.cumul_ik_ifs" if specific else "domicile.cumul_ik_ifd")
    return ((flat, ik) if adds_up else (ik,)), km, rate


def flat_allowance(params: Parameters, when: dt.date, *, act: Optional[str] = None,
                   letter: Optional[str] = None) -> Tuple[str, Decimal]:
    """The flat allowance a home visit adds to each session of `act`, or of an act of key `letter`, at `when`:
    ("ifd"|"ifs", amount), as session_tariff bills it.

    >>> flat_allowance(default_parameters(), dt.date(2026, 12, 1), letter="NMI")
    ('ifs', Decimal('4.00'))
    >>> flat_allowance(default_parameters(), dt.date(2026, 12, 1), act="membre")
    ('ifd', Decimal('2.50'))
    """
    look = lambda name: params.at(name, when).value  # noqa: E731
    return _allowances(look, act, None, "plaine", False, letter)[0][0]


def _letter_has_ifs(look, letter: Optional[str]) -> bool:
    """Whether every act of this key letter carries the specific indemnity at home (domicile.ifs_lettres)."""
    if letter is None:
        return False
    try:
        return bool(look(f"domicile.ifs_lettres.{letter}"))
    except ParameterError:  # a letter the parameters say nothing of: the IFD, and the note that some acts differ
        return False


# Key letters whose coefficient names one act in the NGAP (avenant 7: « RPE 8,5 » replaced the elderly's walking,
# AMK 6; since 22/02/2024 ARL 8,5 is the respiratory act, ARL 8,49 the urgent one, RAV 8 the drainage of one limb,
# RAB 8,5 the perineal: each coefficient of these letters is one act in titre XIV). An AMK or AMS coefficient may be
# any of many acts, most of which the parameters do not list (a neurological AMK 9 is no drainage of two limbs): it
# stays a coefficient, as does a letter and coefficient no parameter act has (ARL 8, the vestibular rééducation).
SINGLE_ACT_LETTERS = ("RPE", "ARL", "RAV", "RAB")


def coded_act(letter: Optional[str], coefficient: Any, when: dt.date, params: Parameters) -> Optional[str]:
    """The act a key letter of one act and its coefficient name on `when` (« RPE 8,5 »: the elderly's walking);
    None for another letter or coefficient (« AMK 9 »).

    >>> coded_act("RPE", 8.5, dt.date(2026, 12, 1), default_parameters())
    'personne_agee_marche'
    >>> coded_act("AMK", 9, dt.date(2026, 12, 1), default_parameters()) is None
    True
    """
    if letter not in SINGLE_ACT_LETTERS or coefficient is None:
        return None
    wanted = Decimal(str(coefficient))
    acts = [act for act in params.acts() if act_code(params.node(f"actes.{act}"), when) == letter
            and params.at(f"actes.{act}.coefficient", when).value == wanted]
    return acts[0] if len(acts) == 1 else None


def act_code(act: Mapping[str, Any], when: dt.date) -> str:
    """The key letter an act is billed with on `when` (« ARL », « AMK » before 22/02/2024), or « coefficient »
    after its letter was removed (AMS: since 2024 each act it stood for has its own letter)."""
    if act.get("code_until") is not None and when > _day(act["code_until"]):
        return "coefficient"
    if act.get("code_from") is not None and when < _day(act["code_from"]):
        return act.get("code_before") or "coefficient"
    return act["code"]


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def letter_name(drom: bool) -> str:
    """The parameter of the key letter that applies: overseas (DROM) or in metropolitan France."""
    return "lettre_cle.drom" if drom else "lettre_cle.metropole"


def session_tariff(params: Optional[Parameters], when: dt.date, *, act: Optional[str] = None,
                   coefficient: Optional[Decimal] = None, domicile: bool = False,
                   distance_km: Optional[Decimal] = None, zone: str = "plaine", drom: bool = False,
                   look: Optional[Callable[[str], Any]] = None, letter: Optional[str] = None,
                   balneo: Optional[str] = None) -> Tariff:
    """The conventionné tariff of one session at `when`: the one place an act's price is computed.

    The act's price is its coefficient (that of `act`, or the `coefficient` given) × the key letter
    (DROM or metropolitan), rounded half-up to the cent; a home visit adds the travel allowances.
    `look(name)` reads a parameter's value at `when` (the calculator passes one that records the
    steps it reads); by default, `params` at `when`.
    """
    if look is None:
        params = params or default_parameters()
        look = lambda name: params.at(name, when).value  # noqa: E731
    if act is not None:
        coefficient = look(f"actes.{act}.coefficient")
    exact = Decimal(coefficient) * Decimal(look(letter_name(drom)))
    allowances, km, rate = ((), None, None)
    if domicile:
        allowances, km, rate = _allowances(look, act, distance_km, zone, drom, letter)
    if balneo:  # the kinébalnéothérapie supplement, billed with the act
        allowances = (("balneo", balneo_supplement(look, balneo, drom)), *allowances)
    return Tariff(act, coefficient, exact, cents(exact), tuple(allowances), km, rate)


# The supplement's coefficient by where the session is (NGAP, titre XIV, chapitre IV).
BALNEO_SUPPLEMENTS = {"bassin": "balneotherapie.supplement_simple", "piscine": "balneotherapie.supplement_majore"}


def balneo_supplement(look: Callable[[str], Any], where: str, drom: bool) -> Decimal:
    """The kinébalnéothérapie supplement in a basin or a pool: its AMK coefficient × the key letter, to the cent."""
    return cents(Decimal(look(BALNEO_SUPPLEMENTS[where])) * Decimal(look(letter_name(drom))))


# The bilan-diagnostic kinésithérapique is billed once for a course, then again at a session and every so many (NGAP,
# titre XIV, chapitre I, section 2, 3.: « pour un nombre de séances compris entre 1 et 10, puis à la 30e séance, puis
# de nouveau toutes les 20 séances »; 60 and 50 for the neurological one).
BILAN_RENEWALS = {"bilan": ("bilan_renouvellement.premier_renouvellement", "bilan_renouvellement.periode"),
                  "bilan_neuro": ("bilan_renouvellement.neuro_premier_renouvellement",
                                  "bilan_renouvellement.neuro_periode")}


def bilans_billed(act: str, sessions: int, params: Parameters, when: dt.date) -> Tuple[int, int, int]:
    """The bilans billed over a course of `sessions` sessions, the session of the second one and the sessions between
    the next ones.

    >>> [bilans_billed("bilan", n, default_parameters(), dt.date(2026, 12, 1))[0] for n in (1, 10, 29, 30, 49, 50)]
    [1, 1, 1, 2, 2, 3]
    """
    first, period = (int(params.at(name, when).value) for name in BILAN_RENEWALS[act])
    return (1 if sessions < first else 2 + (sessions - first) // period), first, period


def tariff_of(act: str, when: dt.date, *, domicile: bool = False, drom: bool = False,
              distance_km: Optional[Decimal] = None, zone: str = "plaine",
              params: Optional[Parameters] = None, balneo: Optional[str] = None) -> Decimal:
    """What a conventionné kiné bills for `act` at `when`, travel allowances and balnéothérapie included."""
    return session_tariff(params, when, act=act, domicile=domicile, distance_km=distance_km, zone=zone,
                          drom=drom, balneo=balneo).total


def match_tariff(price: Any, when: dt.date, *, domicile: bool = False, drom: bool = False,
                 distance_km: Optional[Any] = None, zone: str = "plaine",
                 params: Optional[Parameters] = None, balneo: Optional[str] = None) -> Optional[str]:
    """The first act whose conventionné tariff at `when` (allowances included) equals `price`, if any."""
    params = params or default_parameters()
    price = cents(Decimal(str(price)))
    distance = Decimal(str(distance_km)) if distance_km is not None else None
    for act in params.acts():
        if balneo and act in ACTS_WITHOUT_BALNEO:
            continue
        try:
            if tariff_of(act, when, domicile=domicile, drom=drom, distance_km=distance, zone=zone, params=params,
                         balneo=balneo) == price:
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
    def counted(self) -> wording.Counted:
        """What its sentences count: « 2 bilans » for the bilans, « 10 séances » otherwise."""
        return wording.counted(self.act in BILAN_ACTS)

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


# Whether the Assurance Maladie reimburses what a non-conventionné médecin prescribes (CSS art. L.162-5-10).
SECTEUR_3 = "parcours.prescripteur_non_conventionne.prescriptions_remboursees"


def secteur_3_rule(params: Parameters, when: dt.date) -> Tuple[Step, Optional[Step]]:
    """The step in force on `when` (its value: reimbursed or not) and the step from which it is not
    reimbursed, past or to come (None if there is none)."""
    now, upcoming = params.at(SECTEUR_3, when), params.next_step(SECTEUR_3, when)
    return now, now if now.value is False else upcoming if upcoming and upcoming.value is False else None


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
    when = req.date

    # 1. Which act.
    act_name, coefficient, assumed_basic = req.act, req.coefficient, False
    if act_name is None and coefficient is None and not req.hors_nomenclature:
        default_act = POST_PARTUM_ACT if req.post_partum else BASIC_ACT
        if req.price is not None and nomenclature:
            act_name = match_tariff(req.price - (req.depassement or ZERO), when, domicile=req.domicile,
                                    drom=req.drom, distance_km=req.distance_km, zone=req.zone, params=params,
                                    balneo=req.balneo)
            if act_name is None and req.depassement:  # « 17,90 € avec 5 € de dépassement »: the tariff, then it
                act_name = match_tariff(req.price, when, domicile=req.domicile, drom=req.drom,
                                        distance_km=req.distance_km, zone=req.zone, params=params, balneo=req.balneo)
            if act_name is None:
                act_name, assumed_basic = default_act, True
        elif req.price is None:
            act_name = default_act
            assumptions.append(wording.unspecified_act(params.node(f"actes.{act_name}")["label"]))

    tariff: Optional[Tariff] = None
    if act_name is not None or coefficient is not None:
        tariff = session_tariff(params, when, act=act_name, coefficient=coefficient,
                                domicile=req.domicile and nomenclature, distance_km=req.distance_km, zone=req.zone,
                                drom=req.drom, look=use, letter=req.lettre,
                                balneo=req.balneo if nomenclature else None)  # outside, his price holds it
        if req.drom:
            assumptions.append(wording.drom_letter(Decimal(use(letter_name(True)))))
        if tariff.exact != tariff.act_price:
            assumptions.append(wording.rounded_tariff(tariff.exact, tariff.act_price))
    if act_name is not None:
        act_label = params.node(f"actes.{act_name}")["label"]
    elif coefficient is not None:
        act_label = wording.coefficient_act(coefficient, req.lettre)
    elif req.hors_nomenclature:
        act_label = wording.OFF_NOMENCLATURE_ACT
    else:
        act_label = wording.priced_session(req.price)

    # 2. Price, base and dépassement of one session.
    if nomenclature:
        assert tariff is not None
        base = tariff.total
        if req.price is not None and req.depassement and req.price == base:
            # The tariff's own price with a dépassement beside it: the dépassement comes on top, said (the two were
            # refused as disagreeing).
            depassement = req.depassement
            assumptions.append(wording.tariff_then_depassement(base, depassement, act_label))
        elif req.price is not None:
            depassement = req.price - base
            if depassement < 0:
                raise price_below_tariff(req.price, base, req.domicile, when, basic=assumed_basic)
            if req.depassement is not None and req.depassement != depassement:
                raise price_and_depassement_disagree(req.price, req.depassement, base, req.domicile, depassement)
            if assumed_basic:
                warnings.append(wording.price_matches_no_tariff(req.price, when, act_label, base, req.domicile,
                                                                depassement))
            elif req.act is None and req.coefficient is None:
                assumptions.append(wording.price_is_tariff_of(req.price - depassement, act_label))
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
            warnings.append(wording.FREE_FEES_AT_TARIFF)
        if req.domicile:
            assumptions.append(wording.TRAVEL_INCLUDED)

    # 3. Rate of the Assurance Maladie; maternity. After the 12th day from the birth, the assurance maternité pays only
    # the care that follows from it (CSS art. L.160-9 and D.160-3): the perineal and abdominal rehabilitation, not a
    # knee's (« j'ai accouché il y a 2 mois, 10 séances pour mon genou » was counted at 100 %).
    if req.post_partum and act_name is not None and act_name not in POST_PARTUM_ACTS:
        warnings.append(wording.post_partum_other_care(int(use("maternite.fin_jours_apres_naissance")),
                                                      use("taux_amo.prise_en_charge_100")))
        req = replace(req, post_partum=False, prise_en_charge_100=(
            None if req.prise_en_charge_100 == "maternite" else req.prise_en_charge_100))
    pec = req.prise_en_charge_100
    maternity = False
    if req.post_partum:
        assumptions.append(wording.POST_PARTUM)
    elif req.mois_grossesse is not None:
        first_month = int(use("maternite.debut_mois_grossesse"))
        last_day = int(use("maternite.fin_jours_apres_naissance"))
        if req.mois_grossesse >= first_month:
            maternity = True
            assumptions.append(wording.maternity_covered(req.mois_grossesse, first_month, last_day))
        elif pec in (None, "maternite"):
            warnings.append(wording.maternity_not_yet(req.mois_grossesse, first_month))
            pec = None
    elif pec == "maternite":
        maternity = True
        first_month = int(use("maternite.debut_mois_grossesse"))
        last_day = int(use("maternite.fin_jours_apres_naissance"))
        warnings.append(wording.maternity_period(first_month, last_day))
    if pec == "maternite" and not maternity:
        pec = None
    full_cover = bool(pec) or maternity or req.post_partum
    # What a médecin outside the convention prescribed: no reimbursement from 01/01/2027 (L.162-5-10 CSS).
    prescribed_reimbursed = not req.prescripteur_non_conventionne or bool(use(SECTEUR_3))
    if full_cover:
        rate = use("taux_amo.prise_en_charge_100")
        if pec in ("ald", "at_mp") and not maternity:  # « en ALD pour mon diabète », a tendinitis: not at 100 %
            assumptions.append(wording.cover_only_for_related_care(pec, use(f"taux_amo.{req.regime}")))
        elif pec == "invalidite" and not maternity:
            assumptions.append(wording.INVALIDITY_COVER)
        elif pec == "rente_at" and not maternity:
            assumptions.append(wording.RENTE_AT_COVER)
    else:
        rate = use(f"taux_amo.{req.regime}")
        if req.regime == "alsace_moselle" and base > 0:
            assumptions.append(wording.alsace_moselle_rate(rate))
    if not prescribed_reimbursed:
        rate = ZERO

    # 4. Franchise.
    exempt = _franchise_exemption(req, pec, maternity, use)
    per_act = daily_cap = annual_left = ZERO
    if exempt:
        assumptions.append(wording.no_franchise(exempt))
    elif base > 0:
        per_act = use("franchise.par_acte")
        daily_cap = use("franchise.plafond_journalier")
        annual_left = use("franchise.plafond_annuel") - req.franchise_already_paid

    # 5. Sessions.
    detail: Dict[str, Decimal] = {}
    if tariff is not None:
        detail[wording.ACT_PART] = tariff.act_price
        detail.update(dict(tariff.allowances) if nomenclature else {})
    extra = depassement if nomenclature else (req.depassement or ZERO) if req.price is None else ZERO
    if extra > 0:
        detail["depassement"] = extra
    # What a yearly forfait, or a per-session one's yearly ceiling, has left to pay.
    envelope = (req.mutuelle.amount if req.mutuelle.kind == "annual" else req.mutuelle.cap) if req.mutuelle else None
    sessions: List[Session] = []
    for number_ in range(1, req.sessions + 1):
        amo = cents(base * rate / 100)
        franchise = min(per_act, daily_cap, amo, max(annual_left, ZERO))  # at most two sessions a day
        annual_left -= franchise
        room = price - amo
        mutuelle = ZERO
        if req.mutuelle:
            if req.mutuelle.kind == "br_percent":
                # A guarantee in % of the base completes a reimbursement: none when the caisse pays nothing.
                mutuelle = cents(base * req.mutuelle.amount / 100) - amo if prescribed_reimbursed else ZERO
            elif req.mutuelle.kind == "tm_percent":  # a share of the ticket modérateur: the base less the caisse's part
                mutuelle = cents((base - amo) * req.mutuelle.amount / 100) if prescribed_reimbursed else ZERO
            elif req.mutuelle.kind == "fr_percent":  # of the price paid, the caisse's part included: the rest up to it
                mutuelle = cents(price * req.mutuelle.amount / 100) - amo if prescribed_reimbursed and base > 0 else ZERO
            elif req.mutuelle.kind == "per_session":
                mutuelle = req.mutuelle.amount
            else:
                mutuelle = envelope
            mutuelle = max(ZERO, min(mutuelle, room))
            if envelope is not None:  # a yearly forfait, or a per-session one's ceiling: what is left of it
                mutuelle = min(mutuelle, max(envelope, ZERO))
                envelope -= mutuelle
        patient = price - (amo - franchise) - mutuelle
        sessions.append(Session(number_, price, base, amo, franchise, mutuelle, patient, dict(detail)))

    calc = Calculation(req, act_label, rate, sessions, [], warnings, assumptions, act_name, tariff, depassement)
    _warn(calc, use, per_act, exempt, nomenclature)
    calc.parameters = list(use.steps.values())
    return calc


def _franchise_exemption(req: CalculationInput, pec: Optional[str], maternity: bool, use: _Used) -> str:
    if req.age is not None and req.age < use("franchise.exonerations.age_minimum"):
        return wording.minor_exemption(use("franchise.exonerations.age_minimum"))
    if maternity or pec:
        exempt_cases = use("franchise.exonerations.prise_en_charge")
        if maternity and "maternite" in exempt_cases:
            return wording.MATERNITY_EXEMPTION
        if pec in exempt_cases and pec != "maternite":
            return wording.PRISE_EN_CHARGE_LABELS[pec]
    if req.post_partum and not use("maternite.post_partum_franchise"):
        return wording.POST_PARTUM_EXEMPTION
    return ""


def _warn(calc: Calculation, use: _Used, per_act: Decimal, exempt: str, nomenclature: bool) -> None:
    req, warnings, assumptions, sessions = calc.request, calc.warnings, calc.assumptions, calc.sessions
    when, first = req.date, calc.sessions[0]
    tariff = calc.tariff
    allowances = dict(tariff.allowances) if tariff else {}
    if "balneo" in allowances and nomenclature:
        other = "piscine" if req.balneo == "bassin" else "bassin"
        assumptions.append(wording.balneo_counted(req.balneo, allowances["balneo"], other,
                                                  balneo_supplement(use, other, req.drom), per_act))
    if req.domicile and nomenclature and req.coefficient is not None and "ifs" not in allowances:
        assumptions.append(wording.coefficient_at_home(use("domicile.ifd"), use("domicile.ifs")))
    if req.domicile and nomenclature:
        threshold = use(f"domicile.ik.{req.zone}.seuil_km")
        if "ik" in allowances:
            flat = next((key for key in ("ifd", "ifs") if key in allowances), None)
            assumptions.append(wording.kilometric_allowances(threshold, req.zone, flat))
            warnings.append(wording.IK_NEAREST_KINE)
        elif req.distance_km is None:
            assumptions.append(wording.distance_unknown(threshold, req.zone))
    for step in use.steps.values():
        if step.status == "scheduled":
            warnings.append(wording.scheduled_value(step.label, step.value, step.start))
        elif step.status == "uncertain":
            warnings.append(wording.uncertain_rule(step.label, step.note))
    if not req.conventionne:
        warnings.append(wording.NON_CONVENTIONNE)
    if req.prescripteur_non_conventionne:
        now, change = secteur_3_rule(use.params, when)
        change = change.start if change else None
        # When it empties the reimbursement, it is the first thing to read.
        warnings.insert(0 if now.value is False else len(warnings),
                        wording.prescriber_outside_convention(bool(now.value), change))
    if req.hors_nomenclature:
        warnings += [wording.NEVER_REIMBURSED, wording.PRICE_BEFORE_NON_REIMBURSED]
    if req.mutuelle and req.mutuelle.kind.endswith("_percent") and first.base == 0:
        warnings.append(wording.FRAIS_REELS_OF_NOTHING if req.mutuelle.kind == "fr_percent"
                        else wording.PERCENT_OF_NOTHING)
    if not req.hors_nomenclature and first.price > first.base and first.price >= use("devis.seuil"):
        warnings.append(wording.devis_required(first.price, use("devis.seuil")))
    if req.prise_en_charge_100 == "css" and calc.depassement > 0:
        warnings.append(wording.CSS_DEPASSEMENT)
    if calc.depassement > 0:
        assumptions.append(wording.depassement_never_reimbursed(calc.depassement))
    if per_act and any(s.franchise < per_act and s.amo >= per_act for s in sessions):
        cap = use("franchise.plafond_annuel")
        warnings.append(wording.annual_cap_reached(cap, before=req.franchise_already_paid >= cap))
    if "conventionne" in req.defaults and not req.hors_nomenclature:
        assumptions.append(wording.CONVENTIONNE)
    if req.age is None and not exempt and first.base > 0:
        assumptions.append(wording.ADULT)
    # Looked up only with an age: `use` records the parameter among those the calculation rests on.
    if req.age is not None and not exempt and first.franchise > 0:
        minimum = use("franchise.exonerations.age_minimum")
        if req.age == minimum:
            assumptions.append(wording.franchise_at_age(minimum))
    if "regime" in req.defaults and calc.rate != 100 and first.base > 0:
        assumptions.append(wording.GENERAL_REGIME)
    if "date" in req.defaults:
        assumptions.append(wording.tariffs_on(when))
    if req.sessions > 1 and calc.act not in BILAN_ACTS:  # the daily rhythm is the sessions', not the bilans'
        assumptions.append(wording.AT_MOST_TWO_A_DAY)


# --------------------------------------------------------------------------
# Public API and command line
# --------------------------------------------------------------------------
def calculate(data: Mapping[str, Any], params: Optional[Parameters] = None,
              today: Optional[dt.date] = None) -> Dict[str, Any]:
    """The command line's JSON structure, as Python data (amounts as floats rounded to the cent)."""
    return compute(data, params, today).to_dict()

