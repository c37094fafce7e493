//! What the generated crates give a Rust user: validation before sending, forward-compatible
//! enums, pagination that stops where it should, typed errors.

use huaweicloud_sdk_bss::{BssClient, Credentials, Error, Site};
use huaweicloud_sdk_runtime::http::{HttpRequest, HttpResponse};
use huaweicloud_sdk_runtime::{BoxFuture, RetryPolicy, Transport, TransportError};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// Answers requests from a queue of canned bodies (status 200) and records each request.
#[derive(Clone, Default)]
struct Script {
    bodies: Arc<Mutex<VecDeque<String>>>,
    seen: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Script {
    fn with(bodies: impl IntoIterator<Item = String>) -> Self {
        Script { bodies: Arc::new(Mutex::new(bodies.into_iter().collect())), seen: Arc::default() }
    }

    fn queries(&self) -> Vec<String> {
        self.seen.lock().unwrap().iter().map(|r| r.url().split_once('?').map(|(_, q)| q.to_string()).unwrap_or_default()).collect()
    }
}

impl Transport for Script {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.seen.lock().unwrap().push(request);
        let body = self.bodies.lock().unwrap().pop_front().unwrap_or_else(|| "{}".into());
        Box::pin(async move { Ok(HttpResponse { status: 200, headers: vec![], body: body.into_bytes() }) })
    }
}

fn client(script: &Script) -> BssClient {
    BssClient::from_runtime(
        BssClient::builder(Site::Cn)
            .credentials(Credentials::aksk("ak", "sk"))
            .transport(script.clone())
            .retry(RetryPolicy::none())
            .build()
            .unwrap(),
    )
}

