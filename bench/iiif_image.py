"""Benchmark of the IIIF Image API: our server beside IIPImage and zimeon's reference.

Starts three servers side by side on 127.0.0.1, each on one 6000×4000 JPEG:

* ours: gunicorn exactly as ``make run`` starts it, on a temporary installation
  (own database, media and static folders), with the tile pyramid pre-built by
  ``manage.py build_derivatives`` when that command exists;
* zimeon's reference server (PyPI ``iiif``, Pillow, Flask's development server), in
  its own venv under /tmp/bench-venvs/ so that its dependencies stay out of ours;
* IIPImage (Debian ``iipimage-server``, FastCGI) behind nginx, serving a tiled
  pyramidal TIFF made with ``vips``.

Then it measures five kinds of request against each (see KINDS), with a fixed
random seed, and prints req/s, p50, p99 and errors per kind, the req/s ratios and
the peak memory of our gunicorn workers. Run it from anywhere with the project's
venv::

    .venv/bin/python bench/iiif_image.py [--seconds 15] [--concurrency 8]
        [--skip-iipsrv] [--skip-reference] [--json FILE]

bench/README.md explains the set-up and how to read the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import dataclasses
import http.client
import io
import json
import math
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageStat

REPO = Path(__file__).resolve().parent.parent
WORK_DIR = Path("/tmp/bench-iiif")  # test image and TIFF, kept between runs
REFERENCE_VENV = Path("/tmp/bench-venvs/iiif-ref")
REFERENCE_PACKAGE = "iiif==1.0.10"  # zimeon/iiif, the last release
IMAGE_SIZE = (6000, 4000)
IMAGE_STEM = "bench-6000x4000-v1"  # bump the suffix when make_test_image changes
IIPSRV_CANDIDATES = ("/usr/lib/iipimage-server/iipsrv.fcgi", "iipsrv.fcgi", "iipsrv")
APT_PACKAGES = "iipimage-server nginx libvips-tools"
HTTP_TIMEOUT = 120.0  # as gunicorn's --timeout in the Makefile
SAMPLE_EVERY = 10  # verify every 10th response of each client thread …
SAMPLES_PER_THREAD = 25  # … up to this many per thread and run
MAX_MEAN_DIFFERENCE = 12  # content check: above this, the pixels are not the master's

KINDS: dict[str, str] = {
    "tile": "random tiles of the server's own grid at scale factor 1 (full resolution)",
    "tile_any_level": "random tiles of the grid at random scale factors",
    "thumb": "full/!200,200/0/default.jpg",
    "info": "info.json",
    "region": "random regions of 200-1200 px a side at full size, not grid-aligned",
}


class SetupError(Exception):
    """A server could not be set up; the benchmark goes on without it."""


# -- the test image ---------------------------------------------------------------


def make_test_image(path: Path, size: tuple[int, int] = IMAGE_SIZE, seed: int = 1080) -> None:
    """A deterministic photo-like JPEG: colour clouds, soft shapes, lines and grain.

    Random pixels compress like a photograph (about 7 MB at quality 90), smooth
    gradients and blurred edges keep it from being pure noise.
    """
    width, height = size
    rng = random.Random(seed)

    def noise(w: int, h: int) -> Image.Image:
        return Image.frombytes("L", (w, h), rng.randbytes(w * h))

    def clouds(w: int, h: int) -> Image.Image:
        bands = [noise(w, h).resize(size, Image.Resampling.BICUBIC) for _ in range(3)]
        return Image.merge("RGB", bands)

    image = Image.blend(clouds(12, 8), clouds(240, 160), 0.25)
    vignette = Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR)
    image = ImageChops.subtract(image, Image.merge("RGB", [vignette.point(lambda v: v // 3)] * 3))

    shapes = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    for _ in range(400):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randint(20, 600)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256), rng.randint(60, 200))
        shape = rng.random()
        if shape < 0.4:
            draw.ellipse((x - r, y - r * rng.uniform(0.3, 1), x + r, y + r), fill=colour)
        elif shape < 0.7:
            draw.rectangle((x, y, x + r, y + rng.randint(20, 600)), fill=colour)
        else:
            corners = rng.randint(3, 7)
            draw.polygon(
                [(x + rng.randint(-r, r), y + rng.randint(-r, r)) for _ in range(corners)],
                fill=colour,
            )
    shapes = shapes.filter(ImageFilter.GaussianBlur(3))
    image.paste(shapes, mask=shapes)

    draw = ImageDraw.Draw(image)
    for _ in range(3000):
        x, y = rng.randrange(width), rng.randrange(height)
        end = (x + rng.randint(-200, 200), y + rng.randint(-200, 200))
        draw.line((x, y, *end), fill=(rng.randrange(256),) * 3, width=rng.randint(1, 3))

    grain = noise(width, height).point(lambda v: 128 + (v - 128) * 14 // 128)
    grain = grain.filter(ImageFilter.GaussianBlur(0.6))
    image = ImageChops.add(image, Image.merge("RGB", [grain] * 3), offset=-128)

    partial = path.with_name(path.name + ".partial")
    image.save(partial, "JPEG", quality=90)
    os.replace(partial, path)


def ensure_test_image() -> Path:
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    path = WORK_DIR / f"{IMAGE_STEM}.jpg"
    if not path.exists():
        print(f"Generating the test image {path} …", flush=True)
        make_test_image(path)
    with Image.open(path) as image:
        if image.size != IMAGE_SIZE:
            raise SystemExit(f"{path} is {image.size}, expected {IMAGE_SIZE}: delete it")
    return path


# -- processes ------------------------------------------------------------------

try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL("libc.so.6", use_errno=True)
except OSError:
    _LIBC = None


def _child_setup() -> None:
    """In the child: get SIGTERM when the benchmark dies (PR_SET_PDEATHSIG)."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Launcher:
    """Starts server processes, each in its own process group, and stops them all."""

    def __init__(self) -> None:
        self.processes: list[subprocess.Popen[bytes]] = []
        self._logs: list[IO[bytes]] = []

    def start(
        self,
        command: list[str],
        *,
        log: Path,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        stdin: int | None = subprocess.DEVNULL,
    ) -> subprocess.Popen[bytes]:
        handle = log.open("ab")
        self._logs.append(handle)
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=stdin,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_child_setup,  # servers start before any thread of ours
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        """SIGTERM to every process group, SIGKILL to what is left after 10 s."""
        for process in self.processes:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for process in self.processes:
            # Also the group of one that exited: its children may be left over.
            _signal_group(process, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        for handle in self._logs:
            handle.close()
        self.processes.clear()
        self._logs.clear()


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def log_tail(paths: list[Path], lines: int = 12) -> str:
    """The last lines of the logs that have any, indented, for error messages."""
    parts = []
    for path in paths:
        try:
            text = path.read_text(errors="replace").strip()
        except OSError:
            continue
        if text:
            tail = "\n".join("      " + line for line in text.splitlines()[-lines:])
            parts.append(f"    {path}:\n{tail}")
    return "\n".join(parts) or "    (the logs are empty)"


def run_checked(command: list[str], what: str, *, timeout: float = 600, **kwargs: Any) -> str:
    """Run a set-up command; its output on success, SetupError with its tail if not."""
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SetupError(f"{what}: {error}") from error
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-8:]
        raise SetupError(f"{what} exited {done.returncode}:\n    " + "\n    ".join(tail))
    return done.stdout


