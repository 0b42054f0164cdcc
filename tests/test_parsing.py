"""Reading calculator values out of everyday French."""
import re

import pytest

from bot.parsing import BODY_REGIONS, REGION_WORDS, normalise, parse_amount, parse_count, parse_request


@pytest.mark.parametrize("text, expected", [
    ("10 séances de rééducation du genou à domicile, je suis en ALD, mutuelle à 200 %, combien je paie ?",
     {"sessions": 10, "act": "membre", "domicile": True, "prise_en_charge_100": "ald", "mutuelle": {"br_percent": 200}}),
    ("12 séances à 80 € chez un kiné non conventionné, ma mutuelle a un forfait de 300 € par an",
     {"sessions": 12, "price": 80, "conventionne": False, "mutuelle": {"annual": 300}}),
    ("dix séances à 17,90 € avec une mutuelle à 100%", {"sessions": 10, "price": 17.9, "mutuelle": {"br_percent": 100}}),
    ("combien vaut un AMK 8,1 ?", {"coefficient": 8.1, "lettre": "AMK"}),
    # a mutuelle's rate without its sign, three digits after the word (lost until 2026-12-06)
    ("10 séances, mutuelle 200", {"sessions": 10, "mutuelle": {"br_percent": 200}}),
    ("ma mutuelle est à 150", {"mutuelle": {"br_percent": 150}}),
    ("mutuelle 150 euros par an", {"mutuelle": {"annual": 150}}),
    ("10 séances RAM 8,09", {"coefficient": 8.09, "lettre": "RAM", "sessions": 10}),  # the NGAP's letters since 22/02/2024
    ("VIC 8,10 à domicile", {"coefficient": 8.1, "lettre": "VIC", "domicile": True}),
    ("le coefficient est de 8,5", {"coefficient": 8.5}),  # without its letter
    ("coef 9", {"coefficient": 9}),
    ("mon kiné me prend 10 euros de dépassement par séance, 8 séances", {"sessions": 8, "depassement": 10}),
    ("séance à 80 balles, la mutuelle rembourse 20 € par séance",
     {"price": 80, "mutuelle": {"per_session": 20}}),
    # A forfait per session is not a yearly envelope (until 2026-12-04 it was read as 20 € a year).
    ("mon kiné n'est pas conventionné, il prend 60 €, la mutuelle forfait 20 € par séance, 8 séances",
     {"sessions": 8, "price": 60, "conventionne": False, "mutuelle": {"per_session": 20}}),
    ("8 séances à 60 €, ma mutuelle rembourse un forfait de 20 € par séance",
     {"sessions": 8, "price": 60, "mutuelle": {"per_session": 20}}),
    ("forfait de 25 € la séance", {"mutuelle": {"per_session": 25}}),
    ("je suis enceinte et j'ai quinze seances", {"sessions": 15, "prise_en_charge_100": "maternite"}),
    ("j'habite en Alsace, 20 séances de kiné respiratoire pour mon fils",
     {"sessions": 20, "act": "respiratoire", "regime": "alsace_moselle", "age": 17}),
    ("kiné respi à domicile pour mon père", {"act": "respiratoire", "domicile": True}),
    ("kiné à 5 km en montagne", {"distance_km": 5, "domicile": True, "zone": "montagne"}),
    ("bilan kiné pour ma mère de 82 ans", {"act": "bilan", "age": 82}),
    ("drainage lymphatique des deux jambes, 80e la séance hors nomenclature",
     {"act": "drainage_2_membres", "price": 80, "hors_nomenclature": True}),
    ("je suis à la CSS", {"prise_en_charge_100": "css"}),
    ("mon kine me fait du pilates a 80 euros c rembourse ?", {"price": 80, "hors_nomenclature": True}),
    ("cours collectif à 15 € la séance", {"price": 15, "hors_nomenclature": True}),
    ("on est à la Réunion", {"drom": True}),
    # « à dom » is chat spelling for a home visit (it was the DOM: 19,68 € a session instead of 17,90 €).
    ("10 séances à dom", {"sessions": 10, "domicile": True}),
    ("stp le kiné à dom c remboursé ?", {"domicile": True}),
    ("séance a dom en martinique", {"domicile": True, "drom": True}),
    ("les tarifs dans les DOM", {"drom": True}),
    ("je suis à dom-tom", {"drom": True}),
    # a town of the DROM, its département or postal code (« j'habite à Fort-de-France » counted 17,90 € a session);
    # not a town whose name is also in the metropole
    ("j'habite à Fort-de-France, 10 séances de kiné pour le genou", {"sessions": 10, "act": "membre", "drom": True}),
    ("je vis à Cayenne", {"drom": True}), ("kiné à Pointe-à-Pitre", {"drom": True}), ("je suis à Mamoudzou", {"drom": True}),
    ("j'habite dans le 974, 10 séances à 20 €", {"sessions": 10, "price": 20, "drom": True}),
    ("je vis à Saint-Pierre (974)", {"drom": True}), ("mon code postal c'est 97200", {"drom": True}),
    ("j'habite à Saint-Denis", {}),
    # a price times a count, as a bill writes it (the count was lost); an explicit count keeps its number
    ("séances à 17,90€ x 10", {"sessions": 10, "price": 17.9}), ("10 x 17,90 €", {"sessions": 10, "price": 17.9}),
    ("kiné 22€ x 12", {"sessions": 12, "price": 22}), ("12 * 18 euros", {"sessions": 12, "price": 18}),
    ("10 séances à 20 € x 2", {"sessions": 10, "price": 20}), ("ma mutuelle rembourse 20 € x 5 séances par an", {}),
    # what the caisse paid back is no price (« 64,44 € pour 6 séances » was 10,74 € a session, refused as below every
    # tariff; « la sécu m'a rendu 97,40 € » replaced the 17,90 € paid)
    ("la sécu m'a remboursé 64,44 € pour 6 séances, c'est normal ?", {"sessions": 6}),
    ("j'ai payé 179 € pour 10 séances et la sécu m'a rendu 97,40 €", {"sessions": 10, "price": 17.9}),
    ("la cpam m'a versé 9,74 € par séance", {}),
    # « 25€50 », the cents against the sign: 25,50 € (it was 25 €)
    ("la séance est à 25€50, 10 séances", {"sessions": 10, "price": 25.5}), ("30 €10 séances", {"sessions": 10, "price": 30}),
    # « chez moi » is a home visit, but « près de chez moi » is where the practice is.
    ("10 séances chez moi, je ne peux pas sortir de chez moi", {"sessions": 10, "domicile": True}),
    ("un kiné en bas de chez moi, non conventionné, 10 séances", {"sessions": 10, "conventionne": False}),
    ("un cabinet près de chez nous à 30 € la séance", {"price": 30, "domicile": False}),
    # A distance to the practice named, without a home visit: sessions there, no travel counted.
    ("le cabinet de mon kiné est à 10 km de chez moi, 10 séances", {"sessions": 10, "domicile": False}),
    ("mon kiné est à 10 km de chez moi, 10 séances", {"sessions": 10, "domicile": False}),
    ("le kiné vient chez moi, son cabinet est à 10 km", {"domicile": True, "distance_km": 10}),
    # A price without its unit, right after the sessions; a rhythm, a rate or a distance is not one.
    ("10 séances à 17,90", {"sessions": 10, "price": 17.9}),
    ("la séance à 45 chez un déconventionné", {"price": 45, "conventionne": False}),
    ("2 fois par semaine, la séance est à 17,90", {"price": 17.9}),
    ("la séance coûte 30 chez mon kiné", {"price": 30}),
    ("la séance est de 25, mutuelle à 100 %", {"price": 25, "mutuelle": {"br_percent": 100}}),
    ("la séance est à 2 km de chez moi", {"distance_km": 2, "domicile": True}),
    ("la séance est de 30 minutes", {}),
    ("c'est 35 la séance", {"price": 35}),
    ("je paye 32 par séance", {"price": 32}),
    ("chaque séance me coûte 28", {"price": 28}),
    ("ma mutuelle donne 20 par séance", {"mutuelle": {"per_session": 20}}),
    ("10 séances de 30 minutes", {"sessions": 10}),
    ("mon kiné me prend 35 la séance, j'en ai 10, je vais payer combien ?", {"price": 35, "sessions": 10}),
    ("30 € la séance, j'en ai 2 par semaine", {"price": 30}),
    # Outside the convention, as people say it; « conventionné ou pas ? » states neither.
    ("mon kiné n'est plus conventionné, 10 séances", {"sessions": 10, "conventionne": False}),
    ("elle n'adhère pas à la convention, 10 séances", {"sessions": 10, "conventionne": False}),
    ("un kiné hors-convention, 10 séances", {"sessions": 10, "conventionne": False}),
    ("il a quitté la convention, 10 séances", {"sessions": 10, "conventionne": False}),
    ("ma kiné est conventionnée, 10 séances", {"sessions": 10, "conventionne": True}),
    ("mon kine est conventione, 10 seances", {"sessions": 10, "conventionne": True}),
    ("il est pas conventione, 10 seances", {"sessions": 10, "conventionne": False}),
    ("10 séances au tarif conventionnel", {"sessions": 10}),
    ("10 séances, je ne sais pas s'il est conventionné ou pas", {"sessions": 10}),
    # A difference of years is no age.
    ("10 séances, et avec 2 ans de plus ?", {"sessions": 10}),
    ("mon père a 70 ans, 10 séances", {"sessions": 10, "age": 70}),
    # The prescribing médecin's status is not the kiné's (L.162-5-10 CSS is about what a médecin prescribes).
    ("10 séances prescrites par un médecin non conventionné", {"sessions": 10, "prescripteur_non_conventionne": True}),
    ("mon généraliste est déconventionné, 10 séances", {"sessions": 10, "prescripteur_non_conventionne": True}),
    ("ordonnance d'un chirurgien secteur 3, 10 séances", {"sessions": 10, "prescripteur_non_conventionne": True}),
    ("mon doc est pas conventionné, 10 séances", {"sessions": 10, "prescripteur_non_conventionne": True}),
    ("mon chirurgien est en secteur 2, la kiné est conventionnée, 10 séances", {"sessions": 10, "conventionne": True}),
    ("mon médecin m'envoie chez un kiné non conventionné, 10 séances", {"sessions": 10, "conventionne": False}),
    ("12 séances à 3 par semaine", {"sessions": 12}),
    ("10 séances à 100 % par ma mutuelle", {"sessions": 10, "mutuelle": {"br_percent": 100}}),
    ("10 séances à 5 km de chez moi", {"sessions": 10, "distance_km": 5, "domicile": True}),
    ("10 séances à 2 reprises", {"sessions": 10}),
    ("10 séances à 2 ou 3 par semaine", {"sessions": 10}),  # was a price of 2 € a session
    ("10 séances, 2 à 3 par semaine", {"sessions": 10}),
    ("combien pr 10 seance kine a domicil", {"sessions": 10, "domicile": True}),  # typed without its e
    # A multiple of the base is the mutuelle's percentage, not a number of sessions (« 2 fois » was 2 sessions).
    ("mutuelle : 3 x la BR", {"mutuelle": {"br_percent": 300}}),
    ("ma mutuelle rembourse 2 fois la base", {"mutuelle": {"br_percent": 200}}),
    ("10 séances, mutuelle 1,5 fois la BRSS", {"sessions": 10, "mutuelle": {"br_percent": 150}}),
])
def test_fields_found_in_a_message(text, expected):
    assert parse_request(text).fields == expected


