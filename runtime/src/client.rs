//! The client: turns an [`Operation`] into a signed request, sends it, and decodes the answer or the error.

use crate::credentials::Credentials;
use crate::provider::{CredentialSource, CredentialsProvider, Resolved};
use crate::error::{bounded, redacted_snippet, Error, ServiceError, TransportError, TransportErrorKind};
use crate::redact::Redactor;
use crate::http::{HttpRequest, HttpResponse};
use crate::operation::{fill_path, AccountKind, ErasedOperation, Operation, RequestWriter};
use crate::retry::{parse_retry_after, Clock, RetryPolicy};
use crate::transport::{HttpConfig, Transport};
use std::sync::Arc;
use std::time::Duration;
use tracing::field::Empty;
use tracing::Instrument;

/// The `User-Agent` prefix of this SDK.
pub const USER_AGENT: &str = concat!("huaweicloud-sdk-rust/", env!("CARGO_PKG_VERSION"));

/// A configured client: endpoint, credentials, transport and retry policy. Cheap to clone.
///
/// # Tracing
///
/// Every [`Client::execute`] call runs in an `INFO` span named `huaweicloud.call` with the fields
/// `operation` (spec name), `method`, `path` (the path template, so no ids), and, once known,
/// `attempts`, `status` and `request_id` (`X-Request-Id`). Each attempt runs in a `DEBUG` span
/// `attempt` with `attempt` (1-based), `status` and `request_id`; a retry logs an `INFO` event
/// with the delay and the error. No field carries credentials, signatures, query strings or
/// bodies.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: String,
    /// Fixed credentials with their prepared signing key, or a provider.
    credentials: CredentialSource,
    transport: Arc<dyn Transport>,
    user_agent: String,
    extra_headers: Vec<(String, String)>,
    retry: RetryPolicy,
    /// The largest response body accepted, also from custom transports.
    max_body_bytes: usize,
    /// The kind of account the user declared the credentials to be.
    account_kind: Option<AccountKind>,
    /// The private runtime of [`Client::block_on`] (and of blocking calls over a custom
    /// transport), started on first use.
    #[cfg(feature = "blocking")]
    blocking: std::sync::OnceLock<tokio::runtime::Runtime>,
    /// For the default transport: the configuration to build the blocking calls' own transport.
    #[cfg(feature = "blocking")]
    default_http: Option<HttpConfig>,
    /// The blocking calls' current-thread runtime and their own connection pool, started on first
    /// use (see [`Client::execute_blocking`]).
    #[cfg(feature = "blocking")]
    blocking_local: std::sync::OnceLock<BlockingLocal>,
    /// Test doubles that answer instead of the transport.
    #[cfg(feature = "testing")]
    stubs: Option<crate::testing::Stubs>,
}

/// The blocking calls' current-thread runtime and the transport only it uses.
#[cfg(feature = "blocking")]
type BlockingLocal = (tokio::runtime::Runtime, Arc<dyn Transport>);

