//! Transports: the pluggable HTTP stack (reqwest by default, or any [`Transport`] of yours).

use crate::error::TransportError;
use crate::http::{HttpRequest, HttpResponse};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one signed HTTP request and returns the whole response.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request`; a response with any status is `Ok`.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// Timeouts, proxy and trusted certificates of the default transport.
///
/// Server certificates are checked against Mozilla's root certificates built into the
/// program (webpki-roots), plus the operating system's store with the `native-roots` feature,
/// plus any [`root_certificates_pem`](HttpConfig::root_certificates_pem) (e.g. the CA of a
/// TLS-inspecting corporate proxy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    /// Connect timeout (official SDKs: 60 s).
    pub connect_timeout: Duration,
    /// Timeout of the whole exchange after connecting (official SDKs: 120 s read timeout).
    pub timeout: Duration,
    /// Proxy URL for all requests, e.g. `http://proxy:3128`.
    pub proxy: Option<String>,
    /// The largest response body read, in bytes ([`DEFAULT_MAX_BODY_BYTES`] by default). A larger
    /// answer stops being read at this size (whether announced by `Content-Length` or streamed)
    /// and fails with [`TransportErrorKind::BodyTooLarge`](crate::TransportErrorKind::BodyTooLarge),
    /// so a misbehaving server or proxy cannot exhaust memory. The client applies the same
    /// limit to what any custom [`Transport`] returns.
    pub max_body_bytes: usize,
    /// Extra trusted root certificates, PEM text (each entry may hold several certificates).
    pub root_certificates_pem: Vec<String>,
}

/// The default body limit: 32 MiB, about twenty times the largest page BSS documents (1,000
/// bill records of a few hundred bytes to 1.5 KB each).
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(60),
            timeout: Duration::from_secs(120),
            proxy: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            root_certificates_pem: Vec::new(),
        }
    }
}

impl HttpConfig {
    /// Also trusts the certificates of this PEM text (a private or corporate CA).
    pub fn with_root_certificate_pem(mut self, pem: impl Into<String>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }
}

#[cfg(feature = "reqwest")]
pub use self::reqwest_transport::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_transport {
    use super::*;
    use crate::error::TransportErrorKind;

    /// The default transport: reqwest with rustls, no redirects (a 3xx is returned as it is, and
    /// the client turns it into [`crate::Error::Redirect`]), bodies read up to a limit.
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
        max_body_bytes: usize,
    }

    impl ReqwestTransport {
        /// Builds a transport with the given timeouts and proxy.
        pub fn new(config: &HttpConfig) -> Result<Self, crate::Error> {
            let mut builder = reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .timeout(config.timeout)
                .redirect(reqwest::redirect::Policy::none());
            if let Some(proxy) = &config.proxy {
                let proxy = reqwest::Proxy::all(proxy).map_err(|e| crate::Error::Config(format!("invalid proxy URL: {e}")))?;
                builder = builder.proxy(proxy);
            }
            for (i, pem) in config.root_certificates_pem.iter().enumerate() {
                let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                    .ok()
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| crate::Error::Config(format!("root_certificates_pem[{i}] holds no PEM certificate")))?;
                for cert in certs {
                    builder = builder.add_root_certificate(cert);
                }
            }
            let client = builder.build().map_err(|e| crate::Error::Config(format!("cannot build the HTTP client: {e}")))?;
            Ok(ReqwestTransport { client, max_body_bytes: config.max_body_bytes })
        }

        /// A transport that never uses a proxy (not even from the environment), for link-local
        /// services such as the ECS metadata service.
        pub(crate) fn direct(connect_timeout: Duration, timeout: Duration) -> Result<Self, crate::Error> {
            let client = reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .timeout(timeout)
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                // A fresh connection per (rare) fetch: the provider is shared by async and
                // blocking calls, whose runtimes must never share a pooled connection.
                .pool_max_idle_per_host(0)
                .build()
                .map_err(|e| crate::Error::Config(format!("cannot build the HTTP client: {e}")))?;
            // Metadata answers are a few hundred bytes.
            Ok(ReqwestTransport { client, max_body_bytes: 1024 * 1024 })
        }
    }

    impl Transport for ReqwestTransport {
        fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            Box::pin(async move {
                let method = reqwest::Method::from_bytes(request.method.as_bytes())
                    .map_err(|e| TransportError::new(TransportErrorKind::Other, format!("invalid method: {e}")))?;
                let mut builder = self.client.request(method, request.url());
                for (name, value) in &request.headers {
                    // reqwest derives Host from the URL; the signed value is the same authority.
                    if !name.eq_ignore_ascii_case("host") {
                        builder = builder.header(name.as_str(), value.as_str());
                    }
                }
                match request.body {
                    Some(body) => builder = builder.body(body),
                    // A POST, PUT or PATCH without a body still says so: `Content-Length: 0`, as
                    // the official SDKs send it (some gateways refuse these requests without it).
                    None if matches!(request.method.as_str(), "POST" | "PUT" | "PATCH") => {
                        builder = builder.header("Content-Length", "0").body(Vec::new());
                    }
                    None => {}
                }
                let mut response = builder.send().await.map_err(classify)?;
                let status = response.status().as_u16();
                let headers = response
                    .headers()
                    .iter()
                    .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                    .collect();
                let limit = self.max_body_bytes;
                if response.content_length().is_some_and(|n| n > limit as u64) {
                    return Err(too_large(limit));
                }
                // Read chunk by chunk so that an endless or huge body stops at the limit.
                let mut body = Vec::with_capacity(response.content_length().map_or(0, |n| n as usize).min(limit));
                while let Some(chunk) = response.chunk().await.map_err(classify)? {
                    if body.len() + chunk.len() > limit {
                        return Err(too_large(limit));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(HttpResponse { status, headers, body })
            })
        }
    }

    fn too_large(limit: usize) -> TransportError {
        TransportError::new(
            TransportErrorKind::BodyTooLarge,
            format!("the response body is larger than the limit of {limit} bytes (HttpConfig::max_body_bytes)"),
        )
    }

    fn classify(e: reqwest::Error) -> TransportError {
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else {
            TransportErrorKind::Other
        };
        // Without the URL: its query may hold customer ids, and logs must not.
        let e = e.without_url();
        TransportError::new(kind, super::describe_chain(&e)).with_source(e)
    }
}

/// An error and its causes as one line (`error sending request: tcp connect error: Connection
/// refused (os error 111)`), skipping a cause whose text its parent already shows.
pub fn describe_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !part.is_empty() && !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}
