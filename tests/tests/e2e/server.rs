//! A local BSS: an HTTP/1.1 server on 127.0.0.1 that reads the same spec as the generator, finds
//! the operation of each request by method and path template, checks everything the SDK sends
//! against the operation's sample values (`sdkgen::emit::samples`), and answers with a response
//! in which every field is present. Fault tests replace the answer with a script.

use huaweicloud_sdk_runtime::http::HttpRequest;
use huaweicloud_sdk_runtime::signing::{format_sdk_date, sign_request};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sdkgen::emit::samples::{operation_samples, OperationSample, Sample};
use sdkgen::ir::{Api, Operation};
use serde_json::Value;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const AK: &str = "E2EAK0123456789ABCDEF";
pub const SK: &str = "e2e-secret-key-0123456789abcdefghijkl";
pub const SECURITY_TOKEN: &str = "e2e-security-token-ZmFrZS10b2tlbi12YWx1ZQ";
pub const DOMAIN: &str = "0a1b2c3d4e5f-domain";

/// The workspace spec, resolved once.
pub fn spec_api() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| {
        let root = sdk_tests::workspace_root();
        sdkgen::Config::new(root.join("spec")).generate().expect("the workspace spec generates").api
    })
}

/// The fixture spec of the golden `demo` crates, resolved once.
pub fn fixture_api() -> &'static Api {
    static API: OnceLock<Api> = OnceLock::new();
    API.get_or_init(|| {
        let fixtures = sdk_tests::workspace_root().join("tests/fixtures");
        sdkgen::Config::new(fixtures.join("common"))
            .input(fixtures.join("constructs"))
            .generate()
            .expect("the fixture spec generates")
            .api
    })
}

/// One variant's part of an API (what its crate was generated from).
pub fn variant_api(api: &Api, id: &str) -> Arc<Api> {
    let variant = api.service.variants.iter().find(|v| v.id == id).unwrap_or_else(|| panic!("no variant {id}"));
    Arc::new(api.for_variant(variant))
}

/// The RFC 3986 unreserved set, written out again here so that the checks do not trust the
/// runtime's own encoder.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// A request as the server read it off the socket.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The raw path, as sent.
    pub path: String,
    /// The raw query string, as sent.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Check it against the spec and answer with the operation's sample response.
    Spec,
    /// Answer this.
    Respond { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Read the request and never answer.
    Hang,
    /// Send the head and `sent` bytes of a body announced as `declared` bytes, then stall.
    StallMidBody { declared: usize, sent: Vec<u8> },
    /// Send the head and `sent` bytes of a body announced as `declared` bytes, then close.
    CloseMidBody { declared: usize, sent: Vec<u8> },
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Reply {
        Reply::with_headers(status, &[("Content-Type", "application/json")], body)
    }

    pub fn with_headers(status: u16, headers: &[(&str, &str)], body: impl Into<String>) -> Reply {
        let mut headers: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("x-request-id")) {
            headers.push(("X-Request-Id".into(), format!("rid-{status}")));
        }
        Reply::Respond { status, headers, body: body.into().into_bytes() }
    }
}

/// What the spec check found for one request.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The operation the request was matched to.
    pub operation: Option<String>,
    /// Everything that differed from what the spec and the samples say; empty when all is well.
    pub problems: Vec<String>,
}

type Script = Arc<dyn Fn(usize, &Received) -> Reply + Send + Sync>;

/// The server, running on its own thread and runtime.
#[derive(Clone)]
pub struct BssServer {
    pub url: String,
    seen: Arc<Mutex<Vec<Received>>>,
    outcomes: Arc<Mutex<Vec<Outcome>>>,
}

struct Shared {
    api: Arc<Api>,
    port: u16,
    script: Script,
    seen: Arc<Mutex<Vec<Received>>>,
    outcomes: Arc<Mutex<Vec<Outcome>>>,
}

impl BssServer {
    /// A server that checks every request against `api` and answers with sample responses.
    pub fn spec(api: Arc<Api>) -> BssServer {
        BssServer::start(api, |_, _| Reply::Spec)
    }

