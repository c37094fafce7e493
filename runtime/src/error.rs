//! Errors: what a call can fail with, and the shape of generated error-code catalogs.

use std::fmt;

/// Everything a call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error (HTTP status >= 400, or an error code in a 2xx body).
    Service(ServiceError),
    /// The request never got an answer: connection, TLS, timeout.
    Transport(TransportError),
    /// The service answered with a redirect (HTTP 3xx). Never followed: a redirect to another
    /// host would carry the signed request and its credentials there, and a followed redirect
    /// could turn a write into a read that reports success for something that never happened.
    Redirect {
        /// HTTP status (301, 302, 303, 307, 308, …).
        status: u16,
        /// The `Location` header, redacted and made printable; `None` when absent.
        location: Option<String>,
        /// `X-Request-Id` of the answer.
        request_id: Option<String>,
    },
    /// The answer could not be decoded into the expected type.
    Decode {
        /// HTTP status of the answer.
        status: u16,
        /// `X-Request-Id` of the answer.
        request_id: Option<String>,
        /// The JSON path of the value that did not fit (`order_infos[3].amount_info.discounts[0]`);
        /// `None` when the body as a whole was wrong (not JSON, empty where a value was needed).
        path: Option<String>,
        /// What did not fit.
        message: String,
        /// The start of the body ([`body_snippet`]: at most [`MAX_SNIPPET_BYTES`] bytes, lossy
        /// UTF-8, secrets blanked before it was cut, control characters escaped), to see what the
        /// server actually sent.
        snippet: String,
    },
    /// The request breaks documented constraints; nothing was sent.
    Validation(crate::ValidationError),
    /// The request could not be built (e.g. `{domain_id}` needed but no domain id configured).
    InvalidRequest(String),
    /// The client is misconfigured (credentials, endpoint).
    Config(String),
    /// Signing failed.
    Signing(SigningError),
    /// No credentials could be obtained from the client's [`CredentialsProvider`](crate::CredentialsProvider).
    Credentials(CredentialsError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Redirect { status, location, request_id } => {
                write!(f, "the service answered with a redirect (HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, ", request id {id}")?;
                }
                match location {
                    Some(l) => write!(f, ") to {l}; redirects are never followed: check the endpoint"),
                    None => write!(f, ") without a Location; redirects are never followed: check the endpoint"),
                }
            }
            Error::Decode { status, request_id, path, message, snippet } => {
                write!(f, "cannot decode the response (HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, ", request id {id}")?;
                }
                match path {
                    Some(p) => write!(f, ") at `{p}`: {message}")?,
                    None => write!(f, "): {message}")?,
                }
                if !snippet.is_empty() {
                    write!(f, "; body starts with: {snippet}")?;
                }
                Ok(())
            }
            Error::Validation(e) => e.fmt(f),
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Config(m) => write!(f, "configuration error: {m}"),
            Error::Signing(e) => write!(f, "signing failed: {e}"),
            Error::Credentials(e) => write!(f, "no credentials: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => e.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static)),
            Error::Signing(e) => Some(e),
            Error::Validation(e) => Some(e),
            Error::Credentials(e) => Some(e),
            _ => None,
        }
    }
}

impl Error {
    /// The service error, when the service answered with one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The `CBC.xxxx` error code, when the service sent one.
    pub fn code(&self) -> Option<&str> {
        self.as_service().and_then(|e| e.code.as_deref())
    }

    /// The HTTP status of the answer, when there was one (service and decode errors).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Redirect { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `X-Request-Id` of the answer, when there was one: quote it to Huawei support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Redirect { request_id, .. } | Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The transport failure, when the request got no answer.
    pub fn as_transport(&self) -> Option<&TransportError> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the failure is transient, so that the same request sent again may succeed:
    /// transport failures (connection, timeout, other; not an answer over the body limit), HTTP
    /// 429, HTTP 5xx other than 501 and 505, and the error codes the operation's catalog marks
    /// retryable (also in a 2xx body; see [`ServiceError::code_is_retryable`]).
    ///
    /// This does not say whether retrying is *safe*: a timeout or a 5xx may come after the
    /// server acted on the request. The client retries non-idempotent operations only on
    /// connection failures (see [`crate::retry`]).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => e.kind != TransportErrorKind::BodyTooLarge,
            Error::Service(e) => {
                e.status == 429
                    || (e.status >= 500 && e.status != 501 && e.status != 505)
                    || e.code_is_retryable
            }
            _ => false,
        }
    }
}

