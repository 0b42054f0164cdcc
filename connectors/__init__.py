"""Rasa channel connectors of the project: Rasa's own REST, socket.io and
Telegram channels with the checks a public assistant needs (input checks,
Telegram's secret token, message length limits).  Listed in credentials.yml."""
