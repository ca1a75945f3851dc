"""Memory of the production server serving a 200-megapixel master.

Usage: .venv/bin/python bench/iiif_memory.py [--megapixels 200] [--requests 40]

Builds a temporary installation, registers one generated JPEG master of the
given size, and reports the peak resident memory (VmHWM) of every gunicorn
worker (3 workers, the Makefile's production command):

1. before the pyramid exists: full-resolution tiles and thumbnails are rendered
   from the master itself;
2. the pyramid build (`manage.py build_derivatives`), peak of that process;
3. after the pyramid exists: tiles of every level, arbitrary regions,
   thumbnails and `full/max`.
"""

import argparse
import http.client
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from support import PYTHON, ROOT, free_port, manage

GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def make_master(path: Path, megapixels: int) -> tuple[int, int]:
    from PIL import Image, ImageDraw

    width = int(math.sqrt(megapixels * 1_000_000 * 4 / 3))
    height = megapixels * 1_000_000 // width
    small = Image.effect_noise((width // 16, height // 16), 60).convert("RGB")
    draw = ImageDraw.Draw(small)
    rng = random.Random(200)
    for _ in range(400):
        x, y = rng.randrange(small.width), rng.randrange(small.height)
        r = rng.randrange(5, 80)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    image = small.resize((width, height), Image.Resampling.BILINEAR)
    del small
    image.save(path, "JPEG", quality=85)
    return width, height


def vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


class Server:
    def __init__(self, env: dict) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(GUNICORN), "kulturschatz.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "3", "--threads", "4", "--worker-class", "gthread", "--timeout", "300"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                self.get("/robots.txt")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()

    def peaks(self) -> list[float]:
        return [round(vm_hwm_mb(pid)) for pid in worker_pids(self.process.pid)]

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def hammer(server: Server, paths: list[str], concurrency: int = 8) -> tuple[int, int, float]:
    """Send the paths from several threads; returns (ok, errors, seconds)."""
    lock = threading.Lock()
    queue = list(paths)
    counts = {"ok": 0, "errors": 0}

    def work() -> None:
        while True:
            with lock:
                if not queue:
                    return
                path = queue.pop()
            status, _ = server.get(path)
            with lock:
                counts["ok" if status == 200 else "errors"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counts["ok"], counts["errors"], time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=int, default=200)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from kulturschatz.iiif.image_api import Tile, scale_factors, tile_region

    work = Path(tempfile.mkdtemp(prefix="kulturschatz-memory-"))
    try:
        master = work / "master.jpg"
        print(f"Generating a {args.megapixels}-megapixel JPEG …", flush=True)
        width, height = make_master(master, args.megapixels)
        print(f"  {width}×{height} px, {master.stat().st_size / 1e6:.0f} MB")
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
            "KULTURSCHATZ_VAR_DIR": str(work / "var"),
            "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
            "KULTURSCHATZ_STATIC_ROOT": str(work / "static"),
        }
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        identifier = manage(env, "shell", "-c", (
            "from django.core.files import File\n"
            "from kulturschatz.collections.models import *\n"
            "i = Institution.objects.create(name='Bench', slug='bench')\n"
            "o = HeritageObject.objects.create(institution=i, identifier='bench', "
            "inventory_number='B1', title='Bench', status='published')\n"
            "image = ObjectImage(heritage_object=o, is_primary=True)\n"
            f"image.master.save('master.jpg', File(open({str(master)!r}, 'rb')), save=False)\n"
            "image.save()\n"
            "print(image.uuid.hex)\n"
        )).strip().splitlines()[-1]
        base = f"/iiif/3/{identifier}"
        rng = random.Random(7)
        factors = scale_factors(width, height)

        def random_tile(factor: int) -> str:
            span = 512 * factor
            tile = Tile(factor, rng.randrange(math.ceil(width / span)), rng.randrange(math.ceil(height / span)))
            x, y, w, h = tile_region(tile, width, height)
            return f"{base}/{x},{y},{w},{h}/{math.ceil(w / factor)},/0/default.jpg"

        results = {}
        server = Server(env)
        try:
            paths = [random_tile(1) for _ in range(args.requests // 2)]
            paths += [f"{base}/full/!{s},{s}/0/default.jpg" for s in rng.sample(range(150, 1200), args.requests // 2)]
            ok, errors, seconds = hammer(server, paths)
            results["before pyramid (from master)"] = {"ok": ok, "errors": errors, "seconds": round(seconds, 1), "worker_peak_mb": server.peaks()}
        finally:
            server.stop()

        started = time.monotonic()
        build = subprocess.run(
            ["/usr/bin/time", "-f", "%M", str(PYTHON), "manage.py", "build_derivatives",
             "--verbosity", "0"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )
        results["pyramid build"] = {
            "seconds": round(time.monotonic() - started, 1),
            "process_peak_mb": round(int(build.stderr.strip().splitlines()[-1]) / 1024),
        }

        server = Server(env)
        try:
            paths = [random_tile(rng.choice(factors)) for _ in range(args.requests * 4)]
            for _ in range(args.requests):
                w, h = rng.randrange(200, 3000), rng.randrange(200, 3000)
                paths.append(f"{base}/{rng.randrange(width - w)},{rng.randrange(height - h)},{w},{h}/max/0/default.jpg")
                paths.append(f"{base}/full/!{rng.randrange(150, 1200)},{rng.randrange(150, 1200)}/0/default.jpg")
            paths += [f"{base}/full/max/0/default.jpg"] * 3
            rng.shuffle(paths)
            ok, errors, seconds = hammer(server, paths)
            results["after pyramid"] = {"ok": ok, "errors": errors, "seconds": round(seconds, 1), "worker_peak_mb": server.peaks()}
        finally:
            server.stop()

        print(f"\n{width}×{height} master ({width * height / 1e6:.0f} MP), 3 gunicorn workers × 4 threads, 8 clients")
        for name, figures in results.items():
            print(f"  {name:32} {json.dumps(figures)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
