"""Load test: 20 visitors at once against the demo archive, as `make run` serves it.

    .venv/bin/python bench/load.py [--users 20] [--duration 60] [--mix 70,20,10]
                                   [--database sqlite|postgres] [--json FILE] [--keep]

A temporary production-like installation (`migrate`, `collectstatic`, `loaddemo`,
`build_derivatives --missing`, `rebuild_search_index`; DEBUG off) is served by
gunicorn exactly as the Makefile's `run` target starts it (3 workers × 4 gthreads)
with the task queue's consumer beside it. The request population is taken from
the live server as an anonymous visitor sees it: every page reachable from the
sitemap in both languages, every tile of every public image's info.json grid at
every scale factor (the URLs OpenSeadragon asks for), the info.json documents and
the thumbnails and renderings the pages embed, and a list of German searches with
facets and date ranges whose facet values come from /api/search.

wrk (Debian package `wrk`, C, one epoll loop per thread) then drives `--users`
keep-alive connections in a closed loop without think time: each user sends its
next request as soon as the previous answer is complete, so the server is
saturated and the figures are its capacity with 20 visitors waiting on it.
A Lua script picks each request from the 70/20/10 mix, times it, and checks the
answer (tiles: 200, image/jpeg, exactly the bytes the crawl saw; pages: 200, a
complete HTML document). The report gives throughput, p50/p95/p99/max per kind
and overall, errors with examples, the CPU shares of server, consumer, load
generator and everything else on the machine, and whether the targets (no
errors, p99 under 500 ms) were met.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import http.client
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import PYTHON, ROOT, free_port  # noqa: E402

TARGET_P99_MS = 500.0
# A request without an answer after this long counts as a timeout (an error).
TIMEOUT_S = 10
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Within each class of the mix: how often each kind of request comes up.
# IIIF: a viewer asks for tiles; it also loads the info.json, and pages and
# result cards embed whole-image renderings (thumbnails, the 1200-px image).
IIIF_KINDS = {"tile": 0.85, "info.json": 0.05, "rendering": 0.10}
PAGE_KINDS = {
    "object": 0.45,
    "home": 0.15,
    "collection": 0.10,
    "institution": 0.05,
    "person": 0.08,
    "place": 0.07,
    "subject": 0.05,
    "browse": 0.05,
}
SEARCH_KINDS = {"search": 0.60, "search+facet": 0.25, "search+dates": 0.15}
CLASSES = {"iiif": IIIF_KINDS, "page": PAGE_KINDS, "search": SEARCH_KINDS}

PAGE_PATTERNS = [
    ("home", re.compile(r"^/(en/)?$")),
    ("browse", re.compile(r"^/(en/)?objekte/$")),
    ("object", re.compile(r"^/(en/)?objekt/[^/]+/$")),
    ("collection", re.compile(r"^/(en/)?sammlung/[^/]+/$")),
    ("institution", re.compile(r"^/(en/)?institution/[^/]+/$")),
    ("person", re.compile(r"^/(en/)?person/[^/]+/$")),
    ("place", re.compile(r"^/(en/)?ort/[^/]+/$")),
    ("subject", re.compile(r"^/(en/)?thema/[^/]+/$")),
]
IIIF_IMAGE = re.compile(r"/iiif/3/([0-9a-f]{32})/")
IIIF_RENDERING = re.compile(r"^/iiif/3/[0-9a-f]{32}/full/[^/]+/0/default\.jpg$")

# What visitors type into the search box of a Merseburg archive: single words,
# word forms, compounds and their parts, names, phrases, prefixes, typos,
# inventory numbers and centuries (German), a few English ones on /en/.
WORD_QUERIES = [
    "Merseburg", "Zaubersprüche", "zaubersprueche", '"Merseburger Zaubersprüche"',
    "Zaubersprche", "Dom", "Domschatz", "Orgel", "Ladegast Orgel", "Ladegst",
    "Thietmar", "Thietmar Chronik", "Bibel", "Handschrift", "Handschriften",
    "Urkunde", "Münzen", "Muenze", "Brakteat", "Leuna", "Leuna-Werke", "Buna",
    "Chemie", "Plaste und Elaste", "Schloss", "Schloss Merseburg", "Rabenkäfig",
    "Rabe", "Brunnen", "Goethe", "Theater", "Bad Lauchstädt", "Gradierwerk",
    "Kirche", "Kirch*", "Zauber*", "Kapelle", "Grabplatte", "Rudolf von Rheinfelden",
    "Taufstein", "Saale", "Querfurt", "Burg Querfurt", "Rathaus", "Becher",
    "Rössener Kultur", "Mittelalter", "romanisch", "Industrie", "Karte", "Lageplan",
    "Cod. 136", "KHM-M 101", "12. Jahrhundert", "Merseburg -Leuna", "Ständehaus",
]
ENGLISH_QUERIES = ["charms", "cathedral", "organ", "chemical industry", "12th century"]
FACET_QUERIES = ["Merseburg", "Dom", "Leuna", "Kirche", "Schloss", "Handschrift", ""]
FACETS = ("type", "collection", "institution", "material", "place", "person", "century")
DATE_SEARCHES = [
    {"q": "Merseburg", "date_from": "1000", "date_to": "1200"},
    {"q": "Kirche", "date_from": "1100", "date_to": "1300"},
    {"q": "Dom", "date_from": "1000", "date_to": "1500", "sort": "date"},
    {"q": "Leuna", "date_from": "1900", "date_to": "1990"},
    {"q": "Schloss", "date_from": "1500", "date_to": "1800", "sort": "-date"},
    {"q": "Handschrift", "date_from": "800", "date_to": "1100"},
    {"q": "", "date_from": "1800", "date_to": "1950"},
    {"q": "", "date_from": "-5000", "date_to": "-1000"},
    {"q": "Merseburg", "date_from": "1900", "date_to": "2000", "sort": "title"},
]

# The Lua side of wrk. One connection per wrk thread, so a thread's requests and
# answers strictly alternate and can be timed and checked one by one.
LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
struct load_timespec { long tv_sec; long tv_nsec; };
int clock_gettime(int clk_id, struct load_timespec *tp);
]]
local ts = ffi.new("struct load_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + math.floor(tonumber(ts.tv_nsec) / 1000)
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local kinds, classes, cumulative, requests, expected = {}, {}, {}, {}, {}
local out, verifying
pending_start = nil -- global: done() reads it through thread:get
local pending_kind, pending_index

local function split(line)
  local fields = {}
  for value in (line .. "\t"):gmatch("([^\t]*)\t") do table.insert(fields, value) end
  return fields
end

function init(args)
  -- args[0] is the URL; what follows "--" on the command line comes after it
  local population, outdir, seed = args[1], args[2], tonumber(args[3])
  math.randomseed(seed + id * 7919)
  local index, total = {}, 0
  local headers = {
    page = {["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            ["Accept-Language"] = "de-DE,de;q=0.9,en;q=0.8",
            ["User-Agent"] = "kulturschatz-bench-load"},
    iiif = {["Accept"] = "image/avif,image/webp,image/png,image/*;q=0.8,*/*;q=0.5",
            ["Accept-Language"] = "de-DE,de;q=0.9,en;q=0.8",
            ["User-Agent"] = "kulturschatz-bench-load"},
  }
  headers.search = headers.page
  for line in io.lines(population) do
    local f = split(line)
    if f[1] == "K" then
      total = total + tonumber(f[4])
      table.insert(kinds, f[2]); table.insert(classes, f[3])
      table.insert(cumulative, total)
      index[f[2]] = #kinds
      requests[#kinds] = {}; expected[#kinds] = {}
    elseif f[1] == "U" then
      local k = index[f[2]]
      local accept = f[2] == "info.json" and {["Accept"] = "application/json",
        ["User-Agent"] = "kulturschatz-bench-load"} or headers[classes[k]]
      table.insert(requests[k], wrk.format("GET", f[4], accept))
      table.insert(expected[k], tonumber(f[3]))
    end
  end
  for k = 1, #cumulative do cumulative[k] = cumulative[k] / total end
  out = io.open(outdir .. "/thread-" .. id .. ".tsv", "w")
  out:setvbuf("full", 65536)
  -- wrk calls request() once on the first thread to look at it, and never sends that.
  verifying = id == 1
end

function request()
  if verifying then
    verifying = false
    return requests[1][1]
  end
  if pending_start then -- the last request got no answer (connection lost)
    out:write(pending_kind, "\t", pending_index, "\t0\t", now_us() - pending_start, "\tno answer (connection closed or reset)\n")
  end
  local r, k = math.random(), 1
  while k < #cumulative and r > cumulative[k] do k = k + 1 end
  pending_kind = k
  pending_index = math.random(#requests[k])
  pending_start = now_us()
  return requests[k][pending_index]
end

local function check(k, i, status, headers, body)
  if status < 200 or status >= 400 then return "status " .. status end
  if status ~= 200 then return nil end -- a redirect is no error (none expected)
  local ctype, length, encoding = "", nil, nil
  for name, value in pairs(headers) do
    local lower = name:lower()
    if lower == "content-type" then ctype = value
    elseif lower == "content-length" then length = tonumber(value)
    elseif lower == "content-encoding" then encoding = value end
  end
  if length and length ~= #body then return "Content-Length " .. length .. ", body " .. #body end
  local kind, class = kinds[k], classes[k]
  if class == "iiif" and kind ~= "info.json" then
    if ctype ~= "image/jpeg" then return "Content-Type " .. ctype end
    if #body == 0 or body:byte(1) ~= 0xFF or body:byte(2) ~= 0xD8 then return "not a JPEG" end
    local want = expected[k][i]
    if want > 0 and #body ~= want then return "JPEG of " .. #body .. " bytes, expected " .. want end
  elseif kind == "info.json" then
    if not ctype:find("json", 1, true) then return "Content-Type " .. ctype end
    if not body:find('"tiles"', 1, true) then return "info.json without tiles" end
  else
    if not ctype:find("text/html", 1, true) then return "Content-Type " .. ctype end
    if encoding then return nil end -- compressed: cannot look inside
    if not body:find("</html>%s*$") then return "incomplete HTML (" .. #body .. " bytes)" end
  end
  return nil
end

function response(status, headers, body)
  local elapsed = now_us() - pending_start
  local problem = check(pending_kind, pending_index, status, headers, body)
  out:write(pending_kind, "\t", pending_index, "\t", status, "\t", elapsed, "\t", problem or "", "\n")
  pending_start = nil
end

function done(summary, latency, requests)
  local now = now_us()
  local stuck = {}
  for _, thread in ipairs(threads) do
    local started = thread:get("pending_start")
    if started then table.insert(stuck, now - started) end
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD-SUMMARY {"duration_us": %d, "requests": %d, "bytes": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, "pending_at_end_us": [%s]}\n',
    summary.duration, summary.requests, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(99), latency.max,
    table.concat(stuck, ",")))
end
"""


