"""The world of the crash tests (tests/test_crash_recovery.py), built and raced by real Odoo processes.

    python3 tests/crash_world.py seed DB [ODOO OPTIONS]          build the world, print its facts as JSON
    python3 tests/crash_world.py race DB KEY [ODOO OPTIONS]      each job in two processes at once
    python3 tests/crash_world.py install DB ADDONS [OPTIONS]     a fresh database without demo data
    python3 tests/crash_world.py [ODOO SERVER OPTIONS]           Odoo's own server

The world: HIRES hires of one program, started ten days ago, each with a mentor's task handed in six
days ago and never confirmed (a reminder and an escalation are due), a required task overdue for eight
days and nothing done since (a stall is due, the risk is high), and a daily check-in duty over the last
four days without a check-in (misses are due on the working days among them). One more hire handed in
a task today: a mentor confirms it over HTTP while the database connection is cut. Every scheduled job
is moved far into the future, so that nothing runs until a test makes it due.
"""

import json
import os
import signal
import sys
from datetime import datetime, time, timedelta

HIRES = 100
MENTORS = 10
# One hire in this many has an internal user: their misses become activities, the others' emails.
USER_EVERY = 10
# The risk job runs in batches this small here, so that a kill can fall after committed batches.
RISK_BATCH = 30
PASSWORD = "crash-mentor-password"
# The order in which `race` runs the jobs: the risk first, before the others change it on their way.
RACE = ("risk", "remind", "misses", "stalls")
JOBS = {
    "remind": "onboarding_training.ir_cron_onboarding_remind_confirmations",
    "stalls": "onboarding_training.ir_cron_onboarding_detect_stalls",
    "misses": "hr_attendance_gate.ir_cron_record_missed_checkins",
    "risk": "training_analytics.ir_cron_onboarding_update_risk",
}


def registry_of(db, options):
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-d", db, "--log-level=warn", *options])
    return Registry(db)


def seed(env):
    from freezegun import freeze_time

    from odoo import Command, fields

    env = env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_notrack=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            onboarding_no_auto_enroll=True,
            no_reset_password=True,
        )
    )
    today = fields.Date.context_today(env.user)
    start = today - timedelta(days=10)
    Users = env["res.users"]
    mentor_group = env.ref("onboarding_training.group_onboarding_user")
    officer = Users.create(
        {
            "name": "Crash Officer",
            "login": "crash_officer",
            "groups_id": [Command.set(env.ref("onboarding_training.group_onboarding_officer").ids)],
        }
    )
    manager_user = Users.create(
        {"name": "Crash Manager", "login": "crash_manager", "groups_id": [Command.set(mentor_group.ids)]}
    )
    # Only the mentor who signs in over HTTP has a password: hashing one takes a good second.
    mentor_users = Users.create(
        [
            {
                "name": f"Crash Mentor {n}",
                "login": f"crash_mentor_{n}",
                "email": f"crash.mentor.{n}@example.com",
                "groups_id": [Command.set(mentor_group.ids)],
                **({"password": PASSWORD} if n == 0 else {}),
            }
            for n in range(MENTORS)
        ]
    )
    hire_users = Users.create(
        [
            {
                "name": f"Crash Hire {n}",
                "login": f"crash_hire_{n}",
                "groups_id": [Command.set(env.ref("base.group_user").ids)],
            }
            for n in range(0, HIRES, USER_EVERY)
        ]
    )
    Employee = env["hr.employee"]
    manager = Employee.create({"name": "Crash Manager", "user_id": manager_user.id})
    mentors = Employee.create(
        [{"name": user.name, "user_id": user.id, "parent_id": manager.id} for user in mentor_users]
    )
    user_of = dict(zip(range(0, HIRES, USER_EVERY), hire_users, strict=True))
    hires = Employee.create(
        [
            {
                "name": f"Crash Hire {n}",
                "parent_id": manager.id,
                "coach_id": mentors[n % MENTORS].id,
                "user_id": user_of[n].id if n in user_of else False,
            }
            for n in range(HIRES + 1)
        ]
    )
    program = env["onboarding.program"].create(
        {
            "name": "Crash drill – 20 days",
            "auto_enroll": False,
            "hr_responsible_id": officer.id,
            "stage_ids": [
                Command.create(
                    {
                        "name": "Mentoring",
                        "sequence": 10,
                        "start_offset_days": 0,
                        "deadline_offset_days": 20,
                        "responsible_role": "mentor",
                        "item_ids": [
                            Command.create(
                                {
                                    "name": "Chat etiquette",
                                    "item_type": "task",
                                    "deadline_offset_days": 20,
                                    "responsible_role": "mentor",
                                    "confirmation_required": True,
                                }
                            ),
                            Command.create(
                                {
                                    "name": "Back office",
                                    "item_type": "task",
                                    "deadline_offset_days": 2,
                                    "responsible_role": "mentor",
                                }
                            ),
                        ],
                    }
                ),
                # Four days back: two working days at least, whatever today's weekday.
                Command.create(
                    {
                        "name": "Floor practice",
                        "sequence": 20,
                        "start_offset_days": 6,
                        "deadline_offset_days": 20,
                        "responsible_role": "mentor",
                        "requires_daily_checkin": True,
                    }
                ),
            ],
        }
    )
    Enrollment = env["onboarding.enrollment"]
    # Flushed on the day: stored computes (the risk among them) are dated when they are computed.
    with freeze_time(start - timedelta(days=2)):
        enrollments = Enrollment._enroll(hires, program, start_date=start)
        env.flush_all()
    chat = enrollments.task_ids.filtered(lambda t: t.name == "Chat etiquette")
    http_enrollment = enrollments.filtered(lambda e: e.employee_id == hires[-1])
    with freeze_time(datetime.combine(today - timedelta(days=6), time(3))):
        (chat - http_enrollment.task_ids).action_submit()
        env.flush_all()
    http_task = chat & http_enrollment.task_ids
    http_task.action_submit()
    env["ir.cron"].with_context(active_test=False).search([]).write({"nextcall": datetime(2100, 1, 1)})
    env.ref(JOBS["risk"]).code = f"model._cron_update_risk(batch_size={RISK_BATCH})"
    env.flush_all()
    return {
        "today": today.isoformat(),
        "risk_batch": RISK_BATCH,
        "enrollments": sorted((enrollments - http_enrollment).ids),
        "hires": sorted((hires - hires[-1]).ids),
        "chat_tasks": sorted((chat - http_task).ids),
        "http_task": http_task.id,
        "http_login": http_task.responsible_user_id.login,
        "mentor_partners": sorted(mentor_users.partner_id.ids),
        "manager_partner": manager_user.partner_id.id,
        "crons": {job: env.ref(xmlid).id for job, xmlid in JOBS.items()},
        "cron_names": {job: env.ref(xmlid).cron_name for job, xmlid in JOBS.items()},
    }


