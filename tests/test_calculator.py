"""The calculator's contract beyond the golden cases (tests/golden_cases.yml): errors, structure, API.

Plain input → euros cases live in tests/golden_cases.yml.
"""
import datetime as dt
import re
from decimal import Decimal

import pytest

from bot.answers import answer_values
from bot.calculator import calculate, compute, match_tariff, session_tariff, tariff_of
from bot.explain import explain_fr
from bot.parameters import default_parameters
from bot.request import FIELDS, CalculatorInputError
from bot.wording import FIELD_NAMES

D = Decimal
DAY = dt.date(2026, 12, 1)


# -- A conventionné price is a tariff plus, at most, a dépassement -------------------------------
@pytest.mark.parametrize("request_, fragment", [
    ({"price": 16, "date": "2026-12-01"}, "ne correspond à aucun soin"),          # alone, below the basic act
    ({"act": "membre", "price": 16, "date": "2026-12-01"}, "inférieur au tarif conventionné de ce soin"),
    ({"coefficient": 8.1, "price": 17.89, "date": "2026-12-01"}, "17,90 €"),
    ({"act": "membre", "price": 20, "domicile": True, "date": "2026-12-01"}, "avec les frais de déplacement"),
])
def test_a_conventionne_price_below_the_tariff_is_a_french_error(request_, fragment):
    with pytest.raises(CalculatorInputError) as error:
        calculate(request_)
    assert error.value.field == "price"
    assert fragment in error.value.message


def test_price_and_depassement_must_agree():
    with pytest.raises(CalculatorInputError) as error:
        calculate({"act": "membre", "price": 25, "depassement": 5, "date": "2026-12-01"})
    assert error.value.field == "depassement"
    assert "7,10 €" in error.value.message and "ne concordent pas" in error.value.message
    agreeing = calculate({"act": "membre", "price": 25, "depassement": 7.10, "date": "2026-12-01"})
    assert agreeing["per_session"][0]["base"] == 17.90


def test_the_tariffs_own_price_with_a_depassement_beside_it_adds_the_depassement():
    # « séance à 17,90 € avec 5 € de dépassement » was refused as disagreeing: 17,90 € is the tariff, 5 € on top
    for request_ in ({"price": 17.90, "depassement": 5}, {"act": "membre", "price": 17.90, "depassement": 5}):
        result = calculate({**request_, "date": "2026-12-01"})
        assert result["per_session"][0]["price"] == 22.90 and result["per_session"][0]["base"] == 17.90
        assert ("17,90 € est le tarif conventionné de : rééducation d'un membre ou du rachis (genou, LCA, entorse, "
                "lombalgie) ; je compte le dépassement en plus, 17,90 € + 5,00 € = 22,90 € par séance") in \
            result["assumptions"]


def test_price_below_another_acts_tariff_but_above_none_is_refused():
    # 17,80 € is above the one-limb drainage (RAV 8, 17,68 €) but matches no act and is below the basic act.
    with pytest.raises(CalculatorInputError):
        calculate({"price": 17.80, "date": "2026-12-01"})


def test_the_amo_never_pays_the_depassement():
    calc = compute({"act": "membre", "price": 60, "prise_en_charge_100": "ald", "date": "2026-12-01"})
    assert calc.sessions[0].amo == D("17.90") and calc.depassement == D("42.10")
    assert calc.sessions[0].detail == {"acte": D("17.90"), "depassement": D("42.10")}


def test_match_tariff_finds_the_act_of_a_price():
    assert match_tariff(D("17.90"), DAY) == "membre"
    # ARL 8,5 × 2,21 € (NGAP since 22/02/2024; AMK 8, 17,68 €, before); the drainage of one limb is RAV 8.
    assert match_tariff("18.79", DAY) == "respiratoire"
    assert match_tariff("17.68", DAY) == "drainage_1_membre"
    assert match_tariff("17.20", dt.date(2023, 6, 1)) == "respiratoire"  # AMK 8 × 2,15 € before 22/02/2024
    assert match_tariff(20.40, DAY, domicile=True) == "membre"
    assert match_tariff(22.79, DAY, domicile=True) == "respiratoire"  # + the IFS, 4 €
    assert match_tariff(21.26, DAY, domicile=True) == "respiratoire_urgent"  # ARL 8,49, 18,76 €, + the IFD, 2,50 €
    assert match_tariff(22.68, DAY, distance_km=5, domicile=True) == "membre"
    assert match_tariff(19.68, DAY, drom=True) == "membre"
    assert match_tariff(25, DAY) is None
    assert match_tariff(16.58, dt.date(2025, 6, 1)) == "membre"


