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
    /// Extra trusted root certificates, PEM text (each entry may hold several certificates).
    pub root_certificates_pem: Vec<String>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(60),
            timeout: Duration::from_secs(120),
            proxy: None,
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

    /// The default transport: reqwest with rustls, no redirects.
    #[derive(Debug, Clone)]
    pub struct ReqwestTransport {
        client: reqwest::Client,
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
            Ok(ReqwestTransport { client })
        }

        /// A transport that never uses a proxy (not even from the environment), for link-local
        /// services such as the ECS metadata service.
        pub(crate) fn direct(connect_timeout: Duration, timeout: Duration) -> Result<Self, crate::Error> {
            let client = reqwest::Client::builder()
                .connect_timeout(connect_timeout)
                .timeout(timeout)
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .build()
                .map_err(|e| crate::Error::Config(format!("cannot build the HTTP client: {e}")))?;
            Ok(ReqwestTransport { client })
        }
    }

    impl Transport for ReqwestTransport {
        fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            Box::pin(async move {
                let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| TransportError {
                    kind: TransportErrorKind::Other,
                    message: format!("invalid method: {e}"),
                    source: None,
                })?;
                let mut builder = self.client.request(method, request.url());
                for (name, value) in &request.headers {
                    // reqwest derives Host from the URL; the signed value is the same authority.
                    if !name.eq_ignore_ascii_case("host") {
                        builder = builder.header(name.as_str(), value.as_str());
                    }
                }
                if let Some(body) = request.body {
                    builder = builder.body(body);
                }
                let response = builder.send().await.map_err(classify)?;
                let status = response.status().as_u16();
                let headers = response
                    .headers()
                    .iter()
                    .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                    .collect();
                let body = response.bytes().await.map_err(classify)?.to_vec();
                Ok(HttpResponse { status, headers, body })
            })
        }
    }

    fn classify(e: reqwest::Error) -> TransportError {
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else {
            TransportErrorKind::Other
        };
        // reqwest's Display includes the URL but never headers, so no credential leaks here.
        TransportError { kind, message: e.to_string(), source: Some(Box::new(e)) }
    }
}