# --------------------------------------------------------------------------- setup


try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL("libc.so.6", use_errno=True)
except OSError:
    _LIBC = None


def _child_setup() -> None:
    """In a child: get SIGTERM when the benchmark dies (PR_SET_PDEATHSIG)."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def step(env: dict, label: str, *args: str) -> float:
    """Run a manage.py command of the temporary installation; its duration."""
    started = time.monotonic()
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env,
        capture_output=True, text=True,
    )
    if result.returncode:
        raise SystemExit(f"{label} failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    elapsed = time.monotonic() - started
    print(f"  {label:38} {elapsed:6.1f} s", flush=True)
    return elapsed


@dataclass
class Server:
    work: Path
    port: int
    env: dict
    processes: list = field(default_factory=list)
    logs: list = field(default_factory=list)

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.work / f"{name}.log").open("ab")
        self.logs.append(log)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_child_setup,
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        """SIGTERM to each process group, SIGKILL to what is left after 15 s."""
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
        for log in self.logs:
            log.close()

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.work / f"{name}.log"
        try:
            text = path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return ""
        return "\n".join("    " + line for line in text)


def installation(args, work: Path, port: int) -> tuple[dict, dict]:
    """Environment of a fresh installation with the demo archive; step timings."""
    env = {
        **os.environ,
        "KULTURSCHATZ_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "KULTURSCHATZ_VAR_DIR": str(work / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(work / "static"),
        "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
        "PYTHONPATH": str(ROOT),
        # gunicorn (25+) puts its control socket here, else ~/.gunicorn/: a
        # private one keeps this server apart from any other on the machine.
        "XDG_RUNTIME_DIR": str(work / "run"),
    }
    # Production defaults, and a task queue and cache of our own (not a Redis
    # that other work on the machine shares).
    for name in ("DJANGO_DEBUG", "REDIS_URL", "KULTURSCHATZ_TASKS_IMMEDIATE",
                 "KULTURSCHATZ_SEARCH_BACKEND"):
        env.pop(name, None)
    (work / "run").mkdir(parents=True)
    if args.database == "postgres":
        database = "bench_load"
        postgres = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *postgres, "--if-exists", database], check=True)
        subprocess.run(["createdb", *postgres, database], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
    print(f"Installation in {work} ({args.database}):", flush=True)
    timings = {
        "migrate": step(env, "migrate", "migrate", "--noinput"),
        "collectstatic": step(env, "collectstatic", "collectstatic", "--noinput"),
        "loaddemo": step(env, f"loaddemo --scale {args.scale}", "loaddemo", "--scale",
                         str(args.scale)),
        "build_derivatives": step(env, "build_derivatives --missing", "build_derivatives",
                                  "--missing"),
        "rebuild_search_index": step(env, "rebuild_search_index", "rebuild_search_index",
                                     "--no-progress"),
    }
    return env, timings


def queued_tasks(env: dict) -> int | None:
    """Tasks waiting in the SQLite task queue (huey's table), None if unknown."""
    path = Path(env["KULTURSCHATZ_VAR_DIR"]) / "tasks.sqlite3"
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                                timeout=5)) as db:
            return db.execute("SELECT count(*) FROM task").fetchone()[0]
    except sqlite3.Error:
        return None


