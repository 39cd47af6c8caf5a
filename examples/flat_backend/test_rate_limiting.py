import pytest

from rate_limiting import RateLimiter, TokenBucket


def test_bucket_allows_bursts_up_to_capacity(clock):
    bucket = TokenBucket(capacity=3, refill_rate=1, clock=clock)
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]


def test_bucket_refills_over_time_but_not_above_capacity(clock):
    bucket = TokenBucket(capacity=2, refill_rate=0.5, clock=clock)
    assert bucket.allow(2)
    assert not bucket.allow()
    clock.advance(2)  # 0.5 tokens/s -> one token back
    assert bucket.allow()
    assert not bucket.allow()
    clock.advance(100)
    bucket.allow(0)
    assert bucket.tokens == pytest.approx(2.0)


def test_retry_after_reports_the_wait(clock):
    bucket = TokenBucket(capacity=1, refill_rate=4, clock=clock)
    assert bucket.retry_after() == 0.0
    assert bucket.allow()
    assert bucket.retry_after() == pytest.approx(0.25)
    clock.advance(0.25)
    assert bucket.retry_after() == 0.0


def test_clock_going_backwards_does_not_add_tokens(clock):
    bucket = TokenBucket(capacity=1, refill_rate=1, clock=clock)
    bucket.allow()
    clock.advance(-50)
    assert not bucket.allow()


def test_limiter_keeps_one_bucket_per_key(clock):
    limiter = RateLimiter(capacity=1, refill_rate=1, clock=clock)
    assert limiter.allow("alice")
    assert not limiter.allow("alice")
    assert limiter.allow("bob")
    limiter.reset("alice")
    assert limiter.allow("alice")


@pytest.mark.parametrize("capacity, rate", [(0, 1), (1, 0), (-1, 1)])
def test_invalid_bucket_configuration_is_rejected(capacity, rate):
    with pytest.raises(ValueError):
        TokenBucket(capacity, rate)
