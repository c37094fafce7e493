//! The test doubles (`testing::Stubs`): typed rules per operation, sequences, faults, the record
//! of requests, validation and retries as in production, async and blocking calls, generated
//! clients.

use huaweicloud_sdk_bss::models::{CustomerOrderV2, ListCustomerOrdersResponse, OrderStatus};
use huaweicloud_sdk_bss::operations::ListCustomerOrdersRequest;
use huaweicloud_sdk_bss::BssClient;
use huaweicloud_sdk_runtime::testing::{ServiceFault, Stubs};
use huaweicloud_sdk_runtime::{Error, Operation, OperationMeta, RequestWriter, RetryPolicy, TransportErrorKind};
use serde_json::{json, Value};
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
struct GetThing {
    id: String,
    verbose: bool,
}

impl Operation for GetThing {
    type Output = Value;
    const META: OperationMeta =
        OperationMeta { name: "GetThing", method: "GET", path: "/v1/things/{id}", errors: &[], retryable_codes: &["CBC.0250"], idempotent: true, caller: huaweicloud_sdk_runtime::Caller::Unknown };
    fn write(&self, w: &mut RequestWriter) -> Result<(), Error> {
        w.path_param("id", &self.id);
        w.query("verbose", &self.verbose);
        w.header("X-Language", &"en_US");
        Ok(())
    }
}

fn get(id: &str) -> GetThing {
    GetThing { id: id.into(), verbose: false }
}

/// A POST that is not idempotent.
#[derive(Clone, Debug)]
struct PayThing;

impl Operation for PayThing {
    type Output = huaweicloud_sdk_runtime::NoContent;
    const META: OperationMeta =
        OperationMeta { name: "PayThing", method: "POST", path: "/v1/things/pay", errors: &[], retryable_codes: &["CBC.0250"], idempotent: false, caller: huaweicloud_sdk_runtime::Caller::Unknown };
    fn write(&self, w: &mut RequestWriter) -> Result<(), Error> {
        w.json_body_required(&json!({"amount": "1.00"}))
    }
}

fn order(amount: &str) -> CustomerOrderV2 {
    CustomerOrderV2 { order_id: Some(format!("CS-{amount}")), amount_after_discount: Some(amount.parse().unwrap()), ..Default::default() }
}

#[tokio::test]
async fn rules_match_by_type_and_predicate_in_order() {
    let stubs = Stubs::new();
    let a = stubs.on::<GetThing>().when(|r| r.id == "a").answer(json!({"name": "A"})).always();
    let verbose = stubs.on::<GetThing>().when(|r| r.verbose).answer(json!({"name": "verbose"})).times(2);
    let client = stubs.client();
    for _ in 0..3 {
        assert_eq!(client.execute(&get("a")).await.unwrap()["name"], "A");
    }
    let v = GetThing { id: "b".into(), verbose: true };
    assert_eq!(client.execute(&v).await.unwrap()["name"], "verbose");
    assert_eq!(client.execute(&v).await.unwrap()["name"], "verbose");
    // Used up: the third verbose call has no answer, and no default is made up.
    let err = client.execute(&v).await.unwrap_err();
    assert!(matches!(&err, Error::Config(m) if m.contains("no stub answers GetThing") && m.contains("/v1/things/b")), "{err}");
    assert!(!err.is_retryable());
    assert_eq!((a.hits(), verbose.hits()), (3, 2));
    // An operation without rules says how to add one.
    let err = client.execute(&PayThing).await.unwrap_err();
    assert!(err.to_string().contains("no rule was made for it (Stubs::on::<it::stubs::PayThing>())"), "{err}");
    assert_eq!(stubs.unanswered().len(), 2);
    assert_eq!(stubs.unanswered()[1].operation, "PayThing");
}

#[tokio::test]
async fn a_throttled_call_is_retried_on_the_fake_clock_then_answered() {
    let stubs = Stubs::new();
    stubs.on::<GetThing>().fail(ServiceFault::throttled().retry_after(Duration::from_secs(4))).answer(json!({"ok": true}));
    let client = stubs.client();
    assert_eq!(client.execute(&get("x")).await.unwrap(), json!({"ok": true}));
    assert_eq!(stubs.clock().slept(), [Duration::from_secs(4)], "Retry-After honoured, no real sleep");
    let seen = stubs.requests();
    assert_eq!(seen.len(), 2);
    // Each attempt is signed afresh: its X-Sdk-Date moved with the fake clock.
    let date = |n: usize| seen[n].http.header("X-Sdk-Date").unwrap().to_string();
    assert_ne!(date(0), date(1));
    // Throttled every time: the policy's 3 attempts, then the service error with its fields.
    let stubs = Stubs::new();
    stubs.on::<GetThing>().fail(ServiceFault::new(429, "CBC.0250", "Flow control.").request_id("rid-9")).always();
    let err = stubs.client().execute(&get("x")).await.unwrap_err();
    let s = err.as_service().expect("a service error");
    assert_eq!((s.status, s.code.as_deref(), s.message.as_str(), s.request_id.as_deref()), (429, Some("CBC.0250"), "Flow control.", Some("rid-9")));
    assert_eq!(stubs.requests().len(), 3);
    // A business error with HTTP 200 is an error too, and not retried.
    let stubs = Stubs::new();
    stubs.on::<GetThing>().fail(ServiceFault::new(200, "CBC.30050001", "The customer does not exist.")).always();
    let err = stubs.client().execute(&get("x")).await.unwrap_err();
    assert_eq!((err.code(), err.status(), stubs.requests().len()), (Some("CBC.30050001"), Some(200), 1));
}

