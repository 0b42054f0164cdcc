"""Scrubbing of unanswered questions before anyone reads them (ops/scrub.py): personal data
generated inside French sentences is always removed; ordinary kiné questions keep their words."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ops.scrub import scrub

KINE_WORDS = ["séance", "séances", "kiné", "kinésithérapeute", "remboursement", "mutuelle", "ordonnance", "sécu",
              "franchise", "dépassement", "tarif", "genou", "dos", "domicile", "ALD", "conventionné", "combien",
              "coûte", "rembourse", "est-ce", "que", "la", "le", "les", "mon", "ma", "une", "de", "du", "à", "pour",
              "chez", "avec", "sans", "prise", "en", "charge", "AMK", "bilan", "drainage", "rééducation", "Paris",
              "Strasbourg", "Moselle", "CPAM", "ameli", "tiers", "payant"]
AMOUNTS = ["10 séances", "17,90 €", "80 €", "200 %", "AMK 8,1", "en 2026", "1 € par acte", "30 € par séance",
           "60 %", "12 séances", "50 euros", "3 fois par semaine"]

words = st.lists(st.sampled_from(KINE_WORDS), min_size=1, max_size=8).map(" ".join)
sentence_parts = st.tuples(words, words)

local = st.from_regex(r"[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,8}){0,2}", fullmatch=True)
domain = st.from_regex(r"[a-z][a-z0-9\-]{1,12}\.(fr|com|net|org|eu)", fullmatch=True)
emails = st.tuples(local, domain).map(lambda t: f"{t[0]}@{t[1]}")


@st.composite
def phones(draw):
    digits = [draw(st.integers(1, 9))] + [draw(st.integers(0, 9)) for _ in range(8)]
    groups = [str(digits[0])] + ["".join(map(str, digits[i:i + 2])) for i in range(1, 9, 2)]
    separator = draw(st.sampled_from([" ", ".", "-", ""]))
    prefix = draw(st.sampled_from(["0", "+33 ", "+33", "0033 ", "+33 (0)"]))
    return prefix + groups[0] + separator + separator.join(groups[1:])


@st.composite
def nirs(draw):
    parts = [str(draw(st.sampled_from([1, 2]))), f"{draw(st.integers(0, 99)):02d}", f"{draw(st.integers(1, 12)):02d}",
             draw(st.sampled_from([f"{draw(st.integers(1, 95)):02d}", "2A", "2B"])), f"{draw(st.integers(1, 999)):03d}",
             f"{draw(st.integers(1, 999)):03d}"]
    if draw(st.booleans()):
        parts.append(f"{draw(st.integers(1, 97)):02d}")
    return draw(st.sampled_from([" ", ""])).join(parts)


@st.composite
def birth_dates(draw):
    day, month, year = draw(st.integers(1, 28)), draw(st.integers(1, 12)), draw(st.integers(1930, 2024))
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
    return draw(st.sampled_from([f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year % 100:02d}",
                                 f"{day} {months[month - 1]} {year}", f"{day:02d}-{month:02d}-{year}"]))


names = st.tuples(st.sampled_from(["Camille", "Jean-Pierre", "Aïcha", "Hélène", "marc", "Nguyen"]),
                  st.sampled_from(["Martin", "Dupont", "Le Gall", "Benali", "Lefèvre", ""]))


def digits_only(text):
    return re.sub(r"\D", "", text)


@settings(max_examples=150)
@given(sentence_parts, emails)
def test_generated_emails_are_always_removed(parts, email):
    scrubbed = scrub(f"{parts[0]} {email} {parts[1]}")
    assert email not in scrubbed and "@" not in scrubbed
    assert "[e-mail]" in scrubbed


@settings(max_examples=150)
@given(sentence_parts, phones())
def test_generated_french_phone_numbers_are_always_removed(parts, phone):
    scrubbed = scrub(f"{parts[0]} appelez-moi au {phone} {parts[1]}")
    assert digits_only(phone)[-8:] not in digits_only(scrubbed)
    assert "[téléphone]" in scrubbed or "[numéro]" in scrubbed


@settings(max_examples=150)
@given(sentence_parts, nirs())
def test_generated_social_security_numbers_are_always_removed(parts, nir):
    scrubbed = scrub(f"{parts[0]} mon numéro de sécu est {nir} {parts[1]}")
    assert digits_only(nir)[-6:] not in digits_only(scrubbed)
    assert "[numéro]" in scrubbed


@settings(max_examples=100)
@given(sentence_parts, birth_dates())
def test_generated_dates_of_birth_are_always_removed(parts, date):
    scrubbed = scrub(f"{parts[0]} je suis né le {date} {parts[1]}")
    assert date not in scrubbed and "[date]" in scrubbed


@settings(max_examples=100)
@given(words, names, st.sampled_from(["je m'appelle", "Je m’appelle", "mon nom est", "moi c'est", "Madame"]))
def test_names_after_an_introduction_are_always_removed(question, name, cue):
    full = " ".join(part for part in name if part)
    scrubbed = scrub(f"{cue} {full}, {question}")
    assert all(part not in scrubbed for part in full.split())
    assert "[nom]" in scrubbed


@settings(max_examples=100)
@given(words, st.integers(1, 250), st.sampled_from(["rue", "avenue", "bd", "boulevard", "allée", "impasse"]),
       st.sampled_from(["de la Paix", "Victor Hugo", "des Lilas", "Foch", "du Général de Gaulle"]))
def test_street_addresses_are_always_removed(question, number, street, street_name):
    scrubbed = scrub(f"mon kiné est au {number} {street} {street_name}, {question}")
    assert street_name.split()[-1] not in scrubbed and "[adresse]" in scrubbed


@settings(max_examples=200)
@given(st.lists(st.one_of(st.sampled_from(KINE_WORDS), st.sampled_from(AMOUNTS)), min_size=1, max_size=12))
def test_ordinary_kine_questions_keep_their_words(parts):
    question = " ".join(parts) + " ?"
    assert scrub(question) == question


def test_examples_worth_reading():
    assert scrub("Bonjour, je m'appelle Camille Martin et mon kiné au 12 rue de la Paix 75002 Paris me "
                 "facture 50 € la séance, appelez-moi au 06 12 34 56 78 ou camille.martin@exemple.fr") == (
        "Bonjour, je m'appelle [nom] et mon kiné au [adresse] [adresse] me facture 50 € la séance, "
        "appelez-moi au [téléphone] ou [e-mail]")
    assert scrub("né le 3 mai 1985, numéro 1 85 05 78 006 084 36 : 10 séances à 17,90 € ?") == (
        "né le [date], numéro [numéro] : 10 séances à 17,90 € ?")
    assert scrub("la franchise de 1 € depuis le 31 mars 2024 pour 12 séances à 200 %") == (
        "la franchise de 1 € depuis le [date] pour 12 séances à 200 %")
    for unchanged in ("je suis tombé dans la rue, la rééducation est remboursée ?",
                      "un kiné conventionné en 2026 facture combien ?", "Madame, combien coûte un bilan ?"):
        assert scrub(unchanged) == unchanged
