"""The scheduler's store port: ``base`` declares it (``SchedulerStore``, one transaction, and the
plain values that cross it), ``memory`` (with ``queue``, its outbox) implements it in
memory, real code for tests and demos, and ``copy`` loads another store's facts into it; the SQL
implementation is the store's (``nhacviec.store.scheduling``).

May import the scheduler's pure model, the domain and the ground; never the store, a database
library, the composition root or a face.
"""