#[cfg(feature = "blocking")]
impl Drop for Inner {
    fn drop(&mut self) {
        // Dropping a runtime inside an async context panics; shutting it down in the background
        // never does, wherever the last clone of the client goes away.
        if let Some(rt) = self.blocking.take() {
            rt.shutdown_background();
        }
        if let Some((rt, _)) = self.blocking_local.take() {
            rt.shutdown_background();
        }
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    endpoint: Option<String>,
    credentials: Option<Arc<dyn CredentialsProvider>>,
    transport: Option<Arc<dyn Transport>>,
    http: HttpConfig,
    user_agent: Option<String>,
    extra_headers: Vec<(String, String)>,
    retry: RetryPolicy,
    account_kind: Option<AccountKind>,
    #[cfg(feature = "testing")]
    stubs: Option<crate::testing::Stubs>,
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

    /// Where credentials come from: fixed [`Credentials`], [`Credentials::default_chain`], or
    /// any [`CredentialsProvider`] (asked before every attempt; see [`crate::provider`]).
    pub fn credentials(mut self, credentials: impl CredentialsProvider) -> Self {
        self.credentials = Some(Arc::new(credentials));
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

    /// How failed calls are retried; [`RetryPolicy::default`] (on, bounded) unless set.
    /// [`RetryPolicy::none`] turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Declares what kind of account the credentials belong to. AK/SK do not tell, so this is
    /// yours to say; when said, a call to an operation whose API reference names another kind
    /// of caller logs a `tracing` warning (the call is still sent: the server decides).
    pub fn account_kind(mut self, kind: AccountKind) -> Self {
        self.account_kind = Some(kind);
        self
    }

    /// Test doubles (feature `testing`): every attempt is validated, built and signed as usual,
    /// then answered by `stubs` instead of the transport (see [`crate::testing::Stubs`]).
    #[cfg(feature = "testing")]
    pub fn stubs(mut self, stubs: crate::testing::Stubs) -> Self {
        self.stubs = Some(stubs);
        self
    }

    /// Builds the client; fails on a missing endpoint or credentials, or a bad endpoint URL.
    pub fn build(self) -> Result<Client, Error> {
        let endpoint = normalize_endpoint(&self.endpoint.ok_or_else(|| Error::Config("no endpoint set".into()))?)?;
        let credentials = self.credentials.ok_or_else(|| Error::Config("no credentials set".into()))?;
        #[cfg(feature = "blocking")]
        let default_http = self.transport.is_none().then(|| self.http.clone());
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(&self.http)?,
        };
        let user_agent = match self.user_agent {
            Some(s) => format!("{USER_AGENT}; {s}"),
            None => USER_AGENT.to_string(),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                credentials: CredentialSource::new(credentials),
                transport,
                user_agent,
                extra_headers: self.extra_headers,
                retry: self.retry,
                max_body_bytes: self.http.max_body_bytes,
                account_kind: self.account_kind,
                #[cfg(feature = "blocking")]
                blocking: std::sync::OnceLock::new(),
                #[cfg(feature = "blocking")]
                default_http,
                #[cfg(feature = "blocking")]
                blocking_local: std::sync::OnceLock::new(),
                #[cfg(feature = "testing")]
                stubs: self.stubs,
            }),
        })
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

    /// The credentials, when they are fixed; `None` when they come from a provider.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.inner.credentials.fixed()
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Builds the signed HTTP request of an operation without sending it, signed at the current
    /// time. With a credentials provider, signs with the credentials it gave last, and fails
    /// with [`Error::Config`] before the first call (use [`Client::prepare_async`] there).
    pub fn prepare<O: Operation>(&self, op: &O) -> Result<HttpRequest, Error> {
        self.prepare_at(ErasedOperation::of(op), None)
    }

    /// [`Client::prepare`], asking the credentials provider first.
    pub async fn prepare_async<O: Operation>(&self, op: &O) -> Result<HttpRequest, Error> {
        self.prepare_erased_async(ErasedOperation::of(op)).await
    }

    async fn prepare_erased_async(&self, op: ErasedOperation<'_>) -> Result<HttpRequest, Error> {
        let credentials = self.inner.credentials.resolve().await?;
        self.prepare_with(op, &credentials, None)
    }

    /// [`Client::prepare`] with the signing time as `X-Sdk-Date` text (`None`: now).
    fn prepare_at(&self, op: ErasedOperation<'_>, sdk_date: Option<&str>) -> Result<HttpRequest, Error> {
        let credentials = self.inner.credentials.current().ok_or_else(|| {
            Error::Config("the credentials provider has not been asked yet: use prepare_async or execute".into())
        })?;
        self.prepare_with(op, &credentials, sdk_date)
    }

    /// Builds and signs with `credentials`. Checks the documented constraints first: an
    /// invalid request is never sent.
    fn prepare_with(&self, op: ErasedOperation<'_>, credentials: &Resolved, sdk_date: Option<&str>) -> Result<HttpRequest, Error> {
        let meta = &op.meta;
        let mut violations = crate::Violations::new();
        op.request.validate_into(&mut violations);
        violations.finish(meta.name).map_err(Error::Validation)?;
        let mut w = RequestWriter::new();
        op.request.write_to(&mut w)?;
        let mut values = w.path_params;
        for name in w.credential_params {
            let domain = credentials.credentials.domain_id().ok_or_else(|| {
                Error::InvalidRequest(format!("{} needs the account id for `{{{name}}}`: set it with Credentials::with_domain_id", meta.name))
            })?;
            values.push((name, domain.to_string()));
        }
        let path = fill_path(meta.path, &values)?;
        let mut req = HttpRequest::new(meta.method, &self.inner.endpoint, "");
        req.path = path; // moved in, not copied
        // Room for the usual headers and those the signer adds, so the list never regrows.
        req.headers.reserve(8 + self.inner.extra_headers.len() + w.headers.len());
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
        authenticate(&mut req, credentials, sdk_date)?;
        check_headers(&req.headers)?;
        Ok(req)
    }

    /// Sends an operation and decodes its answer, retrying as the [`RetryPolicy`] allows (each
    /// attempt built and signed afresh).
    pub async fn execute<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        self.execute_via(op, &self.inner.transport).await
    }

    /// [`Client::execute`] over a given transport (the client's, or the blocking calls' own):
    /// the erased pipeline, then the typed decoding of the answer.
    async fn execute_via<O: Operation>(&self, op: &O, transport: &Arc<dyn Transport>) -> Result<O::Output, Error> {
        self.call(ErasedOperation::of(op), transport).await?.decode()
    }

    /// Everything of a call but decoding the typed output: sends the operation, retrying as the
    /// policy allows, until an answer that is neither an error nor a redirect (or the last error).
    async fn call(&self, op: ErasedOperation<'_>, transport: &Arc<dyn Transport>) -> Result<Answer, Error> {
        let span = tracing::info_span!(
            "huaweicloud.call",
            operation = op.meta.name,
            method = op.meta.method,
            path = op.meta.path,
            attempts = Empty,
            status = Empty,
            request_id = Empty,
        );
        self.warn_on_caller_mismatch(&op.meta, &span);
        self.execute_with_retries(op, span.clone(), transport).instrument(span).await
    }

    /// Logs a warning when the declared account kind is not a documented caller of the operation.
    fn warn_on_caller_mismatch(&self, meta: &crate::OperationMeta, span: &tracing::Span) {
        if let Some(kind) = self.inner.account_kind {
            if !meta.caller.accepts(kind) {
                tracing::warn!(
                    parent: span,
                    operation = meta.name,
                    account_kind = ?kind,
                    documented_caller = meta.caller.describe(),
                    "the API reference says this operation takes other credentials than the client's declared account kind"
                );
            }
        }
    }

    async fn execute_with_retries(&self, op: ErasedOperation<'_>, call_span: tracing::Span, transport: &Arc<dyn Transport>) -> Result<Answer, Error> {
        let policy = &self.inner.retry;
        let clock = policy.clock();
        let started = clock.now();
        let mut attempt: u32 = 1;
        loop {
            let attempt_span = tracing::debug_span!(parent: &call_span, "attempt", attempt, status = Empty, request_id = Empty);
            call_span.record("attempts", attempt);
            // Asked before every attempt, so that refreshed credentials are picked up.
            let credentials = self.inner.credentials.resolve().instrument(attempt_span.clone()).await?;
            let sent = self.send_once(op, &credentials, clock, transport).instrument(attempt_span.clone()).await;
            let (error, retry_after) = match sent {
                Err(e) => (redact(&credentials.credentials, e), None),
                Ok(resp) => {
                    for span in [&call_span, &attempt_span] {
                        span.record("status", resp.status);
                        if let Some(id) = resp.request_id() {
                            span.record("request_id", scrub(&credentials.credentials, id).as_str());
                        }
                    }
                    let redactor = redactor(&credentials.credentials);
                    match check_answer(&resp, &redactor) {
                        Ok(()) => return Ok(Answer { response: resp, redactor }),
                        Err(e) => (e, retry_after(&resp, clock)),
                    }
                }
            };
            let error = mark_retryable_code(error, op.meta.retryable_codes);
            if attempt >= policy.max_attempts() || !RetryPolicy::should_retry(&error, op.meta.idempotent) {
                return Err(with_attempts(error, attempt));
            }
            let delay = policy.delay(attempt, retry_after);
            let elapsed = clock.now().saturating_duration_since(started);
            if elapsed.saturating_add(delay) > policy.total_budget() {
                tracing::debug!(attempt, elapsed_ms = millis(elapsed), delay_ms = millis(delay), "retry budget exhausted");
                return Err(with_attempts(error, attempt));
            }
            tracing::info!(attempt, delay_ms = millis(delay), error = %error, "retrying");
            clock.sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: build, sign (dated by the policy's clock) and send.
    async fn send_once(&self, op: ErasedOperation<'_>, credentials: &Resolved, clock: &dyn Clock, transport: &Arc<dyn Transport>) -> Result<HttpResponse, Error> {
        let date = crate::signing::format_sdk_date(clock.system_time());
        let req = self.prepare_with(op, credentials, Some(&date))?;
        #[cfg(feature = "testing")]
        if let Some(stubs) = &self.inner.stubs {
            return stubs.answer(op, req);
        }
        let resp = transport.send(req).await.map_err(Error::Transport)?;
        // The same limit for custom transports as the default one enforces while reading.
        if resp.body.len() > self.inner.max_body_bytes {
            return Err(Error::Transport(TransportError::new(
                TransportErrorKind::BodyTooLarge,
                format!("the response body is larger than the limit of {} bytes (HttpConfig::max_body_bytes)", self.inner.max_body_bytes),
            )));
        }
        Ok(resp)
    }
}

/// Marks a service error whose code is among the operation's retryable codes.
fn mark_retryable_code(mut error: Error, retryable_codes: &[&str]) -> Error {
    if let Error::Service(e) = &mut error {
        e.code_is_retryable = e.code.as_deref().is_some_and(|code| retryable_codes.contains(&code));
    }
    error
}

/// The redactor for the secrets of these credentials.
fn redactor(credentials: &Credentials) -> Redactor {
    match credentials {
        Credentials::Token(t) => Redactor::new([t.expose()]),
        Credentials::AkSk(k) => Redactor::new(std::iter::once(k.sk.expose()).chain(k.security_token.as_ref().map(|t| t.expose()))),
    }
}

/// `text` with the credential values a server may have echoed into it blanked, and control
/// characters escaped.
fn scrub(credentials: &Credentials, text: &str) -> String {
    redactor(credentials).clean(text)
}

/// Removes credential values a server may have echoed into an error's text or request id.
fn redact(credentials: &Credentials, mut error: Error) -> Error {
    let redactor = redactor(credentials);
    match &mut error {
        Error::Service(e) => redact_service_error(e, &redactor),
        Error::Redirect { location, request_id, .. } => {
            for text in [location, request_id].into_iter().flatten() {
                *text = bounded(&redactor.clean(text));
            }
        }
        Error::Decode { message, snippet, request_id, .. } => {
            *message = redactor.clean(message);
            *snippet = redactor.clean(snippet);
            if let Some(id) = request_id {
                *id = bounded(&redactor.clean(id));
            }
        }
        Error::Transport(e) => e.message = redactor.clean(&e.message),
        _ => {}
    }
    error
}

/// Adds the credential headers (and the signature, for AK/SK) to a built request.
fn authenticate(req: &mut HttpRequest, credentials: &Resolved, sdk_date: Option<&str>) -> Result<(), Error> {
    match &credentials.credentials {
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
            // Prepared from these same credentials (see `Resolved`).
            let key = credentials.signing_key.as_ref().expect("AK/SK credentials have a signing key");
            crate::signing::sign_with_key(req, &k.ak, key, sdk_date)?;
        }
    }
    Ok(())
}

fn redact_service_error(e: &mut ServiceError, redactor: &Redactor) {
    e.message = bounded(&redactor.clean(&e.message));
    if let Some(id) = &mut e.request_id {
        *id = bounded(&redactor.clean(id));
    }
    if let Some(code) = &mut e.code {
        *code = bounded(&redactor.clean(code));
    }
}

/// The error with the number of attempts the call made, where the error type keeps it.
fn with_attempts(mut error: Error, attempts: u32) -> Error {
    if let Error::Transport(e) = &mut error {
        e.attempts = attempts;
    }
    error
}

/// Refuses header names that are not HTTP tokens and values with control characters (a CR or LF
/// would end the header and start another), before anything is sent. Neither names the value,
/// which may be a credential.
fn check_headers(headers: &[(String, String)]) -> Result<(), Error> {
    for (name, value) in headers {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(Error::InvalidRequest(format!("header name `{}` is not a valid HTTP header name", name.escape_debug())));
        }
        if has_control_char(value) {
            return Err(Error::InvalidRequest(format!(
                "the value of header `{name}` contains a line break or another control character"
            )));
        }
    }
    Ok(())
}

