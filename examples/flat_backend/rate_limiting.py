"""Token-bucket rate limiting with an injectable clock."""
import time


class TokenBucket:
    """Holds up to ``capacity`` tokens, refilled at ``refill_rate`` tokens per second."""

    def __init__(self, capacity, refill_rate, clock=time.monotonic):
        if capacity <= 0 or refill_rate <= 0:
            raise ValueError("capacity and refill_rate must be positive")
        self.capacity = float(capacity)
        self.refill_rate = float(refill_rate)
        self.clock = clock
        self.tokens = float(capacity)
        self._last = clock()

    def _refill(self):
        now = self.clock()
        elapsed = max(0.0, now - self._last)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.refill_rate)
        self._last = now

    def allow(self, cost=1):
        """Take ``cost`` tokens if available; returns whether the call may proceed."""
        self._refill()
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False

    def retry_after(self, cost=1):
        """Seconds until ``cost`` tokens will be available (0.0 if they are now)."""
        self._refill()
        missing = cost - self.tokens
        return 0.0 if missing <= 0 else missing / self.refill_rate


class RateLimiter:
    """One token bucket per client key (IP address, user id, API key ...)."""

    def __init__(self, capacity=10, refill_rate=5, clock=time.monotonic):
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.clock = clock
        self._buckets = {}

    def _bucket(self, key):
        if key not in self._buckets:
            self._buckets[key] = TokenBucket(self.capacity, self.refill_rate, self.clock)
        return self._buckets[key]

    def allow(self, key, cost=1):
        return self._bucket(key).allow(cost)

    def retry_after(self, key, cost=1):
        return self._bucket(key).retry_after(cost)

    def reset(self, key=None):
        if key is None:
            self._buckets.clear()
        else:
            self._buckets.pop(key, None)
