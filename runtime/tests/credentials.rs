//! The credentials chain: profile file, environment, and an ECS metadata service on 127.0.0.1
//! that rotates keys, fails on demand and counts requests. Time is a fake clock, so expiry and
//! refresh take no real time.
#![cfg(all(feature = "reqwest", feature = "testing"))]

use huaweicloud_sdk_runtime::testing::metadata::{self, MetadataServer};
use huaweicloud_sdk_runtime::testing::{FakeClock, MockTransport};
use huaweicloud_sdk_runtime::{
    ChainProvider, Client, Clock, Credentials, CredentialsErrorKind, CredentialsProvider, EnvProvider, Error,
    MetadataProvider, Operation, OperationMeta, ProfileProvider, RequestWriter,
};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------------------------
// The test kit: a fake clock (sleeping returns at once; wall time moves only when the test or a
// sleep says so), a metadata server, a transport that records what the client sent.

/// The clock of these tests, at a fixed wall time.
fn fake_clock() -> FakeClock {
    FakeClock::at(UNIX_EPOCH + Duration::from_secs(1_800_000_000))
}

/// The security-key answer with keys number `n`, valid for an hour from `now`.
fn security_key(n: u32, now: SystemTime) -> String {
    let (ak, sk, token) = metadata::rotating_keys(n);
    metadata::security_key(&ak, &sk, &token, now + Duration::from_secs(3600))
}

fn aksk(c: &Credentials) -> (&str, &str, Option<&str>) {
    let Credentials::AkSk(k) = c else { panic!("AK/SK expected") };
    (k.ak.as_str(), k.sk.expose(), k.security_token.as_ref().map(|t| t.expose()))
}

/// A BSS transport that records what the client sent and answers `{}`.
type Recorder = MockTransport;

fn recorder() -> Recorder {
    MockTransport::json(200, "{}")
}

struct Ping;

impl Operation for Ping {
    type Output = serde_json::Value;
    const META: OperationMeta = OperationMeta { name: "Ping", method: "GET", path: "/v2/ping", errors: &[], retryable_codes: &["CBC.0250"], idempotent: true, caller: huaweicloud_sdk_runtime::Caller::Unknown };
    fn write(&self, _: &mut RequestWriter) -> Result<(), Error> {
        Ok(())
    }
}

fn client(provider: impl CredentialsProvider, recorder: &Recorder) -> Client {
    Client::builder().endpoint("https://bss.example.com").credentials(provider).transport(recorder.clone()).build().unwrap()
}

fn last_access(recorder: &Recorder) -> (String, Option<String>) {
    let last = recorder.last();
    let auth = last.header("Authorization").unwrap();
    let access = auth.split("Access=").nth(1).unwrap().split(',').next().unwrap().to_string();
    (access, last.header("X-Security-Token").map(str::to_string))
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hwc-creds-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("credentials");
    std::fs::write(&path, text).unwrap();
    path
}

// ---------------------------------------------------------------------------------------------
// Tests

#[tokio::test]
async fn profile_file_credentials_sign_requests() {
    let path = temp_file(
        "profile",
        "[basic]\nak = REGIONAL\nsk = regional-secret\n\n[global]\nak = PROFILEAK\nsk = profile-secret-key\ndomain_id = dom-1\n",
    );
    let recorder = recorder();
    let c = client(ProfileProvider::from_path(&path), &recorder);
    c.execute(&Ping).await.unwrap();
    assert_eq!(last_access(&recorder), ("PROFILEAK".to_string(), None));
    assert_eq!(recorder.requests()[0].header("X-Domain-Id"), Some("dom-1"));
    assert!(c.credentials().is_none(), "a provider is not fixed credentials");
    assert!(!format!("{c:?}").contains("profile-secret-key"));

    // A file without the [global] section, or without `sk`, is refused with the file named and
    // no value shown.
    let bad = temp_file("nosk", "[global]\nak = ONLYAK\nsecurity_token = tok-value-123\n");
    let err = ProfileProvider::from_path(&bad).credentials().await.unwrap_err();
    let Error::Credentials(e) = &err else { panic!("{err:?}") };
    assert_eq!(e.kind, CredentialsErrorKind::Invalid);
    assert!(err.to_string().contains("`sk`") && !err.to_string().contains("tok-value-123"), "{err}");
    let missing = ProfileProvider::from_path(bad.with_file_name("absent")).credentials().await.unwrap_err();
    assert!(matches!(&missing, Error::Credentials(e) if e.kind == CredentialsErrorKind::NotConfigured), "{missing}");
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();
    std::fs::remove_dir_all(bad.parent().unwrap()).unwrap();
}

