"""Translation catalogs, one per package: ``python -m erp.i18n_tools update|check``.

``update`` extracts the messages of each package (Python: ``_``, ``gettext``,
``N_`` …; templates: ``_()``), merges them into
``<package>/translations/zh_Hans_CN/LC_MESSAGES/messages.po`` and compiles the
``.mo`` files that are committed with the code. ``check`` lists messages without
a Chinese translation (the test suite fails on any).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("erp", "inventory", "purchasing", "logistics", "finance", "printing")
LOCALE = "zh_Hans_CN"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "N_": None,
            "nav_item": (2,)}
METHOD_MAP = [("**/migrations/**", "ignore"), ("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.do"}}


def extract(package: str) -> Catalog:
    catalog = Catalog(locale=LOCALE, project=package)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / package), METHOD_MAP, options_map=OPTIONS, keywords=KEYWORDS
    ):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        catalog.add(message, None, [(f"{package}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(package: str) -> Path:
    return ROOT / package / "translations" / LOCALE / "LC_MESSAGES" / "messages.po"


def load_po(package: str) -> Catalog:
    path = po_path(package)
    if not path.exists():
        return Catalog(locale=LOCALE, project=package)
    with path.open("rb") as f:
        return read_po(f, locale=LOCALE)


def update(package: str) -> Catalog:
    template = extract(package)
    catalog = load_po(package)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    path = po_path(package)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, sort_output=True)
    compile_mo(package, catalog)
    return catalog


def compile_mo(package: str, catalog: Catalog | None = None) -> None:
    catalog = catalog or load_po(package)
    path = po_path(package).with_suffix(".mo")
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    if not path.exists() or path.read_bytes() != buffer.getvalue():
        path.write_bytes(buffer.getvalue())


def untranslated(package: str) -> list[str]:
    """Messages used in the code that have no Chinese translation in the catalog."""
    wanted = extract(package)
    catalog = load_po(package)
    missing = []
    for message in wanted:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found is not None else None
        if isinstance(strings, tuple):
            ok = all(strings)
        else:
            ok = bool(strings)
        if not ok or (found is not None and found.fuzzy):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def fill(package: str, mapping: dict[str, str]) -> int:
    """Set translations from a mapping (English → Chinese); returns how many were set."""
    catalog = load_po(package)
    count = 0
    for message in catalog:
        key = message.id if isinstance(message.id, str) else message.id[0]
        if key in mapping and not message.string:
            message.string = mapping[key] if isinstance(message.id, str) else (mapping[key], mapping[key])
            count += 1
    with po_path(package).open("wb") as f:
        write_po(f, catalog, width=0, sort_output=True)
    compile_mo(package, catalog)
    return count


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "update"
    packages = [p for p in (argv[2:] or PACKAGES) if (ROOT / p).is_dir()]
    status = 0
    for package in packages:
        if command == "update":
            update(package)
        missing = untranslated(package)
        if missing:
            status = 1
            print(f"{package}: {len(missing)} message(s) without a Chinese translation")
            for msg in missing:
                print(f"   {msg}")
        else:
            print(f"{package}: complete")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