# -- the servers ----------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    """What a server's info.json says about the image and its tiles."""

    width: int
    height: int
    tile_width: int
    tile_height: int
    scale_factors: tuple[int, ...]
    version: int  # 2 or 3: the Image API major version the server speaks

    @classmethod
    def from_info(cls, info: dict[str, Any]) -> Grid:
        context = info.get("@context", "")
        contexts = context if isinstance(context, list) else [context]
        version = 3 if any("/image/3/" in str(c) for c in contexts) else 2
        tiles = (info.get("tiles") or [{}])[0]
        tile_width = int(tiles.get("width", 512))
        return cls(
            width=int(info["width"]),
            height=int(info["height"]),
            tile_width=tile_width,
            tile_height=int(tiles.get("height", tile_width)),
            scale_factors=tuple(int(f) for f in tiles.get("scaleFactors", [1])),
            version=version,
        )

    @classmethod
    def fallback(cls, tile: int = 512) -> Grid:
        """The grid a level-2 server would declare, if info.json is broken."""
        factors = [1]
        while max(IMAGE_SIZE) / factors[-1] > tile:
            factors.append(factors[-1] * 2)
        return cls(*IMAGE_SIZE, tile, tile, tuple(factors), 3)

    def describe(self) -> str:
        factors = ",".join(map(str, self.scale_factors))
        return (
            f"Image API {self.version}, {self.width}×{self.height}, "
            f"tiles {self.tile_width}×{self.tile_height}, scale factors {factors}"
        )


@dataclass
class Server:
    key: str  # "ours", "iipimage", "reference"
    label: str
    port: int
    base_path: str  # the image's base URI path, without a trailing slash
    processes: list[subprocess.Popen[bytes]]
    logs: list[Path]
    notes: list[str] = field(default_factory=list)
    grid: Grid = field(default_factory=Grid.fallback)

    def url(self, suffix: str) -> str:
        return f"{self.base_path}/{suffix}"

    def alive(self) -> bool:
        return not self.exited()

    def exited(self) -> list[str]:
        """What exited of the server's processes, with exit codes."""
        return [
            f"{Path(str(process.args[0])).name} (pid {process.pid}) exited {process.returncode}"
            for process in self.processes
            if process.poll() is not None
        ]


