"""Layer 6: scored reasoning -- the best-first inference loop over partial
proofs (``search``), its exact, weighted and soft steps (``resolve``), the
scoring semirings (``scoring``) and the query entry point (``prover``).

Import-light on purpose: torch and faiss load only when a soft step needs the
thought-vector bridge.
"""
