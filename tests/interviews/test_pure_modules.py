"""The flow, the reminder plan and the notice period are pure: importing them loads no settings and no model."""

import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]

PROBE = """
import json, os, sys
os.environ.pop("DJANGO_SETTINGS_MODULE", None)
from interviews import flow, notice, reminders
from django.conf import settings
state = flow.FlowState(attendance="cannot", reason="work")
print(json.dumps({
    "step": flow.current_step(state),
    "planned": len(reminders.plan_reminders(status="cancelled", notice_given=False, notice_deadline=None,
                   owner=reminders.ReminderSettings(enabled=True, verified=True), now=None)),
    "period": str(notice.NoticePeriod(2, "business_days")),
    "settings_configured": settings.configured,
    "models": sorted(m for m in sys.modules if m.endswith(".models") and not m.startswith("django.")),
}))
"""


def test_flow_reminders_and_notice_import_in_a_fresh_interpreter_without_settings_or_models():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT)}
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result == {
        "step": "plan",
        "planned": 0,
        "period": "2 business days",
        "settings_configured": False,
        "models": [],
    }
