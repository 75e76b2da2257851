"""Write tests/test-seconds.json: each scope's seconds in this clone's last run of the suite (pytest's
cache), rounded to a second. A fresh clone has no cache, so conftest orders its scopes, longest first,
by this record (see conftest._longest_first). Run by `make test-times` after `make test`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import RECORD, TIMES, _scope

CACHE = Path(__file__).resolve().parent.parent / ".pytest_cache/v" / TIMES


def main() -> int:
    try:
        seconds = json.loads(CACHE.read_text("utf-8"))
    except (OSError, ValueError) as e:
        print(f"{CACHE}: no test times ({e}); run make test first", file=sys.stderr)
        return 1
    scopes: dict[str, float] = {}
    for nodeid, s in seconds.items():
        scopes[_scope(nodeid)] = scopes.get(_scope(nodeid), 0.0) + s
    record = {scope: round(s) for scope, s in sorted(scopes.items())}
    RECORD.write_text(json.dumps(record, indent=1) + "\n", "utf-8")
    print(f"{RECORD}: {len(record)} scopes, {sum(record.values())} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
