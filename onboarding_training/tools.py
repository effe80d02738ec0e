from odoo import Command
from odoo.tools import SQL

# Context key: (model, record id, partner id) triples that create_activities has just made followers.
FOLLOWERS_ADDED = "onboarding_followers_added"


def claim_rows(records):
    """Lock the records' rows for this transaction, skipping those another transaction holds.

    Scheduled jobs claim their work this way, so that two workers running the same job at the
    same time never both act on one record; the other worker picks up what is left next time.
    """
    if not records:
        return records
    records.env.flush_all()
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s FOR UPDATE SKIP LOCKED",
            SQL.identifier(records._table),
            tuple(records.ids),
        )
    )
    claimed = records.browse(row[0] for row in records.env.cr.fetchall())
    claimed.invalidate_recordset()
    return claimed


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