# ------------------------------------------------------------------ process CPU


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            pids.append(int(entry))
    return pids


def backend_pids(database: str) -> list[int]:
    """PostgreSQL's server processes for connections to this database."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                title = handle.read().decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            pids.append(int(entry))
    return pids


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process (threads included)."""
    times = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / CLK_TCK
    return times


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat, in seconds."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return (total - idle) / CLK_TCK, total / CLK_TCK


# ------------------------------------------------------------------------ crawl


class Client:
    """One keep-alive connection, as a visitor's browser holds it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: set[str] = set()

    def get(self, path: str, accept: str = "text/html") -> tuple[int, dict, bytes]:
        for attempt in range(2):
            try:
                self.connection.request("GET", path, headers={
                    "Accept": accept, "Accept-Language": "de-DE,de;q=0.9,en;q=0.8",
                })
                response = self.connection.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                if attempt:
                    raise
        headers = {k.lower(): v for k, v in response.getheaders()}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                self.cookies.add(f"{path}: {value.split(';')[0].split('=')[0]}")
        return response.status, headers, body


def page_kind(path: str) -> str | None:
    for kind, pattern in PAGE_PATTERNS:
        if pattern.match(path):
            return kind
    return None


def osd_tiles(info: dict) -> list[str]:
    """The tile URLs OpenSeadragon asks for at each scale factor of the info.json
    grid (Image API 3.0: `x,y,w,h/w,h`; `full/w,h` once a level is one tile)."""
    width, height = info["width"], info["height"]
    base = urllib.parse.urlsplit(info["id"]).path
    urls = []
    for tiles in info["tiles"]:
        size = tiles["width"]
        size_h = tiles.get("height", size)
        for factor in tiles["scaleFactors"]:
            level_w, level_h = -(-width // factor), -(-height // factor)
            if level_w < size and level_h < size_h:
                if level_w == width and level_h == height:
                    urls.append(f"{base}/full/max/0/default.jpg")
                else:
                    urls.append(f"{base}/full/{level_w},{level_h}/0/default.jpg")
                continue
            region_w, region_h = size * factor, size_h * factor
            for y in range(-(-level_h // size_h)):
                for x in range(-(-level_w // size)):
                    rx, ry = x * region_w, y * region_h
                    rw, rh = min(region_w, width - rx), min(region_h, height - ry)
                    sw = min(size, level_w - x * size)
                    sh = min(size_h, level_h - y * size_h)
                    region = "full" if (rx, ry, rw, rh) == (0, 0, width, height) else (
                        f"{rx},{ry},{rw},{rh}"
                    )
                    sized = "max" if (sw, sh) == (width, height) else f"{sw},{sh}"
                    urls.append(f"{base}/{region}/{sized}/0/default.jpg")
    return urls


@dataclass
class Population:
    urls: dict[str, list[tuple[str, int]]]  # kind -> [(path, expected bytes)]
    notes: list[str]
    cookies: list[str]
    images: int
    crawl_seconds: float


def crawl(port: int) -> Population:
    """Everything an anonymous visitor can reach, fetched once (which also leaves
    the whole-image renderings cached, as on a server that has been running)."""
    started = time.monotonic()
    client = Client(port)
    notes: list[str] = []
    urls: dict[str, list[tuple[str, int]]] = {
        kind: [] for kinds in CLASSES.values() for kind in kinds
    }
    status, _, body = client.get("/sitemap.xml", "application/xml")
    if status != 200:
        raise SystemExit(f"/sitemap.xml: HTTP {status}")
    queue = [urllib.parse.urlsplit(loc).path for loc in re.findall(
        r"<loc>([^<]+)</loc>", body.decode())]
    queue += ["/", "/en/", "/objekte/", "/en/objekte/"]
    seen: set[str] = set()
    images: set[str] = set()
    renderings: set[str] = set()
    while queue:
        path = queue.pop(0)
        kind = page_kind(path)
        if path in seen or kind is None:
            continue
        seen.add(path)
        status, headers, body = client.get(path)
        text = body.decode("utf-8", "replace")
        if status != 200 or not text.rstrip().endswith("</html>"):
            notes.append(f"crawl: {path} answered HTTP {status} ({len(body)} bytes), left out")
            continue
        urls[kind].append((path, 0))
        for link in re.findall(r'href="(/[^"#?]*)"', text):
            if link not in seen and page_kind(link):
                queue.append(link)
        # What the browser fetches by itself: embedded images (not download links).
        for src in re.findall(r'src="(/iiif/3/[^"]+)"', text):
            if IIIF_RENDERING.match(src):
                renderings.add(src)
        images.update(IIIF_IMAGE.findall(text))

    for identifier in sorted(images):
        path = f"/iiif/3/{identifier}/info.json"
        status, headers, body = client.get(path, "application/json")
        if status != 200:
            notes.append(f"crawl: {path} answered HTTP {status}, image left out")
            continue
        urls["info.json"].append((path, 0))
        for tile in osd_tiles(json.loads(body)):
            status, headers, body = client.get(tile, "image/*")
            if status != 200 or headers.get("content-type") != "image/jpeg" or not body:
                raise SystemExit(f"{tile}: HTTP {status} {headers.get('content-type')}")
            urls["tile"].append((tile, len(body)))
    for src in sorted(renderings):
        status, headers, body = client.get(src, "image/*")
        if status != 200 or headers.get("content-type") != "image/jpeg":
            notes.append(f"crawl: {src} answered HTTP {status}, left out")
            continue
        urls["rendering"].append((src, len(body)))

    for kind, paths in searches(client).items():
        for path in paths:
            status, _, body = client.get(path)
            if status != 200 or not body.rstrip().endswith(b"</html>"):
                raise SystemExit(f"{path}: HTTP {status}, {len(body)} bytes")
            urls[kind].append((path, 0))
    return Population(urls, notes, sorted(client.cookies), len(images),
                      time.monotonic() - started)


def searches(client: Client) -> dict[str, list[str]]:
    """Search pages: the word queries, each facet value the API offers for a few
    queries (one value each, as a click on a facet does), and date ranges."""
    result = {"search": [], "search+facet": [], "search+dates": []}
    for query in WORD_QUERIES:
        result["search"].append("/suche/?" + urllib.parse.urlencode({"q": query}))
    for query in ENGLISH_QUERIES:
        result["search"].append("/en/suche/?" + urllib.parse.urlencode({"q": query}))
    facet_urls = set()
    for query in FACET_QUERIES:
        status, _, body = client.get("/api/search?" + urllib.parse.urlencode({"q": query}),
                                     "application/json")
        if status != 200:
            raise SystemExit(f"/api/search?q={query}: HTTP {status}: {body[:300]!r}")
        facets = json.loads(body)["facets"]
        for name in FACETS:
            for value in facets.get(name, [])[:4]:
                facet_urls.add("/suche/?" + urllib.parse.urlencode(
                    {"q": query, name: value["value"]}))
    result["search+facet"] = sorted(facet_urls)
    for params in DATE_SEARCHES:
        result["search+dates"].append("/suche/?" + urllib.parse.urlencode(params))
    return result


def check_fastpath(path_file: str) -> None:
    """In a child with the installation's environment: which tile and rendering
    URLs the WSGI layer in front of Django answers from a stored file."""
    import django

    django.setup()
    from kulturschatz.iiif.fastpath import StoredDerivatives

    fell_through: list[str] = []

    def django_app(environ, start_response):
        fell_through.append(environ["PATH_INFO"])
        return []

    layer = StoredDerivatives(django_app)
    paths = Path(path_file).read_text().split()
    for path in paths:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "127.0.0.1",
                   "wsgi.url_scheme": "http"}
        answer = layer(environ, lambda status, headers: None)
        if hasattr(answer, "close"):
            answer.close()
    print(json.dumps({"checked": len(paths), "through_django": fell_through}))


# ------------------------------------------------------------------------- wrk


def write_population(path: Path, population: Population, mix: dict[str, float]) -> list[str]:
    """The file the Lua script reads: each kind with its probability, then its
    URLs with the expected body size. Returns the kinds in the file's order."""
    weights = {}
    for cls, kinds in CLASSES.items():
        present = {k: w for k, w in kinds.items() if population.urls[k]}
        for kind, weight in present.items():
            if mix[cls] * weight > 0:
                weights[kind] = (cls, mix[cls] * weight / sum(present.values()))
    lines = [f"K\t{kind}\t{cls}\t{p:.6f}" for kind, (cls, p) in weights.items()]
    for kind in weights:
        lines += [f"U\t{kind}\t{size}\t{url}" for url, size in population.urls[kind]]
    path.write_text("\n".join(lines) + "\n")
    return list(weights)


