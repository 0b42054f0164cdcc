"""Rasa NLU components and policies of the project (named in config.yml).

Importing the package also installs the cached validation of the action server's
replies (components/action_response_validation.py), in every process that loads the model.
"""
from components.action_response_validation import install as _install_action_response_validation

_install_action_response_validation()
