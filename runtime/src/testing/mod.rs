//! Test doubles and the test kit (feature `testing`).
//!
//! * [`Stubs`]: typed stubs for your own unit tests: per operation, answers (an output, a
//!   service error such as `CBC.0250`, a transport fault) for requests matching a predicate, in
//!   sequence or repeated, and a record of the requests made. See the crate README.
//! * [`TestServer`]: a loopback HTTP/1.1 server that records requests, verifies their
//!   SDK-HMAC-SHA256 signatures ([`Received::verify_signature`]) and answers from a script
//!   ([`Reply`]: status, headers, body, hang, stall or close mid-body, chunked streams).
//! * [`FakeClock`]: retry backoff and credential expiry without waiting.
//! * [`MockTransport`], [`FailFirst`], [`NoNetwork`]: transports for tests.
//! * [`metadata`]: answers of the ECS metadata service, for a [`TestServer`] standing in for it.
//!
//! Not for production: enable it in `[dev-dependencies]`.

pub mod clock;
pub mod metadata;
pub mod server;
pub mod stubs;
pub mod transport;

pub use clock::FakeClock;
pub use server::{Received, Reply, ServerBuilder, TestServer, Verified};
pub use stubs::{Recorded, Rule, ServiceFault, Stubs};
pub use transport::{FailFirst, MockTransport, NoNetwork};