def test_loose_counts_and_years_are_to_be_confirmed():
    parsed = parse_request("une quinzaine de séances en 2025")
    assert "sessions" not in parsed.fields
    assert parsed.to_confirm == {"sessions": 15, "date": "2025-07-01"}


def test_a_date_written_with_its_months_name_is_read():
    # « et en juillet 2027 ? » after the price's answer got « Je n'ai pas de réponse plus précise… ».
    assert parse_request("10 séances le 1er juillet 2027").fields == {"sessions": 10, "date": "2027-07-01"}
    assert parse_request("le 15 février 2027").fields == {"date": "2027-02-15"}
    # Without its day, the month's first, said back like a year alone.
    parsed = parse_request("et en juillet 2027 ?")
    assert parsed.fields == {} and parsed.to_confirm == {"date": "2027-07-01"}
    assert "date" not in parse_request("mal au dos depuis mai").fields
    # When the trouble began is not the sessions' date.
    for text in ("mal au dos depuis mai 2025, 10 séances", "depuis le 3 mai 2025 je vais chez le kiné"):
        parsed = parse_request(text)
        assert "date" not in parsed.fields and "date" not in parsed.to_confirm, text


@pytest.mark.parametrize("text, sessions, daily", [
    # « 2 séances par jour pendant 5 jours » (a bronchiolite's urgent care) was lost without a word.
    ("kiné respiratoire pour mon bébé, 2 séances par jour pendant 5 jours", 10, (2, 5)),
    ("une séance par jour pendant dix jours", 10, (1, 10)),
    ("tous les jours pendant 2 semaines", 14, (1, 14)),  # a week is 7 days
    ("kiné tt les jours pdt 5 jours", 5, (1, 5)),  # « tt », written out « tout », was lost
    ("2 fois par jour pendant un mois", 56, (2, 28)),  # a month 4 weeks, as for a rhythm by the week
])
def test_a_rhythm_by_the_day_and_its_length_make_a_count_to_be_confirmed(text, sessions, daily):
    parsed = parse_request(text)
    assert "sessions" not in parsed.fields and parsed.to_confirm == {"sessions": sessions}
    assert parsed.daily == daily


