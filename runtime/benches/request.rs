//! The cost of one call's client-side work, with criterion:
//!
//! - `sign/*`: [`sign_request`] alone on a request already built (what `Client::prepare` signs:
//!   same headers, query and body, signed at the current time);
//! - `prepare/*`: validating, building, serialising and signing one request ([`Client::prepare`])
//!   for the two shapes of `benches/sign.rs` (a GET with five query parameters, a POST with a
//!   ~450-byte JSON body).
//!
//! The same on the generated crate's real `ListCustomerOrdersRequest`, and decoding its real
//! response, is `cargo bench -p generated-bench` (`bench/generated/`): the runtime does not
//! depend on the crates generated on top of it, not even for benchmarks.
//!
//! Run with `cargo bench -p huaweicloud-sdk-runtime --bench request` (one group:
//! `… --bench request -- sign/`). Nothing is sent: the client's transport is never called.
//! Figures are in `bench/README.md`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use huaweicloud_sdk_runtime::http::{HttpRequest, HttpResponse};
use huaweicloud_sdk_runtime::signing::sign_request;
use huaweicloud_sdk_runtime::{
    BoxFuture, Client, Credentials, Error, HttpConfig, Operation, OperationMeta, RequestWriter, Transport,
    TransportError,
};
use serde_json::json;
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
        retryable_codes: &["CBC.0250"],
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
        errors: &[], retryable_codes: &["CBC.0250"],
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
    let (get, post) = (get_op(), post_op());
    let mut g = c.benchmark_group("prepare");
    g.bench_function("get_5_query_params", |b| b.iter(|| black_box(client.prepare(black_box(&get)).expect("prepare"))));
    let body_len = serde_json::to_vec(&post.body).expect("json").len();
    g.bench_function(format!("post_json_body_{body_len}_bytes"), |b| {
        b.iter(|| black_box(client.prepare(black_box(&post)).expect("prepare")))
    });
    g.finish();
}

criterion_group!(benches, sign, prepare);
criterion_main!(benches);
