//! The client: turns an [`Operation`] into a signed request, sends it, and decodes the answer or the error.

use crate::credentials::Credentials;
use crate::error::{Error, ServiceError};
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{fill_path, Operation, RequestWriter};
use crate::transport::{HttpConfig, Transport};
use std::sync::Arc;

/// The `User-Agent` prefix of this SDK.
pub const USER_AGENT: &str = concat!("huaweicloud-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A configured client: endpoint, credentials and transport. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: String,
    credentials: Credentials,
    transport: Arc<dyn Transport>,
    user_agent: String,
    extra_headers: Vec<(String, String)>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    endpoint: Option<String>,
    credentials: Option<Credentials>,
    transport: Option<Arc<dyn Transport>>,
    http: HttpConfig,
    user_agent: Option<String>,
    extra_headers: Vec<(String, String)>,
}

impl ClientBuilder {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The endpoint URL, e.g. `https://bss.myhuaweicloud.com` or `http://127.0.0.1:8080`.
    /// A URL without a scheme gets `https://`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// A custom transport (your HTTP stack, or an in-memory one for tests).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Timeouts and proxy of the default transport.
    pub fn http_config(mut self, config: HttpConfig) -> Self {
        self.http = config;
        self
    }

    /// Text appended to the `User-Agent`.
    pub fn user_agent(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent = Some(suffix.into());
        self
    }

    /// A header sent with every request (e.g. `X-Language: en_US`).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// Builds the client; fails on a missing endpoint or credentials, or a bad endpoint URL.
    pub fn build(self) -> Result<Client, Error> {
        let endpoint = normalize_endpoint(&self.endpoint.ok_or_else(|| Error::Config("no endpoint set".into()))?)?;
        let credentials = self.credentials.ok_or_else(|| Error::Config("no credentials set".into()))?;
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(&self.http)?,
        };
        let user_agent = match self.user_agent {
            Some(s) => format!("{USER_AGENT}; {s}"),
            None => USER_AGENT.to_string(),
        };
        Ok(Client { inner: Arc::new(Inner { endpoint, credentials, transport, user_agent, extra_headers: self.extra_headers }) })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport(http: &HttpConfig) -> Result<Arc<dyn Transport>, Error> {
    Ok(Arc::new(crate::transport::ReqwestTransport::new(http)?))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport(_: &HttpConfig) -> Result<Arc<dyn Transport>, Error> {
    Err(Error::Config("no transport set and the `reqwest` feature is off: call ClientBuilder::transport".into()))
}

fn normalize_endpoint(url: &str) -> Result<String, Error> {
    let url = url.trim().trim_end_matches('/');
    let with_scheme = if url.contains("://") { url.to_string() } else { format!("https://{url}") };
    let (scheme, rest) = with_scheme.split_once("://").expect("has a scheme");
    if scheme != "http" && scheme != "https" {
        return Err(Error::Config(format!("endpoint scheme `{scheme}` is not http or https")));
    }
    if rest.is_empty() || rest.contains('/') || rest.contains('?') {
        return Err(Error::Config(format!("endpoint `{url}` must be scheme://host[:port] with no path")));
    }
    Ok(with_scheme)
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The credentials in use.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// Builds the signed HTTP request of an operation without sending it.
    pub fn prepare<O: Operation>(&self, op: &O) -> Result<HttpRequest, Error> {
        let mut violations = crate::Violations::new();
        op.validate(&mut violations);
        violations.finish(O::META.name).map_err(Error::Validation)?;
        let mut w = RequestWriter::new();
        op.write(&mut w)?;
        let mut values = w.path_params;
        for name in w.credential_params {
            let domain = self.inner.credentials.domain_id().ok_or_else(|| {
                Error::InvalidRequest(format!("{} needs the account id for `{{{name}}}`: set it with Credentials::with_domain_id", O::META.name))
            })?;
            values.push((name, domain.to_string()));
        }
        let path = fill_path(O::META.path, &values)?;
        let mut req = HttpRequest::new(O::META.method, &self.inner.endpoint, &path);
        req.query = w.query;
        req.set_header("Content-Type", "application/json");
        req.set_header("User-Agent", self.inner.user_agent.clone());
        for (k, v) in &self.inner.extra_headers {
            req.set_header(k, v.clone());
        }
        for (k, v) in w.headers {
            req.set_header(&k, v);
        }
        req.body = w.body;
        self.authenticate(&mut req)?;
        Ok(req)
    }

    fn authenticate(&self, req: &mut HttpRequest) -> Result<(), Error> {
        match &self.inner.credentials {
            Credentials::Token(token) => {
                req.set_header("X-Auth-Token", token.expose());
            }
            Credentials::AkSk(k) => {
                if let Some(domain) = &k.domain_id {
                    req.set_header("X-Domain-Id", domain.clone());
                }
                if let Some(token) = &k.security_token {
                    req.set_header("X-Security-Token", token.expose());
                }
                crate::signing::sign_request(req, &k.ak, k.sk.expose(), None)?;
            }
        }
        Ok(())
    }

    /// Sends an operation and decodes its answer.
    pub async fn execute<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        let req = self.prepare(op)?;
        let resp = self.inner.transport.send(req).await.map_err(Error::Transport)?;
        decode_response::<O::Output>(&resp)
    }
}

/// Turns a response into the expected value, or into a [`ServiceError`] that keeps status, code,
/// message and request id.
pub fn decode_response<T: serde::de::DeserializeOwned>(resp: &HttpResponse) -> Result<T, Error> {
    let request_id = resp.request_id().map(str::to_owned);
    if resp.status >= 400 {
        return Err(Error::Service(service_error(resp)));
    }
    let json: serde_json::Value = if resp.body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Object(Default::default())
    } else {
        serde_json::from_slice(&resp.body).map_err(|e| Error::Decode {
            status: resp.status,
            request_id: request_id.clone(),
            message: format!("the body is not JSON: {e}"),
        })?
    };
    // Business errors may come with HTTP 2xx: an error code other than success means failure.
    if let Some((code, message)) = find_error_pair(&json) {
        if !is_success_code(&code) {
            return Err(Error::Service(ServiceError { status: resp.status, code: Some(code), message, request_id }));
        }
    }
    serde_json::from_value(json).map_err(|e| Error::Decode { status: resp.status, request_id, message: e.to_string() })
}

