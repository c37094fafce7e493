//! Retries: which failures are retried, how long to wait, and the clock that waits.
//!
//! [`RetryPolicy`] is set with [`crate::ClientBuilder::retry`] and is **on by default**
//! ([`RetryPolicy::default`]): at most 3 attempts, exponential backoff from 100 ms capped at 5 s
//! with equal jitter, `Retry-After` honoured up to 20 s, and no retry started after 30 s.
//! [`RetryPolicy::none`] turns retries off (the official SDKs' default).
//!
//! # What is retried
//!
//! A failed attempt is retried when the error [is retryable](crate::Error::is_retryable) and
//! sending the request again cannot do harm:
//!
//! | failure | retried |
//! |---|---|
//! | connection failure ([`TransportErrorKind::Connect`]): the request never reached the server | always |
//! | timeout and other transport failures: the request may have reached the server | idempotent operations only |
//! | HTTP 5xx (except 501 and 505), HTTP 429, an error code the operation's catalog marks retryable ([`OperationMeta::retryable_codes`](crate::OperationMeta::retryable_codes): `CBC.0250`, throttled, for BSS) | idempotent operations only |
//! | anything else (4xx, business errors, decode errors, invalid requests) | never |
//!
//! An operation is idempotent when its [`OperationMeta::idempotent`](crate::OperationMeta::idempotent)
//! says so: GET/HEAD/PUT/DELETE, or a POST the spec marks `idempotent`.
//!
//! # How long to wait
//!
//! Before retry `n` (1 for the first retry) the client waits:
//!
//! * the answer's `Retry-After` (delay in seconds or an HTTP date) when it has one, capped at
//!   [`RetryPolicy::max_retry_after`];
//! * otherwise the backoff `min(max_delay, base_delay * 2^(n-1))`, jittered by [`Jitter`].
//!
//! The number of attempts (the first one included) never exceeds [`RetryPolicy::max_attempts`],
//! and a retry is not started when the time since the call began plus the wait would exceed
//! [`RetryPolicy::total_budget`]. Each attempt itself is bounded by the transport's timeout
//! ([`crate::HttpConfig::timeout`]). Every attempt is built and signed afresh, so each carries
//! its own `X-Sdk-Date`.
//!
//! Waiting goes through the policy's [`Clock`], [`TokioClock`] by default; tests plug in a clock
//! that records the waits and returns at once.
//!
//! ```no_run
//! use huaweicloud_sdk_runtime::{Client, Credentials, Jitter, RetryPolicy};
//! use std::time::Duration;
//!
//! let client = Client::builder()
//!     .endpoint("https://bss.myhuaweicloud.com")
//!     .credentials(Credentials::from_env()?)
//!     .retry(
//!         RetryPolicy::default()
//!             .with_max_attempts(5)
//!             .with_jitter(Jitter::Full)
//!             .with_total_budget(Duration::from_secs(60)),
//!     )
//!     .build()?;
//! # Ok::<(), huaweicloud_sdk_runtime::Error>(())
//! ```

use crate::error::{Error, TransportErrorKind};
use crate::transport::BoxFuture;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Time for the retry loop: waiting, measuring the call's elapsed time, and the signing time.
///
/// The default, [`TokioClock`], sleeps with `tokio::time::sleep` and reads the system clocks.
/// A test clock can return from [`Clock::sleep`] at once and advance [`Clock::now`] and
/// [`Clock::system_time`] by the requested delay instead, so retry tests take no real time.
pub trait Clock: Send + Sync + 'static {
    /// A future that completes after `delay`.
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()>;

    /// A monotonic instant, used to enforce [`RetryPolicy::total_budget`].
    fn now(&self) -> Instant {
        Instant::now()
    }

    /// The wall-clock time each attempt is signed with (`X-Sdk-Date`).
    fn system_time(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// The default [`Clock`]: `tokio::time::sleep` inside a Tokio runtime (which must have its time
/// driver enabled, as `#[tokio::main]` does), and a helper thread that sleeps outside one (for
/// custom transports on other executors).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()> {
        if tokio::runtime::Handle::try_current().is_ok() {
            Box::pin(tokio::time::sleep(delay))
        } else {
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            std::thread::spawn(move || {
                std::thread::sleep(delay);
                let _ = tx.send(());
            });
            Box::pin(async move {
                let _ = rx.await;
            })
        }
    }
}