#[tokio::test]
async fn the_chain_keeps_the_official_order_and_settles() {
    let server = MetadataServer::start(Duration::ZERO, |_, n| (200, security_key(n + 1, SystemTime::now())));
    let path = temp_file("chain", "[global]\nak = FROMFILE\nsk = file-secret-key\n");
    let env_vars = |set: bool| {
        move |name: &str| match name {
            "HUAWEICLOUD_SDK_AK" if set => Some("FROMENV".to_string()),
            "HUAWEICLOUD_SDK_SK" if set => Some("env-secret-key".to_string()),
            _ => None,
        }
    };
    let chain = |env_set: bool, file: Option<&std::path::Path>| {
        let profile = match file {
            Some(p) => ProfileProvider::from_path(p),
            None => ProfileProvider::with_lookup(|_| None),
        };
        ChainProvider::new()
            .with("environment", EnvProvider::with_lookup(env_vars(env_set)))
            .with("profile file", profile)
            .with("ECS metadata", MetadataProvider::new().endpoint(server.url()))
    };
    // Environment first, then the file, then the metadata service.
    let c = chain(true, Some(&path));
    assert_eq!(aksk(&c.credentials().await.unwrap()).0, "FROMENV");
    assert_eq!(c.chosen(), Some("environment"));
    let c = chain(false, Some(&path));
    assert_eq!(aksk(&c.credentials().await.unwrap()).0, "FROMFILE");
    assert_eq!(server.key_requests(), 0, "the metadata service is not asked when a file has keys");
    let c = chain(false, None);
    assert_eq!(aksk(&c.credentials().await.unwrap()).0, "AK-1");
    assert_eq!((c.chosen(), server.key_requests()), (Some("ECS metadata"), 1));
    // Settled: the second call asks only the metadata provider, which has valid keys cached.
    assert_eq!(aksk(&c.credentials().await.unwrap()).0, "AK-1");
    assert_eq!(server.key_requests(), 1);
    std::fs::remove_dir_all(path.parent().unwrap()).unwrap();

    // Nothing anywhere: one error that says why each source failed.
    let dead = MetadataServer::start(Duration::ZERO, |_, _| (404, "not found".into()));
    let none = ChainProvider::new()
        .with("environment", EnvProvider::with_lookup(|_| None))
        .with("ECS metadata", MetadataProvider::new().endpoint(dead.url()));
    let err = none.credentials().await.unwrap_err().to_string();
    assert!(err.contains("environment: HUAWEICLOUD_SDK_AK is not set") && err.contains("ECS metadata:") && err.contains("404"), "{err}");
}