/// Which bytes may appear in an HTTP token (a header name): visible ASCII but no separator. A
/// table rather than a search of a separator list or a `match`: it runs for every byte of every
/// header name.
const TOKEN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0u8;
    while b < 128 {
        let separator = matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'@' | b',' | b';' | b':' | b'\\' | b'"' | b'/' | b'[' | b']' | b'?' | b'='
                | b'{' | b'}'
        );
        table[b as usize] = b.is_ascii_graphic() && !separator;
        b += 1;
    }
    table
};

fn is_token_byte(b: u8) -> bool {
    TOKEN_BYTES[usize::from(b)]
}

/// Whether `value` holds a control character (Unicode `Cc`) other than a tab.
fn has_control_char(value: &str) -> bool {
    // Fast path for values of printable ASCII and tabs (all the values the client builds): a
    // branch-free fold the compiler vectorises, rather than decoding chars one by one.
    let plain = value.bytes().fold(true, |ok, b| ok & (matches!(b, b' '..=b'~') | (b == b'\t')));
    !plain && value.chars().any(|c| c.is_control() && c != '\t')
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The `Retry-After` of an answer, relative to the clock's wall time.
fn retry_after(resp: &HttpResponse, clock: &dyn Clock) -> Option<Duration> {
    resp.header("retry-after").and_then(|v| parse_retry_after(v, clock.system_time()))
}

#[cfg(feature = "blocking")]
impl Client {
    /// Sends an operation and waits for its answer, for callers without an async runtime; the
    /// same as [`Client::execute`] otherwise (retries, tracing, errors).
    ///
    /// With the default transport, the call runs on the calling thread, on a private
    /// current-thread Tokio runtime with a connection pool of its own (started on the first
    /// blocking call and shared by the clones of this client): no hand-off to another thread,
    /// and no connection is ever shared between this runtime and an async caller's, whose
    /// reactor would not drive it. Several threads may make blocking calls at once: they take
    /// turns driving the runtime. With a custom transport, the call runs as one task on a
    /// private runtime with one worker thread instead, since the transport may be shared with
    /// async callers. Blocking and async calls can be mixed on one client.
    ///
    /// # Errors
    ///
    /// Besides the errors of [`Client::execute`]: [`Error::Config`] when called on a thread that
    /// is inside a Tokio runtime (an async task, `block_on`, or `spawn_blocking`), where blocking
    /// would stall the runtime or panic; use `execute(..).await` there (or
    /// `Handle::block_on(client.execute(op))` inside `spawn_blocking`). Also [`Error::Config`] if
    /// the private runtime cannot be started.
    pub fn execute_blocking<O: Operation>(&self, op: &O) -> Result<O::Output, Error> {
        match self.blocking_local_outside_tokio(O::META.name)? {
            Some((runtime, transport)) => runtime.block_on(self.execute_via(op, transport)),
            None => self.block_on(O::META.name, self.execute(op))?,
        }
    }

    /// [`Client::execute_blocking`] for an operation the caller gives away (what generated
    /// `send_blocking` methods use). With a custom transport, the whole call runs as one task on
    /// the private runtime's worker, which also drives the connection, so the calling thread is
    /// woken once. The caller's current `tracing` span stays the parent of the call's span.
    ///
    /// # Errors
    ///
    /// As [`Client::execute_blocking`].
    pub fn execute_blocking_owned<O>(&self, op: O) -> Result<O::Output, Error>
    where
        O: Operation + Send + Sync + 'static,
        O::Output: Send + 'static,
    {
        use tracing::Instrument as _;
        if let Some((runtime, transport)) = self.blocking_local_outside_tokio(O::META.name)? {
            return runtime.block_on(self.execute_via(&op, transport));
        }
        let client = self.clone();
        let call = async move { client.execute(&op).await }.instrument(tracing::Span::current());
        let runtime = self.blocking_runtime_outside_tokio(O::META.name)?;
        match runtime.block_on(runtime.spawn(call)) {
            Ok(result) => result,
            Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            Err(join) => Err(Error::Config(format!("the blocking call ({}) was cancelled: {join}", O::META.name))),
        }
    }

    /// The blocking calls' own runtime and transport (`None` with a custom transport), or the
    /// error for a blocking call made inside a Tokio runtime.
    fn blocking_local_outside_tokio(&self, what: &str) -> Result<Option<&BlockingLocal>, Error> {
        let Some(config) = &self.inner.default_http else { return Ok(None) };
        refuse_inside_tokio(what)?;
        if let Some(local) = self.inner.blocking_local.get() {
            return Ok(Some(local));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start the blocking client's runtime: {e}")))?;
        let transport = default_transport(config)?;
        if let Err((lost_race, _)) = self.inner.blocking_local.set((runtime, transport)) {
            lost_race.shutdown_background();
        }
        Ok(self.inner.blocking_local.get())
    }

    /// Runs `future` to completion on the client's private runtime (see
    /// [`Client::execute_blocking`]); `what` names the work in the error returned when called
    /// inside a Tokio runtime.
    pub fn block_on<F: std::future::Future>(&self, what: &str, future: F) -> Result<F::Output, Error> {
        Ok(self.blocking_runtime_outside_tokio(what)?.block_on(future))
    }

    /// The private runtime, or the error for a blocking call made inside a Tokio runtime.
    fn blocking_runtime_outside_tokio(&self, what: &str) -> Result<&tokio::runtime::Runtime, Error> {
        refuse_inside_tokio(what)?;
        self.blocking_runtime()
    }

    fn blocking_runtime(&self) -> Result<&tokio::runtime::Runtime, Error> {
        if let Some(rt) = self.inner.blocking.get() {
            return Ok(rt);
        }
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("huaweicloud-sdk-blocking")
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start the blocking client's runtime: {e}")))?;
        if let Err(lost_race) = self.inner.blocking.set(rt) {
            lost_race.shutdown_background();
        }
        Ok(self.inner.blocking.get().expect("the runtime was just set"))
    }
}

/// The error for a blocking call made on a thread inside a Tokio runtime.
#[cfg(feature = "blocking")]
fn refuse_inside_tokio(what: &str) -> Result<(), Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::Config(format!(
            "a blocking call ({what}) was made inside a Tokio runtime, where it would block the runtime: \
             use the async method there, or call it from a thread without a runtime"
        )));
    }
    Ok(())
}