    /// A server answering request number `n` (from 0) as `script` says.
    pub fn start(api: Arc<Api>, script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> BssServer {
        let script: Script = Arc::new(script);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
                let port = listener.local_addr().expect("an address").port();
                let shared = Arc::new(Shared {
                    api,
                    port,
                    script,
                    seen: Arc::default(),
                    outcomes: Arc::default(),
                });
                let server = BssServer {
                    url: format!("http://127.0.0.1:{port}"),
                    seen: shared.seen.clone(),
                    outcomes: shared.outcomes.clone(),
                };
                tx.send(server).expect("the test waits");
                loop {
                    let Ok((socket, _)) = listener.accept().await else { return };
                    tokio::spawn(serve_connection(socket, shared.clone()));
                }
            });
        });
        rx.recv().expect("the server starts")
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Received> {
        self.seen.lock().unwrap().clone()
    }

    /// How many requests reached the server: the number of attempts.
    pub fn attempts(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// The spec checks of the requests answered with [`Reply::Spec`], in order.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.outcomes.lock().unwrap().clone()
    }
}

/// Serves HTTP/1.1 requests (Content-Length bodies, keep-alive) on one connection.
async fn serve_connection(mut socket: tokio::net::TcpStream, shared: Arc<Shared>) {
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut parts = lines.next().unwrap_or_default().split(' ');
        let (method, target) = (parts.next().unwrap_or_default().to_string(), parts.next().unwrap_or_default().to_string());
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.to_string(), v.trim().to_string()))
            .collect();
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + 4 + len {
            match socket.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body = buf[head_end + 4..head_end + 4 + len].to_vec();
        buf.drain(..head_end + 4 + len);
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let received = Received { method, path: path.into(), query: query.into(), headers, body };
        let index = {
            let mut seen = shared.seen.lock().unwrap();
            seen.push(received.clone());
            seen.len() - 1
        };
        let reply = match (shared.script)(index, &received) {
            Reply::Spec => {
                let (outcome, reply) = answer_from_spec(&shared.api, shared.port, &received);
                shared.outcomes.lock().unwrap().push(outcome);
                reply
            }
            other => other,
        };
        let head = |status: u16, headers: &[(String, String)], len: usize| {
            let mut out = format!("HTTP/1.1 {status} {}\r\nContent-Length: {len}\r\n", reason(status));
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.into_bytes()
        };
        match reply {
            Reply::Spec => unreachable!("answered above"),
            Reply::Hang => std::future::pending::<()>().await,
            Reply::Respond { status, headers, body } => {
                let mut out = head(status, &headers, body.len());
                out.extend_from_slice(&body);
                if socket.write_all(&out).await.is_err() {
                    return;
                }
            }
            Reply::StallMidBody { declared, sent } | Reply::CloseMidBody { declared, sent }
                if sent.len() >= declared =>
            {
                panic!("a partial body must be shorter than announced ({} >= {declared})", sent.len())
            }
            Reply::StallMidBody { declared, sent } => {
                let mut out = head(200, &[("Content-Type".into(), "application/json".into())], declared);
                out.extend_from_slice(&sent);
                let _ = socket.write_all(&out).await;
                let _ = socket.flush().await;
                std::future::pending::<()>().await
            }
            Reply::CloseMidBody { declared, sent } => {
                let mut out = head(200, &[("Content-Type".into(), "application/json".into())], declared);
                out.extend_from_slice(&sent);
                let _ = socket.write_all(&out).await;
                let _ = socket.shutdown().await;
                return;
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

// ---------------------------------------------------------------------------------------------
// The spec checks

/// The operation a request is for: same method, and a path whose segments match the template's
/// (a placeholder matches exactly one non-empty segment); the most literal template wins.
pub fn match_operation<'a>(api: &'a Api, method: &str, raw_path: &str) -> Option<&'a Operation> {
    let segments: Vec<&str> = raw_path.split('/').collect();
    api.operations
        .iter()
        .filter(|op| op.http_method == method)
        .filter_map(|op| {
            let template: Vec<&str> = op.path.split('/').collect();
            if template.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (t, s) in template.iter().zip(&segments) {
                if t.starts_with('{') && t.ends_with('}') {
                    if s.is_empty() {
                        return None;
                    }
                } else if t == s {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, op))
        })
        .max_by_key(|(literal, _)| *literal)
        .map(|(_, op)| op)
}

/// The path the sample call of `op` must send: placeholders replaced by their encoded values.
pub fn expected_path(op: &Operation, samples: &OperationSample) -> String {
    let mut out = op.path.clone();
    for p in &op.path_params {
        let value = match &p.from_credentials {
            Some(_) => DOMAIN.to_string(),
            None => samples.path.iter().find(|(w, _)| *w == p.wire_name).and_then(|(_, s)| s.to_param()).unwrap_or_default(),
        };
        out = out.replace(&format!("{{{}}}", p.wire_name), &encode(&value));
    }
    out
}

/// The query string the sample call of `op` must send: every pair, sorted, encoded.
pub fn expected_query(samples: &OperationSample) -> String {
    let mut pairs: Vec<(String, String)> = samples.query.iter().flat_map(|(w, s)| s.query_pairs(w)).collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// Sample text to JSON.
pub fn json(sample: &Sample) -> Value {
    serde_json::from_str(&sample.to_json()).expect("samples are JSON")
}

fn answer_from_spec(api: &Api, port: u16, r: &Received) -> (Outcome, Reply) {
    let Some(op) = match_operation(api, &r.method, &r.path) else {
        let problem = format!("no operation of the spec matches {} {}", r.method, r.path);
        let body = format!(r#"{{"error_code":"APIGW.0101","error_msg":{}}}"#, Value::from(problem.clone()));
        return (Outcome { operation: None, problems: vec![problem] }, Reply::json(404, body));
    };
    let samples = operation_samples(api, op);
    let mut problems = Vec::new();

    // Path, with each parameter percent-encoded inside its own segment.
    let path = expected_path(op, &samples);
    if r.path != path {
        problems.push(format!("path: expected {path}, got {}", r.path));
    }
    for (t, s) in op.path.split('/').zip(r.path.split('/')) {
        if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
            let value = decode(s);
            if value.is_empty() {
                problems.push(format!("path parameter {name} is empty"));
            }
        }
    }

    // Query: every parameter present, lists as repeated keys, exact encoding and order.
    let query = expected_query(&samples);
    if r.query != query {
        let got: Vec<String> = r.query.split('&').map(decode).collect();
        problems.push(format!("query: expected `{query}`, got `{}` (decoded: {got:?})", r.query));
    }

    // Headers.
    let mut expect_header = |name: &str, value: &str| match r.header(name) {
        Some(v) if v == value => {}
        Some(v) => problems.push(format!("header {name}: expected `{value}`, got `{v}`")),
        None => problems.push(format!("header {name} is missing")),
    };
    expect_header("Content-Type", "application/json");
    expect_header("Host", &format!("127.0.0.1:{port}"));
    expect_header("X-Domain-Id", DOMAIN);
    expect_header("X-Security-Token", SECURITY_TOKEN);
    for (name, sample) in &samples.headers {
        expect_header(name, &sample.to_param().unwrap_or_default());
    }
    match r.header("X-Sdk-Date") {
        Some(date) => {
            let now = SystemTime::now();
            let (early, late) = (format_sdk_date(now - Duration::from_secs(900)), format_sdk_date(now + Duration::from_secs(900)));
            let shaped = date.len() == 16 && date.as_bytes()[8] == b'T' && date.ends_with('Z');
            if !shaped || date < early.as_str() || date > late.as_str() {
                problems.push(format!("X-Sdk-Date `{date}` is not a current YYYYMMDDTHHMMSSZ time"));
            }
        }
        None => problems.push("header X-Sdk-Date is missing".into()),
    }
    if let Err(e) = verify_signature(r, SK) {
        problems.push(format!("Authorization: {e}"));
    }

    // Body: exactly the sample, so every key is the model's wire name and every value its type.
    match (&samples.body, r.body.is_empty()) {
        (Some(expected), false) => match serde_json::from_slice::<Value>(&r.body) {
            Ok(got) => problems.extend(json_diff("body", &json(expected), &got)),
            Err(e) => problems.push(format!("body is not JSON: {e}")),
        },
        (Some(_), true) => problems.push("the body is missing".into()),
        (None, false) => problems.push(format!("unexpected body of {} bytes", r.body.len())),
        (None, true) => {}
    }

    let outcome = Outcome { operation: Some(op.name.clone()), problems: problems.clone() };
    if !problems.is_empty() {
        let message = problems.join("; ").replace(SECURITY_TOKEN, "<token>");
        let body = format!(r#"{{"error_code":"E2E.CHECK","error_msg":{}}}"#, Value::from(message));
        return (outcome, Reply::json(400, body));
    }
    let reply = match &samples.response {
        Some(response) => Reply::json(200, response.to_json()),
        None => Reply::with_headers(204, &[], ""),
    };
    (outcome, reply)
}

/// Differences between two JSON values, each named by its path.
pub fn json_diff(at: &str, expected: &Value, got: &Value) -> Vec<String> {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            let mut out = Vec::new();
            for (k, ev) in e {
                match g.get(k) {
                    Some(gv) => out.extend(json_diff(&format!("{at}.{k}"), ev, gv)),
                    None => out.push(format!("{at}.{k} is missing")),
                }
            }
            for k in g.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{at}.{k} is not a field of the model (wire names: {:?})", e.keys().collect::<Vec<_>>()));
            }
            out
        }
        (Value::Array(e), Value::Array(g)) if e.len() == g.len() => {
            e.iter().zip(g).enumerate().flat_map(|(i, (ev, gv))| json_diff(&format!("{at}[{i}]"), ev, gv)).collect()
        }
        (e, g) if e == g => Vec::new(),
        (e, g) => vec![format!("{at}: expected {e}, got {g}")],
    }
}