def test_tariff_of_includes_the_allowances():
    assert tariff_of("membre", DAY) == D("17.90")
    assert tariff_of("membre", DAY, domicile=True, distance_km=D(5)) == D("22.68")


def test_one_function_prices_an_act_for_the_calculator_and_the_answers():
    params = default_parameters()
    assert session_tariff(params, DAY, act="membre").act_price == D("17.90")
    assert compute({"act": "membre", "date": "2026-12-01"}).tariff.act_price == D("17.90")
    assert answer_values(DAY, params)["tarif_seance"] == "17,90 €"
    # a coefficient alone, overseas: 8.1 × 2.43 € (DROM key letter) = 19.683 → 19.68 €
    assert session_tariff(params, DAY, coefficient=D("8.1"), drom=True).act_price == D("19.68")


# -- Maternity fields ----------------------------------------------------------------------------
@pytest.mark.parametrize("request_, field", [
    ({"mois_grossesse": 0}, "mois_grossesse"),
    ({"mois_grossesse": 10}, "mois_grossesse"),
    ({"mois_grossesse": 6.5}, "mois_grossesse"),
    ({"mois_grossesse": 7, "post_partum": True}, "mois_grossesse"),
    ({"post_partum": "oui"}, "post_partum"),
    ({"post_partum": True, "hors_nomenclature": True, "price": 40}, "post_partum"),
])
def test_maternity_fields_are_checked(request_, field):
    with pytest.raises(CalculatorInputError) as error:
        calculate(request_)
    assert error.value.field == field


def test_the_maternity_months_come_from_the_parameters():
    params = default_parameters()
    first_month = int(params.at("maternite.debut_mois_grossesse", DAY).value)
    at_start = calculate({"act": "membre", "mois_grossesse": first_month, "date": "2026-12-01"})
    before = calculate({"act": "membre", "mois_grossesse": first_month - 1, "date": "2026-12-01"})
    assert at_start["amo_rate"] == 100 and at_start["per_session"][0]["franchise"] == 0
    assert before["amo_rate"] == 60 and before["per_session"][0]["franchise"] == 1


# -- Structure -----------------------------------------------------------------------------------
def test_scheduled_value_is_listed_with_its_status():
    result = calculate({"act": "membre", "date": "2027-08-01"})  # 8,4 from 01/07/2027, announced
    assert any(p["status"] == "scheduled" for p in result["parameters"])


def test_confirmed_values_raise_no_scheduled_warning():
    result = calculate({"act": "membre", "date": "2026-03-01"})
    assert not any("non confirmée" in w for w in result["warnings"])


def test_result_lists_parameters_with_dates_references_and_sources():
    result = calculate({"act": "membre", "date": "2026-03-01"})
    letter = next(p for p in result["parameters"] if p["name"] == "lettre_cle.metropole")
    assert letter["value"] == "2.21" and letter["from"] == "2024-02-22" and letter["unit"] == "EUR"
    assert "Avenant n° 7" in letter["reference"] and letter["source"].startswith("http")
    assert letter["verified"]
    assert result["act_id"] == "membre"


def test_default_date_is_today():
    assert calculate({})["date"] == dt.date.today().isoformat()


def test_french_explanation_shows_the_rounding_and_the_totals():
    text = explain_fr(compute({"sessions": 10, "price": 25, "mutuelle": {"br_percent": 100}, "date": "2026-12-01"}))
    assert "17,90 € (tarif de l'acte) + 7,10 € (dépassement) = 25,00 €" in text
    assert "60 % de 17,90 € = 10,74 € par séance (arrondi au centime" in text
    assert "soit 107,40 € pour 10 séances" in text
    assert "Reste à votre charge : 250,00 € − 97,40 € (Assurance Maladie) − 71,60 € (mutuelle) = 81,00 €" in text
    assert "séances 1 à 10" in text
    assert "mutuelle dépend de votre contrat" in text
    assert "Textes :" in text and "Sources :" in text


