"""make outdated: a pin is behind when its major.minor series has a newer final release."""

from packaging.version import Version

from scripts.outdated import newest_patch, pins


def versions(*texts):
    return [Version(text) for text in texts]


def test_newer_patch_of_the_same_series_is_found():
    """5.2.19 is behind 5.2.20, whatever newer series exist."""
    available = versions("6.0.1", "5.2.20", "5.2.19", "5.1.99")
    assert newest_patch(Version("5.2.19"), available) == Version("5.2.20")


def test_prereleases_and_other_series_do_not_count():
    """A release candidate or a new minor series is not a patch to take."""
    available = versions("5.3.0", "5.2.20rc1", "5.2.19")
    assert newest_patch(Version("5.2.19"), available) == Version("5.2.19")


def test_every_requirements_pin_is_read():
    """Runtime and dev pins are both checked, by exact name."""
    found = pins()
    assert found["Django"].startswith("5.2.")
    assert "pytest" in found
