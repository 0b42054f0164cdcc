"""Pure-Python core of the kinésithérapie assistant.

Knows nothing of Rasa: the reimbursement calculator, its dated and sourced
parameters, French number and amount parsing, and French answer formatting.
"""
