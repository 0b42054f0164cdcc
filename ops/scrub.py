"""Removes what identifies a person from a French message before anyone reads it.

Only unanswered questions ever leave the tracker store (the conversation report and the
review), and only through :func:`scrub`.  Each kind of personal data becomes a bracketed
French placeholder:

* e-mail addresses → ``[e-mail]``;
* French phone numbers (``06 12 34 56 78``, ``+33 6 12 34 56 78``, ``0612345678``…) → ``[téléphone]``;
* social security numbers (NIR, 13 digits and its 2-digit key, spaced or not) and any other
  long run of digits (9 or more: card, account, file numbers) → ``[numéro]``;
* dates (``12/03/1985``, ``3 mai 1985``, ``1er janvier``) → ``[date]``;
* names after « je m'appelle », « mon nom est », « moi c'est », « Madame »… → ``[nom]``;
* street addresses (« 12 rue … », « avenue Foch », « bd … ») and postcode + town → ``[adresse]``.

What stays: ordinary words, amounts (« 17,90 € »), counts (« 10 séances »), years,
percentages, act codes (« AMK 8,1 »).  A name said without any of these cues cannot be
recognised (README, "What the report cannot show").
"""
from __future__ import annotations

import re

EMAIL, PHONE, NUMBER, DATE, NAME, ADDRESS = ("[e-mail]", "[téléphone]", "[numéro]", "[date]", "[nom]",
                                             "[adresse]")
PLACEHOLDERS = (EMAIL, PHONE, NUMBER, DATE, NAME, ADDRESS)

_MONTHS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
           "décembre|decembre|janv|févr|fevr|avr|juil|sept|oct|nov|déc|dec")
_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*"

_EMAIL = re.compile(r"[\w.+\-]+\s?(?:@|\(at\)|\[at\])\s?[\w\-]+(?:\s?\.\s?[\w\-]+)+", re.UNICODE)
# +33 6 12 34 56 78, 0033 (0)6…, 06.12.34.56.78, 06-12-34-56-78, 0612345678, 06 1234 5678
_PHONE = re.compile(r"(?<![\d\w])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[\s.\-]?\d){8}(?!\d)")
# NIR: sex, year, month (or 20-99 for special cases), department (2A/2B), commune, order, key.
_NIR = re.compile(r"(?<!\d)[123478]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2\s?[AaBb])\s?\d{3}\s?\d{3}"
                  r"(?:\s?\d{2})?(?!\d)")
# Any other long number (9 digits or more, spaces/dots/dashes allowed between groups).
_LONG_NUMBER = re.compile(r"(?<![\d,.])\d(?:[\s.\-]?\d){8,}(?![\d])")
_DATE_NUMERIC = re.compile(r"(?<![\d/])(?:[0-3]?\d)[/.\-](?:[01]?\d)[/.\-](?:\d{4}|\d{2})(?![\d/])")
_DATE_WORDS = re.compile(rf"(?<!\w)(?:1er|[0-3]?\d)\s+(?:{_MONTHS})\.?(?:\s+(?:19|20)\d{{2}})?(?!\w)", re.IGNORECASE)
_BIRTH_YEAR = re.compile(r"(?<!\w)(?:né|née|nés|nées|naissance)\s+(?:le\s+|en\s+)?(?:(?:19|20)\d{2})", re.IGNORECASE)

_NAME_CUES = (r"je\s+m['’]\s?appelle|mon\s+nom\s+(?:est|c['’]est)|mon\s+prénom\s+(?:est|c['’]est)|"
              r"je\s+me\s+nomme|moi\s+c['’]est|je\s+suis\s+(?:madame|monsieur|mme|mr|m\.)|"
              r"(?:madame|monsieur|mme|mlle|mr|docteur|dr)\.?")
# Words that end a name (French function words and verbs that follow a self-introduction).
_NOT_NAME = set("""et je j' j’ mais ou donc car ni qui que quoi est ai a suis sommes au aux de du des la le
les l' l’ pour avec sur sous dans en un une mon ma mes ton ta son sa ses ce cet cette voudrais veux
aimerais souhaite souhaiterais voulais svp stp merci bonjour bonsoir salut j'ai j’ai j'aimerais
j’aimerais j'habite j’habite habite kiné kine kinésithérapeute ne n' n’ pas il elle on nous vous
mon kiné, question voici voilà voila depuis habite pour par chez car est-ce
est-ce-que quel quelle combien comment pourquoi""".split())
_NAME = re.compile(rf"(?P<cue>(?<!\w)(?:{_NAME_CUES}))(?P<sep>\s+)(?P<name>{_WORD}(?:\s+{_WORD}){{0,2}})",
                   re.IGNORECASE)