/// Recomputes the signature of a received request with `sk` from the raw request alone (method,
/// path, query, the headers it says it signed, body) and compares it with its `Authorization`.
pub fn verify_signature(r: &Received, sk: &str) -> Result<(), String> {
    let auth = r.header("authorization").ok_or("no Authorization header")?;
    let rest = auth.strip_prefix("SDK-HMAC-SHA256 ").ok_or("not SDK-HMAC-SHA256")?;
    let field = |name: &str| {
        rest.split(", ")
            .find_map(|p| p.strip_prefix(name).and_then(|p| p.strip_prefix('=')))
            .ok_or(format!("no {name} in Authorization"))
    };
    let (access, signed_headers, signature) = (field("Access")?, field("SignedHeaders")?, field("Signature")?);
    if access != AK {
        return Err(format!("signed with access key {access}, not the test's"));
    }
    let host = r.header("host").ok_or("no Host header")?;
    let mut req = HttpRequest::new(&r.method, &format!("http://{host}"), &r.path);
    req.query = r
        .query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let signed: Vec<&str> = signed_headers.split(';').collect();
    for required in ["content-type", "host", "x-domain-id", "x-sdk-date"] {
        if !signed.contains(&required) {
            return Err(format!("{required} is not signed ({signed_headers})"));
        }
    }
    req.headers = r.headers.iter().filter(|(k, _)| signed.contains(&k.to_ascii_lowercase().as_str())).cloned().collect();
    req.body = (!r.body.is_empty()).then(|| r.body.clone());
    let out = sign_request(&mut req, access, sk, None).map_err(|e| e.to_string())?;
    if out.signed_headers != signed_headers {
        return Err(format!("signed headers {} != {}", out.signed_headers, signed_headers));
    }
    if out.signature != signature {
        return Err("the signature does not verify with the test secret key".into());
    }
    Ok(())
}
