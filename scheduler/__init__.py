"""The reminder scheduler (issue: scheduler service)."""
