"""What users read when a part of the service is away (one wording, every set-up)."""
from __future__ import annotations

# The action server (custom actions: calculations, answers with figures) does not answer.
# Sent by nginx in the served set-up (ops/stack/nginx.py) and by Rasa itself without nginx
# (components/action_server_down.py).
ACTIONS_UNAVAILABLE = ("Désolé, une partie de mon service est momentanément indisponible : je ne peux pas faire "
                       "cette opération pour l'instant. Réessayez dans un moment ; les questions générales "
                       "marchent toujours.")

# A client over one of the abuse limits: nginx per address (ops/templates/nginx.conf, as JSON),
# Rasa per socket.io connection and new conversations per address (connectors/limits.py).
TOO_MANY = "Trop de messages, réessayez dans un instant."
