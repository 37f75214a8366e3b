"""Throughput of `marketplace serve`: many users without pauses, one web process against one per core, one run.

Starts `marketplace serve --demo` on the database DATABASE_URL names (use a throwaway PostgreSQL database: the demo
data is added to it), first with one web process and then with one per CPU core (each with the default threads),
and drives each for --seconds with --users concurrent keep-alive clients that never pause, over a mix of the pages
people read most (the catalogue, a search, an opportunity, the insights). Prints requests a second, p50 and p95
for each shape and their ratios. The clients run in their own processes, so their cost is the same in both shapes.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_serving python bench/serving.py
"""

import argparse
import http.client
import multiprocessing
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

from measure import free_port, percentile

PATHS = ["/opportunities", "/opportunities?q=user+research", "/opportunities?lot=digital-specialists", "/insights"]
CLIENT_PROCESSES = 2


def start(port, processes):
    env = dict(os.environ, MARKETPLACE_DEBUG="0")
    server = subprocess.Popen([sys.executable, "-m", "marketplace.cli", "serve", "--demo", "--port", str(port),
                               "--processes", str(processes)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("serve stopped: " + server.stdout.read())
            time.sleep(0.5)
    server.kill()
    raise RuntimeError("serve did not answer within 5 minutes")


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def one_opportunity(port):
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/opportunities", timeout=30).read().decode()
    return re.search(r'href="(/opportunities/\d+)"', page).group(1)


def _client(port, paths, users, seconds, results):
    """`users` threads, each one keep-alive connection asking for the paths in turn until the time is up."""
    deadline = time.monotonic() + seconds
    timings, errors, lock = [], [0, None], threading.Lock()

    def user(offset):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, failed, first, n = [], 0, None, offset
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                    first = first or f"{path}: HTTP {response.status}"
            except (OSError, http.client.HTTPException) as error:
                failed += 1
                first = first or f"{path}: {error!r}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            timings.extend(mine)
            errors[0] += failed
            errors[1] = errors[1] or first

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((timings, errors[0], errors[1]))


def load(port, paths, users, seconds):
    results = multiprocessing.Queue()
    shares = [users // CLIENT_PROCESSES + (1 if n < users % CLIENT_PROCESSES else 0) for n in range(CLIENT_PROCESSES)]
    clients = [multiprocessing.Process(target=_client, args=(port, paths, share, seconds, results))
               for share in shares]
    started = time.perf_counter()
    for client in clients:
        client.start()
    timings, errors, first = [], 0, None
    for _ in clients:
        mine, failed, error = results.get()
        timings += mine
        errors += failed
        first = first or error
    for client in clients:
        client.join()
    elapsed = time.perf_counter() - started
    if not timings:
        raise RuntimeError(f"no request was answered ({errors} failed; the first: {first})")
    return {"rps": len(timings) / elapsed, "p50": percentile(timings, 50), "p95": percentile(timings, 95),
            "requests": len(timings), "errors": errors}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a throwaway PostgreSQL database: several web processes need PostgreSQL.")
    cores = os.cpu_count() or 1
    figures = {}
    for processes in dict.fromkeys((1, cores)):
        port = free_port()
        server = start(port, processes)
        try:
            paths = PATHS + [one_opportunity(port)]
            load(port, paths, args.users, 3)  # warm-up: caches and connections, not measured
            figures[processes] = load(port, paths, args.users, args.seconds)
        finally:
            stop(server)
    print(f"{args.users} users without pauses for {args.seconds:.0f} s each, {cores} cores, "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    for processes, f in figures.items():
        print(f"  {processes} web process(es): {f['rps']:6.1f} requests/s, p50 {f['p50'] * 1000:6.0f} ms, "
              f"p95 {f['p95'] * 1000:6.0f} ms ({f['requests']:,} requests, {f['errors']} errors)")
    if len(figures) == 2:
        one, many = figures[1], figures[cores]
        print(f"  ratio ({cores} to 1): throughput x{many['rps'] / one['rps']:.2f}, "
              f"p50 x{many['p50'] / one['p50']:.2f}, p95 x{many['p95'] / one['p95']:.2f}")


if __name__ == "__main__":
    main()
