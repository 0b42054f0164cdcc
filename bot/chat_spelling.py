"""Chat spelling, written out: « jai pas dordo il me prend 45e c normal ? » reads as « j'ai pas
d'ordonnance il me prend 45 euros c'est normal ? ».

People type to the assistant as they text: apostrophes dropped (« jai », « dordo »), words cut
(« ordo », « mutu »), letters for words (« c », « g », « cb »).  The intent classifier reads the
written-out form, both when it is trained and when it reads a message, so that a question in
chat spelling meets the same words as the examples.

Each entry is a whole word (or a number and its unit) in lower case without accents, as the
classifier's preprocessing leaves the text; a word that is also a French word in its own right
(« sa », « ta », « mec ») is not here.  « cb » is also the carte bancaire (« payer par cb »,
« ma cb »): after an article or « par », it is left alone.
"""
from __future__ import annotations

import hashlib
import re
from typing import Dict, Tuple

# chat spelling -> the words it stands for (lower case, no accents)
WORDS: Dict[str, str] = {
    # apostrophes dropped, pronouns run together
    "jai": "j'ai", "g": "j'ai", "jsuis": "je suis", "jsui": "je suis", "chui": "je suis", "chuis": "je suis",
    "jpeux": "je peux", "jdois": "je dois", "jveux": "je veux", "jvais": "je vais",
    "jsais": "je sais", "jsp": "je ne sais pas", "cest": "c'est", "c": "c'est", "ct": "c'etait",
    "ya": "il y a", "yen": "il y en", "ny": "n'y", "jy": "j'y", "lai": "l'ai", "jen": "j'en", "jme": "je me",
    "jfais": "je fais", "javais": "j'avais", "jaurai": "j'aurai", "jaurais": "j'aurais", "jaimerais": "j'aimerais",
    "jvoudrais": "je voudrais",
    # the prescription, the mutuelle, reimbursement
    "ordo": "ordonnance", "ordos": "ordonnances", "dordo": "d'ordonnance", "lordo": "l'ordonnance",
    "dordonnance": "d'ordonnance", "lordonnance": "l'ordonnance",
    "mutu": "mutuelle", "mutuel": "mutuelle", "remb": "rembourse", "rembour": "rembourse",
    "rdv": "rendez-vous", "bb": "bebe", "bbs": "bebes", "pdt": "pendant",
    # small words
    "pr": "pour", "pk": "pourquoi", "pq": "pourquoi", "pkoi": "pourquoi", "pcq": "parce que",
    "cmb": "combien", "cbien": "combien", "ds": "dans", "dc": "donc", "qd": "quand", "qq": "quelques",
    "tt": "tout", "tjs": "toujours", "tjrs": "toujours", "bcp": "beaucoup", "ke": "que", "koi": "quoi",
    "ki": "qui", "kan": "quand", "kel": "quel", "kelle": "quelle", "cmt": "comment", "nn": "non",
    "ouais": "oui", "ouai": "oui", "bjr": "bonjour", "bsr": "bonsoir", "slt": "salut", "mrc": "merci",
    "mrci": "merci", "dsl": "desole", "svp": "s'il vous plait", "stp": "s'il te plait",
}
# « cb » is « combien » except as the carte bancaire (« par cb », « ma cb », « en cb »)
_CB = r"(?<!\bpar )(?<!\bma )(?<!\bla )(?<!\bsa )(?<!\bta )(?<!\ben )(?<!\bune )(?<!\bvotre )(?<!\bmon )\bcb\b"
# « 45 eur », « 45€ », « 45 euro » -> « 45 euros »; « 45e » too, but not an ordinal (« la 2e séance », « au 3e »)
_AFTER_ORDINAL = r"seances?|fois|mois|semaines?|jours?|annees?|rdv|rendez|etages?"
_EUROS = (r"(?<!\bla )(?<!\ble )(?<!\bles )(?<!\bdu )(?<!\bau )(?<!\bma )(?<!\bsa )(?<!\bta )(?<!\bcette )"
          r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*"
          r"(?:eur|euro|euros|€|e(?!\s*(?:" + _AFTER_ORDINAL + r")\b))(?![\w€])")
# « avc » is « avec » before what follows a preposition (« combien le kiné avc la sécu », « avc ma mutuelle »),
# except at the start or after an article or « après » (« un avc la semaine dernière », « après avc les
# séances »), where it is the accident vasculaire cérébral.
AVEC = re.compile(r"(?<=[a-z] )(?<!\bun )(?<!\bd'un )(?<!\bmon )(?<!\bson )(?<!\bcet )(?<!\bapres )(?<!\bpost )"
                  r"(?<!\bsuite a )\bavc\b(?=\s+(?:la|le|les|l'|un|une|ma|mon|mes|ta|ton|tes|sa|son|ses|notre|votre|"
                  r"nos|vos|leurs?|des|du|moi|toi|lui|elle|elles|eux|nous|vous|ca|ce|cet|cette|ces)\b)")
_WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)) + r")(?![\w'-])")
# « c est » is « c'est » with its apostrophe dropped; « c » alone would write it out as « c'est est »
C_EST = re.compile(r"\bc est\b")
_RULES: Tuple[Tuple["re.Pattern[str]", str], ...] = ((re.compile(_CB), "combien"), (re.compile(_EUROS), r"\1 euros"),
                                                     (AVEC, "avec"), (C_EST, "c'est"))
# What the map and its rules write out, as a short digest: the intent classifier's fingerprint holds it, so
# that a change here trains it again (Rasa's cache sees only the data and the config).
def signature(words: Dict[str, str], rules: Tuple[Tuple["re.Pattern[str]", str], ...]) -> str:
    return hashlib.sha256(repr((sorted(words.items()), [(p.pattern, r) for p, r in rules])).encode()).hexdigest()[:12]


SIGNATURE = signature(WORDS, _RULES)


def written_out(text: str) -> str:
    """The text with chat spellings written out; expects lower case without accents."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _WORD.sub(lambda match: WORDS[match.group(1)], text)
