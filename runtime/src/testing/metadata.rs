//! A stand-in for the ECS metadata service on a [`TestServer`]: point a
//! [`MetadataProvider`](crate::MetadataProvider) at [`MetadataServer::url`] with
//! `MetadataProvider::new().endpoint(..)`.

use super::server::{Received, Reply, TestServer};
use crate::retry::Clock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the security keys are asked for.
pub const SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
/// Where a session token is asked for (`PUT`).
pub const TOKEN_PATH: &str = "/meta-data/latest/api/token";

/// `t` as the metadata service writes times: `YYYY-MM-DDTHH:MM:SS.000000Z` (UTC).
pub fn utc(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000000Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// A security-key answer with these keys, expiring at `expires_at`.
pub fn security_key(ak: &str, sk: &str, security_token: &str, expires_at: SystemTime) -> String {
    serde_json::json!({
        "credential": { "access": ak, "secret": sk, "securitytoken": security_token, "expires_at": utc(expires_at) }
    })
    .to_string()
}

/// The keys number `n` of [`MetadataServer::rotating`]: (`AK-n`, `secret-key-number-n`, `security-token-n`).
pub fn rotating_keys(n: u32) -> (String, String, String) {
    (format!("AK-{n}"), format!("secret-key-number-{n}"), format!("security-token-{n}"))
}

/// A [`TestServer`] answering metadata requests, counting the security-key requests.
#[derive(Debug, Clone)]
pub struct MetadataServer {
    /// The server underneath (its requests, its URL).
    pub server: TestServer,
    key_requests: Arc<AtomicU32>,
}

impl MetadataServer {
    /// Answers each request, after `delay`, with the status and body `handler` returns; the
    /// handler gets the request and how many security-key requests came before it (from 0;
    /// `u32::MAX` for other paths).
    pub fn start(delay: Duration, handler: impl Fn(&Received, u32) -> (u16, String) + Send + Sync + 'static) -> Self {
        let key_requests = Arc::new(AtomicU32::new(0));
        let keys = key_requests.clone();
        let server = TestServer::start(move |_, r| {
            let n = if r.path.ends_with("/securitykey") { keys.fetch_add(1, Ordering::SeqCst) } else { u32::MAX };
            let (status, body) = handler(r, n);
            Reply::with_headers(status, &[("Content-Type", "application/json")], body).after(delay)
        });
        MetadataServer { server, key_requests }
    }

    /// A service without session tokens (`PUT` answers 404) that hands out new keys
    /// ([`rotating_keys`]) at every security-key request, valid for `validity` from `clock`'s
    /// wall time.
    pub fn rotating(clock: impl Clock, validity: Duration) -> Self {
        Self::start(Duration::ZERO, move |r, n| {
            if r.method == "PUT" {
                return (404, String::new());
            }
            let (ak, sk, token) = rotating_keys(n + 1);
            (200, security_key(&ak, &sk, &token, clock.system_time() + validity))
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.server.url
    }

    /// How many security-key requests it received.
    pub fn key_requests(&self) -> u32 {
        self.key_requests.load(Ordering::SeqCst)
    }

    /// Every request it received.
    pub fn requests(&self) -> Vec<Received> {
        self.server.requests()
    }
}
