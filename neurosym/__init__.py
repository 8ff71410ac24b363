"""neurosym: a neuro-symbolic reasoning engine.

The exact engine (terms, language, store, engine) never imports torch or
faiss; the neural layers load them lazily when soft or neural reasoning is
asked for.
"""

from .version import __version__

__all__ = ["KnowledgeBase", "__version__"]


def __getattr__(name: str):
    if name == "KnowledgeBase":
        from .kb import KnowledgeBase
        return KnowledgeBase
    raise AttributeError(f"module 'neurosym' has no attribute {name!r}")
