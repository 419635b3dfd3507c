"""Settings from the environment: a malformed number falls back to the default, never raises."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("raw", "value"), [("123", 123), ("\u00b2", 7), ("", 7), ("-5", 7), ("\u0663", 3)]
)
def test_a_number_from_the_environment_never_raises(monkeypatch, raw, value) -> None:
    from whosaid.config import _env_int

    monkeypatch.setenv("WHOSAID_TEST_NUMBER", raw)
    assert _env_int("WHOSAID_TEST_NUMBER", 7) == value
