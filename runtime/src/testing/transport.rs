//! Test transports: in-memory answers with a record of what was sent, and a wrapper that fails
//! the first sends of another transport.

use crate::error::{TransportError, TransportErrorKind};
use crate::http::{HttpRequest, HttpResponse};
use crate::transport::{BoxFuture, Transport};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

type Respond = dyn Fn(usize, &HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync;

/// A transport that never touches the network: it records every request (signed, as it would
/// go on the wire) and answers from a script. Cheap to clone; clones share the record.
///
/// ```
/// use huaweicloud_sdk_runtime::testing::MockTransport;
/// use huaweicloud_sdk_runtime::{Client, Credentials};
///
/// let transport = MockTransport::json(200, r#"{"total_count":0}"#);
/// let client = Client::builder()
///     .endpoint("https://bss.myhuaweicloud.com")
///     .credentials(Credentials::aksk("AK", "SK"))
///     .transport(transport.clone())
///     .build()
///     .unwrap();
/// # let _ = client;
/// assert!(transport.requests().is_empty());
/// ```
#[derive(Clone)]
pub struct MockTransport {
    respond: Arc<Respond>,
    seen: Arc<Mutex<Vec<HttpRequest>>>,
}

impl MockTransport {
    /// Answers request number `n` (from 0) as `respond` says.
    pub fn new(respond: impl Fn(usize, &HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static) -> Self {
        MockTransport { respond: Arc::new(respond), seen: Arc::default() }
    }

    /// Answers every request with `status` and the JSON `body`, with `X-Request-Id: req-123`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        let body = body.into();
        Self::new(move |_, _| Ok(response(status, &[("Content-Type", "application/json"), ("X-Request-Id", "req-123")], body.as_bytes())))
    }

    /// Every request sent so far (with its signature: do not print the headers).
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The last request sent.
    ///
    /// # Panics
    ///
    /// When nothing was sent.
    pub fn last(&self) -> HttpRequest {
        self.requests().pop().expect("a request was sent")
    }
}

impl std::fmt::Debug for MockTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockTransport").field("requests", &self.seen.lock().map(|s| s.len()).unwrap_or(0)).finish()
    }
}

impl Transport for MockTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let n = {
            let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            seen.push(request.clone());
            seen.len() - 1
        };
        let answer = (self.respond)(n, &request);
        Box::pin(async move { answer })
    }
}

/// An [`HttpResponse`] with these headers and body.
pub fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        body: body.to_vec(),
    }
}

/// Wraps a transport and fails its first `failures` sends with a transport error of `kind`
/// (nothing reaches the inner transport), e.g. connection failures before a real server.
pub struct FailFirst<T> {
    inner: T,
    failures: u32,
    kind: TransportErrorKind,
    sends: Arc<AtomicU32>,
}

impl<T: Transport> FailFirst<T> {
    /// Fails the first `failures` sends with `kind`, then sends through `inner`.
    pub fn new(inner: T, failures: u32, kind: TransportErrorKind) -> Self {
        FailFirst { inner, failures, kind, sends: Arc::default() }
    }

    /// A counter of the sends so far (failed ones included), shared with the transport.
    pub fn sends(&self) -> Arc<AtomicU32> {
        self.sends.clone()
    }
}

impl<T: Transport> Transport for FailFirst<T> {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        if self.sends.fetch_add(1, Ordering::SeqCst) < self.failures {
            let kind = self.kind;
            return Box::pin(async move { Err(TransportError::new(kind, format!("injected by FailFirst: {kind:?}"))) });
        }
        self.inner.send(request)
    }
}

/// A transport that refuses to send: what [`Stubs::client`](super::Stubs::client) is built
/// with, so that nothing a stub does not answer can reach a network.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNetwork;

impl Transport for NoNetwork {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let what = format!("{} {}", request.method, request.path);
        Box::pin(async move {
            Err(TransportError::new(TransportErrorKind::Other, format!("NoNetwork transport: {what} was not sent (a test client has no network)")))
        })
    }
}
