"""Per-session rate limits (joining a class, posting runs): a token bucket that says how long to wait."""

import math
import time


class RateLimited(ValueError):
    """Too many tries in a short time; `wait_s` says when the next one is allowed."""

    def __init__(self, what: str, wait_s: float):
        self.wait_s = wait_s
        super().__init__(f"too many {what}: try again in {math.ceil(wait_s)} s")


class RateLimiter:
    """A token bucket for one session: `burst` tries at once, then one every `every_s` seconds."""

    def __init__(self, what: str, burst: int, every_s: float, clock=time.monotonic):
        self.what, self.burst, self.every_s, self.clock = what, burst, every_s, clock
        self.tokens, self.updated = float(burst), clock()

    def take(self) -> None:
        """Use one try, or raise RateLimited."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) / self.every_s)
        self.updated = now
        if self.tokens < 1:
            raise RateLimited(self.what, (1 - self.tokens) * self.every_s)
        self.tokens -= 1


def join_limiter() -> RateLimiter:
    """Code lookups per session: guessing codes at this pace would take centuries."""
    return RateLimiter("class code lookups", burst=5, every_s=3.0)


def post_limiter() -> RateLimiter:
    """Run posts per session: more than anyone finishing runs by hand."""
    return RateLimiter("posted runs", burst=10, every_s=2.0)
