"""Rasa channel connectors of the project: Rasa's own REST, socket.io and
Telegram channels with the checks a public assistant needs (input checks,
Telegram's secret token, message length limits).  Listed in credentials.yml.

Importing the package (Rasa does it when it opens the channels) redacts message
texts from every log record of the process (connectors/log_privacy.py)."""
from connectors import log_privacy

log_privacy.install()
