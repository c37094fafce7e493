//! A local BSS: the test kit's HTTP/1.1 server on 127.0.0.1 (`testing::TestServer`), with
//! checks that read the same spec as the generator: it finds
//! the operation of each request by method and path template, checks everything the SDK sends
//! against the operation's sample values (`sdkgen::emit::samples`), and answers with a response
//! in which every field is present. Fault tests replace the answer with a script.

pub use huaweicloud_sdk_runtime::testing::{Received, Reply};
use huaweicloud_sdk_runtime::signing::format_sdk_date;
use huaweicloud_sdk_runtime::testing::TestServer;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sdkgen::emit::samples::{operation_samples, OperationSample, Sample};
use sdkgen::ir::{Api, Operation};
use serde_json::Value;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

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
    let variant = api.service.crates.iter().find(|v| v.id == id).unwrap_or_else(|| panic!("no crate {id}"));
    Arc::new(api.for_crate(variant))
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

/// The spec check's result of one request answered by [`BssServer::spec`].
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The operation the request was matched to.
    pub operation: Option<String>,
    /// Everything that differed from what the spec and the samples say; empty when all is well.
    pub problems: Vec<String>,
}

/// The test kit's loopback server, with the spec-driven checks on top.
#[derive(Clone)]
pub struct BssServer {
    pub url: String,
    server: TestServer,
    outcomes: Arc<Mutex<Vec<Outcome>>>,
}

impl BssServer {
    /// A server that checks every request against `api` and answers with sample responses.
    pub fn spec(api: Arc<Api>) -> BssServer {
        let outcomes: Arc<Mutex<Vec<Outcome>>> = Arc::default();
        let record = outcomes.clone();
        let server = TestServer::start(move |_, r| {
            let (outcome, reply) = answer_from_spec(&api, r.local_port, r);
            record.lock().unwrap().push(outcome);
            reply
        });
        BssServer { url: server.url.clone(), server, outcomes }
    }

    /// A server answering request number `n` (from 0) as `script` says, without spec checks.
    pub fn start(script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> BssServer {
        let server = TestServer::start(script);
        BssServer { url: server.url.clone(), server, outcomes: Arc::default() }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Received> {
        self.server.requests()
    }

    /// How many requests reached the server: the number of attempts.
    pub fn attempts(&self) -> usize {
        self.server.request_count()
    }

    /// Body bytes written by [`Reply::Stream`] answers.
    pub fn streamed_bytes(&self) -> u64 {
        self.server.streamed_bytes()
    }

    /// The spec checks of the requests answered by [`BssServer::spec`], in order.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.outcomes.lock().unwrap().clone()
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
    for p in op.params_at(sdkgen::ir::Location::Path) {
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

/// Checks the signature of a received request with `sk` (the kit recomputes it from the raw
/// request alone: method, path, query, the headers it says it signed, body), that it names the
/// test's access key, and that the headers BSS needs are among the signed ones.
pub fn verify_signature(r: &Received, sk: &str) -> Result<(), String> {
    let verified = r.verify_signature(sk)?;
    if verified.access != AK {
        return Err(format!("signed with access key {}, not the test's", verified.access));
    }
    let signed: Vec<&str> = verified.signed_headers.split(';').collect();
    for required in ["content-type", "host", "x-domain-id", "x-sdk-date"] {
        if !signed.contains(&required) {
            return Err(format!("{required} is not signed ({})", verified.signed_headers));
        }
    }
    Ok(())
}
