"""Layer 7: learning -- rule templates, the differentiable prover and its
training, rules mined from the facts, link predictors (ComplEx-N3), data sets,
metrics and evaluation.

Import-light on purpose: nothing here imports torch at package import time;
each module (``data``, ``metrics``, ``evaluate``, ``kge``, ...) is imported
on its own when used.
"""
