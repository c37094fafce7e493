//! The cost of one call's client-side work, with criterion:
//!
//! - `sign/*`: [`sign_request`] alone on a request already built (what `Client::prepare` signs:
//!   same headers, query and body, signed at the current time);
//! - `prepare/*`: validating, building, serialising and signing one request ([`Client::prepare`])
//!   for the two shapes of `benches/sign.rs` (a GET with five query parameters, a POST with a
//!   ~450-byte JSON body) and for the generated crate's real `ListCustomerOrdersRequest`;
//! - `decode/*`: a ListCustomerOrders response of 20 orders (~15 KB of JSON: decimals, strings,
//!   nested amounts, discounts, projects, sub-orders) into the generated crate's real
//!   `ListCustomerOrdersResponse`, with serde_json directly and through the runtime's
//!   [`decode_response`] (the path every call takes: business-error check, then the model), and
//!   into an untyped `serde_json::Value` as a baseline.
//!
//! Run with `cargo bench -p huaweicloud-sdk-runtime --bench request` (one group:
//! `… --bench request -- decode/`). Nothing is sent: the client's transport is never called.
//! Figures are in `bench/README.md`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use huaweicloud_sdk_bss::models::ListCustomerOrdersResponse;
use huaweicloud_sdk_bss::operations::ListCustomerOrdersRequest;
use huaweicloud_sdk_runtime::client::decode_response;
use huaweicloud_sdk_runtime::http::{HttpRequest, HttpResponse};
use huaweicloud_sdk_runtime::signing::sign_request;
use huaweicloud_sdk_runtime::{
    BoxFuture, Client, Credentials, Error, HttpConfig, Operation, OperationMeta, RequestWriter, Transport,
    TransportError,
};
use serde_json::json;
use std::fmt::Write as _;
use std::hint::black_box;

const AK: &str = "HPUABCDEFGHIJKLMNOPQ";
const SK: &str = "a-forty-character-secret-access-key-0123";

struct NoNetwork;

impl Transport for NoNetwork {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        unreachable!("the benchmark never sends")
    }
}

/// Like `ListCustomerOrders`: `GET /v2/orders/customer-orders/{order_id}` with query parameters
/// (the same shape as in `benches/sign.rs`).
struct ListOrders {
    order_id: String,
    create_time_begin: String,
    create_time_end: String,
    service_type_code: Option<String>,
    offset: i32,
    limit: i32,
}

impl Operation for ListOrders {
    type Output = serde_json::Value;
    const META: OperationMeta = OperationMeta {
        name: "ListCustomerOrders",
        method: "GET",
        path: "/v2/orders/customer-orders/{order_id}",
        errors: &["CBC.0100", "CBC.0151"],
        idempotent: true,
        caller: huaweicloud_sdk_runtime::Caller::Unknown,
    };
    fn write(&self, w: &mut RequestWriter) -> Result<(), Error> {
        w.path_param("order_id", &self.order_id);
        w.query("create_time_begin", &self.create_time_begin);
        w.query("create_time_end", &self.create_time_end);
        w.query("service_type_code", &self.service_type_code);
        w.query("offset", &self.offset);
        w.query("limit", &self.limit);
        Ok(())
    }
}

/// Like `ListConsumeSubCustomers`: a POST with a JSON body (the same shape as in `benches/sign.rs`).
struct QueryBills {
    body: serde_json::Value,
}

impl Operation for QueryBills {
    type Output = serde_json::Value;
    const META: OperationMeta = OperationMeta {
        name: "ListConsumeSubCustomers",
        method: "POST",
        path: "/v2/bills/subcustomer-bills/res-fee-records/sub-customers/query",
        errors: &[],
        idempotent: false,
        caller: huaweicloud_sdk_runtime::Caller::Unknown,
    };
    fn write(&self, w: &mut RequestWriter) -> Result<(), Error> {
        w.header("X-Language", &"en_US".to_string());
        w.json_body_required(&self.body)
    }
}

