//! Trust: answers that must never read as success, text that must never leak a credential or
//! reach a terminal raw, bodies that must never exhaust memory, money that must never be rounded,
//! and errors that say where and why.

use crate::server::{BssServer, Reply, SECURITY_TOKEN, SK};
use crate::{bss, credentials, fake_retry, http};
use huaweicloud_sdk_bss::BssClient;
use huaweicloud_sdk_runtime::{Client, Error, HttpConfig, RetryPolicy, TransportErrorKind};
use std::net::TcpListener;
use std::time::{Duration, Instant};

fn server(script: impl Fn(usize, &crate::server::Received) -> Reply + Send + Sync + 'static) -> BssServer {
    BssServer::start(script)
}

fn client_with(url: &str, retry: RetryPolicy, config: HttpConfig) -> BssClient {
    BssClient::from_runtime(
        Client::builder().endpoint(url).credentials(credentials()).retry(retry).http_config(config).build().expect("a client"),
    )
}

#[tokio::test]
async fn redirects_are_typed_errors_and_never_followed() {
    let elsewhere = server(|_, _| Reply::json(200, r#"{"total_count":1,"order_infos":[]}"#));
    let target = format!("{}/v2/orders/customer-orders?stolen=1", elsewhere.url);
    for status in [301u16, 302, 303, 307, 308] {
        for body in ["", "{}", r#"{"total_count":0}"#] {
            let location = target.clone();
            let s = server(move |_, _| Reply::with_headers(status, &[("Location", location.as_str()), ("Content-Type", "application/json")], body));
            let (policy, _) = fake_retry();
            let err = bss(&s.url, policy).list_customer_orders().limit(10).send().await.unwrap_err();
            let Error::Redirect { status: got, location, request_id } = &err else { panic!("HTTP {status} {body:?}: expected a redirect error, got {err:?}") };
            assert_eq!((*got, location.as_deref(), request_id.as_deref()), (status, Some(target.as_str()), Some(format!("rid-{status}").as_str())));
            assert_eq!(s.attempts(), 1, "a redirect is not retried");
            assert!(err.to_string().contains(&format!("HTTP {status}")), "{err}");

            // A write: nothing was paid, so it must not read as Ok(()).
            let (policy, _) = fake_retry();
            let err = crate::faults::pay_orders_at(&s.url, policy).await.unwrap_err();
            assert!(matches!(err, Error::Redirect { status: s2, .. } if s2 == status), "{err:?}");
        }
    }
    // Without a Location header too.
    let s = server(|_, _| Reply::with_headers(302, &[], ""));
    let err = bss(&s.url, RetryPolicy::none()).list_customer_orders().send().await.unwrap_err();
    assert!(matches!(err, Error::Redirect { status: 302, location: None, .. }), "{err:?}");
    // The other host never saw a request, so no credential went there.
    assert_eq!(elsewhere.attempts(), 0);
}

#[tokio::test]
async fn other_non_success_statuses_are_not_success() {
    for status in [100u16, 199, 304, 399] {
        let s = server(move |_, _| Reply::json(status, "{}"));
        let err = bss(&s.url, RetryPolicy::none()).list_customer_orders().send().await;
        // hyper may refuse an informational status itself; either way it is an error.
        assert!(err.is_err(), "HTTP {status} read as success");
    }
}

/// Every run of 8 or more characters of `secret` in `text`.
fn leaked_runs(text: &str, secret: &str) -> Vec<String> {
    let bytes = secret.as_bytes();
    (0..bytes.len().saturating_sub(7))
        .filter_map(|i| std::str::from_utf8(&bytes[i..i + 8]).ok())
        .filter(|w| text.contains(w))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn echoed_credentials_are_blanked_before_the_snippet_is_cut() {
    let token_part = &SECURITY_TOKEN[..SECURITY_TOKEN.len().min(700)];
    let pages = [
        // A WAF page echoing the request headers, the token cut by the proxy's own limit.
        format!("<html><pre>X-Security-Token: {token_part}\nX-Sdk-Date: 20240101T000000Z</pre></html>"),
        // The same in a JSON error body, with `/` escaped.
        format!(r#"{{"error_code":"CBC.0151","error_msg":"denied for token {}"}}"#, SECURITY_TOKEN.replace('/', "\\/")),
        // Only a middle part of the secret key, URL-encoded.
        format!("bad signature for key {}", SK[4..30].replace('/', "%2F").replace('+', "%2B")),
        // Control characters and terminal escapes around it.
        format!("\u{1b}[2J\u{1b}]0;owned\u{7}{SK}\r\nX"),
    ];
    for (n, page) in pages.iter().enumerate() {
        let body = page.clone();
        // The request id echoes part of the secret key too.
        let rid = format!("rid-{}", &SK[..12]);
        let s = server(move |_, _| Reply::with_headers(403, &[("Content-Type", "text/html"), ("X-Request-Id", rid.as_str())], body.clone()));
        let err = bss(&s.url, RetryPolicy::none()).list_customer_orders().send().await.unwrap_err();
        for shown in [err.to_string(), format!("{err:?}")] {
            for secret in [SK, SECURITY_TOKEN] {
                let runs = leaked_runs(&shown, secret);
                assert!(runs.is_empty(), "page {n}: runs of a secret leak: {runs:?}\n{shown}");
            }
            assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\r'), "page {n}: raw control characters: {shown:?}");
        }
        assert!(err.to_string().contains("<redacted>"), "page {n}: {err}");
    }
}

#[tokio::test]
async fn decode_error_paths_are_redacted_and_bounded() {
    // 200 answers that break inside the value of a key the model does not know: a key that
    // echoes the secret key, and a huge key. The path names that key.
    let bodies = [
        format!(r#"{{"order_infos":[{{"order_id":"a"}},{{"{SK}":[1,}}]}}"#),
        format!(r#"{{"order_infos":[{{"order_id":"a","x{}":[1,}}]}}"#, "k".repeat(5000)),
    ];
    for (n, body) in bodies.iter().enumerate() {
        let body = body.clone();
        let s = server(move |_, _| Reply::json(200, body.clone()));
        let err = bss(&s.url, RetryPolicy::none()).list_customer_orders().send().await.unwrap_err();
        let Error::Decode { path, .. } = &err else { panic!("case {n}: expected a decode error, got {err:?}") };
        let path = path.as_deref().unwrap_or_else(|| panic!("case {n}: no path: {err}"));
        assert!(path.starts_with("order_infos[") && path.len() <= 1024, "case {n}: {path}");
        for shown in [err.to_string(), format!("{err:?}")] {
            let runs = leaked_runs(&shown, SK);
            assert!(runs.is_empty(), "case {n}: runs of the secret key leak: {runs:?}");
        }
    }
}

/// A server that answers with a body of `total` bytes, chunked (or announced by
/// `Content-Length: total` when `declare`), and counts what it managed to write.
fn streaming_server(total: u64, declare: bool) -> BssServer {
    server(move |_, _| Reply::Stream { total, chunked: !declare })
}

#[tokio::test]
async fn huge_bodies_stop_at_the_limit() {
    let limit = 1024 * 1024;
    let config = HttpConfig { max_body_bytes: limit, ..http(Duration::from_secs(30)) };
    for declare in [false, true] {
        let s = streaming_server(600 * 1024 * 1024, declare);
        let url = s.url.clone();
        let started = Instant::now();
        let err = client_with(&url, fake_retry().0, config.clone()).list_customer_orders().send().await.unwrap_err();
        let elapsed = started.elapsed();
        let t = err.as_transport().unwrap_or_else(|| panic!("expected a transport error, got {err:?}"));
        assert_eq!(t.kind, TransportErrorKind::BodyTooLarge, "{err}");
        assert_eq!(t.attempts, 1, "not retried: {err}");
        assert!(err.to_string().contains("1048576 bytes"), "{err}");
        assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
        // What the server got out before the client hung up: the limit plus socket buffers,
        // nowhere near the 600 MB it tried to send.
        std::thread::sleep(Duration::from_millis(100));
        let out = s.streamed_bytes();
        assert!(out < 64 * 1024 * 1024, "declare={declare}: the server wrote {out} bytes");
    }
}

#[tokio::test]
async fn custom_transports_get_the_same_body_limit() {
    let big = format!(r#"{{"total_count":1,"pad":"{}"}}"#, "x".repeat(4096));
    let s = server(move |_, _| Reply::json(200, big.clone()));
    let config = HttpConfig { max_body_bytes: 1024, ..http(Duration::from_secs(5)) };
    let err = client_with(&s.url, RetryPolicy::none(), config).list_customer_orders().send().await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| t.kind), Some(TransportErrorKind::BodyTooLarge), "{err:?}");
}

#[tokio::test]
async fn money_and_integers_that_do_not_fit_are_decode_errors_naming_the_field() {
    let cases = [
        (r#"{"order_infos":[{"amount_after_discount":0.12345678901234567890123456789}]}"#, "order_infos[0].amount_after_discount", "does not fit a decimal exactly"),
        (r#"{"order_infos":[{},{"official_amount":123456789012345678901234567890}]}"#, "order_infos[1].official_amount", "does not fit"),
        (r#"{"order_infos":[{"official_amount":1e40}]}"#, "order_infos[0].official_amount", "does not fit"),
        (r#"{"total_count":100000000000000000000}"#, "total_count", "i64"),
        (r#"{"total_count":1.5}"#, "total_count", "i64"),
        (r#"{"order_infos":[{},{},{},{"amount_info":{"discounts":[{"discount_amount":"x"}]}}]}"#, "order_infos[3].amount_info.discounts[0].discount_amount", "`x`"),
        (r#"{"order_infos":[{"order_id":1}]}"#, "order_infos[0].order_id", "expected a string"),
    ];
    let bodies: Vec<&'static str> = cases.iter().map(|c| c.0).collect();
    let s = server(move |n, _| Reply::json(200, bodies[n]));
    for (n, (body, path, message)) in cases.iter().enumerate() {
        let err = bss(&s.url, RetryPolicy::none()).list_customer_orders().send().await.unwrap_err();
        let Error::Decode { path: got, message: m, .. } = &err else { panic!("case {n} {body}: expected a decode error, got {err:?}") };
        assert_eq!(got.as_deref(), Some(*path), "case {n}: {err}");
        assert!(m.contains(message), "case {n}: `{m}` lacks `{message}`");
        assert!(err.to_string().contains(&format!("at `{path}`")), "case {n}: {err}");
    }
    // The biggest exact values still decode.
    let ok = r#"{"order_infos":[{"official_amount":79228162514264337593543950335,"amount_after_discount":0.0000000000000000000000000001}]}"#;
    let s = server(move |_, _| Reply::json(200, ok));
    let out = bss(&s.url, RetryPolicy::none()).list_customer_orders().send().await.unwrap();
    let order = &out.order_infos.unwrap()[0];
    assert_eq!(order.official_amount.unwrap().to_string(), "79228162514264337593543950335");
    assert_eq!(order.amount_after_discount.unwrap().to_string(), "0.0000000000000000000000000001");
}

#[tokio::test]
async fn transport_errors_show_their_cause_and_attempts() {
    // A port nobody listens on.
    let url = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let (policy, _) = fake_retry();
    let err = bss(&url, policy).list_customer_orders().customer_id("CUST-QUERY-SECRET").send().await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("cannot connect (after 3 attempts)"), "{text}");
    assert!(text.to_lowercase().contains("connection refused"), "the cause is hidden: {text}");
    assert!(!text.contains("CUST-QUERY-SECRET") && !text.contains('?'), "the query string shows: {text}");
    let log = crate::security::capture::global().text();
    for line in log.lines().filter(|l| l.contains("retrying")) {
        assert!(!line.contains("CUST-QUERY-SECRET") && !line.contains("customer_id="), "a retry event shows the query: {line}");
    }
}

#[tokio::test]
async fn empty_error_bodies_still_say_what_happened() {
    let s = server(|_, _| Reply::with_headers(502, &[], ""));
    let err = bss(&s.url, RetryPolicy::none()).list_customer_orders().send().await.unwrap_err();
    assert_eq!(err.to_string(), "service error (HTTP 502, request id rid-502): Bad Gateway, with no error message in the body");
}

#[tokio::test]
async fn a_declared_account_kind_warns_on_operations_documented_for_another_caller() {
    use huaweicloud_sdk_runtime::AccountKind;
    let capture = crate::security::capture::global();
    let s = server(|_, _| Reply::json(200, "{}"));
    let client = |kind| {
        BssClient::from_runtime(
            Client::builder().endpoint(&s.url).credentials(credentials()).retry(RetryPolicy::none()).account_kind(kind).build().unwrap(),
        )
    };
    // ListIndirectPartners is documented for partners (distributors) only.
    client(AccountKind::Partner).list_indirect_partners().send().await.unwrap();
    let before = capture.text().matches("operation=ListIndirectPartners account_kind=Customer").count();
    let _ = client(AccountKind::Customer).list_indirect_partners().send().await;
    let log = capture.text();
    let after = log.matches("operation=ListIndirectPartners account_kind=Customer").count();
    assert_eq!(after, before + 1, "no warning for a customer calling a partner operation:\n{log}");
    assert!(log.contains("documented_caller=partner credentials"), "{log}");
    assert!(!log.contains("operation=ListIndirectPartners account_kind=Partner"), "a partner call was warned about");
}

#[tokio::test]
async fn bodyless_writes_send_content_length_zero() {
    let s = server(|_, _| Reply::json(200, "{}"));
    // ListIndirectPartners is a POST whose body is optional; sent here without one.
    bss(&s.url, RetryPolicy::none()).list_indirect_partners().send().await.unwrap();
    let got = s.requests();
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].method.as_str(), got[0].header("content-length")), ("POST", Some("0")), "{:?}", got[0].headers);
    // A GET has no body and no Content-Length.
    bss(&s.url, RetryPolicy::none()).list_customer_orders().send().await.unwrap();
    assert_eq!(s.requests()[1].header("content-length"), None);
}
