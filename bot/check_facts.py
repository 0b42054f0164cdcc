"""`make check-facts`: are the figures well formed, quoted only through parameters, and fresh?

    python -m bot.check_facts [--today 2026-12-01] [--parameters bot/parameters] [--domain domain.yml] [--data data]

Errors (exit status 1):
- a parameter file under bot/parameters/ that the loader refuses (YAML, duplicate
  key, missing unit/status/reference/source/verified, bad date or value);
- an answer (a response `utter_*` of domain.yml or of data/responses*.yml) that
  writes a euro amount or a percentage literally instead of through a
  {placeholder} filled from the parameters.

Warnings (printed, exit status unchanged), for the site owner to re-check:
- a parameter whose step applicable today was last verified more than six months ago;
- a `scheduled` step whose date has passed without being confirmed.

The literal-figure rule: the text is normalised first (Unicode NFKC, so no-break
and narrow no-break spaces become spaces and full-width digits or signs become
ASCII; invisible format characters such as zero-width spaces are removed), then
the {placeholders} are removed, then any number written with digits and followed
by €, EUR, euro(s), %, "pour cent" or "pourcent" (or preceded by € or EUR) is a
figure.  A number that is not followed by such a unit is not a figure: article
numbers (« L.4321-1 »), « avenant 7 », years, counts of sessions.  The form's own
questions (responses `utter_ask_*`) are exempt: their examples show how to type
an answer (« 25 € », « 200 % »).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

import yaml

from bot.parameters import DEFAULT_DIR, Parameters, ParameterError

ROOT = Path(__file__).resolve().parents[1]
STALE_MONTHS = 6
EXEMPT_PREFIX = "utter_ask_"

_NUMBER = r"\d+(?:[ .]\d{3})*(?:[.,]\d+)?"
_UNIT = r"(?:€|eur\b|euros?\b|%|pour ?cent\b)"
LITERAL_FIGURE = re.compile(rf"(?:{_NUMBER}\s*{_UNIT}|(?:€|\beur\b)\s*{_NUMBER})", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{\w+\}")


@dataclass
class Report:
    errors: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise(text: str) -> str:
    """NFKC, no invisible format characters, every run of whitespace one space."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return re.sub(r"\s+", " ", text)


def literal_figures(text: str) -> List[str]:
    """The euro amounts and percentages written literally in an answer's text."""
    return [m.group(0) for m in LITERAL_FIGURE.finditer(PLACEHOLDER.sub(" ", normalise(text)))]


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# -- parameters ------------------------------------------------------------------------
def check_parameters(directory: Path, today: dt.date, report: Report) -> Optional[Parameters]:
    try:
        params = Parameters.load(directory)
    except ParameterError as exc:
        report.errors.append(f"paramètres mal formés : {exc}")
        return None
    limit = months_before(today, STALE_MONTHS)
    for name, unit, _, steps in params.step_lists():
        applicable = [s for s in steps if s["from"] <= today]
        if applicable:
            latest = max(applicable, key=lambda s: s["from"])
            if latest["verified"] < limit:
                report.warnings.append(
                    f"{name} : la valeur en vigueur ({latest['value']} {unit}, depuis le {latest['from']}) a été "
                    f"vérifiée le {latest['verified']}, il y a plus de {STALE_MONTHS} mois : à revérifier "
                    f"({latest.get('reference') or latest.get('source')}).")
        for step in steps:
            if step["status"] == "scheduled" and step["from"] <= today:
                report.warnings.append(
                    f"{name} : l'étape prévue du {step['from']} ({step['value']} {unit}) est passée sans "
                    "confirmation : vérifiez qu'elle est entrée en vigueur, puis passez-la en in_force (ou "
                    "corrigez sa date).")
    return params


# -- answers ------------------------------------------------------------------------------
def response_files(domain: Path, data: Path) -> List[Path]:
    files = [domain] if domain.exists() else []
    if data.is_dir():
        files.extend(sorted(data.glob("responses*.yml")))
    return files


def _responses(path: Path) -> Iterable[Tuple[str, str]]:
    with open(path, encoding="utf-8") as handle:
        content = yaml.safe_load(handle) or {}
    for name, variants in (content.get("responses") or {}).items():
        for variant in variants or []:
            if isinstance(variant, dict):
                for key in ("text", "title"):
                    if isinstance(variant.get(key), str):
                        yield name, variant[key]
                for button in variant.get("buttons") or []:
                    if isinstance(button, dict) and isinstance(button.get("title"), str):
                        yield name, button["title"]


def check_answers(files: Iterable[Path], report: Report) -> None:
    for path in files:
        try:
            responses = list(_responses(path))
        except (OSError, yaml.YAMLError) as exc:
            report.errors.append(f"{path.name} : illisible ({exc})")
            continue
        for name, text in responses:
            if not name.startswith("utter_") or name.startswith(EXEMPT_PREFIX):
                continue
            for figure in literal_figures(text):
                report.errors.append(
                    f"{path.name}, {name} : montant ou taux écrit en dur « {figure} » : utilisez un "
                    "{paramètre} rempli depuis bot/parameters/.")


def run(today: dt.date, parameters: Path = DEFAULT_DIR, domain: Path = ROOT / "domain.yml",
        data: Path = ROOT / "data") -> Report:
    report = Report()
    check_parameters(parameters, today, report)
    check_answers(response_files(domain, data), report)
    return report


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie les paramètres datés et les chiffres des réponses.")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--parameters", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--domain", type=Path, default=ROOT / "domain.yml")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    report = run(args.today, args.parameters, args.domain, args.data)
    for warning in report.warnings:
        print(f"WARNING {warning}")
    for error in report.errors:
        print(f"ERROR {error}", file=sys.stderr)
    print(f"check-facts : {len(report.errors)} erreur(s), {len(report.warnings)} avertissement(s) "
          f"au {args.today.isoformat()}.")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