/// How the backoff delay is randomised, so that many clients failing together do not retry in
/// lockstep. `exp` below is `min(max_delay, base_delay * 2^(n-1))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Jitter {
    /// Exactly `exp`.
    None,
    /// Uniform in `[0, exp]`.
    Full,
    /// Uniform in `[exp/2, exp]` (the default): random, but never much shorter than `exp`.
    #[default]
    Equal,
}

/// When and how failed calls are retried; see the [module documentation](self).
#[derive(Clone)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    total_budget: Duration,
    jitter: Jitter,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_attempts", &self.max_attempts)
            .field("base_delay", &self.base_delay)
            .field("max_delay", &self.max_delay)
            .field("max_retry_after", &self.max_retry_after)
            .field("total_budget", &self.total_budget)
            .field("jitter", &self.jitter)
            .finish_non_exhaustive()
    }
}

impl Default for RetryPolicy {
    /// 3 attempts, base 100 ms, cap 5 s, equal jitter, `Retry-After` up to 20 s, budget 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(20),
            total_budget: Duration::from_secs(30),
            jitter: Jitter::Equal,
            clock: Arc::new(TokioClock),
        }
    }
}

impl RetryPolicy {
    /// The default policy (see [`RetryPolicy::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: every call makes exactly one attempt.
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Attempts per call, the first one included; `0` counts as `1`.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry (before jitter); it doubles for each further retry.
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest backoff (before jitter).
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest wait a `Retry-After` answer header can impose; longer values are cut to it.
    pub fn with_max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// No retry starts when the time since the call began plus the wait before it would exceed
    /// this.
    pub fn with_total_budget(mut self, budget: Duration) -> Self {
        self.total_budget = budget;
        self
    }

    /// How backoff delays are randomised.
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// The clock that waits between attempts (and times and dates them).
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Attempts per call, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The backoff before the first retry, before jitter.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest backoff, before jitter.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The longest wait a `Retry-After` header can impose.
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The time after which no retry starts.
    pub fn total_budget(&self) -> Duration {
        self.total_budget
    }

    /// The jitter.
    pub fn jitter(&self) -> Jitter {
        self.jitter
    }

    /// The clock.
    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    /// The jittered backoff before retry `retry` (1 for the first retry).
    pub fn backoff(&self, retry: u32) -> Duration {
        self.backoff_with(retry, fastrand::f64())
    }

    /// The backoff before retry `retry` with `unit` (in `[0, 1]`) as the random draw.
    fn backoff_with(&self, retry: u32, unit: f64) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let exp = self.base_delay.saturating_mul(1u32 << doublings).min(self.max_delay);
        let unit = unit.clamp(0.0, 1.0);
        match self.jitter {
            Jitter::None => exp,
            Jitter::Full => exp.mul_f64(unit),
            Jitter::Equal => exp / 2 + (exp / 2).mul_f64(unit),
        }
    }

    /// Whether a call that failed with `error` may be sent again, given whether the operation is
    /// idempotent (see the [module documentation](self)). Does not look at attempts or time.
    pub fn should_retry(error: &Error, idempotent: bool) -> bool {
        if !error.is_retryable() {
            return false;
        }
        match error {
            // The request never reached the server: safe for any operation.
            Error::Transport(t) if t.kind == TransportErrorKind::Connect => true,
            // It may have been processed: only when doing it twice is harmless.
            _ => idempotent,
        }
    }

    /// The wait before retry `retry`: the answer's `Retry-After` capped at
    /// [`RetryPolicy::max_retry_after`], or the jittered backoff.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(d) => d.min(self.max_retry_after),
            None => self.backoff(retry),
        }
    }
}

