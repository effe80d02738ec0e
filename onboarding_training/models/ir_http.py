import psycopg2

from odoo import models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

CONNECTION_LOST = _lt(
    "The connection to the database was lost while saving. Reload the page to see whether your change was "
    "kept, and do it again if it was not."
)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """Tell the user plainly when the database connection died under their request.

        Odoo would answer "connection already closed" with a traceback. The transaction was rolled back
        by PostgreSQL, unless the connection died while committing: hence "see whether it was kept".
        The exception itself is still logged as it was.
        """
        if (
            isinstance(exception, (psycopg2.InterfaceError, psycopg2.OperationalError))
            and request.dispatcher.routing_type == "json"
            and request.env.cr.closed
        ):
            # The cursor is dead: the language comes from the session, not from a lookup in the database.
            lang = request.session.context.get("lang") or "en_US"
            exception = UserError(CONNECTION_LOST._translate(lang))
        return super()._handle_error(exception)
