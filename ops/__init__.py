"""The operator's package, installed with its commands (pyproject's [project.scripts]): the settings
(settings.py, every default in one place), the site owner's tools (kine-report, kine-review: README,
"What users ask"), the local stack (stack/: kine-stack, kine-rasa, kine-shell), the production jobs
(jobs/: kine-health, kine-purge, kine-backup, kine-deploy-model, kine-telegram-webhook), the
evaluations (evaluation/) and the benchmarks (bench/)."""
