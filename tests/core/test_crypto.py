"""Personal-data encryption: round trip, the generated key file (0600, created once, reused), and a wrong key that
gives a clear error (KeyMismatch), shown as "unreadable" by the shipments service instead of a server error."""

import stat

import pytest

from reachroom.config import get_settings
from reachroom.core import crypto


def test_round_trip_and_empty(monkeypatch):
    monkeypatch.setenv("REACHROOM_SECRET_KEY", "k" * 40)
    get_settings.cache_clear()
    token = crypto.encrypt_text("Ada Fictional, 1 Nowhere Lane")
    assert "Nowhere" not in token and crypto.decrypt_text(token) == "Ada Fictional, 1 Nowhere Lane"
    assert crypto.encrypt_text("") == "" and crypto.decrypt_text("") == ""
    assert crypto.encrypt_text("x") != crypto.encrypt_text("x")  # a fresh IV each time


def test_key_file_is_generated_once_with_0600(monkeypatch, tmp_path):
    monkeypatch.setenv("REACHROOM_SECRET_KEY", "")
    monkeypatch.setenv("REACHROOM_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    token = crypto.encrypt_text("hello")
    key_file = tmp_path / "var" / "secret.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and len(key_file.read_text().strip()) >= 40
    first = key_file.read_text()
    assert crypto.decrypt_text(token) == "hello" and key_file.read_text() == first  # reused, not regenerated


def test_wrong_key_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("REACHROOM_SECRET_KEY", "a" * 40)
    get_settings.cache_clear()
    token = crypto.encrypt_text("hello")
    monkeypatch.setenv("REACHROOM_SECRET_KEY", "b" * 40)
    get_settings.cache_clear()
    with pytest.raises(crypto.KeyMismatch, match="REACHROOM_SECRET_KEY"):
        crypto.decrypt_text(token)
    with pytest.raises(crypto.KeyMismatch):
        crypto.decrypt_text("not a token at all")
