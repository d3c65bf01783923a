"""Permissions of the sales reports, targets and the managers' dashboard.

Sales reports show costs and gross margins, so they are for sales managers and finance
(admin holds everything); order clerks do not see them. Managers set the monthly
targets of their salespeople. The dashboard gathers sales, receivables and stock
value for managers and finance.
"""
from __future__ import annotations

from erp.auth.permissions import permission
from erp.errors import N_

MANAGER = "sales_manager"
FINANCE = "finance"

SALES_REPORT_VIEW = permission("sales_report.view", N_("View sales analysis (with cost and gross margin) and sales target attainment"), MANAGER, FINANCE)
SALES_TARGET_EDIT = permission("sales_target.edit", N_("Set salespeople's monthly sales targets"), MANAGER)
DASHBOARD_VIEW = permission("dashboard.view", N_("View the business dashboard"), MANAGER, FINANCE)
