//! Fault modes: each test makes the server misbehave one way and asserts the exact typed error and
//! the number of attempts. `GET` operations are idempotent (retried up to 3 attempts by the
//! default policy); `PayOrders` is a non-idempotent `POST` (never resent after it may have reached
//! the server).

use crate::server::{variant_api, BssServer, Received, Reply};
use crate::{bss, bssintl, fake_retry};
use huaweicloud_sdk_bss::errors::ErrorCode;
use huaweicloud_sdk_bss::models::ListCustomerOrdersResponse;
use huaweicloud_sdk_runtime::{Error, ErrorCategory, RetryPolicy, TransportErrorKind};
use sdkgen::emit::samples::operation_samples;
use serde_json::Value;
use std::time::{Duration, Instant};

fn server(script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> BssServer {
    BssServer::start(script)
}

/// The sample response of a bss operation, as JSON text in field order.
fn sample_text(operation: &str) -> String {
    let api = variant_api(crate::server::spec_api(), "bss");
    let op = api.operations.iter().find(|o| o.name == operation).expect("the operation is in the spec");
    operation_samples(&api, op).response.expect("the operation has a response").to_json()
}

/// The sample response of a bss operation, as JSON.
fn sample_response(operation: &str) -> Value {
    serde_json::from_str(&sample_text(operation)).expect("samples are JSON")
}

const HTML_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\
    <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

async fn list_orders(server: &BssServer, retry: RetryPolicy) -> Result<ListCustomerOrdersResponse, Error> {
    bss(&server.url, retry).list_customer_orders().limit(10).send().await
}

async fn pay_orders(server: &BssServer, retry: RetryPolicy) -> Result<(), Error> {
    pay_orders_at(&server.url, retry).await
}

/// Pays an order (a non-idempotent POST) at `url`.
pub(crate) async fn pay_orders_at(url: &str, retry: RetryPolicy) -> Result<(), Error> {
    use huaweicloud_sdk_bss::models::PayCustomerOrderV3Req;
    let body = PayCustomerOrderV3Req {
        order_id: "CS2404011234ABCDE".into(),
        use_coupon: "NO".into(),
        use_discount: "NO".into(),
        coupon_infos: None,
        discount_infos: None,
    };
    bss(url, retry).pay_orders(body).send().await.map(|_| ())
}

fn service(err: &Error) -> &huaweicloud_sdk_runtime::ServiceError {
    err.as_service().unwrap_or_else(|| panic!("expected a service error, got {err:?}"))
}

#[tokio::test]
async fn server_errors_with_json_bodies_are_retried_for_idempotent_calls_only() {
    for status in [500u16, 502, 503] {
        let body = r#"{"error_code":"CBC.0999","error_msg":"Other errors."}"#;
        let s = server(move |_, _| Reply::json(status, body));
        let (policy, clock) = fake_retry();
        let err = list_orders(&s, policy).await.unwrap_err();
        let e = service(&err);
        assert_eq!((e.status, e.code.as_deref(), e.message.as_str()), (status, Some("CBC.0999"), "Other errors."));
        assert_eq!(e.request_id.as_deref(), Some(format!("rid-{status}").as_str()));
        assert_eq!(ErrorCode::of(&err), Some(ErrorCode::Cbc0999));
        assert_eq!(ErrorCode::Cbc0999.category(), Some(ErrorCategory::Server));
        assert_eq!((s.attempts(), clock.slept().len()), (3, 2), "HTTP {status}: 3 attempts");

        let s = server(move |_, _| Reply::json(status, body));
        let (policy, clock) = fake_retry();
        let err = pay_orders(&s, policy).await.unwrap_err();
        assert_eq!((err.status(), err.code()), (Some(status), Some("CBC.0999")));
        assert_eq!((s.attempts(), clock.slept().len()), (1, 0), "HTTP {status}: a POST is not resent");
    }
}

#[tokio::test]
async fn server_errors_with_html_pages_keep_the_page_as_the_message() {
    for status in [500u16, 502, 503] {
        let s = server(move |_, _| Reply::with_headers(status, &[("Content-Type", "text/html")], HTML_PAGE));
        let (policy, _) = fake_retry();
        let err = list_orders(&s, policy).await.unwrap_err();
        let e = service(&err);
        assert_eq!((e.status, e.code.as_deref()), (status, None));
        // Line breaks (like every control character from a server) come out escaped.
        assert_eq!(e.message, HTML_PAGE.replace('\n', "\\u{a}"));
        assert_eq!(ErrorCode::of(&err), None);
        assert!(err.is_retryable());
        assert_eq!(s.attempts(), 3, "HTTP {status}");
    }
}

#[tokio::test]
async fn too_many_requests_waits_for_retry_after() {
    let throttled = r#"{"error_code":"CBC.0250","error_msg":"Flow control."}"#;
    // Throttled once, then answered.
    let answer = sample_text("ListCustomerOrders");
    let s = server(move |n, _| {
        if n == 0 { Reply::with_headers(429, &[("Retry-After", "3")], throttled) } else { Reply::json(200, answer.clone()) }
    });
    let (policy, clock) = fake_retry();
    let out = list_orders(&s, policy).await.unwrap();
    assert_eq!(out.total_count, Some(2));
    assert_eq!((s.attempts(), clock.slept()), (2, vec![Duration::from_secs(3)]));

    // Throttled every time: 3 attempts, each wait the server's Retry-After.
    let s = server(move |_, _| Reply::with_headers(429, &[("Retry-After", "3")], throttled));
    let (policy, clock) = fake_retry();
    let err = list_orders(&s, policy).await.unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(429), Some("CBC.0250")));
    assert_eq!(ErrorCode::of(&err).and_then(|c| c.category()), Some(ErrorCategory::RateLimited));
    assert_eq!((s.attempts(), clock.slept()), (3, vec![Duration::from_secs(3); 2]));
}

