"""Bearer tokens verified in the last few seconds, per process, by the token's SHA-256.

Checking a token is a transaction (the token and its account read, its "last used" written once
a minute): on the API's busiest routes, most of a cheap request. A token verified here is
trusted again for ``ttl_s`` seconds without the store:

- in this process, disabling an account or revoking tokens from the console forgets every
  entry at once (``forget_all``), and an answer read from the store before such a change is
  not kept after it (the ``generation`` it was read in has passed);
- in another process (``nhacviec user disable`` on the command line, another instance), the
  change is seen within ``ttl_s`` (5 s), when the entry expires.

Only successes are kept: an unknown, revoked or disabled token goes to the store every time.
Browser logins (cookies) are not cached: a signed-out or disabled login ends at once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from nhacviec.services.accounts import Account

TTL_S = 5.0
MAX_ENTRIES = 10_000


class VerifiedTokens:
    def __init__(
        self,
        ttl_s: float = TTL_S,
        max_entries: int = MAX_ENTRIES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_s, self.max_entries, self.monotonic = ttl_s, max_entries, monotonic
        self._entries: OrderedDict[str, tuple[Account, float]] = OrderedDict()
        self._lock = threading.Lock()
        self.generation = 0  # moves on with every forget_all

    def get(self, digest: str) -> Account | None:
        with self._lock:
            found = self._entries.get(digest)
            if found is None:
                return None
            account, until = found
            if self.monotonic() >= until:
                del self._entries[digest]
                return None
            return account

    def put(self, digest: str, account: Account, generation: int) -> None:
        """Keep ``account`` for the token, unless a ``forget_all`` came after ``generation``
        (the account was read before it)."""
        with self._lock:
            if generation != self.generation:
                return
            self._entries[digest] = (account, self.monotonic() + self.ttl_s)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget_all(self) -> None:
        with self._lock:
            self._entries.clear()
            self.generation += 1
