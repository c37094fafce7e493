//! Credential providers: where a client's credentials come from, and the default chain of the
//! official Huawei Cloud SDKs.
//!
//! A [`Client`](crate::Client) asks its [`CredentialsProvider`] for credentials before every
//! attempt. Fixed [`Credentials`] are a provider too (they never change), so
//! `ClientBuilder::credentials(Credentials::aksk(..))` keeps working; any other provider is
//! passed the same way.
//!
//! [`Credentials::default_chain`] looks in the same places, in the same order and with the same
//! formats as Huawei's official core SDK (for global services such as BSS):
//!
//! 1. **explicit** credentials: not part of the chain, you pass [`Credentials`] instead of it;
//! 2. **environment** ([`EnvProvider`]): `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, and
//!    optionally `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_DOMAIN_ID`;
//! 3. **profile file** ([`ProfileProvider`]): `~/.huaweicloud/credentials`, or the file named by
//!    `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, an INI file whose `[global]` section has `ak`, `sk`,
//!    and optionally `domain_id` and `security_token`;
//! 4. **ECS metadata** ([`MetadataProvider`]): the temporary AK/SK and security token of the
//!    agency of the ECS instance the program runs on, from the metadata service
//!    (`http://169.254.169.254`), fetched again before they expire.
//!
//! The chain settles on the first source that answers and keeps using it. Secrets never appear
//! in `Debug` output, errors or traces.
//!
//! ```no_run
//! use huaweicloud_sdk_runtime::{Client, Credentials};
//!
//! let client = Client::builder()
//!     .endpoint("https://bss.myhuaweicloud.com")
//!     .credentials(Credentials::default_chain())
//!     .build()?;
//! # Ok::<(), huaweicloud_sdk_runtime::Error>(())
//! ```

use crate::credentials::{env, Credentials};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::retry::{Clock, TokioClock};
use crate::signing::SigningKey;
use crate::transport::{BoxFuture, Transport};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of credentials. Implement it to plug in your own (a vault, a sidecar, …).
///
/// [`CredentialsProvider::credentials`] is called before every attempt of every call, so it
/// must be cheap when nothing changed: cache inside, and fetch only when needed.
pub trait CredentialsProvider: Send + Sync + 'static {
    /// The credentials to sign the next request with.
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>>;

    /// `Some` when the credentials never change (fixed [`Credentials`]): the client then uses
    /// them directly, without asking again.
    fn fixed(&self) -> Option<&Credentials> {
        None
    }
}

impl CredentialsProvider for Credentials {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        let c = self.clone();
        Box::pin(async move { Ok(c) })
    }

    fn fixed(&self) -> Option<&Credentials> {
        Some(self)
    }
}

impl<P: CredentialsProvider + ?Sized> CredentialsProvider for Arc<P> {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        (**self).credentials()
    }

    fn fixed(&self) -> Option<&Credentials> {
        (**self).fixed()
    }
}

impl Credentials {
    /// The official SDKs' default chain: environment, then profile file, then ECS metadata
    /// (see the [module documentation](crate::provider)). Nothing is read until the first call.
    pub fn default_chain() -> ChainProvider {
        ChainProvider::default_chain()
    }
}

pub use crate::error::{CredentialsError, CredentialsErrorKind};

fn aksk(ak: String, sk: String, security_token: Option<String>, domain_id: Option<String>) -> Credentials {
    let mut c = Credentials::aksk(ak, sk);
    if let Some(t) = security_token {
        c = c.with_security_token(t);
    }
    if let Some(d) = domain_id {
        c = c.with_domain_id(d);
    }
    c
}

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

fn process_env() -> Lookup {
    Arc::new(|name: &str| std::env::var(name).ok())
}

/// Credentials from the environment: `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK` (both
/// required), `HUAWEICLOUD_SDK_SECURITY_TOKEN` and `HUAWEICLOUD_SDK_DOMAIN_ID` (optional).
/// Empty values count as unset. Read once, at the first successful call.
pub struct EnvProvider {
    lookup: Lookup,
    found: OnceLock<Credentials>,
}