#[tokio::test]
async fn throttling_code_in_a_success_status_is_retried_like_429() {
    let body = r#"{"error_code":"CBC.0250","error_msg":"Flow control."}"#;
    let s = server(move |_, _| Reply::json(200, body));
    let (policy, clock) = fake_retry();
    let err = list_orders(&s, policy).await.unwrap_err();
    let e = service(&err);
    assert_eq!((e.status, e.code.as_deref()), (200, Some("CBC.0250")));
    assert_eq!(ErrorCode::of(&err), Some(ErrorCode::Cbc0250));
    assert_eq!((s.attempts(), clock.slept().len()), (3, 2));

    let s = server(move |_, _| Reply::json(200, body));
    let (policy, _) = fake_retry();
    pay_orders(&s, policy).await.unwrap_err();
    assert_eq!(s.attempts(), 1, "a POST is not resent");
}

#[tokio::test]
async fn business_errors_in_http_200_are_typed_errors() {
    let body = r#"{"error_code":"CBC.3106","error_msg":"The order status has changed and no payment can be made."}"#;
    let s = server(move |_, _| Reply::json(200, body));
    let (policy, clock) = fake_retry();
    let err = pay_orders(&s, policy).await.unwrap_err();
    let e = service(&err);
    assert_eq!((e.status, e.code.as_deref()), (200, Some("CBC.3106")));
    assert_eq!(e.message, "The order status has changed and no payment can be made.");
    let code = ErrorCode::of(&err).expect("a code");
    assert_eq!(code, ErrorCode::Cbc3106);
    assert_eq!(code.info().and_then(|i| i.replaced_by), Some("CBC.99003106"));
    assert!(!err.is_retryable());
    assert_eq!((s.attempts(), clock.slept().len()), (1, 0));
}

