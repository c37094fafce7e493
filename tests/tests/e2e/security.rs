//! Security: path parameters cannot leave their segment, header values cannot inject headers, and
//! the secret key and tokens never show in errors or traces, even when a server echoes them.

use crate::server::{encode, match_operation, variant_api, BssServer, Received, Reply, SECURITY_TOKEN, SK};
use crate::{bss, fake_retry};
use huaweicloud_sdk_runtime::{Credentials, Error, RetryPolicy};
use std::time::Duration;

fn server(script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> BssServer {
    BssServer::start(script)
}

#[tokio::test]
async fn path_parameters_stay_inside_their_segment() {
    let api = variant_api(crate::server::spec_api(), "bss");
    let s = server(|_, _| Reply::json(200, "{}"));
    let client = bss(&s.url, RetryPolicy::none());
    let values = [
        "../../x",
        "a/b?c",
        "x/../../../v2/orders/customer-orders",
        "..%2F..%2Fx",
        "%2e%2e",
        "a#b",
        "?limit=1",
        "/",
        "\\..\\x",
        " ",
        "...",
        "a/./b",
    ];
    for (n, value) in values.iter().enumerate() {
        client.show_customer_order_details(*value).send().await.unwrap_or_else(|e| panic!("{value:?}: {e}"));
        let r = &s.requests()[n];
        let expected = format!("/v2/orders/customer-orders/details/{}", encode(value));
        assert_eq!(r.path, expected, "{value:?} left its segment");
        assert_eq!(r.query, "", "{value:?} leaked into the query");
        let op = match_operation(&api, "GET", &r.path).map(|o| o.name.as_str());
        assert_eq!(op, Some("ShowCustomerOrderDetails"), "{value:?}");
    }
    // `.` and `..` are unreserved characters, so no encoding hides them, and URL parsers resolve
    // such segments; the SDK refuses them instead of calling another resource.
    for value in [".", ".."] {
        let err = client.show_customer_order_details(value).send().await.unwrap_err();
        assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("order_id")), "{value:?}: {err:?}");
    }
    assert_eq!(s.attempts(), values.len(), "nothing is sent for `.` or `..`");
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_before_sending() {
    let s = server(|_, _| Reply::json(200, "{}"));
    let client = bss(&s.url, fake_retry().0);
    for value in ["zh_CN\r\nX-Injected: 1", "zh_CN\nX-Injected: 1", "zh_CN\rX-Injected: 1", "zh\0CN"] {
        let err = client.list_customer_bills_fee_records("2024-01").x_language(value).send().await.unwrap_err();
        assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("X-Language")), "{value:?}: {err:?}");
    }
    // Headers set on the client are checked the same way.
    let injected = crate::runtime_builder(&s.url).default_header("X-Language", "zh_CN\r\nX-Injected: 1").build().unwrap();
    let err = huaweicloud_sdk_bss::BssClient::from_runtime(injected).list_customer_orders().send().await.unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("X-Language")), "{err:?}");
    assert_eq!(s.attempts(), 0, "nothing was sent");
    // A clean value still goes through.
    client.list_customer_bills_fee_records("2024-01").x_language("en_US").send().await.unwrap();
    assert_eq!(s.requests()[0].header("X-Language"), Some("en_US"));
}

const IAM_TOKEN: &str = "e2e-iam-token-MIIDxAYJKoZIhvcNAQcCoIIDtTCCA7ECAQE";

