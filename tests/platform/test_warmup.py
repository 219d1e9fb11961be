"""A web worker pays for the PDF library at start-up, not the first citizen who books."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = (
    "import sys; import pontive.wsgi; "
    "print('weasyprint' in sys.modules, 'icalendar' in sys.modules)"
)


def _start_a_worker(**env) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_a_starting_web_worker_has_the_ticket_libraries_loaded():
    assert _start_a_worker() == "True True"


def test_the_warm_up_can_be_switched_off():
    assert _start_a_worker(PONTIVE_WARM_UP="0") == "False False"
