"""A calculation read at a glance (bot/result_view.py): the answer first, a breakdown that
explains every euro, sources named by site, and the same view as plain text, Telegram
HTML, terminal text and the widget's card payload."""
import json
import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calculator import compute
from bot.explain import explain_fr
from bot.result_view import (
    MAX_SOURCES, Row, as_custom_payload, as_text, price_composition, result_message, result_view, view_from_payload,
)
from bot.wording import Source, named_sources, site_name

DATE = "2026-12-01"
TEN_WITH_MUTUELLE = {"date": DATE, "sessions": 10, "act": "membre", "mutuelle": {"br_percent": 100}}


def view_of(**request):
    return result_view(compute({"date": DATE, **request}))


def rows(view):
    return [(row.label, row.amount) for row in view.rows]


# ---- the answer first, then every euro -----------------------------------------------------

def test_ten_sessions_with_a_mutuelle_at_100_percent_of_the_base():
    view = result_view(compute(TEN_WITH_MUTUELLE))
    assert view.headline == "Reste à votre charge : 10,00 € pour 10 séances (1,00 € par séance)"
    assert view.amount == "10,00 €"
    assert rows(view) == [
        ("Prix des 10 séances", "179,00 €"),
        ("Assurance Maladie (60 % de 17,90 € = 10,74 € par séance × 10)", "− 107,40 €"),
        ("Franchise médicale", "+ 10,00 €"),
        ("Mutuelle (100 % de la base de remboursement)", "− 71,60 €"),
        ("Reste à votre charge", "10,00 €"),
    ]
    assert view.context == ("Rééducation d'un membre ou du rachis (genou, LCA, entorse, lombalgie), "
                            "tarifs au 1er décembre 2026")


def test_without_a_mutuelle_the_line_says_so():
    # « pas de mutuelle » read « Mutuelle (aucune indiquée) », as if the user had not answered.
    view = view_of(sessions=10, act="membre")
    assert view.headline == "Reste à votre charge : 81,60 € pour 10 séances (8,16 € par séance)"
    assert ("Sans mutuelle", "0,00 €") in rows(view)


def test_the_mutuelle_line_says_the_guarantee_it_was_counted_with():
    # « TM + 50 % » is read as 150 % of the base, « 50 % du TM » as half the ticket modérateur: the line says
    # which, so that a misreading shows (it said « Mutuelle » alone).
    view = view_of(sessions=10, act="membre", mutuelle={"tm_percent": 50})
    assert ("Mutuelle (50 % du ticket modérateur)", "− 35,80 €") in rows(view)
    view = view_of(sessions=10, act="membre", mutuelle={"annual": 300})
    assert ("Mutuelle (forfait de 300,00 € par an)", "− 71,60 €") in rows(view)  # the franchise stays
    view = view_of(sessions=6, price=40, hors_nomenclature=True, mutuelle={"per_session": 25, "annual": 100})
    assert ("Mutuelle (25,00 € par séance, 100,00 € par an au plus)", "− 100,00 €") in rows(view)
    view = view_of(sessions=10, act="membre", depassement=8, mutuelle={"fr_percent": 100})
    assert ("Mutuelle (100 % des frais réels)", "− 151,60 €") in rows(view)  # the franchise stays


def test_with_a_full_cover_at_the_tariff_the_mutuelle_line_says_nothing_is_left_for_it():
    # The mutuelle is not asked for then (bot.dialogue.nothing_for_a_mutuelle): « sans mutuelle » was wrong.
    view = view_of(sessions=10, act="membre", prise_en_charge_100="ald")
    assert view.headline == "Reste à votre charge : 10,00 € pour 10 séances (1,00 € par séance)"
    assert ("Mutuelle", "0,00 €") in rows(view) and ("Sans mutuelle", "0,00 €") not in rows(view)


def test_with_the_css_or_the_ame_no_mutuelle_line_and_the_css_named_beside_the_assurance_maladie():
    # The CSS is the complémentaire (its share is the ticket modérateur); with it or the AME no mutuelle pays.
    assert rows(view_of(sessions=10, act="respiratoire", prise_en_charge_100="css", age=1)) == [
        ("Prix des 10 séances", "187,90 €"),
        ("Assurance Maladie et complémentaire santé solidaire (100 % de 18,79 € = 18,79 € par séance × 10)",
         "− 187,90 €"),
        ("Reste à votre charge", "0,00 €"),
    ]
    assert [label for label, _ in rows(view_of(sessions=10, act="membre", prise_en_charge_100="ame"))] == [
        "Prix des 10 séances", "Assurance Maladie (100 % de 17,90 € = 17,90 € par séance × 10)", "Reste à votre charge"]


