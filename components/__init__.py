"""Rasa NLU components and policies of the project (named in config.yml).

Importing the package also installs, in every process that loads the model: the actions
run in the Rasa process (components/in_process_actions.py), the cached validation of the
action server's replies (components/action_response_validation.py) and the French apology
when the action server is away (components/action_server_down.py). The order matters: the
apology wraps what is left of ``RemoteAction.run`` once the in-process actions are taken out.
"""
from components.in_process_actions import install as _install_in_process_actions

_install_in_process_actions()

from components.action_response_validation import install as _install_action_response_validation  # noqa: E402
from components.action_server_down import install as _install_action_server_down  # noqa: E402

_install_action_response_validation()
_install_action_server_down()