/// The most body bytes an error keeps ([`body_snippet`]).
pub const MAX_SNIPPET_BYTES: usize = 512;

/// The start of a response body for an error message: at most [`MAX_SNIPPET_BYTES`] bytes, cut
/// at a character boundary, lossy UTF-8, surrounding whitespace trimmed, with `…` appended when
/// cut. Only the response body is used, never request headers, so no credentials end up in it.
pub fn body_snippet(body: &[u8]) -> String {
    let mut cut = &body[..body.len().min(MAX_SNIPPET_BYTES)];
    let truncated = cut.len() < body.len();
    if truncated {
        // Do not end inside a UTF-8 sequence: drop a trailing incomplete one.
        if let Some(start) = cut.iter().rev().take(4).position(|b| b & 0xC0 != 0x80).map(|i| cut.len() - 1 - i) {
            let lead = cut[start];
            let need = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            if start + need > cut.len() {
                cut = &cut[..start];
            }
        }
    }
    let mut text = String::from_utf8_lossy(cut).trim().to_owned();
    if truncated {
        text.push('…');
    }
    text
}

/// [`body_snippet`] of a body whose secrets are blanked first: the redaction runs on (a bounded
/// prefix of) the whole body and only then is the text cut, so that no part of a secret survives
/// at the cut; control characters come out escaped.
pub fn redacted_snippet(body: &[u8], redactor: &crate::redact::Redactor) -> String {
    // Enough of the body that blanking (which only shortens text) still leaves a full snippet.
    const REDACT_WINDOW: usize = 64 * 1024;
    let head = &body[..body.len().min(REDACT_WINDOW)];
    let text = String::from_utf8_lossy(head);
    let cleaned = redactor.clean(text.trim());
    let mut snippet = body_snippet(cleaned.as_bytes());
    if body.len() > head.len() && !snippet.ends_with('…') {
        snippet.push('…');
    }
    snippet
}

/// `text` cut to at most [`MAX_SNIPPET_BYTES`] bytes at a character boundary, with `…` when cut.
pub fn bounded(text: &str) -> String {
    if text.len() <= MAX_SNIPPET_BYTES {
        return text.to_owned();
    }
    body_snippet(text.as_bytes())
}

impl From<SigningError> for Error {
    fn from(e: SigningError) -> Self {
        Error::Signing(e)
    }
}

/// An error answer of the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// HTTP status (200 for business errors answered with success status).
    pub status: u16,
    /// Error code (`CBC.0100`); `None` when the body carried none.
    pub code: Option<String>,
    /// Error message from the body, or the raw body text when it was not a recognised error.
    pub message: String,
    /// `X-Request-Id` of the answer: quote it to Huawei support.
    pub request_id: Option<String>,
    /// Whether `code` is one the operation's error catalog marks retryable (throttling,
    /// `CBC.0250`, for BSS): set by the client from
    /// [`OperationMeta::retryable_codes`](crate::OperationMeta::retryable_codes).
    pub code_is_retryable: bool,
}

impl ServiceError {
    /// An error answer with this status, code, message and request id; [`Self::code_is_retryable`]
    /// is left false (the client sets it).
    pub fn new(status: u16, code: Option<String>, message: impl Into<String>, request_id: Option<String>) -> Self {
        ServiceError { status, code, message: message.into(), request_id, code_is_retryable: false }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service error (HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", {code}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        if self.message.is_empty() {
            match reason_phrase(self.status) {
                Some(reason) => write!(f, "): {reason}, with no error message in the body"),
                None => write!(f, "): no error message in the body"),
            }
        } else {
            write!(f, "): {}", self.message)
        }
    }
}

/// The standard reason phrase of the statuses an error may carry.
fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

impl std::error::Error for ServiceError {}

/// A failure to get any answer, or an answer that could not be read whole.
///
/// Built with [`TransportError::new`] (a [`Transport`](crate::Transport) of your own returns it).
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// Description, with the causes underneath it (never a URL's query, never a header).
    pub message: String,
    /// Underlying error.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// How many attempts the call made before giving up (set by the client; 0 when the error
    /// did not come through a client call).
    pub attempts: u32,
}

impl TransportError {
    /// A transport failure of this kind with this description.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError { kind, message: message.into(), source: None, attempts: 0 }
    }

    /// The same failure with its underlying error.
    pub fn with_source(mut self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }
}

