from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import already_following, check_field_policy

ENROLLMENT_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("paused", "Paused"),
    ("passed", "Passed"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("draft", "running", "paused")
# Field policy (tools.check_field_policy): everything that decides the state, a result, the gate or payroll
# (state, scores, dates, tasks, rates, the portal login...) is set by the system alone, through the action
# methods, the scheduled jobs and the computes; officers included. What people may set, on the enrollments
# of others only (on their own onboarding nobody sets anything):
# - officers: who follows the hire, at any time;
OFFICER_WRITABLE = frozenset({"mentor_id", "manager_id", "hr_responsible_id"})
# - officers: whom it enrolls, in what and from when, while it is a draft (and so on create);
OFFICER_DRAFT_WRITABLE = frozenset({"employee_id", "program_id", "start_date", "company_id"})
# - the hire's mentor or manager, or an officer: the practical score while it runs (see _check_can_score_practical).
PRACTICAL_FIELDS = frozenset({"practical_score", "practical_comment"})
ASSESSABLE_STATES = ("running", "paused")
# A start date further away than this is almost surely a typo (wrong year).
MAX_START_DISTANCE_DAYS = 366


class OnboardingEnrollment(models.Model):
    _name = "onboarding.enrollment"
    _description = "Onboarding Enrollment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, ondelete="restrict", index=True, tracking=True, check_company=True
    )
    program_id = fields.Many2one(
        "onboarding.program", required=True, ondelete="restrict", index=True, tracking=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        ondelete="restrict",
        index=True,
    )
    start_date = fields.Date(required=True, tracking=True, default=fields.Date.context_today)
    end_date = fields.Date(
        "Planned End", compute="_compute_end_date", store=True, help="The last deadline of the program."
    )
    mentor_id = fields.Many2one(
        "hr.employee",
        compute="_compute_mentor_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="set null",
        tracking=True,
        check_company=True,
        help="Defaults to the employee's coach.",
    )
    manager_id = fields.Many2one(
        "hr.employee",
        compute="_compute_manager_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="set null",
        tracking=True,
        check_company=True,
        help="Defaults to the employee's manager.",
    )
    hr_responsible_id = fields.Many2one(
        "res.users",
        "HR Responsible",
        compute="_compute_hr_responsible_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="set null",
        tracking=True,
        domain=[("share", "=", False)],
    )
    portal_user_id = fields.Many2one(
        "res.users",
        ondelete="set null",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Login of a future hire who has no internal user yet.",
    )
    state = fields.Selection(ENROLLMENT_STATES, default="draft", required=True, tracking=True, index=True, copy=False)
    task_ids = fields.One2many("onboarding.task", "enrollment_id", string="Tasks", copy=False)
    task_count = fields.Integer(compute="_compute_task_stats", store=True)
    done_task_count = fields.Integer(compute="_compute_task_stats", store=True)
    completion_rate = fields.Float(
        compute="_compute_task_stats",
        store=True,
        aggregator="avg",
        help="Share of required tasks done, in percent.",
    )
    preboarding_pending = fields.Boolean(
        compute="_compute_preboarding_pending",
        store=True,
        help="A required task of a stage that blocks attendance is not done yet.",
    )
    final_score = fields.Float(tracking=True, copy=False, readonly=True, aggregator="avg")
    last_progress_date = fields.Date(copy=False, readonly=True, help="Last day a task was submitted or done.")
    stalled_since = fields.Date(copy=False, readonly=True)
    color = fields.Integer(compute="_compute_color")

    @api.depends("employee_id.name", "program_id.name")
    def _compute_name(self):
        for enrollment in self:
            enrollment.name = f"{enrollment.employee_id.name or ''} – {enrollment.program_id.name or ''}"

    @api.depends("employee_id")
    def _compute_company_id(self):
        for enrollment in self:
            enrollment.company_id = enrollment.employee_id.company_id or enrollment.company_id or self.env.company

    @api.depends("start_date", "program_id.duration_days")
    def _compute_end_date(self):
        for enrollment in self:
            enrollment.end_date = enrollment.start_date and enrollment.start_date + timedelta(
                days=enrollment.program_id.duration_days
            )

    @api.depends("employee_id")
    def _compute_mentor_id(self):
        for enrollment in self:
            enrollment.mentor_id = enrollment.employee_id.coach_id

    @api.depends("employee_id")
    def _compute_manager_id(self):
        for enrollment in self:
            enrollment.manager_id = enrollment.employee_id.parent_id

    @api.depends("program_id")
    def _compute_hr_responsible_id(self):
        for enrollment in self:
            enrollment.hr_responsible_id = (
                enrollment.program_id.hr_responsible_id or enrollment.hr_responsible_id or self.env.user
            )

    @api.depends("task_ids.state", "task_ids.required")
    def _compute_task_stats(self):
        for enrollment in self:
            required = enrollment.task_ids.filtered("required")
            done = required.filtered(lambda t: t.state == "done")
            enrollment.task_count = len(enrollment.task_ids)
            enrollment.done_task_count = len(enrollment.task_ids.filtered(lambda t: t.state == "done"))
            enrollment.completion_rate = 100.0 * len(done) / len(required) if required else 0.0

    @api.depends("state", "task_ids.state", "task_ids.required", "task_ids.blocks_attendance")
    def _compute_preboarding_pending(self):
        for enrollment in self:
            enrollment.preboarding_pending = enrollment.state in OPEN_STATES and any(
                t.required and t.blocks_attendance and t.state != "done" for t in enrollment.task_ids
            )

    def _compute_color(self):
        colors = {"draft": 0, "running": 4, "paused": 2, "passed": 10, "failed": 1, "cancelled": 0}
        for enrollment in self:
            enrollment.color = colors[enrollment.state]

    @api.constrains("start_date")
    def _check_start_date(self):
        today = fields.Date.context_today(self)
        for enrollment in self:
            if abs((enrollment.start_date - today).days) > MAX_START_DISTANCE_DAYS:
                raise ValidationError(
                    self.env._(
                        "The start date %(date)s of %(name)s is more than a year away from today.",
                        date=enrollment.start_date,
                        name=enrollment.name,
                    )
                )

    @api.constrains("employee_id")
    def _check_employee_calendar(self):
        for enrollment in self:
            if not (enrollment.employee_id.resource_calendar_id or enrollment.company_id.resource_calendar_id):
                raise ValidationError(
                    self.env._(
                        "%(employee)s has no working schedule and their company has none either: "
                        "set one before enrolling.",
                        employee=enrollment.employee_id.name,
                    )
                )

    def init(self):
        # One open enrollment per employee and program, even under concurrent auto-enrollment.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS onboarding_enrollment_open_uniq ON onboarding_enrollment "
                "(employee_id, program_id) WHERE state IN ('draft', 'running', 'paused')"
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            employee_ids = {vals.get("employee_id") for vals in vals_list}
            own = any(employee.id in employee_ids for employee in self.env.user.employee_ids)
            officer = self.env.user.has_group("onboarding_training.group_onboarding_officer")
            writable = OFFICER_WRITABLE | OFFICER_DRAFT_WRITABLE if officer and not own else frozenset()
            check_field_policy(self, vals_list, writable, create=True, own=own)
        self._check_no_open_duplicate(vals_list)
        return super(OnboardingEnrollment, self.with_context(mail_create_nosubscribe=True)).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            own = any(enrollment._is_own() for enrollment in self)
            check_field_policy(self, [vals], frozenset() if own else self._user_writable_fields(), own=own)
        if PRACTICAL_FIELDS & set(vals) and not self.env.su:
            self._check_can_score_practical()
            vals = {
                **vals,
                "practical_scored_by_id": self.env.uid,
                "practical_score_date": fields.Date.context_today(self),
            }
        return super().write(vals)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        if already_following(self, partner_ids, subtype_ids):
            return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(e.state not in ("draft", "cancelled") for e in self):
            raise UserError(self.env._("Only draft or cancelled enrollments can be deleted; cancel it instead."))
        self._check_not_own()

    def _user_writable_fields(self):
        """Fields the current user may set on all of these enrollments of others (the field policy above)."""
        user = self.env.user
        # The practical score is checked further in write: whose hire it is, and whether it runs.
        writable = set(PRACTICAL_FIELDS) if user.has_group("onboarding_training.group_onboarding_user") else set()
        if user.has_group("onboarding_training.group_onboarding_officer"):
            writable |= OFFICER_WRITABLE
            if all(enrollment.state == "draft" for enrollment in self):
                writable |= OFFICER_DRAFT_WRITABLE
        return writable

    def _check_no_open_duplicate(self, vals_list):
        pairs = {(vals.get("employee_id"), vals.get("program_id")) for vals in vals_list}
        if len(pairs) != len(vals_list):
            raise ValidationError(self.env._("The same employee is enrolled twice in the same program."))
        # sudo: duplicates must be found even among enrollments the caller cannot read.
        existing = self.sudo().search([("employee_id", "in", [p[0] for p in pairs]), ("state", "in", OPEN_STATES)])
        clash = existing.filtered(lambda e: (e.employee_id.id, e.program_id.id) in pairs)
        if clash:
            raise ValidationError(
                self.env._(
                    "%(employee)s already has an open enrollment in %(program)s.",
                    employee=clash[0].employee_id.name,
                    program=clash[0].program_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_officer(self):
        if not self.env.user.has_group("onboarding_training.group_onboarding_officer"):
            raise AccessError(self.env._("Only onboarding officers can do this."))
        self.check_access("write")

    def _is_own(self):
        """Whether the current user is this enrollment's employee, by their internal or their portal login."""
        self.ensure_one()
        return self.env.user in (self.employee_id.user_id | self.portal_user_id)

    def _check_not_own(self):
        """Four eyes: nobody decides on their own onboarding, whatever their rights; another officer does."""
        if self.env.su:
            return
        own = self.filtered(lambda e: e._is_own())
        if own:
            raise AccessError(
                self.env._(
                    "%(name)s is your own onboarding: another onboarding officer decides on it.", name=own[0].name
                )
            )

    def action_start(self):
        self._check_officer()
        self._check_not_own()
        if any(e.state != "draft" for e in self):
            raise UserError(self.env._("Only draft enrollments can be started."))
        self._start()
        return True

    def action_cancel(self):
        self._check_officer()
        self._check_not_own()
        if any(e.state in ("passed", "failed", "cancelled") for e in self):
            raise UserError(self.env._("Finished or cancelled enrollments cannot be cancelled."))
        # sudo: state is protected against direct writes; rights were checked above.
        self.sudo().write({"state": "cancelled"})
        return True

    def action_reset_to_draft(self):
        self._check_officer()
        self._check_not_own()
        if any(e.state != "cancelled" for e in self):
            raise UserError(self.env._("Only cancelled enrollments can be reset to draft."))
        self._check_no_open_duplicate([{"employee_id": e.employee_id.id, "program_id": e.program_id.id} for e in self])
        # sudo: tasks of a cancelled run are obsolete; rights were checked above.
        self.sudo().task_ids.unlink()
        self.sudo().write({"state": "draft", "stalled_since": False})
        return True

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("onboarding_training.onboarding_task_action")
        action["domain"] = [("enrollment_id", "=", self.id)]
        action["context"] = {"search_default_group_stage": 1}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _start(self):
        """Materialise the tasks of draft enrollments in one batch and open what can be opened.

        Each hire gets the items whose audience they are in, and the items they completed recently in
        another onboarding are credited as done (onboarding_enrollment_audience.py).
        """
        # sudo: tasks are created for the employee by the system; callers checked the rights.
        self = self.sudo().with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        self.write({"state": "running", "last_progress_date": fields.Date.context_today(self)})
        items_by_enrollment = self._applicable_items()
        credits = self._prior_learning_credits(items_by_enrollment)
        responsibles = self._resolve_responsibles()
        today = fields.Date.context_today(self)
        vals_list = []
        for enrollment, items in items_by_enrollment.items():
            credited = items.browse([item.id for item in items if (enrollment.id, item.id) in credits])
            open_stages = enrollment._open_stages(today, items=items, done_items=credited)
            for item in items:
                vals = enrollment._task_values(item, responsibles, open_stages, items, credited)
                source = credits.get((enrollment.id, item.id))
                vals_list.append({**vals, **source._credit_values()} if source else vals)
        # Tasks are born locked, open or credited, so that creating them is the only write they need.
        tasks = self.env["onboarding.task"].create(vals_list)
        tasks.filtered("credit_source_task_id")._record_credits()
        self._grant_portal_on_start()

    def _task_values(self, item, responsibles, open_stages, items=None, done_items=None):
        """The new task of `item`; `items` are those this enrollment gets, `done_items` those born done.

        A prerequisite the hire does not get (outside its audience) is skipped: it holds nothing back.
        """
        waiting = (item.prerequisite_ids & items) - done_items if items is not None else item.prerequisite_ids
        opens = not waiting and (item.stage_id in open_stages or not item.required)
        return {
            "enrollment_id": self.id,
            "item_id": item.id,
            "state": "todo" if opens else "locked",
            "deadline": self.start_date + timedelta(days=item.deadline_offset_days),
            "available_date": self.start_date + timedelta(days=item.stage_id.start_offset_days),
            "responsible_user_id": responsibles[self.id].get(item.responsible_role).id or False,
        }

    def _resolve_responsibles(self):
        """Per enrollment, the user answering for each role, falling back up the hierarchy then to HR.

        The employee's own items belong to the employee: to their internal user, or to nobody when they
        have none (a future hire on the portal). HR never stands in for them; HR is asked to confirm only
        what the hire hands in (see onboarding.task._confirmation_reviewer).
        """
        result = {}
        for enrollment in self:
            hr_user = enrollment.hr_responsible_id or enrollment.program_id.hr_responsible_id or self.env.user
            manager_user = enrollment._first_user_up(enrollment.manager_id) or hr_user
            mentor_user = enrollment.mentor_id.user_id or manager_user
            employee_user = enrollment.employee_id.user_id.filtered(lambda u: not u.share)
            result[enrollment.id] = {
                "hr": hr_user,
                "manager": manager_user,
                "mentor": mentor_user,
                "employee": employee_user,
            }
        return result

    def _first_user_up(self, employee):
        seen = self.env["hr.employee"]
        while employee and employee not in seen:
            if employee.user_id and not employee.user_id.share:
                return employee.user_id
            seen |= employee
            employee = employee.parent_id
        return self.env["res.users"]

    def _refresh_locks(self):
        """Unlock tasks whose prerequisites are done and whose stage is open (F4 adaptive push).

        A prerequisite without a task in the enrollment (outside the hire's audience) does not hold anything back.
        """
        today = fields.Date.context_today(self)
        to_open = self.env["onboarding.task"]
        for enrollment in self.filtered(lambda e: e.state == "running"):
            open_stages = enrollment._open_stages(today)
            items = enrollment.task_ids.item_id
            done_items = enrollment.task_ids.filtered(lambda t: t.state == "done").item_id
            for task in enrollment.task_ids.filtered(lambda t: t.state == "locked"):
                prerequisites_done = not ((task.item_id.prerequisite_ids & items) - done_items)
                if prerequisites_done and (task.stage_id in open_stages or not task.required):
                    to_open |= task
        if to_open:
            # sudo: the lock state is the system's to change, never a user's.
            to_open.sudo().write({"state": "todo"})
        return to_open

    def _open_stages(self, today, items=None, done_items=None):
        """Stages whose content is available: planned start reached, or every earlier stage finished early.

        `items` are those the enrollment gets and `done_items` those done, by default read from its tasks:
        an item outside the hire's audience has no task and does not keep a stage unfinished.
        """
        if items is None:
            items = self.task_ids.item_id
        if done_items is None:
            done_items = self.task_ids.filtered(lambda t: t.state == "done").item_id
        opened = self.env["onboarding.program.stage"]
        previous_done = True
        for stage in self.program_id.stage_ids.sorted(lambda s: (s.sequence, s.id)):
            planned = self.start_date + timedelta(days=stage.start_offset_days)
            stage_tasks = self.task_ids.filtered(lambda t, s=stage: t.stage_id == s)
            already_open = any(t.state != "locked" for t in stage_tasks)
            if previous_done or planned <= today or already_open:
                opened |= stage
            required = items.filtered(lambda i, s=stage: i.stage_id == s and i.required)
            previous_done = previous_done and not (required - done_items)
        return opened

    def _register_progress(self):
        """A task moved forward: note the day, resume a stalled enrollment and close its follow-ups."""
        today = fields.Date.context_today(self)
        # sudo: progress bookkeeping is the system's; the caller acted on a task it may act on.
        enrollments = self.sudo()
        enrollments.filtered(lambda e: e.last_progress_date != today).write({"last_progress_date": today})
        paused = enrollments.filtered(lambda e: e.state == "paused")
        if paused:
            paused.write({"state": "running", "stalled_since": False})
            for enrollment in paused:
                enrollment.message_post(body=self.env._("Progress resumed: the enrollment is running again."))
            activity_type = self.env.ref("onboarding_training.mail_activity_type_follow_up")
            paused.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).action_feedback(
                feedback=self.env._("Progress resumed.")
            )
        enrollments._refresh_locks()

    def _write_per_value(self, field_name, values):
        """Write a value that differs per record with one write per distinct value."""
        groups = defaultdict(list)
        for record, value in values.items():
            groups[value].append(record.id)
        for value, ids in groups.items():
            # sudo: results are protected from direct writes; the public caller checked the rights.
            self.browse(ids).sudo().write({field_name: value})

    @api.model
    def _enroll(self, employees, program, start_date=None, mentor=None):
        """Create and start enrollments for employees in one batch; return them."""
        start_date = start_date or fields.Date.context_today(self)
        vals_list = [
            {
                "employee_id": employee.id,
                "program_id": program.id,
                "start_date": start_date,
                **({"mentor_id": mentor.id} if mentor else {}),
            }
            for employee in employees
        ]
        # sudo: auto-enrollment also runs for users who may create employees but not enrollments.
        enrollments = self.sudo().create(vals_list)
        enrollments._start()
        return enrollments.with_env(self.env)
