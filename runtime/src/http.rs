//! Transport-neutral HTTP request and response values: what operations build and transports send.

/// An HTTP request about to be signed and sent.
///
/// `path` is the resource path exactly as it goes on the wire (path parameters already
/// percent-encoded); `query` holds raw, unencoded pairs in declaration order, because the signer
/// sorts and encodes them itself and the wire query is the canonical one.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Upper-case HTTP method, e.g. `GET`.
    pub method: String,
    /// `scheme://host[:port]` of the endpoint, without a trailing slash.
    pub base_url: String,
    /// Resource path, starting with `/`, path parameters already encoded.
    pub path: String,
    /// Raw query pairs (not percent-encoded), in declaration order.
    pub query: Vec<(String, String)>,
    /// Header names and values, in insertion order; names compare case-insensitively.
    pub headers: Vec<(String, String)>,
    /// Body bytes; `None` sends no body.
    pub body: Option<Vec<u8>>,
}

impl HttpRequest {
    /// A request with no query, headers or body.
    pub fn new(method: &str, base_url: &str, path: &str) -> Self {
        HttpRequest {
            method: method.to_ascii_uppercase(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            path: path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets a header, replacing every header of the same name (case-insensitive).
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.into()));
    }

    /// The authority (`host[:port]`) of `base_url`, as the `Host` header carries it.
    pub fn authority(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or(rest)
    }

    /// The full URL sent on the wire: base, path and the canonical (sorted, encoded) query.
    pub fn url(&self) -> String {
        let mut url = String::with_capacity(self.base_url.len() + self.path.len() + 128);
        url.push_str(&self.base_url);
        url.push_str(&self.path);
        if !self.query.is_empty() {
            url.push('?');
            crate::encode::push_canonical_query(&mut url, &self.query);
        }
        url
    }
}

impl std::fmt::Debug for HttpRequest {
    // Headers may carry `Authorization`, `X-Auth-Token` or `X-Security-Token`: never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if is_secret_header(k) { "<redacted>" } else { v.as_str() };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url())
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

/// Headers whose values are credentials and must never be printed.
pub fn is_secret_header(name: &str) -> bool {
    ["authorization", "x-auth-token", "x-security-token"]
        .iter()
        .any(|s| name.eq_ignore_ascii_case(s))
}

/// An HTTP response as a transport received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// Header names and values as received.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `X-Request-Id` Huawei Cloud assigns to every call.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-request-id")
    }
}
