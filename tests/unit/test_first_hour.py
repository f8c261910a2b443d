"""What a newcomer meets in the first hour: the build, the messages of the command line, the wording."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_license_is_an_spdx_string_that_setuptools_keeps_supporting():
    """A table (``license = { text = ... }``) is deprecated by setuptools and refused after 2027-02-18."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert config["project"]["license"] == "MIT"
    assert not any(c.startswith("License ::") for c in config["project"].get("classifiers", []))
    requires = " ".join(config["build-system"]["requires"])
    found = re.search(r"setuptools>=(\d+)", requires)
    assert found and int(found.group(1)) >= 77, requires  # the first setuptools that reads an SPDX string
