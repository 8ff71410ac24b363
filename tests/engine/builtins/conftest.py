"""Fixtures for the builtin tests; the test double lives in ``bi_support``."""

import pytest
from bi_support import FakeMachine


@pytest.fixture
def m():
    return FakeMachine()
