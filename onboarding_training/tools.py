import logging

from odoo import Command
from odoo.exceptions import AccessError
from odoo.models import MAGIC_COLUMNS
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Context key: (model, record id, partner id) triples that create_activities has just made followers.
FOLLOWERS_ADDED = "onboarding_followers_added"


def claim_rows(records):
    """Lock the records' rows for this transaction, skipping those another transaction holds.

    Scheduled jobs claim their work this way, so that two workers running the same job at the
    same time never both act on one record; the other worker picks up what is left next time.
    The lock is the one an update takes (NO KEY UPDATE): a transaction that only inserts rows
    pointing at a record (a missed check-in at its enrollment) does not make the job skip it.
    """
    if not records:
        return records
    records.env.flush_all()
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(records._table),
            tuple(records.ids),
        )
    )
    claimed = records.browse(row[0] for row in records.env.cr.fetchall())
    claimed.invalidate_recordset()
    return claimed


def run_job(env, cron_xmlid, work, nothing):
    """Run a scheduled job's `work`; when another transaction changed the same rows meanwhile, run the job again.

    A job's transaction cannot update or lock a row that another one (a user, another job in another
    cron worker) changed and committed after the job began: PostgreSQL refuses with a serialization
    failure, and Odoo's scheduler would count the job as failed and leave its work to its next run, the
    next day. Here the job's work is rolled back and the job runs again at once, on fresh data; returns
    `nothing` when the work was rolled back.
    """
    try:
        with env.cr.savepoint():
            return work()
    except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as exc:
        _logger.info("%s: rows changed by another transaction (%s), running the job again", cron_xmlid, exc.pgcode)
        env.ref(cron_xmlid)._trigger()
        return nothing


def acting_on_self(employees):
    """Whether the current user, not the system, is one of these employees: nobody decides on their own case."""
    return not employees.env.su and employees.env.user in employees.user_id


def create_activities(records, vals_list):
    """Create the system's activities on `records`' model in one batch, whatever the number of assignees.

    Creating an activity makes its assignee follow the record, one subscription per assignee, each
    with queries of its own: a job reminding many people would cost more with every person. Here
    the assignees become followers in one INSERT first (the same default subtypes Odoo gives them),
    and the model's message_subscribe, overridden with `already_following`, finds nothing left to do.
    Quick update: each assignee sees the activity in their list, without an email per activity.
    """
    env = records.env(su=True)
    if not vals_list:
        return env["mail.activity"]
    model = records._name
    users = env["res.users"].browse({vals["user_id"] for vals in vals_list if vals.get("user_id")})
    partner_of = {user.id: user.partner_id for user in users}
    wanted = {(vals["res_id"], partner_of[vals["user_id"]]) for vals in vals_list if vals.get("user_id")}
    followed = {
        (follower.res_id, follower.partner_id.id)
        for follower in env["mail.followers"].search_fetch(
            [
                ("res_model", "=", model),
                ("res_id", "in", list({res_id for res_id, _partner in wanted})),
                ("partner_id", "in", list({partner.id for _res_id, partner in wanted})),
            ],
            ["res_id", "partner_id"],
        )
    }
    default, _internal, external = env["mail.message.subtype"].default_subtypes(model)
    env["mail.followers"].create(
        [
            {
                "res_model": model,
                "res_id": res_id,
                "partner_id": partner.id,
                "subtype_ids": [Command.set((external if partner.partner_share else default).ids)],
            }
            for res_id, partner in sorted(wanted, key=lambda pair: (pair[0], pair[1].id))
            if (res_id, partner.id) not in followed and partner.active
        ]
    )
    added = frozenset((model, res_id, partner.id) for res_id, partner in wanted)
    return (
        env["mail.activity"].with_context(mail_activity_quick_update=True, **{FOLLOWERS_ADDED: added}).create(vals_list)
    )


def already_following(records, partner_ids, subtype_ids):
    """Whether create_activities has already made these partners follow these records with default subtypes."""
    added = records.env.context.get(FOLLOWERS_ADDED)
    return bool(
        isinstance(added, frozenset)  # set by create_activities only: no RPC call can pass a frozenset
        and partner_ids
        and not subtype_ids
        and all(
            (records._name, record_id, partner_id) in added for record_id in records.ids for partner_id in partner_ids
        )
    )


