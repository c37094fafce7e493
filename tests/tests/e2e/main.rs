//! End to end: the generated clients, over real HTTP, against a local BSS test server
//! (`server.rs`) that reads the same spec.
//!
//! * `round_trip`: every operation of every variant (and of the fixture crates), sent by the
//!   generated sample calls with every parameter and body field set; the server checks the
//!   request and answers with every response field, which the client must decode exactly.
//! * `faults`: what the server can do wrong, each with the exact typed error and the number of
//!   attempts (retries run on a fake clock, so only the timeout tests take real time).
//! * `security`: path parameters stay in their segment, header injection is refused, secrets never
//!   show in errors or traces.

mod faults;
mod trust;
mod round_trip;
pub(crate) mod security;
mod server;

use huaweicloud_sdk_bss::BssClient;
use huaweicloud_sdk_bssintl::BssintlClient;
use huaweicloud_sdk_runtime::{Client, Credentials, HttpConfig, RetryPolicy};
use server::{AK, DOMAIN, SECURITY_TOKEN, SK};
use std::time::Duration;

/// The test kit's clock: sleeps return at once and move its time forward by the delay asked for.
pub use huaweicloud_sdk_runtime::testing::FakeClock;

/// The default retry policy (3 attempts) on a fake clock.
pub fn fake_retry() -> (RetryPolicy, FakeClock) {
    let clock = FakeClock::new();
    (clock.retry_policy(), clock)
}

/// AK/SK with the account id and a security token, so every header the SDK can send is sent.
pub fn credentials() -> Credentials {
    Credentials::aksk(AK, SK).with_domain_id(DOMAIN).with_security_token(SECURITY_TOKEN)
}

pub fn http(timeout: Duration) -> HttpConfig {
    HttpConfig { timeout, connect_timeout: Duration::from_secs(5), ..HttpConfig::default() }
}

/// A runtime client builder for `url`: test credentials, no retries.
pub fn runtime_builder(url: &str) -> huaweicloud_sdk_runtime::ClientBuilder {
    Client::builder().endpoint(url).credentials(credentials()).retry(RetryPolicy::none())
}

/// A runtime client for `url` with the default (reqwest) transport.
pub fn runtime(url: &str, retry: RetryPolicy, http: HttpConfig) -> Client {
    Client::builder().endpoint(url).credentials(credentials()).retry(retry).http_config(http).build().expect("a client")
}

pub fn bss(url: &str, retry: RetryPolicy) -> BssClient {
    BssClient::from_runtime(runtime(url, retry, http(Duration::from_secs(10))))
}

pub fn bssintl(url: &str, retry: RetryPolicy) -> BssintlClient {
    BssintlClient::from_runtime(runtime(url, retry, http(Duration::from_secs(10))))
}