#[tokio::test]
async fn metadata_keys_rotate_and_refresh_before_expiry() {
    let clock = fake_clock();
    let server_clock = clock.clone();
    let server = MetadataServer::start(Duration::ZERO, move |req, n| {
        if req.method == "PUT" {
            assert_eq!(req.header("X-Metadata-Token-Ttl-Seconds"), Some("21600"));
            return (200, "session-token-1".to_string());
        }
        assert_eq!(req.header("X-Metadata-Token"), Some("session-token-1"), "the key request carries the session token");
        (200, security_key(n + 1, server_clock.system_time()))
    });
    let provider = Arc::new(MetadataProvider::new().endpoint(server.url()).clock(clock.clone()).domain_id("dom-9"));
    let recorder = recorder();
    let c = client(provider.clone(), &recorder);

    c.execute(&Ping).await.unwrap();
    assert_eq!(last_access(&recorder), ("AK-1".to_string(), Some("security-token-1".to_string())));
    assert_eq!(recorder.requests()[0].header("X-Domain-Id"), Some("dom-9"));
    // 10 minutes later the keys (valid for 60) are not due yet: no request to the service.
    clock.advance(Duration::from_secs(10 * 60));
    c.execute(&Ping).await.unwrap();
    assert_eq!((last_access(&recorder).0, server.key_requests()), ("AK-1".to_string(), 1));
    // 25 minutes in, 35 minutes remain: within the 40-minute margin, so they are refreshed.
    clock.advance(Duration::from_secs(15 * 60));
    c.execute(&Ping).await.unwrap();
    assert_eq!(last_access(&recorder), ("AK-2".to_string(), Some("security-token-2".to_string())));
    assert_eq!(server.key_requests(), 2);
    let puts = server.requests().iter().filter(|s| s.method == "PUT").count();
    assert_eq!(puts, 1, "the session token is reused");
    // Past the expiry of every key handed out: fetched again before signing.
    clock.advance(Duration::from_secs(2 * 3600));
    c.execute(&Ping).await.unwrap();
    assert_eq!((last_access(&recorder).0, server.key_requests()), ("AK-3".to_string(), 3));
    let shown = format!("{provider:?} {c:?}");
    assert!(!shown.contains("secret-key-number") && !shown.contains("security-token-"), "{shown}");
}

#[tokio::test]
async fn a_metadata_outage_is_a_typed_error_after_bounded_attempts() {
    let clock = fake_clock();
    let server = MetadataServer::start(Duration::ZERO, |req, _| {
        if req.method == "PUT" {
            (404, String::new()) // no session tokens on this service: keys are asked without one
        } else {
            (503, "secret-key-number-0 maintenance".to_string())
        }
    });
    let provider = MetadataProvider::new().endpoint(server.url()).clock(clock.clone()).max_attempts(3);
    let recorder = recorder();
    let c = client(provider, &recorder);
    let err = c.execute(&Ping).await.unwrap_err();
    let Error::Credentials(e) = &err else { panic!("{err:?}") };
    assert_eq!((e.kind, e.status, e.attempts), (CredentialsErrorKind::Unavailable, Some(503), 3));
    assert_eq!(server.key_requests(), 3, "exactly max_attempts requests");
    assert!(recorder.requests().is_empty(), "nothing was sent to BSS without credentials");
    assert!(!err.to_string().contains("secret-key-number"), "{err}");
    assert!(err.to_string().contains("HTTP 503") && err.to_string().contains("after 3 attempts"), "{err}");
    // A 4xx is not retried.
    let forbidden = MetadataServer::start(Duration::ZERO, |req, _| if req.method == "PUT" { (404, String::new()) } else { (403, "no".into()) });
    let p = MetadataProvider::new().endpoint(forbidden.url()).clock(clock.clone());
    assert!(p.credentials().await.is_err());
    assert_eq!(forbidden.key_requests(), 1);
    // Nobody listening: connection errors, bounded too.
    let port = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
    let p = MetadataProvider::new().endpoint(format!("http://127.0.0.1:{port}")).clock(clock).max_attempts(2);
    let err = p.credentials().await.unwrap_err();
    assert!(matches!(&err, Error::Credentials(e) if e.kind == CredentialsErrorKind::Unavailable && e.attempts == 2), "{err:?}");
}

