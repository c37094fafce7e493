//! A fake [`Clock`]: sleeps return at once and move its time forward, and a test can move it by
//! hand, so retry backoff and credential expiry take no real time.

use crate::retry::{Clock, RetryPolicy};
use crate::transport::BoxFuture;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// A clock whose time moves only when something sleeps on it or the test calls
/// [`FakeClock::advance`]. Cheap to clone; clones share the time.
///
/// [`Clock::now`] and [`Clock::system_time`] are the instants of its creation plus the time
/// slept and advanced, so a retry's `X-Sdk-Date` moves by exactly the backoff and a retry
/// budget counts only the (fake) waits.
///
/// ```
/// use huaweicloud_sdk_runtime::testing::FakeClock;
/// use huaweicloud_sdk_runtime::Clock;
/// use std::time::Duration;
///
/// let clock = FakeClock::new();
/// let before = clock.system_time();
/// clock.advance(Duration::from_secs(60));
/// assert_eq!(clock.system_time().duration_since(before).unwrap(), Duration::from_secs(60));
/// assert!(clock.slept().is_empty(), "advancing is not sleeping");
/// ```
#[derive(Clone)]
pub struct FakeClock {
    inner: Arc<Mutex<State>>,
}

struct State {
    start: Instant,
    wall: SystemTime,
    offset: Duration,
    slept: Vec<Duration>,
}

impl FakeClock {
    /// A clock at the current wall time.
    pub fn new() -> Self {
        Self::at(SystemTime::now())
    }

    /// A clock whose wall time starts at `wall`.
    pub fn at(wall: SystemTime) -> Self {
        FakeClock { inner: Arc::new(Mutex::new(State { start: Instant::now(), wall, offset: Duration::ZERO, slept: Vec::new() })) }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves the time forward without sleeping.
    pub fn advance(&self, by: Duration) {
        self.state().offset += by;
    }

    /// Every delay something slept for, in order.
    pub fn slept(&self) -> Vec<Duration> {
        self.state().slept.clone()
    }

    /// How far the time has moved since the clock was made (sleeps and advances).
    pub fn elapsed(&self) -> Duration {
        self.state().offset
    }

    /// The default [`RetryPolicy`] on this clock.
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy::default().with_clock(self.clone())
    }
}

impl Default for FakeClock {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for FakeClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let st = self.state();
        f.debug_struct("FakeClock").field("elapsed", &st.offset).field("sleeps", &st.slept.len()).finish()
    }
}

impl Clock for FakeClock {
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()> {
        let mut st = self.state();
        st.slept.push(delay);
        st.offset += delay;
        Box::pin(async {})
    }

    fn now(&self) -> Instant {
        let st = self.state();
        st.start + st.offset
    }

    fn system_time(&self) -> SystemTime {
        let st = self.state();
        st.wall + st.offset
    }
}
