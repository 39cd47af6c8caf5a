"""Configuration validation: every error names the key."""

from __future__ import annotations

import pytest
from backend_organizer.core.errors import ConfigError
from backend_organizer.core.scan.config import parse_config


def test_valid_configuration():
    config = parse_config(
        {
            "rules": {"llm_*.py": "agents", "billing.py": "payments"},
            "categories": {"payments": "Billing"},
            "packages": {"agents": "ai"},
            "keep": ["config.py"],
            "exclude": ["legacy/*"],
            "entry-points": ["server.py"],
            "readme-structure": False,
        }
    )
    assert config.rules == (("llm_*.py", "agents"), ("billing.py", "payments"))
    assert "server.py" in config.entry_points and "main.py" in config.entry_points
    assert config.packages == {"agents": "ai"} and not config.readme_structure


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"rule": {}}, "unknown key 'rule' (did you mean 'rules'?)"),
        ({"rules": {"../x.py": "agents"}}, "rules['../x.py']"),
        ({"rules": {"x.py": "not-an-id"}}, "is not a Python identifier"),
        ({"rules": {"x.py": "nowhere"}}, "unknown category 'nowhere'"),
        ({"packages": {"agents": "1abc"}}, "packages.agents"),
        ({"packages": {"ghosts": "x"}}, "unknown category 'ghosts'"),
        ({"keep": "config.py"}, "keep: must be a list of strings"),
        ({"exclude": ["/abs/*"]}, "exclude"),
        ({"categories": {"bad name": "x"}}, "category name 'bad name'"),
        ({"readme-structure": "yes"}, "readme-structure: must be true or false"),
    ],
)
def test_invalid_configuration_names_the_key(table, message):
    with pytest.raises(ConfigError) as info:
        parse_config(table)
    assert message in str(info.value)