#[tokio::test]
async fn an_outage_during_refresh_keeps_the_valid_keys() {
    let clock = fake_clock();
    let server_clock = clock.clone();
    let server = MetadataServer::start(Duration::ZERO, move |req, n| match (req.method.as_str(), n) {
        ("PUT", _) => (405, String::new()),
        (_, 0) => (200, security_key(1, server_clock.system_time())),
        _ => (500, String::new()),
    });
    let p = MetadataProvider::new().endpoint(server.url()).clock(clock.clone()).max_attempts(2);
    assert_eq!(aksk(&p.credentials().await.unwrap()).0, "AK-1");
    clock.advance(Duration::from_secs(30 * 60)); // due for refresh, still valid for 30 minutes
    assert_eq!(aksk(&p.credentials().await.unwrap()).0, "AK-1", "the failed refresh is not the caller's problem");
    assert_eq!(server.key_requests(), 3);
    // No new attempt right after a failed refresh.
    assert_eq!(aksk(&p.credentials().await.unwrap()).0, "AK-1");
    assert_eq!(server.key_requests(), 3);
    // Once expired, the outage is an error.
    clock.advance(Duration::from_secs(31 * 60));
    assert!(p.credentials().await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_metadata_fetch() {
    let clock = fake_clock();
    let server_clock = clock.clone();
    let server = MetadataServer::start(Duration::from_millis(150), move |req, n| {
        if req.method == "PUT" { (404, String::new()) } else { (200, security_key(n + 1, server_clock.system_time())) }
    });
    let p = Arc::new(MetadataProvider::new().endpoint(server.url()).clock(clock.clone()));
    let calls: Vec<_> = (0..16).map(|_| tokio::spawn({ let p = p.clone(); async move { p.credentials().await } })).collect();
    for call in calls {
        assert_eq!(aksk(&call.await.unwrap().unwrap()).0, "AK-1");
    }
    assert_eq!(server.key_requests(), 1, "16 concurrent calls, one fetch");

    // Due for refresh: one call refreshes, the others do not wait for it.
    clock.advance(Duration::from_secs(30 * 60));
    let refresher = tokio::spawn({ let p = p.clone(); async move { p.credentials().await } });
    tokio::time::sleep(Duration::from_millis(50)).await; // the refresh is in flight (150 ms)
    let started = std::time::Instant::now();
    assert_eq!(aksk(&p.credentials().await.unwrap()).0, "AK-1");
    assert!(started.elapsed() < Duration::from_millis(100), "a call with valid keys waited for the refresh");
    assert_eq!(aksk(&refresher.await.unwrap().unwrap()).0, "AK-2");
    assert_eq!(server.key_requests(), 2);

    // Failures are shared too: concurrent calls without keys get the one fetch's error.
    let failing = MetadataServer::start(Duration::from_millis(100), |req, _| if req.method == "PUT" { (404, String::new()) } else { (502, String::new()) });
    let p = Arc::new(MetadataProvider::new().endpoint(failing.url()).clock(clock).max_attempts(2));
    let calls: Vec<_> = (0..8).map(|_| tokio::spawn({ let p = p.clone(); async move { p.credentials().await } })).collect();
    for call in calls {
        assert!(matches!(call.await.unwrap(), Err(Error::Credentials(e)) if e.status == Some(502)));
    }
    assert_eq!(failing.key_requests(), 2, "8 concurrent calls, one fetch of 2 attempts");
}

#[test]
fn fixed_credentials_still_build_clients_and_blocking_works() {
    let recorder = recorder();
    let c = client(Credentials::aksk("FIXEDAK", "fixed-secret-key"), &recorder);
    assert_eq!(c.credentials().map(|c| aksk(c).0), Some("FIXEDAK"));
    assert!(c.prepare(&Ping).is_ok(), "fixed credentials sign without an async call");
    let p = client(EnvProvider::with_lookup(|_| None), &recorder);
    assert!(matches!(p.prepare(&Ping), Err(Error::Config(_))), "a provider not asked yet");
}
