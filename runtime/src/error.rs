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
    /// The answer could not be decoded into the expected type.
    Decode {
        /// HTTP status of the answer.
        status: u16,
        /// `X-Request-Id` of the answer.
        request_id: Option<String>,
        /// What did not fit.
        message: String,
    },
    /// The request breaks documented constraints; nothing was sent.
    Validation(crate::ValidationError),
    /// The request could not be built (e.g. `{domain_id}` needed but no domain id configured).
    InvalidRequest(String),
    /// The client is misconfigured (credentials, endpoint).
    Config(String),
    /// Signing failed.
    Signing(crate::signing::SigningError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Decode { status, request_id, message } => {
                write!(f, "cannot decode the response (HTTP {status}")?;
                if let Some(id) = request_id {
                    write!(f, ", request id {id}")?;
                }
                write!(f, "): {message}")
            }
            Error::Validation(e) => e.fmt(f),
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Config(m) => write!(f, "configuration error: {m}"),
            Error::Signing(e) => write!(f, "signing failed: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => e.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static)),
            Error::Signing(e) => Some(e),
            Error::Validation(e) => Some(e),
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
}

impl From<crate::signing::SigningError> for Error {
    fn from(e: crate::signing::SigningError) -> Self {
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
        write!(f, "): {}", self.message)
    }
}

impl std::error::Error for ServiceError {}

/// A failure to get any answer.
#[derive(Debug)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// Description.
    pub message: String,
    /// Underlying error.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
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
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error ({:?}): {}", self.kind, self.message)
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
