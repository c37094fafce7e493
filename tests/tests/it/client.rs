//! The generated crates against an in-memory transport: real paths, query, headers, signatures,
//! bodies, decoding, and typed errors, with no network.

use huaweicloud_sdk_bss::errors::ErrorCode;
use huaweicloud_sdk_bss::operations::ListCustomerOrdersRequest;
use huaweicloud_sdk_bss::{BssClient, Credentials, Site};
use huaweicloud_sdk_runtime::testing::MockTransport;

/// Answers every request with one canned response (`X-Request-Id: req-123`) and records what
/// was sent: the test kit's in-memory transport.
type Canned = MockTransport;

fn bss(transport: Canned) -> BssClient {
    let runtime = BssClient::builder(Site::Cn)
        .credentials(Credentials::aksk("AKEXAMPLE", "SKEXAMPLE-never-printed").with_domain_id("domain-1"))
        .transport(transport)
        .build()
        .expect("client");
    BssClient::from_runtime(runtime)
}

#[tokio::test]
async fn list_customer_orders_sends_a_signed_get_and_decodes_money_exactly() {
    let transport = Canned::json(200, r#"{"total_count":1,"order_infos":[{"order_id":"CS1","amount_after_discount":12.345678901234567890}]}"#);
    let client = bss(transport.clone());
    let mut request = ListCustomerOrdersRequest::new();
    request.limit = Some(10);
    request.order_id = Some("CS 1+2".into());
    // A prebuilt request goes through the client's generic `send`.
    let answer = client.send(&request).await.expect("success");

    let orders = answer.order_infos.expect("orders");
    assert_eq!(orders[0].amount_after_discount.unwrap().to_string(), "12.345678901234567890");
    assert_eq!(answer.total_count, Some(1));

    let sent = transport.last();
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.base_url, "https://bss.myhuaweicloud.com");
    assert_eq!(sent.path, "/v2/orders/customer-orders");
    assert_eq!(sent.url(), "https://bss.myhuaweicloud.com/v2/orders/customer-orders?limit=10&order_id=CS%201%2B2");
    assert!(sent.body.is_none(), "a GET has no body");
    assert_eq!(sent.header("X-Domain-Id"), Some("domain-1"));
    assert_eq!(sent.header("Host"), Some("bss.myhuaweicloud.com"));
    let auth = sent.header("Authorization").expect("signed");
    assert!(auth.starts_with("SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=content-type;host;user-agent;x-domain-id;x-sdk-date, Signature="), "{auth}");
    assert!(!format!("{sent:?}").contains(auth), "Debug must not show the signature");
    assert!(!format!("{client:?}").contains("SKEXAMPLE"), "Debug must not show the SK");
}

#[tokio::test]
async fn path_parameters_are_encoded() {
    let transport = Canned::json(200, "{}");
    let client = bss(transport.clone());
    client.show_customer_order_details("a/b c").send().await.expect("success");
    assert_eq!(transport.last().path, "/v2/orders/customer-orders/details/a%2Fb%20c");
}

#[tokio::test]
async fn error_answers_keep_status_code_message_and_request_id() {
    let transport = Canned::json(400, r#"{"error_code":"CBC.0100","error_msg":"Invalid parameter."}"#);
    let err = bss(transport).list_customer_orders().await.unwrap_err();
    let service = err.as_service().expect("a service error");
    assert_eq!(service.status, 400);
    assert_eq!(service.code.as_deref(), Some("CBC.0100"));
    assert_eq!(service.message, "Invalid parameter.");
    assert_eq!(service.request_id.as_deref(), Some("req-123"));
    let info = huaweicloud_sdk_bss::errors::describe(&err).expect("CBC.0100 is in the catalog");
    assert_eq!(info.status, Some(400));
    let code = ErrorCode::of(&err).expect("a code");
    assert_eq!(code, ErrorCode::Cbc0100);
    assert_eq!((code.status(), code.description_zh()), (Some(400), Some("参数错误。")));
    assert_eq!(code.category(), Some(huaweicloud_sdk_runtime::ErrorCategory::InvalidParameter));
    assert_eq!(ErrorCode::from_code("CBC.12345678"), ErrorCode::Unknown("CBC.12345678".into()));
}

#[tokio::test]
async fn business_errors_with_http_200_are_errors() {
    let transport = Canned::json(200, r#"{"error_code":"CBC.99003106","error_msg":"order status changed"}"#);
    let err = bss(transport).list_customer_orders().send().await.unwrap_err();
    assert_eq!(err.code(), Some("CBC.99003106"));
    let info = huaweicloud_sdk_bss::errors::lookup("CBC.99003106").expect("in catalog");
    assert_eq!(info.replaces, Some("CBC.3106"));
}

#[tokio::test]
async fn credential_path_parameters_come_from_the_domain_id() {
    use huaweicloud_sdk_bssintl::{BssintlClient, Site as IntlSite};
    let transport = Canned::json(200, "{}");
    let with_domain = BssintlClient::from_runtime(
        BssintlClient::builder(IntlSite::Intl)
            .credentials(Credentials::aksk("ak", "sk").with_domain_id("d-42"))
            .transport(transport.clone())
            .build()
            .unwrap(),
    );
    let call = with_domain.list_invoices("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", 0, 10);
    let request = call.request().clone();
    call.send().await.expect("success");
    assert_eq!(transport.last().path, "/v1.0/d-42/payments/intl-invoices");
    assert_eq!(transport.last().base_url, "https://bss-intl.myhuaweicloud.com");

    let without = BssintlClient::from_runtime(
        BssintlClient::builder(IntlSite::Eu).credentials(Credentials::aksk("ak", "sk")).transport(transport).build().unwrap(),
    );
    let err = without.send(&request).await.unwrap_err();
    assert!(err.to_string().contains("with_domain_id"), "{err}");
}

#[tokio::test]
async fn token_credentials_are_sent_unsigned() {
    let transport = Canned::json(200, "{}");
    let client = BssClient::from_runtime(
        BssClient::builder(Site::Cn).credentials(Credentials::token("iam-token")).transport(transport.clone()).build().unwrap(),
    );
    client.list_customer_orders().send().await.expect("success");
    let sent = transport.last();
    assert_eq!(sent.header("X-Auth-Token"), Some("iam-token"));
    assert!(sent.header("Authorization").is_none());
}
