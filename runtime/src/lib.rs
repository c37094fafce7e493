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
//! * `native-roots`: the default transport also trusts the operating system's root certificates
//!   (besides the built-in Mozilla roots and any [`HttpConfig::root_certificates_pem`]).
//! * `testing`: test doubles ([`testing::Stubs`]) and the test kit (loopback server that
//!   verifies signatures, fake clock, test transports) for your own tests.
//!
//! # Credentials
//!
//! Fixed [`Credentials`], the official SDKs' chain ([`Credentials::default_chain`]: environment,
//! profile file, ECS metadata), or any [`CredentialsProvider`]: see [`provider`].
#![warn(missing_docs)]

pub mod client;
pub mod credentials;
pub mod decimal;
pub mod encode;
pub mod error;
pub mod http;
mod json_path;
pub mod model;
pub mod operation;
pub mod paginate;
pub mod provider;
pub mod redact;
pub mod retry;
pub mod signing;
#[cfg(feature = "testing")]
pub mod testing;
pub mod transport;
pub mod validate;

pub use client::{Client, ClientBuilder};
pub use credentials::{AkSk, Credentials, Secret};
pub use decimal::Decimal;
pub use error::{Error, ErrorCategory, ErrorCodeInfo, ServiceError, TransportError, TransportErrorKind};
pub use operation::{AccountKind, Caller, NoContent, Operation, OperationMeta, ParamValue, RequestWriter};
pub use provider::{ChainProvider, CredentialsError, CredentialsErrorKind, CredentialsProvider, EnvProvider, MetadataProvider, ProfileProvider};
pub use retry::{Clock, Jitter, RetryPolicy, TokioClock};
pub use transport::{BoxFuture, HttpConfig, Transport};
pub use signing::utc_date_time;
pub use validate::{Format, Validate, ValidationError, Violation, Violations};

#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