fn orders_page(ids: std::ops::Range<i64>, total: Option<i64>) -> String {
    let infos: Vec<String> = ids.map(|i| format!(r#"{{"order_id":"O{i}"}}"#)).collect();
    match total {
        Some(t) => format!(r#"{{"total_count":{t},"order_infos":[{}]}}"#, infos.join(",")),
        None => format!(r#"{{"order_infos":[{}]}}"#, infos.join(",")),
    }
}

#[tokio::test]
async fn invalid_requests_list_every_violation_and_send_nothing() {
    let script = Script::default();
    let err = client(&script)
        .list_customer_orders()
        .limit(500)
        .offset(-1)
        .order_id("x".repeat(65))
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else { panic!("expected a validation error, got {err}") };
    let fields: Vec<&str> = v.violations.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["order_id", "limit", "offset"], "{err}");
    assert!(err.to_string().contains("`limit` must be at most 100 (got 500)"), "{err}");
    assert!(script.seen.lock().unwrap().is_empty(), "nothing may be sent for an invalid request");
}

#[tokio::test]
async fn required_path_values_must_not_be_empty() {
    let script = Script::default();
    let err = client(&script).show_customer_order_details("").send().await.unwrap_err();
    assert!(matches!(&err, Error::Validation(v) if v.violations[0].field == "order_id"), "{err}");
}

#[tokio::test]
async fn empty_required_texts_and_badly_formatted_values_are_refused_before_sending() {
    use huaweicloud_sdk_bss::models::{CancelCustomerOrderReq, PayCustomerOrderV3Req, YesNoWord};
    use huaweicloud_sdk_bss::operations::ShowCustomerOrderDetailsRequest;
    let script = Script::default();
    let client = client(&script);
    // A prebuilt request with an empty order id: a violation, not a round trip.
    let err = client.send(&ShowCustomerOrderDetailsRequest::new("")).await.unwrap_err();
    assert!(err.to_string().contains("`order_id` must not be empty"), "{err}");
    let err = client.cancel_customer_order(CancelCustomerOrderReq { order_id: String::new() }).await.unwrap_err();
    assert!(matches!(&err, Error::Validation(v) if v.violations[0].field == "order_id"), "{err}");
    let pay = PayCustomerOrderV3Req {
        order_id: "CS2311230000ABCDE".into(),
        use_coupon: YesNoWord::No,
        use_discount: YesNoWord::No,
        coupon_infos: None,
        discount_infos: None,
    };
    // Flags are typed; their wire text is unchanged.
    assert_eq!(
        serde_json::to_string(&pay).unwrap(),
        r#"{"order_id":"CS2311230000ABCDE","use_coupon":"NO","use_discount":"NO"}"#
    );
    let err = client
        .list_customer_orders()
        .create_time_begin("2024-01-01 00:00:00")
        .payment_time_end("2024-02-30T00:00:00Z")
        .send()
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else { panic!("expected a validation error, got {err}") };
    let fields: Vec<&str> = v.violations.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["create_time_begin", "payment_time_end"], "{err}");
    assert!(err.to_string().contains("must be a UTC time yyyy-MM-ddTHH:mm:ssZ"), "{err}");
    let err = client.show_customer_monthly_sum("2024-1").await.unwrap_err();
    assert!(err.to_string().contains("`bill_cycle` must be a month YYYY-MM"), "{err}");
    assert!(script.seen.lock().unwrap().is_empty(), "nothing may be sent for an invalid request");
    // Optional filters documented as "absent or empty: no filter" may be empty.
    let ok = huaweicloud_sdk_runtime::utc_date_time(std::time::SystemTime::now());
    client.list_customer_orders().create_time_begin(ok).order_id("").send().await.expect("valid");
    client.pay_orders(pay).send().await.expect("valid");
}

#[tokio::test]
async fn pagination_follows_record_offsets_until_the_total() {
    let script = Script::with([orders_page(0..10, Some(25)), orders_page(10..20, Some(25)), orders_page(20..25, Some(25))]);
    let all = client(&script).list_customer_orders().limit(10).into_stream().collect_all().await.unwrap();
    let ids: Vec<String> = all.iter().map(|o| o.order_id.clone().unwrap()).collect();
    assert_eq!(ids.len(), 25);
    assert_eq!((ids[0].as_str(), ids[24].as_str()), ("O0", "O24"));
    assert_eq!(script.queries(), ["limit=10&offset=0", "limit=10&offset=10", "limit=10&offset=20"]);
}

#[tokio::test]
async fn pagination_stops_on_a_short_page_without_a_total() {
    let script = Script::with([orders_page(0..10, None), orders_page(10..13, None), orders_page(13..20, None)]);
    let all = client(&script).list_customer_orders().limit(10).into_stream().collect_all().await.unwrap();
    assert_eq!(all.len(), 13);
    assert_eq!(script.seen.lock().unwrap().len(), 2, "a page shorter than the limit is the last");
}

#[tokio::test]
async fn pagination_starts_at_the_callers_offset_and_stops_on_an_error() {
    let script = Script::with([orders_page(5..15, Some(100)), r#"{"error_code":"CBC.0100","error_msg":"bad"}"#.to_string()]);
    let mut stream = client(&script).list_customer_orders().limit(10).offset(5).into_stream();
    let mut ok = 0;
    let mut errors = Vec::new();
    while let Some(item) = stream.next_item().await {
        match item {
            Ok(_) => ok += 1,
            Err(e) => errors.push(e.code().map(str::to_string)),
        }
    }
    assert_eq!((ok, errors), (10, vec![Some("CBC.0100".to_string())]));
    assert_eq!(script.queries(), ["limit=10&offset=5", "limit=10&offset=15"]);
}

#[test]
fn unknown_enum_values_are_kept_not_rejected() {
    use demo_sdk::models::{ChargeMode, Order, OrderStatus};
    let order: Order = serde_json::from_str(r#"{"status":"refunded","mode":99}"#).unwrap();
    assert_eq!(order.status, OrderStatus::Unknown("refunded".into()));
    assert_eq!(order.mode, Some(ChargeMode::Unknown(99)));
    assert_eq!(serde_json::to_string(&order).unwrap(), r#"{"status":"refunded","mode":99}"#);
    let known: Order = serde_json::from_str(r#"{"status":"1","mode":-1}"#).unwrap();
    assert_eq!((known.status.as_str(), known.mode.map(|m| m.value())), ("1", Some(-1)));
    assert_eq!(known.status, OrderStatus::Pending);
}

#[test]
fn real_order_fields_decode_into_enums_and_keep_new_values() {
    use huaweicloud_sdk_bss::models::{CustomerOrderV3, OrderStatus, OrderType};
    let json = r#"{"order_id":"CS1","status":5,"order_type":1}"#;
    let order: CustomerOrderV3 = serde_json::from_str(json).unwrap();
    assert_eq!(order.status, Some(OrderStatus::Completed));
    assert_eq!(order.order_type.as_ref().map(|t| t.value()), Some(1));
    // Values Huawei adds later decode and re-encode unchanged.
    let newer: CustomerOrderV3 = serde_json::from_str(r#"{"status":77,"order_type":99}"#).unwrap();
    assert_eq!(newer.status, Some(OrderStatus::Unknown(77)));
    assert_eq!(newer.order_type, Some(OrderType::Unknown(99)));
    assert_eq!(serde_json::to_string(&newer).unwrap(), r#"{"status":77,"order_type":99}"#);
    // The wrong JSON type is still an error, not an unknown value.
    assert!(serde_json::from_str::<CustomerOrderV3>(r#"{"status":"5"}"#).is_err());
}

#[test]
fn enum_values_outside_the_documented_subset_are_violations() {
    use demo_sdk::models::{ChargeMode, OrderStatus};
    use demo_sdk::operations::ShowOrdersByModeRequest;
    use huaweicloud_sdk_runtime::{Operation, Violations};
    let check = |r: &ShowOrdersByModeRequest| {
        let mut v = Violations::new();
        r.validate(&mut v);
        v.finish("ShowOrdersByMode")
    };
    let mut ok = ShowOrdersByModeRequest::new(ChargeMode::OnDemand);
    ok.modes = Some(vec![ChargeMode::OnDemand]);
    ok.status = Some(OrderStatus::Paid);
    assert!(check(&ok).is_ok());
    let mut bad = ShowOrdersByModeRequest::new(ChargeMode::Unset);
    bad.modes = Some(vec![ChargeMode::OnDemand, ChargeMode::Unknown(7)]);
    bad.status = Some(OrderStatus::Pending);
    let err = check(&bad).unwrap_err();
    let fields: Vec<&str> = err.violations.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(fields, ["mode", "modes[1]", "status"], "{err}");
    assert!(err.to_string().contains("`mode` must be one of 1, 3 (got -1)"), "{err}");
}

#[test]
fn generated_serde_impls_read_and_write_models_like_the_wire() {
    use demo_sdk::models::Account;
    let text = r#"{"account_id":"a1","amount":12345678901234567.89,"credit":null,"history":[0.1,2],"extra":{"x":[1,2]},"resource_Type_code":"hws.ec2","active":true}"#;
    let a: Account = serde_json::from_str(text).unwrap();
    assert_eq!((a.account_id.as_str(), a.amount.to_string().as_str()), ("a1", "12345678901234567.89"));
    assert_eq!((a.credit, a.active, a.resource_type_code.as_deref()), (None, Some(true), Some("hws.ec2")));
    assert_eq!(a.history.as_ref().map(|h| h.iter().map(|d| d.to_string()).collect::<Vec<_>>()), Some(vec!["0.1".into(), "2".into()]));
    // Spec order, `None`s left out, money exact, unknown keys not kept.
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        r#"{"account_id":"a1","amount":12345678901234567.89,"history":[0.1,2],"active":true,"resource_Type_code":"hws.ec2"}"#
    );
    let missing = serde_json::from_str::<Account>(r#"{"account_id":"a1"}"#).unwrap_err();
    assert!(missing.to_string().starts_with("missing field `amount`"), "{missing}");
    let wrong = serde_json::from_str::<Account>(r#"{"account_id":"a1","amount":1,"active":"yes"}"#).unwrap_err();
    assert!(wrong.to_string().contains("expected a boolean"), "{wrong}");
    let not_object = serde_json::from_str::<Account>("[1]").unwrap_err();
    assert!(not_object.to_string().contains("expected struct Account"), "{not_object}");
}

#[tokio::test]
async fn the_error_catalog_decides_which_codes_are_retried() {
    use demo_sdk::operations::ShowThingRequest;
    use huaweicloud_sdk_runtime::testing::{ServiceFault, Stubs};
    // The fixture catalog marks CBC.0250 and the made-up CBC.7001 retryable, nothing else.
    assert_eq!(demo_sdk::errors::RETRYABLE_CODES, ["CBC.0250", "CBC.7001"]);
    let stubs = Stubs::new();
    let busy = stubs.on::<ShowThingRequest>().when(|r| r.thing_id == "busy");
    busy.fail(ServiceFault::new(200, "CBC.7001", "Busy, try again.")).answer(Default::default());
    let bad = stubs.on::<ShowThingRequest>().when(|r| r.thing_id == "bad");
    bad.fail(ServiceFault::new(200, "CBC.0100", "Invalid parameter.")).answer(Default::default());
    let client = demo_sdk::DemoClient::from_runtime(stubs.client());

    client.show_thing("busy", 1).send().await.expect("retried after the catalog's retryable code, then answered");
    let err = client.show_thing("bad", 1).send().await.expect_err("a code the catalog does not mark is final");
    assert_eq!(err.code(), Some("CBC.0100"));
    assert!(!err.is_retryable());
    let sent: Vec<String> = stubs.requests_of::<ShowThingRequest>().into_iter().map(|r| r.thing_id).collect();
    assert_eq!(sent, ["busy", "busy", "bad"]);
}

/// bss and bssintl re-export one shared crate: one catalog in memory, one `ErrorCode` type and
/// one type per common model, which code written for either crate accepts.
#[test]
fn both_sdk_crates_share_one_error_catalog() {
    use huaweicloud_sdk_bss::errors as bss;
    use huaweicloud_sdk_bssintl::errors as intl;
    assert!(std::ptr::eq(bss::CATALOG, intl::CATALOG));
    assert!(std::ptr::eq(bss::RETRYABLE_CODES, intl::RETRYABLE_CODES));
    let code: intl::ErrorCode = bss::ErrorCode::from_code("CBC.0100");
    assert_eq!(code.status(), Some(400));
    assert!(bss::CATALOG.len() > 100, "{} codes", bss::CATALOG.len());
    let page: huaweicloud_sdk_bssintl::models::FailResourceInfo = huaweicloud_sdk_bss::models::FailResourceInfo::default();
    assert_eq!(page, Default::default());
}