#[tokio::test]
async fn no_content_decodes_to_unit_or_an_empty_response() {
    let s = server(|_, _| Reply::with_headers(204, &[], ""));
    let (policy, _) = fake_retry();
    let client = bss(&s.url, policy);
    let cancel = huaweicloud_sdk_bss::models::CancelCustomerOrderReq { order_id: "CS2404011234ABCDE".into() };
    let unit: () = client.cancel_customer_order(cancel).send().await.unwrap();
    assert_eq!(unit, ());
    // An operation with a response model whose fields are all optional reads 204 as empty.
    let empty = client.list_customer_orders().send().await.unwrap();
    assert_eq!((empty.total_count, empty.order_infos), (None, None));
    assert_eq!(s.attempts(), 2);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_and_not_retried() {
    let full = sample_text("ListCustomerOrders");
    let cut = String::from_utf8_lossy(&full.as_bytes()[..full.len() / 2]).into_owned();
    let s = server(move |_, _| Reply::json(200, cut.clone()));
    let (policy, _) = fake_retry();
    let err = list_orders(&s, policy).await.unwrap_err();
    let Error::Decode { status, request_id, message, snippet, .. } = &err else { panic!("expected a decode error, got {err:?}") };
    assert_eq!((*status, request_id.as_deref()), (200, Some("rid-200")));
    assert!(message.starts_with("the body is not JSON: EOF while parsing"), "{message}");
    assert!(snippet.starts_with("{\"total_count\":2"), "{snippet}");
    assert_eq!(s.attempts(), 1);
}

#[tokio::test]
async fn wrong_json_types_are_decode_errors() {
    let cases = [
        (r#"{"total_count":"two"}"#, "invalid type: string \"two\", expected i64"),
        (r#"{"order_infos":{"order_id":"x"}}"#, "invalid type: map, expected a sequence"),
        (r#"{"order_infos":[{"amount_after_discount":"a lot"}]}"#, "a lot"),
        (r#"{"order_infos":[{"amount_after_discount":true}]}"#, "invalid type: boolean `true`"),
        (r#""orders""#, "invalid type: string \"orders\", expected struct ListCustomerOrdersResponse"),
    ];
    let bodies: Vec<&'static str> = cases.iter().map(|(b, _)| *b).collect();
    let s = server(move |n, _| Reply::json(200, bodies[n]));
    for (n, (_, expected)) in cases.iter().enumerate() {
        let err = list_orders(&s, fake_retry().0).await.unwrap_err();
        let Error::Decode { status: 200, message, .. } = &err else { panic!("case {n}: expected a decode error, got {err:?}") };
        assert!(message.contains(expected), "case {n}: `{message}` lacks `{expected}`");
        assert_eq!(s.attempts(), n + 1, "case {n}: decode errors are not retried");
    }
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_accepted() {
    // bss: fields the SDK does not know, at the top and nested, next to known ones.
    let mut body = sample_response("ListCustomerOrders");
    body["brand_new_field"] = serde_json::json!({"x": [1, 2]});
    body["order_infos"][0]["another_new_field"] = Value::from("v");
    let text = body.to_string();
    let s = server(move |_, _| Reply::json(200, text.clone()));
    let out = list_orders(&s, RetryPolicy::none()).await.unwrap();
    assert_eq!(out.total_count, Some(2));
    assert_eq!(out.order_infos.map(|o| o.len()), Some(2));

    // The bss spec has no enumeration models; the fixture crate has both kinds (string and int).
    use demo_sdk::models::{ChargeMode, OrderStatus};
    let s = BssServer::start(|_, _| Reply::json(200, r#"{"status":"refunded","mode":99,"unheard_of":true}"#));
    let client = demo_sdk::DemoClient::from_runtime(crate::runtime(&s.url, RetryPolicy::none(), crate::http(Duration::from_secs(10))));
    let order = client.show_order_status().send().await.unwrap();
    assert_eq!(order.status, OrderStatus::Unknown("refunded".into()));
    assert_eq!(order.mode, Some(ChargeMode::Unknown(99)));
}

#[tokio::test]
async fn a_body_of_several_megabytes_decodes() {
    let sample = sample_response("ListCustomerOrders");
    let order = sample["order_infos"][0].to_string();
    let count = 6 * 1024 * 1024 / order.len() + 1;
    let body = format!(r#"{{"total_count":{count},"order_infos":[{}]}}"#, vec![order.as_str(); count].join(","));
    assert!(body.len() > 6 * 1024 * 1024);
    let s = server(move |_, _| Reply::json(200, body.clone()));
    let out = list_orders(&s, RetryPolicy::none()).await.unwrap();
    let orders = out.order_infos.unwrap();
    assert_eq!((orders.len(), out.total_count), (count, Some(count as i64)));
    assert_eq!(orders[count - 1].amount_after_discount.map(|d| d.to_string()).as_deref(), Some("12.34"));
}

#[tokio::test]
async fn a_server_that_stalls_past_the_read_timeout() {
    let timeout = Duration::from_millis(150);
    let client = |url: &str| {
        huaweicloud_sdk_bss::BssClient::from_runtime(crate::runtime(url, fake_retry().0, crate::http(timeout)))
    };
    // No answer at all to a POST: one attempt, a timeout.
    let s = server(|_, _| Reply::Hang);
    let started = Instant::now();
    let pay = huaweicloud_sdk_bss::models::PayCustomerOrderV3Req {
        order_id: "CS2404011234ABCDE".into(),
        use_coupon: "NO".into(),
        use_discount: "NO".into(),
        coupon_infos: None,
        discount_infos: None,
    };
    let err = client(&s.url).pay_orders(pay).send().await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| t.kind), Some(TransportErrorKind::Timeout), "{err:?}");
    assert_eq!(s.attempts(), 1);
    // Half a body, then nothing, to an idempotent GET: three attempts, each timing out.
    let half = sample_response("ListCustomerOrders").to_string();
    let s = server(move |_, _| Reply::StallMidBody { declared: half.len(), sent: half.as_bytes()[..half.len() / 2].to_vec() });
    let err = client(&s.url).list_customer_orders().send().await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| t.kind), Some(TransportErrorKind::Timeout), "{err:?}");
    assert_eq!(s.attempts(), 3);
    assert!(started.elapsed() < Duration::from_secs(5), "timeouts took {:?}", started.elapsed());
}

#[tokio::test]
async fn a_connection_closed_mid_response() {
    let full = sample_response("ListCustomerOrders").to_string();
    let part = full.as_bytes()[..full.len() / 3].to_vec();
    let declared = full.len();
    let s = server(move |_, _| Reply::CloseMidBody { declared, sent: part.clone() });
    let (policy, clock) = fake_retry();
    let err = list_orders(&s, policy).await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| t.kind), Some(TransportErrorKind::Other), "{err:?}");
    assert_eq!((s.attempts(), clock.slept().len()), (3, 2));

    let part = full.as_bytes()[..full.len() / 3].to_vec();
    let s = server(move |_, _| Reply::CloseMidBody { declared, sent: part.clone() });
    let err = pay_orders(&s, fake_retry().0).await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| t.kind), Some(TransportErrorKind::Other), "{err:?}");
    assert_eq!(s.attempts(), 1, "the POST may have been processed: not resent");
}

#[tokio::test]
async fn wrong_site_errors_are_typed() {
    let message = "Access denied. The customer does not belong to the website you are now at.";
    for code in ["CBC.0156", "CBC.0150"] {
        let body = format!(r#"{{"error_code":"{code}","error_msg":"{message}"}}"#);
        // The China-site crate.
        let s = server({
            let body = body.clone();
            move |_, _| Reply::json(403, body.clone())
        });
        let (policy, clock) = fake_retry();
        let err = list_orders(&s, policy).await.unwrap_err();
        assert_eq!((err.status(), err.code()), (Some(403), Some(code)));
        let typed = ErrorCode::of(&err).expect("a code");
        let expected = if code == "CBC.0156" { ErrorCode::Cbc0156 } else { ErrorCode::Cbc0150 };
        assert_eq!(typed, expected);
        assert_eq!(typed.category(), Some(ErrorCategory::WrongSite));
        assert_eq!((s.attempts(), clock.slept().len()), (1, 0), "{code} is not retried");

        // The international crate has the same catalog.
        let s = server(move |_, _| Reply::json(403, body.clone()));
        let err = bssintl(&s.url, fake_retry().0).list_customer_orders().send().await.unwrap_err();
        let typed = huaweicloud_sdk_bssintl::errors::ErrorCode::of(&err).expect("a code");
        assert_eq!(typed.as_str(), code);
        assert_eq!(typed.category(), Some(ErrorCategory::WrongSite));
        assert_eq!(s.attempts(), 1);
    }
}
