#!/usr/bin/env python3
"""CI's steps, two at a time (CI's machine has 2 cores), each with its own log and HTTP port.

    setup                     venv, Odoo tree, embedded PostgreSQL, lint tools (alone, first)
    template                  suite_tmpl: the whole suite with demo data
    odoo-tests                ./scripts/test --odoo-tests (its own copy of suite_tmpl)
    suite-tests               ./scripts/test (its own copy of suite_tmpl)
    alone-<addon>             ./scripts/test --alone <addon> --odoo-tests (a fresh database with it
                              alone, then Odoo's/OCA's tests of what it overrides on that database)
    lint                      ./scripts/lint
    docker-check              docker/check.py: the Docker route's compose files, configurations and
                              nginx (docker compose config / nginx -t when installed), seconds

A free lane takes the first step of that list whose steps it needs are done: the longest chain
(template, then Odoo's tests) starts first, the other lane takes the alone steps (biggest first)
and the suite's tests. Logs: .run/logs/ci-<step>.log. Standard library only.

    .ci/steps.py                     every step
    .ci/steps.py lint alone-studio_booking    some steps (and the steps they need)
"""

import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / ".run" / "logs"
LANES = int(os.environ.get("CI_LANES", "2"))
# the alone steps, the biggest install first (what each pulls in: collector_crm the gallery and
# customer_core, member_loyalty loyalty/account/helpdesk, ...)
ALONE = [
    "collector_crm",
    "member_loyalty_pos",
    "member_loyalty",
    "artwork_provenance",
    "studio_booking",
    "customer_core",
    "client_context_guard",
]


def steps():
    """(name, command, the steps it needs), in the order a free lane takes them."""
    py = sys.executable
    found = [
        ("template", [py, "scripts/suite.py", "template"], []),
        ("odoo-tests", ["./scripts/test", "--odoo-tests"], ["template"]),
        ("suite-tests", ["./scripts/test"], ["template"]),
    ]
    addons = {p.parent.name for p in (ROOT / "addons").glob("*/__manifest__.py")}
    order = [a for a in ALONE if a in addons] + sorted(addons - set(ALONE))
    found += [(f"alone-{a}", ["./scripts/test", "--alone", a, "--odoo-tests", "--jobs", "1"], []) for a in order]
    found.append(("lint", ["./scripts/lint"], []))
    found.append(("docker-check", [str(ROOT / ".venv" / "bin" / "python"), "docker/check.py"], []))
    return found


def free_ports(count, start=8090):
    ports, port = [], start
    while len(ports) < count and port < start + 200:
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", port))
                ports.append(port)
            except OSError:
                pass
        port += 1
    return ports


