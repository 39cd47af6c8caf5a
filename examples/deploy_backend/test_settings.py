from pathlib import Path

import pytest

import settings


def test_settings_env_is_found_next_to_the_module():
    assert settings.ENV_FILE == Path(settings.__file__).parent / "settings.env"
    assert settings.ENV_FILE.is_file()


def test_defaults_from_settings_env():
    loaded = settings.load_settings(environ={})
    assert loaded.app_name == "deploy-backend"
    assert loaded.docs_dir == "docs"
    assert loaded.chunk_size == 400
    assert not loaded.is_production


def test_environment_overrides_the_file():
    loaded = settings.load_settings(environ={"ENVIRONMENT": "production", "CHUNK_SIZE": "120"})
    assert loaded.is_production and loaded.chunk_size == 120


def test_parse_env_file_handles_comments_and_quotes():
    text = "# comment\n\nNAME = 'quoted value'\nEMPTY=\nURL=http://x/?a=b\n"
    assert settings.parse_env_file(text) == {"NAME": "quoted value", "EMPTY": "", "URL": "http://x/?a=b"}
    with pytest.raises(ValueError, match="line 1"):
        settings.parse_env_file("not a pair")


def test_missing_keys_are_reported(tmp_path):
    partial = tmp_path / "partial.env"
    partial.write_text("APP_NAME=x\n")
    with pytest.raises(KeyError, match="API_KEY"):
        settings.load_settings(partial, environ={})