def test_french_explanation_of_a_home_visit_shows_the_kilometric_allowance():
    text = explain_fr(compute({"act": "membre", "distance_km": 5, "date": "2026-12-01"}))
    assert "(2 × 5 km − 4 km) × 0,38 € = 2,28 €" in text
    assert "= 22,68 €" in text
    assert "mutuelle dépend de votre contrat" not in text  # no mutuelle said: « Part mutuelle : 0,00 € », no advice


def test_alsace_moselle_says_it_is_for_members_of_the_regime_local_only_when_applied():
    applied = calculate({"act": "membre", "regime": "alsace_moselle", "date": "2026-03-01"})
    assert any("affiliés" in a for a in applied["assumptions"])
    not_applied = calculate({"act": "membre", "regime": "alsace_moselle", "prise_en_charge_100": "ald",
                             "date": "2026-03-01"})
    assert not any("affiliés" in a for a in not_applied["assumptions"])


def test_at_18_the_franchise_is_counted_with_the_rule_of_the_1st_of_january():
    # CSS art. D.160-12: no franchise for the year if the patient was under 18 on 1 January.
    note = "franchise comptée : à 18 ans, elle n'est due que si le patient avait déjà 18 ans au 1er janvier"
    assert note in calculate({"act": "membre", "age": 18, "date": "2026-12-01"})["assumptions"]
    for age in (17, 19):
        assert note not in calculate({"act": "membre", "age": age, "date": "2026-12-01"})["assumptions"]


def test_a_kine_status_not_said_is_an_assumption_of_the_result():
    # « je sais pas » to the situation: the tariffs counted are the convention's, and the result says so.
    assert "kiné conventionné" in calculate({"act": "membre", "date": "2026-12-01"})["assumptions"]
    for said in ({"conventionne": True}, {"conventionne": False, "price": 50}, {"hors_nomenclature": True, "price": 40}):
        assert "kiné conventionné" not in calculate({"date": "2026-12-01", **said})["assumptions"]


def test_an_overseas_tariff_says_which_key_letter_it_used():
    # 8,1 × 2,43 € = 19,683 € → 19,68 €: the person sees why it is not the 17,90 € of metropolitan France.
    assert "lettre clé d'outre-mer (DROM) à 2,43 €" in calculate(
        {"act": "membre", "drom": True, "date": "2026-12-01"})["assumptions"]
    assert not any("DROM" in a for a in calculate({"act": "membre", "date": "2026-12-01"})["assumptions"])



def test_the_daily_rhythm_is_an_assumption_of_sessions_not_of_bilans():
    # Two sessions a day at most keep each one billed in full; two bilans say nothing of a day.
    assert "au plus deux séances par jour" in calculate({"act": "membre", "sessions": 10, "date": "2026-12-01"})["assumptions"]
    for act in ("bilan", "bilan_neuro"):
        assert "au plus deux séances par jour" not in calculate(
            {"act": act, "sessions": 2, "date": "2026-12-01"})["assumptions"]

# -- Bad input: French messages that name the field in French --------------------------------------
FRENCH_WORDS = ("date", "zone", "mutuelle", "coefficient", "domicile")  # field names that are also French words


