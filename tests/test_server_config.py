"""What a server started in the repository runs with: the classroom settings, and imports that hold up."""

SERVER_SETTINGS = {
    "server.maxUploadSize": 20,
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.headless": True,
    "browser.gatherUsageStats": False,
    "client.showErrorDetails": "type",
    "client.toolbarMode": "viewer",
    "runner.postScriptGC": False,  # a forced full gc per rerun starved training threads of the GIL
    "server.enableStaticServing": True,  # static/plotly.min.js for the charts that move in place (ui/live_plot.py)
}


def test_streamlit_reads_the_classroom_settings_from_the_repository():
    """What a server started in the repository really uses (a fresh interpreter reads .streamlit/config.toml)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    probe = ("import json; from streamlit import config; config.get_config_options(force_reparse=True); "
             f"print(json.dumps({{name: config.get_option(name) for name in {list(SERVER_SETTINGS)!r}}}))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == SERVER_SETTINGS



def test_ui_live_leaves_pandas_whole_before_any_page_plots():
    """Plotly peeks at sys.modules["pandas"]; the first sessions of a fresh server crashed on a half-imported one."""
    import subprocess
    import sys
    from pathlib import Path

    probe = "import sys, ui.live; print(hasattr(sys.modules.get('pandas'), 'Series'))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "True", done.stderr
