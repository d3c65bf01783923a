"""``make bench``: every benchmark module prints JSON lines
``{"name", "value", "unit", "backend", "n"}``. Not part of the test suite.

Each module in this folder named ``bench_*.py`` exposes ``run(emit, backends)``;
``emit(name, value, unit, backend, n)`` prints one line. PostgreSQL runs when
``ERP_BENCH_DATABASE_URL`` (or ``ERP_TEST_DATABASE_URL``) is set.
"""
from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
import time
import traceback


def emit(name: str, value: float, unit: str, backend: str, n: int) -> None:
    print(json.dumps({"name": name, "value": round(float(value), 3), "unit": unit, "backend": backend, "n": n},
                     ensure_ascii=False), flush=True)


def backends() -> dict[str, str | None]:
    pg = os.environ.get("ERP_BENCH_DATABASE_URL") or os.environ.get("ERP_TEST_DATABASE_URL")
    out = {"sqlite": None}
    if pg:
        out["postgresql"] = pg
    return out


def main(argv: list[str]) -> int:
    wanted = set(argv[1:])
    package = importlib.import_module("tests.bench")
    failed = 0
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        if wanted and info.name not in wanted and info.name.removeprefix("bench_") not in wanted:
            continue
        module = importlib.import_module(f"tests.bench.{info.name}")
        started = time.perf_counter()
        try:
            module.run(emit, backends())
        except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
            failed += 1
            traceback.print_exc()
        print(f"# {info.name} took {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