def test_a_rhythm_above_two_a_day_is_kept_aside():
    assert parse_request("5 fois par jour pendant 3 jours").invalid == {"per_day": "5"}
    assert parse_request("j'ai mal tous les jours depuis 2 semaines").to_confirm == {}  # no length of sessions


@pytest.mark.parametrize("text, sessions, rhythm", [
    ("3 fois par semaine pendant un mois", 12, (3, 4)),  # a month counted as 4 weeks
    ("deux séances par semaine pendant six semaines", 12, (2, 6)),
    ("2 séances/semaine sur 3 mois", 24, (2, 12)),
    ("trois séances hebdomadaires pendant 2 mois", 24, (3, 8)),
    ("je vais faire 1 séance par semaine pendant 1 an", 52, (1, 52)),  # a year was lost: 52 weeks, said back
    ("kiné 2x/semaine pdt 3 mois", 24, (2, 12)),  # « pdt », pendant in chat spelling, was lost
    ("2 rdv par semaine pdt 1 mois", 8, (2, 4)),
    # « une fois », « chaque semaine », « hebdo » were lost (« 1 séance hebdo pendant 6 mois » was 1 session)
    ("une fois par semaine pendant 2 mois", 8, (1, 8)), ("j'ai un rdv chaque semaine pendant 3 mois", 12, (1, 12)),
    ("je vais chez le kiné toutes les semaines pendant 2 mois", 8, (1, 8)), ("1 séance hebdo pendant 6 mois", 24, (1, 24)),
    # the cost asked by the month: a month of sessions
    ("je vais chez le kiné 2 fois par semaine, ça me coûte combien par mois ?", 8, (2, 4)),
    # « /sem », « par sem. » were lost: « kiné 2 fois/sem pendant 6 semaines » was 2 sessions
    ("kiné 2 fois/sem pendant 6 semaines après une entorse", 12, (2, 6)), ("3 séances / sem sur 1 mois", 12, (3, 4)),
    ("2 fois par sem. pendant 3 semaines", 6, (2, 3)),
    # « un mois et demi » was a month: 8 sessions for 12
    ("deux fois par semaine pendant un mois et demi", 12, (2, 6)),
    ("2 séances par semaine sur 2 mois et demi", 20, (2, 10)),
    ("1 fois par semaine pendant 1 an et demi", 78, (1, 78)),
])
def test_a_rhythm_and_a_length_make_a_count_to_be_confirmed(text, sessions, rhythm):
    parsed = parse_request(text)
    assert "sessions" not in parsed.fields and parsed.to_confirm == {"sessions": sessions}
    assert parsed.rhythm == rhythm


@pytest.mark.parametrize("text", ["j'ai 2 séances par semaine", "3 fois par semaine", "2 séances/semaine", "2 fois/sem"])
def test_a_rhythm_alone_is_not_a_count(text):
    # « 2 séances par semaine » is not 2 sessions, and without a length there is no count.
    parsed = parse_request(text)
    assert "sessions" not in parsed.fields and "sessions" not in parsed.to_confirm


