"""A bounded load test: 30 township officers at once on the production stack
(PostgreSQL, gunicorn, the import worker) — browsing, filtering, opening laborers, logging
services — while one of them imports a survey sheet. Prints throughput, p50/p95/p99 per
kind of request, and every error.

    make load-test                 # or, with the stack already running:
    .venv/bin/python bench/load_test.py --base http://127.0.0.1:8001 --duration 60

The script starts nothing when --base answers; otherwise it starts gunicorn and the import
worker itself against DATABASE_URL (default: PostgreSQL database xiushan_jobs_load, which
it creates, migrates and fills with a 100,000-laborer demo county the first time), and
stops them at the end. Officers are created with `add_user`-equivalent calls, two per
township for the first 15 townships. Each officer waits between actions, as a person
reading a page on a phone would ("think time", default 2–5 s, `--think 0.5 1.5` for a
stress run), so 30 officers is 30 people, not 30 tight loops.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSWORD = "load-test-2020"
BUSINESS_DATE = "2020-09-30"


class Officer:
    """One person's browser: a cookie jar, CSRF handling, timing of every request."""

    def __init__(self, base: str, username: str, results: Results):
        self.base = base
        self.username = username
        self.results = results
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, label: str, path: str, data: dict | None = None, files=None) -> str:
        url = self.base + path
        headers = {"Referer": url}
        body = None
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(boundary, {"csrfmiddlewaretoken": self.csrf(), **(data or {})}, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf(), **data}).encode()
        started = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(url, body, headers), timeout=60) as r:
                text = r.read().decode("utf-8", "replace")
                status = r.status
        except urllib.error.HTTPError as exc:
            text, status = exc.read().decode("utf-8", "replace"), exc.code
        except Exception as exc:  # connection refused, timeout
            text, status = str(exc), 0
        self.results.add(label, time.perf_counter() - started, status, path)
        return text

    def login(self) -> None:
        self.request("login page", "/login/")
        page = self.request("login", "/login/", {"username": self.username, "password": PASSWORD})
        if "退出" not in page:
            raise SystemExit(f"{self.username} could not sign in")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def add(self, label: str, seconds: float, status: int, path: str) -> None:
        with self.lock:
            self.times[label].append(seconds)
            if not 200 <= status < 400:
                self.errors.append(f"{status} {label} {path}")


def _multipart(boundary: str, fields: dict, files: dict) -> bytes:
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue()


LABORER_LINK = re.compile(r'href="/laborers/people/(\d+)/"')
HOUSEHOLD_LINK = re.compile(r'href="/laborers/households/(\d+)/"')
FILTERS = [
    "employment=unemployed",
    "warning=few_services",
    "warning=not_updated",
    "warning=zero_employment",
    "employment=市外务工",
    "group=relocated",
    "group=graduate&employment=unemployed",
    "warning=any",
]


def browse(officer: Officer, stop: float, rng: random.Random, think: tuple[float, float]) -> None:
    laborer_ids: list[str] = []
    time.sleep(rng.uniform(0, think[1]))  # people don't all tap at the same millisecond
    while time.monotonic() < stop:
        action = rng.random()
        if action < 0.2 or not laborer_ids:
            page = officer.request("list", f"/laborers/people/?page={rng.randint(1, 20)}")
            laborer_ids = LABORER_LINK.findall(page) or laborer_ids
        elif action < 0.4:
            query = urllib.parse.urlencode(urllib.parse.parse_qsl(rng.choice(FILTERS)))
            officer.request("list filtered", f"/laborers/people/?{query}")
        elif action < 0.5:
            officer.request("search", f"/laborers/people/?q={rng.randint(0, 9999):04d}")
        elif action < 0.75:
            page = officer.request("laborer detail", f"/laborers/people/{rng.choice(laborer_ids)}/")
            households = HOUSEHOLD_LINK.findall(page)
            if households and rng.random() < 0.3:
                officer.request("household", f"/laborers/households/{households[0]}/")
        elif action < 0.9:
            laborer = rng.choice(laborer_ids)
            officer.request("laborer detail", f"/laborers/people/{laborer}/")
            officer.request(
                "log service",
                f"/laborers/people/{laborer}/services/new/",
                {
                    "kind": rng.choice(["岗位推荐", "政策咨询", "关心关爱"]),
                    "date": BUSINESS_DATE,
                    "channel": "电话",
                    "note": "压力测试",
                },
            )
        elif action < 0.95:
            officer.request("warnings", "/laborers/warnings/")
        else:
            officer.request("workspace", "/laborers/workspace/")
        time.sleep(rng.uniform(*think))


def import_during_load(
    officer: Officer, villages: list[tuple[str, str]], rows: int, report: dict
) -> None:
    from laborers.tests.survey_files import row, xlsx_bytes
    from xiushan_jobs.lib.idnumber import with_check_digit

    rng = random.Random(7)
    data = []
    for i in range(rows):
        township, village = rng.choice(villages)
        first17 = f"500241{1970 + i % 30}{1 + i % 12:02d}{1 + i % 28:02d}{700 + i % 299:03d}"
        data.append(
            row(
                township=township,
                village=village,
                household=f"LOAD-{i // 3:06d}",
                name="压测",
                id_number=with_check_digit(first17),
                phone="",
            )
        )
    started = time.perf_counter()
    page = officer.request(
        "import upload",
        "/imports/upload/",
        {"kind": "survey"},
        files={"file": ("压测调查表.xlsx", xlsx_bytes(data))},
    )
    match = re.search(r"/imports/(\d+)/status\.json", page)
    if not match:
        report["error"] = "upload did not lead to a batch page"
        return
    batch = match.group(1)
    confirmed = False
    while time.perf_counter() - started < 600:
        status = officer.request("import status", f"/imports/{batch}/status.json")
        if '"preview"' in status and not confirmed:
            report["checked_s"] = time.perf_counter() - started
            officer.request("import confirm", f"/imports/{batch}/confirm/", {})
            confirmed = True
        elif '"applied"' in status:
            report["applied_s"] = time.perf_counter() - started
            return
        elif any(s in status for s in ('"refused"', '"failed"')):
            report["error"] = status
            return
        time.sleep(1)
    report["error"] = "import did not finish in 10 minutes"


