"""Invariants of the calculator, checked on generated requests (hypothesis)."""
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.calculator import compute, tariff_of
from bot.explain import explain_fr
from bot.parameters import default_parameters
from bot.request import PRISES_EN_CHARGE_100, CalculatorInputError

ACTS = default_parameters().acts()
CENT = Decimal("0.01")

money = st.decimals(min_value="0.01", max_value="300", places=2)

base_fields = st.fixed_dictionaries(
    {"date": st.dates(min_value=dt.date(2012, 7, 15), max_value=dt.date(2028, 12, 31)).map(lambda d: d.isoformat())},
    optional={
        "sessions": st.integers(1, 40),
        "conventionne": st.booleans(),
        "depassement": st.decimals(min_value=0, max_value=50, places=2),
        "domicile": st.booleans(),
        "distance_km": st.decimals(min_value=0, max_value=40, places=1),
        "zone": st.sampled_from(["plaine", "montagne", "pied_ski"]),
        "regime": st.sampled_from(["general", "alsace_moselle"]),
        "drom": st.booleans(),
        "prise_en_charge_100": st.sampled_from([None, *PRISES_EN_CHARGE_100]),
        "mois_grossesse": st.integers(1, 9),
        "post_partum": st.booleans(),
        "age": st.integers(0, 100),
        "mutuelle": st.one_of(
            st.none(),
            st.builds(lambda n: {"br_percent": n}, st.integers(0, 400)),
            st.builds(lambda n: {"tm_percent": n}, st.integers(0, 100)),
            st.builds(lambda n: {"fr_percent": n}, st.integers(0, 100)),
            st.builds(lambda e: {"per_session": e}, money),
            st.builds(lambda e, cap: {"per_session": e, "annual": cap}, money,
                      st.decimals(min_value=0, max_value=500, places=2)),
            st.builds(lambda e: {"annual": e}, st.decimals(min_value=0, max_value=1000, places=2)),
        ),
        "franchise_already_paid": st.decimals(min_value=0, max_value=50, places=2),
        "balneo": st.sampled_from(["bassin", "piscine"]),
    },
)

# How the act is described: every path of the contract, the no-act ones included.
requests = base_fields.flatmap(lambda base: st.one_of(
    st.just(dict(base)),                                                          # nothing: basic act assumed
    st.sampled_from(ACTS).map(lambda act: {**base, "act": act}),                  # an act
    money.map(lambda price: {**base, "price": price}),                           # a price alone
    st.tuples(st.sampled_from(ACTS), money).map(lambda t: {**base, "act": t[0], "price": t[1]}),
    st.tuples(st.decimals(min_value="1", max_value="20", places=1), money).map(
        lambda t: {**base, "coefficient": t[0], "price": t[1]}),                  # a coefficient and a price
    money.map(lambda price: {**{k: v for k, v in base.items() if k not in ("distance_km", "post_partum")},
                             "price": price, "hors_nomenclature": True}),
))


def _fix(request):
    """Keep a generated request consistent (contradictions are tested in test_calculator.py)."""
    request = dict(request)
    if "distance_km" in request and request.get("domicile") is False:
        request["domicile"] = True
    if "price" in request:
        request.pop("depassement", None)  # a price and a dépassement must agree: see test_calculator.py
    if request.get("post_partum"):
        request.pop("mois_grossesse", None)
    if request.get("hors_nomenclature") or request.get("act") in ("bilan", "bilan_neuro"):
        request.pop("balneo", None)  # no supplement for these: see test_calculator.py
    return request


def _compute(request):
    """The calculation, or `assume(False)` for a conventionné price below its tariff (a French error)."""
    try:
        return compute(request)
    except CalculatorInputError as error:
        assert "price" in request and error.field == "price", error.message
        assume(False)


@settings(max_examples=300, deadline=None)
@given(requests)
def test_no_share_is_negative_and_shares_add_up_to_the_price(request):
    calc = _compute(_fix(request))
    for s in calc.sessions:
        for value in s.shares():
            assert value >= 0
        assert s.patient + (s.amo - s.franchise) + s.mutuelle == s.price
        assert s.franchise <= s.amo
        assert s.mutuelle <= s.price - s.amo
        assert s.base <= s.price
        for value in s.shares():
            assert value == value.quantize(CENT)