@pytest.mark.parametrize("request_, field, french", [
    ({"sessions": 0}, "sessions", "Le nombre de séances"),
    ({"sessions": -3}, "sessions", "Le nombre de séances ne peut pas être négatif"),
    ({"sessions": 2.5}, "sessions", "Le nombre de séances doit être un nombre entier"),
    ({"sessions": "dix"}, "sessions", "« dix » n'en est pas un"),
    ({"sessions": 10000}, "sessions", "trop grand"),
    ({"price": 0}, "price", "Le prix d'une séance"),
    ({"price": -20}, "price", "Le prix d'une séance ne peut pas être négatif"),
    ({"price": 100000}, "price", "Le prix d'une séance"),
    ({"act": "massage"}, "act", "Soin inconnu"),
    ({"coefficient": 8.1, "act": "membre"}, "coefficient", "pas les deux"),
    ({"regime": "msa"}, "regime", "Le régime d'assurance maladie"),
    ({"zone": "colline"}, "zone", "à pied ou à ski"),
    ({"date": "23/11/2026"}, "date", "AAAA-MM-JJ"),
    ({"date": "2026-02-30"}, "date", "La date des séances n'existe pas : le 30/02/2026."),
    ({"date": "2001-01-01"}, "date", "trop ancienne"),
    ({"prise_en_charge_100": "cmu"}, "prise_en_charge_100", "La prise en charge à 100 %"),
    ({"mutuelle": {"br_percent": -10}}, "mutuelle", "La garantie de la mutuelle ne peut pas être négative"),
    ({"mutuelle": {"percent": 100}}, "mutuelle", "La garantie de la mutuelle"),
    # a share of the ticket modérateur is at most all of it; beyond the tariff, the rate of the base says it
    ({"mutuelle": {"tm_percent": 150}}, "mutuelle", "Une mutuelle paie au plus tout le ticket modérateur, 100 % "
                                                    "(150 % donné) : pour un remboursement au-delà du tarif, donnez "
                                                    "son taux de la base (« 200 % »)."),
    # more than what was paid is no guarantee
    ({"mutuelle": {"fr_percent": 150}}, "mutuelle", "Une mutuelle ne rembourse pas plus que la dépense : au plus "
                                                    "100 % des frais réels (150 % donné)."),
    ({"mutuelle": 100}, "mutuelle", "La garantie de la mutuelle"),
    ({"mutuelle": {"per_session": 25, "annual": -1}}, "mutuelle", "ne peut pas être négative"),
    ({"mutuelle": {"per_session": 25, "br_percent": 100}}, "mutuelle", "ou les deux : des euros par séance dans "
                                                                      "la limite d'un forfait annuel"),
    # the supplement is for a session of rehabilitation (chapter II), not a bilan (chapter I)
    ({"act": "bilan", "balneo": "bassin"}, "balneo", "pas à un bilan ni à un acte hors nomenclature"),
    ({"balneo": "jacuzzi"}, "balneo", "Le lieu de la kinébalnéothérapie (bassin ou piscine) n'est pas reconnu"),
    ({"conventionne": "oui"}, "conventionne", "Le conventionnement du kiné"),
    ({"age": 200}, "age", "L'âge du patient"),
    ({"hors_nomenclature": True}, "price", "hors nomenclature"),
    ({"hors_nomenclature": True, "act": "membre"}, "act", "hors nomenclature"),
    ({"price": 80, "conventionne": False, "depassement": 10}, "depassement", "prix total"),
    ({"franchise_already_paid": 80}, "franchise_already_paid", "franchises déjà payées"),
    ({"distance_km": 5, "domicile": False}, "distance_km", "La distance"),
    ({"distance_km": -1}, "distance_km", "ne peut pas être négative"),
    ({"mois_grossesse": 12}, "mois_grossesse", "Le mois de grossesse"),
    ({"sesions": 10}, "sesions", "« sesions »"),
])
def test_bad_input_names_the_field_in_french(request_, field, french):
    with pytest.raises(CalculatorInputError) as error:
        calculate(request_)
    assert error.value.field == field
    assert french in error.value.message
    if field in FIELD_NAMES:
        # the machine name never appears, quoted or bare, in the French message
        assert f"« {field} »" not in error.value.message
        assert f'"{field}"' not in error.value.message
        assert not ("_" in field and field in error.value.message)
        if field not in FRENCH_WORDS:
            assert not re.search(rf"\b{field}\b", error.value.message)


def test_every_field_has_a_french_name():
    assert set(FIELD_NAMES) == set(FIELDS)


def test_a_prescriber_outside_the_convention_is_the_first_warning_when_it_empties_the_reimbursement():
    # On 01/08/2027 the basic act rests on a scheduled coefficient (a warning too); the reason for 0 € comes first.
    calc = compute({"sessions": 10, "date": "2027-08-01", "prescripteur_non_conventionne": True})
    assert calc.warnings[0].startswith("Ordonnance d'un médecin non conventionné : depuis le 1er janvier 2027")
    assert sum(s.amo for s in calc.sessions) == 0