/// Reads a `Retry-After` value: a number of seconds, or an HTTP date (then the time from `now`
/// until it, zero when it has passed). `None` when it is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ServiceError, TransportError};

    fn service(status: u16, code: Option<&str>) -> Error {
        Error::Service(ServiceError { code_is_retryable: code == Some("CBC.0250"), ..ServiceError::new(status, code.map(str::to_owned), "", None) })
    }

    fn transport(kind: TransportErrorKind) -> Error {
        Error::Transport(TransportError::new(kind, "x"))
    }

    #[test]
    fn defaults_are_bounded_and_none_means_one_attempt() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_attempts(), 3);
        assert_eq!((p.base_delay(), p.max_delay()), (Duration::from_millis(100), Duration::from_secs(5)));
        assert_eq!((p.total_budget(), p.jitter()), (Duration::from_secs(30), Jitter::Equal));
        assert_eq!(RetryPolicy::none().max_attempts(), 1);
        assert_eq!(RetryPolicy::new().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_within_jitter_bounds() {
        let p = RetryPolicy::default().with_jitter(Jitter::None);
        let ms = |r| p.backoff_with(r, 0.5).as_millis();
        assert_eq!([ms(1), ms(2), ms(3), ms(6), ms(7), ms(40)], [100, 200, 400, 3200, 5000, 5000]);
        let full = p.clone().with_jitter(Jitter::Full);
        assert_eq!(
            (full.backoff_with(3, 0.0), full.backoff_with(3, 1.0)),
            (Duration::ZERO, Duration::from_millis(400))
        );
        let equal = p.clone().with_jitter(Jitter::Equal);
        assert_eq!(
            (equal.backoff_with(3, 0.0), equal.backoff_with(3, 1.0)),
            (Duration::from_millis(200), Duration::from_millis(400))
        );
        for retry in 1..10 {
            let d = RetryPolicy::default().backoff(retry);
            assert!(d <= Duration::from_secs(5), "{d:?}");
        }
    }

    #[test]
    fn retry_after_is_capped() {
        let p = RetryPolicy::default().with_max_retry_after(Duration::from_secs(10));
        assert_eq!(p.delay(1, Some(Duration::from_secs(3))), Duration::from_secs(3));
        assert_eq!(p.delay(1, Some(Duration::from_secs(3600))), Duration::from_secs(10));
        assert!(p.delay(1, None) <= Duration::from_millis(100));
    }

    #[test]
    fn retry_after_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), Some(Duration::from_secs(30)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn what_is_retried() {
        use TransportErrorKind::*;
        for idempotent in [false, true] {
            assert!(RetryPolicy::should_retry(&transport(Connect), idempotent));
            assert_eq!(RetryPolicy::should_retry(&transport(Timeout), idempotent), idempotent);
            assert_eq!(RetryPolicy::should_retry(&transport(Other), idempotent), idempotent);
            for status in [500, 502, 503, 504, 429] {
                assert_eq!(RetryPolicy::should_retry(&service(status, None), idempotent), idempotent, "{status}");
            }
            assert_eq!(RetryPolicy::should_retry(&service(200, Some("CBC.0250")), idempotent), idempotent);
            for status in [400, 401, 403, 404, 409, 501, 505] {
                assert!(!RetryPolicy::should_retry(&service(status, Some("CBC.0100")), idempotent), "{status}");
            }
            assert!(!RetryPolicy::should_retry(&Error::InvalidRequest("x".into()), idempotent));
        }
    }

    #[test]
    fn tokio_clock_sleeps_outside_a_runtime() {
        let start = Instant::now();
        let fut = TokioClock.sleep(Duration::from_millis(20));
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(fut);
        assert!(start.elapsed() >= Duration::from_millis(20));
    }
}
