"""The case list's sorts at scale: CPU and wall time to read every id in a column's
order, and the first page (100), on an existing database (sortkeys, tester B6/B7).

    python benchmarks/bench_sorts.py DB [SORT ...]

Prints one line a sort and direction: `sort dir  all: cpu wall  first page: cpu wall`.
Runs with whichever casemanager is first on PYTHONPATH (old and new code alike).
"""

from __future__ import annotations

import sys
import time

from casemanager.services.queries import case_id_array
from casemanager.store.database import open_database

SORTS = ("family_name", "given_name", "name_native", "capture_date", "detention_place",
         "next_follow_up")


def main() -> None:
    path, *sorts = sys.argv[1:]
    db = open_database(path, upgrade=False, quick_check=False)
    try:
        case_id_array(db, sort="reference", limit=100)  # the open, the first read
        for sort in sorts or SORTS:
            for descending in (False, True):
                figures = []
                for limit in (None, 100):
                    cpu, wall = time.process_time(), time.perf_counter()
                    ids = case_id_array(db, sort=sort, descending=descending, limit=limit)
                    figures.append((time.process_time() - cpu, time.perf_counter() - wall,
                                    len(ids)))
                (c1, w1, n1), (c2, w2, _n2) = figures
                print(f"{sort:16} {'desc' if descending else 'asc ':4}  all {n1}: "
                      f"cpu {c1:6.2f} wall {w1:6.2f}  page: cpu {c2:6.3f} wall {w2:6.3f}",
                      flush=True)
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
