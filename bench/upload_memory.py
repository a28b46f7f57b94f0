"""Peak memory and CPU time of one image upload through articles.images.

The test files are made first; then each one is validated and re-encoded in a
fresh Python process that only reads it, so the growth of that process's peak
resident size (VmHWM, reset just before) is what one upload costs a web
worker. Run it with ``make bench-uploads``; the README quotes its table.
"""

import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.images import validate_and_reencode

path = sys.argv[1]
with open(path, "rb") as handle:
    data = handle.read()
def status(field):
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB

# Reset the peak (VmHWM) to the current size, so the peak below is this upload's.
with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")
before = status("VmRSS")
start = time.process_time()
try:
    validate_and_reencode(SimpleUploadedFile(os.path.basename(path), data))
    outcome = "stored"
except ValidationError as error:
    outcome = "refused (" + error.code + ")"
cpu = time.process_time() - start
peak = status("VmHWM")
print(json.dumps({"outcome": outcome, "cpu_s": round(cpu, 2),
                  "peak_growth_mb": round((peak - before) / 1024, 1)}))
"""


def photo_like(width: int, height: int) -> bytes:
    """A JPEG with coarse noise: photo-like detail within the 10 MB limit."""
    noise = Image.effect_noise((width // 4, height // 4), 48)
    image = Image.merge(
        "RGB", [noise, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT), noise]
    )
    buffer = io.BytesIO()
    image.resize((width, height)).save(buffer, "JPEG", quality=75)
    return buffer.getvalue()


def flat_png(width: int, height: int) -> bytes:
    """A one-colour PNG: tiny file, many pixels (the decompression trick)."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


CASES = [
    ("24 MP camera JPEG (6000x4000)", "a.jpg", lambda: photo_like(6000, 4000)),
    ("38 MP JPEG (7500x5000)", "b.jpg", lambda: photo_like(7500, 5000)),
    ("16 MP PNG (4000x4000, the cap)", "c.png", lambda: flat_png(4000, 4000)),
    ("40 MP one-colour PNG (6324x6324)", "d.png", lambda: flat_png(6324, 6324)),
]


def main() -> None:
    print("| upload | file | outcome | CPU s | peak memory growth |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for label, name, make in CASES:
            path = Path(folder) / name
            path.write_bytes(make())
            run = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(run.stdout.strip().splitlines()[-1])
            print(
                f"| {label} | {path.stat().st_size / 1e6:.1f} MB "
                f"| {result['outcome']} | {result['cpu_s']} "
                f"| {result['peak_growth_mb']} MB |"
            )


if __name__ == "__main__":
    main()