@dataclass
class WrkRun:
    summary: dict
    records: list[tuple[str, str, int, float, str]]  # kind, path, status, ms, problem
    cpu_seconds: float
    wall_seconds: float


def run_wrk(port: int, population: Population, mix: dict[str, float], outdir: Path,
            users: int, duration: int, seed: int) -> WrkRun:
    outdir.mkdir(parents=True, exist_ok=True)
    population_file = outdir / "population.tsv"
    kinds = write_population(population_file, population, mix)
    script = outdir / "load.lua"
    script.write_text(LUA)
    command = [
        "wrk", "--threads", str(users), "--connections", str(users),
        "--duration", f"{duration}s", "--timeout", f"{TIMEOUT_S}s",
        "--script", str(script), f"http://127.0.0.1:{port}",
        "--", str(population_file), str(outdir), str(seed),
    ]
    started = time.monotonic()
    with (outdir / "wrk.out").open("wb") as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.STDOUT,
                                   preexec_fn=_child_setup)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    output = (outdir / "wrk.out").read_text(errors="replace")
    match = re.search(r"^LOAD-SUMMARY (.*)$", output, re.M)
    if process.returncode or not match:
        raise SystemExit(f"wrk failed ({process.returncode}):\n{output[-3000:]}")
    # The order of the K lines is the order of the kinds' numbers in Lua.
    records = []
    for name in sorted(outdir.glob("thread-*.tsv")):
        for line in name.read_text().splitlines():
            k, index, status_code, micros, problem = line.split("\t", 4)
            kind = kinds[int(k) - 1]
            records.append((kind, population.urls[kind][int(index) - 1][0], int(status_code),
                            int(micros) / 1000, problem))
    return WrkRun(json.loads(match.group(1)), records, usage.ru_utime + usage.ru_stime, wall)


