"""Read the onboarding dashboard's spreadsheet the way Odoo's dashboard client does.

The client asks the server for each data source: a pivot is a ``read_group`` with the pivot's domain,
its measures (each field's own aggregator) and its row groupings; a chart is a ``web_read_group`` with
its domain, measure and groupings. A global filter adds a condition on the field its matching names
for that data source. ``DashboardReader`` makes the same calls, so tests can check what the cards and
charts show for a user and a choice of filters.
"""

import ast
import json
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from lxml import etree

DASHBOARD = "training_analytics_dashboard.spreadsheet_dashboard_onboarding"
PIVOT_VALUE = re.compile(r'^=PIVOT\.VALUE\((\d+),"(\w+)"\)$')


def card_text(value, fmt):
    """The text a card shows for a number: the spreadsheet rounds half up on the shortest decimal form."""
    if fmt == "0":
        return str(int(value))
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded}%" if fmt.endswith('"%"') else str(rounded)


def search_filter_domain(env, model, view_xmlid, name):
    """The domain of a filter of a report's search view, as the report's users pick it."""
    view = env.ref(view_xmlid)
    arch = env[model].get_view(view.id, "search")["arch"]
    node = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")[0]
    return ast.literal_eval(node.get("domain"))


class DashboardReader:
    """Mixin for test cases: ``self.read_dashboard()`` after ``cls.dashboard`` is set."""

    @classmethod
    def _load_dashboard(cls):
        cls.dashboard = cls.env.ref(DASHBOARD)
        cls.spreadsheet = json.loads(cls.dashboard.spreadsheet_data)
        cls.filter_ids = {f["label"]: f["id"] for f in cls.spreadsheet["globalFilters"]}

    def sheet(self, name):
        return next(sheet for sheet in self.spreadsheet["sheets"] if sheet["name"] == name)

    def cell_format(self, sheet, xc):
        formats = self.spreadsheet["formats"]
        for ranges, format_id in sheet["formats"].items():
            first, __, last = ranges.partition(":")
            column, start, end = first[0], int(first[1:]), int((last or first)[1:])
            if xc[0] == column and start <= int(xc[1:]) <= end:
                return formats[str(format_id)]
        return None

    def cards(self):
        """[(figure id, title, pivot id, measure, number format)] of the scorecards, left to right."""
        dashboard = self.sheet("Dashboard")
        result = []
        for figure in sorted(dashboard["figures"], key=lambda f: (f["y"], f["x"])):
            data = figure["data"]
            if data["type"] != "scorecard":
                continue
            sheet_name, xc = data["keyValue"].split("!")
            sheet = self.sheet(sheet_name)
            pivot_id, measure = PIVOT_VALUE.match(sheet["cells"][xc]["content"]).groups()
            result.append((figure["id"], data["title"]["text"], pivot_id, measure, self.cell_format(sheet, xc)))
        return result

    def odoo_charts(self):
        """{figure id: chart data} of the charts drawn from Odoo data."""
        return {
            figure["id"]: figure["data"]
            for figure in self.sheet("Dashboard")["figures"]
            if figure["data"]["type"].startswith("odoo_")
        }

    def filter_domain(self, matching, filters):
        """The conditions the global filters add to a data source; ``filters`` is {label: value}:
        record ids for a relation, ``("month", date)`` or ``("year", date)`` for the period."""
        domain = []
        for label, value in filters.items():
            match = matching.get(self.filter_ids[label]) or {}
            if not match.get("chain"):
                continue
            if isinstance(value, tuple):
                period, day = value
                start = day.replace(day=1) if period == "month" else date(day.year, 1, 1)
                end = start + relativedelta(months=1 if period == "month" else 12, days=-1)
                domain += [(match["chain"], ">=", start), (match["chain"], "<=", end)]
            else:
                domain.append((match["chain"], "in", value))
        return domain

    def read_pivot(self, user, pivot_id, filters=None):
        pivot = self.spreadsheet["pivots"][pivot_id]
        domain = pivot["domain"] + self.filter_domain(pivot["fieldMatching"], filters or {})
        measures = [m["fieldName"] for m in pivot["measures"]]
        groupby = [row["fieldName"] for row in pivot["rows"]]
        return self.env[pivot["model"]].with_user(user).read_group(domain, measures, groupby, lazy=False)

    def read_cards(self, user, filters=None):
        """{title: number} as the cards show them."""
        values = {}
        for __, title, pivot_id, measure, __ in self.cards():
            (row,) = self.read_pivot(user, pivot_id, filters)
            values[title] = row[measure]
        return values

    def read_chart(self, user, figure_id, filters=None):
        """[(group, value)] of an Odoo chart, as the graph view reads them."""
        data = self.odoo_charts()[figure_id]
        meta = data["metaData"]
        domain = data["searchParams"]["domain"] + self.filter_domain(data["fieldMatching"], filters or {})
        Model = self.env[meta["resModel"]].with_user(user)
        measures = ["__count"]
        if meta["measure"] != "__count":
            measures.append(f"{meta['measure']}:{Model._fields[meta['measure']].aggregator}")
        groups = Model.web_read_group(domain, measures, meta["groupBy"], lazy=False)["groups"]
        return [(group[meta["groupBy"][0]], group[meta["measure"]]) for group in groups]
