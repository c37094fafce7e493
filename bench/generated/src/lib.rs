//! Inputs of the generated crate's benchmark (`benches/request.rs`): a realistic
//! ListCustomerOrders request and answer, and a client that never sends.

use huaweicloud_sdk_bss::operations::ListCustomerOrdersRequest;
use huaweicloud_sdk_runtime::http::{HttpRequest, HttpResponse};
use huaweicloud_sdk_runtime::{BoxFuture, Client, Credentials, HttpConfig, Transport, TransportError};
use std::fmt::Write as _;

/// A transport for benchmarks that only prepare or decode: it is never called.
pub struct NoNetwork;

impl Transport for NoNetwork {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        unreachable!("the benchmark never sends")
    }
}

/// A client of the China-site endpoint with fixed AK/SK and domain id, on [`NoNetwork`].
pub fn client() -> Client {
    Client::builder()
        .endpoint("https://bss.myhuaweicloud.com")
        .credentials(Credentials::aksk("HPUABCDEFGHIJKLMNOPQ", "a-forty-character-secret-access-key-0123").with_domain_id("0a1b2c3d4e5f"))
        .http_config(HttpConfig::default())
        .transport(NoNetwork)
        .build()
        .expect("client")
}

/// The generated request of the real ListCustomerOrders, with typical filters.
pub fn list_customer_orders() -> ListCustomerOrdersRequest {
    let mut op = ListCustomerOrdersRequest::new();
    op.create_time_begin = Some("2024-01-01T00:00:00Z".into());
    op.create_time_end = Some("2024-01-31T23:59:59Z".into());
    op.service_type_code = Some("hws.service.type.ebs".into());
    op.limit = Some(100);
    op.offset = Some(0);
    op
}

/// A ListCustomerOrders answer of `n` orders, shaped like the real API's (amounts as JSON
/// numbers with up to 8 decimals, optional parts present on some orders only).
pub fn orders_body(n: usize) -> String {
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