def test_one_session_has_no_per_session_figure():
    assert view_of(sessions=1, act="membre").headline == "Reste à votre charge : 8,16 € pour une séance"


def test_sessions_that_cost_differently_give_an_average():
    # 48 € of franchises already paid: the 50 € annual cap is reached after two sessions.
    view = view_of(sessions=10, act="membre", franchise_already_paid=48)
    assert view.headline == "Reste à votre charge : 73,60 € pour 10 séances (en moyenne 7,36 € par séance)"
    assert ("Franchise médicale", "+ 2,00 €") in rows(view)


def test_a_depassement_is_its_own_line():
    view = view_of(sessions=3, act="membre", depassement=10, mutuelle={"per_session": 5})
    assert rows(view) == [
        ("Tarif des 3 séances", "53,70 €"),
        ("Dépassement d'honoraires", "+ 30,00 €"),
        ("Assurance Maladie (60 % de 17,90 € = 10,74 € par séance × 3)", "− 32,22 €"),
        ("Franchise médicale", "+ 3,00 €"),
        ("Mutuelle (5,00 € par séance)", "− 15,00 €"),
        ("Reste à votre charge", "39,48 €"),
    ]
    assert view.rows[1].note == "non remboursé par l'Assurance Maladie"


def test_a_home_visit_price_shows_its_parts():
    detail = {"acte": Decimal("17.90"), "ifd": Decimal("2.50"), "ik": Decimal("2.28")}
    assert price_composition(detail, Decimal("22.68")) == (
        "22,68 € = séance 17,90 € + déplacement 2,50 € + indemnités kilométriques 2,28 €")
    assert price_composition({"acte": Decimal("17.90")}, Decimal("17.90")) == ""  # nothing to explain


def test_a_home_visit_calculation_explains_its_price():
    view = view_of(sessions=1, act="membre", domicile=True)
    assert rows(view)[0] == ("Prix de la séance", "20,40 €")
    assert view.rows[0].note == "20,40 € = séance 17,90 € + déplacement 2,50 €"
    several = view_of(sessions=4, act="membre", domicile=True)
    assert several.rows[0].note == "par séance : 20,40 € = séance 17,90 € + déplacement 2,50 €"


def test_bilans_are_counted_as_bilans_not_sessions():
    # « Reste à votre charge : 20,92 € pour 2 séances » for the 2 bilans of a 35-session course.
    view = view_of(sessions=2, act="bilan", domicile=True)
    assert view.headline == "Reste à votre charge : 22,92 € pour 2 bilans (11,46 € par bilan)"
    assert rows(view)[:2] == [("Prix des 2 bilans", "52,30 €"),
                              ("Assurance Maladie (60 % de 26,15 € = 15,69 € par bilan × 2)", "− 31,38 €")]
    assert view.rows[0].note == "par bilan : 26,15 € = bilan 23,65 € + déplacement 2,50 €"
    assert view_of(sessions=1, act="bilan_neuro").headline.endswith(" pour un bilan")
    explanation = explain_fr(compute({"date": DATE, "sessions": 2, "act": "bilan"}))
    assert explanation.startswith("Estimation pour 2 bilans, tarifs au 01/12/2026")
    assert "Prix total : 23,65 € × 2 bilans = 47,30 €" in explanation
    assert "séance" not in explanation.split("Hypothèses")[0]


def _signed(amount):
    sign = -1 if amount.startswith("−") else 1
    return sign * Decimal(re.sub(r"[^\d,]", "", amount).replace(",", "."))


@pytest.mark.parametrize("request_", [
    TEN_WITH_MUTUELLE,
    {"date": DATE, "sessions": 12, "act": "membre", "depassement": 15, "mutuelle": {"annual": 100}},
    {"date": DATE, "sessions": 2, "conventionne": False, "price": 50, "mutuelle": {"annual": 30}},
    {"date": DATE, "sessions": 5, "act": "membre", "domicile": True, "distance_km": 12, "prise_en_charge_100": "ald"},
    {"date": DATE, "sessions": 30, "act": "membre", "franchise_already_paid": 45, "mutuelle": {"per_session": 3}},
])
def test_the_breakdown_adds_up_to_the_amount_left_to_pay(request_):
    view = result_view(compute(request_))
    *parts, total = view.rows
    assert total.total and total.amount == view.amount
    assert sum(_signed(row.amount) for row in parts) == _signed(view.amount)


