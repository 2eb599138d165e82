"""The README's main job, examples/bulk_provision.py, runs end to end against the server it starts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(120)
def test_bulk_provision_example_prints_every_outcome() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "bulk_provision.py"), "--users", "4", "--prefix", "ex"],
        capture_output=True, text=True, timeout=100, cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    outcomes = [line for line in lines if "bulkId=" in line]
    assert len(outcomes) == 5
    for i, line in enumerate(outcomes[:4], start=1):
        assert re.match(r"POST\s+/Users\s+bulkId=user%d\s+-> 201 http://127\.0\.0\.1:\d+/v2/Users/\w+" % i, line)
    assert re.match(r"POST\s+/Groups\s+bulkId=group\s+-> 201 ", outcomes[4])
    assert "5 of 5 operations succeeded in 1 bulk request(s)" in lines
    assert "Group 'ex team' has 4 members" in lines
