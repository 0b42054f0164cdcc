"""The calculator conversation in bot/dialogue.py: what each answer fills, what is asked next."""
import datetime as dt

import pytest

from bot import dialogue
from bot.calculator import calculate

TODAY = dt.date(2026, 3, 1)


def converse(*turns, slots=None):
    """Plays user messages; returns the final slots and every note and error said."""
    slots = dict(slots or {name: None for name in dialogue.SLOTS})
    said = []
    requested = None
    for text in turns:
        update = dialogue.interpret(text, requested, current=slots)
        slots.update(update.slots)
        said += update.notes + update.errors
        requested = next((n for n in dialogue.required_slots(slots, today=TODAY) if slots.get(n) is None), None)
    return slots, requested, said


def test_a_fully_specified_message_needs_no_question():
    slots, requested, _ = converse(
        "10 séances de rééducation du genou à domicile, je suis en ALD, mutuelle à 200 %, combien je paie ?")
    assert requested is None
    request = dialogue.request_from_slots(slots, today=TODAY)
    assert request == {"sessions": 10, "act": "membre", "domicile": True, "prise_en_charge_100": "ald",
                       "mutuelle": {"br_percent": 200}}


def test_article_case_12_sessions_at_80_with_a_300_forfait_in_two_turns():
    slots, requested, _ = converse("12 séances à 80 € avec un forfait mutuelle de 300 € par an")
    assert requested == "calc_prix_eleve"
    slots, requested, _ = converse("12 séances à 80 € avec un forfait mutuelle de 300 € par an",
                                   "il est non conventionné")
    assert requested is None
    result = calculate({**dialogue.request_from_slots(slots, today=TODAY), "date": "2026-03-01"})
    assert result["total"]["patient"] == 660


def test_article_case_10_sessions_at_17_90_with_mutuelle_100_in_two_turns():
    slots, requested, _ = converse("10 séances à 17,90 € avec une mutuelle à 100 %")
    assert requested == "calc_situation"
    slots, requested, _ = converse("10 séances à 17,90 € avec une mutuelle à 100 %", "aucune")
    assert requested is None
    result = calculate({**dialogue.request_from_slots(slots, today=TODAY), "date": "2026-03-01"})
    assert result["total"]["patient"] == 10


def test_step_by_step_with_bare_answers():
    slots, requested, _ = converse("combien je vais payer ?")
    assert requested == "calc_sessions"
    slots, requested, _ = converse("combien je vais payer ?", "dix")
    assert requested == "calc_acte"
    slots, requested, _ = converse("combien je vais payer ?", "dix", "pour mon dos")
    assert requested == "calc_mutuelle"
    slots, requested, _ = converse("combien je vais payer ?", "dix", "pour mon dos", "150")
    assert requested == "calc_situation"
    slots, requested, _ = converse("combien je vais payer ?", "dix", "pour mon dos", "150", "non")
    assert requested is None
    assert dialogue.request_from_slots(slots, today=TODAY) == {
        "sessions": 10, "act": "membre", "mutuelle": {"br_percent": 150}}


def test_a_correction_mid_form_replaces_the_value():
    slots, requested, _ = converse("10 séances", "non, 12 séances")
    assert slots["calc_sessions"] == 12 and requested == "calc_acte"


def test_loose_count_is_taken_and_said():
    slots, _, said = converse("une quinzaine de séances")
    assert slots["calc_sessions"] == 15
    assert any("15 séances" in s for s in said)


def test_dont_know_uses_stated_defaults():
    slots, requested, said = converse("combien je vais payer ?", "5", "je ne sais pas", "je ne sais pas",
                                      "je sais pas")
    assert requested is None
    assert dialogue.request_from_slots(slots, today=TODAY) == {
        "sessions": 5, "act": "membre", "mutuelle": {"br_percent": 100}}
    assert any("contrat responsable" in s for s in said)


def test_no_mutuelle():
    slots, _, _ = converse("combien je vais payer ?", "5", "genou", "pas de mutuelle")
    assert slots["calc_mutuelle"] == {"mutuelle": None}


@pytest.mark.parametrize("answer, error_word", [("0 séance", "sessions"), ("500 séances", "sessions")])
def test_out_of_range_count_is_refused_and_asked_again(answer, error_word):
    slots, requested, said = converse(answer)
    assert slots["calc_sessions"] is None and requested == "calc_sessions"
    assert any(error_word in s for s in said)


def test_values_sent_as_entities_are_validated_like_text():
    update = dialogue.interpret("/inform", "calc_sessions", entities=[{"entity": "sessions", "value": -4}])
    assert update.slots["calc_sessions"] is None and update.errors
    update = dialogue.interpret("/inform", "calc_sessions", entities=[{"entity": "sessions", "value": 8}])
    assert update.slots["calc_sessions"] == 8
    update = dialogue.interpret("/inform", "calc_acte", entities=[{"entity": "act", "value": "yoga"}])
    assert update.slots["calc_acte"] is None and "acte inconnu" in update.errors[0]


def test_a_question_fills_nothing():
    update = dialogue.interpret("c'est quoi la franchise médicale ?", "calc_mutuelle")
    assert update.slots == {}


def test_depassement_choice_turns_a_price_into_tariff_plus_depassement():
    slots, requested, _ = converse("5 séances à 30 €", "conventionné avec un dépassement", "pas de mutuelle")
    assert requested is None
    request = dialogue.request_from_slots(slots, today=TODAY)
    assert request["act"] == "membre" and request["depassement"] == pytest.approx(12.10)
