"""Chinese first: every message in the code has a Chinese translation, compiled."""
from __future__ import annotations

import pytest
from babel.messages.mofile import read_mo

from erp import i18n_tools


@pytest.mark.parametrize("package", [p for p in i18n_tools.PACKAGES if (i18n_tools.ROOT / p).is_dir()])
def test_every_message_has_a_chinese_translation(package):
    assert i18n_tools.untranslated(package) == []


@pytest.mark.parametrize("package", [p for p in i18n_tools.PACKAGES
                                     if i18n_tools.po_path(p).exists()])
def test_compiled_catalogs_match_their_sources(package):
    po = i18n_tools.load_po(package)
    with i18n_tools.po_path(package).with_suffix(".mo").open("rb") as f:
        mo = read_mo(f)
    for message in po:
        if message.id and message.string:
            assert mo.get(message.id) is not None and mo.get(message.id).string == message.string, message.id


def test_the_catalog_folder_is_named_so_that_flask_babel_finds_it():
    # Flask-Babel reads zh_CN as zh_Hans_CN: a zh_CN folder would silently leave the UI in English.
    assert i18n_tools.LOCALE == "zh_Hans_CN"
    assert (i18n_tools.ROOT / "erp" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo").exists()


def test_one_english_message_has_one_chinese_translation_across_packages():
    """The packages' catalogs are merged at run time: the same message translated two ways
    would show one of them at random on the other package's pages."""
    seen: dict[str, dict[str, str]] = {}
    for package in i18n_tools.PACKAGES:
        if not i18n_tools.po_path(package).exists():
            continue
        for message in i18n_tools.load_po(package):
            if message.id and message.string:
                key = message.id if isinstance(message.id, str) else message.id[0]
                value = message.string if isinstance(message.string, str) else message.string[0]
                seen.setdefault(key, {})[package] = value
    conflicts = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert conflicts == {}
