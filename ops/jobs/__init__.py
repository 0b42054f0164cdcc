"""Production jobs, installed as commands: kine-health, kine-purge, kine-backup, kine-deploy-model,
kine-telegram-webhook (README, "Production")."""
