"""nhacviec — turns Vietnamese government plans into tracked tasks with deadlines and reminders.

This package is the application shell: the command line, the composition root, the task store
and the message catalogue. The domain lives in the sibling packages ``workflows`` (plans, tasks,
deadlines, units), ``scheduler`` (reminders) and ``notifiers`` (delivery channels).
"""

__version__ = "0.1.0"
