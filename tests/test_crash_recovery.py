"""Fault tolerance with real processes: jobs killed mid-way, a connection cut mid-confirmation, two cron workers.

TransactionCase cannot see another process's work, so these tests run real Odoo servers (the prefork
server, ``--workers``, with its own cron worker processes) on copies of the test database, and look at
PostgreSQL from their own connections. The world they work on (tests/crash_world.py) is seeded once:
100 hires whose reminders, escalations, stalls, missed check-ins and risk alerts are all due.

* Jobs killed mid-way: the test holds a row lock that the job needs part-way through (a mentor's
  partner for the reminders, a hire for the misses, an enrollment of the third batch for the risk,
  the manager's user for the stall follow-ups), makes the job due and wakes the cron worker. When
  PostgreSQL shows the job's connection waiting on that lock, the cron worker that logged the job's
  start gets ``SIGKILL``. The Odoo master forks a new cron worker, which runs the job again: every
  reminder, miss, follow-up and risk alert exists exactly once, none is missing, and the risk batches
  committed before the kill are not done again.
* Connection lost during a confirmation: a mentor confirms a task over JSON-RPC while the test holds
  the audit trail's lock, so the request waits inside the confirmation; the test terminates that
  request's PostgreSQL backend. The mentor is told plainly that the connection was lost (not
  "connection already closed" with a traceback), the task is untouched and has no audit entry;
  confirming again works and leaves exactly one entry.
* Two cron workers on one database: the missed check-ins job waits on a hire that HR is saving while
  the other worker runs the other jobs; HR's save commits under the job, whose snapshot is older.
  PostgreSQL refuses the job's rows: the job runs again at once (not the next day), and every job
  has done its work exactly once. Then each job's method runs in two processes at the same instant
  (what Odoo's own one-worker-per-job lock does not cover): one process handles every row, the
  other skips the rows it finds claimed or stops on a unique constraint and rolls back.

The copies are made with ``CREATE DATABASE ... TEMPLATE`` (under a second); when someone else is
connected to the test database, the world is installed on a fresh database instead (a few minutes).
"""

import contextlib
import http.cookiejar
import json
import logging
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request
from pathlib import Path

import psycopg2
from crash_world import PASSWORD, RACE
from psycopg2 import sql

from odoo import sql_db
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import config

_logger = logging.getLogger(__name__)

WORLD = Path(__file__).resolve().parent / "crash_world.py"
# Generous: a busy CI machine runs these jobs many times slower than an idle one.
TIMEOUT = 300
ADDONS = "hr_attendance_gate,training_analytics"


# ----------------------------------------------------------------------
# PostgreSQL, seen from the test's own connections
# ----------------------------------------------------------------------
def odoo_options():
    """The addons path and database options of this test run, for the Odoo processes it starts."""
    options = [f"--addons-path={config['addons_path']}", f"--data-dir={config['data_dir']}"]
    for key in ("db_host", "db_port", "db_user", "db_password"):
        if config.get(key):
            options.append(f"--{key}={config[key]}")
    return options


def connect(db, autocommit=True):
    info = {**sql_db.connection_info_for(db)[1], "application_name": "crash-test"}
    conn = psycopg2.connect(**info)
    conn.autocommit = autocommit
    return conn


def query(db, statement, *params):
    with contextlib.closing(connect(db)) as conn, conn.cursor() as cr:
        cr.execute(statement, params)
        return cr.fetchall() if cr.description else None


def scalar(db, statement, *params):
    return query(db, statement, *params)[0][0]


def blocked_by(db, holder):
    """PostgreSQL backends of `db` waiting on a lock that the backend `holder` holds."""
    return query(db, "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", holder)


def wait_for(what, check, timeout=TIMEOUT, every=0.2, tick=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if tick:
            tick()
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def copy_database(source, target):
    """A copy of `source` as `target`; False when someone else is connected to `source`."""
    sql_db.close_db(source)  # this process's idle connections to it
    statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(target), sql.Identifier(source))
    try:
        query("postgres", statement)
    except psycopg2.errors.ObjectInUse:
        return False
    return True


def drop_database(db):
    sql_db.close_db(db)
    query("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", db)
    query("postgres", sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db)))
    shutil.rmtree(config.filestore(db), ignore_errors=True)


