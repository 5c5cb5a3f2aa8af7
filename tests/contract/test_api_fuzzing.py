"""The API fuzzed against its OpenAPI document by schemathesis, with a valid token.

schemathesis reads `/api/v1/openapi.json` from the running app and sends, for each
operation, the cases its coverage phase derives from the schema (every boundary, missing
and wrong-typed field, each documented status) and then FUZZ_EXAMPLES generated ones,
valid and invalid, from a fixed seed (reproducible; raise FUZZ_EXAMPLES to dig further).
Its checks: no server error, each answer's status documented, each body matching the
documented schema. No failure is tolerated: the contract's deliberate answers, such as 413
`too_large` for more than 1000 instances, are written into the document itself.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from pathlib import Path

from shared_model.api.openapi import build_document
from tools.harness.samples import PASSWORD, unique_username
from tools.harness.servers import BIN

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
FUZZ_SEED = 1
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
# Every operation of the document but the document itself, which schemathesis reads and
# leaves out of its run.
OPERATIONS = {
    f"{method.upper()} {path}"
    for path, operations in build_document()["paths"].items()
    for method in operations
} - {"GET /openapi.json"}


def cases_per_operation(events: Path) -> Counter[str]:
    """How many cases schemathesis sent to each operation, from its NDJSON event log."""
    counts: Counter[str] = Counter()
    for line in events.read_text(encoding="utf-8").splitlines():
        finished = json.loads(line).get("ScenarioFinished") or {}
        recorder = finished.get("recorder") or {}
        if "label" in recorder:
            counts[recorder["label"]] += len(recorder.get("cases", {}))
    return counts


def test_the_api_answers_as_its_openapi_document_says(server, tmp_path):
    username = unique_username("fuzz")
    made = server.cli("create-user", username, "--password", PASSWORD)
    assert made.returncode == 0, made.stderr
    token = server.cli("issue-token", username).stdout.strip()
    events = tmp_path / "events.ndjson"

    run = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "run",
            f"{server.base_url}/api/v1/openapi.json",
            "--checks",
            CHECKS,
            "--header",
            f"Authorization: Bearer {token}",
            "--max-examples",
            str(FUZZ_EXAMPLES),
            "--seed",
            str(FUZZ_SEED),
            "--workers",
            "1",
            "--phases",
            "examples,coverage,fuzzing",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(events),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    counts = cases_per_operation(events)
    assert set(counts) == OPERATIONS, counts
    assert all(count > 0 for count in counts.values()), counts