@pytest.mark.parametrize("text, per_week, weeks", [
    ("j'ai 2 séances par semaine", 2, None), ("3x par semaine", 3, None), ("deux fois par semaine", 2, None),
    ("pendant 2 mois", None, 8), ("sur 6 semaines", None, 6), ("8 semaines", None, 8), ("pendant un mois", None, 4),
    ("pendant un an", None, 52),
    ("pendant un mois et demi", None, 6), ("mon fils de 2 ans", None, None), ("j'ai mal depuis 2 ans", None, None),
    # not a length of sessions
    ("j'ai mal depuis 2 mois", None, None), ("mon bébé de 2 mois", None, None), ("enceinte de 2 mois", None, None),
    ("10 séances, 2 par semaine", None, None),  # the count is said
    ("je fais du sport 12 fois par semaine, combien coûte le kiné ?", None, None),  # another activity's rhythm
])
def test_half_a_rhythm_is_kept_for_the_other_half(text, per_week, weeks):
    parsed = parse_request(text)
    assert (parsed.per_week, parsed.weeks) == (per_week, weeks)


def test_no_mutuelle_is_noticed():
    assert parse_request("je n'ai pas de mutuelle").no_mutuelle
    assert not parse_request("ma mutuelle est bonne").no_mutuelle


def test_a_message_without_values_is_empty():
    assert not parse_request("bonjour, c'est quoi un dépassement ?")


@pytest.mark.parametrize("text, count", [("10", 10), ("dix", 10), ("12 séances", 12), ("non, 12 séances", 12),
                                         ("vingt-cinq", 25), ("beaucoup", None), ("", None)])
