"""The importer is near-linear in the rows (issue 12): a generated page of 20,000 rows imports in
less than 30 times (20 x 1.5) the time of a page of 2,000 rows. Before, every feature was
compared with every other (10,000 rows took 21 s, 40,000 over 300 s).

Times are CPU times of this process (other jobs on the machine do not count), the smaller of
two runs for the small page. The generated page has what real pages have that costs time:
several environments, a domain column, state, choice and text columns, names that differ
across environments and names that look alike, footnote markers and qualifiers.
"""

from __future__ import annotations

import random
import time

from generator.importer import import_page

WORDS = (
    "agentless", "discovery", "inventory", "attack", "path", "risk", "hunting", "control",
    "plane", "hardening", "data", "registry", "scan", "runtime", "workload", "sensor",
    "policy", "provisioning", "monitoring", "clusters", "images", "vulnerability",
    "assessment", "network", "detection", "alerts", "logs", "backup", "restore", "encryption",
    "keys", "secrets", "identity", "access", "posture", "compliance", "firewall", "gateway",
    "storage",
)  # fmt: skip
HEADER = (
    "| Domain | Feature | Supported resources | Linux release state | Windows release state "
    "| Sensor | Pricing tier | Notes |\n|--|--|--|--|--|--|--|--|"
)


def page(rows: int, environments: int = 4, seed: int = 12) -> str:
    """A support-matrix page of `rows` feature rows over `environments` environments."""
    rnd = random.Random(seed)
    per = rows // environments
    out = ["# Generated support matrix", ""]
    for e in range(environments):
        out += [f"## Cloud {e}", "", HEADER]
        for i in range(per):
            a, b, c = rnd.sample(WORDS, 3)
            name = f"{a.capitalize()} {b} {c} {i}" if i % 3 else f"{c.capitalize()} {b} {i}"
            if e and i % 5 == 0:
                name = f"{name} (cloud {e})"
            state = rnd.choice(["GA", "GA", "Preview", "-", "Preview \u2013 limited to audit logs"])
            marker = "<sup>1</sup>" if i % 97 == 0 else ""
            note = rnd.choice(["-", "", "Requires the agent", f"Up to {i} items"])
            out.append(
                f"| Domain {i % 7} | {name}{marker} | VM, AKS | {state} | {rnd.choice(['GA', '-'])}"
                f" | {rnd.choice(['Agentless', 'Defender sensor'])} | "
                f"{rnd.choice(['Free', 'Defender CSPM', 'Defender CSPM.'])} | {note} |"
            )
        out += ["", f"<sup>1</sup> Cloud {e} needs the connector.", ""]
    return "\n".join(out) + "\n"


def cpu_seconds(text: str) -> float:
    start = time.process_time()
    result = import_page(text, "generated.md", "generated")
    spent = time.process_time() - start
    assert not [d for d in result.check if d.is_error]
    return spent


def test_import_time_grows_near_linearly_with_the_rows() -> None:
    small, large = page(2_000), page(20_000)
    t_small = min(cpu_seconds(small), cpu_seconds(small))
    t_large = cpu_seconds(large)
    assert t_large < 20 * t_small * 1.5, (
        f"2,000 rows: {t_small:.2f} s; 20,000 rows: {t_large:.2f} s"
    )
