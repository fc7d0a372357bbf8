"""The plan and task domain: reading plans, deadlines and units; later the task workflow.

Everything here is pure (no I/O, time passed in as an argument) except ``workflows.readers``,
the document adapters, which read files.
"""