#[tokio::test]
async fn transport_faults_follow_the_retry_rules() {
    // A connection failure is retried even for a POST (the request never left).
    let stubs = Stubs::new();
    stubs.on::<PayThing>().fault(TransportErrorKind::Connect).answer(huaweicloud_sdk_runtime::NoContent);
    stubs.client().execute(&PayThing).await.unwrap();
    assert_eq!(stubs.requests().len(), 2);
    // A timeout is not, for a POST (it may have reached the server).
    let stubs = Stubs::new();
    stubs.on::<PayThing>().fault(TransportErrorKind::Timeout).always();
    let err = stubs.client().execute(&PayThing).await.unwrap_err();
    assert_eq!(err.as_transport().map(|t| (t.kind, t.attempts)), Some((TransportErrorKind::Timeout, 1)));
    // With retries off, one attempt.
    let stubs = Stubs::new();
    stubs.on::<GetThing>().fault(TransportErrorKind::Connect).always();
    let client = stubs.client_builder().retry(RetryPolicy::none()).build().unwrap();
    assert!(client.execute(&get("x")).await.is_err());
    assert_eq!(stubs.requests().len(), 1);
}

#[tokio::test]
async fn the_record_keeps_typed_requests_and_the_wire_shape_without_secrets() {
    let stubs = Stubs::new();
    stubs.on::<GetThing>().answer_with(|r| json!({"echo": r.id})).always();
    let client = stubs.client();
    let op = GetThing { id: "a b/c".into(), verbose: true };
    assert_eq!(client.execute(&op).await.unwrap()["echo"], "a b/c");
    assert_eq!(stubs.requests_of::<GetThing>(), std::slice::from_ref(&op));
    let rec = &stubs.requests()[0];
    assert_eq!((rec.operation, rec.answered, rec.request::<GetThing>()), ("GetThing", true, Some(&op)));
    assert_eq!(rec.request::<PayThing>().map(|_| ()), None, "downcast to another type");
    let http = &rec.http;
    assert_eq!((http.method.as_str(), http.path.as_str()), ("GET", "/v1/things/a%20b%2Fc"));
    assert_eq!(http.url(), "https://bss.stub.invalid/v1/things/a%20b%2Fc?verbose=true");
    assert_eq!(http.header("X-Language"), Some("en_US"));
    assert_eq!(http.header("X-Domain-Id"), Some("stub-domain-id"));
    assert!(http.header("X-Sdk-Date").is_some());
    assert_eq!(http.header("Authorization"), None, "credentials are not recorded");
    assert!(!format!("{:?}", stubs.requests()).contains("stub-secret-key"));
}

#[tokio::test]
async fn generated_clients_validate_before_any_stub_and_page_through_stubs() {
    let stubs = Stubs::new();
    stubs
        .on::<ListCustomerOrdersRequest>()
        .when(|r| r.offset == Some(0))
        .answer(ListCustomerOrdersResponse { total_count: Some(3), order_infos: Some(vec![order("1.10"), order("2.20")]) });
    stubs
        .on::<ListCustomerOrdersRequest>()
        .when(|r| r.offset == Some(2))
        .answer(ListCustomerOrdersResponse { total_count: Some(3), order_infos: Some(vec![order("3.30")]) });
    let client = BssClient::from_runtime(stubs.client());
    // limit is documented as 1..=100: refused before any stub sees it, as in production.
    let err = client.list_customer_orders().limit(500).send().await.unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(stubs.requests().is_empty());

    let mut items = client.list_customer_orders().status(OrderStatus::PendingPayment).limit(2).into_stream();
    let mut ids = Vec::new();
    while let Some(order) = items.next_item().await {
        ids.push(order.unwrap().order_id.unwrap());
    }
    assert_eq!(ids, ["CS-1.10", "CS-2.20", "CS-3.30"]);
    let sent = stubs.requests_of::<ListCustomerOrdersRequest>();
    assert_eq!(sent.iter().map(|r| r.offset).collect::<Vec<_>>(), [Some(0), Some(2)]);
    assert_eq!(stubs.requests()[1].http.url(), "https://bss.stub.invalid/v2/orders/customer-orders?limit=2&offset=2&status=6");
}

#[test]
fn blocking_calls_are_stubbed_too() {
    let stubs = Stubs::new();
    stubs.on::<GetThing>().fail(ServiceFault::new(503, "CBC.0999", "Other errors.")).answer(json!({"blocking": true}));
    stubs.on::<ListCustomerOrdersRequest>().answer(ListCustomerOrdersResponse { total_count: Some(0), order_infos: Some(vec![]) });
    let client = stubs.client();
    assert_eq!(client.execute_blocking(&get("x")).unwrap(), json!({"blocking": true}));
    assert_eq!(stubs.clock().slept().len(), 1, "retried once after the 503");
    // What generated `send_blocking()` methods call.
    let page = client.execute_blocking_owned(ListCustomerOrdersRequest::new()).unwrap();
    assert_eq!(page.total_count, Some(0));
    assert!(client.execute_blocking_owned(ListCustomerOrdersRequest::new()).is_err(), "the rule answered once");
}
