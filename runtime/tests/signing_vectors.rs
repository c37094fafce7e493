//! Checks the Rust signer against vectors produced by the official Huawei Cloud Python signer
//! (`tools/signing-vectors/make_vectors.py`).

use huaweicloud_sdk_runtime::http::HttpRequest;
use huaweicloud_sdk_runtime::signing::{sign_request, SigningOutput};
use serde::Deserialize;

const VECTORS_JSON: &str = include_str!("data/signing_vectors.json");

#[derive(Deserialize)]
struct VectorFile {
    huaweicloudsdkcore_version: String,
    count: usize,
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    input: Input,
    expected: Expected,
}

#[derive(Deserialize)]
struct Input {
    method: String,
    base_url: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<String>,
    ak: String,
    sk: String,
    sdk_date: Option<String>,
}

#[derive(Deserialize)]
struct Expected {
    canonical_request: String,
    string_to_sign: String,
    signed_headers: String,
    signature: String,
    authorization: String,
    headers: Vec<(String, String)>,
    uri: String,
}

fn load() -> VectorFile {
    serde_json::from_str(VECTORS_JSON).expect("signing_vectors.json does not parse")
}

fn sign(input: &Input) -> (HttpRequest, SigningOutput) {
    // Built field by field (not with `HttpRequest::new`) so the method keeps its case.
    let mut req = HttpRequest {
        method: input.method.clone(),
        base_url: input.base_url.clone(),
        path: input.path.clone(),
        query: input.query.clone(),
        headers: input.headers.clone(),
        body: input.body.as_ref().map(|b| b.as_bytes().to_vec()),
    };
    let out = sign_request(&mut req, &input.ak, &input.sk, input.sdk_date.as_deref())
        .unwrap_or_else(|e| panic!("signing failed: {e}"));
    (req, out)
}

#[test]
fn vector_file_is_substantial() {
    let file = load();
    assert!(
        file.vectors.len() >= 60,
        "only {} vectors",
        file.vectors.len()
    );
    assert_eq!(file.count, file.vectors.len());
    assert!(file.huaweicloudsdkcore_version.starts_with("3."));
}

#[test]
fn matches_official_signer() {
    let file = load();
    let mut failures = Vec::new();
    let mut failed_vectors = 0;
    for v in &file.vectors {
        let before = failures.len();
        let (req, out) = sign(&v.input);
        let e = &v.expected;
        let base = req.base_url.len();
        let wire_uri = req.url()[base..].to_owned();
        let checks: [(&str, &str, &str); 7] = [
            ("authorization", &out.authorization, &e.authorization),
            (
                "canonical_request",
                &out.canonical_request,
                &e.canonical_request,
            ),
            ("string_to_sign", &out.string_to_sign, &e.string_to_sign),
            ("signed_headers", &out.signed_headers, &e.signed_headers),
            ("signature", &out.signature, &e.signature),
            ("uri", &wire_uri, &e.uri),
            (
                "authorization header",
                req.header("Authorization").unwrap_or(""),
                &e.authorization,
            ),
        ];
        for (what, got, want) in checks {
            if got != want {
                failures.push(format!(
                    "vector `{}`: {what} differs\n  got:  {got:?}\n  want: {want:?}",
                    v.name
                ));
            }
        }
        if req.headers != e.headers {
            failures.push(format!(
                "vector `{}`: final headers differ\n  got:  {:?}\n  want: {:?}",
                v.name, req.headers, e.headers
            ));
        }
        if failures.len() > before {
            failed_vectors += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors failed:\n{}",
        failed_vectors,
        file.vectors.len(),
        failures.join("\n")
    );
}
