"""Start-up as a learner meets it: `streamlit run` to the home page interactive in Chromium, then the first page switch.

Each repeat launches a fresh server exactly as `make run` does (with its background warm-up) and, at once, a
Chromium page that keeps asking for the home page until the server answers; "interactive" is tests/conftest.py's
wait_for_app (the script has finished and nothing is left as a skeleton). The first switch clicks the sidebar's
link to chapter 6 and waits the same way. Medians of --repeats. Writes bench/results/startup.json.

Run: `python -m bench.bench_startup [--repeats 5]`
"""

import argparse
import statistics
import sys
import time

from bench.common import machine, save

SWITCH_TO = ("6 · Logistic regression", "logistic-regression")


def one_start() -> dict:
    from playwright.sync_api import Error, expect

    from bench.browser import app_server, chromium_page
    from tests.conftest import wait_for_app

    with chromium_page() as page, app_server("startup", warm=False) as (base_url, launched):
        while True:
            try:
                if page.goto(base_url, timeout=2_000).ok:
                    break
            except Error:  # connection refused or no answer yet: the server is still starting
                pass
            assert time.perf_counter() - launched < 120, "the server did not answer within 120 s"
            page.wait_for_timeout(100)
        wait_for_app(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        home_s = time.perf_counter() - launched
        clicked = time.perf_counter()
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=SWITCH_TO[0]).click()
        page.wait_for_url(f"**/{SWITCH_TO[1]}*")  # the page keeps ?lang= and other settings in the URL
        wait_for_app(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        return {"home_interactive_s": home_s, "first_switch_s": time.perf_counter() - clicked}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_startup", description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    started = machine()
    runs = []
    for repeat in range(args.repeats):
        runs.append(one_start())
        print(f"  repeat {repeat + 1}/{args.repeats}: home interactive {runs[-1]['home_interactive_s']:.2f} s, "
              f"first switch ({SWITCH_TO[1]}) {runs[-1]['first_switch_s']:.2f} s", flush=True)
    result = {"repeats": args.repeats, "switch_to": SWITCH_TO[1],
              "median_s": {key: round(statistics.median(r[key] for r in runs), 2) for key in runs[0]},
              "all_s": {key: [round(r[key], 2) for r in runs] for key in runs[0]}}
    path = save("startup", result, started)
    print(f"median s: {result['median_s']}\n-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
