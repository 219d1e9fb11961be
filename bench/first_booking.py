"""What the first reservation after a start pays for its confirmation, with and without the
warm-up (pontive/warmup.py) that web workers run when they start.

Runs fresh Python processes (no database needed: the ticket is rendered for a reservation
that exists only in memory) and prints, per case, the seconds to make the confirmation's
attachments (PDF ticket, QR code, .ics) for the first and the second reservation, and the
seconds the warm-up itself took at start-up.

    DEBUG=1 .venv/bin/python bench/first_booking.py [--runs 3]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontive.settings")
import django
django.setup()
from pontive import warmup
warm = sys.argv[2] == "warm"
startup = warmup.warm() if warm else 0.0
from coworking import tickets
import datetime as dt
from django.utils import timezone
from coworking.models import Desk, Reservation
def booking(n):
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    return Reservation(code=f"PCW-B{n}", manage_token=f"M-B{n}", desk=Desk(number=n), name="A",
                       phone="+6281200000001", start=start, end=start + dt.timedelta(hours=2))
times = []
for n in (1, 2):
    began = time.perf_counter()
    tickets.attachments(booking(n))
    times.append(time.perf_counter() - began)
print(json.dumps({"startup": startup, "first": times[0], "second": times[1]}))
"""


def run(case: str) -> dict:
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1")}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), case],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per case")
    args = parser.parse_args()
    print(f"confirmation attachments, median of {args.runs} fresh processes (seconds)")
    for case in ("cold", "warm"):
        rows = [run(case) for _ in range(args.runs)]
        med = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
        print(
            f"{case:5}  start-up warm-up {med['startup']:.2f}  "
            f"first booking {med['first']:.2f}  second booking {med['second']:.2f}"
        )


if __name__ == "__main__":
    main()