# ----------------------------------------------------------------------
# Field policy
# ----------------------------------------------------------------------
# The addons whose fields the field policy guards: on their own models, and what they add to standard ones.
ONBOARDING_ADDONS = frozenset(
    {"onboarding_training", "hr_attendance_gate", "training_analytics", "onboarding_payroll", "onboarding_slides"}
)


def policy_fields(model):
    """Names of the fields of `model` that the onboarding addons declare (and the ORM's columns of their models)."""
    return {name for name, field in model._fields.items() if ONBOARDING_ADDONS.intersection(field._modules)}


def is_system_field(field):
    """Stored computed fields without an inverse (related ones included): only their compute sets them."""
    return bool(field.store and field.compute and field.readonly and not field.inverse)


def _is_unset(model, field, value):
    """Whether a create value is only the field's default (or nothing), as forms and copies send it."""
    if field.type in ("one2many", "many2many"):
        commands = value if isinstance(value, (list, tuple)) else []
        return all(
            isinstance(command, (list, tuple))
            and (command[0] == Command.CLEAR or (command[0] == Command.SET and not command[2]))
            for command in commands
        )
    default = field.default(model) if field.default else None
    if not value and not default:
        return True
    try:
        return field.convert_to_cache(value, model, validate=False) == field.convert_to_cache(
            default, model, validate=False
        )
    except (TypeError, ValueError):
        return False


def check_field_policy(records, vals_list, writable, create=False, own=False):
    """Refuse, unless the system acts, every value of the onboarding's fields outside `writable`.

    `writable` holds the fields the model's policy lets the current user set on `records` (on create: on the
    records `vals_list` would make), so each model's create, write and copy (and imports, which go through
    them) call this with their own short list. Stored computed fields are the system's whatever the list
    says. On create, a field left at its default is not set by the caller, and the defaults a context would
    add count as values: they are what the record would get. `own` says the caller acts on their own
    onboarding, which the message tells them.
    """
    env = records.env
    if env.su:
        return
    guarded = policy_fields(records)
    refused = set()
    for vals in vals_list:
        if create:
            defaults = {
                key[8:]: value
                for key, value in env.context.items()
                if key.startswith("default_") and key[8:] in guarded and key[8:] not in vals
            }
            vals = {**defaults, **vals}
        for fname, value in vals.items():
            if fname not in guarded or fname == "id":
                continue
            field = records._fields[fname]
            settable = fname in writable or (create and _is_unset(records, field, value))
            if is_system_field(field) or not settable:
                refused.add(fname)
    if not refused:
        return
    labels = ", ".join(sorted(records._fields[fname]._description_string(env) for fname in refused))
    model = env["ir.model"]._get(records._name).name or records._description
    if own:
        raise AccessError(
            env._(
                "You cannot set %(fields)s on %(model)s: this is your own onboarding, which another onboarding "
                "officer handles.",
                fields=labels,
                model=model,
            )
        )
    raise AccessError(
        env._(
            "You cannot set %(fields)s on %(model)s: the onboarding's own steps set them, or the people "
            "responsible for it.",
            fields=labels,
            model=model,
        )
    )


def configurable_fields(model, system=frozenset()):
    """Configuration fields of `model`: the onboarding's own fields, but the ORM's, the computed and `system`."""
    return frozenset(
        name
        for name in policy_fields(model)
        if name not in MAGIC_COLUMNS and name not in system and not is_system_field(model._fields[name])
    )


def in_own_onboarding(programs):
    """Whether the current user, not the system, has an open enrollment in one of these programs."""
    env = programs.env
    if env.su or not programs:
        return False
    return bool(
        env["onboarding.enrollment"].search_count(
            [
                ("program_id", "in", programs.ids),
                ("employee_id.user_id", "=", env.uid),
                ("state", "in", ("draft", "running", "paused")),
            ],
            limit=1,
        )
    )


def check_config_policy(records, vals_list, system=frozenset(), *, deciding=frozenset(), programs=None, create=False):
    """Field policy of the configuration (programs, stages, items): its managers, whom the access rights name,
    set every configuration field but `system`; one who is in onboarding in `programs` leaves the `deciding`
    fields (what decides the gate, results or payroll of that onboarding) to another manager.
    """
    if records.env.su:
        return
    writable = configurable_fields(records, system)
    own = bool(deciding) and any(deciding & vals.keys() for vals in vals_list) and in_own_onboarding(programs)
    if own:
        writable -= deciding
    check_field_policy(records, vals_list, writable, create=create, own=own)
