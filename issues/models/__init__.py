from .issue import Evidence, Issue, IssueEvent, IssueNumberCounter

__all__ = ["Evidence", "Issue", "IssueEvent", "IssueNumberCounter"]