fn client() -> Client {
    Client::builder()
        .endpoint("https://bss.myhuaweicloud.com")
        .credentials(Credentials::aksk(AK, SK).with_domain_id("0a1b2c3d4e5f"))
        .http_config(HttpConfig::default())
        .transport(NoNetwork)
        .build()
        .expect("client")
}

fn get_op() -> ListOrders {
    ListOrders {
        order_id: "CS2401051234ABCDE".into(),
        create_time_begin: "2024-01-01T00:00:00Z".into(),
        create_time_end: "2024-01-31T23:59:59Z".into(),
        service_type_code: Some("hws.service.type.ebs".into()),
        offset: 0,
        limit: 100,
    }
}

fn post_op() -> QueryBills {
    QueryBills {
        body: json!({
            "cycle": "2024-01", "provider_type": 1, "service_type_code": "hws.service.type.ec2",
            "resource_type_code": "hws.resource.type.vm", "region_code": "cn-north-4",
            "charging_mode": 3, "bill_type": 1, "trade_id": "CS2401051234ABCDE",
            "enterprise_project_id": "0", "include_zero_record": true, "method": "sub_customer",
            "sub_customer_id": "0a1b2c3d4e5f6a7b8c9d", "offset": 0, "limit": 1000, "statistic_type": 2,
            "query_type": "BILLCYCLE", "bill_cycle_begin": "2024-01", "bill_cycle_end": "2024-01"
        }),
    }
}

/// The generated request of the real ListCustomerOrders, with typical filters.
fn generated_op() -> ListCustomerOrdersRequest {
    let mut op = ListCustomerOrdersRequest::new();
    op.create_time_begin = Some("2024-01-01T00:00:00Z".into());
    op.create_time_end = Some("2024-01-31T23:59:59Z".into());
    op.service_type_code = Some("hws.service.type.ebs".into());
    op.limit = Some(100);
    op.offset = Some(0);
    op
}

/// The request `Client::prepare` signs: its signed form without what signing added.
fn unsigned<O: Operation>(client: &Client, op: &O) -> HttpRequest {
    let mut req = client.prepare(op).expect("prepare");
    req.headers.retain(|(k, _)| !["authorization", "x-sdk-date", "host"].iter().any(|h| k.eq_ignore_ascii_case(h)));
    req
}