/// Turns a response into the expected value, or into a typed error that keeps status, code,
/// message and request id: [`Error::Service`] for HTTP ≥ 400 and for an error code in a 2xx body,
/// [`Error::Redirect`] for any 3xx (and any status outside 200–299 that is not an error), and
/// [`Error::Decode`] naming the JSON path of the value that did not fit.
pub fn decode_response<T: serde::de::DeserializeOwned>(resp: &HttpResponse) -> Result<T, Error> {
    decode_response_redacted(resp, &Redactor::default())
}

/// [`decode_response`], with the secrets `redactor` knows blanked from every text taken from the
/// answer before it is cut and stored in the error.
pub fn decode_response_redacted<T: serde::de::DeserializeOwned>(resp: &HttpResponse, redactor: &Redactor) -> Result<T, Error> {
    check_answer(resp, redactor)?;
    decode_body(resp, redactor)
}

/// An answer that passed [`check_answer`], with what is needed to decode it.
struct Answer {
    response: HttpResponse,
    /// Blanks the secrets of the credentials the request was signed with.
    redactor: Redactor,
}

impl Answer {
    /// The typed output (see [`decode_body`]).
    fn decode<T: serde::de::DeserializeOwned>(self) -> Result<T, Error> {
        decode_body(&self.response, &self.redactor)
    }
}

