from unittest.mock import patch

from odoo.tests import tagged

from .test_performance import TestCheckInCost, _stock_attendance_action_change, _stock_create, GateEmployee, GateAttendance
import logging
_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestTmpDebug(TestCheckInCost):
    def _collect(self, employee):
        queries = []
        orig = type(self.env.cr).execute

        def execute(cr, query, params=None, log_exceptions=True):
            queries.append(str(query)[:300])
            q = str(query)
            if 'ORDER BY "hr_attendance"."check_in" DESC \'' in q and "LIMIT" not in q and '"employee_id" = %s)' in q:
                import traceback
                _logger.info("STACK %s", "".join(traceback.format_stack(limit=25)))
            return orig(cr, query, params, log_exceptions)

        self.env.flush_all()
        with patch.object(type(self.env.cr), "execute", execute):
            self.check_in(employee)
            self.env.flush_all()
        return queries

    def test_debug(self):
        few = self._collect(self.few)
        many = self._collect(self.many)
        _logger.info("FEW %s\n%s", len(few), "\n".join(few))
        _logger.info("MANY %s\n%s", len(many), "\n".join(many))
        with patch.object(GateEmployee, "_attendance_action_change", _stock_attendance_action_change), patch.object(GateAttendance, "create", _stock_create):
            stock = self._collect(self.stock)
        _logger.info("STOCK %s\n%s", len(stock), "\n".join(stock))
