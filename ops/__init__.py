"""The site owner's tools: the conversation report (kine-report, make report) and the review of
unanswered questions (kine-review, make review).  README, "What users ask"."""
