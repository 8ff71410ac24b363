"""Layer 6: the neural side -- learned vectors, the scored prover, training
and evaluation.

Import-light on purpose: nothing here imports torch at package import time;
each module (``data``, ``metrics``, ``evaluate``, ``kge``, ...) is imported
on its own when used.
"""