/// Kinds of transport failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Could not connect (DNS, refused, TLS handshake).
    Connect,
    /// Timed out.
    Timeout,
    /// Connected, but the exchange failed; the request may have reached the server.
    Other,
    /// The answer's body was larger than the configured limit
    /// ([`HttpConfig::max_body_bytes`](crate::HttpConfig::max_body_bytes)); reading stopped
    /// there. Not retried: the same request would get the same answer.
    BodyTooLarge,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            TransportErrorKind::Connect => "cannot connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Other => "the exchange failed",
            TransportErrorKind::BodyTooLarge => "the answer is too large",
        };
        write!(f, "transport error: {kind}")?;
        match self.attempts {
            0 => {}
            1 => write!(f, " (1 attempt)")?,
            n => write!(f, " (after {n} attempts)")?,
        }
        write!(f, ": {}", self.message)
    }
}

/// Broad class of an error code, for handling errors by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCategory {
    /// Not an error (`CBC.0000`).
    Success,
    /// A parameter is wrong.
    InvalidParameter,
    /// Authentication failed (token or signature).
    Auth,
    /// Not allowed.
    AccessDenied,
    /// The account belongs to another site (China vs international).
    WrongSite,
    /// Throttled.
    RateLimited,
    /// Something does not exist.
    NotFound,
    /// State conflict.
    Conflict,
    /// Server-side failure.
    Server,
    /// A business rule refused the request.
    Business,
}

/// One entry of a generated error-code catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCodeInfo {
    /// `CBC.xxxx`.
    pub code: &'static str,
    /// Documented HTTP status; `None` when unknown.
    pub status: Option<u16>,
    /// English message; `None` when unknown.
    pub message: Option<&'static str>,
    /// Chinese description.
    pub description_zh: Option<&'static str>,
    /// Broad class.
    pub category: Option<ErrorCategory>,
    /// Whether a retry may succeed.
    pub retryable: bool,
    /// For a legacy code: the newer code that replaces it (servers may send either).
    pub replaced_by: Option<&'static str>,
    /// For a newer code: the legacy code it replaces.
    pub replaces: Option<&'static str>,
}

/// Finds a code in a catalog sorted by code.
pub fn lookup_code(catalog: &'static [ErrorCodeInfo], code: &str) -> Option<&'static ErrorCodeInfo> {
    catalog.binary_search_by(|e| e.code.cmp(code)).ok().map(|i| &catalog[i])
}


/// Why a request could not be signed. Messages never contain key material.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SigningError {
    /// The access key (AK) is empty.
    MissingAccessKey,
    /// The secret key (SK) is empty.
    MissingSecretKey,
    /// An `X-Sdk-Date` header or the `sdk_date` argument is not a valid `YYYYMMDDTHHMMSSZ` UTC
    /// time. Holds (the start of) the offending value.
    InvalidSdkDate(String),
    /// The request already has an `Authorization` header; it was left untouched.
    AuthorizationPresent,
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SigningError::MissingAccessKey => f.write_str("cannot sign request: access key is empty"),
            SigningError::MissingSecretKey => f.write_str("cannot sign request: secret key is empty"),
            SigningError::InvalidSdkDate(value) => write!(
                f,
                "invalid X-Sdk-Date {value:?}: expected YYYYMMDDTHHMMSSZ (UTC), e.g. 20240105T010203Z"
            ),
            SigningError::AuthorizationPresent => f.write_str(
                "request already has an Authorization header; refusing to sign it again",
            ),
        }
    }
}

impl std::error::Error for SigningError {}

/// Why no credentials could be obtained. Messages name variables, files, keys and HTTP
/// statuses, never a secret value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    /// What kind of failure.
    pub kind: CredentialsErrorKind,
    /// What happened, for people.
    pub message: String,
    /// The HTTP status of the metadata service's answer, when there was one.
    pub status: Option<u16>,
    /// How many requests were made to the metadata service (0 for other sources).
    pub attempts: u32,
}

/// Kinds of [`CredentialsError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source is not set up here: variables not set, no profile file, no `[global]`
    /// section, no ECS instance.
    NotConfigured,
    /// The source is set up but unusable: a profile file that cannot be read or parsed, or an
    /// answer of the metadata service without keys or with a bad expiry time.
    Invalid,
    /// The metadata service failed (connection, timeout, HTTP error) after the allowed attempts.
    Unavailable,
}