/// Whether an answer is a success, before its body is decoded: [`Error::Service`] for HTTP ≥ 400
/// and for an error code other than success in a 2xx body, [`Error::Redirect`] for any other
/// status outside 200–299. Not generic, so compiled once.
fn check_answer(resp: &HttpResponse, redactor: &Redactor) -> Result<(), Error> {
    let request_id = resp.request_id().map(|id| bounded(&redactor.clean(id)));
    if resp.status >= 400 {
        let mut e = service_error(resp, redactor);
        redact_service_error(&mut e, redactor);
        return Err(Error::Service(e));
    }
    if !(200..300).contains(&resp.status) {
        let location = resp.header("location").map(|l| bounded(&redactor.clean(l)));
        return Err(Error::Redirect { status: resp.status, location, request_id });
    }
    // An empty body reads as an empty object.
    let body = json_body(resp);
    // Business errors may come with HTTP 2xx: an error code other than success means failure.
    // Most bodies have no error-code key at all and skip this look.
    if body == b"{}" || may_hold_error_code(body) {
        let mut de = serde_json::Deserializer::from_slice(body);
        let json = <serde_json::Value as serde::Deserialize>::deserialize(&mut de).map_err(|e| decode_error(resp, body, redactor, e))?;
        de.end().map_err(|e| decode_failure(resp, redactor, None, e))?;
        if let Some((code, message)) = find_error_pair(&json) {
            if !is_success_code(&code) {
                let mut e = ServiceError::new(resp.status, Some(code), message, request_id);
                redact_service_error(&mut e, redactor);
                return Err(Error::Service(e));
            }
        }
    }
    Ok(())
}