# ---- sources by name ---------------------------------------------------------------------------

@pytest.mark.parametrize("url, name", [
    ("https://www.ameli.fr/assure/remboursements", "ameli"),
    ("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006741289", "Légifrance"),
    ("http://snmkr.fr/la-profession/", "SNMKR"),
    ("https://www.ordremk.fr/actualites/", "Ordre des kinés"),
    ("https://www.magnolia.fr/remboursement/prix-seance-kine", "magnolia.fr"),
    # a copy of the NGAP kept in a repository is named by the text it holds (it read « github.com »)
    ("https://github.com/vincent-bidaux/captain-amk/blob/2925e62589497aa1cb07789a15bc46628e673d91/data/sources/"
     "titre14-21062026.txt", "NGAP, titre XIV (copie texte de la version publiée par ameli)"),
])
def test_sites_are_named_as_people_know_them(url, name):
    assert site_name(url) == name


def test_at_most_three_sources_one_per_site_official_first():
    sources = named_sources([
        "https://www.magnolia.fr/a", "https://www.snmkr.fr/avenant-7", "http://snmkr.fr/autre",
        "URL exacte non conservée", "https://www.ameli.fr/b", "https://www.legifrance.gouv.fr/c",
    ])
    assert [s.name for s in sources] == ["Légifrance", "ameli", "SNMKR", "magnolia.fr"]
    assert sources[2].url == "https://www.snmkr.fr/avenant-7"
    view = view_of(sessions=1, act="plusieurs_territoires", domicile=True)
    assert len(view.sources) == MAX_SOURCES and view.more_sources
    assert [s.name for s in view.sources][:2] == ["Légifrance", "ameli"]  # the code's articles, then ameli


def test_the_explanation_and_the_card_say_what_they_share_in_the_same_words():
    calc = compute({"date": DATE, "sessions": 12, "price": 80, "conventionne": False, "mutuelle": {"annual": 300}})
    explanation, card = explain_fr(calc).splitlines(), as_text(result_view(calc)).splitlines()
    shared = [line for line in card if line.startswith(("Hypothèses : ", "⚠ "))]
    assert "⚠ Kiné non conventionné" in "\n".join(shared) and any(line.startswith("Hypothèses") for line in shared)
    assert all(line in explanation for line in shared)
    assert "• Reste à votre charge : 960,00 € − 0,00 € (Assurance Maladie) − 300,00 € (mutuelle) = 660,00 €" \
        in explanation
    assert card[0] == "Reste à votre charge : 660,00 € pour 12 séances (en moyenne 55,00 € par séance)"
    sources = [f"{s.name} ({s.url})" for s in result_view(calc).sources]
    assert all(source in explanation[-1] for source in sources)  # the same sites, named alike


# ---- the same view on every channel ----------------------------------------------------------

def test_plain_text_gives_the_answer_first_then_the_breakdown_and_sources_by_name():
    view = replace(result_view(compute(TEN_WITH_MUTUELLE)), notes=("J'ai compris : 10 séances.",),
                   hint="Pour changer une valeur, dites-la simplement.")
    lines = as_text(view).split("\n")
    assert lines[:3] == [
        "J'ai compris : 10 séances.",
        "Reste à votre charge : 10,00 € pour 10 séances (1,00 € par séance)",
        "Rééducation d'un membre ou du rachis (genou, LCA, entorse, lombalgie), tarifs au 1er décembre 2026",
    ]
    assert ("• Assurance Maladie (60 % de 17,90 € = 10,74 € par séance × 10) : − 107,40 € "
            "(arrondi au centime à chaque séance)") in lines
    assert lines[-1] == "Pour changer une valeur, dites-la simplement."
    sources = next(line for line in lines if line.startswith("Sources : "))
    assert sources.count("https://") <= MAX_SOURCES and "SNMKR https://www.snmkr.fr/avenant-7" in sources


def test_the_terminal_prints_names_then_each_link_once():
    view = view_of(sessions=1, act="plusieurs_territoires", domicile=True)
    text = as_text(view, "shell")
    names = ", ".join(s.name for s in view.sources)
    assert f"Sources : {names} (et {len(view.more_sources)} autres sources)" in text
    for source in view.sources:
        assert text.count(source.url) == 1 and f"  {source.name} : {source.url}" in text