def fetch(port: int, path: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_listening(server: Server, timeout: float = 90) -> None:
    """Until the server answers HTTP at all (any status), or fail with its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if exited := server.exited():
            raise SetupError(
                f"{server.label}: {'; '.join(exited)} during start-up\n"
                + log_tail(server.logs)
            )
        try:
            fetch(server.port, server.url("info.json"), timeout=5)
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise SetupError(
        f"{server.label} did not answer within {timeout:.0f} s\n" + log_tail(server.logs)
    )


def read_grid(server: Server) -> None:
    """The tile grid from the server's own info.json (a fallback if it fails)."""
    try:
        status, headers, body = fetch(server.port, server.url("info.json"), timeout=60)
        if status != 200:
            raise ValueError(f"HTTP {status}: {body[:200]!r}")
        server.grid = Grid.from_info(json.loads(body))
        software = headers.get("Server", "")
        if software.startswith("iipsrv/"):
            server.label = f"IIPImage {software.split('/', 1)[1]} + nginx"
    except (OSError, ValueError, KeyError, http.client.HTTPException) as error:
        server.grid = Grid.fallback()
        server.notes.append(
            f"info.json failed ({error}); requests use the grid a level-2 server "
            f"would declare: {server.grid.describe()}"
        )


def start_ours(launcher: Launcher, image: Path, root: Path) -> Server:
    """Our production command on a fresh temporary installation."""
    python = REPO / ".venv" / "bin" / "python"
    gunicorn = REPO / ".venv" / "bin" / "gunicorn"
    if not python.exists():
        python = Path(sys.executable)
    if not gunicorn.exists():
        raise SetupError(f"{gunicorn} is missing: run `make setup` first")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
            "KULTURSCHATZ_VAR_DIR": str(root / "var"),
            "KULTURSCHATZ_MEDIA_ROOT": str(root / "media"),
            "KULTURSCHATZ_STATIC_ROOT": str(root / "static"),
            "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
            "BENCH_IMAGE": str(image),
        }
    )
    # gunicorn (25+) puts its control socket into XDG_RUNTIME_DIR, else ~/.gunicorn/:
    # a private one keeps this server apart from any other gunicorn on the machine.
    (root / "run").mkdir()
    env["XDG_RUNTIME_DIR"] = str(root / "run")

    def manage(*args: str, timeout: float = 600) -> str:
        return run_checked(
            [str(python), "manage.py", *args],
            f"manage.py {args[0]}",
            timeout=timeout,
            cwd=REPO,
            env=env,
        )

    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    output = manage("shell", "-c", REGISTER_IMAGE)
    identifier = next(
        (line.split()[1] for line in output.splitlines() if line.startswith("BENCH-IIIF-ID ")),
        None,
    )
    if identifier is None:
        raise SetupError(f"registering the image printed no identifier:\n{output[-500:]}")

    notes = []
    has_command = subprocess.run(
        [str(python), "manage.py", "help", "build_derivatives"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if has_command.returncode == 0:
        started = time.monotonic()
        try:
            manage("build_derivatives")
            notes.append(
                "measured WITH the pre-built tile pyramid "
                f"(manage.py build_derivatives took {time.monotonic() - started:.1f} s)"
            )
        except SetupError as error:
            notes.append(f"measured WITHOUT pyramid: build_derivatives failed: {error}")
    else:
        last = (has_command.stderr or has_command.stdout).strip().splitlines()[-1:]
        notes.append(
            "measured WITHOUT pyramid: no build_derivatives command "
            f"(manage.py help build_derivatives: {' '.join(last) or has_command.returncode})"
        )

    port = free_port()
    log = root / "gunicorn.log"
    command = [
        str(gunicorn), "kulturschatz.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", "3", "--threads", "4", "--worker-class", "gthread", "--timeout", "120",
        "--forwarded-allow-ips", "127.0.0.1",
    ]
    process = launcher.start(command, log=log, cwd=REPO, env=env)
    server = Server(
        key="ours",
        label="ours (gunicorn 3×4 gthread)",
        port=port,
        base_path=f"/iiif/3/{identifier}",
        processes=[process],
        logs=[log],
        notes=notes,
    )
    wait_until_listening(server)
    return server


REGISTER_IMAGE = """
import os
from django.core.files import File
from kulturschatz.collections.models import HeritageObject, Institution, ObjectImage

institution = Institution.objects.create(name="Benchmark-Museum", slug="benchmark")
heritage_object = HeritageObject.objects.create(
    institution=institution,
    status="published",
    identifier="iiif-benchmark",
    inventory_number="BENCH 1",
    title="IIIF-Benchmark",
)
image = ObjectImage(heritage_object=heritage_object, is_primary=True)
with open(os.environ["BENCH_IMAGE"], "rb") as handle:
    image.master.save("benchmark.jpg", File(handle), save=False)
    image.save()
print("BENCH-IIIF-ID", image.uuid.hex)
"""


def ensure_reference_venv() -> Path:
    """zimeon's iiif package in its own venv; the path of its test server script."""
    script = REFERENCE_VENV / "bin" / "iiif_testserver.py"
    if script.exists():
        return script
    print(f"Installing {REFERENCE_PACKAGE} into {REFERENCE_VENV} …", flush=True)
    REFERENCE_VENV.parent.mkdir(parents=True, exist_ok=True)
    run_checked([sys.executable, "-m", "venv", str(REFERENCE_VENV)], "python -m venv")
    run_checked(
        [str(REFERENCE_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
         REFERENCE_PACKAGE],
        f"pip install {REFERENCE_PACKAGE}",
    )
    if not script.exists():
        raise SetupError(f"{REFERENCE_PACKAGE} installed no {script.name}")
    return script


def start_reference(launcher: Launcher, image: Path, root: Path) -> Server:
    """zimeon's iiif_testserver.py: Flask's threaded development server, PIL manipulator."""
    script = ensure_reference_venv()
    images = root / "reference-images"
    images.mkdir()
    (images / "bench.jpg").symlink_to(image)
    port = free_port()
    log = root / "reference.log"
    python = REFERENCE_VENV / "bin" / "python"
    command = [
        str(python), str(script), "--host", "127.0.0.1", "--port", str(port),
        "--image-dir", str(images), "--api-versions", "3.0", "--manipulators", "pil",
        "--quiet",
    ]
    # cwd: the script writes iiif_testserver.pid into its working directory.
    process = launcher.start(command, log=log, cwd=root)
    version = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m; print(m.version('iiif'))"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    server = Server(
        key="reference",
        label=f"reference (zimeon iiif {version or '?'})",
        port=port,
        base_path="/3.0_pil/bench",
        processes=[process],
        logs=[log],
        notes=["Flask development server (threaded, one process), PIL manipulator"],
    )
    wait_until_listening(server)
    return server


def start_iipimage(
    launcher: Launcher,
    image: Path,
    root: Path,
    processes: int,
    tile_size: int,
    cache_mb: int | None,
) -> Server:
    """iipsrv FastCGI processes on one listening socket, nginx in front."""
    iipsrv = next(
        (found for name in IIPSRV_CANDIDATES if (found := shutil.which(name))), None
    )
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    vips = shutil.which("vips")
    missing = [
        name for name, path in (("iipsrv", iipsrv), ("nginx", nginx), ("vips", vips)) if not path
    ]
    if missing or iipsrv is None or nginx is None or vips is None:
        raise SetupError(
            f"not installed: {', '.join(missing)} (apt-get install {APT_PACKAGES})"
        )

    tiff = WORK_DIR / f"{IMAGE_STEM}-tile{tile_size}.tif"
    if not tiff.exists() or tiff.stat().st_mtime < image.stat().st_mtime:
        print(f"Making the pyramidal TIFF {tiff} …", flush=True)
        partial = tiff.with_name("partial-" + tiff.name)
        run_checked(
            [vips, "tiffsave", str(image), str(partial), "--tile", "--pyramid",
             "--compression", "jpeg", "--Q", "85",
             "--tile-width", str(tile_size), "--tile-height", str(tile_size)],
            "vips tiffsave",
        )
        os.replace(partial, tiff)

    # Like spawn-fcgi: the FastCGI processes share one listening socket as fd 0.
    fcgi_port = free_port()
    env = {
        **os.environ,
        "FILESYSTEM_PREFIX": f"{tiff.parent}/",
        "JPEG_QUALITY": "85",  # as ours (IIPImage's default is 75)
        "LOGFILE": str(root / "iipsrv.log"),
        "VERBOSITY": "1",
    }
    if cache_mb is not None:
        env["MAX_IMAGE_CACHE_SIZE"] = str(cache_mb)
    cache = f"{cache_mb} MB" if cache_mb is not None else "iipsrv's default, 10 MB"
    fcgi_processes = []
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", fcgi_port))
        listener.listen(1024)
        for _ in range(processes):
            fcgi_processes.append(
                launcher.start(
                    [iipsrv], log=root / "iipsrv.out", env=env, stdin=listener.fileno()
                )
            )

    port = free_port()
    prefix = root / "nginx"
    prefix.mkdir()
    config = prefix / "nginx.conf"
    config.write_text(NGINX_CONFIG.format(prefix=prefix, port=port, fcgi_port=fcgi_port))
    log = prefix / "error.log"
    nginx_process = launcher.start(
        [nginx, "-p", f"{prefix}/", "-c", str(config), "-e", str(log)], log=log
    )
    server = Server(
        key="iipimage",
        label="IIPImage + nginx",
        port=port,
        base_path=f"/fcgi-bin/iipsrv.fcgi?IIIF={tiff.name}",
        processes=[*fcgi_processes, nginx_process],
        logs=[log, root / "iipsrv.out", root / "iipsrv.log"],
        notes=[
            f"{processes} iipsrv processes (FastCGI, one socket), nginx worker_processes auto; "
            f"TIFF: vips tiffsave --tile --pyramid --compression jpeg --Q 85 "
            f"--tile-width {tile_size} --tile-height {tile_size}; iipsrv JPEG_QUALITY=85, "
            f"tile cache {cache} per process"
        ],
    )
    wait_until_listening(server)
    return server


NGINX_CONFIG = """\
daemon off;
master_process on;
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/client_body;
    fastcgi_temp_path {prefix}/fastcgi;
    proxy_temp_path {prefix}/proxy;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location /fcgi-bin/iipsrv.fcgi {{
            fastcgi_pass 127.0.0.1:{fcgi_port};
            # No FastCGI keep-alive: an iipsrv process stays bound to its connection.
            fastcgi_buffer_size 64k;
            fastcgi_buffers 32 64k;
            fastcgi_max_temp_file_size 0;
            fastcgi_param QUERY_STRING $query_string;
            fastcgi_param REQUEST_METHOD $request_method;
            fastcgi_param CONTENT_TYPE $content_type;
            fastcgi_param CONTENT_LENGTH $content_length;
            fastcgi_param SCRIPT_NAME $fastcgi_script_name;
            fastcgi_param REQUEST_URI $request_uri;
            fastcgi_param DOCUMENT_URI $document_uri;
            fastcgi_param SERVER_PROTOCOL $server_protocol;
            fastcgi_param REQUEST_SCHEME $scheme;
            fastcgi_param GATEWAY_INTERFACE CGI/1.1;
            fastcgi_param REMOTE_ADDR $remote_addr;
            fastcgi_param REMOTE_PORT $remote_port;
            fastcgi_param SERVER_ADDR $server_addr;
            fastcgi_param SERVER_PORT $server_port;
            fastcgi_param SERVER_NAME $host;
            fastcgi_param HTTP_HOST $http_host;
        }}
    }}
}}
"""


# -- requests ------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One request and what a correct answer looks like."""

    path: str
    size: tuple[int, int] | None  # expected JPEG pixel size; None: info.json


def random_tile(
    grid: Grid, rng: random.Random, factor: int, exact_size: bool
) -> tuple[str, tuple[int, int]]:
    """A random tile of one level: its region and size parameters, its pixel size.

    ``exact_size`` asks with "w,h" (as OpenSeadragon does for 3.0), else with "w,".
    """
    span_w, span_h = grid.tile_width * factor, grid.tile_height * factor
    column = rng.randrange(math.ceil(grid.width / span_w))
    row = rng.randrange(math.ceil(grid.height / span_h))
    x, y = column * span_w, row * span_h
    w, h = min(span_w, grid.width - x), min(span_h, grid.height - y)
    out_w, out_h = math.ceil(w / factor), math.ceil(h / factor)
    size = f"{out_w},{out_h}" if exact_size else f"{out_w},"
    return f"{x},{y},{w},{h}/{size}", (out_w, out_h)


def make_probe(kind: str, server: Server, rng: random.Random) -> Probe:
    grid = server.grid
    if kind == "info":
        return Probe(server.url("info.json"), None)
    if kind == "thumb":
        scale = min(200 / grid.width, 200 / grid.height, 1)
        size = (round(grid.width * scale), round(grid.height * scale))
        return Probe(server.url("full/!200,200/0/default.jpg"), size)
    if kind == "tile":
        params, size = random_tile(grid, rng, 1, exact_size=False)
    elif kind == "tile_any_level":
        factor = rng.choice(grid.scale_factors)
        params, size = random_tile(grid, rng, factor, exact_size=grid.version == 3)
    elif kind == "region":
        w, h = rng.randint(200, 1200), rng.randint(200, 1200)
        x, y = rng.randint(0, grid.width - w), rng.randint(0, grid.height - h)
        keyword = "max" if grid.version == 3 else "full"
        params, size = f"{x},{y},{w},{h}/{keyword}", (w, h)
    else:
        raise ValueError(kind)
    return Probe(server.url(f"{params}/0/default.jpg"), size)


def check_body(probe: Probe, body: bytes) -> str | None:
    """Why a sampled 200 response is wrong, or None."""
    if probe.size is None:
        try:
            info = json.loads(body)
            size = (int(info["width"]), int(info["height"]))
        except (ValueError, KeyError, TypeError) as error:
            return f"info.json unreadable ({type(error).__name__})"
        return None if size == IMAGE_SIZE else f"info.json says {size[0]}×{size[1]}"
    try:
        with Image.open(io.BytesIO(body)) as image:
            image.load()
            fmt, size = image.format, image.size
    except (OSError, Image.DecompressionBombError) as error:
        return f"not a decodable image ({error})"
    if fmt != "JPEG":
        return f"{fmt} instead of JPEG"
    # One pixel of rounding on a derived dimension is allowed.
    if any(abs(got - want) > 1 for got, want in zip(size, probe.size, strict=True)):
        return f"{size[0]}×{size[1]} instead of {probe.size[0]}×{probe.size[1]}"
    return None


@dataclass
class ThreadLog:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[tuple[Probe, bytes]] = field(default_factory=list)
    last_end: float = 0.0


def client_loop(
    port: int,
    next_probe: Callable[[], Probe],
    deadline: float,
    stop: threading.Event,
    log: ThreadLog,
) -> None:
    """One client: keep-alive requests, one at a time, until the deadline.

    A request started before the deadline is waited for and counted.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    count = 0
    while not stop.is_set() and time.perf_counter() < deadline:
        probe = next_probe()
        started = time.perf_counter()
        try:
            connection.request("GET", probe.path)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            connection.close()  # http.client reconnects on the next request
            log.errors[type(error).__name__] += 1
            log.last_end = time.perf_counter()
            time.sleep(0.05)  # a dead server must not make this spin
            continue
        ended = time.perf_counter()
        log.last_end = ended
        if response.status != 200:
            log.errors[f"HTTP {response.status}"] += 1
            continue
        log.latencies_ms.append((ended - started) * 1000)
        if count % SAMPLE_EVERY == 0 and len(log.samples) < SAMPLES_PER_THREAD:
            log.samples.append((probe, body))
        count += 1
    connection.close()


@dataclass
class Result:
    server: str
    kind: str
    requests: int  # correct responses
    errors: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    verified: int
    client_cpu: float  # share of one core the client used
    error_reasons: dict[str, int]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(ordered: list[float], share: float) -> float | None:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return None
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(
    server: Server, kind: str, seconds: float, concurrency: int, seed: int,
    stop: threading.Event,
) -> Result:
    logs = [ThreadLog() for _ in range(concurrency)]
    threads = []
    started = time.perf_counter()
    cpu_started = time.process_time()
    deadline = started + seconds
    for index, log in enumerate(logs):
        rng = random.Random(f"{seed}/{kind}/{index}")
        next_probe = partial(make_probe, kind, server, rng)
        threads.append(
            threading.Thread(
                target=client_loop,
                args=(server.port, next_probe, deadline, stop, log),
                daemon=True,
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.5)
    cpu = time.process_time() - cpu_started
    ended = max([log.last_end for log in logs] + [deadline])
    elapsed = ended - started

    failures: Counter[str] = Counter()  # transport errors and non-200 answers
    for log in logs:
        failures.update(log.errors)
    wrong: Counter[str] = Counter()  # sampled 200 answers that are not what was asked
    samples = [sample for log in logs for sample in log.samples]
    for probe, body in samples:
        if problem := check_body(probe, body):
            wrong[problem] += 1
    latencies = sorted(ms for log in logs for ms in log.latencies_ms)
    return Result(
        server=server.key,
        kind=kind,
        requests=len(latencies) - wrong.total(),
        errors=failures.total() + wrong.total(),
        seconds=elapsed,
        p50_ms=percentile(latencies, 0.50),
        p99_ms=percentile(latencies, 0.99),
        verified=len(samples),
        client_cpu=cpu / elapsed,
        error_reasons=dict((failures + wrong).most_common()),
    )


def content_check(server: Server, master: Image.Image) -> str:
    """Compare one full-resolution tile and the thumbnail with the master cut by Pillow.

    Right-sized answers with the wrong pixels (another region, a blank image) show
    as a large mean absolute difference (tens of levels); JPEG re-encoding and
    resampling filters differ by a few levels only.
    """
    grid = server.grid
    x, y = grid.tile_width, grid.tile_height  # the second tile of the second row
    checks = {
        "tile": (
            f"{x},{y},{grid.tile_width},{grid.tile_height}/{grid.tile_width},/0/default.jpg",
            master.crop((x, y, x + grid.tile_width, y + grid.tile_height)),
        ),
        "thumb": ("full/!200,200/0/default.jpg", master),
    }
    findings = []
    for name, (suffix, expected) in checks.items():
        try:
            status, _, body = fetch(server.port, server.url(suffix), timeout=HTTP_TIMEOUT)
            if status != 200:
                raise ValueError(f"HTTP {status}")
            with Image.open(io.BytesIO(body)) as answer:
                got = answer.convert("RGB")
        except (OSError, ValueError, http.client.HTTPException) as error:
            findings.append(f"{name} FAILED ({error})")
            continue
        # At a quarter of the answer's size, so that resampling filters and the
        # grain of the test image do not count, only what the picture shows.
        small = (max(1, got.width // 4), max(1, got.height // 4))
        expected = expected.resize(small, Image.Resampling.BOX)
        got = got.resize(small, Image.Resampling.BOX)
        mad = sum(ImageStat.Stat(ImageChops.difference(expected, got)).mean) / 3
        verdict = "ok" if mad < MAX_MEAN_DIFFERENCE else "MISMATCH"
        findings.append(f"{name} {mad:.1f} {verdict}")
    return "content check (mean abs. difference to the master, 0-255): " + ", ".join(findings)


def warm_up(server: Server, concurrency: int, stop: threading.Event) -> None:
    """First requests (imports, lazy caches, the thumbnail cache) are not measured."""
    rng = random.Random("warm-up")
    for kind in ("tile", "tile_any_level", "thumb", "region"):
        with contextlib.suppress(OSError, http.client.HTTPException):
            fetch(server.port, make_probe(kind, server, rng).path, timeout=HTTP_TIMEOUT)
    # Several connections at once, so that every gunicorn worker gets requests.
    measure(server, "info", 1.0, concurrency, 0, stop)


# -- memory ---------------------------------------------------------------------


def proc_children(pid: int) -> list[int]:
    children: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                children.extend(int(child) for child in handle.read().split())
    return children


def proc_status_kib(pid: int, key: str) -> int | None:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


class MemorySampler(threading.Thread):
    """Peak resident memory (VmHWM) of every process of every server, once a second.

    VmHWM is the peak since the process started; sampling also catches workers
    that exit (gunicorn restarts a worker after a timeout).
    """

    def __init__(self, servers: list[Server]) -> None:
        super().__init__(daemon=True)
        self.servers = servers
        self.peak_kib: dict[str, dict[int, int]] = {s.key: {} for s in servers}
        self.role: dict[int, str] = {}
        self.done = threading.Event()

    def sample(self) -> None:
        for server in self.servers:
            peaks = self.peak_kib[server.key]
            for root in server.processes:
                for pid, role in self._tree(root.pid, server.key):
                    if (kib := proc_status_kib(pid, "VmHWM")) is not None:
                        peaks[pid] = max(peaks.get(pid, 0), kib)
                        self.role[pid] = role

    def _tree(self, root: int, key: str) -> Iterator[tuple[int, str]]:
        yield root, "master" if key == "ours" else "process"
        for child in proc_children(root):
            yield child, "worker"
            for grandchild in proc_children(child):
                yield grandchild, "worker child"

    def run(self) -> None:
        while not self.done.wait(1.0):
            self.sample()

    def stop(self) -> None:
        self.done.set()
        self.sample()


# -- report ---------------------------------------------------------------------


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def fmt_ratio(ours: Result | None, other: Result | None) -> str:
    if ours is None or other is None or not other.rate:
        return "-"
    ratio = ours.rate / other.rate
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:,.0f}×"


def print_report(
    servers: list[Server],
    results: dict[str, dict[str, Result]],
    skipped: dict[str, str],
    memory: dict[str, Any],
    args: argparse.Namespace,
) -> None:
    print()
    print("=" * 94)
    print(
        f"IIIF Image API benchmark: {IMAGE_SIZE[0]}×{IMAGE_SIZE[1]} JPEG, "
        f"{args.concurrency} keep-alive clients, {args.seconds:g} s per kind and server, "
        f"seed {args.seed}"
    )
    print(f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}")
    for server in servers:
        print(f"- {server.label}: {server.grid.describe()}")
        for note in server.notes:
            print(f"    {note}")
    ours_grid = next((s.grid for s in servers if s.key == "ours"), None)
    for server in servers:
        if ours_grid and server.key != "ours" and (
            (server.grid.tile_width, server.grid.tile_height)
            != (ours_grid.tile_width, ours_grid.tile_height)
        ):
            print(
                f"    NOTE: {server.label} tiles are {server.grid.tile_width}×"
                f"{server.grid.tile_height}, ours {ours_grid.tile_width}×{ours_grid.tile_height}"
            )
    for key, reason in skipped.items():
        print(f"- {key}: NOT MEASURED: {reason}")

    header = (
        f"  {'server':<34} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'errors':>7} "
        f"{'requests':>9} {'client CPU':>11}"
    )
    for kind, description in KINDS.items():
        if kind not in results:
            continue
        print()
        print(f"{kind}: {description}")
        print(header)
        for server in servers:
            result = results[kind].get(server.key)
            if result is None:
                continue
            print(
                f"  {server.label:<34} {result.rate:>9.1f} {fmt_ms(result.p50_ms):>9} "
                f"{fmt_ms(result.p99_ms):>9} {result.errors:>7} {result.requests:>9} "
                f"{result.client_cpu:>10.0%}"
            )
            for reason, count in list(result.error_reasons.items())[:3]:
                print(f"      {count} × {reason}")

    keys = {s.key for s in servers}
    kinds = [k for k in KINDS if k in results]
    others = [
        (key, label)
        for key, label in (("iipimage", "ours / IIPImage"), ("reference", "ours / reference"))
        if "ours" in keys and key in keys
    ]
    if others:
        print()
        print(f"{'req/s ratio':<18}" + "".join(f"{kind:>16}" for kind in kinds))
    for other, label in others:
        cells = [fmt_ratio(results[k].get("ours"), results[k].get(other)) for k in kinds]
        print(f"{label:<18}" + "".join(f"{cell:>16}" for cell in cells))

    print()
    print("Peak resident memory (VmHWM, MiB; forked workers count pages shared with the master):")
    for server in servers:
        info = memory.get(server.key)
        if not info:
            continue
        if server.key == "ours":
            workers = ", ".join(f"{mib:.0f}" for mib in info["workers_mib"])
            print(
                f"  {server.label}: workers {workers} (max {info['worker_max_mib']:.0f}, "
                f"sum {info['worker_sum_mib']:.0f}); master {info['master_mib']:.0f}"
            )
        else:
            count, total = info["processes"], info["sum_mib"]
            print(f"  {server.label}: sum over {count} process(es) {total:.0f}")


def memory_summary(sampler: MemorySampler, servers: list[Server]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for server in servers:
        peaks = sampler.peak_kib[server.key]
        if not peaks:
            continue
        if server.key == "ours":
            workers = [kib / 1024 for pid, kib in peaks.items() if sampler.role[pid] == "worker"]
            master = sum(kib for pid, kib in peaks.items() if sampler.role[pid] == "master")
            summary["ours"] = {
                "workers_mib": [round(w, 1) for w in workers],
                "worker_max_mib": round(max(workers, default=0), 1),
                "worker_sum_mib": round(sum(workers), 1),
                "master_mib": round(master / 1024, 1),
            }
        else:
            summary[server.key] = {
                "processes": len(peaks),
                "sum_mib": round(sum(peaks.values()) / 1024, 1),
            }
    return summary


# -- main -----------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15, help="per kind and server (15)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (8)")
    parser.add_argument("--skip-iipsrv", action="store_true", help="no IIPImage")
    parser.add_argument("--skip-reference", action="store_true", help="no zimeon reference")
    parser.add_argument("--skip-ours", action="store_true", help="no gunicorn (for testing)")
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help=f"comma-separated subset of {','.join(KINDS)}"
    )
    parser.add_argument("--seed", type=int, default=1080, help="random seed (1080)")
    parser.add_argument(
        "--iipsrv-processes", type=int, default=3, help="iipsrv FastCGI processes (3)"
    )
    parser.add_argument(
        "--iipsrv-cache-mb",
        type=int,
        help="iipsrv MAX_IMAGE_CACHE_SIZE per process (default: iipsrv's own, 10 MB)",
    )
    parser.add_argument(
        "--tiff-tile", type=int, default=512, choices=(256, 512), help="TIFF tile size (512)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures here")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary installation and logs"
    )
    args = parser.parse_args()
    args.kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    if unknown := set(args.kinds) - set(KINDS):
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    return args


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, _interrupt)
    image = ensure_test_image()
    root = Path(tempfile.mkdtemp(prefix="kulturschatz-bench-"))
    launcher = Launcher()
    stop = threading.Event()
    servers: list[Server] = []
    skipped: dict[str, str] = {}
    results: dict[str, dict[str, Result]] = {}
    sampler: MemorySampler | None = None
    setups: list[tuple[str, Callable[[], Server]]] = []
    if not args.skip_ours:
        setups.append(("ours", lambda: start_ours(launcher, image, root)))
    if not args.skip_iipsrv:
        setups.append(
            ("iipimage", lambda: start_iipimage(
                launcher, image, root, args.iipsrv_processes, args.tiff_tile,
                args.iipsrv_cache_mb,
            ))
        )
    if not args.skip_reference:
        setups.append(("reference", lambda: start_reference(launcher, image, root)))
    try:
        for key, setup in setups:
            print(f"Starting {key} …", flush=True)
            started = time.monotonic()
            try:
                server = setup()
            except SetupError as error:
                print(f"  {key}: NOT MEASURED: {error}", flush=True)
                skipped[key] = str(error).splitlines()[0]
                continue
            read_grid(server)
            servers.append(server)
            print(
                f"  {server.label} on 127.0.0.1:{server.port} "
                f"(ready in {time.monotonic() - started:.1f} s): {server.grid.describe()}",
                flush=True,
            )
            for note in server.notes:
                print(f"    {note}", flush=True)
        if not servers:
            print("No server could be started.")
            return 1

        with Image.open(image) as master_file:
            master = master_file.convert("RGB")
        for server in servers:
            server.notes.append(content_check(server, master))
            print(f"  {server.label}: {server.notes[-1]}", flush=True)
            warm_up(server, args.concurrency, stop)
        del master
        sampler = MemorySampler(servers)
        sampler.start()
        for kind in args.kinds:
            results[kind] = {}
            for server in servers:
                if not server.alive():
                    print(f"  {kind:<15} {server.label}: not running any more", flush=True)
                    continue
                result = measure(server, kind, args.seconds, args.concurrency, args.seed, stop)
                results[kind][server.key] = result
                print(
                    f"  {kind:<15} {server.label:<34} {result.rate:8.1f} req/s  "
                    f"p50 {fmt_ms(result.p50_ms):>6} ms  p99 {fmt_ms(result.p99_ms):>6} ms  "
                    f"errors {result.errors}",
                    flush=True,
                )
        sampler.stop()
        memory = memory_summary(sampler, servers)
        print_report(servers, results, skipped, memory, args)
        if args.json:
            write_json(args.json, args, servers, skipped, results, memory)
            print(f"\nFigures written to {args.json}")
        return 0
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    finally:
        stop.set()
        if sampler is not None:
            sampler.done.set()
        launcher.stop_all()
        if args.keep:
            print(f"Installation and logs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def write_json(
    path: Path,
    args: argparse.Namespace,
    servers: list[Server],
    skipped: dict[str, str],
    results: dict[str, dict[str, Result]],
    memory: dict[str, Any],
) -> None:
    def rate(kind: str, key: str) -> float | None:
        result = results.get(kind, {}).get(key)
        return result.rate if result else None

    ratios: dict[str, dict[str, float | None]] = {}
    for other in ("iipimage", "reference"):
        ratios[f"ours/{other}"] = {}
        for kind in results:
            ours, theirs = rate(kind, "ours"), rate(kind, other)
            ratios[f"ours/{other}"][kind] = round(ours / theirs, 4) if ours and theirs else None
    document = {
        "image": {"width": IMAGE_SIZE[0], "height": IMAGE_SIZE[1], "stem": IMAGE_STEM},
        "settings": {
            "seconds": args.seconds,
            "concurrency": args.concurrency,
            "seed": args.seed,
            "cpus": os.cpu_count(),
        },
        "servers": {
            s.key: {"label": s.label, "grid": dataclasses.asdict(s.grid), "notes": s.notes}
            for s in servers
        },
        "skipped": skipped,
        "results": {
            kind: {
                key: {
                    "req_per_s": round(r.rate, 2),
                    "p50_ms": r.p50_ms and round(r.p50_ms, 2),
                    "p99_ms": r.p99_ms and round(r.p99_ms, 2),
                    "errors": r.errors,
                    "requests": r.requests,
                    "seconds": round(r.seconds, 2),
                    "verified_samples": r.verified,
                    "client_cpu": round(r.client_cpu, 3),
                    "error_reasons": r.error_reasons,
                }
                for key, r in by_server.items()
            }
            for kind, by_server in results.items()
        },
        "req_per_s_ratios": ratios,
        "peak_memory": memory,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
