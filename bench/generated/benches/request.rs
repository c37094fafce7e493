//! The generated crate's per-call cost, with criterion (the runtime's own costs, signing and
//! `Client::prepare` on hand-written operations, are in `runtime/benches/request.rs`):
//!
//! - `prepare/generated_list_customer_orders`: validating, building, serialising and signing the
//!   generated `ListCustomerOrdersRequest` ([`Client::prepare`]);
//! - `decode/*`: a ListCustomerOrders response of 20 orders (~17 KB of JSON: decimals, strings,
//!   nested amounts, discounts, projects, sub-orders) into the generated
//!   `ListCustomerOrdersResponse`, with serde_json directly and through the runtime's
//!   [`decode_response`] (the path every call takes: business-error check, then the model), and
//!   into an untyped `serde_json::Value` as a baseline.
//!
//! Run with `cargo bench -p generated-bench` (one group: `… -- decode/`). Nothing is sent.
//! Figures are in `bench/README.md`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use generated_bench::{client, list_customer_orders, orders_body};
use huaweicloud_sdk_bss::models::ListCustomerOrdersResponse;
use huaweicloud_sdk_runtime::client::decode_response;
use huaweicloud_sdk_runtime::http::HttpResponse;
use huaweicloud_sdk_runtime::Client;
use std::hint::black_box;

fn prepare(c: &mut Criterion) {
    let client: Client = client();
    let generated = list_customer_orders();
    let mut g = c.benchmark_group("prepare");
    g.bench_function("generated_list_customer_orders", |b| {
        b.iter(|| black_box(client.prepare(black_box(&generated)).expect("prepare")))
    });
    g.finish();
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

criterion_group!(benches, prepare, decode);
criterion_main!(benches);