@settings(max_examples=300, deadline=None)
@given(requests)
def test_a_conventionne_amo_never_exceeds_the_rate_of_the_tariff_whatever_the_price(request):
    request = _fix(request)
    assume(request.get("conventionne", True) and not request.get("hors_nomenclature"))
    calc = _compute(request)
    when = calc.request.date
    if calc.act is not None:
        tariff = tariff_of(calc.act, when, domicile=calc.request.domicile, drom=calc.request.drom,
                           distance_km=calc.request.distance_km, zone=calc.request.zone, balneo=calc.request.balneo)
    else:
        tariff = calc.tariff.total
    ceiling = (calc.rate * tariff / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    for s in calc.sessions:
        assert s.base == tariff
        assert s.amo <= ceiling
    if "price" in request:  # the same care without a price: the same Assurance Maladie share
        without = {k: v for k, v in request.items() if k != "price"}
        if calc.act is not None and "coefficient" not in request:
            without["act"] = calc.act
        assert [s.amo for s in compute(without).sessions] == [s.amo for s in calc.sessions]


@settings(max_examples=150, deadline=None)
@given(requests, st.integers(1, 10))
def test_more_sessions_never_cost_less(request, extra):
    request = _fix(request)
    fewer = _compute({**request, "sessions": request.get("sessions", 1)})
    more = compute({**request, "sessions": request.get("sessions", 1) + extra})
    assert more.total["patient"] >= fewer.total["patient"]


@settings(max_examples=150, deadline=None)
@given(requests, st.integers(0, 400), st.integers(0, 400))
def test_a_higher_br_percent_never_raises_what_the_patient_pays(request, low, high):
    low, high = sorted((low, high))
    request = _fix(request)
    cheap = _compute({**request, "mutuelle": {"br_percent": high}})
    dear = compute({**request, "mutuelle": {"br_percent": low}})
    assert cheap.total["patient"] <= dear.total["patient"]


@settings(max_examples=150, deadline=None)
@given(requests, st.integers(0, 400))
def test_all_the_frais_reels_leave_no_more_than_any_rate_of_the_base(request, rate):
    # What was paid, less the caisse's share: no guarantee of the base leaves less (the franchise stays in both).
    request = _fix(request)
    real = _compute({**request, "mutuelle": {"fr_percent": 100}})
    base = compute({**request, "mutuelle": {"br_percent": rate}})
    assert real.total["patient"] <= base.total["patient"]


# -- Every computation the French explanation prints is exact as printed -------------------------
AMOUNT = r"(\d{1,3}(?: \d{3})*,\d{2}) €"
LABEL = r"(?: \([^()]*\))?"


def _eur(text):
    return Decimal(text.replace(" ", "").replace(",", "."))


def _num(text):
    return Decimal(text.replace(" ", "").replace(",", "."))


def check_line(line):
    """Checks the arithmetic of one explanation line; returns how many computations it verified."""
    checked = 0
    m = re.search(r"Prix d'un(?:e séance| bilan) : (.*) = " + AMOUNT + "$", line)
    if m:
        parts = [_eur(a) for a in re.findall(AMOUNT + LABEL, m.group(1))]
        assert len(parts) >= 2 and sum(parts) == _eur(m.group(2)), line
        checked += 1
    m = re.search(r"\(2 × ([\d,]+) km − ([\d,]+) km\) × " + AMOUNT + " = " + AMOUNT, line)
    if m:
        km = 2 * _num(m.group(1)) - _num(m.group(2))
        assert (km * _eur(m.group(3))).quantize(CENT, rounding=ROUND_HALF_UP) == _eur(m.group(4)), line
        checked += 1
    m = re.search(AMOUNT + r" × (\d+) (?:séances|bilans) = " + AMOUNT, line)
    if m:
        assert _eur(m.group(1)) * int(m.group(2)) == _eur(m.group(3)), line
        checked += 1
    m = re.search(r"(\d+(?:,\d+)?) % de " + AMOUNT + " = " + AMOUNT + " par (?:séance|bilan)", line)
    if m:
        share = (_num(m.group(1)) * _eur(m.group(2)) / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        assert share == _eur(m.group(3)), line
        checked += 1
        total = re.search(r"soit " + AMOUNT + r" pour (\d+) (?:séances|bilans)", line)
        if total:
            assert _eur(m.group(3)) * int(total.group(2)) == _eur(total.group(1)), line
            checked += 1
    m = re.search(AMOUNT + LABEL + " − " + AMOUNT + LABEL + "(?: − " + AMOUNT + LABEL + ")? = " + AMOUNT, line)
    if m:
        minus = _eur(m.group(2)) + (_eur(m.group(3)) if m.group(3) else 0)
        assert _eur(m.group(1)) - minus == _eur(m.group(4)), line
        checked += 1
    m = re.search(r"prix " + AMOUNT + ", Assurance Maladie " + AMOUNT + ", franchise " + AMOUNT
                  + ", mutuelle " + AMOUNT + ", reste " + AMOUNT, line)
    if m:
        price, amo, franchise, mutuelle, rest = (_eur(g) for g in m.groups())
        assert price - (amo - franchise) - mutuelle == rest, line
        checked += 1
    return checked


def test_the_checker_catches_a_line_whose_arithmetic_is_off():
    bad = "• Assurance Maladie : 60 % de 88,40 € = 53,05 € par séance"
    try:
        check_line(bad)
    except AssertionError:
        pass
    else:
        raise AssertionError("60 % of 88,40 € is 53,04 €: the checker must refuse 53,05 €")
    assert check_line("• Assurance Maladie : 60 % de 17,68 € = 10,61 € par séance (arrondi au centime), "
                      "soit 53,05 € pour 5 séances") == 2


@settings(max_examples=300, deadline=None)
@given(requests)
def test_every_computation_in_the_french_explanation_adds_up(request):
    calc = _compute(_fix(request))
    text = explain_fr(calc)
    for line in text.splitlines():
        if " = " in line or line.startswith(("  séance", "  bilan")):
            assert check_line(line) >= 1, f"a computation the test cannot check: {line}"
        else:
            check_line(line)
