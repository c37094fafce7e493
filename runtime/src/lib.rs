//! Runtime for generated Huawei Cloud SDK crates: credentials, AK/SK signing, transport, errors.
//!
//! Generated crates describe operations ([`Operation`]); this crate builds, signs and sends them
//! ([`Client`]) and turns answers into values or typed [`Error`]s, retrying transient failures
//! ([`RetryPolicy`]) and tracing every call (see [`Client`]).
//!
//! # Cargo features
//!
//! * `reqwest` (default): the default HTTP transport, reqwest with rustls on Tokio.
//! * `blocking`: `Client::execute_blocking`, for callers without an async runtime.
#![warn(missing_docs)]

pub mod client;
pub mod credentials;
pub mod decimal;
pub mod encode;
pub mod error;
pub mod http;
pub mod model;
pub mod operation;
pub mod paginate;
pub mod redact;
pub mod retry;
pub mod signing;
pub mod transport;
pub mod validate;

pub use client::{Client, ClientBuilder};
pub use credentials::{AkSk, Credentials, Secret};
pub use decimal::Decimal;
pub use error::{Error, ErrorCategory, ErrorCodeInfo, ServiceError, TransportError, TransportErrorKind};
pub use operation::{AccountKind, Caller, NoContent, Operation, OperationMeta, ParamValue, RequestWriter};
pub use retry::{Clock, Jitter, RetryPolicy, TokioClock};
pub use transport::{BoxFuture, HttpConfig, Transport};
pub use validate::{utc_date_time, Format, Validate, ValidationError, Violation, Violations};

#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
