import logging

from odoo.exceptions import UserError


class AttendanceBlockedError(UserError):
    """A check-in refused because pre-boarding training is not done.

    The web client shows its message to the person as a notification (kiosk and systray):
    see static/src/core/attendance_gate_errors.js, which registers this class's name.
    """

    # A refused check-in is expected business, not a server problem worth a warning.
    loglevel = logging.INFO
