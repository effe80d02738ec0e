"""Query measurement shared by the addon's flat-cost tests and the cross-addon budgets."""

from odoo.models import INSERT_BATCH_SIZE


class QueryCounting:
    """For TransactionCase subclasses: count the queries of a call, caches cold, writes flushed."""

    @staticmethod
    def insert_batches(rows):
        """How many INSERT statements the ORM splits `rows` new rows into."""
        return -(-rows // INSERT_BATCH_SIZE)

    def count_queries(self, func, *args, **kwargs):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        func(*args, **kwargs)
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def auto_enroll_extra(self, job, count, tag):
        """Queries that auto-enrollment adds to creating `count` employees of `job`."""
        Employee = self.env["hr.employee"]
        plain = self.count_queries(
            Employee.with_context(onboarding_no_auto_enroll=True).create,
            [{"name": f"{tag}p{i}", "job_id": job.id} for i in range(count)],
        )
        matched = self.count_queries(Employee.create, [{"name": f"{tag}m{i}", "job_id": job.id} for i in range(count)])
        return matched - plain