impl EnvProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::with_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` (tests, other sources of variables).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        EnvProvider { lookup: Arc::new(lookup), found: OnceLock::new() }
    }

    fn read(&self) -> Result<Credentials, CredentialsError> {
        let get = |name: &str| (self.lookup)(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        match (get(env::AK), get(env::SK)) {
            (Some(ak), Some(sk)) => Ok(aksk(ak, sk, get(env::SECURITY_TOKEN), get(env::DOMAIN_ID))),
            (ak, _) => Err(CredentialsError::new(
                CredentialsErrorKind::NotConfigured,
                format!("environment: {} is not set", if ak.is_none() { env::AK } else { env::SK }),
            )),
        }
    }
}

impl Default for EnvProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for EnvProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvProvider").field("found", &self.found.get()).finish()
    }
}

/// The credentials read the first time and kept: a provider whose source does not change while
/// the program runs reads it once, and a failed read is tried again on the next call.
fn read_once<E: Into<Error>>(found: &OnceLock<Credentials>, read: impl FnOnce() -> Result<Credentials, E>) -> Result<Credentials, Error> {
    if let Some(c) = found.get() {
        return Ok(c.clone());
    }
    let c = read().map_err(Into::into)?;
    Ok(found.get_or_init(|| c).clone())
}

impl CredentialsProvider for EnvProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move { read_once(&self.found, || self.read()) })
    }
}

/// The variable that names another profile file, as in the official SDKs.
pub const CREDENTIALS_FILE_ENV: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// The section of the profile file with the credentials of global services (BSS is one).
pub const PROFILE_SECTION: &str = "global";

/// Credentials from the profile file of the official SDKs: `~/.huaweicloud/credentials`
/// (`%USERPROFILE%` on Windows), or the file named by `HUAWEICLOUD_SDK_CREDENTIALS_FILE`.
///
/// ```ini
/// [global]
/// ak = YOUR_AK
/// sk = YOUR_SK
/// domain_id = 0123456789abcdef0123456789abcdef
/// # security_token = ... (temporary keys only)
/// ```
///
/// The INI rules are those of the official SDKs' reader: `key = value` or `key: value`, key
/// names case-insensitive, values trimmed, whole-line comments starting with `#` or `;`. Only
/// the `[global]` section is read (the `[basic]` one is for regional services). Read once, at
/// the first successful call.
pub struct ProfileProvider {
    path: Option<PathBuf>,
    lookup: Lookup,
    found: OnceLock<Credentials>,
}

impl ProfileProvider {
    /// The default file: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`.
    pub fn new() -> Self {
        ProfileProvider { path: None, lookup: process_env(), found: OnceLock::new() }
    }

    /// A given file.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        ProfileProvider { path: Some(path.into()), lookup: process_env(), found: OnceLock::new() }
    }

    /// Like [`ProfileProvider::new`], reading `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, `HOME` and
    /// `USERPROFILE` through `lookup`.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        ProfileProvider { path: None, lookup: Arc::new(lookup), found: OnceLock::new() }
    }

    /// The file this provider reads, if one can be named.
    pub fn path(&self) -> Option<PathBuf> {
        if let Some(p) = &self.path {
            return Some(p.clone());
        }
        if let Some(p) = (self.lookup)(CREDENTIALS_FILE_ENV).filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        let home = if cfg!(windows) { (self.lookup)("USERPROFILE") } else { (self.lookup)("HOME") };
        home.filter(|h| !h.is_empty()).map(|h| Path::new(&h).join(".huaweicloud").join("credentials"))
    }

    fn read(&self) -> Result<Credentials, CredentialsError> {
        use CredentialsErrorKind::*;
        let path = self.path().ok_or_else(|| CredentialsError::new(NotConfigured, "profile file: no home folder to look in"))?;
        let shown = path.display();
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| CredentialsError::new(Invalid, format!("profile file {shown} is not UTF-8")))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::new(NotConfigured, format!("profile file {shown} does not exist")))
            }
            Err(e) => return Err(CredentialsError::new(Invalid, format!("profile file {shown} cannot be read: {e}"))),
        };
        let section = parse_ini_section(&text, PROFILE_SECTION).map_err(|m| CredentialsError::new(Invalid, format!("profile file {shown}: {m}")))?;
        let Some(values) = section else {
            return Err(CredentialsError::new(NotConfigured, format!("profile file {shown} has no [{PROFILE_SECTION}] section")));
        };
        let get = |key: &str| values.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
        match (get("ak"), get("sk")) {
            (Some(ak), Some(sk)) => Ok(aksk(ak, sk, get("security_token"), get("domain_id"))),
            _ => Err(CredentialsError::new(Invalid, format!("profile file {shown}: the [{PROFILE_SECTION}] section needs both `ak` and `sk`"))),
        }
    }
}