/// The typed output of an answer that passed [`check_answer`], or [`Error::Decode`] naming the
/// JSON path of the value that did not fit.
fn decode_body<T: serde::de::DeserializeOwned>(resp: &HttpResponse, redactor: &Redactor) -> Result<T, Error> {
    if let Some(nothing) = no_data::<T>() {
        return Ok(nothing);
    }
    // Always from the bytes, never from a `Value`: decoding directly is about three times
    // faster. One plain deserializer per response type (the path of an error is found
    // afterwards, from its position) keeps the code each type instantiates small.
    let body = json_body(resp);
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = T::deserialize(&mut de).map_err(|e| decode_error(resp, body, redactor, e))?;
    de.end().map_err(|e| decode_failure(resp, redactor, None, e))?;
    Ok(value)
}

/// The body to decode: an empty (or blank) body reads as an empty object.
fn json_body(resp: &HttpResponse) -> &[u8] {
    if resp.body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        &resp.body
    }
}

/// [`Error::Decode`] for a value of `body` that did not fit, at the path of the value where the
/// error happened ([`crate::json_path::path_at`]).
fn decode_error(resp: &HttpResponse, body: &[u8], redactor: &Redactor, e: serde_json::Error) -> Error {
    let path = crate::json_path::path_at(body, e.line(), e.column(), e.is_syntax());
    decode_failure(resp, redactor, path, e)
}