def odoo_run(args, what):
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(WORLD), *args, *odoo_options()],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if proc.returncode:
        raise AssertionError(f"{what} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    _logger.info("%s took %.1fs", what, time.monotonic() - started)
    return proc.stdout


def log_dir():
    """Where scripts/test keeps its logs: TEST_LOG_DIR, else .test-logs/, else a temporary folder."""
    if os.environ.get("TEST_LOG_DIR"):
        candidates = [Path(os.environ["TEST_LOG_DIR"])]
    else:
        candidates = [WORLD.parent.parent / ".test-logs", Path(tempfile.gettempdir()) / "onboarding-test-logs"]
    for path in candidates:
        with contextlib.suppress(OSError):
            path.mkdir(parents=True, exist_ok=True)
            if os.access(path, os.W_OK):
                return path
    raise AssertionError(f"no writable folder for the servers' logs among {candidates}: set TEST_LOG_DIR")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ----------------------------------------------------------------------
# A real Odoo server: prefork master, one HTTP worker, cron workers
# ----------------------------------------------------------------------
class OdooServer:
    def __init__(self, db, cron_workers, log_path):
        self.db = db
        self.cron_workers = cron_workers
        self.log_path = Path(log_path)
        self.port = free_port()
        self.proc = None

    def __enter__(self):
        self.log_path.unlink(missing_ok=True)
        args = [
            f"--database={self.db}",
            f"--db-filter=^{self.db}$",
            "--no-database-list",
            "--workers=1",
            f"--max-cron-threads={self.cron_workers}",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            # Only the test kills workers: no CPU or wall-clock limit on a slow machine.
            "--limit-time-cpu=3600",
            "--limit-time-real=3600",
            "--limit-time-real-cron=0",
            f"--logfile={self.log_path}",
            "--log-level=info",
        ]
        # crash_world.py hands these arguments to Odoo's own command line.
        self.proc = subprocess.Popen(
            [sys.executable, str(WORLD), *args, *odoo_options()],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for(f"the server on port {self.port}", self._answers, every=0.5)
            wait_for(f"{self.cron_workers} cron worker(s)", lambda: len(self.cron_pids()) == self.cron_workers)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=60)
        # The server's session: a worker still finishing its job, the gevent process.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def _answers(self):
        if self.proc.poll() is not None:
            raise AssertionError(f"the server exited with {self.proc.returncode}: see {self.log_path}")
        try:
            return "result" in JsonRpc(self.url).call("/web/webclient/version_info", {}, timeout=5)
        except OSError:
            return False

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def children(self):
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return {int(pid) for pid in path.read_text().split()} if path.exists() else set()

    def cron_pids(self):
        """Cron workers waiting for work: the children listening on the `postgres` database.

        Only these connections carry their worker's pid in their application name: the others were
        opened through the registry, which the master loaded before forking.
        """
        names = {f"odoo-{pid}" for pid in self.children()}
        rows = query("postgres", "SELECT application_name FROM pg_stat_activity WHERE datname = 'postgres'")
        return {int(name.split("-")[1]) for (name,) in rows if name in names}

    def wake_crons(self):
        query("postgres", "SELECT pg_notify('cron_trigger', %s)", self.db)

    def make_due(self, cron_ids):
        query(
            self.db,
            "UPDATE ir_cron SET nextcall = (now() AT TIME ZONE 'UTC') - interval '1 minute' WHERE id IN %s",
            tuple(cron_ids),
        )

    def run_jobs(self, cron_ids):
        """Make the jobs due and wake the cron workers until each job has run."""
        self.make_due(cron_ids)
        self.wait_jobs(cron_ids)

    def wait_jobs(self, cron_ids):
        wait_for(f"jobs {cron_ids}", lambda: self.jobs_done(cron_ids), tick=self.wake_crons, every=0.5)

    def jobs_done(self, cron_ids):
        """Whether none of the jobs is due any more, neither by its next call nor by a trigger."""
        return not scalar(
            self.db,
            "SELECT count(*) FROM ir_cron c WHERE c.id IN %s AND (c.nextcall <= (now() AT TIME ZONE 'UTC') "
            "OR EXISTS (SELECT 1 FROM ir_cron_trigger t WHERE t.cron_id = c.id "
            "           AND t.call_at <= (now() AT TIME ZONE 'UTC')))",
            tuple(cron_ids),
        )

    def job_runs(self, event):
        """(pid, job name) of each job run a cron worker logged as `event` ("starting" for each call of
        the job's method, "completed" once the run is over), in the order of the server's log."""
        runs = []
        for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            if " odoo.addons.base.models.ir_cron: Job '" in line and line.endswith(f") {event} "):
                runs.append((int(line.split()[2]), line.split("Job '", 1)[1].split("' (", 1)[0]))
        return runs


class JsonRpc:
    """A browser session: cookies kept, JSON-RPC calls."""

    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, path, params, timeout=TIMEOUT):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=timeout) as response:
            return json.loads(response.read())

    def call_kw(self, model, method, args):
        params = {"model": model, "method": method, "args": args, "kwargs": {}}
        return self.call(f"/web/dataset/call_kw/{model}/{method}", params)


