"""Finance (财务): the receivables and payables ledger of open items, receipts, allocation
(核销), aging, customer statements, bank reconciliation, period close and the
cash-and-carry counter sale. See ``finance/README.md``."""