/// A server that echoes every credential it receives into its answers, in every place an error
/// can carry text: an error message, an HTML page, an undecodable body, a decode error, the
/// request id; the request's `offset` picks which.
fn echo_server() -> BssServer {
    server(|_, r| {
        let mode: usize = r.query.split('&').find_map(|p| p.strip_prefix("offset=")).and_then(|v| v.parse().ok()).unwrap_or(0);
        let echo = ["authorization", "x-security-token", "x-auth-token"]
            .iter()
            .filter_map(|h| r.header(h).map(|v| format!("{h}={v}")))
            .collect::<Vec<_>>()
            .join(" ")
            // The server knows the secret key of a signed request (it verifies the signature).
            + &r.header("authorization").map(|_| format!(" sk={SK}")).unwrap_or_default();
        let json_echo = serde_json::Value::from(echo.clone());
        match mode {
            0 => Reply::json(400, format!(r#"{{"error_code":"CBC.0100","error_msg":{json_echo}}}"#)),
            1 => Reply::with_headers(502, &[("Content-Type", "text/html")], format!("<html><body>{echo}</body></html>")),
            2 => Reply::json(200, format!("not json: {echo}")),
            3 => Reply::json(200, format!(r#"{{"total_count":{json_echo}}}"#)),
            4 => {
                let token = r.header("x-security-token").or(r.header("x-auth-token")).unwrap_or_default().to_string();
                Reply::with_headers(403, &[("X-Request-Id", &token)], r#"{"error_code":"CBC.0156","error_msg":"wrong site"}"#)
            }
            _ => Reply::Hang,
        }
    })
}

#[tokio::test]
async fn secrets_never_show_in_errors_or_traces() {
    let capture = capture::global();
    let secrets = [SK, SECURITY_TOKEN, IAM_TOKEN];
    let mut errors: Vec<Error> = Vec::new();
    for credentials in [crate::credentials(), Credentials::token(IAM_TOKEN)] {
        let s = echo_server();
        let runtime = huaweicloud_sdk_runtime::Client::builder()
            .endpoint(&s.url)
            .credentials(credentials)
            .retry(RetryPolicy::none())
            .http_config(crate::http(Duration::from_millis(200)))
            .build()
            .unwrap();
        let client = huaweicloud_sdk_bss::BssClient::from_runtime(runtime);
        for mode in 0..6 {
            errors.push(client.list_customer_orders().offset(mode).send().await.unwrap_err());
        }
        // Errors raised before sending, and retries (which log the error) on a fake clock.
        errors.push(client.list_customer_bills_fee_records("2024-01").x_language("a\r\nb").send().await.unwrap_err());
        errors.push(client.list_customer_orders().limit(1000).send().await.unwrap_err());
        let retrying = huaweicloud_sdk_bss::BssClient::from_runtime(
            huaweicloud_sdk_runtime::Client::builder()
                .endpoint(&s.url)
                .credentials(client.runtime().credentials().expect("fixed credentials").clone())
                .retry(fake_retry().0)
                .http_config(crate::http(Duration::from_millis(200)))
                .build()
                .unwrap(),
        );
        errors.push(retrying.list_customer_orders().offset(1).send().await.unwrap_err());
        assert_eq!(s.attempts(), 6 + 3);
    }
    let mut echoed = 0;
    for err in &errors {
        let shown = format!("{err}\n{err:?}");
        for secret in secrets {
            assert!(!shown.contains(secret), "a secret shows in an error:\n{shown}");
        }
        echoed += usize::from(shown.contains("<redacted>"));
    }
    // Per credentials: the five echoing answers and the retried HTML page.
    assert_eq!(echoed, 12, "the server's echoes did not all reach the errors");
    let log = capture.text();
    assert!(log.contains("span huaweicloud.call: operation=ListCustomerOrders"), "nothing was traced:\n{log}");
    for secret in secrets {
        assert!(!log.contains(secret), "a secret shows in the traces:\n{log}");
    }
}

pub(crate) mod capture {
    //! A subscriber that writes every span and event with its fields into one text log. Global:
    //! a thread-scoped one races with the other tests, whose threads may cache the runtime's
    //! callsites as disabled. The log then holds every test's calls, which is more to check.
    use std::fmt::Write;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex, OnceLock};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Default)]
    pub struct Capture {
        log: Arc<Mutex<String>>,
        next: Arc<AtomicU64>,
    }

    impl Capture {
        pub fn text(&self) -> String {
            self.log.lock().unwrap().clone()
        }
    }

    pub fn global() -> Capture {
        static CAPTURE: OnceLock<Capture> = OnceLock::new();
        CAPTURE
            .get_or_init(|| {
                let c = Capture::default();
                tracing::subscriber::set_global_default(c.clone()).expect("only this test installs a subscriber");
                c
            })
            .clone()
    }

    struct Line<'a>(&'a mut String);

    impl Visit for Line<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, " {}={:?}", field.name(), value);
        }
        fn record_str(&mut self, field: &Field, value: &str) {
            let _ = write!(self.0, " {}={}", field.name(), value);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut line = format!("\nspan {}:", span.metadata().name());
            span.record(&mut Line(&mut line));
            self.log.lock().unwrap().push_str(&line);
            Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) + 1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            let mut line = String::from("\nrecord:");
            values.record(&mut Line(&mut line));
            self.log.lock().unwrap().push_str(&line);
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut line = String::from("\nevent:");
            event.record(&mut Line(&mut line));
            self.log.lock().unwrap().push_str(&line);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}