def say(msg):
    print(f"[ci {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def summary_of(name, log):
    """The closing line of a step: pytest's summary, the alone summary, pre-commit's verdicts."""
    text = log.read_text(errors="replace") if log.exists() else ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if name.startswith("alone-"):
        found = [line for line in lines if line.startswith("[alone] ") and " installed + tested in " in line]
        return found[-1][len("[alone] ") :] if found else (lines[-1] if lines else "")
    if name == "lint":
        failed = [line.split("...")[0] for line in lines if line.endswith("Failed")]
        return "hooks failed: " + ", ".join(failed) if failed else "all hooks passed"
    found = [line for line in lines if re.match(r"^=+ .*(passed|failed|error|no tests ran).* in [\d.]+s", line)]
    return found[-1].strip("= ") if found else (lines[-1] if lines else "")


def counts(name, log):
    """(passed, failed) of a test step, for the closing line."""
    text = log.read_text(errors="replace") if log.exists() else ""
    if name.startswith("alone-"):
        m = re.findall(r"; (\d+) tests, (\d+) failed, (\d+) error\(s\)", text)
        if not m:
            return 0, 0
        tests, failed, errors = map(int, m[-1])
        passed, failed = tests - failed - errors, failed + errors
        # Odoo's and OCA's tests of what the addon overrides, run beside it (scripts/odoo_tests.py)
        beside = re.findall(r"beside it (\d+) Odoo/OCA tests passed, (\d+) failed", text)
        if beside:
            passed, failed = passed + int(beside[-1][0]), failed + int(beside[-1][1])
        return passed, failed
    if name in ("odoo-tests", "suite-tests"):
        found = [line for line in text.splitlines() if re.match(r"^=+ .* in [\d.]+s", line)]
        if not found:
            return 0, 0
        line = found[-1]

        def num(word):
            m = re.search(rf"(\d+) {word}", line)
            return int(m.group(1)) if m else 0

        return num("passed"), num("failed") + num("errors?")
    return 0, 0


def run_step(name, cmd, port):
    log = LOGS / f"ci-{name}.log"
    env = dict(os.environ, ODOO_HTTP_PORT=str(port))
    if name.startswith("alone-"):
        cmd = [*cmd, "--ports", str(port)]
    say(f"start {name} (port {port}, log {log.relative_to(ROOT)})")
    t0 = time.time()
    with open(log, "w") as out:
        rc = subprocess.run(
            cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, check=False
        ).returncode
    return rc, time.time() - t0, log


def select(todo, selected):
    """The steps named (and the steps they need), or all; None when a name is unknown."""
    if not selected:
        return todo
    names = {n for n, _, _ in todo}
    unknown = [s for s in selected if s not in names]
    if unknown:
        say(f"unknown steps: {', '.join(unknown)}; known: {', '.join(sorted(names))}")
        return None
    wanted = set(selected)
    for n, _, needs in reversed(todo):
        if n in wanted:
            wanted.update(needs)
    return [t for t in todo if t[0] in wanted]


def report(results, order, total):
    """The summary of every step, then one closing line with the tests' counts."""
    print()
    print("=" * 100)
    print(f"CI summary ({LANES} lanes, {total / 60:.1f} min in all)")
    passed = failed = 0
    for name in [n for n in order if n in results]:
        rc, seconds, log = results[name]
        verdict = "skipped" if rc is None else ("ok" if rc == 0 else f"FAILED (exit {rc})")
        detail = summary_of(name, log) if log and name != "setup" else ""
        print(f"  {name:<30} {verdict:<16} {seconds / 60:5.1f} min  {detail}")
        p, f = counts(name, log) if log else (0, 0)
        passed, failed = passed + p, failed + f
    bad = [n for n, (rc, _, _) in results.items() if rc != 0]
    print(f"  failing steps: {', '.join(bad)}" if bad else "  every step passed")
    print("=" * 100)
    print(f"ci: {passed} passed, {failed} failed")
    return 1 if bad else 0


def main(selected):
    LOGS.mkdir(parents=True, exist_ok=True)
    t_start = time.time()
    say("setup: venv, Odoo tree, PostgreSQL, lint tools")
    t0 = time.time()
    log = LOGS / "ci-setup.log"
    with open(log, "w") as out:
        # the lint tools too: pip must not change .venv while Odoo runs from it in another step
        rc = subprocess.run(
            ["bash", "-c", f"{sys.executable} scripts/suite.py setup && ./scripts/lint --install"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    results = {"setup": (rc.returncode, time.time() - t0, log)}
    if rc.returncode:
        print(log.read_text()[-5000:])
        say(f"setup failed (exit {rc.returncode})")
        return 1
    say(f"setup done in {time.time() - t0:.0f} s")

    todo = select(steps(), selected)
    if todo is None:
        return 2
    ports = free_ports(LANES, int(os.environ.get("CI_HTTP_PORT", "8090")))
    if len(ports) < LANES:
        say("no free HTTP ports (CI_HTTP_PORT, default 8090, and on)")
        return 2
    lock = threading.Condition()
    running = set()

    def lane(port):
        while True:
            with lock:
                while True:
                    pending = [t for t in todo if t[0] not in results and t[0] not in running]
                    if not pending:
                        return
                    ready = None
                    for t in pending:
                        if all(n in results for n in t[2]):
                            ready = t
                            break
                    if ready:
                        break
                    lock.wait()
                name, cmd, needs = ready
                failed_needs = [n for n in needs if results[n][0] != 0]
                if failed_needs:
                    results[name] = (None, 0.0, None)
                    say(f"skip {name}: {', '.join(failed_needs)} failed")
                    lock.notify_all()
                    continue
                running.add(name)
            rc, seconds, log = run_step(name, cmd, port)
            with lock:
                running.discard(name)
                results[name] = (rc, seconds, log)
                say(f"{'done' if rc == 0 else 'FAILED'} {name} in {seconds:.0f} s: {summary_of(name, log)}")
                if rc:
                    tail = log.read_text(errors="replace").splitlines()[-60:]
                    print("\n".join(f"    | {line}" for line in tail), flush=True)
                lock.notify_all()

    threads = [threading.Thread(target=lane, args=(p,)) for p in ports]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    return report(results, ["setup", *(t[0] for t in todo)], time.time() - t_start)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
