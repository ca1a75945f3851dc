"""Export speed and memory: export_lido and export_open_data over N generated objects.

    .venv/bin/python bench/export.py [--objects 100000]

A temporary installation (SQLite), N generated German records written straight
into the catalogue tables by bench/search.py's generator (nine in ten published;
two descriptions, a production event with materials, places and persons each),
then `export_lido`, `export_lido --include-unpublished` and `export_open_data`,
each in its own process, timed, with its peak resident memory (from wait4).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from support import PYTHON, ROOT, manage  # noqa: E402


def measure(env: dict, *args: str) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, last output line) of one manage.py command."""
    started = time.monotonic()
    process = subprocess.Popen(
        [str(PYTHON), "manage.py", *args, "--no-progress"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{output}")
    lines = output.strip().splitlines()
    return seconds, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the installation")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kulturschatz-export-"))
    env = {
        **os.environ,
        "KULTURSCHATZ_VAR_DIR": str(work / "var"),
        "KULTURSCHATZ_MEDIA_ROOT": str(work / "media"),
        "KULTURSCHATZ_STATIC_ROOT": str(work / "static"),
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "kulturschatz.settings",
        "PYTHONPATH": str(ROOT),
    }
    manage(env, "migrate", "--noinput")
    subprocess.run(
        [
            str(PYTHON),
            str(ROOT / "bench" / "search.py"),
            "--populate",
            str(args.objects),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    runs = {
        "export_lido": ["export_lido", "--output", str(work / "lido.xml")],
        "export_lido --include-unpublished": [
            "export_lido",
            "--output",
            str(work / "all.xml"),
            "--include-unpublished",
        ],
        "export_open_data": [
            "export_open_data",
            "--output-dir",
            str(work / "open-data"),
        ],
    }
    print(f"{args.objects} generated objects, load average {os.getloadavg()[0]:.1f}")
    for label, command in runs.items():
        seconds, peak, summary = measure(env, *command)
        print(
            f"{label}: {seconds:.0f} s, peak RSS {peak:.0f} MB — {summary}", flush=True
        )
    sizes = {p.name: p.stat().st_size for p in work.glob("*.xml")}
    sizes.update({p.name: p.stat().st_size for p in (work / "open-data").glob("*.zip")})
    print(", ".join(f"{name} {size / 1e6:.0f} MB" for name, size in sizes.items()))
    if args.keep:
        print(f"installation kept in {work}")
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
