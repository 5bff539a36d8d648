"""Bounded load on a server of our own on loopback: concurrent clients, latency percentiles.

Every loop here is bounded in count and in time and stops by itself; the only target is the
127.0.0.1 server started by the caller (tests/suite_server.OdooServer).
"""

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def assert_loopback(url):
    host = url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        raise ValueError(f"load is only sent to loopback, not {host}")


def race(n, fn, timeout=120):
    """Run fn(i) in n threads released at the same instant; return [(i, result, exception)]."""
    barrier = threading.Barrier(n)

    def one(i):
        barrier.wait(timeout)
        try:
            return i, fn(i), None
        except Exception as exc:  # noqa: BLE001 — the outcome of each client is what we report
            return i, None, exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n), timeout=timeout))


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def soak(clients, duration, actions, max_requests=200_000):
    """clients threads pick actions round-robin for duration seconds; returns per-action stats."""
    deadline = time.monotonic() + duration
    lock = threading.Lock()
    stats = {name: {"lat": [], "errors": 0} for name, _fn in actions}
    budget = [max_requests]

    def worker(w):
        i = w
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            name, fn = actions[i % len(actions)]
            i += 1
            t0 = time.perf_counter()
            try:
                fn(w)
                ok = True
            except Exception:  # noqa: BLE001
                ok = False
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    stats[name]["lat"].append(dt)
                else:
                    stats[name]["errors"] += 1

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 60)
    return stats


def report(stats, duration):
    lines = [f"{'action':<28}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"]
    total, errors = 0, 0
    for name, s in stats.items():
        lat = s["lat"]
        total += len(lat)
        errors += s["errors"]
        lines.append(
            f"{name:<28}{len(lat):>9}{s['errors']:>8}{len(lat) / duration:>8.1f}"
            f"{percentile(lat, 50) * 1000:>9.1f}{percentile(lat, 95) * 1000:>9.1f}{percentile(lat, 99) * 1000:>9.1f}"
        )
    all_lat = [x for s in stats.values() for x in s["lat"]]
    lines.append(
        f"{'all':<28}{total:>9}{errors:>8}{total / duration:>8.1f}{percentile(all_lat, 50) * 1000:>9.1f}"
        f"{percentile(all_lat, 95) * 1000:>9.1f}{percentile(all_lat, 99) * 1000:>9.1f}"
    )
    if all_lat:
        lines.append(f"mean {statistics.mean(all_lat) * 1000:.1f} ms over {duration:.0f} s")
    return "\n".join(lines)
