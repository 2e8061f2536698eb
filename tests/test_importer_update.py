"""Re-import into existing data (`import NEW.md --update data/X.yaml`) and a diff that names the
page's real changes (issue 12).

Two successive versions of the containers page are written for this (`tests/fixtures/import/
versions/`), each from the one before with the edits listed here (`SEP_TO_DEC`, `DEC_TO_JUN`):
the older one is imported, the newer one updates it, and `diff` between the two must name at
least 90 % of the edits, with at most 10 % of its lines naming changes that did not happen.
The pages also reorder rows and write lists in another order ("GAR, GCR, GKE" then "GCR, GAR,
GKE"), which are no changes; a line for them counts as false.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import read
from generator.changes.compare import compare
from generator.changes.escape import unescape
from generator.changes.output import to_markdown
from generator.importer import command
from tests.conftest import FIXTURES, ROOT
from tests.test_seed_fidelity import PROJECT_SEED

VERSIONS = FIXTURES / "import" / "versions"
SEP = VERSIONS / "containers-2023-09.md"
DEC = PROJECT_SEED  # the seed: the page as of 2023-12-14
JUN = VERSIONS / "containers-2024-06.md"
TODAY = date(2025, 1, 31)


@dataclass(frozen=True)
class Fact:
    """One real change between two versions of a page: a diff line names it when it holds
    every one of `says`; `also` are lines that follow from it (a list item added also changes
    the reference table that picks it)."""

    says: tuple[str, ...]
    also: tuple[tuple[str, ...], ...] = ()

    def named_by(self, line: str) -> bool:
        return all(s in line for s in self.says)

    def explains(self, line: str) -> bool:
        return self.named_by(line) or any(all(s in line for s in a) for a in self.also)


def fact(*says: str, also: tuple[tuple[str, ...], ...] = ()) -> Fact:
    return Fact(says, also)


ARC_DEC = "On-premises, Arc-enabled Kubernetes clusters"
ARC_JUN = "Arc-enabled Kubernetes clusters (on-premises)"
RUNTIME_VA = (
    "Agentless/sensor-based runtime (powered by Microsoft Defender Vulnerability Management)"
)

SEP_TO_DEC = [
    fact("Renamed column **Agent** → **Sensor**"),
    fact("Renamed environment", "On-premises and IaaS (Arc-enabled Kubernetes)", ARC_DEC),
    fact("**Attack path analysis** · Azure · Plans: Defender CSPM → Defender CSPM (requires"),
    fact("Added feature **Enhanced risk-hunting**", "Azure, AWS, GCP"),
    fact("**Control plane hardening** · GCP · Supported Resources", "GKE"),
    fact("**Control plane hardening** · GCP · Linux release state: - → GA"),
    fact("**Control plane hardening** · GCP · Windows release state: - → GA"),
    fact("**Control plane hardening** · GCP · Agentless/Sensor-based", "→ Agentless"),
    fact("**Control plane hardening** · GCP · Pricing tier", "→ Free"),
    fact(f"**Docker CIS** · {ARC_DEC} · Linux release state: - → Preview"),
    fact("· AWS · name", RUNTIME_VA),
    fact("· GCP · name", RUNTIME_VA),
    fact("· External container registries · name", RUNTIME_VA),
    fact("**Control plane** · AWS · Linux release state", "limited to audit logs", "→ GA"),
    fact("**Auto provisioning of Defender sensor** · AWS · Agentless/Sensor-based", "not stated"),
    fact("**Auto provisioning of Azure Policy for Kubernetes** · Azure · Linux", "Preview → GA"),
    fact("Removed feature **Container registry scan (powered by Qualys)**"),
    fact(
        "VMware Tanzu Kubernetes Grid",
        also=(("Reference table **Kubernetes distributions", "vmware-tanzu-kubernetes-grid"),),
    ),
]

DEC_TO_JUN = [
    fact("Renamed environment", ARC_DEC, ARC_JUN),
    *(
        fact(f"Environment **{env}**: column **Pricing tier** → **Plans**")
        for env in ("AWS", "GCP", ARC_JUN, "External container registries")
    ),
    fact(
        "**Comprehensive inventory capabilities** · External container registries · Linux",
        "Preview → GA",
    ),
    fact(
        "**Comprehensive inventory capabilities** · External container registries · Windows",
        "Preview → GA",
    ),
    fact("**Attack path analysis** · Azure · Enablement method", "Activated with plan → Enabled"),
    fact("Renamed feature **Enhanced risk-hunting** → **Risk hunting**"),
    fact("**Control plane hardening** · AWS: no longer listed"),
    fact(f"**Control plane hardening** · {ARC_JUN}: no longer listed"),
    fact("**Kubernetes data plane hardening** · Azure · Windows release state: - → GA"),
    fact(f"**Docker CIS** · {ARC_JUN} · Linux release state: Preview → GA"),
    fact("Added feature **Gated deployment**", "in Azure"),
    fact("Agentless registry scan", "GCP · Windows release state", "Windows Server 2019 and later"),
    fact(f"**Control plane** · {ARC_JUN} · Linux release state: Preview → GA"),
    fact(f"**Control plane** · {ARC_JUN} · Windows release state: Preview → GA"),
    fact("**Workload** · Azure · Windows release state", "currently supports audit logs"),
    fact("**Workload** · AWS · Windows release state: - → Preview"),
    fact(f"**Workload** · {ARC_JUN}", "Threat protection (workload)"),
    fact("Added feature **Binary drift detection**", "Azure, AWS, GCP"),
    fact(f"**Discovery of unprotected clusters** · {ARC_JUN} · Linux release state: Preview → GA"),
    fact("**Auto provisioning of Defender sensor** · AWS · Agentless/Sensor-based", "→ Agentless"),
    fact("**Auto provisioning of Defender sensor** · AWS · Plans", "→ Defender for Containers"),
    fact("footnote", "have been validated"),
    fact("Removed important callout", "powered by Qualys is being retired"),
    fact("Alpine Linux 3.12-3.19 → Alpine Linux 3.12-3.20"),
    fact("Section **Supported host operating systems**", "Ubuntu 24.04"),
    fact("Section **Defender sensor limitations**", "V1.29"),
]


@dataclass(frozen=True)
class Measured:
    lines: list[str]
    named: list[Fact]
    missed: list[Fact]
    false: list[str]

    @property
    def recall(self) -> float:
        return len(self.named) / (len(self.named) + len(self.missed))

    @property
    def false_share(self) -> float:
        return len(self.false) / len(self.lines) if self.lines else 0.0

    def __str__(self) -> str:
        return (
            f"{len(self.named)} of {len(self.named) + len(self.missed)} real changes named "
            f"({self.recall:.0%}); {len(self.false)} of {len(self.lines)} lines name no real "
            f"change ({self.false_share:.0%})\nmissed: {[f.says for f in self.missed]}\n"
            f"false: {self.false}"
        )


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.stdout, result.stderr


def diff_lines(old: Path, new: Path) -> list[str]:
    found = compare(*(read.check([p], TODAY).matrices for p in (old, new)))
    markdown = unescape(to_markdown(found))  # the lines as GitHub shows them
    return [line[2:] for line in markdown.splitlines() if line.startswith("- ")]


def measure(older: Path, newer: Path, facts: list[Fact], work: Path) -> Measured:
    """Import `older`, update that data with `newer`, diff the two and score the diff."""
    old, new = work / "old.yaml", work / "containers.yaml"
    assert run(str(older), "-o", str(new))[0] == 0
    shutil.copy(new, old)
    code, _, err = run(str(newer), "--update", str(new))
    assert code == 0, err
    lines = diff_lines(old, new)
    named = [f for f in facts if any(f.named_by(line) for line in lines)]
    missed = [f for f in facts if f not in named]
    false = [line for line in lines if not any(f.explains(line) for f in facts)]
    return Measured(lines, named, missed, false)


@pytest.mark.parametrize(
    ("older", "newer", "facts"),
    [(SEP, DEC, SEP_TO_DEC), (DEC, JUN, DEC_TO_JUN)],
    ids=["2023-09-to-2023-12", "2023-12-to-2024-06"],
)
def test_an_update_reads_as_the_pages_real_changes(
    older: Path, newer: Path, facts: list[Fact], tmp_path: Path
) -> None:
    found = measure(older, newer, facts, tmp_path)
    print(f"{older.name} -> {newer.name}: {found}")
    assert found.recall >= 0.9, str(found)
    assert found.false_share <= 0.1, str(found)


def test_renames_keep_ids_and_record_the_old_names(tmp_path: Path) -> None:
    data = tmp_path / "containers.yaml"
    assert run(str(DEC), "-o", str(data))[0] == 0
    before = yaml.safe_load(data.read_text("utf-8"))
    assert run(str(JUN), "--update", str(data))[0] == 0
    after = yaml.safe_load(data.read_text("utf-8"))
    hunting = after["features"]["enhanced-risk-hunting"]
    assert (hunting["name"], hunting["aliases"]) == ("Risk hunting", ["Enhanced risk-hunting"])
    arc = "on-premises-arc-enabled-kubernetes-clusters"
    assert after["environments"][arc]["name"] == ARC_JUN
    kept = set(before["features"]) - {"docker-cis"}
    assert kept <= set(after["features"])
    assert set(after["features"]) - set(before["features"]) == {
        "gated-deployment",
        "binary-drift-detection",
    }


def test_reordered_rows_and_lists_in_another_order_are_no_change(tmp_path: Path) -> None:
    page = DEC.read_text("utf-8")
    aws = page.index("## AWS")
    gcp = page.index("## GCP")
    rows = [r for r in page[aws:gcp].splitlines(True) if r.startswith("| Security posture")]
    shuffled = page[:aws] + page[aws:gcp].replace("".join(rows), "".join(reversed(rows)))
    shuffled = shuffled.replace("| ECR, EKS |", "| EKS, ECR |") + page[gcp:]
    (tmp_path / "page.md").write_text(shuffled, "utf-8")
    data, old = tmp_path / "containers.yaml", tmp_path / "old.yaml"
    assert run(str(DEC), "-o", str(data))[0] == 0
    shutil.copy(data, old)
    assert run(str(tmp_path / "page.md"), "--update", str(data))[0] == 0
    assert diff_lines(old, data) == []


def test_updating_curated_data_keeps_ids_and_hand_edits(tmp_path: Path) -> None:
    """The curated file and the page it was transcribed from: every id, and what was written
    by hand (links, aliases, short labels, titles, callouts on features) stays."""
    data = tmp_path / "containers.yaml"
    shutil.copy(ROOT / "data" / "containers.yaml", data)
    before = yaml.safe_load(data.read_text("utf-8"))
    code, _, err = run(str(DEC), "--update", str(data), "--report", str(tmp_path / "r.txt"))
    assert code == 0, err
    after = yaml.safe_load(data.read_text("utf-8"))
    assert list(after["features"]) == list(before["features"])
    assert list(after["environments"]) == list(before["environments"])
    for fid, feature in before["features"].items():
        for key in ("link", "callouts", "former_ids"):
            assert after["features"][fid].get(key) == feature.get(key), (fid, key)
        assert set(feature.get("aliases", [])) <= set(after["features"][fid].get("aliases", []))
    for cid, column in before["columns"].items():
        assert after["columns"][cid].get("short") == column.get("short"), cid
    for eid, env in before["environments"].items():
        assert (after["environments"][eid]["name"], after["environments"][eid].get("title")) == (
            env["name"],
            env.get("title"),
        )
    lines = diff_lines(tmp_path / "containers.yaml.bak", data)
    assert len(lines) <= 15, "\n".join(lines)  # the curated decisions (data/README.md) only
    report = (tmp_path / "r.txt").read_text("utf-8").splitlines()
    assert report[-1].startswith(
        f"updated {data}: 14 features (2 kept, 12 matched), 5 environments (3 kept, 2 matched), "
        "12 columns (5 kept, 7 matched), 4 domains (1 kept, 3 matched)"
    )


# --- the command ---------------------------------------------------------------------------


def test_update_writes_atomically_and_keeps_the_previous_version(tmp_path: Path) -> None:
    data = tmp_path / "containers.yaml"
    assert run(str(DEC), "-o", str(data))[0] == 0
    original = data.read_text("utf-8")
    code, _, err = run(str(JUN), "--update", str(data))
    assert code == 0, err
    assert (tmp_path / "containers.yaml.bak").read_text("utf-8") == original
    assert err.splitlines()[-1] == f"wrote {data} (the previous version is {data}.bak)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["containers.yaml", "containers.yaml.bak"]
    assert read.check([data], TODAY).diagnostics == ()


def test_update_to_another_file_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    data, out = tmp_path / "containers.yaml", tmp_path / "new.yaml"
    assert run(str(DEC), "-o", str(data))[0] == 0
    out.write_text("# mine\n", "utf-8")
    code, _, err = run(str(JUN), "--update", str(data), "-o", str(out))
    assert (code, err) == (
        1,
        f"{out}:1:1: error[import-exists] {out} exists; pass --force to overwrite it\n",
    )
    assert out.read_text("utf-8") == "# mine\n"
    assert run(str(JUN), "--update", str(data), "-o", str(out), "--force")[0] == 0
    assert yaml.safe_load(out.read_text("utf-8"))["environments"]
    assert not (tmp_path / "containers.yaml.bak").exists()


def test_update_refuses_invalid_existing_data_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "containers.yaml"
    broken = (
        (ROOT / "data" / "containers.yaml").read_text("utf-8").replace("linux: ga", "linux: GA", 1)
    )
    data.write_text(broken, "utf-8")
    code, _, err = run(str(JUN), "--update", str(data))
    assert code == 1
    assert "error[state-unknown]" in err.splitlines()[0]
    assert err.splitlines()[0].startswith(f"{data}:")
    assert data.read_text("utf-8") == broken
    assert not (tmp_path / "containers.yaml.bak").exists()


def test_update_report_says_what_was_matched_and_guessed(tmp_path: Path) -> None:
    data, report = tmp_path / "containers.yaml", tmp_path / "report.txt"
    assert run(str(SEP), "-o", str(data))[0] == 0
    code, _, err = run(str(DEC), "--update", str(data), "--report", str(report))
    assert code == 0, err
    lines = report.read_text("utf-8").splitlines()
    assert lines == err.splitlines()[:-1]  # the report, then "wrote ..."
    mine = [line for line in lines if line.startswith(f"{data}:")]
    assert any(
        "guess[renamed-column] column 'Agent' (agent) taken as the page's 'Sensor'" in m
        for m in mine
    )
    assert any(
        "note[new-feature] feature 'Enhanced risk-hunting' (enhanced-risk-hunting) is new" in m
        for m in mine
    )
    assert any(
        "note[gone-feature] feature 'Container registry scan (powered by Qualys)'" in m
        for m in mine
    )
    assert lines[-1].startswith(f"updated {data}: ")


def test_two_old_features_the_page_now_lists_as_one_are_joined(tmp_path: Path) -> None:
    page = "# T\n\n## Azure\n\n| Feature | State |\n|--|--|\n| Runtime scanning | GA |\n\n"
    page += "## AWS\n\n| Feature | State |\n|--|--|\n| {} | Preview |\n"
    (tmp_path / "v1.md").write_text(page.format("Runtime scan"), "utf-8")
    (tmp_path / "v2.md").write_text(page.format("Runtime scanning"), "utf-8")
    data, old = tmp_path / "t.yaml", tmp_path / "old.yaml"
    assert run(str(tmp_path / "v1.md"), "-o", str(data))[0] == 0
    shutil.copy(data, old)
    code, _, err = run(str(tmp_path / "v2.md"), "--update", str(data))
    assert code == 0, err
    feature = yaml.safe_load(data.read_text("utf-8"))["features"]["runtime-scanning"]
    assert (feature["former_ids"], feature["aliases"]) == (["runtime-scan"], ["Runtime scan"])
    assert diff_lines(old, data) == [
        "Removed domain **AWS** (`aws`)",
        "Joined feature **Runtime scan** (`runtime-scan`) into **Runtime scanning**",
    ]