fn sign(c: &mut Criterion) {
    let client = client();
    let mut g = c.benchmark_group("sign");
    for (name, req) in [("get_5_query_params", unsigned(&client, &get_op())), ("post_json_body", unsigned(&client, &post_op()))] {
        g.bench_function(name, |b| {
            b.iter_batched_ref(
                || req.clone(),
                |r| black_box(sign_request(r, black_box(AK), black_box(SK), None).expect("sign")),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

fn prepare(c: &mut Criterion) {
    let client = client();
    let (get, post, generated) = (get_op(), post_op(), generated_op());
    let mut g = c.benchmark_group("prepare");
    g.bench_function("get_5_query_params", |b| b.iter(|| black_box(client.prepare(black_box(&get)).expect("prepare"))));
    let body_len = serde_json::to_vec(&post.body).expect("json").len();
    g.bench_function(format!("post_json_body_{body_len}_bytes"), |b| {
        b.iter(|| black_box(client.prepare(black_box(&post)).expect("prepare")))
    });
    g.bench_function("generated_list_customer_orders", |b| {
        b.iter(|| black_box(client.prepare(black_box(&generated)).expect("prepare")))
    });
    g.finish();
}

/// A ListCustomerOrders answer of `n` orders, shaped like the real API's (amounts as JSON
/// numbers with up to 8 decimals, optional parts present on some orders only).
fn orders_body(n: usize) -> String {
    let mut orders = Vec::with_capacity(n);
    for i in 0..n {
        let official = format!("{}.{:02}", 100 + i * 37, (i * 13) % 100);
        let paid = format!("{}.{:08}", 80 + i * 29, (i * 7_654_321) % 100_000_000);
        let discount = format!("{}.{:02}", 10 + i, (i * 31) % 100);
        let coupon = i % 5;
        let mut order = format!(
            r#"{{"order_id":"CS24010512{i:02}ABCDE","customer_id":"0a1b2c3d4e5f6a7b8c9d{i:02}","service_type_code":"hws.service.type.ebs","service_type_name":"Elastic Volume Service","source_type":1,"status":5,"order_type":{order_type},"amount_after_discount":{paid},"official_amount":{official},"measure_id":1,"create_time":"2024-01-{day:02}T08:{min:02}:17Z","payment_time":"2024-01-{day:02}T08:{min2:02}:03Z","currency":"CNY","contract_id":"","amount_info":{{"discounts":[{{"discount_type":"301","discount_amount":{discount}}},{{"discount_type":"610","discount_amount":0.5}}],"flexipurchase_coupon_amount":0,"coupon_amount":{coupon}.00,"stored_card_amount":0,"commission_amount":0,"consumed_amount":{paid}}},"enterprise_projects":[{{"id":"0","name":"default"}}]"#,
            order_type = 1 + i % 3,
            day = 1 + i % 28,
            min = i % 60,
            min2 = (i + 3) % 60,
        );
        if i % 4 == 0 {
            let _ = write!(
                order,
                r#","sub_order_infos":[{{"order_id":"CS24010512{i:02}ABCDE-1","customer_id":"0a1b2c3d4e5f6a7b8c9d{i:02}","service_type_code":"hws.service.type.vm","service_type_name":"Elastic Cloud Server","source_type":1,"status":5,"order_type":1,"amount_after_discount":{paid},"official_amount":{official},"measure_id":1,"create_time":"2024-01-05T08:00:00Z","payment_time":"2024-01-05T08:01:00Z","currency":"CNY","enterprise_projects":[{{"id":"0","name":"default"}}]}}]"#
            );
        }
        if i % 2 == 1 {
            order.push_str(r#","agent_pay_info":{"paying_agent_id":"partner-0a1b2c","is_agent_pay":true}"#);
        }
        order.push('}');
        orders.push(order);
    }
    format!(r#"{{"total_count":{},"order_infos":[{}]}}"#, n * 12, orders.join(","))
}

fn decode(c: &mut Criterion) {
    let body = orders_body(20).into_bytes();
    let check = |r: &ListCustomerOrdersResponse| {
        let orders = r.order_infos.as_ref().expect("orders");
        assert_eq!(orders.len(), 20);
        assert!(orders[0].amount_info.as_ref().and_then(|a| a.consumed_amount).is_some());
    };
    check(&serde_json::from_slice(&body).expect("the body decodes"));
    let response = HttpResponse {
        status: 200,
        headers: vec![
            ("Content-Type".into(), "application/json;charset=UTF-8".into()),
            ("X-Request-Id".into(), "5c1e2a0f7b8d4e6a9c3b1d2e4f6a8b0c".into()),
        ],
        body,
    };
    check(&decode_response(&response).expect("the response decodes"));

    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Bytes(response.body.len() as u64));
    let name = |how: &str| format!("{how}/list_customer_orders_20_orders_{}_bytes", response.body.len());
    g.bench_function(name("serde_json_from_slice"), |b| {
        b.iter(|| black_box(serde_json::from_slice::<ListCustomerOrdersResponse>(black_box(&response.body)).expect("decode")))
    });
    // Baseline: the same bytes into an untyped `serde_json::Value` (arbitrary-precision numbers).
    g.bench_function(name("serde_json_value_baseline"), |b| {
        b.iter(|| black_box(serde_json::from_slice::<serde_json::Value>(black_box(&response.body)).expect("decode")))
    });
    g.bench_function(name("runtime_decode_response"), |b| {
        b.iter(|| black_box(decode_response::<ListCustomerOrdersResponse>(black_box(&response)).expect("decode")))
    });
    g.finish();
}

criterion_group!(benches, sign, prepare, decode);
criterion_main!(benches);