impl CredentialsError {
    pub(crate) fn new(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError { kind, message: message.into(), status: None, attempts: 0 }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_bounded_and_cut_at_char_boundaries() {
        assert_eq!(body_snippet(b"  short body \n"), "short body");
        let long = "x".repeat(2000);
        let s = body_snippet(long.as_bytes());
        assert!(s.len() <= MAX_SNIPPET_BYTES + '…'.len_utf8() && s.ends_with('…'), "{}", s.len());
        // 511 ASCII bytes then a 3-byte character straddling the limit: it is dropped, not mangled.
        let straddling = format!("{}中文", "a".repeat(511));
        let s = body_snippet(straddling.as_bytes());
        assert_eq!(s, format!("{}…", "a".repeat(511)));
        assert!(!body_snippet(&[0xff, 0xfe, b'a']).is_empty());
    }

    #[test]
    fn classification() {
        let svc = |status, code: Option<&str>| Error::Service(ServiceError::new(status, code.map(Into::into), "", Some("r".into())));
        assert!(svc(503, None).is_retryable() && svc(429, None).is_retryable());
        assert!(!svc(400, Some("CBC.0100")).is_retryable() && !svc(501, None).is_retryable());
        // A code is retryable when the client found it among the operation's retryable codes.
        assert!(!svc(200, Some("CBC.0250")).is_retryable());
        let marked = ServiceError { code_is_retryable: true, ..ServiceError::new(200, Some("CBC.0250".into()), "", None) };
        assert!(Error::Service(marked).is_retryable());
        assert_eq!((svc(404, None).status(), svc(404, None).request_id()), (Some(404), Some("r")));
        let t = Error::Transport(TransportError::new(TransportErrorKind::Timeout, "t"));
        assert!(t.is_retryable() && t.status().is_none() && t.request_id().is_none());
        assert_eq!(t.as_transport().map(|t| t.kind), Some(TransportErrorKind::Timeout));
        let d = Error::Decode { status: 200, request_id: Some("q".into()), path: None, message: "m".into(), snippet: "<html>".into() };
        assert_eq!((d.status(), d.request_id(), d.is_retryable()), (Some(200), Some("q"), false));
        assert!(d.to_string().contains("<html>"));
        assert!(!Error::Config("c".into()).is_retryable());
        let big = Error::Transport(TransportError::new(TransportErrorKind::BodyTooLarge, "b"));
        assert!(!big.is_retryable());
        let r = Error::Redirect { status: 307, location: Some("https://elsewhere/".into()), request_id: Some("z".into()) };
        assert_eq!((r.status(), r.request_id(), r.is_retryable()), (Some(307), Some("z"), false));
        assert!(r.to_string().contains("307") && r.to_string().contains("https://elsewhere/"), "{r}");
    }

    #[test]
    fn displays_say_what_happened() {
        let empty = ServiceError::new(502, None, "", None);
        assert_eq!(empty.to_string(), "service error (HTTP 502): Bad Gateway, with no error message in the body");
        let mut t = TransportError::new(TransportErrorKind::Connect, "tcp connect error: Connection refused (os error 111)");
        t.attempts = 3;
        assert_eq!(t.to_string(), "transport error: cannot connect (after 3 attempts): tcp connect error: Connection refused (os error 111)");
        let d = Error::Decode { status: 200, request_id: None, path: Some("a[3].b".into()), message: "m".into(), snippet: String::new() };
        assert_eq!(d.to_string(), "cannot decode the response (HTTP 200) at `a[3].b`: m");
    }

    #[test]
    fn redacted_snippets_blank_before_cutting() {
        let secret: String = (0..2000).map(|i| char::from(b'A' + (i * 7 % 26) as u8)).collect::<String>() + "/+=tail";
        let redactor = crate::redact::Redactor::new([secret.as_str()]);
        // The page starts 500 bytes in, so the secret straddles the 512-byte cut.
        let page = format!("{}{}\u{1b}[2J", "x".repeat(500), &secret[..1500]);
        let s = redacted_snippet(page.as_bytes(), &redactor);
        assert!(s.starts_with(&"x".repeat(500)) && s.contains("<redacted>"), "{s}");
        assert!(!s.contains(&secret[..8]) && !s.contains("AHOVCJQX"), "{s}");
        assert!(!s.contains('\u{1b}'));
    }
}
