"""The ledger's pages: the list and the liaison's tasks (ledger), one issue (issue_page), new lines (entry)."""
