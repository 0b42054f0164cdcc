"""Rasa tracker store of the project (named in endpoints.yml)."""
