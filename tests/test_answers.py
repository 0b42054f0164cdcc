"""FAQ answers: one per contract topic, sourced, short, and never a literal dated figure."""
import re

import pytest

from bot.answers import answer_values
from bot.topics import TOPIC_TITLES

COMPUTED = {"calcul_tarif_acte", "calcul_remboursement"}  # answered by custom actions
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def texts(domain, name):
    return [variant["text"] for variant in domain["responses"][name]]


def test_every_contract_topic_has_an_intent_a_title_and_answers(domain, faq_topics):
    for topic in faq_topics:
        assert topic["id"] in domain["intents"], topic["id"]
        assert topic["id"] in TOPIC_TITLES, topic["id"]
        assert f"utter_{topic['id']}_details" in domain["responses"], topic["id"]
        if topic["id"] not in COMPUTED:
            assert f"utter_{topic['id']}" in domain["responses"], topic["id"]


def test_no_response_holds_a_literal_amount_or_rate(domain):
    # The calculator's questions show how to type an answer ("25 €", "200 % BR"): examples, not figures.
    for name, variants in domain["responses"].items():
        if name.startswith("utter_ask_calc_"):
            continue
        for variant in variants:
            assert not re.search(r"\d\s*(€|euros?\b|%)", variant["text"]), name


def test_placeholders_are_slots_filled_at_session_start(domain):
    values = answer_values()
    for name, variants in domain["responses"].items():
        for variant in variants:
            for key in PLACEHOLDER.findall(variant["text"]):
                assert key in values, (name, key)
                assert key in domain["slots"], (name, key)
    assert set(values) <= set(domain["slots"])


@pytest.mark.parametrize("when", ["2024-06-01", "2026-03-01", "2027-08-01"])
def test_answers_render_with_the_figures_of_the_date(domain, when):
    import datetime as dt
    values = answer_values(dt.date.fromisoformat(when))
    for name, variants in domain["responses"].items():
        for variant in variants:
            rendered = variant["text"].format(**values)
            assert "{" not in rendered and "None" not in rendered, name


def test_today_figures_match_the_facts():
    import datetime as dt
    values = answer_values(dt.date(2026, 3, 1))
    assert values["tarif_seance"] == "17,90 €"
    assert values["date_tarif_seance"] == "1er janvier 2026"
    assert values["franchise_acte"] == "1 €"
    assert values["part_amo_seance"] == "10,74 €"
    assert values["ticket_moderateur_seance"] == "7,16 €"
    assert values["exemple_mutuelle_200_total"] == "35,80 €"
    assert values["tarif_plusieurs_territoires"] == "21,00 €"  # 9,8 is scheduled on 28/05/2026
    assert "non confirmée" in answer_values(dt.date(2026, 6, 1))["tarif_plusieurs_territoires"]
    assert "18,56 €" in values["tarif_seance_prevu_phrase"]


def test_faq_answers_are_short_and_name_their_source(domain, faq_topics):
    for topic in faq_topics:
        if topic["id"] in COMPUTED:
            continue
        for text in texts(domain, f"utter_{topic['id']}"):
            body = text.split("Source")[0]
            assert len(body.split()) <= 90, (topic["id"], len(body.split()))
            assert re.search(r"Source : .+https?://", text), topic["id"]
        for text in texts(domain, f"utter_{topic['id']}_details"):
            assert re.search(r"Source : .+https?://", text), topic["id"]


def test_stale_figures_and_myths_are_not_repeated(domain):
    everything = " ".join(v["text"] for variants in domain["responses"].values() for v in variants).lower()
    assert "16,13" not in everything
    assert "0,50" not in everything
    assert "secteur 2" not in everything or "pas" in everything  # only to say it does not apply
