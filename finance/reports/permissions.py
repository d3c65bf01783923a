"""Permissions of the sales reports, targets and the managers' dashboard.

Sales reports show costs and gross margins, so they are for sales managers and finance
(admin holds everything); order clerks do not see them. Managers set the monthly
targets of their salespeople. The dashboard gathers sales, receivables and stock
value for managers and finance.
"""
from __future__ import annotations

from erp.auth.permissions import permission

MANAGER = "sales_manager"
FINANCE = "finance"

SALES_REPORT_VIEW = permission("sales_report.view", "查看销售分析（含成本与毛利）与销售目标达成", MANAGER, FINANCE)
SALES_TARGET_EDIT = permission("sales_target.edit", "制定业务员月度销售目标", MANAGER)
DASHBOARD_VIEW = permission("dashboard.view", "查看经营看板", MANAGER, FINANCE)