impl Default for ProfileProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ProfileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileProvider").field("path", &self.path()).field("found", &self.found.get()).finish()
    }
}

impl CredentialsProvider for ProfileProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move { read_once(&self.found, || self.read()) })
    }
}

/// The `key = value` pairs of section `wanted` (keys lower-cased), `None` when the file has no
/// such section. Errors name the line, never its value.
fn parse_ini_section(text: &str, wanted: &str) -> Result<Option<Vec<(String, String)>>, String> {
    let mut current: Option<&str> = None;
    let mut found: Option<Vec<(String, String)>> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest.strip_suffix(']').ok_or_else(|| format!("line {}: a section header without `]`", i + 1))?;
            current = Some(name.trim());
            if current == Some(wanted) {
                if found.is_some() {
                    return Err(format!("line {}: a second [{wanted}] section", i + 1));
                }
                found = Some(Vec::new());
            }
            continue;
        }
        let Some(section) = current else {
            return Err(format!("line {}: a key outside any section", i + 1));
        };
        let split = line.find(['=', ':']).ok_or_else(|| format!("line {}: expected `key = value`", i + 1))?;
        if section == wanted {
            let (key, value) = (line[..split].trim().to_ascii_lowercase(), line[split + 1..].trim().to_string());
            found.as_mut().expect("inside the wanted section").push((key, value));
        }
    }
    Ok(found)
}

/// The metadata service of ECS instances.
pub const METADATA_ENDPOINT: &str = "http://169.254.169.254";
const TOKEN_PATH: &str = "/meta-data/latest/api/token";
const SECURITY_KEY_PATH: &str = "/openstack/latest/securitykey";
const TOKEN_HEADER: &str = "X-Metadata-Token";
const TOKEN_TTL_HEADER: &str = "X-Metadata-Token-Ttl-Seconds";
/// Session tokens are asked for 6 hours.
const TOKEN_TTL_SECONDS: u64 = 6 * 60 * 60;
/// When the service has no session tokens, ask again only after a day.
const TOKEN_RECHECK: Duration = Duration::from_secs(24 * 60 * 60);
/// What the service answers (HTTP 401) on an instance without an agency.
const NO_AGENCY: &str = "Please configure Cloud Service Agency first";
/// After a failed refresh of still-valid keys, wait this long before trying again.
const REFRESH_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Temporary credentials of the ECS instance's agency, from the metadata service.
///
/// The keys are fetched on first use and fetched again when they are within
/// [`MetadataProvider::refresh_before`] (40 minutes, as in the official SDKs) of their expiry.
/// Fetching is single-flight: concurrent calls share one request to the service. While keys
/// are still valid, one call refreshes them and the others go on with the current keys; only
/// calls that have no valid keys wait. A fetch makes at most [`MetadataProvider::max_attempts`]
/// attempts (connection failures, timeouts, HTTP 5xx and 429 are retried); a failure is a
/// [`CredentialsError`] of kind [`Unavailable`](CredentialsErrorKind::Unavailable), shared by
/// the calls that waited for that fetch.
///
/// Like the official SDKs, it asks for a session token first (`PUT /meta-data/latest/api/token`)
/// and sends it with `GET /openstack/latest/securitykey`; services without session tokens are
/// asked without one.
pub struct MetadataProvider {
    endpoint: String,
    transport: OnceLock<Result<Arc<dyn Transport>, CredentialsError>>,
    clock: Arc<dyn Clock>,
    refresh_before: Duration,
    max_attempts: u32,
    retry_delay: Duration,
    domain_id: Option<String>,
    state: Mutex<MetadataState>,
    flight: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct MetadataState {
    /// The current keys and their expiry.
    current: Option<(Credentials, SystemTime)>,
    /// Completed fetches (successful or not).
    generation: u64,
    /// The error of the last fetch, when it failed.
    last_error: Option<CredentialsError>,
    /// When a refresh of still-valid keys last failed.
    refresh_failed_at: Option<SystemTime>,
    /// The metadata session token, and when one was last asked for.
    session_token: Option<String>,
    token_asked_at: Option<SystemTime>,
}

impl MetadataProvider {
    /// The provider for the real metadata service, with the official SDKs' settings.
    pub fn new() -> Self {
        MetadataProvider {
            endpoint: METADATA_ENDPOINT.to_string(),
            transport: OnceLock::new(),
            clock: Arc::new(TokioClock),
            refresh_before: Duration::from_secs(40 * 60),
            max_attempts: 3,
            retry_delay: Duration::from_millis(200),
            domain_id: None,
            state: Mutex::new(MetadataState::default()),
            flight: tokio::sync::Mutex::new(()),
        }
    }