def test_telegram_html_has_a_bold_amount_links_by_name_and_everything_escaped():
    view = replace(result_view(compute(TEN_WITH_MUTUELLE)),
                   warnings=("Un <script>alert(1)</script> & co",),
                   sources=(Source("ameli", 'https://www.ameli.fr/x?a=1&b="2"'),), more_sources=())
    text = as_text(view, "telegram")
    assert text.startswith("<b>Reste à votre charge : 10,00 €</b> pour 10 séances (1,00 € par séance)")
    assert "Un &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in text
    assert 'Sources : <a href="https://www.ameli.fr/x?a=1&amp;b=&quot;2&quot;">ameli</a>' in text
    assert "Rééducation d&#x27;un membre" in text
    assert "<script>" not in text


def test_no_internal_word_reaches_the_user():
    requests_ = [TEN_WITH_MUTUELLE,
                 {"date": DATE, "sessions": 3, "act": "membre", "depassement": 10, "domicile": True, "distance_km": 9},
                 {"date": DATE, "sessions": 2, "conventionne": False, "price": 50, "hors_nomenclature": False}]
    for request_ in requests_:
        view = result_view(compute(request_))
        mine = [view.headline, view.context, *(f"{r.label} {r.amount} {r.note}" for r in view.rows),
                *(s.name for s in view.sources + view.more_sources)]
        for text in mine:
            assert not re.search(r"[a-z]+_[a-z]+|sessions|br_percent|Decimal|None", text), text


def test_the_card_payload_is_json_and_reads_back_as_the_same_view():
    view = result_view(compute(TEN_WITH_MUTUELLE))
    assert view_from_payload(as_custom_payload(view)) == view
    payload = json.loads(json.dumps(as_custom_payload(view)))
    assert payload == as_custom_payload(view)
    assert payload["type"] == "kine_result" and payload["amount"] == "10,00 €"
    assert payload["rows"][0] == {"label": "Prix des 10 séances", "amount": "179,00 €", "note": "", "total": False}
    assert view_from_payload(payload) == view


def test_a_damaged_payload_loses_only_its_damaged_parts():
    payload = {"type": "kine_result", "amount": "5,00 €", "rows": [{"label": "Prix", "amount": 5}, "x", {}],
               "warnings": ["ok", 3], "sources": [{"name": "x", "url": "javascript:alert(1)"}]}
    view = view_from_payload(payload)
    assert view.rows == (Row("Prix", ""),) and view.warnings == ("ok",) and view.sources == ()


def test_the_message_for_each_channel():
    view = result_view(compute(TEN_WITH_MUTUELLE))
    assert result_message(view, "cmdline") == {"text": as_text(view, "shell")}
    for channel in ("socketio", "rest", "telegram", None):
        message = result_message(view, channel)
        assert message["text"] == as_text(view) and message["json_message"]["type"] == "kine_result"
    with pytest.raises(ValueError):
        as_text(view, "fax")


def test_the_assurance_maladie_line_adds_up_as_shown_when_the_caisse_rounds_each_session():
    # 60 % of 18,79 € (ARL 8,5) is 11,274 €: 11,27 € a session, 56,35 € for five (not 60 % of 93,95 € = 56,37 €).
    view = view_of(sessions=5, act="respiratoire", mutuelle={"br_percent": 100})
    assert ("Assurance Maladie (60 % de 18,79 € = 11,27 € par séance × 5)", "− 56,35 €") in rows(view)


@settings(max_examples=200, deadline=None)
@given(sessions=st.integers(1, 30), act=st.sampled_from(["membre", "respiratoire", "drainage_1_membre",
                                                            "plusieurs_territoires", "bilan", "perineal"]),
       regime=st.sampled_from(["general", "alsace_moselle"]), paid=st.integers(0, 50))
def test_every_assurance_maladie_line_adds_up_as_shown(sessions, act, regime, paid):
    view = view_of(sessions=sessions, act=act, regime=regime, franchise_already_paid=paid)
    line = next(row for row in view.rows if row.label.startswith("Assurance Maladie"))
    amount = Decimal(line.amount.replace("− ", "").replace("\u202f", "").replace(" €", "").replace(",", "."))
    m = re.search(r"(\d+) % de ([\d ,]+) €(?: = ([\d ,]+) € par (?:séance|bilan) × (\d+))?", line.label)
    rate, base = Decimal(m.group(1)), Decimal(m.group(2).replace(",", ".").replace(" ", ""))
    if m.group(3):
        per = Decimal(m.group(3).replace(",", "."))
        assert (rate * base / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == per
        assert per * int(m.group(4)) == amount
    else:
        assert sessions == 1 and (rate * base / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == amount