class Racers:
    """Two processes running each job's method at the gate the test opens (crash_world.py race)."""

    def __init__(self, db, key):
        self.proc = subprocess.Popen(
            [sys.executable, str(WORLD), "race", db, str(key), *odoo_options()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def next_report(self):
        line = self.lines.get(timeout=TIMEOUT)
        if line is None:
            raise AssertionError(f"the racers exited with {self.proc.wait()}:\n{self.proc.stderr.read()[-3000:]}")
        return json.loads(line)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()  # the forked twin dies with the parent's pipe
        self.proc.wait(timeout=60)


# ----------------------------------------------------------------------
# What the jobs did, counted in the database
# ----------------------------------------------------------------------
def census(db, facts):
    """Counts over the seeded world, and the duplicates anywhere in the database."""
    ids = {key: tuple(facts[key]) for key in ("enrollments", "hires", "chat_tasks", "mentor_partners")}
    types = dict(
        query(
            db,
            "SELECT name, res_id FROM ir_model_data WHERE model = 'mail.activity.type' AND name IN %s",
            ("mail_activity_type_follow_up", "mail_activity_type_onboarding_risk", "mail_activity_type_missed_checkin"),
        )
    )
    follow_up = types["mail_activity_type_follow_up"]
    risk = types["mail_activity_type_onboarding_risk"]
    missed = types["mail_activity_type_missed_checkin"]
    digests = (
        "SELECT count(*) FROM mail_message m JOIN mail_message_res_partner_rel r ON r.mail_message_id = m.id "
        "WHERE m.subject LIKE %s AND r.res_partner_id IN %s"
    )
    tasks = "SELECT count(*) FROM onboarding_task WHERE id IN %s AND {} IS NOT NULL"
    enrollments = "SELECT count(*) FROM onboarding_enrollment WHERE id IN %s AND {}"
    activities = "SELECT count(*) FROM mail_activity WHERE res_model = %s AND activity_type_id = %s AND res_id IN %s"
    misses = "SELECT {} FROM onboarding_attendance_miss WHERE employee_id IN %s"
    return {
        "reminded_tasks": scalar(db, tasks.format("last_reminder_date"), ids["chat_tasks"]),
        "escalated_tasks": scalar(db, tasks.format("escalated_date"), ids["chat_tasks"]),
        "reminder_digests": scalar(
            db, digests, "Onboarding tasks waiting for your confirmation", ids["mentor_partners"]
        ),
        "escalation_digests": scalar(
            db, digests, "Onboarding confirmations overdue for %", (facts["manager_partner"],)
        ),
        "misses": scalar(db, misses.format("count(*)"), ids["hires"]),
        "hires_with_misses": scalar(db, misses.format("count(DISTINCT employee_id)"), ids["hires"]),
        # Every hire has the same calendar and stage dates: one set of missed days for all.
        "miss_day_sets": scalar(
            db,
            "SELECT count(DISTINCT days) FROM (SELECT string_agg(date::text, ',' ORDER BY date) days "
            "FROM onboarding_attendance_miss WHERE employee_id IN %s GROUP BY employee_id) s",
            ids["hires"],
        ),
        "miss_reminders": scalar(
            db,
            "SELECT (SELECT count(*) FROM mail_activity a JOIN onboarding_attendance_miss m ON m.id = a.res_id "
            "        WHERE a.res_model = 'onboarding.attendance.miss' AND a.activity_type_id = %s "
            "          AND m.employee_id IN %s)"
            "     + (SELECT count(*) FROM mail_mail mm JOIN mail_message mg ON mg.id = mm.mail_message_id "
            "        JOIN onboarding_attendance_miss m ON m.id = mg.res_id "
            "        WHERE mg.model = 'onboarding.attendance.miss' AND m.employee_id IN %s)",
            missed,
            ids["hires"],
            ids["hires"],
        ),
        "risk_updated": scalar(db, enrollments.format("risk_date = %s"), ids["enrollments"], facts["today"]),
        "risk_alerted": scalar(db, enrollments.format("risk_alert_date IS NOT NULL"), ids["enrollments"]),
        "risk_alerts": scalar(db, activities, "onboarding.enrollment", risk, ids["enrollments"]),
        "paused": scalar(db, enrollments.format("state = 'paused'"), ids["enrollments"]),
        "follow_ups": scalar(db, activities, "onboarding.enrollment", follow_up, ids["enrollments"]),
        "duplicates": scalar(
            db,
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM mail_activity WHERE activity_type_id IN %s "
            "        GROUP BY res_model, res_id, activity_type_id, user_id HAVING count(*) > 1) a)"
            "     + (SELECT count(*) FROM (SELECT 1 FROM mail_mail mm "
            "        JOIN mail_message mg ON mg.id = mm.mail_message_id "
            "        WHERE mg.model = 'onboarding.attendance.miss' GROUP BY mg.res_id HAVING count(*) > 1) m)",
            (follow_up, risk, missed),
        ),
    }


@tagged("post_install", "-at_install")
class TestCrashRecovery(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
            raise unittest.SkipTest("the tests find the server's workers in /proc/<pid>/task/<pid>/children (Linux)")
        cls.source = get_db_name()
        cls.logs = log_dir()
        started = time.monotonic()
        cls.seed_db = cls.scratch_name("seed")
        drop_database(cls.seed_db)
        if copy_database(cls.source, cls.seed_db):
            how = "copied from the test database"
        else:
            how = "installed afresh (someone else is connected to the test database)"
            odoo_run(["install", cls.seed_db, ADDONS], "installing a fresh database")
        cls.addClassCleanup(drop_database, cls.seed_db)
        cls.facts = json.loads(odoo_run(["seed", cls.seed_db], "seeding the world").splitlines()[-1])
        _logger.info("crash world %s and seeded in %.1fs", how, time.monotonic() - started)
        # One server for the kills and the cut connection: one cron worker, one HTTP worker.
        cls.main_db = cls.scratch_name("main")
        cls.copy_seed(cls.main_db)
        cls.main = cls.server(cls.main_db, cron_workers=1).__enter__()
        cls.addClassCleanup(cls.main.__exit__, None, None, None)

    @classmethod
    def scratch_name(cls, suffix):
        return f"{cls.source[: 63 - len(suffix) - 7]}_crash_{suffix}"

    @classmethod
    def copy_seed(cls, db):
        drop_database(db)
        assert copy_database(cls.seed_db, db), "nobody else uses the seeded database"
        cls.addClassCleanup(drop_database, db)
        return db

    @classmethod
    def server(cls, db, cron_workers):
        return OdooServer(db, cron_workers, cls.logs / f"{db}.log")

    # ------------------------------------------------------------------
    # Jobs killed mid-way
    # ------------------------------------------------------------------
    def kill_midway(self, job, lock, *params, probe=None):
        """Run `job` until it waits on the row `lock` holds, SIGKILL its worker, let Odoo run it again.

        Returns the census when the worker died (with `probe()` as "probe") and after the job ran again.
        """
        server, db, cron = self.main, self.main_db, self.facts["crons"][job]
        with contextlib.closing(connect(db, autocommit=False)) as blocker:
            with blocker.cursor() as cr:
                cr.execute(lock, params)
            holder = blocker.get_backend_pid()
            server.make_due([cron])
            ((backend,),) = wait_for(
                f"the {job} job to wait on the row the test holds",
                lambda: blocked_by(db, holder),
                tick=server.wake_crons,
                every=0.5,
            )
            worker, name = server.job_runs("starting")[-1]
            self.assertEqual(name, self.facts["cron_names"][job])
            self.assertIn(worker, server.cron_pids(), "a cron worker of the server runs the job")
            os.kill(worker, signal.SIGKILL)
            wait_for("the master to reap the killed worker", lambda: worker not in server.children())
            at_kill = census(db, self.facts)
            if probe:
                at_kill["probe"] = probe()
            blocker.rollback()
        wait_for(
            "the killed worker's transaction to end",
            lambda: (
                not blocked_by(db, holder) and not query(db, "SELECT 1 FROM pg_stat_activity WHERE pid = %s", backend)
            ),
        )
        # The master forks a new cron worker; the job is still due, and runs again.
        wait_for("a new cron worker", lambda: len(server.cron_pids()) == server.cron_workers)
        server.run_jobs([cron])
        after = census(db, self.facts)
        _logger.info(
            "%s: SIGKILL to cron worker %s mid-job; at the kill %s; after the rerun %s", job, worker, at_kill, after
        )
        return at_kill, after

    def test_jobs_killed_midway_run_again_exactly_once(self):
        facts, db = self.facts, self.main_db
        enrollments, mentors = len(facts["enrollments"]), len(facts["mentor_partners"])
        before = census(db, facts)
        self.assertEqual(
            [before[key] for key in ("reminded_tasks", "misses", "risk_updated", "risk_alerts", "paused")],
            [0, 0, 0, 0, 0],
        )

        # Reminders, one transaction: killed while the sixth mentor's digest waits on their partner.
        at_kill, after = self.kill_midway(
            "remind", "SELECT id FROM res_partner WHERE id = %s FOR UPDATE", facts["mentor_partners"][5]
        )
        self.assertEqual((at_kill["reminded_tasks"], at_kill["reminder_digests"]), (0, 0), "nothing half-sent")
        self.assertEqual(after["reminded_tasks"], len(facts["chat_tasks"]))
        self.assertEqual(after["escalated_tasks"], len(facts["chat_tasks"]))
        self.assertEqual(after["reminder_digests"], mentors, "one digest per mentor")
        self.assertEqual(after["escalation_digests"], mentors, "the manager hears once about each mentor")

        # Risk, committed batch by batch: killed in the third batch.
        due = [
            row[0]
            for row in query(
                db,
                "SELECT id FROM onboarding_enrollment WHERE state IN ('running', 'paused') "
                "AND (risk_date IS NULL OR risk_date < %s) ORDER BY id",
                facts["today"],
            )
        ]
        batch = facts["risk_batch"]
        self.assertGreater(len(due), 3 * batch)

        def updated():
            return scalar(
                db,
                "SELECT count(*) FROM onboarding_enrollment WHERE id IN %s AND risk_date = %s",
                tuple(due),
                facts["today"],
            )

        at_kill, after = self.kill_midway(
            "risk",
            "SELECT id FROM onboarding_enrollment WHERE id = %s FOR UPDATE",
            due[2 * batch + 5],
            probe=updated,
        )
        self.assertEqual(at_kill["probe"], 2 * batch, "two batches committed before the kill")
        self.assertEqual(at_kill["risk_alerts"], at_kill["risk_alerted"], "alerts of the committed batches only")
        self.assertEqual(updated(), len(due), "the rerun went on with the third batch")
        self.assertEqual(
            scalar(db, "SELECT sum(done) FROM ir_cron_progress WHERE cron_id = %s", facts["crons"]["risk"]),
            len(due),
            "no batch done twice",
        )
        self.assertEqual(after["risk_updated"], enrollments)
        self.assertEqual(after["risk_alerts"], after["risk_alerted"], "one alert per alerted enrollment")
        self.assertGreater(after["risk_alerts"], at_kill["risk_alerts"])

        # Missed check-ins, one transaction: killed while recording them waits on a hire.
        at_kill, after = self.kill_midway(
            "misses", "SELECT id FROM hr_employee WHERE id = %s FOR UPDATE", facts["hires"][70]
        )
        self.assertEqual((at_kill["misses"], at_kill["miss_reminders"]), (0, 0))
        self.assertEqual(after["hires_with_misses"], len(facts["hires"]), "every hire's missed days are recorded")
        self.assertEqual(after["miss_day_sets"], 1, "the same days for every hire")
        self.assertEqual(after["miss_reminders"], after["misses"], "one reminder per miss")

        # Stalls, one transaction: killed while the follow-ups wait on the manager's user.
        manager = scalar(db, "SELECT id FROM res_users WHERE login = 'crash_manager'")
        at_kill, after = self.kill_midway("stalls", "SELECT id FROM res_users WHERE id = %s FOR UPDATE", manager)
        self.assertEqual((at_kill["paused"], at_kill["follow_ups"]), (0, 0))
        self.assertEqual(after["paused"], enrollments)
        self.assertEqual(after["follow_ups"], 2 * enrollments, "the mentor and the manager, once each")

        # The same day again, every job at once: nothing new.
        self.main.run_jobs(list(facts["crons"].values()))
        self.assertEqual(census(db, facts), after)
        self.assertEqual(after["duplicates"], 0)

    # ------------------------------------------------------------------
    # Connection lost during a confirmation
    # ------------------------------------------------------------------
    def test_connection_lost_during_confirmation(self):
        facts, db, task = self.facts, self.main_db, self.facts["http_task"]
        state = "SELECT state FROM onboarding_task WHERE id = %s"
        entries = (
            "SELECT count(*) FROM onboarding_audit_log WHERE event = 'confirm' "
            "AND res_model = 'onboarding.task' AND res_id = %s"
        )
        mentor = JsonRpc(self.main.url)
        login = mentor.call("/web/session/authenticate", {"db": db, "login": facts["http_login"], "password": PASSWORD})
        self.assertIn("result", login, login)
        answers = []
        confirm = threading.Thread(
            target=lambda: answers.append(mentor.call_kw("onboarding.task", "action_confirm", [[task]]))
        )
        with contextlib.closing(connect(db, autocommit=False)) as blocker:
            with blocker.cursor() as cr:
                # The trail's lock: the confirmation waits on it after changing the task, before its entry.
                cr.execute("SELECT pg_advisory_xact_lock(hashtext('onboarding_audit_log'))")
            confirm.start()
            ((backend,),) = wait_for(
                "the confirmation to wait on the audit trail", lambda: blocked_by(db, blocker.get_backend_pid())
            )
            self.assertTrue(scalar(db, "SELECT pg_terminate_backend(%s)", backend))
            confirm.join(TIMEOUT)
            blocker.rollback()
        self.assertFalse(confirm.is_alive())
        (answer,) = answers
        _logger.info("connection cut during action_confirm: the mentor got %s", answer.get("error", answer))
        self.assertIn("error", answer, "the confirmation did not go through")
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError", "a message, not a crash")
        self.assertIn("The connection to the database was lost", answer["error"]["data"]["message"])
        self.assertEqual(scalar(db, state, task), "submitted", "the task is untouched")
        self.assertEqual(scalar(db, entries, task), 0, "and has no audit entry")
        # The mentor tries again: confirmed, with its one audit entry.
        again = mentor.call_kw("onboarding.task", "action_confirm", [[task]])
        self.assertIs(again.get("result"), True, again)
        self.assertEqual(scalar(db, state, task), "done")
        self.assertEqual(scalar(db, entries, task), 1)

    # ------------------------------------------------------------------
    # Two cron workers, and one job in two processes at once
    # ------------------------------------------------------------------
    def assert_world_done(self, counts):
        facts = self.facts
        enrollments, mentors = len(facts["enrollments"]), len(facts["mentor_partners"])
        expected = {
            "reminded_tasks": len(facts["chat_tasks"]),
            "escalated_tasks": len(facts["chat_tasks"]),
            "reminder_digests": mentors,
            "escalation_digests": mentors,
            "hires_with_misses": len(facts["hires"]),
            "miss_day_sets": 1,
            "miss_reminders": counts["misses"],
            "risk_updated": enrollments,
            "risk_alerts": counts["risk_alerted"],
            "paused": enrollments,
            "follow_ups": 2 * enrollments,
            "duplicates": 0,
        }
        self.assertEqual({key: counts[key] for key in expected}, expected)

    def test_two_cron_workers_and_a_concurrent_update(self):
        """Both cron workers busy at once, and HR saves a hire while the missed check-ins job works on them.

        The job's snapshot predates HR's change: PostgreSQL refuses the job's rows for that hire. Odoo's
        scheduler would count the job as failed and leave the day's misses to the next day; the job runs
        again instead (onboarding_training.tools.run_job).
        """
        facts, crons = self.facts, self.facts["crons"]
        others = [cron for job, cron in crons.items() if job != "misses"]
        db = self.copy_seed(self.scratch_name("two"))
        with self.server(db, cron_workers=2) as server:
            workers = server.cron_pids()
            with contextlib.closing(connect(db, autocommit=False)) as hr:
                with hr.cursor() as cr:
                    cr.execute("SELECT id FROM hr_employee WHERE id = %s FOR UPDATE", (facts["hires"][70],))
                holder = hr.get_backend_pid()
                server.make_due([crons["misses"]])
                wait_for(
                    "the misses job to reach the hire HR is saving",
                    lambda: blocked_by(db, holder),
                    tick=server.wake_crons,
                )
                # The other worker takes the other jobs meanwhile.
                server.make_due(others)
                wait_for(
                    "the other jobs",
                    lambda: server.jobs_done(others) or len(blocked_by(db, holder)) > 1,
                    tick=server.wake_crons,
                    every=0.5,
                )
                with hr.cursor() as cr:
                    cr.execute(
                        "UPDATE hr_employee SET write_date = now() AT TIME ZONE 'UTC' WHERE id = %s",
                        (facts["hires"][70],),
                    )
                hr.commit()
            server.wait_jobs(crons.values())
            counts = census(db, facts)
            log = server.log_path.read_text(encoding="utf-8")
            names = set(facts["cron_names"].values())
            runs = [(pid, name) for pid, name in server.job_runs("completed") if name in names]
            failed = scalar(
                db, "SELECT count(*) FROM ir_cron WHERE id IN %s AND failure_count > 0", tuple(crons.values())
            )
        retries = log.count(": rows changed by another transaction (")
        _logger.info(
            "two cron workers %s: runs %s, %s of them rolled back after a concurrent update and run again; %s",
            sorted(workers),
            runs,
            retries,
            counts,
        )
        self.assert_world_done(counts)
        self.assertEqual(failed, 0, "no job counted as failed")
        self.assertTrue(
            "hr_attendance_gate.ir_cron_record_missed_checkins: rows changed by another transaction" in log,
            "the missed check-ins job met HR's change, and ran again",
        )
        self.assertEqual({name for _pid, name in runs}, names, "each job ran")
        self.assertEqual(len(runs), len(names) + retries, "once, and again only after a concurrent update")
        self.assertEqual({pid for pid, _name in runs}, workers, "both workers took jobs")

    def test_one_job_in_two_processes_at_once(self):
        facts = self.facts
        db = self.copy_seed(self.scratch_name("race"))
        key = 0x0B0A0000
        # What each job changes, counted over the whole database before and after the race.
        changes = {
            "risk": "SELECT count(*) FROM onboarding_enrollment WHERE risk_date = %s",
            "remind": "SELECT count(*) FROM onboarding_task WHERE last_reminder_date = %s",
            "misses": "SELECT count(*) FROM onboarding_attendance_miss WHERE date <= %s",
            "stalls": "SELECT count(*) FROM onboarding_enrollment WHERE stalled_since = %s",
        }
        reports, changed = {}, {}
        with contextlib.closing(connect(db)) as gate:
            with gate.cursor() as cr:
                cr.execute("SELECT pg_advisory_lock(k) FROM generate_series(%s, %s) k", (key, key + len(RACE) - 1))
            racers = Racers(db, key)
            try:
                for n, job in enumerate(RACE):
                    waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = %s"
                    wait_for(f"both processes at the start of {job}", lambda n=n: scalar(db, waiting, key + n) == 2)
                    before = scalar(db, changes[job], facts["today"])
                    with gate.cursor() as cr:
                        cr.execute("SELECT pg_advisory_unlock(%s)", (key + n,))
                    reports[job] = [racers.next_report(), racers.next_report()]
                    changed[job] = scalar(db, changes[job], facts["today"]) - before
            finally:
                racers.close()
        counts = census(db, facts)
        _logger.info("each job in two processes at once: %s; rows changed %s; %s", reports, changed, counts)
        for job in RACE:
            self.assertEqual({report["job"] for report in reports[job]}, {job})
            self.assertEqual(len({report["pid"] for report in reports[job]}), 2)
            # Each row once: the rows the two processes say they handled are the rows that changed.
            self.assertEqual(sum(report["handled"] for report in reports[job]), changed[job], job)
            self.assertGreater(changed[job], 0, job)
            # The one that found its rows taken either skipped them or stopped on the constraint and rolled
            # back; a concurrent update makes the job run again (onboarding_training.tools.run_job).
            for report in reports[job]:
                self.assertIn(report["error"], (None, "UniqueViolation"), report)
        self.assert_world_done(counts)
