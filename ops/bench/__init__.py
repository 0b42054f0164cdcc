"""Benchmarks, each `python -m ops.bench.<name>`, recorded in BENCHMARKS.md: nlu (make bench), load
(make bench-load), soak (make bench-soak), report (make bench-report); conversations.py generates
the conversations the report's benchmark and tests read."""
