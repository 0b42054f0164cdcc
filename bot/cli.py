"""The calculator's command line: a JSON request in, JSON (or, with --fr, the French explanation) out.

    python -m bot.cli '{"sessions": 10, "act": "membre", "mutuelle": {"br_percent": 100}}'
    python -m bot.cli --fr '{"sessions": 10, "price": 25, "date": "2026-12-01", "mutuelle": {"br_percent": 100}}'

A request the calculator refuses exits with status 2 and its French message, without a traceback.
"""
from __future__ import annotations

import json
import re
import sys
from typing import List, Optional

from bot.calculator import Calculation, compute
from bot.explain import explain_fr
from bot.money import cents
from bot.parameters import ParameterError
from bot.request import CalculatorInputError


def to_json(calc: Calculation) -> str:
    """JSON with every amount written with exactly two decimals (17.90, not 17.9)."""
    marker = "\x00money:"
    text = json.dumps(calc.to_dict(money=lambda amount: f"{marker}{cents(amount)}"), ensure_ascii=False, indent=2)
    return re.sub(r'"\\u0000money:(-?\d+\.\d{2})"', r"\1", text)


USAGE = """usage: python -m bot.cli [--fr] '<json>'

Calcule le coût de séances de kinésithérapie et leur remboursement.
  --fr   affiche l'explication en français au lieu du JSON
Exemple : python -m bot.cli --fr '{"sessions": 10, "price": 25, "mutuelle": {"br_percent": 100}}'"""


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    french = "--fr" in args
    args = [a for a in args if a != "--fr"]
    if args in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if len(args) != 1:
        print("Erreur : donnez une requête JSON et une seule.\n" + USAGE, file=sys.stderr)
        return 2
    try:
        data = json.loads(args[0])
    except json.JSONDecodeError as exc:
        print(f"Erreur : la requête n'est pas du JSON valide ({exc.msg}, caractère {exc.pos}).", file=sys.stderr)
        return 2
    try:
        calc = compute(data)
    except CalculatorInputError as exc:
        print(f"Erreur : {exc.message}", file=sys.stderr)
        return 2
    except ParameterError as exc:
        print(f"Erreur de paramètres : {exc}", file=sys.stderr)
        return 2
    print(explain_fr(calc) if french else to_json(calc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
