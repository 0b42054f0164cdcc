"""`rasa shell` with a clean prompt: kine-shell, the launcher of `make chat` (scripts/chat.sh).

    kine-shell -m models/kine.tar.gz --endpoints endpoints.yml

Same arguments as `rasa shell`.  Differences, all in this process (Rasa's files are not
changed):

* no deprecation warnings from the libraries Rasa 3.6 imports (pkg_resources,
  pyparsing, distutils, jax…) and Rasa's own logs at WARNING level only
  (LOG_LEVEL=INFO … to see them again);
* the buttons of the last answer are printed as a numbered list of their titles
  (never their payloads), and the prompt accepts free text at once: typing a button's
  title or its number picks it, anything else is sent as typed.  Rasa 3.6's console
  offers no setting for this: it shows buttons as an arrow-key menu whose free-text
  entry is « Type out your own message… » (rasa/core/channels/console.py), so this
  launcher replaces two functions of that module, `_print_bot_output` and
  `_get_user_input`, for Rasa 3.6 only; with another version of Rasa the console
  stays as Rasa made it;
* what is typed goes through the input gate of the other channels (connectors/guard.py,
  `bot.user_input.check_message`): « ??? », « 👍 » or an empty line get its French refusal
  and the prompt again, instead of being sent to the assistant (« ??? » got the
  out-of-scope reply in the shell only).
"""
from __future__ import annotations

import os
import sys
import unicodedata
import warnings
from typing import Any, Dict, List, Optional, Tuple

from bot.user_input import check_message
from ops import settings

QUIET_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
HINT = "(tapez le numéro ou le texte d'un choix, ou écrivez votre message)"
PROMPT = "Vous →"


def quiet_warnings() -> None:
    """Drops deprecation warnings when they would be shown.  Done in showwarning rather than with
    a filter: Rasa puts its own filters first ("once" for every UserWarning, and pyparsing's
    deprecation warnings are UserWarnings too)."""
    shown = warnings.showwarning

    def show(message: Any, category: type, *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, QUIET_WARNINGS):
            shown(message, category, *args, **kwargs)

    warnings.showwarning = show
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def _folded(text: str) -> str:
    text = unicodedata.normalize("NFD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def choose(typed: str, buttons: List[Dict[str, Any]]) -> str:
    """The payload of the button the user typed (its title, or its number when no title is a
    number), or the text as typed."""
    titles = [str(b.get("title") or "") for b in buttons]
    for title, button in zip(titles, buttons):
        if title and _folded(typed) == _folded(title):
            return str(button.get("payload") or title)
    numbered = not any(t.strip().isdigit() for t in titles)
    if numbered and typed.isdigit() and 1 <= int(typed) <= len(buttons):
        button = buttons[int(typed) - 1]
        return str(button.get("payload") or button.get("title") or typed)
    return typed


def gated(typed: str, buttons: List[Dict[str, Any]]) -> Tuple[Optional[str], str, List[Dict[str, Any]]]:
    """What the shell sends for what was typed: (the button's payload or the cleaned text, "", []);
    or, refused by the input gate, (None, its refusal, its buttons)."""
    checked = check_message(choose(typed.strip(), buttons))
    if checked.accepted:
        return checked.text, "", []
    return None, checked.refusal or "", [dict(b) for b in checked.buttons or []]


def button_lines(buttons: List[Dict[str, Any]]) -> List[str]:
    return [f"  {i}. {b.get('title', '')}" for i, b in enumerate(buttons, 1)]


def patch_console() -> None:
    """Numbered buttons and a free-text prompt in Rasa 3.6's console (see the module's docstring)."""
    import questionary
    import rasa
    import rasa.shared.utils.cli as cli
    from prompt_toolkit.styles import Style
    from rasa.core.channels import console
    from rasa.shared.utils.io import bcolors

    if not rasa.__version__.startswith("3.6."):
        return

    print_original = console._print_bot_output

    def print_bot_output(message: Dict[str, Any], is_latest_message: bool = False,
                         color: str = bcolors.OKBLUE) -> None:
        """The text (and anything else) as Rasa prints it, then the buttons' titles, numbered."""
        # The forget payload ({"type": "kine_forget"}) is for the web widget; nothing to show here.
        rest = {key: value for key, value in message.items() if key != "buttons"
                and not (key == "custom" and isinstance(value, dict) and value.get("type") == "kine_forget")}
        print_original(rest, False, color)
        for line in button_lines(list(message.get("buttons") or [])):
            cli.print_color(line, color=color)
        return None

    async def get_user_input(previous_response: Optional[Dict[str, Any]]) -> Optional[str]:
        buttons: List[Dict[str, Any]] = []
        if previous_response is not None:
            buttons = list(previous_response.get("buttons") or [])
            print_bot_output(previous_response)
            if buttons:
                cli.print_color(HINT, color=bcolors.OKBLUE)
        while True:
            question = questionary.text("", qmark=PROMPT, style=Style([("qmark", "#b373d6"), ("", "#b373d6")]))
            typed = await question.ask_async()
            if typed is None:
                return None
            text, refusal, refusal_buttons = gated(typed, buttons)
            if text is not None:
                return text
            print_bot_output({"text": refusal, "buttons": refusal_buttons})  # then the prompt again
            buttons = refusal_buttons or buttons

    console._print_bot_output = print_bot_output
    console._get_user_input = get_user_input


def main(argv: Optional[List[str]] = None) -> None:
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("LOG_LEVEL_LIBRARIES", "ERROR")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", settings.get("TF_CPP_MIN_LOG_LEVEL"))
    settings.private_files()
    quiet_warnings()
    print("Chargement de l'assistant (une minute environ)…", flush=True)
    patch_console()
    from components.graph_runner import install

    install()  # the project's graph runner, as kine-rasa
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "shell", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
