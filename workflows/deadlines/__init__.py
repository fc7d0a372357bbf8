"""Reading the "Thời gian" column: free Vietnamese text → a schedule (docs/deadline-semantics).

Pure. May import the plan model (``workflows.plan``, ``workflows.schedule``: what a cell is read
into), ``workflows.calendar``, ``workflows.text`` and pendulum; nothing that reads files or keeps
state.
"""
