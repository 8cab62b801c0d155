"""Run app.py once as soon as a fresh server is up, so the first deep link a student opens works.

Until some session has run app.py, Streamlit routes by the `pages/` folder (its older
multipage mode), so a first visit to e.g. /logistic-regression shows "Page not found" and
/draw renders without the app's sidebar. Streamlit's script health check runs app.py once
(st.navigation then switches routing for the whole process). Needs the server started with
--server.scriptHealthCheckEnabled true. Usage: python -m ui.warmup PORT
"""

import sys
import time
import urllib.error
import urllib.request


def warm_up(base_url: str, timeout: float = 120.0) -> bool:
    """Wait for the server's health endpoint, then have it run app.py once; True when it did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    break
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    else:
        return False
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/script-health-check", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


if __name__ == "__main__":
    port = sys.argv[1] if len(sys.argv) > 1 else "8501"
    sys.exit(0 if warm_up(f"http://127.0.0.1:{port}") else 1)
