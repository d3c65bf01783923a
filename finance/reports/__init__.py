"""Sales reports (销售分析), monthly sales targets (销售目标) and the managers' dashboard
(经营看板).

What a sale is — approved invoices on their date minus approved credit notes on theirs,
with the cost of goods sold from the outbounds — is defined once, in
:mod:`finance.reports.facts`; every report, the targets and the dashboard read it there.
"""