def test_parse_count(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize("text, amount", [("80", "80"), ("80 €", "80"), ("17,90 euros", "17.90"), ("80e", "80"),
                                          ("quatre-vingts balles", "80"), ("cher", None)])
def test_parse_amount(text, amount):
    result = parse_amount(text)
    assert (str(result) if result is not None else None) == amount


@pytest.mark.parametrize("text, expected", [
    ("il a moins de 18 ans, c'est un nourrisson", {"age": 17}),
    ("il a 4 mois", {"age": 0}),
    ("c'est un bébé de 4 mois", {"age": 0}),
    ("mon fils de 16 ans", {"age": 16}),
    ("mon fils majeur", {"age": 18}),
    ("et pour un adulte ?", {"age": 18}),
    ("plus de 65 ans", {"age": 66}),
    ("j'ai mal au dos depuis 2 ans", {"act": "membre"}),
    ("je suis enceinte de 7 mois", {"prise_en_charge_100": "maternite", "mois_grossesse": 7}),
    ("au 7e mois de grossesse", {"prise_en_charge_100": "maternite", "mois_grossesse": 7}),
    ("j'attends un bébé", {"prise_en_charge_100": "maternite"}),
    # A short what-if with only a month: the month of the pregnancy the answer was about.
    ("et à 7 mois ?", {"prise_en_charge_100": "maternite", "mois_grossesse": 7}),
    ("et si je suis au 8e mois ?", {"prise_en_charge_100": "maternite", "mois_grossesse": 8}),
    ("et pour un bébé de 7 mois ?", {"age": 0}),
    ("et si je fais des séances pendant 7 mois ?", {}),
    ("rééducation du périnée après l'accouchement",
     {"act": "perineal", "prise_en_charge_100": "maternite", "post_partum": True}),
    ("rééducation du plancher pelvien", {"act": "perineal"}),  # the perineal act's other name: lost until 2026-12-06
    ("bronchiolite de mon bébé", {"act": "respiratoire_urgent", "age": 0}),
    ("mon bb a une bronchiolite", {"act": "respiratoire_urgent", "age": 0}),  # « bb »: no age, the franchise counted
    ("ma fille a 8 mois", {"age": 0}),  # « a 8 mois » was a minor of 17
    ("j'habite à Strasbourg", {"regime": "alsace_moselle"}),
    ("je suis dans le 57", {"regime": "alsace_moselle"}),
    ("je suis pris en charge à 100 % pour mon ALD", {"prise_en_charge_100": "ald"}),
    ("la sécu rembourse à 60 %, ma mutuelle 200 %", {"mutuelle": {"br_percent": 200}}),
    # A rate asked, no mutuelle named, is no mutuelle's (it was a mutuelle at 100 % BR).
    ("le kiné est remboursé à 100 % ?", {}),
    ("est-ce que les séances sont remboursées à 100% en ALD", {"prise_en_charge_100": "ald"}),
    ("ma mutuelle rembourse à 200 % ?", {"mutuelle": {"br_percent": 200}}),
    # a mutuelle paying the ticket modérateur pays 100 % of the base (it was lost)
    ("ma mutuelle rembourse le ticket modérateur", {"mutuelle": {"br_percent": 100}}),
    ("ma complémentaire prend juste le TM", {"mutuelle": {"br_percent": 100}}),
    ("c'est quoi le ticket modérateur ?", {}),
    ("je suis remboursé à 150 %", {"mutuelle": {"br_percent": 150}}),
    # a share of the ticket modérateur was read as a share of the base: « 50 % du TM » paid nothing
    ("ma mutuelle rembourse 50 % du TM", {"mutuelle": {"tm_percent": 50}}),
    ("ma complémentaire prend en charge 80% du ticket modérateur", {"mutuelle": {"tm_percent": 80}}),
    ("ma mutuelle rembourse 80 % du reste à charge", {"mutuelle": {"tm_percent": 80}}),  # it was 80 % of the base
    # a rate typed with a minus keeps it, for the calculator to refuse it (« -50 % » was 50 %), like a price
    ("mutuelle -50 %", {"mutuelle": {"br_percent": -50}}), ("mutuelle −50 % du TM", {"mutuelle": {"tm_percent": -50}}),
    # « TM + 50 % », as guarantees' tables write it: the ticket modérateur and 50 % of the base more (it was 50 %)
    ("ma mutuelle c'est TM + 50 %", {"mutuelle": {"br_percent": 150}}),
    # the frais réels, what was paid, dépassement included (« 100 % des frais réels » was 100 % of the base)
    ("ma mutuelle rembourse 100 % des frais réels", {"mutuelle": {"fr_percent": 100}}),
    ("mutuelle 100% FR", {"mutuelle": {"fr_percent": 100}}),
    ("ma complémentaire me rembourse aux frais réels", {"mutuelle": {"fr_percent": 100}}),
    ("ma mutuelle me rembourse au réel", {"mutuelle": {"fr_percent": 100}}),
    ("ma mutu rembourse o frais reel", {"mutuelle": {"fr_percent": 100}}),  # chat spelling, the singular
    ("frais réels", {"mutuelle": {"fr_percent": 100}}),
    ("mutuelle 80 % des frais reels, 10 séances à 30 €", {"sessions": 10, "price": 30, "mutuelle": {"fr_percent": 80}}),
    # a multiple of the base with two decimals (« 1,75 fois la base » was lost), or of the tariff beside a mutuelle
    # (« ma mutuelle rembourse 2 fois le tarif » was 2 sessions); a kiné charging « 2 fois le tarif » is no count
    ("ma mutuelle rembourse 1,75 fois la base", {"mutuelle": {"br_percent": 175}}),
    ("ma mutuelle rembourse 2 fois le tarif", {"mutuelle": {"br_percent": 200}}),
    ("le kiné facture 2 fois le tarif", {}),
    # a per-session forfait with its yearly ceiling (the ceiling was replaced by the forfait; « 4 séances par an à
    # 25 € » was a price of 25 €)
    ("ma mutuelle rembourse 15 € par séance dans la limite de 150 € par an",
     {"mutuelle": {"per_session": 15, "annual": 150}}),
    ("ma mutuelle rembourse 4 séances par an à 25 €", {"mutuelle": {"per_session": 25, "annual": 100}}),
    # a forfait per session limited to a number of sessions: its yearly ceiling (the 5 was a count of sessions)
    ("forfait 20 euros par séance limité à 5 séances", {"mutuelle": {"per_session": 20, "annual": 100}}),
    ("mutuelle 20 € la séance (max 5 séances), 10 séances hors nomenclature à 40 €",
     {"sessions": 10, "price": 40, "hors_nomenclature": True, "mutuelle": {"per_session": 20, "annual": 100}}),
    ("forfait de 20 € par séance pour 4 séances par an", {"mutuelle": {"per_session": 20, "annual": 80}}),
    ("ma mutuelle paie 20 € par séance pour 10 séances", {"sessions": 10, "mutuelle": {"per_session": 20}}),
    # the tariff plus the dépassement: the price is their sum (17,90 € was the price, which disagreed with it)
    ("mon kiné facture 17,90 + 5 € de dépassement", {"price": 22.9, "depassement": 5}),
    # what is left to pay is no price (« il me reste 81,60 € pour 10 séances » was a price of 8,16 €, refused)
    ("il me reste 81,60 € pour 10 séances", {"sessions": 10}), ("je paie 10 € de ma poche par séance", {}),
    ("mon reste à charge est de 8,16 € par séance", {}),
    ("le kiné prend 30 €, il me reste 12 € après la mutuelle", {"price": 30}),
    ("c'est quoi les frais réels ?", {}), ("c'est quoi une mutuelle aux frais réels ?", {}),
    ("ma mutuelle rembourse aux frais réels, ça veut dire quoi ?", {}),
    # a guarantee stated in a question on something else is read (« c'est quoi » asked no definition: it was lost)
    ("c'est quoi le reste à charge si ma mutuelle rembourse aux frais réels ?", {"mutuelle": {"fr_percent": 100}}),
    ("mutuelle 100 % TM + 100 % BR", {"mutuelle": {"br_percent": 200}}),
])
def test_situations_read_as_meant(text, expected):
    assert parse_request(text).fields == expected


@pytest.mark.parametrize("text", [
    "et si elle n'est pas en ALD ?",
    "sans ALD, ça fait combien ?",
    "les soins hors ALD",
    "je ne suis pas reconnu en affection de longue durée",
    "je ne suis pas enceinte",
    "ce n'est pas un accident du travail",
])
def test_a_cover_said_not_to_apply_is_not_read_as_that_cover(text):
    parsed = parse_request(text)
    assert "prise_en_charge_100" not in parsed.fields and parsed.no_prise_en_charge_100


@pytest.mark.parametrize("text, case", [
    ("je suis en ALD", "ald"),
    ("je ne suis plus enceinte, j'ai accouché", "maternite"),  # « plus enceinte »: after the birth
    ("pas d'ALD mais un accident du travail", "at_mp"),
    ("je suis en invalidité catégorie 2", "invalidite"),
    # A pension d'invalidité covers every session, an ALD only those it calls for: the broader one wins.
    ("en ALD et en pension d'invalidité", "invalidite"),
    ("pas d'ALD mais une pension d'invalidité", "invalidite"),
])
def test_a_cover_stated_beside_a_denied_one_is_read(text, case):
    parsed = parse_request(text)
    assert parsed.fields["prise_en_charge_100"] == case and not parsed.no_prise_en_charge_100


@pytest.mark.parametrize("text, act", [
    ("elle ne marche plus bien, c'est pour la marche", "personne_agee_marche"),
    ("mon père a du mal à marcher", "personne_agee_marche"),
    ("c'est pour ma grand mère qui marche plus bien", "personne_agee_marche"),
    ("rééducation à la marche", "personne_agee_marche"),
    ("pour remarcher après une fracture de la cheville", "membre"),  # a limb named: the limb's act
    ("je marche mal depuis mon entorse du genou", "membre"),
])
def test_walking_named_without_a_limb_is_the_elderly_walking_act(text, act):
    assert parse_request(text).fields["act"] == act


@pytest.mark.parametrize("text", ["mon fils de 15 ans a une scoliose", "capsulite de l'épaule", "hernie discale",
                                  "torticolis", "ligamentoplastie", "arthrose du genou", "canal carpien"])
def test_common_conditions_of_the_spine_or_a_limb_are_the_one_region_act(text):
    # « scoliose » got « Pour quels soins ? » although it names the spine (NGAP titre XIV, chapitre II).
    assert parse_request(text).fields["act"] == "membre"


def test_ca_marche_and_balance_are_no_walking_care():
    assert "act" not in parse_request("ok ça marche, 10 séances").fields
    # Balance problems may be vestibular rehabilitation, another care: no act is guessed.
    assert "act" not in parse_request("rééducation des troubles de l'équilibre").fields


@pytest.mark.parametrize("text", [
    "10 séances pour le genou et l'épaule",  # a CPAM memo's example: a shoulder and an ankle
    "rééducation de l'épaule et de la cheville",
    "kiné pour les deux genoux",
    "épaule droite et épaule gauche",
    "genou droit et le gauche",
    "mal au dos et au genou",
    "lombalgie et tendinite au coude",
    "l'épaule et le mollet",
    "scoliose et douleur au genou",  # the spine's words are one region's, wherever they are used
    "fracture du tibia et de l'humérus",
])
def test_parts_of_several_limbs_or_the_trunk_and_a_limb_are_the_several_regions_act(text):
    assert parse_request(text).fields["act"] == "plusieurs_territoires"


@pytest.mark.parametrize("text", [
    "prothèse de hanche et de genou",  # one lower limb and its root
    "entorse de la cheville et du genou",
    "rééducation de la main et du poignet",
    "lombaire et cervical",  # both the spine
    "ai-je droit au remboursement pour mon genou gauche ?",
    "10 séances genou, le kiné vient à pied",
])
def test_parts_of_one_region_stay_the_one_limb_act(text):
    assert parse_request(text).fields["act"] == "membre"


# One French example per word of bot.parsing.REGION_WORDS, in its order.
REGION_EXAMPLES = {
    "membre_superieur": ["l'épaule", "le coude", "le poignet", "le bras", "l'humérus", "la coiffe des rotateurs",
                         "une capsulite", "la clavicule", "le canal carpien", "la main", "les doigts"],
    "membre_inferieur": ["le genou", "le LCA", "le ménisque", "la cheville", "la hanche", "la jambe", "une PTG",
                         "une PTH", "le tibia", "le fémur", "le tendon d'Achille", "la rotule", "le tendon rotulien",
                         "le talon", "le mollet", "la cuisse", "les ischios", "au pied"],
    "rachis": ["le dos", "le rachis", "en lombaire", "une lombalgie", "un lumbago", "les cervicales",
               "une douleur dorsale", "la nuque", "la colonne", "une scoliose", "une cyphose", "une hernie discale",
               "un torticolis"],
}


def test_every_word_of_a_region_names_its_region_and_the_one_region_act():
    # One list of words per region: the act's pattern is built from it, so that a word added to a
    # region is a limb's care too (« scoliose » was in one list and not the other).
    for (region, words), examples in zip(REGION_WORDS.items(), REGION_EXAMPLES.values()):
        assert len(examples) == len(words), region
        for example in examples:
            text = normalise(f"rééducation pour {example}")
            assert [name for name, pattern in zip(REGION_WORDS, BODY_REGIONS) if re.search(pattern, text)] == [region]
            assert parse_request(f"rééducation pour {example}").fields.get("act") == "membre", example


@pytest.mark.parametrize("text, written", [("2,5 séances", "2,5"), ("-5 séances", "-5"), ("moins cinq séances", "-5")])
def test_a_count_that_is_not_a_whole_positive_number_is_kept_aside(text, written):
    parsed = parse_request(text)
    assert "sessions" not in parsed.fields and parsed.invalid == {"sessions": written}


def test_no_mutuelle_typed_without_its_ending():
    assert parse_request("10 seances a 25e sans mutuel").no_mutuelle
    assert parse_request("pas de mutuelles").no_mutuelle and not parse_request("10 séances mutuelle 100 %").no_mutuelle


def test_c2s_the_official_abbreviation_is_the_complementaire_sante_solidaire():
    # « je suis à la C2S » (ameli's own abbreviation) was not understood.
    assert parse_request("je suis à la C2S").fields == {"prise_en_charge_100": "css"}


def test_a_depassement_named_without_its_unit():
    # « séance de 30 € dont 12,10 de dépassement » lost the dépassement; « 10 séances de plus » stays sessions.
    assert parse_request("séance de 30€ dont 12,10 de dépassement").fields == {"depassement": 12.1, "price": 30}
    assert parse_request("le kiné me prend 8 de dépassement").fields == {"depassement": 8}
    assert parse_request("10 séances de plus").fields == {"sessions": 10}


def test_a_negative_price_keeps_its_sign_for_the_calculator_to_refuse():
    # « 10 séances à -20 € » was a price of 20 €; « entre 15-20 € » is a range, not -20.
    assert parse_request("10 séances à -20 €").fields == {"sessions": 10, "price": -20}
    assert parse_request("10 séances à −20 €").fields["price"] == -20
    assert parse_request("entre 15-20 €").fields == {"price": 20}


@pytest.mark.parametrize("text, asker", [
    ("je suis kiné, mon patient a 15 séances", True), ("ma patiente est en ALD, 10 séances", True),
    ("je suis kinésithérapeute libéral", True), ("un patient en ALD paie la franchise ?", False),
    ("mon kiné est conventionné", False), ("en tant que kiné, je dois accepter les chèques ?", True),
    # chat spelling: « chui kiné, g oublié de télétransmettre » got the patient's answer
    ("chui kiné, g oublié de télétransmettre", True), ("jsuis kiné", True)])
def test_a_kine_asking_for_a_patient(text, asker):
    assert parse_request(text).kine_asker is asker


def test_a_negative_distance_keeps_its_sign_for_the_calculator_to_refuse():
    # « à -5 km » was a home visit at 5 km; « 3-5 km » is a range, not -5.
    assert parse_request("le kiné vient à -5 km").fields == {"distance_km": -5, "domicile": True}
    assert parse_request("entre 3-5 km").fields["distance_km"] == 5


@pytest.mark.parametrize("text", [
    "j'ai une carte d'invalidité",
    "invalidité à 80 % reconnue par la MDPH",
    "j'ai un taux d'invalidité de 50 %",
    "je touche l'AAH",
])
def test_a_disability_card_or_rate_is_no_cover_at_100_percent(text):
    # CSS art. L.160-14 lists the covers: the pension d'invalidité (13°), not the MDPH's card or rate.
    assert "prise_en_charge_100" not in parse_request(text).fields


@pytest.mark.parametrize("text, fields", [
    # A rate of incapacity was read as a mutuelle's (« mutuelle à 80 % BR »).
    ("je suis invalide à 80 %", {}),
    ("j'ai un taux d'IPP de 40 % suite à un accident du travail", {"prise_en_charge_100": "at_mp"}),
    ("je suis invalide à 80 % et ma mutuelle rembourse 200 %", {"mutuelle": {"br_percent": 200}}),
    # A rente AT/MP of two thirds or more covers every care (CSS art. L.371-1, R.371-1, R.160-10); below, the
    # care the accident calls for; without its rate, the accident's cover.
    ("j'ai une rente accident du travail à 80 %", {"prise_en_charge_100": "rente_at"}),
    ("je touche une rente AT avec un taux d'incapacité de 70 %", {"prise_en_charge_100": "rente_at"}),
    ("rente de maladie professionnelle à 66,66 %", {"prise_en_charge_100": "rente_at"}),
    ("j'ai une rente AT des deux tiers", {"prise_en_charge_100": "rente_at"}),
    ("j'ai une rente AT à 40 %", {"prise_en_charge_100": "at_mp"}),
    ("j'ai une rente d'accident du travail", {"prise_en_charge_100": "at_mp"}),
    # No rate of incapacity is above 100 % nor negative; neither is a mutuelle's.
    ("rente AT à 250 %", {"prise_en_charge_100": "at_mp"}),
    ("j'ai une rente AT à -5 %", {"prise_en_charge_100": "at_mp"}),
])
def test_a_rate_of_incapacity_is_no_mutuelle_rate_and_a_rente_at_mp_is_read_by_its_rate(text, fields):
    assert parse_request(text).fields == fields


@pytest.mark.parametrize("text, fields", [
    # What came back is no price: « remboursé 0 € » opened a calculation refusing a session at 0 €.
    ("j'ai été remboursé 0 € pour ma séance de kiné", {}),
    ("la sécu m'a remboursé 5 € pour ma séance", {}),
    ("on m'a remboursé que 9,74 € sur 30 €", {"price": 30}),
    # A price asked about is still one.
    ("je suis remboursé combien à 25 € la séance", {"price": 25}),
    ("combien je suis remboursé pour 10 séances à 30 €", {"sessions": 10, "price": 30}),
])
def test_an_amount_said_as_reimbursed_is_not_the_price(text, fields):
    assert parse_request(text).fields == fields


@pytest.mark.parametrize("text", ["combien vaut l'IFD en 2026", "le kiné me facture des indemnités kilométriques",
                                  "les frais de déplacement du kiné sont remboursés ?"])
def test_a_travel_allowance_named_is_a_home_visit(text):
    # NGAP art. 13: the IFD, the IFS and the IK are billed at home only.
    assert parse_request(text).fields["domicile"] is True


@pytest.mark.parametrize("text", [
    "je dois payer la participation forfaitaire de 2 euros chez le kiné ?",
    "la participation forfaitaire de 2 € par séance, c'est pour le kiné ?",
])
def test_the_participation_forfaitaire_is_no_mutuelle_forfait_nor_a_price(text):
    # It was read as « mutuelle : forfait de 2,00 € par an », which opened a calculation.
    assert parse_request(text).fields == {}


@pytest.mark.parametrize("text, paid", [
    ("la franchise de 1 euro s'applique chez le kiné ?", None),  # the amount per act, not what was paid
    ("c'est quoi la franchise de 1 € par séance", None),
    ("j'ai déjà payé 30 € de franchises", 30),
    ("45 € de franchises cette année", 45),
])
def test_franchises_already_paid_are_said_paid(text, paid):
    fields = parse_request(text).fields
    assert fields.get("franchise_already_paid") == paid and "price" not in fields


@pytest.mark.parametrize("text, case, month", [
    # The pregnancy said with another cover was lost: the ALD's franchise was counted at the 7th month.
    ("je suis en ALD et enceinte de 7 mois, 10 séances", "ald", 7),
    ("enceinte de 7 mois et en ALD", "ald", 7),
    ("je suis en invalidité et enceinte de 4 mois", "invalidite", 4),
    ("je suis en ALD, pas enceinte", "ald", None),
])
def test_a_pregnancy_said_with_another_cover_keeps_its_month(text, case, month):
    fields = parse_request(text).fields
    assert fields["prise_en_charge_100"] == case and fields.get("mois_grossesse") == month


def test_a_calculation_in_chat_spelling_is_read_as_written_out():
    """The calculator reads the chat-spelling map (bot.chat_spelling) the classifier reads: one place."""
    typed = parse_request("jai fait 10 seances pr mon dos, g paye 45e la seance, ma mutu rembourse 100 %")
    written = parse_request("j'ai fait 10 séances pour mon dos, j'ai payé 45 € la séance, ma mutuelle rembourse 100 %")
    assert typed.fields == written.fields == {"sessions": 10, "act": "membre", "price": 45,
                                              "mutuelle": {"br_percent": 100}}


@pytest.mark.parametrize("text, mutuelle", [
    # The Sécu's rate said beside the mutuelle's: « sécu 60 % mutuelle 200 % » read the mutuelle at 60 % (it pays
    # nothing at 60 % of the base), « la CPAM me rembourse 70 % » as a mutuelle at 70 %.
    ("sécu 60% mutuelle 200%", {"br_percent": 200}),
    ("l'assurance maladie prend 60 % et ma mutuelle 100 %", {"br_percent": 100}),
    ("la secu paie 60% du tarif, ma complémentaire 100%", {"br_percent": 100}),
    ("caisse 60 %, mutuelle 100 %", {"br_percent": 100}),
    ("la CPAM me rembourse 70 %", None),
    ("la sécu rembourse 60%", None),
    ("ma caisse de retraite et ma mutuelle 150 %", {"br_percent": 150}),
    # a share of the dépassements is no rate of the base (« 50 % des dépassements » was 50 % BR, paying nothing)
    ("ma mutuelle prend en charge 50% des dépassements", None),
    ("mutuelle 200% et 50 % des dépassements", {"br_percent": 200}),
    ("ma mutuelle rembourse 100 % des dépassements", None),  # was 100 % BR, by « mutuelle 150 »'s reading
])
def test_the_secu_s_rate_is_no_mutuelle_s(text, mutuelle):
    assert parse_request(text).fields.get("mutuelle") == mutuelle


@pytest.mark.parametrize("text, fields", [
    # « DE », the dépassement pour exigence particulière, as kinés and their patients write it: the 5 € was the price.
    ("17,90 + DE 5 €", {"depassement": 5}),
    ("il prend un DE de 3 euros", {"depassement": 3}),
    ("mon kiné facture un DE : 5 euros", {"depassement": 5}),
    ("séance à 17,90 € + DE de 4 €, 10 séances", {"sessions": 10, "depassement": 4, "price": 17.9}),
    # « de » is the preposition; a message in capitals keeps its « DE »
    ("DE 10 À 15 SÉANCES À 20 €", {"sessions": 15, "price": 20}),
    ("10 séances de kiné à 20 €", {"sessions": 10, "price": 20}),
])
def test_de_in_capitals_before_an_amount_is_the_depassement(text, fields):
    assert {name: value for name, value in parse_request(text).fields.items() if name != "act"} == fields


@pytest.mark.parametrize("text, fields, to_confirm", [
    # « j'ai 2 enfants » counts children: the asker was taken for a minor (no franchise, 10 € too little left to pay)
    ("j'ai 2 enfants, 10 séances pour moi", {"sessions": 10}, {}),
    ("mère de trois enfants, 10 séances pour mon dos", {"act": "membre", "sessions": 10}, {}),
    ("10 séances pour mon enfant", {"sessions": 10, "age": 17}, {}),
    # « à 100 % car ALD » is the Sécu's cover, not a mutuelle at 100 % too; a mutuelle named before keeps its rate
    ("12 séances remboursées à 100% car ALD", {"sessions": 12, "prise_en_charge_100": "ald"}, {}),
    ("ma mutuelle rembourse 200 % car je suis en ALD", {"mutuelle": {"br_percent": 200}, "prise_en_charge_100": "ald"},
     {}),
    # « 5 séances max par an » after a forfait per session is its ceiling, not the count (5 sessions, no ceiling)
    ("ma mutuelle rembourse 25 € par séance, 5 séances max par an", {"mutuelle": {"per_session": 25, "annual": 125}},
     {}),
    # a session's length between the count and the week: the rhythm was lost (2 sessions)
    ("2 séances de 30 min par semaine pdt 2 mois", {}, {"sessions": 16}),
    ("3 séances d'une heure par semaine pendant 4 semaines", {}, {"sessions": 12}),
    ("10 séances de 30 min à 20 €", {"sessions": 10, "price": 20}, {}),
])
def test_children_counted_a_cover_s_reason_a_forfait_s_ceiling_and_a_session_s_length(text, fields, to_confirm):
    parsed = parse_request(text)
    assert parsed.fields == fields and parsed.to_confirm == to_confirm


@pytest.mark.parametrize("text, fields", [
    # « 18 euros 50 » was 18 €, « 10 séances de 17,90 » lost its price, « mutuelle Harmonie 150 » its rate
    ("10 séances, la séance coûte 18 euros 50", {"sessions": 10, "price": 18.5}),
    ("la séance est à 18 € 50", {"price": 18.5}),
    ("10 séances de 17,90", {"sessions": 10, "price": 17.9}),
    ("mutuelle Harmonie 150", {"mutuelle": {"br_percent": 150}}),
    # not a price's cents nor a rate: a count, a length, a duration
    ("20 € 10 séances", {"sessions": 10, "price": 20}),
    ("la séance à 20 euros 30 minutes", {"price": 20}),
    ("10 séances de 30 min", {"sessions": 10}),
    ("ma mutuelle depuis 150 jours", {}),
])
def test_cents_after_the_euros_a_price_after_the_sessions_and_a_named_mutuelle_s_rate(text, fields):
    assert parse_request(text).fields == fields


def test_weekly_sessions_without_a_count_and_next_year():
    # « séances hebdomadaires pendant 3 mois » was lost: one a week, 12 weeks, said back
    parsed = parse_request("séances hebdomadaires pendant 3 mois")
    assert parsed.to_confirm == {"sessions": 12} and parsed.rhythm == (1, 12)
    # « l'an prochain » is next year, whose date interpret knows (it was today's tariffs)
    assert parse_request("10 séances l'an prochain").next_year
    assert not parse_request("10 séances en 2027").next_year