    /// Another metadata endpoint (`http://host:port`), e.g. a local test server.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = url.into().trim_end_matches('/').to_string();
        self
    }

    /// The transport for the metadata requests; by default the reqwest transport with 3 s
    /// timeouts and no proxy (the service is link-local).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = OnceLock::new();
        let _ = self.transport.set(Ok(Arc::new(transport)));
        self
    }

    /// The clock deciding when keys are due for refresh ([`Clock::system_time`]) and waiting
    /// between attempts.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Fetch new keys when the current ones expire within this time (default 40 minutes).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// The most requests one fetch makes for the keys (default 3, at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the second attempt, doubled for each further one (default 200 ms).
    pub fn retry_delay(mut self, delay: Duration) -> Self {
        self.retry_delay = delay;
        self
    }

    /// The account (domain) id to attach to the keys (the metadata service does not give it).
    pub fn domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    fn transport_ref(&self) -> Result<&Arc<dyn Transport>, CredentialsError> {
        self.transport.get_or_init(default_metadata_transport).as_ref().map_err(Clone::clone)
    }

    fn state(&self) -> std::sync::MutexGuard<'_, MetadataState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn provide(&self) -> Result<Credentials, CredentialsError> {
        let now = self.clock.system_time();
        let (valid, generation) = {
            let st = self.state();
            let valid = st.current.as_ref().filter(|(_, exp)| now < *exp).map(|(c, exp)| (c.clone(), *exp));
            if let Some((c, exp)) = &valid {
                if now + self.refresh_before < *exp {
                    return Ok(c.clone());
                }
            }
            (valid.map(|(c, _)| c), st.generation)
        };
        if let Some(current) = valid {
            // Due for refresh but still valid: one call refreshes, the others go on.
            let Ok(_flight) = self.flight.try_lock() else { return Ok(current) };
            let recently_failed = self.state().refresh_failed_at.is_some_and(|t| now < t + REFRESH_RETRY_AFTER);
            if self.state().generation != generation || recently_failed {
                return Ok(self.state().current.as_ref().map_or(current, |(c, _)| c.clone()));
            }
            return Ok(match self.fetch().await {
                Ok(fresh) => fresh,
                Err(e) => {
                    tracing::warn!(error = %e, "refreshing the ECS metadata credentials failed; the current ones stay in use until they expire");
                    self.state().refresh_failed_at = Some(self.clock.system_time());
                    current
                }
            });
        }
        // No valid keys: wait for the fetch in flight, or make it.
        let _flight = self.flight.lock().await;
        {
            let st = self.state();
            if st.generation != generation {
                // Another call fetched while this one waited: share its outcome.
                let now = self.clock.system_time();
                if let Some((c, _)) = st.current.as_ref().filter(|(_, exp)| now < *exp) {
                    return Ok(c.clone());
                }
                if let Some(e) = &st.last_error {
                    return Err(e.clone());
                }
            }
        }
        self.fetch().await
    }

    /// One fetch with bounded attempts; records the outcome.
    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let mut attempt = 0;
        let outcome = loop {
            attempt += 1;
            match self.fetch_once().await {
                Ok(fresh) => break Ok(fresh),
                Err((e, retryable)) if retryable && attempt < self.max_attempts => {
                    tracing::debug!(attempt, error = %e, "ECS metadata request failed; retrying");
                    self.clock.sleep(self.retry_delay.saturating_mul(1 << (attempt - 1).min(16))).await;
                }
                Err((mut e, _)) => {
                    e.attempts = attempt;
                    break Err(e);
                }
            }
        };
        let mut st = self.state();
        st.generation += 1;
        match outcome {
            Ok((credentials, expires)) => {
                st.current = Some((credentials.clone(), expires));
                st.last_error = None;
                st.refresh_failed_at = None;
                Ok(credentials)
            }
            Err(e) => {
                st.last_error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// One attempt: session token if needed, then the keys. The flag says whether a failure
    /// is worth another attempt.
    async fn fetch_once(&self) -> Result<(Credentials, SystemTime), (CredentialsError, bool)> {
        let transport = self.transport_ref().map_err(|e| (e, false))?;
        let now = self.clock.system_time();
        let ask_token = {
            let st = self.state();
            st.session_token.is_none() && st.token_asked_at.is_none_or(|t| now >= t + TOKEN_RECHECK)
        };
        if ask_token {
            self.update_token(transport.as_ref(), false).await?;
        }
        let mut resp = self.get_keys(transport.as_ref()).await?;
        if resp.status == 401 && !String::from_utf8_lossy(&resp.body).contains(NO_AGENCY) {
            self.update_token(transport.as_ref(), true).await?;
            resp = self.get_keys(transport.as_ref()).await?;
        }
        if resp.status >= 400 {
            let no_agency = String::from_utf8_lossy(&resp.body).contains(NO_AGENCY);
            let message = if no_agency {
                format!("ECS metadata: the instance has no agency (HTTP {}): configure a cloud service agency for it", resp.status)
            } else {
                format!("ECS metadata: {}{} answered HTTP {}", self.endpoint, SECURITY_KEY_PATH, resp.status)
            };
            let kind = if no_agency { CredentialsErrorKind::NotConfigured } else { CredentialsErrorKind::Unavailable };
            let retryable = resp.status >= 500 || resp.status == 429;
            return Err((CredentialsError { status: Some(resp.status), ..CredentialsError::new(kind, message) }, retryable));
        }
        let (credentials, expires) = parse_security_key(&resp.body).map_err(|m| {
            (CredentialsError { status: Some(resp.status), ..CredentialsError::new(CredentialsErrorKind::Invalid, format!("ECS metadata: {m}")) }, false)
        })?;
        let credentials = match &self.domain_id {
            Some(d) => credentials.with_domain_id(d.clone()),
            None => credentials,
        };
        Ok((credentials, expires))
    }

    async fn get_keys(&self, transport: &dyn Transport) -> Result<HttpResponse, (CredentialsError, bool)> {
        let mut req = HttpRequest::new("GET", &self.endpoint, SECURITY_KEY_PATH);
        if let Some(token) = self.state().session_token.clone() {
            req.set_header(TOKEN_HEADER, token);
        }
        self.send(transport, req).await
    }

    /// Asks for a session token. A service without them (404, 405, 503) leaves none, unless
    /// `required` (the service refused the keys without one).
    async fn update_token(&self, transport: &dyn Transport, required: bool) -> Result<(), (CredentialsError, bool)> {
        self.state().token_asked_at = Some(self.clock.system_time());
        let mut req = HttpRequest::new("PUT", &self.endpoint, TOKEN_PATH);
        req.set_header(TOKEN_TTL_HEADER, TOKEN_TTL_SECONDS.to_string());
        let resp = self.send(transport, req).await?;
        let token = match resp.status {
            200 => Some(String::from_utf8_lossy(&resp.body).trim().to_string()),
            404 | 405 | 503 if !required => None,
            status => {
                let message = format!("ECS metadata: {}{TOKEN_PATH} answered HTTP {status}", self.endpoint);
                return Err((CredentialsError { status: Some(status), ..CredentialsError::new(CredentialsErrorKind::Unavailable, message) }, status >= 500 || status == 429));
            }
        };
        self.state().session_token = token;
        Ok(())
    }

    async fn send(&self, transport: &dyn Transport, req: HttpRequest) -> Result<HttpResponse, (CredentialsError, bool)> {
        let what = format!("{} {}{}", req.method, self.endpoint, req.path);
        transport.send(req).await.map_err(|e| {
            (CredentialsError::new(CredentialsErrorKind::Unavailable, format!("ECS metadata: {what} failed: {}", e.message)), true)
        })
    }
}

impl Default for MetadataProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for MetadataProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let st = self.state();
        f.debug_struct("MetadataProvider")
            .field("endpoint", &self.endpoint)
            .field("refresh_before", &self.refresh_before)
            .field("max_attempts", &self.max_attempts)
            .field("current", &st.current)
            .field("fetches", &st.generation)
            .finish_non_exhaustive()
    }
}

