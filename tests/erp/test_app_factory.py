"""The app factory in a process of its own: what packages declare to each other must be
in place in a worker that has only called ``create_app`` (the test suite itself imports
every model first, which hid a worker that let an invoiced outbound be unapproved)."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import json, sys
    from erp import create_app
    create_app({"ERP_DATABASE_URL": sys.argv[1], "SECRET_KEY": "x"})
    loaded = set(sys.modules)
    from erp.checks import CHECKS
    from finance.ledger.services import OPEN_AMOUNT_HOOKS
    from inventory.outbounds.models import DOWNSTREAM_QUERIES, ORIGIN_GUARDS
    seen = {
        "downstream": sorted(q.__name__ for q in DOWNSTREAM_QUERIES),
        "origin_guards": sorted(ORIGIN_GUARDS),
        "checks": sorted(name for name, _ in CHECKS),
        "open_amount_hooks": sorted(OPEN_AMOUNT_HOOKS),
    }
    from erp.models import import_all_models
    import_all_models()
    seen["imported_later"] = sorted(m for m in set(sys.modules) - loaded if m.split(".")[0] in
                                    ("erp", "inventory", "purchasing", "logistics", "finance", "printing"))
    print(json.dumps(seen))
""")


def test_a_worker_knows_every_declaration_after_create_app(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    done = subprocess.run([sys.executable, "-c", SCRIPT, url], capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "ERP_INSTANCE_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["imported_later"] == []
    # sales guards inventory's outbound: an invoice or a return made from it, a closed note
    assert seen["downstream"] == ["invoices_of_outbound", "returns_of_outbound"]
    assert "delivery_note" in seen["origin_guards"]
    assert "sales_invoice" in seen["open_amount_hooks"]
    assert "sales order progress equals the approved documents" in seen["checks"]  # erp check
    assert "purchase progress equals the documents" in seen["checks"]