_STREET = (r"rue|avenue|av\.?|boulevard|bd|bld|blvd|place|pl\.|allée|allee|impasse|chemin|route|rte|quai|"
           r"cours|square|passage|faubourg|fbg|lotissement|résidence|residence|cité|cite|hameau|lieu-dit")
_CAPITALISED = r"(?-i:[A-ZÀ-ÖØ-Þ])[A-Za-zÀ-ÖØ-öø-ÿ'’\-]*"
_ARTICLE = r"(?:de\s+la|de\s+l['’]|du|des|de|d['’]|la|le|les|l['’])"
# « 12 rue de la Paix », « 3 bis, avenue Foch »: the number and the kind of street; its name is
# taken by _street_name (the words up to a function word).
_ADDRESS_NUMBERED = re.compile(
    rf"(?<!\w)\d{{1,4}}\s*(?:bis|ter|quater|[a-d])?\s*,?\s*(?:{_STREET})(?!\w)(?P<name>(?:\s+{_WORD}){{0,5}})",
    re.IGNORECASE)
# « avenue Foch », « rue de la République »: a capitalised name right after the kind of street.
_ADDRESS_NAMED = re.compile(
    rf"(?<!\w)(?:{_STREET})\s+(?:{_ARTICLE}\s*)?{_CAPITALISED}(?:\s+{_CAPITALISED}){{0,3}}", re.IGNORECASE)
_POSTCODE_TOWN = re.compile(rf"(?<!\d)(?:0[1-9]|[1-8]\d|9[0-8]|2[AB])\s?\d{{3}}\s+{_CAPITALISED}"
                            rf"(?:[\s\-]{_CAPITALISED}){{0,2}}")
_ARTICLES = {"de", "la", "le", "les", "du", "des", "d'", "d’", "l'", "l’"}


def _words_end(words: str, articles: bool = False) -> int:
    """Where a name written at the start of ``words`` ends: at most three words, before a
    function word or after a punctuation mark; with ``articles``, leading articles belong to it
    (« de la Paix », « du Général de Gaulle »)."""
    end, taken = 0, 0
    for word in re.finditer(r"\S+", words):
        token = word.group()
        bare = token.lower().rstrip(",.;:!?")
        if articles and bare in _ARTICLES:  # « de la Paix », « du Général de Gaulle »
            continue
        if (bare in _NOT_NAME and not token[0].isupper()) or not bare or taken == (4 if articles else 3):
            break
        end = word.end() - (len(token) - len(token.rstrip(",.;:!?")))
        taken += 1
        if token != token.rstrip(",.;:!?"):
            break
    return end if taken else 0


def _street(match: re.Match) -> str:
    name = match.group("name")
    end = _words_end(name, articles=True)
    return ADDRESS + name[end:]


def _name(match: re.Match) -> str:
    """The cue, then [nom] for the words of the name; stops at a function word or, after the
    first word, at a word without a capital."""
    name = match.group("name")
    end = _words_end(name)
    if end == 0:
        return match.group(0)
    return f"{match.group('cue')}{match.group('sep')}{NAME}{name[end:]}"


_HAS_STREET = re.compile(rf"(?<!\w)(?:{_STREET})(?!\w)", re.IGNORECASE)
_HAS_NAME_CUE = re.compile(rf"(?<!\w)(?:{_NAME_CUES})", re.IGNORECASE)


def scrub(text: str) -> str:
    """The message with e-mails, phones, social security and other long numbers, dates, names
    and street addresses replaced by placeholders (module docstring)."""
    if "@" in text or "(at)" in text or "[at]" in text:
        text = _EMAIL.sub(EMAIL, text)
    if any(c.isdigit() for c in text):
        text = _NIR.sub(NUMBER, text)
        text = _PHONE.sub(PHONE, text)
        text = _LONG_NUMBER.sub(NUMBER, text)
        text = _DATE_NUMERIC.sub(DATE, text)
        text = _DATE_WORDS.sub(DATE, text)
        text = _BIRTH_YEAR.sub(lambda m: m.group(0).split()[0] + " " + DATE, text)
        text = _POSTCODE_TOWN.sub(ADDRESS, text)
        text = _ADDRESS_NUMBERED.sub(_street, text)
    if _HAS_STREET.search(text):
        text = _ADDRESS_NAMED.sub(ADDRESS, text)
    if _HAS_NAME_CUE.search(text):
        text = _NAME.sub(_name, text)
    return re.sub(r"\s+", " ", text).strip()


def strip_placeholders(text: str) -> str:
    """The scrubbed text without its placeholders (for similarity, never shown)."""
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, " ")
    return re.sub(r"\s+", " ", text).strip()