# ---------------------------------------------------------------------- figures


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * share // 1))
    return sorted_values[int(rank) - 1]


def stats(values: list[float], errors: int, seconds: float) -> dict:
    values = sorted(values)
    return {
        "requests": len(values),
        "per_second": round(len(values) / seconds, 1),
        "errors": errors,
        "p50_ms": round(percentile(values, 0.50), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "p99_ms": round(percentile(values, 0.99), 1),
        "max_ms": round(values[-1], 1) if values else float("nan"),
    }


def figures(run: WrkRun) -> dict:
    seconds = run.summary["duration_us"] / 1e6
    by_kind: dict[str, list[float]] = {}
    errors_by_kind: dict[str, int] = {}
    problems: dict[str, dict] = {}
    class_of = {kind: cls for cls, kinds in CLASSES.items() for kind in kinds}
    for kind, path, status, ms, problem in run.records:
        if not problem and ms > TIMEOUT_S * 1000:
            problem = f"timeout (answer after {ms / 1000:.1f} s)"
        if problem:
            errors_by_kind[kind] = errors_by_kind.get(kind, 0) + 1
            key = problem if problem.startswith("status") else re.sub(r"\d+", "N", problem)
            entry = problems.setdefault(key, {"count": 0, "examples": []})
            entry["count"] += 1
            if len(entry["examples"]) < 5:
                entry["examples"].append(f"{kind} {path} ({ms:.0f} ms)")
        if status:
            by_kind.setdefault(kind, []).append(ms)
    kinds = {
        kind: stats(values, errors_by_kind.get(kind, 0), seconds)
        for kind, values in sorted(by_kind.items(), key=lambda item: -len(item[1]))
    }
    classes = {}
    for cls in CLASSES:
        values = [v for k, vs in by_kind.items() if class_of[k] == cls for v in vs]
        errors = sum(n for k, n in errors_by_kind.items() if class_of[k] == cls)
        classes[cls] = stats(values, errors, seconds)
    # wrk's own count of broken connections. A read or write error leaves the
    # request it was sending without an answer, which the Lua script already
    # counted ("no answer"); a failed connect had no request yet.
    transport = {name: run.summary[name] for name in ("connect", "read", "write")}
    lost = sum(1 for record in run.records if record[2] == 0)
    uncounted = transport["connect"] + max(0, transport["read"] + transport["write"] - lost)
    stuck = [us for us in run.summary["pending_at_end_us"] if us > TIMEOUT_S * 1e6]
    if stuck:
        problems["timeout (no answer when the run ended)"] = {
            "count": len(stuck), "examples": [f"waiting {us / 1e6:.1f} s" for us in stuck]}
    if any(transport.values()):
        problems["connection errors counted by wrk"] = {
            "count": sum(transport.values()),
            "examples": [", ".join(f"{name} {n}" for name, n in transport.items())
                         + f"; {lost} of them are the requests without an answer above"],
        }
    overall = stats([ms for _, _, status, ms, _ in run.records if status],
                    sum(errors_by_kind.values()) + uncounted + len(stuck), seconds)
    return {"seconds": round(seconds, 2), "overall": overall, "classes": classes,
            "kinds": kinds, "errors": problems}


def print_table(result: dict) -> None:
    header = (f"  {'':14} {'requests':>9} {'req/s':>8} {'p50':>7} {'p95':>7} "
              f"{'p99':>7} {'max':>8} {'errors':>7}")
    print(header + "   (ms)")

    def row(label: str, s: dict) -> None:
        print(f"  {label:14} {s['requests']:>9,} {s['per_second']:>8,.1f} {s['p50_ms']:>7.1f} "
              f"{s['p95_ms']:>7.1f} {s['p99_ms']:>7.1f} {s['max_ms']:>8.1f} {s['errors']:>7}")

    row("all", result["overall"])
    for cls, s in result["classes"].items():
        row(f"{cls} (class)", s)
    for kind, s in result["kinds"].items():
        row(f"  {kind}", s)


def measure(port: int, population: Population, mix: dict[str, float], users: int,
            duration: int, seed: int, outdir: Path, processes: dict[str, list[int]],
            database: str | None = None) -> dict:
    """One wrk run with the CPU time of server, consumer, wrk and the machine
    (and of PostgreSQL's backends for `database`)."""
    load_before = load_average()
    if database:  # PostgreSQL's backends: their CPU is the server's too
        processes = {**processes, "database": backend_pids(database)}
    before = {name: cpu_seconds(pids) for name, pids in processes.items()}
    machine_0 = machine_cpu()
    run = run_wrk(port, population, mix, outdir, users, duration, seed)
    machine_1 = machine_cpu()
    if database:  # and those that connected during the run (counted from 0)
        processes["database"] = sorted(set(processes["database"]) | set(
            backend_pids(database)))
    after = {name: cpu_seconds(pids) for name, pids in processes.items()}
    load_after = load_average()
    used = {name: sum(after[name][p] - before[name].get(p, 0) for p in after[name])
            for name in processes}
    machine_busy = machine_1[0] - machine_0[0]
    cpu = {name: round(value / run.wall_seconds, 3) for name, value in used.items()}
    cpu["wrk"] = round(run.cpu_seconds / run.wall_seconds, 3)
    cpu["whole_machine"] = round(machine_busy / run.wall_seconds, 3)
    cpu["everything_else"] = round(
        (machine_busy - sum(used.values()) - run.cpu_seconds) / run.wall_seconds, 3)
    cpu["cores"] = os.cpu_count()
    answered = [ms for _, _, status, ms, _ in run.records if status]
    return {
        "run": run, "figures": figures(run), "cpu": cpu,
        "mean_ms": round(sum(answered) / max(len(answered), 1), 2),
        "load_before": load_before, "load_after": load_after,
        "restarted": [p for p in processes["server"] if p not in after["server"]],
    }


def print_cpu(cpu: dict) -> None:
    database = (f"PostgreSQL backends {cpu['database']:.2f}, " if "database" in cpu
                else "")
    print(f"  CPU, in cores of {cpu['cores']}: server {cpu['server']:.2f}, {database}consumer "
          f"{cpu['consumer']:.2f}, wrk (load generator) {cpu['wrk']:.2f}, everything "
          f"else on the machine {cpu['everything_else']:.2f}; whole machine "
          f"{cpu['whole_machine']:.2f}")


# ------------------------------------------------------------------------- main


def parse_mix(text: str) -> dict[str, float]:
    try:
        parts = [float(p) for p in text.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 3 or min(parts) < 0 or sum(parts) <= 0:
        raise argparse.ArgumentTypeError("--mix wants three shares: IIIF,pages,searches")
    return dict(zip(CLASSES, (p / sum(parts) for p in parts), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured")
    parser.add_argument("--warmup", type=int, default=10,
                        help="seconds of the same load before measuring (not counted)")
    parser.add_argument("--mix", type=parse_mix, default=parse_mix("70,20,10"),
                        help="shares of IIIF, pages and searches (default 70,20,10)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (make run: 3)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="loaddemo --scale: image size (1 = the full demo images)")
    parser.add_argument("--class-runs", type=int, default=15, metavar="SECONDS",
                        help="afterwards, each class alone for this long (0: not)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="FILE", help="write every figure as JSON")
    parser.add_argument("--keep", action="store_true",
                        help="keep the installation, wrk's records and the server logs")
    parser.add_argument("--check-fastpath", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check_fastpath:
        check_fastpath(args.check_fastpath)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk (Debian)")
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True,
                                 text=True).stdout.splitlines()[0]

    load_start = load_average()
    print(f"{os.cpu_count()} CPUs, {platform.platform()}; load average {load_start}",
          flush=True)
    work = Path(tempfile.mkdtemp(prefix="kulturschatz-load-"))
    port = free_port()
    server = None
    try:
        env, setup_times = installation(args, work, port)
        server = Server(work, port, env)
        gunicorn_command = [
            str(ROOT / ".venv" / "bin" / "gunicorn"), "kulturschatz.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
            "--threads", str(args.threads), "--worker-class", "gthread",
            "--timeout", "120", "--forwarded-allow-ips", "127.0.0.1",
        ]
        gunicorn = server.start("gunicorn", gunicorn_command)
        consumer = server.start("consumer", [str(PYTHON), "manage.py", "run_huey", "--quiet"])
        client = Client(port)
        for _ in range(300):
            try:
                if client.get("/")[0] == 200:
                    break
            except OSError:
                pass
            if gunicorn.poll() is not None:
                raise SystemExit("gunicorn exited:\n" + server.log_tail("gunicorn"))
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn does not answer:\n" + server.log_tail("gunicorn"))

        # What loaddemo queued (manifests, index updates) is done before measuring:
        # a consumer busy with a backlog is not the steady state.
        queued_at_start = queued_tasks(env)
        drain_started = time.monotonic()
        quiet_since = None
        while time.monotonic() - drain_started < 300:
            before = sum(cpu_seconds(group_pids(consumer.pid)).values())
            time.sleep(1)
            busy = sum(cpu_seconds(group_pids(consumer.pid)).values()) - before
            if queued_tasks(env) == 0 and busy < 0.05:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= 2:
                    break
            else:
                quiet_since = None
        drained = time.monotonic() - drain_started
        print(f"  task queue: {queued_at_start} tasks at start, idle after {drained:.0f} s",
              flush=True)

        print("Crawling the site as an anonymous visitor …", flush=True)
        population = crawl(port)
        counts = {kind: len(entries) for kind, entries in population.urls.items()}
        print(f"  {population.crawl_seconds:.0f} s; {population.images} public images; "
              + ", ".join(f"{kind} {n}" for kind, n in counts.items()), flush=True)
        for note in population.notes:
            print(f"  note: {note}")
        if population.cookies:
            print("  cookies set by public pages (a browser would send them, and a "
                  "request with a cookie bypasses the tile fast path): "
                  + "; ".join(population.cookies[:5]))
        missing = [kind for kind, n in counts.items() if n == 0]
        if missing:
            print(f"  note: no URLs of kind {', '.join(missing)} (left out of the mix)")

        image_paths = work / "image-paths.txt"
        image_paths.write_text("\n".join(
            url for kind in ("tile", "rendering") for url, _ in population.urls[kind]))
        fast = json.loads(subprocess.run(
            [str(PYTHON), __file__, "--check-fastpath", str(image_paths)],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.splitlines()[-1])
        print(f"  fast path: {fast['checked'] - len(fast['through_django'])} of "
              f"{fast['checked']} tile and rendering URLs are sent as stored files "
              "without Django", flush=True)
        for path in fast["through_django"][:5]:
            print(f"    through Django: {path}")

        if args.warmup:
            print(f"Warm-up: {args.users} users for {args.warmup} s (not counted) …",
                  flush=True)
            run_wrk(port, population, args.mix, work / "wrk-warmup", args.users,
                    args.warmup, args.seed + 1000)

        processes = {"server": group_pids(gunicorn.pid),
                     "consumer": group_pids(consumer.pid)}
        print(f"Measuring: {args.users} users, closed loop without think time, "
              f"{args.duration} s …", flush=True)
        database = "bench_load" if args.database == "postgres" else None
        main_run = measure(port, population, args.mix, args.users, args.duration,
                           args.seed, work / "wrk", processes, database)
        run, result, cpu = main_run["run"], main_run["figures"], main_run["cpu"]
        overall = result["overall"]
        targets = {
            "zero_errors": overall["errors"] == 0,
            "p99_under_500_ms": overall["p99_ms"] < TARGET_P99_MS,
        }
        print(f"\n{args.users} users × {args.duration} s, mix IIIF/pages/searches "
              + "/".join(f"{v:.0%}" for v in args.mix.values())
              + f", {args.database}, gunicorn {args.workers}×{args.threads} gthread; "
              f"load average before {main_run['load_before']}, "
              f"after {main_run['load_after']}")
        print_table(result)
        # Little's law: in a closed loop every user is always waiting for an
        # answer, so throughput × mean latency must come out at the user count.
        busy = overall["per_second"] * main_run["mean_ms"] / 1000
        print(f"  {run.summary['bytes'] / run.summary['duration_us'] * 1e6 / 2**20:,.1f} "
              f"MiB/s sent; throughput × mean latency ({main_run['mean_ms']:.1f} ms) = "
              f"{busy:.1f} users waiting on the server (of {args.users})")
        print_cpu(cpu)
        if main_run["restarted"]:
            print(f"  note: gunicorn processes gone during the run: {main_run['restarted']}")
        if result["errors"]:
            print("  errors:")
            for problem, entry in result["errors"].items():
                print(f"    {entry['count']:>6} × {problem}")
                for example in entry["examples"][:3]:
                    print(f"             e.g. {example}")
        print(f"  targets: zero errors {'met' if targets['zero_errors'] else 'MISSED'}, "
              f"p99 {overall['p99_ms']:.0f} ms < {TARGET_P99_MS:.0f} ms "
              f"{'met' if targets['p99_under_500_ms'] else 'MISSED'}")

        # Each class alone: what one request of it costs the server in CPU time,
        # which is what explains where the mixed run's time goes.
        alone = {}
        if args.class_runs:
            print(f"\nEach class alone, {args.users} users × {args.class_runs} s "
                  "(server CPU per request = CPU time of gunicorn and, with "
                  "PostgreSQL, its backends / answers):")
            for number, cls in enumerate(CLASSES):
                if not args.mix[cls]:
                    continue
                single = measure(port, population, {c: float(c == cls) for c in CLASSES},
                                 args.users, args.class_runs, args.seed + 10 + number,
                                 work / f"wrk-{cls}", processes, database)
                s = single["figures"]["overall"]
                # With PostgreSQL, its backends' CPU is part of each answer's cost.
                used = single["cpu"]["server"] + single["cpu"].get("database", 0)
                per_request = used / max(s["per_second"], 1e-9) * 1000
                alone[cls] = {**s, "server_cpu_ms_per_request": round(per_request, 2),
                              "cpu_cores_used": single["cpu"],
                              "load_average": [single["load_before"], single["load_after"]]}
                print(f"  {cls:7} {s['per_second']:8,.1f} req/s  p50 {s['p50_ms']:6.1f}  "
                      f"p99 {s['p99_ms']:6.1f} ms  errors {s['errors']}  server CPU "
                      f"{per_request:5.2f} ms/request  (server {used:.2f}"
                      f", else {single['cpu']['everything_else']:.2f} cores)")
            if len(alone) == len(CLASSES):
                shares = {c: args.mix[c] * alone[c]["server_cpu_ms_per_request"]
                          for c in CLASSES}
                print("  share of the mixed run's server CPU: " + ", ".join(
                    f"{c} {v / sum(shares.values()):.0%}" for c, v in shares.items()))

        if args.json:
            Path(args.json).write_text(json.dumps({
                "date": time.strftime("%Y-%m-%d %H:%M"),
                "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                "load_average": {"at_start": load_start,
                                 "before": main_run["load_before"],
                                 "after": main_run["load_after"]},
                "config": {
                    "users": args.users, "duration_s": args.duration,
                    "warmup_s": args.warmup, "think_time": "none (closed loop)",
                    "mix": args.mix, "kinds": CLASSES, "database": args.database,
                    "loaddemo_scale": args.scale, "seed": args.seed,
                    "gunicorn": " ".join(gunicorn_command[1:]), "wrk": wrk_version,
                    "timeout_s": TIMEOUT_S,
                },
                "setup_seconds": {k: round(v, 1) for k, v in setup_times.items()},
                "task_queue": {"queued_at_start": queued_at_start,
                               "idle_after_s": round(drained, 1)},
                "population": {"counts": counts, "public_images": population.images,
                               "notes": population.notes,
                               "cookies": population.cookies,
                               "crawl_s": round(population.crawl_seconds, 1)},
                "fast_path": {"checked": fast["checked"],
                              "through_django": fast["through_django"]},
                "cpu_cores_used": cpu,
                "mean_ms": main_run["mean_ms"],
                # wrk's own latency histogram disagrees with its request count
                # (Little's law), the Lua timings do not: only for reference.
                "wrk_summary": run.summary,
                "figures": result,
                "targets": targets,
                "each_class_alone": alone,
            }, indent=2, ensure_ascii=False) + "\n")
            print(f"  written: {args.json}")
        if args.keep:
            print(f"kept: {work} ({env['DATABASE_URL']})")
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
            if args.database == "postgres":
                subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres",
                                "--if-exists", "bench_load"], check=False)


if __name__ == "__main__":
    main()