/// [`Error::Decode`] for a body that is not JSON or does not fit, with secrets blanked.
fn decode_failure(resp: &HttpResponse, redactor: &Redactor, path: Option<String>, inner: serde_json::Error) -> Error {
    let message = match inner.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => format!("the body is not JSON: {inner}"),
        _ => inner.to_string(),
    };
    Error::Decode {
        status: resp.status,
        request_id: resp.request_id().map(|id| bounded(&redactor.clean(id))),
        // Keys come from the server too: as bounded and redacted as the rest.
        path: path.map(|p| bounded(&redactor.clean(&p))),
        message: redactor.clean(&message),
        snippet: redacted_snippet(&resp.body, redactor),
    }
}

/// The value of a type that holds no data (`()`, the output of operations without a response
/// body), which any successful answer gives; `None` for every other type.
fn no_data<T: serde::de::DeserializeOwned>() -> Option<T> {
    if std::mem::size_of::<T>() != 0 {
        return None;
    }
    // Through the same deserializer as every answer body, so that no second deserializer
    // (a `Value`'s) is instantiated for every output type.
    T::deserialize(&mut serde_json::Deserializer::from_slice(b"null")).ok()
}

/// False only when no key [`find_error_pair`] looks for can be in `body`: no `"error_code"`,
/// `"errorCode"` or `"code"`, and no `\u` escape that could spell one.
fn may_hold_error_code(body: &[u8]) -> bool {
    body.iter().enumerate().any(|(i, &b)| match b {
        b'"' => {
            let rest = &body[i + 1..];
            rest.starts_with(b"error_code\"") || rest.starts_with(b"errorCode\"") || rest.starts_with(b"code\"")
        }
        b'\\' => body.get(i + 1) == Some(&b'u'),
        _ => false,
    })
}

fn is_success_code(code: &str) -> bool {
    code.is_empty() || code == "CBC.0000" || code == "0"
}

