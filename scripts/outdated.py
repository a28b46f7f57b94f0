"""List pinned dependencies that are behind the newest patch release of their series.

Security fixes arrive as patch releases (x.y.Z), and vulnerability databases
cannot be reached from our machines, so ``make outdated`` asks the package
index, through pip, for every ``name==version`` pin in requirements*.txt and
prints each one with a newer release in the same ``major.minor`` series.
Exit status 1 when any is behind, 0 when all pins are current.
"""

import re
import subprocess
import sys
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)")


def pins() -> dict[str, str]:
    found = {}
    for path in sorted(ROOT.glob("requirements*.txt")):
        for line in path.read_text().splitlines():
            match = PIN.match(line.strip())
            if match:
                found[re.sub(r"\[.*\]", "", match.group(1))] = match.group(2)
    return found


def available(name: str) -> list[Version]:
    run = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", name],
        capture_output=True,
        text=True,
    )
    for line in run.stdout.splitlines():
        if line.startswith("Available versions:"):
            versions = []
            for text in line.split(":", 1)[1].split(","):
                try:
                    versions.append(Version(text.strip()))
                except InvalidVersion:
                    continue
            return versions
    return []


def newest_patch(pinned: Version, versions: list[Version]) -> Version:
    """The newest final release with ``pinned``'s major and minor numbers."""
    series = [
        v
        for v in versions
        if v.release[:2] == pinned.release[:2] and not v.is_prerelease
    ]
    return max(series, default=pinned)


def main() -> int:
    behind = []
    for name, version in pins().items():
        pinned = Version(version)
        versions = available(name)
        if not versions:
            print(f"{name}=={version}: the index gave no versions (offline?)")
            continue
        newest = newest_patch(pinned, versions)
        if newest > pinned:
            behind.append(f"{name}=={version} -> {newest}")
    for line in behind:
        print(line)
    if not behind:
        print("Every pin is at the newest patch release of its series.")
    return 1 if behind else 0


if __name__ == "__main__":
    sys.exit(main())
