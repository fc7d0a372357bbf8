"""Planning: which reminders an occurrence, an action or the office's week should produce. Pure.

``reminders`` (``plan_occurrence``, ``plan_action``, ``plan_office_weekly``: who hears what),
``series`` (when: the steps of a window, before due, due and overdue), ``choice`` (one daily
reminder per addressee), ``slots`` (send slots on working days, in local time).
May import the scheduler's pure modules (``model``, ``policy``, ``catchup``), the domain
(``workflows``) and the ground; never the store, a channel, the composition root or any I/O:
time comes in as an argument.
"""
