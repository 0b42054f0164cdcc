"""Invariants of the calculator, checked on generated requests (hypothesis)."""
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calculator import compute
from bot.parameters import default_parameters

ACTS = default_parameters().acts()

money = st.decimals(min_value="0.01", max_value="300", places=2)

requests = st.fixed_dictionaries(
    {"date": st.dates(min_value=__import__("datetime").date(2012, 7, 15),
                      max_value=__import__("datetime").date(2028, 12, 31)).map(lambda d: d.isoformat())},
    optional={
        "sessions": st.integers(1, 40),
        "conventionne": st.booleans(),
        "depassement": st.decimals(min_value=0, max_value=50, places=2),
        "domicile": st.booleans(),
        "distance_km": st.decimals(min_value=0, max_value=40, places=1),
        "zone": st.sampled_from(["plaine", "montagne", "pied_ski"]),
        "regime": st.sampled_from(["general", "alsace_moselle"]),
        "drom": st.booleans(),
        "prise_en_charge_100": st.sampled_from([None, "ald", "at_mp", "maternite", "css", "ame"]),
        "age": st.integers(0, 100),
        "mutuelle": st.one_of(
            st.none(),
            st.builds(lambda n: {"br_percent": n}, st.integers(0, 400)),
            st.builds(lambda e: {"per_session": e}, money),
            st.builds(lambda e: {"annual": e}, st.decimals(min_value=0, max_value=1000, places=2)),
        ),
        "franchise_already_paid": st.decimals(min_value=0, max_value=50, places=2),
    },
).flatmap(lambda base: st.one_of(
    st.just({**base, "act": None}).map(lambda r: {**r, "act": "membre"}),
    st.sampled_from(ACTS).map(lambda act: {**base, "act": act}),
    money.map(lambda price: {**base, "price": price}),
    money.map(lambda price: {**{k: v for k, v in base.items() if k not in ("distance_km",)},
                             "price": price, "hors_nomenclature": True}),
))


def _fix(request):
    # distance_km implies a home visit; keep the generated request consistent.
    if "distance_km" in request and request.get("domicile") is False:
        request = {**request, "domicile": True}
    return request


@settings(max_examples=300, deadline=None)
@given(requests)
def test_no_share_is_negative_and_shares_add_up_to_the_price(request):
    calc = compute(_fix(request))
    for s in calc.sessions:
        for value in s.shares():
            assert value >= 0
        assert s.patient + (s.amo - s.franchise) + s.mutuelle == s.price
        assert s.franchise <= s.amo
        assert s.mutuelle <= s.price - s.amo
        for value in s.shares():
            assert value == value.quantize(Decimal("0.01"))


@settings(max_examples=150, deadline=None)
@given(requests, st.integers(1, 10))
def test_more_sessions_never_cost_less(request, extra):
    request = _fix(request)
    fewer = compute({**request, "sessions": request.get("sessions", 1)})
    more = compute({**request, "sessions": request.get("sessions", 1) + extra})
    assert more.total["patient"] >= fewer.total["patient"]


@settings(max_examples=150, deadline=None)
@given(requests, st.integers(0, 400), st.integers(0, 400))
def test_a_higher_br_percent_never_raises_what_the_patient_pays(request, low, high):
    low, high = sorted((low, high))
    request = _fix(request)
    cheap = compute({**request, "mutuelle": {"br_percent": high}})
    dear = compute({**request, "mutuelle": {"br_percent": low}})
    assert cheap.total["patient"] <= dear.total["patient"]
