//! Signing debugger: signs one request described on stdin and prints every intermediate value.
//!
//! ```text
//! echo '{"method": "GET",
//!        "url": "https://bss.myhuaweicloud.com/v2/orders/customer-orders?limit=10&offset=0",
//!        "headers": {"Content-Type": "application/json", "X-Domain-Id": "0123"},
//!        "body": null, "ak": "MY-AK", "sk": "MY-SK", "sdk_date": "20240105T010203Z"}' \
//!   | cargo run -p huaweicloud-sdk-runtime --example sign
//! ```
//!
//! Input fields: `url` (full URL; its query is split on `&` and `=` and percent-decoded, `+`
//! stays a plus), `ak` and `sk` are required; `method` defaults to `GET`; `headers` is an object
//! (or a list of `[name, value]` pairs to keep order); `body` is a string or null; `sdk_date` is
//! `YYYYMMDDTHHMMSSZ` or null for the current time.
//!
//! The output is pretty JSON with the canonical request, string to sign, signed headers,
//! signature, `Authorization` value, wire URL and final headers (token headers redacted). The
//! secret key is never printed. Compare the canonical request with the one in a server's
//! signature-mismatch error to find what differs.

use std::io::Read;
use std::process::ExitCode;

use huaweicloud_sdk_runtime::http::{is_secret_header, HttpRequest};
use huaweicloud_sdk_runtime::signing::sign_request;
use percent_encoding::percent_decode_str;
use serde_json::{json, Map, Value};

fn main() -> ExitCode {
    match run() {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("sign: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<String, String> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    let value: Value =
        serde_json::from_str(&input).map_err(|e| format!("stdin is not valid JSON: {e}"))?;
    let obj = value
        .as_object()
        .ok_or("input must be a JSON object with method, url, headers, body, ak, sk, sdk_date")?;

    let method = optional_str(obj, "method")?.unwrap_or("GET");
    let url = required_str(obj, "url")?;
    let ak = required_str(obj, "ak")?;
    let sk = required_str(obj, "sk")?;
    let body = optional_str(obj, "body")?;
    let sdk_date = optional_str(obj, "sdk_date")?;
    let headers = parse_headers(obj.get("headers"))?;

    let parts = split_url(url)?;
    let mut req = HttpRequest::new(method, &parts.base_url, &parts.path);
    req.query = parts.query;
    req.headers = headers;
    req.body = body.map(|b| b.as_bytes().to_vec());

    let out = sign_request(&mut req, ak, sk, sdk_date).map_err(|e| e.to_string())?;

    let final_headers: Vec<String> = req
        .headers
        .iter()
        .map(|(k, v)| {
            let shown = if is_secret_header(k) && !k.eq_ignore_ascii_case("authorization") {
                "<redacted>"
            } else {
                v.as_str()
            };
            format!("{k}: {shown}")
        })
        .collect();
    let report = json!({
        "method": req.method,
        "url": req.url(),
        "canonical_request": out.canonical_request,
        "string_to_sign": out.string_to_sign,
        "signed_headers": out.signed_headers,
        "signature": out.signature,
        "authorization": out.authorization,
        "headers": final_headers,
    });
    serde_json::to_string_pretty(&report).map_err(|e| format!("cannot print output: {e}"))
}

fn required_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, String> {
    optional_str(obj, key)?.ok_or_else(|| format!("missing required string field `{key}`"))
}

fn optional_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(format!("field `{key}` must be a string or null")),
    }
}

fn parse_headers(value: Option<&Value>) -> Result<Vec<(String, String)>, String> {
    let pair = |name: &str, value: &Value| match value {
        Value::String(s) => Ok((name.to_owned(), s.clone())),
        _ => Err(format!("header `{name}` must have a string value")),
    };
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(map)) => map.iter().map(|(k, v)| pair(k, v)).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item.as_array().map(Vec::as_slice) {
                Some([Value::String(name), value]) => pair(name, value),
                _ => Err("`headers` list items must be [name, value] string pairs".to_owned()),
            })
            .collect(),
        Some(_) => Err("`headers` must be an object or a list of [name, value] pairs".to_owned()),
    }
}

/// A URL split into what [`HttpRequest`] holds.
struct UrlParts {
    base_url: String,
    path: String,
    query: Vec<(String, String)>,
}

/// Splits `scheme://authority/path?query#fragment` into the base URL, the path (as sent, at
/// least `/`) and percent-decoded query pairs. The fragment is dropped.
fn split_url(url: &str) -> Result<UrlParts, String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("url {url:?} must start with a scheme such as https://"))?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return Err(format!("url {url:?} has an invalid scheme"));
    }
    let rest = rest.split('#').next().unwrap_or("");
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(authority_end);
    if authority.is_empty() {
        return Err(format!("url {url:?} has no host"));
    }
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = if path.is_empty() { "/" } else { path };
    let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
    let pairs = query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (decode(k), decode(v))
        })
        .collect();
    Ok(UrlParts {
        base_url: format!("{scheme}://{authority}"),
        path: path.to_owned(),
        query: pairs,
    })
}