def _browsing(results: Results) -> list[float]:
    """Every timed request but the import's (signing in happens before the clock starts)."""
    return [
        t for label, times in results.times.items() if not label.startswith("import") for t in times
    ]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def print_results(
    results: Results, elapsed: float, officers: int, import_report: dict, think
) -> None:
    every = [t for times in results.times.values() for t in times]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{officers} officers (think time {think[0]:g}–{think[1]:g} s) for {elapsed:.0f} s: "
        f"{len(every)} requests, "
        f"{len(every) / elapsed:.1f} req/s, {len(results.errors)} errors"
    )
    # the load generator shares the machine: other work on it shows in every figure
    print(f"machine load average (1/5/15 min) at the end: {load} on {os.cpu_count()} cores")
    print(f"{'request':<18}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for label in sorted(results.times):
        times = results.times[label]
        print(
            f"{label:<18}{len(times):>7}{statistics.median(times) * 1000:>9.0f}"
            f"{_percentile(times, 0.95) * 1000:>9.0f}{_percentile(times, 0.99) * 1000:>9.0f}"
            f"{max(times) * 1000:>9.0f}"
        )
    browsing = _browsing(results)
    print(
        f"{'all browsing':<18}{len(browsing):>7}{statistics.median(browsing) * 1000:>9.0f}"
        f"{_percentile(browsing, 0.95) * 1000:>9.0f}{_percentile(browsing, 0.99) * 1000:>9.0f}"
        f"{max(browsing) * 1000:>9.0f}"
    )
    if import_report:
        print(f"import during load: {import_report}")
    for error in results.errors[:20]:
        print("ERROR", error)


def _django(database_url: str):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiushan_jobs.settings")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("XJ_TODAY", BUSINESS_DATE)
    import django

    django.setup()


def prepare(database_url: str, officers: int, laborers: int) -> tuple[list[str], list]:
    """The database (created, migrated, seeded once) and the officers' accounts."""
    name = urllib.parse.urlparse(database_url).path.lstrip("/")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin_url, "-Atc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", admin_url, "-c", f'CREATE DATABASE "{name}"'], check=True)
    env = {**os.environ, "DATABASE_URL": database_url, "XJ_TODAY": BUSINESS_DATE}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [*manage, "setup_demo", "--laborers", str(laborers)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # fresh statistics: right after a bulk seed the planner's row estimates are stale and
    # some lists take seconds instead of milliseconds
    subprocess.run(["psql", database_url, "-qc", "VACUUM ANALYZE"], check=True)
    _django(database_url)
    from accounts.services import user_upsert
    from laborers.models import Township, Village
    from xiushan_jobs.lib.roles import Role

    townships = list(Township.objects.order_by("sort_order"))
    usernames = []
    for i in range(officers):
        township = townships[(i // 2) % len(townships)]
        username = f"load{i:02d}"
        user_upsert(username=username, role=Role.TOWNSHIP, township=township, password=PASSWORD)
        usernames.append(username)
    first = townships[0]
    villages = [(first.name, v.name) for v in Village.objects.filter(township=first)]
    return usernames, villages


def start_stack(database_url: str, bind: str) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "XJ_TODAY": BUSINESS_DATE,
        "BIND": bind,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    }
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    web = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "xiushan_jobs.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return [web, worker]


def wait_for(base: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8002")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xiushan_jobs_load"
        ),
    )
    parser.add_argument("--officers", type=int, default=30)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--laborers", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=5_000)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(2.0, 5.0),
        metavar=("MIN", "MAX"),
        help="seconds between an officer's actions",
    )
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

    usernames, villages = prepare(args.database_url, args.officers, args.laborers)
    processes = []
    if not wait_for(args.base, seconds=1):
        bind = urllib.parse.urlparse(args.base).netloc
        processes = start_stack(args.database_url, bind)
        if not wait_for(args.base):
            raise SystemExit("the stack did not start")
    results = Results()
    import_report: dict = {}
    try:
        # Everyone signs in first (PBKDF2 costs ~0.3 s of CPU per login, by design); the
        # measured period is the working day after that.
        officers = [Officer(args.base, name, Results()) for name in usernames]
        importer_officer = Officer(args.base, usernames[0], Results())
        for officer in [*officers, importer_officer]:
            officer.login()
            officer.results = results
        stop = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=browse, args=(officer, stop, random.Random(i), args.think))
            for i, officer in enumerate(officers)
        ]
        importer = threading.Thread(
            target=import_during_load,
            args=(importer_officer, villages, args.import_rows, import_report),
        )
        started = time.monotonic()
        for thread in [*threads, importer]:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        importer.join(timeout=600)
        print_results(results, elapsed, args.officers, import_report, args.think)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    browsing = _browsing(results)
    ok = not results.errors and _percentile(browsing, 0.95) < 0.5 and "error" not in import_report
    print("target (no errors, browsing p95 < 500 ms):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
