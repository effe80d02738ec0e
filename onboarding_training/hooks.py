from odoo.tools import SQL

from .models.onboarding_audit_log import HEAD_TABLE


def uninstall_hook(env):
    """The audit trail's head is no model's table, so Odoo would leave it behind."""
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(HEAD_TABLE)))
