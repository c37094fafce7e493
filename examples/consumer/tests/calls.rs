//! The build-time generated client sends what its spec says, through the shared runtime.

use bss_consumer_example::bss::{runtime, BssClient, Credentials};
use runtime::http::{HttpRequest, HttpResponse};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<HttpRequest>>>);

impl runtime::Transport for Recorder {
    fn send(&self, request: HttpRequest) -> runtime::BoxFuture<'_, Result<HttpResponse, runtime::TransportError>> {
        self.0.lock().unwrap().push(request);
        Box::pin(async {
            Ok(HttpResponse { status: 200, headers: vec![], body: br#"{"total_count":2,"order_infos":[]}"#.to_vec() })
        })
    }
}

fn client(recorder: &Recorder) -> BssClient {
    let inner = runtime::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(Credentials::aksk("ak", "sk"))
        .transport(recorder.clone())
        .build()
        .unwrap();
    BssClient::from_runtime(inner)
}

#[tokio::test]
async fn generated_operations_reach_the_custom_endpoint() {
    let recorder = Recorder::default();
    let client = client(&recorder);
    let page = client.list_customer_orders().limit(5).send().await.unwrap();
    assert_eq!(page.total_count, Some(2));
    #[allow(deprecated)]
    client.list_free_resource_usages_legacy().await.unwrap();

    let sent = recorder.0.lock().unwrap().clone();
    assert_eq!(sent[0].url(), "http://127.0.0.1:9/v2/orders/customer-orders?limit=5");
    assert_eq!((sent[1].method.as_str(), sent[1].path.as_str()), ("POST", "/v2/payments/free-resources/usages/query"));
    assert_eq!(sent[1].header("Host"), Some("127.0.0.1:9"));
}
