from odoo.tools import SQL


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
