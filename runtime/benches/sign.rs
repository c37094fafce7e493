//! Cost of building and signing one request ([`Client::prepare`]) for two typical BSS operations:
//! a GET with a path parameter and five query parameters, and a POST with a ~300-byte JSON body.
//!
//! Run with `cargo bench -p huaweicloud-sdk-runtime --bench sign` (release build); pass an
//! iteration count as the first argument to change it (default 200 000). Prints ns/request.
//! Nothing is sent: the client has a transport that is never called.

use huaweicloud_sdk_runtime::http::{HttpRequest, HttpResponse};
use huaweicloud_sdk_runtime::{
    BoxFuture, Client, Credentials, Error, HttpConfig, Operation, OperationMeta, RequestWriter, Transport,
    TransportError,
};
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;

struct NoNetwork;

impl Transport for NoNetwork {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        unreachable!("the benchmark never sends")
    }
}

/// Like `ListCustomerOrders`: `GET /v2/orders/customer-orders/{order_id}` with query parameters.
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

/// Like `ListConsumeSubCustomers`: a POST with a JSON body.
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

fn measure<O: Operation>(client: &Client, op: &O, iterations: u32) -> f64 {
    for _ in 0..iterations / 10 {
        black_box(client.prepare(black_box(op)).expect("prepare"));
    }
    let start = Instant::now();
    for _ in 0..iterations {
        black_box(client.prepare(black_box(op)).expect("prepare"));
    }
    start.elapsed().as_nanos() as f64 / f64::from(iterations)
}

fn main() {
    // `cargo bench` passes `--bench`; the first numeric argument is the iteration count.
    let iterations = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(200_000u32);
    let client = Client::builder()
        .endpoint("https://bss.myhuaweicloud.com")
        .credentials(
            Credentials::aksk("HPUABCDEFGHIJKLMNOPQ", "a-forty-character-secret-access-key-0123")
                .with_domain_id("0a1b2c3d4e5f"),
        )
        .http_config(HttpConfig::default())
        .transport(NoNetwork)
        .build()
        .expect("client");
    let get = ListOrders {
        order_id: "CS2401051234ABCDE".into(),
        create_time_begin: "2024-01-01T00:00:00Z".into(),
        create_time_end: "2024-01-31T23:59:59Z".into(),
        service_type_code: Some("hws.service.type.ebs".into()),
        offset: 0,
        limit: 100,
    };
    let post = QueryBills {
        body: json!({
            "cycle": "2024-01", "provider_type": 1, "service_type_code": "hws.service.type.ec2",
            "resource_type_code": "hws.resource.type.vm", "region_code": "cn-north-4",
            "charging_mode": 3, "bill_type": 1, "trade_id": "CS2401051234ABCDE",
            "enterprise_project_id": "0", "include_zero_record": true, "method": "sub_customer",
            "sub_customer_id": "0a1b2c3d4e5f6a7b8c9d", "offset": 0, "limit": 1000, "statistic_type": 2,
            "query_type": "BILLCYCLE", "bill_cycle_begin": "2024-01", "bill_cycle_end": "2024-01"
        }),
    };
    let get_ns = measure(&client, &get, iterations);
    let post_ns = measure(&client, &post, iterations);
    println!("build + sign, GET with 5 query parameters: {get_ns:.0} ns/request ({iterations} iterations)");
    println!(
        "build + sign, POST with a {}-byte JSON body: {post_ns:.0} ns/request ({iterations} iterations)",
        serde_json::to_vec(&post.body).unwrap().len()
    );
}