fn service_error(resp: &HttpResponse, redactor: &Redactor) -> ServiceError {
    let request_id = resp.request_id().map(str::to_owned);
    let parsed: Option<serde_json::Value> = serde_json::from_slice(&resp.body).ok();
    match parsed.as_ref().and_then(find_error_pair) {
        Some((code, message)) => ServiceError::new(resp.status, Some(code), message, request_id),
        None => ServiceError::new(resp.status, None, redacted_snippet(&resp.body, redactor), request_id),
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
    fn business_errors_are_found_by_the_fast_path_check_too() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct AllOptional {
            total_count: Option<i64>,
        }
        for body in [
            r#"{"error_code":"CBC.0150","error_msg":"wrong site"}"#,
            r#"{"error\u005fcode":"CBC.0150","error_msg":"wrong site"}"#,
            r#"{"result":{"errorCode":"CBC.0150","errorMsg":"wrong site"}}"#,
            r#"{"total_count":1,"inner":{"code":"CBC.0150","message":"wrong site"}}"#,
        ] {
            let e = decode_response::<AllOptional>(&resp(200, body)).unwrap_err();
            assert_eq!(e.code(), Some("CBC.0150"), "{body}");
        }
        // Keys that merely end in `code` take the direct path and decode.
        let ok = decode_response::<AllOptional>(&resp(200, r#"{"total_count":3,"service_type_code":"hws.ec2"}"#)).unwrap();
        assert_eq!(ok.total_count, Some(3));
        assert!(!may_hold_error_code(br#"{"service_type_code":"x","codes":["a"]}"#));
        assert!(may_hold_error_code(br#"{"a":{"code":1}}"#));
        let bad = decode_response::<AllOptional>(&resp(200, r#"{"total_count":"three"}"#)).unwrap_err();
        assert!(matches!(bad, Error::Decode { status: 200, .. }), "{bad}");
    }

    #[test]
    fn empty_and_non_json_success_bodies() {
        assert!(decode_response::<crate::NoContent>(&resp(204, "")).is_ok());
        for body in ["", "{}", "{\"result\":1}", "not json"] {
            assert!(decode_response::<()>(&resp(200, body)).is_ok(), "{body}");
        }
        assert!(decode_response::<()>(&resp(200, r#"{"error_code":"CBC.0100","error_msg":"x"}"#)).is_err());
        let e = decode_response::<serde_json::Value>(&resp(200, "not json")).unwrap_err();
        assert!(matches!(e, Error::Decode { status: 200, .. }));
    }

    #[test]
    fn header_injection_is_refused() {
        let h = |name: &str, value: &str| vec![(name.to_string(), value.to_string())];
        assert!(check_headers(&h("X-Language", "zh_CN")).is_ok());
        assert!(check_headers(&h("User-Agent", "a\tb; c/1.0 (x)")).is_ok());
        for value in ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b", "a\u{7f}"] {
            let err = check_headers(&h("X-Language", value)).unwrap_err();
            assert!(matches!(&err, Error::InvalidRequest(m) if m.contains("X-Language") && !m.contains(value)), "{err}");
        }
        for name in ["", "X Lang", "X-Lang:", "X-\r\nEvil", "X-语言"] {
            assert!(check_headers(&h(name, "v")).is_err(), "{name:?}");
        }
    }

    #[test]
    fn token_bytes_and_control_chars() {
        const SEPARATORS: &[u8] = b"()<>@,;:\\\"/[]?={} \t";
        for b in 0..=255u8 {
            assert_eq!(is_token_byte(b), b.is_ascii_graphic() && !SEPARATORS.contains(&b), "{b:#04x}");
        }
        for c in ('\0'..='\u{3000}').chain(['\u{feff}', '\u{1F600}']) {
            let value = format!("a{c}b");
            assert_eq!(has_control_char(&value), c.is_control() && c != '\t', "{c:?}");
        }
    }

    struct NoNetwork;

    impl Transport for NoNetwork {
        fn send(&self, _: HttpRequest) -> crate::BoxFuture<'_, Result<HttpResponse, crate::TransportError>> {
            unreachable!("never sent")
        }
    }

    struct Get;

    impl Operation for Get {
        type Output = serde_json::Value;
        const META: crate::OperationMeta =
            crate::OperationMeta { name: "Get", method: "GET", path: "/v2/{id}", errors: &[], retryable_codes: &["CBC.0250"], idempotent: true, caller: crate::Caller::Unknown };
        fn write(&self, w: &mut RequestWriter) -> Result<(), Error> {
            w.path_param("id", &"a b+c");
            w.query("q", &"x y");
            w.query("a", &7);
            Ok(())
        }
    }

    #[test]
    fn the_client_signs_like_sign_request() {
        const DATE: &str = "20240105T010203Z";
        // Short, typical and longer-than-a-block (hashed by HMAC) secret keys.
        for sk in ["s", "a-forty-character-secret-access-key-0123", &"k".repeat(100)] {
            let client = Client::builder()
                .endpoint("https://bss.myhuaweicloud.com:443")
                .credentials(Credentials::aksk("AK", sk).with_domain_id("d1"))
                .default_header("X-Language", "en_US")
                .transport(NoNetwork)
                .build()
                .unwrap();
            let signed = client.prepare_at(ErasedOperation::of(&Get), Some(DATE)).unwrap();
            let mut expected = signed.clone();
            expected.headers.retain(|(k, _)| k != "Authorization");
            crate::signing::sign_request(&mut expected, "AK", sk, Some(DATE)).unwrap();
            assert_eq!(signed, expected);
        }
        let client = Client::builder().endpoint("h").credentials(Credentials::aksk("AK", "")).transport(NoNetwork).build().unwrap();
        let err = client.prepare_at(ErasedOperation::of(&Get), Some(DATE)).unwrap_err();
        assert!(matches!(err, Error::Signing(crate::signing::SigningError::MissingSecretKey)), "{err}");
    }

    #[test]
    fn endpoints_are_normalised() {
        assert_eq!(normalize_endpoint("bss.myhuaweicloud.com/").unwrap(), "https://bss.myhuaweicloud.com");
        assert_eq!(normalize_endpoint("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
        assert!(normalize_endpoint("ftp://x").is_err());
        assert!(normalize_endpoint("https://x/path").is_err());
    }
}
