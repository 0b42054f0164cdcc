"""Rasa NLU components and policies of the project (named in config.yml).

Importing the package also installs the cached validation of the action server's
replies (components/action_response_validation.py) and the French apology when the action
server is away (components/action_server_down.py), in every process that loads the model.
"""
from components.action_response_validation import install as _install_action_response_validation
from components.action_server_down import install as _install_action_server_down

_install_action_response_validation()
_install_action_server_down()