fn is_success_code(code: &str) -> bool {
    code.is_empty() || code == "CBC.0000" || code == "0"
}

fn service_error(resp: &HttpResponse) -> ServiceError {
    let request_id = resp.request_id().map(str::to_owned);
    let parsed: Option<serde_json::Value> = serde_json::from_slice(&resp.body).ok();
    match parsed.as_ref().and_then(find_error_pair) {
        Some((code, message)) => ServiceError { status: resp.status, code: Some(code), message, request_id },
        None => ServiceError {
            status: resp.status,
            code: None,
            message: String::from_utf8_lossy(&resp.body).chars().take(2000).collect(),
            request_id,
        },
    }
}

/// The first `(code, message)` pair of a JSON error body: `error_code`/`error_msg`,
/// `errorCode`/`errorMsg`, `code`/`message`, searched at the top level and then in nested objects.
pub fn find_error_pair(v: &serde_json::Value) -> Option<(String, String)> {
    let obj = v.as_object()?;
    for (c, m) in [("error_code", "error_msg"), ("errorCode", "errorMsg"), ("code", "message")] {
        if let (Some(code), Some(msg)) = (obj.get(c), obj.get(m)) {
            if let Some(code) = scalar_text(code) {
                return Some((code, scalar_text(msg).unwrap_or_default()));
            }
        }
    }
    obj.values().filter(|v| v.is_object()).find_map(find_error_pair)
}

fn scalar_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Null => Some(String::new()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse { status, headers: vec![("X-Request-Id".into(), "rid-1".into())], body: body.as_bytes().to_vec() }
    }

    #[test]
    fn error_bodies_keep_status_code_message_and_request_id() {
        let e = decode_response::<serde_json::Value>(&resp(400, r#"{"error_code":"CBC.0100","error_msg":"bad"}"#)).unwrap_err();
        let s = e.as_service().unwrap();
        assert_eq!((s.status, s.code.as_deref(), s.message.as_str(), s.request_id.as_deref()), (400, Some("CBC.0100"), "bad", Some("rid-1")));
        let nested = decode_response::<serde_json::Value>(&resp(403, r#"{"error":{"code":"APIGW.0301","message":"sig"}}"#)).unwrap_err();
        assert_eq!(nested.code(), Some("APIGW.0301"));
        let raw = decode_response::<serde_json::Value>(&resp(502, "<html>bad gateway</html>")).unwrap_err();
        assert_eq!((raw.code(), raw.as_service().unwrap().message.as_str()), (None, "<html>bad gateway</html>"));
    }

    #[test]
    fn business_errors_with_status_200_are_errors() {
        let e = decode_response::<serde_json::Value>(&resp(200, r#"{"error_code":"CBC.30050001","error_msg":"no"}"#)).unwrap_err();
        assert_eq!((e.code(), e.as_service().unwrap().status), (Some("CBC.30050001"), 200));
        let ok = decode_response::<serde_json::Value>(&resp(200, r#"{"error_code":"CBC.0000","error_msg":"ok","x":1}"#)).unwrap();
        assert_eq!(ok["x"], 1);
    }

    #[test]
    fn empty_and_non_json_success_bodies() {
        assert!(decode_response::<crate::NoContent>(&resp(204, "")).is_ok());
        let e = decode_response::<serde_json::Value>(&resp(200, "not json")).unwrap_err();
        assert!(matches!(e, Error::Decode { status: 200, .. }));
    }

    #[test]
    fn endpoints_are_normalised() {
        assert_eq!(normalize_endpoint("bss.myhuaweicloud.com/").unwrap(), "https://bss.myhuaweicloud.com");
        assert_eq!(normalize_endpoint("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        assert!(normalize_endpoint("ftp://x").is_err());
        assert!(normalize_endpoint("https://x/path").is_err());
    }
}
