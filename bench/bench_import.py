"""Benchmark of the village survey import (issue #3).

    .venv/bin/python bench/bench_import.py                      # SQLite (a fresh file in /tmp)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xj_bench .venv/bin/python bench/bench_import.py

Generates a 50,000-row survey workbook (27 townships, all template columns), then runs,
each phase in its own process (so peak memory is per phase) on a freshly migrated
database:

    floor          calamine reads the file + one bulk upsert of the laborers (households
                   created beforehand, not timed): no checks, no history
    dry run        our pipeline, nothing written (50,000 new rows)
    apply          our pipeline, validate and write 50,000 new rows with history
    re-import      a copy with 10% of rows changed: dry run, then apply
    import-export  django-import-export ModelResource on the same rows, default settings
                   and use_bulk=True (households created beforehand, not timed)

and prints seconds, rows/s, peak RSS and the ratios the issue sets as targets.
Options: --rows N (default 50000), --repeat N (runs of our phases and the floor, the
fastest counts; default 3), --skip-reference (no import-export runs).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiushan_jobs.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("XJ_TODAY", "2020-09-30")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/xj_bench_import.sqlite3")
os.environ.setdefault("MEDIA_ROOT", "/tmp/xj_bench_import/media")
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/xj_bench_import"))


def _django():
    import django

    django.setup()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the file ------------------------------------------------------------------------------


def generate(rows: int, path: Path, *, changed_from: Path | None = None, seed: int = 2020) -> None:
    """A survey workbook of ``rows`` laborers; with ``changed_from``, the same people with
    10% of rows changed (phone, intention, training need)."""
    _django()
    import openpyxl

    from laborers.imports.survey import COLUMNS
    from laborers.models import Village
    from xiushan_jobs.lib.idnumber import with_check_digit

    rng = random.Random(seed)
    villages = list(
        Village.objects.select_related("township").order_by("township__sort_order", "name")
    )
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("调查表")
    labels = [c.label for c in COLUMNS]
    sheet.append(["秀山县2020年贫困劳动力调查表"])
    sheet.append(labels)
    if changed_from is not None:
        from python_calamine import CalamineWorkbook

        source = CalamineWorkbook.from_path(str(changed_from)).get_sheet_by_index(0).to_python()
        change = random.Random(seed + 1)
        phone_at = labels.index("联系电话")
        intention_at = labels.index("就业意愿")
        training_at = labels.index("培训需求")
        for values in source[2:]:
            values = list(values)
            if change.random() < 0.10:
                values[phone_at] = f"139{change.randrange(10**8):08d}"
                values[intention_at] = "市外就业" if values[intention_at] != "市外就业" else "均可"
                values[training_at] = "否" if values[training_at] == "是" else "是"
            sheet.append(values)
        book.save(path)
        return
    used: set[str] = set()
    written = 0
    household_seq = 0
    relations = ["户主", "配偶", "之子", "之女", "之儿媳"]
    while written < rows:
        village = villages[household_seq % len(villages)]
        household_seq += 1
        # a valid 户编号: the village's code (or the county's, padded) and a sequence
        number = f"{village.code or '500241000000'}{household_seq % 100000:05d}"
        status = rng.choice(["未脱贫", "已脱贫", "已脱贫"])
        exit_year = rng.choice([2016, 2017, 2018, 2019]) if status == "已脱贫" else ""
        relocated = rng.choice(["是", "否", "否", "否"])
        for member in range(min(rng.choice([1, 2, 3, 3, 4, 5]), rows - written)):
            while True:
                birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(40 * 365))
                first17 = f"500241{birth:%Y%m%d}{rng.randrange(1000):03d}"
                if first17 not in used:
                    used.add(first17)
                    break
            graduate = rng.random() < 0.03
            training = rng.random() < 0.3
            values = {
                "township": village.township.name,
                "village": village.name,
                "household_number": number,
                "name": rng.choice("杨吴龙石田彭白王李张")
                + rng.choice("军华明强芳丽秀英")
                + rng.choice(["", "平", "兰"]),
                "id_number": with_check_digit(first17),
                "relationship": relations[min(member, 4)],
                "phone": f"138{rng.randrange(10**8):08d}" if rng.random() < 0.9 else "",
                "education": rng.choice(["小学", "初中", "初中", "高中", "中专（中职）"]),
                "labor_ability": rng.choice(
                    ["普通劳动力", "普通劳动力", "技能劳动力", "弱劳动力或半劳动力"]
                ),
                "poverty_status": status,
                "poverty_exit_year": exit_year,
                "relocated": relocated,
                "is_college_graduate": "是" if graduate else "否",
                "graduation_year": rng.choice([2018, 2019, 2020]) if graduate else "",
                "in_employment_preparation": "否",
                "is_disabled": "是" if rng.random() < 0.05 else "否",
                "employment_intention": rng.choice(
                    ["县内就业", "市内县外就业", "市外就业", "均可", "无就业意愿"]
                ),
                "wants_training": "是" if training else "否",
                "training_trade": rng.choice(["苗绣", "缝纫工", "电工", "叉车操作"])
                if training
                else "",
                "wants_entrepreneurship": "是" if rng.random() < 0.05 else "否",
                "entrepreneurship_plan": "",
                "prior_work_place": rng.choice(["广东省东莞市", "浙江省宁波市", "重庆市主城", ""]),
                "prior_employer": rng.choice(["东莞某电子厂", "宁波某制造企业", ""]),
                "departure_date": f"2019.{rng.randrange(1, 13)}.{rng.randrange(1, 28)}"
                if rng.random() < 0.5
                else "",
                "last_surveyed_on": datetime.date(2020, 3, rng.randrange(1, 31)),
                "note": "",
            }
            sheet.append([values[c.key] for c in COLUMNS])
            written += 1
    sheet.append(["合计", f"{rows} 人"])
    book.save(path)


# --- phases (each in its own process) --------------------------------------------------------


def _reset() -> None:
    """Empty the registry the import writes, and every table that points at it (warning
    cases, pushes…: the apply phase's writes open cases), deepest first."""
    from django.db import connection

    from laborers.models import Household, ImportBatch, Laborer

    order: list = []

    def visit(model) -> None:
        if model in order:
            return
        for rel in model._meta.related_objects:
            if rel.related_model is not model:
                visit(rel.related_model)
        order.append(model)

    for model in (Laborer, Household, ImportBatch):
        visit(model)
    with connection.cursor() as cursor:
        for model in order:
            for table in (model._meta.db_table, *_history_table(model)):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def _history_table(model) -> list[str]:
    history = getattr(model, "history", None)
    return [history.model._meta.db_table] if history is not None else []


def _user():
    from accounts.services import user_upsert
    from xiushan_jobs.lib.roles import Role

    user, _ = user_upsert(username="bench_county", role=Role.COUNTY, password="bench-pw-123")
    return user


def _households_for(rows, keys) -> dict:
    """The file's households, created before a reference run is timed (both references
    import laborers only, which point at households)."""
    from django.db import transaction

    from laborers.models import Household, Village

    villages = {(v.township.name, v.name): v.pk for v in Village.objects.select_related("township")}
    households = {}
    for values in rows[2:]:
        row = dict(zip(keys, values, strict=False))
        if row["township"] == "合计":
            continue
        number = row["household_number"]
        if number not in households:
            village = villages[(row["township"], row["village"])]
            households[number] = Household(number=number, village_id=village)
    with transaction.atomic():
        Household.objects.bulk_create(list(households.values()))
    return dict(Household.objects.values_list("number", "pk"))


def phase_floor(path: Path) -> dict:
    """The floor: calamine reads the file, one bulk upsert writes the laborers (households
    exist beforehand; no checks, no history; sex and birth date sliced from the number)."""
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from laborers.imports.survey import COLUMNS
    from laborers.models import Laborer

    keys = [c.key for c in COLUMNS]
    households = _households_for(
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(), keys
    )
    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    read = time.perf_counter() - start
    laborers = []
    for values in rows[2:]:
        row = dict(zip(keys, values, strict=False))
        if row["township"] == "合计":
            continue
        number = row["id_number"]
        laborers.append(
            Laborer(
                household_id=households[row["household_number"]],
                name=row["name"],
                id_number=number,
                sex="M" if int(number[16]) % 2 else "F",
                birth_date=datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                phone=row["phone"],
            )
        )
    with transaction.atomic():
        Laborer.objects.bulk_create(
            laborers,
            update_conflicts=True,
            unique_fields=["id_number"],
            update_fields=["name", "phone", "household"],
        )
    total = time.perf_counter() - start
    return {"seconds": total, "read": read, "rows": len(laborers)}


def _ours(path: Path, commit: bool) -> dict:
    from laborers.imports.base import run_import
    from laborers.imports.services import import_file_run
    from laborers.models import ImportBatch

    user = _user()
    data = path.read_bytes()
    stages = {}
    last = [time.perf_counter(), "reading"]

    def progress(stage, done, total):
        if stage != last[1]:
            now = time.perf_counter()
            stages[last[1]] = now - last[0]
            last[:] = [now, stage]

    start = time.perf_counter()
    if commit:
        report, _batch = import_file_run(
            user=user,
            kind=ImportBatch.Kind.SURVEY,
            file_name=path.name,
            data=data,
            commit=True,
            progress=progress,
        )
    else:
        from laborers.imports.survey import SurveyImporter

        report = run_import(
            SurveyImporter(user=user), data, path.name, commit=False, progress=progress
        )
    total = time.perf_counter() - start
    stages[last[1]] = time.perf_counter() - last[0]
    assert not report.refused, report.refused
    return {
        "seconds": total,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": report.error_rows,
        "stages": stages,
    }


def _import_export(path: Path, use_bulk: bool) -> dict:
    import tablib
    from import_export import fields, resources, widgets
    from python_calamine import CalamineWorkbook

    from laborers.imports.survey import COLUMNS
    from laborers.models import Household, Laborer

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    keys = [c.key for c in COLUMNS]
    # Households first (not timed): import-export imports one model at a time.
    _households_for(rows, keys)

    # The columns django-import-export's stock widgets read as they are (yes/no as 是/否
    # and dates typed as 2019.3.5 would need custom widgets).
    columns = [
        "household_number", "name", "id_number", "phone", "relationship", "education",
        "labor_ability", "employment_intention", "training_trade", "prior_work_place",
        "prior_employer", "last_surveyed_on", "note",
    ]  # fmt: skip
    names = ["household" if c == "household_number" else c for c in columns]

    class Meta:
        model = Laborer
        import_id_fields = ["id_number"]
        fields = names

    attrs = {
        "Meta": type("Meta", (), {**Meta.__dict__, "use_bulk": use_bulk}),
        "household": fields.Field(
            "household", "household", widget=widgets.ForeignKeyWidget(Household, "number")
        ),
        # sex and birth date come from the ID number, as the model needs (bulk mode too)
        "before_save_instance": lambda self, instance, row, **kw: instance.set_id_number(
            instance.id_number
        ),
    }
    resource = type("LaborerResource", (resources.ModelResource,), attrs)()
    dataset = tablib.Dataset(headers=names)
    for values in rows[2:]:
        if values[0] == "合计":
            continue
        row = dict(zip(keys, values, strict=False))
        dataset.append([row[c] for c in columns])
    start = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    total = time.perf_counter() - start
    return {"seconds": total, "rows": len(dataset), "new": result.totals.get("new", 0)}


def run_phase(name: str, path: str) -> None:
    _django()
    file = Path(path)
    if name == "setup":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command(
            "import_villages", str(ROOT / "fixtures" / "villages.csv"), stdout=io.StringIO()
        )
        _user()
        _reset()
        out = {}
    elif name == "reset":
        _reset()
        out = {}
    elif name == "floor":
        out = phase_floor(file)
    elif name in ("dry", "apply"):
        out = _ours(file, commit=name == "apply")
    elif name in ("ie-default", "ie-bulk"):
        out = _import_export(file, use_bulk=name == "ie-bulk")
    else:
        raise SystemExit(f"unknown phase {name}")
    out["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(out))


def phase(name: str, path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "_phase", name, str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"phase {name} failed")
    line = next(line for line in proc.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_phase":
        run_phase(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each of our phases and of the floor; the fastest counts (the machine "
        "is shared, so the minimum is the least disturbed run)",
    )
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).unlink(missing_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    phase("setup", WORK)
    first = WORK / f"survey-{args.rows}.xlsx"
    changed = WORK / f"survey-{args.rows}-changed.xlsx"
    if not first.exists():
        generate(args.rows, first)
    if not changed.exists():
        generate(args.rows, changed, changed_from=first)
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    size = first.stat().st_size / 1e6
    print(f"# survey import benchmark · {engine} · {args.rows:,} rows · file {size:.1f} MB")

    def best(name: str, file: Path, *, before=()) -> dict:
        runs = []
        for _ in range(args.repeat):
            for step, step_file in before:
                phase(step, step_file)
            runs.append(phase(name, file))
        fastest = min(runs, key=lambda r: r["seconds"])
        fastest["runs"] = [round(r["seconds"], 2) for r in runs]
        fastest["peak_mb"] = max(r["peak_mb"] for r in runs)
        return fastest

    empty = [("reset", first)]
    first_imported = [("reset", first), ("apply", first)]
    results = {}
    results["floor"] = best("floor", first, before=empty)
    results["dry run (new rows)"] = best("dry", first, before=empty)
    results["apply (new rows)"] = best("apply", first, before=empty)
    results["dry run (re-import, 10% changed)"] = best("dry", changed, before=first_imported)
    results["apply (re-import, 10% changed)"] = best("apply", changed, before=first_imported)
    if not args.skip_reference:
        phase("reset", first)
        results["import-export default"] = phase("ie-default", first)
        phase("reset", first)
        results["import-export use_bulk=True"] = phase("ie-bulk", first)
    phase("reset", first)
    print(f"{'phase':38} {'seconds':>8} {'rows/s':>8} {'peak MB':>8}  detail")
    for name, r in results.items():
        detail = {k: v for k, v in r.items() if k not in ("seconds", "peak_mb", "rows")}
        if "stages" in detail:
            detail["stages"] = {k: round(v, 2) for k, v in detail["stages"].items()}
        rate = r["rows"] / r["seconds"] if r["seconds"] else 0
        detail_text = json.dumps(detail, ensure_ascii=False)
        print(f"{name:38} {r['seconds']:8.2f} {rate:8.0f} {r['peak_mb']:8.0f}  {detail_text}")
    floor = results["floor"]["seconds"]
    apply = results["apply (new rows)"]["seconds"]
    dry = results["dry run (new rows)"]["seconds"]
    print()
    print(f"apply / floor     = {apply / floor:5.2f}   (target ≤ 3)")
    print(f"dry run / floor   = {dry / floor:5.2f}   (target ≤ 2)")
    if "import-export default" in results:
        default = results["import-export default"]["seconds"]
        bulk = results["import-export use_bulk=True"]["seconds"]
        print(f"import-export default / apply = {default / apply:5.2f}   (target ≥ 4)")
        print(f"import-export use_bulk / apply = {bulk / apply:5.2f}")
    peak = max(r["peak_mb"] for name, r in results.items() if not name.startswith("import-export"))
    print(f"peak memory of our pipeline = {peak:.0f} MB   (target < 500)")


if __name__ == "__main__":
    main()
