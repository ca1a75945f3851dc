"""Helpers shared by the benchmark scripts (run as `.venv/bin/python bench/NAME.py`)."""

import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int, *, timeout: int = 120) -> subprocess.Popen:
    """gunicorn as the Makefile's `run` target starts it (3 workers × 4 gthreads),
    in a process group of its own (stop it with os.killpg), output discarded."""
    return subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"), "kulturschatz.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "3", "--threads", "4",
            "--worker-class", "gthread", "--timeout", str(timeout),
            "--forwarded-allow-ips", "127.0.0.1",
        ],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def start_consumer(env: dict) -> subprocess.Popen:
    """The task queue's consumer beside the server, as `make run` has it."""
    return subprocess.Popen(
        [str(PYTHON), "manage.py", "run_huey", "--quiet"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def manage(env: dict, *args: str) -> str:
    """Run a manage.py command of the temporary installation; its output."""
    return subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout
