//! End-to-end tests against the test kit's HTTP/1.1 server on 127.0.0.1 (`testing::TestServer`):
//! the signature of every request it receives is recomputed from the raw request (method, path,
//! query, headers, body) with the known secret key, and it answers from a per-test script. Retries
//! use a fake clock, so no test waits for a backoff; only the timeout tests take real time
//! (a few hundred milliseconds).
#![cfg(all(feature = "reqwest", feature = "testing"))]

use huaweicloud_sdk_runtime::testing::{FailFirst, FakeClock, Received, Reply, TestServer as KitServer};
use huaweicloud_sdk_runtime::transport::ReqwestTransport;
use huaweicloud_sdk_runtime::{
    Client, Credentials, Error, HttpConfig, Jitter, Operation, OperationMeta, RequestWriter, RetryPolicy,
    TransportErrorKind,
};
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

const AK: &str = "TESTAK0123456789";
const SK: &str = "test-secret-key-0123456789abcdef";
const DOMAIN: &str = "dom-0a1b2c3d";
const UA_SUFFIX: &str = "server-test/1.0";

// ---------------------------------------------------------------------------------------------
// Operations

/// GET, idempotent: a path parameter and query parameters.
#[derive(Default)]
struct TestOp {
    id: String,
    query: Vec<(&'static str, String)>,
}

impl Operation for TestOp {
    type Output = Value;
    const META: OperationMeta =
        OperationMeta { name: "TestGet", method: "GET", path: "/v2/things/{id}", errors: &[], retryable_codes: &["CBC.0250"], idempotent: true, caller: huaweicloud_sdk_runtime::Caller::Unknown };
    fn write(&self, w: &mut RequestWriter) -> Result<(), Error> {
        w.path_param("id", &self.id);
        for (k, v) in &self.query {
            w.query(k, v);
        }
        Ok(())
    }
}

fn get(id: &str) -> TestOp {
    TestOp { id: id.into(), query: Vec::new() }
}

/// POST with a JSON body, not idempotent.
struct TestPostOp {
    body: Value,
}

impl Operation for TestPostOp {
    type Output = Value;
    const META: OperationMeta =
        OperationMeta { name: "TestPost", method: "POST", path: "/v2/things/query", errors: &[], retryable_codes: &["CBC.0250"], idempotent: false, caller: huaweicloud_sdk_runtime::Caller::Unknown };
    fn write(&self, w: &mut RequestWriter) -> Result<(), Error> {
        w.json_body_required(&self.body)
    }
}

fn post() -> TestPostOp {
    TestPostOp { body: json!({"limit": 10, "name": "中文 a+b", "nested": {"x": [1, 2.5]}}) }
}

// ---------------------------------------------------------------------------------------------
// The server, fake clock and flaky transport: the runtime's test kit (`testing`)

/// The kit's server, answering request number `n` (from 0) as `script` says.
struct TestServer;

impl TestServer {
    fn start(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> KitServer {
        KitServer::start(move |n, _| script(n))
    }
}

/// `status` and `body`, with `X-Request-Id: rid-<status>`.
fn reply(status: u16, body: &str) -> Reply {
    Reply::with_headers(status, &[], body)
}

fn reply_with(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    Reply::with_headers(status, headers, body)
}

/// Recomputes the signature of a received request with `sk`, from the raw request alone, and
/// compares it with its `Authorization` header.
fn verify_signature(r: &Received, sk: &str) -> Result<(), String> {
    r.verify_signature(sk).map(|_| ())
}

fn assert_verifies(r: &Received) {
    if let Err(e) = verify_signature(r, SK) {
        panic!("{} {}?{}: {e}", r.method, r.path, r.query);
    }
}

fn credentials() -> Credentials {
    Credentials::aksk(AK, SK).with_domain_id(DOMAIN)
}

fn http(timeout_ms: u64) -> HttpConfig {
    HttpConfig { timeout: Duration::from_millis(timeout_ms), ..HttpConfig::default() }
}

fn client(url: &str, retry: RetryPolicy) -> Client {
    client_with(url, retry, http(5_000))
}

fn client_with(url: &str, retry: RetryPolicy, http: HttpConfig) -> Client {
    Client::builder()
        .endpoint(url)
        .credentials(credentials())
        .user_agent(UA_SUFFIX)
        .http_config(http)
        .retry(retry)
        .build()
        .unwrap()
}

/// The default policy on a fake clock.
fn fake_retry() -> (RetryPolicy, FakeClock) {
    let clock = FakeClock::new();
    (clock.retry_policy(), clock)
}

fn assert_send<T: Send>(_: &T) {}

// ---------------------------------------------------------------------------------------------
// Signing and headers

#[tokio::test]
async fn signed_get_with_query_reaches_the_server_and_verifies() {
    let server = TestServer::start(|_| reply(200, r#"{"ok":true}"#));
    let client = client(&server.url, RetryPolicy::none());
    let op = TestOp {
        id: "a b/c+中".into(),
        query: vec![
            ("limit", "10".into()),
            ("name", "x y+z=1&2".into()),
            ("ids", "b".into()),
            ("ids", "a".into()),
            ("empty", String::new()),
            ("中文", "值~*".into()),
        ],
    };
    assert_send(&client.execute(&op));
    let out = client.execute(&op).await.unwrap();
    assert_eq!(out, json!({"ok": true}));

    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    let r = &seen[0];
    assert_verifies(r);
    assert!(verify_signature(r, "another-secret-key").is_err(), "the verifier must reject a wrong key");
    assert_eq!((r.method.as_str(), r.path.as_str()), ("GET", "/v2/things/a%20b%2Fc%2B%E4%B8%AD"));
    assert_eq!(r.query, "empty=&ids=a&ids=b&limit=10&name=x%20y%2Bz%3D1%262&%E4%B8%AD%E6%96%87=%E5%80%BC~%2A");
    assert_eq!(r.header("host"), Some(format!("127.0.0.1:{}", server.port).as_str()));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("x-domain-id"), Some(DOMAIN));
    let ua = r.header("user-agent").unwrap();
    assert!(ua.starts_with("huaweicloud-sdk-rust/") && ua.ends_with(UA_SUFFIX), "{ua}");
    let date = r.header("x-sdk-date").unwrap();
    assert!(date.len() == 16 && date.as_bytes()[8] == b'T' && date.ends_with('Z'), "{date}");
    let auth = r.header("authorization").unwrap();
    assert!(auth.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=")), "{auth}");
    for h in ["content-type", "host", "user-agent", "x-domain-id", "x-sdk-date"] {
        assert!(auth.contains(h), "{h} is not signed: {auth}");
    }
    assert!(r.header("x-request-id").is_none(), "the SDK never sends X-Request-Id");
}

#[tokio::test]
async fn post_with_a_json_body_verifies() {
    let server = TestServer::start(|_| reply(200, r#"{"total_count":1}"#));
    let client = client(&server.url, RetryPolicy::none());
    let op = post();
    client.execute(&op).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    assert_verifies(&seen[0]);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(serde_json::from_slice::<Value>(&seen[0].body).unwrap(), op.body);
    assert!(seen[0].header("x-sdk-content-sha256").is_none(), "JSON bodies are hashed, not UNSIGNED-PAYLOAD");
}

// ---------------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn idempotent_op_is_retried_after_503_then_succeeds() {
    let server = TestServer::start(|n| if n == 0 { reply(503, "busy") } else { reply(200, r#"{"n":2}"#) });
    let (policy, clock) = fake_retry();
    let out = client(&server.url, policy).execute(&get("x")).await.unwrap();
    assert_eq!(out, json!({"n": 2}));
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    seen.iter().for_each(assert_verifies);
    let slept = clock.slept();
    assert_eq!(slept.len(), 1);
    assert!(slept[0] >= Duration::from_millis(50) && slept[0] <= Duration::from_millis(100), "{slept:?}");
}

#[tokio::test]
async fn non_idempotent_op_is_not_retried_after_503() {
    let server = TestServer::start(|_| reply(503, "busy"));
    let (policy, clock) = fake_retry();
    let err = client(&server.url, policy).execute(&post()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable(), "retryable in kind, but not safe for a POST");
    assert_eq!(server.requests().len(), 1);
    assert!(clock.slept().is_empty());
}

#[tokio::test]
async fn non_idempotent_op_is_retried_after_a_connection_failure() {
    let server = TestServer::start(|_| reply(200, r#"{"created":true}"#));
    let (policy, clock) = fake_retry();
    let transport = FailFirst::new(ReqwestTransport::new(&http(5_000)).unwrap(), 1, TransportErrorKind::Connect);
    let sends = transport.sends();
    let client = Client::builder()
        .endpoint(&server.url)
        .credentials(credentials())
        .transport(transport)
        .retry(policy)
        .build()
        .unwrap();
    let out = client.execute(&post()).await.unwrap();
    assert_eq!(out, json!({"created": true}));
    assert_eq!(sends.load(Ordering::SeqCst), 2);
    assert_eq!(server.requests().len(), 1, "the failed attempt never reached the server");
    assert_verifies(&server.requests()[0]);
    assert_eq!(clock.slept().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_retried_up_to_max_attempts() {
    // A port that had a listener a moment ago and has none now.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (policy, clock) = fake_retry();
    let err = client(&format!("http://127.0.0.1:{port}"), policy).execute(&post()).await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| t.kind), Some(TransportErrorKind::Connect), "{err}");
    assert_eq!(clock.slept().len(), 2, "3 attempts, 2 waits");
}

#[tokio::test]
async fn retry_after_is_honoured_and_each_attempt_is_signed_afresh() {
    let server = TestServer::start(|n| {
        if n == 0 {
            reply_with(
                429,
                &[("Retry-After", "2"), ("X-Request-Id", "rid-429")],
                r#"{"error_code":"CBC.0250","error_msg":"throttled"}"#,
            )
        } else {
            reply(200, "{}")
        }
    });
    let (policy, clock) = fake_retry();
    client(&server.url, policy).execute(&get("x")).await.unwrap();
    assert_eq!(clock.slept(), [Duration::from_secs(2)]);
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    seen.iter().for_each(assert_verifies);
    let secs = |r: &Received| {
        let d = r.header("x-sdk-date").unwrap();
        let n = |a: usize, b: usize| d[a..b].parse::<i64>().unwrap();
        n(6, 8) * 86_400 + n(9, 11) * 3600 + n(11, 13) * 60 + n(13, 15)
    };
    let gap = secs(&seen[1]) - secs(&seen[0]);
    assert!((2..=3).contains(&gap), "X-Sdk-Date moved by {gap} s");
    assert_ne!(seen[0].header("authorization"), seen[1].header("authorization"));
}

#[tokio::test]
async fn retry_after_is_capped_by_the_policy() {
    let server =
        TestServer::start(|n| if n == 0 { reply_with(503, &[("Retry-After", "3600")], "") } else { reply(200, "{}") });
    let (policy, clock) = fake_retry();
    let policy = policy.with_max_retry_after(Duration::from_secs(10));
    client(&server.url, policy).execute(&get("x")).await.unwrap();
    assert_eq!(clock.slept(), [Duration::from_secs(10)]);
}

#[tokio::test]
async fn attempts_and_total_time_are_bounded() {
    let server = TestServer::start(|_| reply(503, "down"));
    let (policy, clock) = fake_retry();
    let policy = policy.with_max_attempts(4).with_jitter(Jitter::None).with_base_delay(Duration::from_millis(400));
    let err = client(&server.url, policy.clone()).execute(&get("x")).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests().len(), 4);
    assert_eq!(clock.slept(), [400, 800, 1600].map(Duration::from_millis));

    // 400 ms fits a 1 s budget; 400 + 800 does not.
    let server = TestServer::start(|_| reply(503, "down"));
    let (_, clock) = fake_retry();
    let policy = policy.with_clock(clock.clone()).with_total_budget(Duration::from_secs(1));
    client(&server.url, policy).execute(&get("x")).await.unwrap_err();
    assert_eq!(server.requests().len(), 2);
    assert_eq!(clock.slept(), [Duration::from_millis(400)]);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::start(|_| reply(400, r#"{"error_code":"CBC.0100","error_msg":"bad"}"#));
    let (policy, clock) = fake_retry();
    let err = client(&server.url, policy).execute(&get("x")).await.unwrap_err();
    assert_eq!((err.code(), err.is_retryable()), (Some("CBC.0100"), false));
    assert_eq!(server.requests().len(), 1);
    assert!(clock.slept().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Timeouts

#[tokio::test]
async fn read_timeout_is_a_timeout_error() {
    let server = TestServer::start(|_| Reply::Hang);
    let started = Instant::now();
    let err = client_with(&server.url, RetryPolicy::none(), http(200)).execute(&get("x")).await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| t.kind), Some(TransportErrorKind::Timeout), "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn timeouts_are_retried_only_for_idempotent_ops() {
    let server = TestServer::start(|_| Reply::Hang);
    let (policy, _) = fake_retry();
    let client = client_with(&server.url, policy.with_max_attempts(2), http(150));
    let err = client.execute(&post()).await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| t.kind), Some(TransportErrorKind::Timeout));
    assert_eq!(server.requests().len(), 1, "a POST that may have reached the server is not resent");
    client.execute(&get("x")).await.unwrap_err();
    assert_eq!(server.requests().len(), 3, "a GET is resent");
}

// ---------------------------------------------------------------------------------------------
// Error mapping

#[tokio::test]
async fn error_bodies_map_to_service_errors() {
    let big = format!("<html>{}</html>", "x".repeat(5000));
    let cases: Vec<(u16, String, Option<&str>, String)> = vec![
        (
            400,
            r#"{"error_code":"CBC.0100","error_msg":"invalid parameter"}"#.into(),
            Some("CBC.0100"),
            "invalid parameter".into(),
        ),
        (
            401,
            r#"{"errorCode":"APIGW.0301","errorMsg":"Incorrect IAM authentication information"}"#.into(),
            Some("APIGW.0301"),
            "Incorrect IAM authentication information".into(),
        ),
        (
            404,
            r#"{"code":"APIGW.0101","message":"The API does not exist"}"#.into(),
            Some("APIGW.0101"),
            "The API does not exist".into(),
        ),
        (
            403,
            r#"{"error":{"code":"CBC.0151","message":"Access denied."}}"#.into(),
            Some("CBC.0151"),
            "Access denied.".into(),
        ),
        (409, r#"{"error_code":"CBC.0100"}"#.into(), None, r#"{"error_code":"CBC.0100"}"#.into()),
        (502, "<html><body>Bad Gateway</body></html>".into(), None, "<html><body>Bad Gateway</body></html>".into()),
        (500, big.clone(), None, String::new()),
    ];
    let bodies: Vec<(u16, String)> = cases.iter().map(|(s, b, ..)| (*s, b.clone())).collect();
    let server = TestServer::start(move |n| {
        let (status, body) = &bodies[n];
        reply_with(*status, &[("X-Request-Id", &format!("req-{n}")), ("Content-Type", "application/json")], body)
    });
    let client = client(&server.url, RetryPolicy::none());
    for (n, (status, _, code, message)) in cases.iter().enumerate() {
        let err = client.execute(&get("x")).await.unwrap_err();
        let s = err.as_service().unwrap_or_else(|| panic!("case {n}: {err:?}"));
        assert_eq!(
            (s.status, s.code.as_deref(), s.request_id.as_deref()),
            (*status, *code, Some(format!("req-{n}").as_str())),
            "case {n}"
        );
        assert_eq!((err.status(), err.request_id()), (Some(*status), Some(format!("req-{n}").as_str())));
        if message.is_empty() {
            assert!(
                s.message.starts_with("<html>xxx") && s.message.ends_with('…') && s.message.len() <= 520,
                "{}",
                s.message.len()
            );
        } else {
            assert_eq!(&s.message, message, "case {n}");
        }
    }
    assert_eq!(server.requests().len(), cases.len());
}

#[tokio::test]
async fn business_errors_with_http_200_are_service_errors() {
    let server = TestServer::start(|n| match n {
        0 => reply(200, r#"{"error_code":"CBC.30050001","error_msg":"The customer does not exist."}"#),
        _ => reply(200, r#"{"error_code":"CBC.0000","error_msg":"success","total":3}"#),
    });
    let client = client(&server.url, RetryPolicy::none());
    let err = client.execute(&get("x")).await.unwrap_err();
    let s = err.as_service().unwrap();
    assert_eq!(
        (s.status, s.code.as_deref(), s.message.as_str()),
        (200, Some("CBC.30050001"), "The customer does not exist.")
    );
    assert_eq!(s.request_id.as_deref(), Some("rid-200"));
    assert!(!err.is_retryable());
    assert_eq!(client.execute(&get("x")).await.unwrap()["total"], 3);
}

#[tokio::test]
async fn undecodable_bodies_are_decode_errors_with_a_bounded_snippet() {
    let body = format!("not json {}", "y".repeat(3000));
    let server = TestServer::start(move |_| reply(200, &body));
    let err = client(&server.url, RetryPolicy::none()).execute(&get("x")).await.unwrap_err();
    let Error::Decode { status, request_id, snippet, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*status, request_id.as_deref()), (200, Some("rid-200")));
    assert!(snippet.starts_with("not json yyy") && snippet.len() <= 512 + 3, "{}", snippet.len());
    assert!(!err.is_retryable());
}

// ---------------------------------------------------------------------------------------------
// Tracing

mod capture {
    //! A subscriber that writes every span and event with its fields into one text log.
    use std::fmt::Write;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Default)]
    pub struct Capture {
        pub log: Arc<Mutex<String>>,
        next: Arc<AtomicU64>,
    }

    struct Line<'a>(&'a mut String);

    impl Visit for Line<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            let _ = write!(self.0, " {}={}", field.name(), value);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut line = format!("\nspan {}:", span.metadata().name());
            span.record(&mut Line(&mut line));
            self.log.lock().unwrap().push_str(&line);
            Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) + 1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            let mut line = String::from("\nrecord:");
            values.record(&mut Line(&mut line));
            self.log.lock().unwrap().push_str(&line);
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut line = String::from("\nevent:");
            event.record(&mut Line(&mut line));
            self.log.lock().unwrap().push_str(&line);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

fn global_capture() -> capture::Capture {
    static CAPTURE: std::sync::OnceLock<capture::Capture> = std::sync::OnceLock::new();
    CAPTURE
        .get_or_init(|| {
            let c = capture::Capture::default();
            tracing::subscriber::set_global_default(c.clone()).expect("only this test installs a subscriber");
            c
        })
        .clone()
}

#[tokio::test(flavor = "current_thread")]
async fn calls_are_traced_without_secrets() {
    let server = TestServer::start(|n| {
        if n == 0 {
            reply_with(503, &[("X-Request-Id", "rid-first")], "")
        } else {
            reply_with(200, &[("X-Request-Id", "rid-second")], "{}")
        }
    });
    let (policy, _) = fake_retry();
    let token = "temporary-security-token-value";
    let client = Client::builder()
        .endpoint(&server.url)
        .credentials(credentials().with_security_token(token))
        .retry(policy)
        .build()
        .unwrap();
    // A global subscriber: a thread-scoped one races with the other tests, whose threads may
    // cache these callsites as disabled. The log then also holds other tests' calls, so the
    // checks below look for this test's own request ids.
    let capture = global_capture();
    client.execute(&get("x")).await.unwrap();
    let log = capture.log.lock().unwrap().clone();
    for expected in [
        "span huaweicloud.call: operation=TestGet method=GET path=/v2/things/{id}",
        "span attempt: attempt=1",
        "span attempt: attempt=2",
        "request_id=rid-first",
        "request_id=rid-second",
        "status=503",
        "status=200",
        "attempts=2",
        "retrying",
    ] {
        assert!(log.contains(expected), "`{expected}` missing from:\n{log}");
    }
    let seen = server.requests();
    let signature = seen[0].header("authorization").unwrap().rsplit('=').next().unwrap().to_string();
    for secret in [SK, token, signature.as_str()] {
        assert!(!log.contains(secret), "a secret leaked into tracing:\n{log}");
    }
}

// ---------------------------------------------------------------------------------------------
// Blocking client

#[cfg(feature = "blocking")]
#[test]
fn blocking_calls_work_without_a_runtime() {
    let server = TestServer::start(|n| if n == 0 { reply(503, "busy") } else { reply(200, r#"{"blocking":true}"#) });
    // The default clock: a real (1 ms) backoff inside the client's private runtime.
    let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(1));
    let client = client(&server.url, policy);
    assert_eq!(client.execute_blocking(&get("x")).unwrap(), json!({"blocking": true}));
    assert_eq!(client.execute_blocking(&post()).unwrap(), json!({"blocking": true}));
    // The owned form runs the whole call on the private runtime's worker.
    assert_eq!(client.execute_blocking_owned(get("z")).unwrap(), json!({"blocking": true}));
    let seen = server.requests();
    assert_eq!(seen.len(), 4);
    seen.iter().for_each(assert_verifies);
    // Clones share the runtime; dropping the last clone inside an async context does not panic.
    let clone = client.clone();
    drop(client);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async move {
        clone.execute(&get("y")).await.unwrap();
        drop(clone);
    });
}

#[cfg(feature = "blocking")]
#[tokio::test]
async fn blocking_calls_inside_a_runtime_are_refused() {
    let server = TestServer::start(|_| reply(200, "{}"));
    let client = client(&server.url, RetryPolicy::none());
    let err = client.execute_blocking(&get("x")).unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.contains("inside a Tokio runtime")), "{err}");
    let err = client.execute_blocking_owned(get("x")).unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.contains("inside a Tokio runtime")), "{err}");
    // `spawn_blocking` threads carry the runtime too (documented): `Handle::block_on` is the way there.
    let c = client.clone();
    let err = tokio::task::spawn_blocking(move || c.execute_blocking(&get("x"))).await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    let c = client.clone();
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || handle.block_on(c.execute(&get("x")))).await.unwrap().unwrap();
    assert_eq!(server.requests().len(), 1);
}

/// Blocking calls from several threads at once, interleaved with async calls on another runtime
/// of the same client: the blocking calls' own pool and the async pool never share a
/// connection, so nothing waits on a reactor that is not running.
#[cfg(feature = "blocking")]
#[test]
fn blocking_calls_from_many_threads_mix_with_async_calls() {
    let server = TestServer::start(|_| reply(200, r#"{"ok":true}"#));
    let client = client(&server.url, RetryPolicy::none());
    let started = Instant::now();
    let async_rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    std::thread::scope(|scope| {
        for t in 0..4 {
            let client = client.clone();
            scope.spawn(move || {
                for i in 0..15 {
                    let id = format!("t{t}-{i}");
                    assert_eq!(client.execute_blocking(&get(&id)).unwrap(), json!({"ok": true}));
                    assert_eq!(client.execute_blocking_owned(get(&id)).unwrap(), json!({"ok": true}));
                }
            });
        }
        let client = client.clone();
        let async_rt = &async_rt;
        scope.spawn(move || {
            for i in 0..15 {
                let out = async_rt.block_on(client.execute(&get(&format!("a{i}")))).unwrap();
                assert_eq!(out, json!({"ok": true}));
            }
        });
    });
    // And again after the async runtime is gone: its pooled connections must not be picked.
    drop(async_rt);
    for i in 0..5 {
        client.execute_blocking(&get(&format!("after{i}"))).unwrap();
    }
    assert_eq!(server.requests().len(), 4 * 30 + 15 + 5);
    server.requests().iter().for_each(assert_verifies);
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
}
