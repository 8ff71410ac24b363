from __future__ import annotations

import pytest

from neurosym.bridge.backends import backend_names


@pytest.fixture(params=sorted(backend_names()))
def backend(request) -> str:
    """Every registered index backend by name (the space/fact tests run on each)."""
    return request.param