impl CredentialsProvider for MetadataProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move { self.provide().await.map_err(Error::Credentials) })
    }
}

#[cfg(feature = "reqwest")]
fn default_metadata_transport() -> Result<Arc<dyn Transport>, CredentialsError> {
    crate::transport::ReqwestTransport::direct(Duration::from_secs(3), Duration::from_secs(3))
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| CredentialsError::new(CredentialsErrorKind::Unavailable, format!("ECS metadata: {e}")))
}

#[cfg(not(feature = "reqwest"))]
fn default_metadata_transport() -> Result<Arc<dyn Transport>, CredentialsError> {
    Err(CredentialsError::new(
        CredentialsErrorKind::NotConfigured,
        "ECS metadata: no transport (the `reqwest` feature is off): call MetadataProvider::transport",
    ))
}

/// The keys and expiry of a security-key answer, with the field names the official SDKs accept.
/// Errors name fields, never values.
fn parse_security_key(body: &[u8]) -> Result<(Credentials, SystemTime), String> {
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|_| "the security-key answer is not JSON".to_string())?;
    let map = json.get("credential").or_else(|| json.get("credentials")).unwrap_or(&json);
    let field = |names: &[&str]| names.iter().find_map(|n| map.get(*n).and_then(|v| v.as_str())).filter(|v| !v.is_empty()).map(str::to_string);
    let ak = field(&["access", "accessKeyId", "access_key_id"]).ok_or("the security-key answer has no `access`")?;
    let sk = field(&["secret", "secretAccessKey", "secret_access_key"]).ok_or("the security-key answer has no `secret`")?;
    let token = field(&["securitytoken", "securityToken", "security_token"]);
    let expires = field(&["expires_at", "expiration"]).ok_or("the security-key answer has no `expires_at`")?;
    let expires = parse_utc(&expires).ok_or("`expires_at` is not a UTC time such as 2024-01-05T01:02:03.000000Z")?;
    Ok((aksk(ak, sk, token, None), expires))
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` as a time.
fn parse_utc(text: &str) -> Option<SystemTime> {
    let text = text.strip_suffix('Z')?;
    let (date, time) = text.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut t = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (hour, minute, second) = (t.next()??, t.next()??, t.next()??);
    if d.next().is_some() || t.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let nanos: u32 = format!("{fraction:0<9}")[..9].parse().ok()?;
    // Days from the civil date (proleptic Gregorian), Howard Hinnant's algorithm.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days * 86_400 + hour * 3600 + minute * 60 + second).ok()?;
    Some(UNIX_EPOCH + Duration::new(secs, nanos))
}

/// Tries providers in order and settles on the first that gives credentials; then asks only
/// that one (which may refresh, like [`MetadataProvider`]). When none does, the error lists
/// why each one failed, and the next call tries them all again.
pub struct ChainProvider {
    providers: Vec<(&'static str, Box<dyn CredentialsProvider>)>,
    chosen: tokio::sync::OnceCell<usize>,
}

impl ChainProvider {
    /// An empty chain; add sources with [`ChainProvider::with`].
    pub fn new() -> Self {
        ChainProvider { providers: Vec::new(), chosen: tokio::sync::OnceCell::new() }
    }

    /// The official SDKs' order: [`EnvProvider`], [`ProfileProvider`], [`MetadataProvider`]
    /// (with `HUAWEICLOUD_SDK_DOMAIN_ID` as its domain id when set).
    pub fn default_chain() -> Self {
        let mut metadata = MetadataProvider::new();
        if let Some(d) = std::env::var(env::DOMAIN_ID).ok().filter(|d| !d.trim().is_empty()) {
            metadata = metadata.domain_id(d.trim());
        }
        ChainProvider::new()
            .with("environment", EnvProvider::new())
            .with("profile file", ProfileProvider::new())
            .with("ECS metadata", metadata)
    }

    /// Adds a source, tried after the ones already added; `name` appears in errors and traces.
    pub fn with(mut self, name: &'static str, provider: impl CredentialsProvider) -> Self {
        self.providers.push((name, Box::new(provider)));
        self
    }

    /// The name of the source the chain settled on, if it did.
    pub fn chosen(&self) -> Option<&'static str> {
        self.chosen.get().map(|&i| self.providers[i].0)
    }

    async fn choose(&self) -> Result<(usize, Credentials), Error> {
        let mut reasons = Vec::new();
        for (i, (name, p)) in self.providers.iter().enumerate() {
            match p.credentials().await {
                Ok(c) => {
                    tracing::debug!(source = *name, "credentials found");
                    return Ok((i, c));
                }
                Err(e) => reasons.push(format!("{name}: {e}")),
            }
        }
        let message = if reasons.is_empty() {
            "the credentials chain is empty".to_string()
        } else {
            format!("no credentials found; tried {}", reasons.join("; "))
        };
        Err(Error::Credentials(CredentialsError::new(CredentialsErrorKind::NotConfigured, message)))
    }
}

impl Default for ChainProvider {
    fn default() -> Self {
        Self::default_chain()
    }
}

impl fmt::Debug for ChainProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.providers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("ChainProvider").field("sources", &names).field("chosen", &self.chosen()).finish()
    }
}

impl CredentialsProvider for ChainProvider {
    fn credentials(&self) -> BoxFuture<'_, Result<Credentials, Error>> {
        Box::pin(async move {
            if let Some(&i) = self.chosen.get() {
                return self.providers[i].1.credentials().await;
            }
            let mut first = None;
            let slot = &mut first;
            let &i = self
                .chosen
                .get_or_try_init(|| async move {
                    let (i, c) = self.choose().await?;
                    *slot = Some(c);
                    Ok::<usize, Error>(i)
                })
                .await?;
            match first {
                Some(c) => Ok(c),
                None => self.providers[i].1.credentials().await,
            }
        })
    }
}

/// Credentials ready for signing: the values and the prepared secret key.
pub(crate) struct Resolved {
    pub(crate) credentials: Credentials,
    pub(crate) signing_key: Option<SigningKey>,
}

impl Resolved {
    fn new(credentials: Credentials) -> Self {
        let signing_key = match &credentials {
            Credentials::AkSk(k) => Some(SigningKey::new(k.sk.expose())),
            Credentials::Token(_) => None,
        };
        Resolved { credentials, signing_key }
    }
}

/// What a client signs with: fixed credentials, or a provider and the last credentials it gave.
pub(crate) enum CredentialSource {
    Fixed(Arc<Resolved>),
    Provider { provider: Arc<dyn CredentialsProvider>, last: Mutex<Option<Arc<Resolved>>> },
}

impl CredentialSource {
    pub(crate) fn new(provider: Arc<dyn CredentialsProvider>) -> Self {
        match provider.fixed() {
            Some(c) => CredentialSource::Fixed(Arc::new(Resolved::new(c.clone()))),
            None => CredentialSource::Provider { provider, last: Mutex::new(None) },
        }
    }

    /// Fixed credentials, if that is what the client has.
    pub(crate) fn fixed(&self) -> Option<&Credentials> {
        match self {
            CredentialSource::Fixed(r) => Some(&r.credentials),
            CredentialSource::Provider { .. } => None,
        }
    }

    /// The fixed credentials, or the last ones the provider gave.
    pub(crate) fn current(&self) -> Option<Arc<Resolved>> {
        match self {
            CredentialSource::Fixed(r) => Some(r.clone()),
            CredentialSource::Provider { last, .. } => last.lock().unwrap_or_else(|p| p.into_inner()).clone(),
        }
    }

    /// The credentials for the next attempt; the signing key is prepared again only when the
    /// provider's credentials changed.
    pub(crate) async fn resolve(&self) -> Result<Arc<Resolved>, Error> {
        match self {
            CredentialSource::Fixed(r) => Ok(r.clone()),
            CredentialSource::Provider { provider, last } => {
                let credentials = provider.credentials().await?;
                let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(r) = last.as_ref().filter(|r| r.credentials == credentials) {
                    return Ok(r.clone());
                }
                let resolved = Arc::new(Resolved::new(credentials));
                *last = Some(resolved.clone());
                Ok(resolved)
            }
        }
    }
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::Fixed(r) => r.credentials.fmt(f),
            CredentialSource::Provider { .. } => f.write_str("<provider>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times_parse() {
        let t = parse_utc("2024-01-05T01:02:03.500000Z").unwrap();
        assert_eq!(t.duration_since(UNIX_EPOCH).unwrap(), Duration::new(1_704_416_523, 500_000_000));
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Some(UNIX_EPOCH));
        assert_eq!(parse_utc("2000-03-01T00:00:00Z").unwrap().duration_since(UNIX_EPOCH).unwrap().as_secs(), 951_868_800);
        for bad in ["2024-01-05 01:02:03Z", "2024-01-05T01:02:03", "2024-13-05T01:02:03Z", "2024-01-05T01:02:03.x1Z", "x"] {
            assert_eq!(parse_utc(bad), None, "{bad}");
        }
    }

    #[test]
    fn ini_sections() {
        let text = "# comment\n[basic]\nak = other\n\n[global]\nAK = a1 \n; note\nsk: s1\ndomain_id=d\n[more]\nak=x\n";
        let s = parse_ini_section(text, "global").unwrap().unwrap();
        assert_eq!(s, vec![("ak".into(), "a1".into()), ("sk".into(), "s1".into()), ("domain_id".into(), "d".into())]);
        assert_eq!(parse_ini_section("[basic]\nak=1\n", "global").unwrap(), None);
        let err = parse_ini_section("ak = secret-value\n", "global").unwrap_err();
        assert!(err.contains("line 1") && !err.contains("secret-value"), "{err}");
        assert!(parse_ini_section("[global]\nak=1\n[global]\n", "global").unwrap_err().contains("second"));
        assert!(parse_ini_section("[global\n", "global").is_err());
        assert!(parse_ini_section("[global]\njust-a-value-no-key\n", "global").unwrap_err().contains("line 2"));
    }

    #[test]
    fn security_key_answers_in_every_documented_shape() {
        let body = br#"{"credential":{"access":"AK1","secret":"SK1","securitytoken":"TOK1","expires_at":"2030-01-01T00:00:00.000000Z"}}"#;
        let (c, exp) = parse_security_key(body).unwrap();
        let Credentials::AkSk(k) = &c else { panic!("AK/SK expected") };
        assert_eq!((k.ak.as_str(), k.sk.expose(), k.security_token.as_ref().map(|t| t.expose())), ("AK1", "SK1", Some("TOK1")));
        assert_eq!(exp, parse_utc("2030-01-01T00:00:00Z").unwrap());
        let camel = br#"{"credentials":{"accessKeyId":"AK2","secretAccessKey":"SK2","securityToken":"T","expiration":"2030-01-01T00:00:00Z"}}"#;
        assert!(parse_security_key(camel).is_ok());
        let err = parse_security_key(br#"{"credential":{"access":"AK","expires_at":"2030-01-01T00:00:00Z","securitytoken":"SECRET-TOKEN"}}"#).unwrap_err();
        assert!(err.contains("secret") && !err.contains("SECRET-TOKEN"), "{err}");
        let err = parse_security_key(br#"{"credential":{"access":"AK","secret":"SK-VALUE","expires_at":"SK-VALUE"}}"#).unwrap_err();
        assert!(!err.contains("SK-VALUE"), "{err}");
    }

    #[test]
    fn env_provider_reads_official_names_and_never_prints_secrets() {
        let vars = [(env::AK, "ak1"), (env::SK, " sk-secret-1 "), (env::SECURITY_TOKEN, ""), (env::DOMAIN_ID, "d1")];
        let p = EnvProvider::with_lookup(move |n| vars.iter().find(|(k, _)| *k == n).map(|(_, v)| v.to_string()));
        let c = p.read().unwrap();
        let Credentials::AkSk(k) = &c else { panic!("AK/SK expected") };
        assert_eq!((k.ak.as_str(), k.sk.expose(), k.security_token.is_none(), c.domain_id()), ("ak1", "sk-secret-1", true, Some("d1")));
        assert!(!format!("{p:?} {c:?}").contains("sk-secret-1"));
        let missing = EnvProvider::with_lookup(|n| (n == env::AK).then(|| "ak".to_string())).read().unwrap_err();
        assert_eq!(missing.kind, CredentialsErrorKind::NotConfigured);
        assert!(missing.message.contains(env::SK), "{missing}");
    }

    #[test]
    fn profile_path_follows_the_official_rules() {
        let p = ProfileProvider::with_lookup(|n| (n == CREDENTIALS_FILE_ENV).then(|| "/x/creds".to_string()));
        assert_eq!(p.path(), Some(PathBuf::from("/x/creds")));
        let home = if cfg!(windows) { "USERPROFILE" } else { "HOME" };
        let p = ProfileProvider::with_lookup(move |n| (n == home).then(|| "/home/u".to_string()));
        assert_eq!(p.path(), Some(Path::new("/home/u").join(".huaweicloud").join("credentials")));
        assert_eq!(ProfileProvider::with_lookup(|_| None).path(), None);
    }
}