def race(registry, key):
    """Run each job's method in two processes as soon as the test opens its gate (advisory lock key + n).

    One JSON line per job and process on stdout: the job, the pid, how many rows it handled, and the
    PostgreSQL error that stopped it, if any (the cron runner would roll back and run it next time).
    """
    import psycopg2

    from odoo import SUPERUSER_ID, api, sql_db

    calls = {
        "risk": lambda env: env["onboarding.enrollment"]._cron_update_risk(),
        "remind": lambda env: env["onboarding.task"]._cron_remind_confirmations()[0],
        "misses": lambda env: env["onboarding.attendance.miss"]._cron_record_missed_checkins(),
        "stalls": lambda env: env["onboarding.enrollment"]._cron_detect_stalls(),
    }
    assert tuple(calls) == RACE
    # As Odoo's prefork server does: one registry, loaded before the fork, no connection shared.
    sql_db.close_all()
    twin = os.fork()
    for n, (job, call) in enumerate(calls.items()):
        report = {"job": job, "pid": os.getpid(), "handled": 0, "error": None}
        with registry.cursor() as cr:
            # Session-level and committed: the job's own transaction (and snapshot) starts at the gate.
            cr.execute("SELECT pg_advisory_lock_shared(%s)", (key + n,))
            cr.commit()
            try:
                report["handled"] = len(call(api.Environment(cr, SUPERUSER_ID, {})))
                cr.commit()
            except psycopg2.Error as exc:
                cr.rollback()
                report["error"] = type(exc).__name__
            cr.execute("SELECT pg_advisory_unlock_shared(%s)", (key + n,))
            cr.commit()
        # One write of a whole line: the twin writes into the same pipe, and a write this short is atomic.
        os.write(sys.stdout.fileno(), (json.dumps(report) + "\n").encode())
    if twin:
        os.waitpid(twin, 0)
    else:
        os._exit(0)


def main():
    if sys.argv[1] == "gevent":
        # The long-polling process the prefork master starts: no test here uses a websocket.
        signal.pause()
        return
    if sys.argv[1].startswith("-"):
        from odoo.cli import main as odoo_main

        return odoo_main()
    command, db, *rest = sys.argv[1:]
    if command == "install":
        from odoo.cli import main as odoo_main

        addons, *options = rest
        sys.argv = [sys.argv[0], "-d", db, "-i", addons, "--without-demo=all", "--stop-after-init", "--no-http"]
        sys.argv += ["--log-level=warn", *options]
        return odoo_main()
    if command == "seed":
        from odoo import SUPERUSER_ID, api

        with registry_of(db, rest).cursor() as cr:
            facts = seed(api.Environment(cr, SUPERUSER_ID, {}))
        print(json.dumps(facts), flush=True)
        return
    if command == "race":
        key, *options = rest
        race(registry_of(db, options), int(key))
        return
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
