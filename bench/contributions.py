"""Mitmachen: what a citizen's photo costs on arrival.

1. Removing the GPS position: ``imaging.strip_location`` (segments rewritten,
   pixels untouched) against the reference most tools use, decoding the photo
   and saving it again with Pillow without EXIF (quality 95), on phone-sized
   JPEGs. Both run here, one after the other, on the same photos; the output
   gives the time per photo and how far the pixels moved.
2. The share form over HTTP: gunicorn as `make run` starts it on a fresh
   installation, one POST with N photos at a time (form GET for the CSRF token
   first, as a browser does); time per submission, p50/p95.

    .venv/bin/python bench/contributions.py [--photos 5] [--megapixels 12] [--rounds 10]
"""

import argparse
import io
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import requests
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.support import ROOT, free_port, manage, start_server  # noqa: E402


def phone_photo(megapixels: float, seed: int) -> bytes:
    """A JPEG as a phone writes it: 4:3, textured content, EXIF with orientation
    and a GPS position, quality 90."""
    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    rng = np.random.default_rng(seed)
    small = rng.integers(0, 255, (height // 16, width // 16, 3), dtype=np.uint8)
    image = Image.fromarray(small).resize((width, height), Image.Resampling.BICUBIC)
    noise = rng.integers(-12, 12, (height, width, 3), dtype=np.int16)
    pixels = np.clip(np.asarray(image, dtype=np.int16) + noise, 0, 255).astype(np.uint8)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turned by 90°
    exif[0x010F] = "Phone"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 21.0, 30.0), 3: "E", 4: (11.0, 59.0, 45.0)})
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def reencode_without_exif(data: bytes) -> bytes:
    """The reference: decode, save again without metadata."""
    image = Image.open(io.BytesIO(data))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def pixel_change(before: bytes, after: bytes) -> float:
    a = np.asarray(Image.open(io.BytesIO(before)).convert("RGB"), dtype=np.int16)
    b = np.asarray(Image.open(io.BytesIO(after)).convert("RGB"), dtype=np.int16)
    return float(np.abs(a - b).mean())


def bench_stripping(photos: list[bytes]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kulturschatz.settings")
    from kulturschatz.iiif import imaging

    for name, function in [("strip_location", imaging.strip_location),
                           ("reference: Pillow re-encode", reencode_without_exif)]:  # fmt: skip
        times, changes, sizes = [], [], []
        for data in photos:
            started = time.perf_counter()
            result = function(data)
            times.append((time.perf_counter() - started) * 1000)
            changes.append(pixel_change(data, result))
            sizes.append(len(result) / len(data))
            assert not Image.open(io.BytesIO(result)).getexif().get_ifd(0x8825), name
        print(
            f"  {name:<30} {statistics.median(times):8.1f} ms/photo (median)   "
            f"mean pixel change {statistics.mean(changes):.2f}/255   "
            f"size {statistics.mean(sizes) * 100:.0f} % of the original"
        )


def bench_form(photos: list[bytes], rounds: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="kulturschatz-contributions-"))
    port = free_port()
    env = {
        **os.environ,
        "KULTURSCHATZ_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "KULTURSCHATZ_VAR_DIR": str(work / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(work / "static"),
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
        "KULTURSCHATZ_CONTRIBUTION_RATE": "100000/h",
        "KULTURSCHATZ_CONTRIBUTION_ATTEMPT_RATE": "100000/h",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_DEBUG", None)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    server = start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(base + "/mitmachen/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        times = []
        for number in range(rounds + 2):  # two for warming up the workers
            session = requests.Session()
            form = session.get(base + "/mitmachen/schatz-teilen/", timeout=30).text
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
            fields = {
                "csrfmiddlewaretoken": token, "title": f"Schatz {number}",
                "story": "Eine Geschichte.", "contributor_name": "Bench",
                "licence": "http://creativecommons.org/licenses/by/4.0/",
                "rights_confirmed": "on", "privacy_consent": "on", "website": "",
            }  # fmt: skip
            files = [("photos", (f"foto{i}.jpg", data, "image/jpeg")) for i, data in enumerate(photos)]
            started = time.perf_counter()
            answer = session.post(
                base + "/mitmachen/schatz-teilen/", data=fields, files=files,
                headers={"Referer": base + "/mitmachen/schatz-teilen/"},
                allow_redirects=False, timeout=300,
            )  # fmt: skip
            elapsed = (time.perf_counter() - started) * 1000
            assert answer.status_code == 302, (answer.status_code, answer.text[:500])
            if number >= 2:
                times.append(elapsed)
        times.sort()
        megabytes = sum(len(p) for p in photos) / 1e6
        print(
            f"  POST with {len(photos)} photos ({megabytes:.1f} MB): p50 "
            f"{statistics.median(times):.0f} ms, p95 {times[int(len(times) * 0.95) - 1]:.0f} ms "
            f"over {len(times)} submissions"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=5)
    parser.add_argument("--megapixels", type=float, default=12)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    photos = [phone_photo(args.megapixels, seed) for seed in range(args.photos)]
    print(
        f"{args.photos} phone photos of {args.megapixels:g} MP, "
        f"{statistics.mean(len(p) for p in photos) / 1e6:.1f} MB each"
    )
    print("Removing the GPS position:")
    bench_stripping(photos)
    print("Share form over HTTP (gunicorn, SQLite):")
    bench_form(photos, args.rounds)


if __name__ == "__main__":
    main()
