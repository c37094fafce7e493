//! Typed stubs: per operation (by request type), answers for matching requests, in sequence or
//! repeated, and a record of every request made.

use super::clock::FakeClock;
use super::transport::NoNetwork;
use crate::error::{Error, TransportError, TransportErrorKind};
use crate::http::{is_secret_header, HttpRequest, HttpResponse};
use crate::operation::Operation;
use crate::{Client, ClientBuilder, Credentials};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// The endpoint of [`Stubs::client`]; nothing is ever sent there.
pub const STUB_ENDPOINT: &str = "https://bss.stub.invalid";
/// The access key of [`Stubs::client`].
pub const STUB_AK: &str = "STUBAK0000000000";
/// The account (domain) id of [`Stubs::client`].
pub const STUB_DOMAIN_ID: &str = "stub-domain-id";

/// Test doubles for a [`Client`]: rules that answer typed operations without a network.
///
/// A rule is made with [`Stubs::on`] for one operation, named by its request type `R` (e.g.
/// `huaweicloud_sdk_bss::operations::ListCustomerOrdersRequest`); [`Rule::when`] narrows it to
/// requests matching a predicate on the typed request, and its answers — an output
/// ([`Rule::answer`]), a service error ([`Rule::fail`]), a transport fault ([`Rule::fault`]) or
/// any HTTP response ([`Rule::respond`]) — are given in the order they are used: each answers
/// one call, or [`times`](Rule::times) calls, or every further call ([`always`](Rule::always)).
/// A used-up rule no longer matches. Rules are tried in the order they were made; the first
/// whose type and predicates match and that has an answer left answers.
///
/// The client does everything else as in production, for each attempt: it validates the
/// request against the documented constraints (an invalid request fails with
/// [`Error::Validation`] and reaches no stub), fills the path, query and headers, signs, and
/// decodes the answer, which goes through the same error parsing and [`RetryPolicy`](crate::RetryPolicy)
/// (on the stubs' [`FakeClock`], so a retry does not sleep). A call no rule answers fails with
/// [`Error::Config`] naming the operation; it is never answered by a default.
///
/// Every attempt is recorded ([`Stubs::requests`]): the typed request (for operations that have
/// a rule) and the prepared HTTP request (method, path, query, headers other than credentials,
/// body).
///
/// Works with async and blocking calls, and with generated clients:
/// `BssClient::from_runtime(stubs.client())`.
///
/// ```
/// use huaweicloud_sdk_runtime::testing::{ServiceFault, Stubs};
/// use huaweicloud_sdk_runtime::{Error, Operation, OperationMeta, RequestWriter};
///
/// #[derive(Clone)]
/// struct GetThing { id: String }
/// impl Operation for GetThing {
///     type Output = serde_json::Value;
///     const META: OperationMeta = OperationMeta {
///         name: "GetThing", method: "GET", path: "/v1/things/{id}", errors: &[], retryable_codes: &["CBC.0250"],
///         idempotent: true, caller: huaweicloud_sdk_runtime::Caller::Unknown,
///     };
///     fn write(&self, w: &mut RequestWriter) -> Result<(), Error> {
///         w.path_param("id", &self.id);
///         Ok(())
///     }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let stubs = Stubs::new();
/// stubs.on::<GetThing>()
///     .when(|r| r.id == "a")
///     .fail(ServiceFault::throttled())
///     .answer(serde_json::json!({"name": "A"}));
/// let client = stubs.client();
/// let thing = client.execute(&GetThing { id: "a".into() }).await.unwrap();
/// assert_eq!(thing["name"], "A");
/// assert_eq!(stubs.requests_of::<GetThing>().len(), 2, "throttled once, then answered");
/// assert_eq!(stubs.requests()[1].http.path, "/v1/things/a");
/// let err = client.execute(&GetThing { id: "b".into() }).await.unwrap_err();
/// assert!(err.to_string().contains("no stub answers GetThing"), "{err}");
/// # });
/// ```
#[derive(Clone, Default)]
pub struct Stubs {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    rules: Mutex<Vec<RuleState>>,
    record: Mutex<Vec<Recorded>>,
    cloners: Mutex<HashMap<TypeId, Cloner>>,
    clock: FakeClock,
}

type Cloner = fn(&dyn Any) -> Arc<dyn Any + Send + Sync>;
type Predicate = Box<dyn Fn(&dyn Any) -> bool + Send + Sync>;
type Dynamic = Box<dyn Fn(&dyn Any) -> Result<HttpResponse, String> + Send + Sync>;

fn clone_as<R: Clone + Send + Sync + 'static>(request: &dyn Any) -> Arc<dyn Any + Send + Sync> {
    Arc::new(request.downcast_ref::<R>().expect("the cloner of this type").clone())
}

struct RuleState {
    type_id: TypeId,
    operation: &'static str,
    predicates: Vec<Predicate>,
    steps: Vec<Step>,
    hits: usize,
}

struct Step {
    reply: StepReply,
    /// Calls left; `None`: every further call.
    left: Option<usize>,
}

enum StepReply {
    Http(HttpResponse),
    Dynamic(Dynamic),
    Fault(TransportErrorKind),
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl std::fmt::Debug for Stubs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stubs")
            .field("rules", &lock(&self.inner.rules).len())
            .field("requests", &lock(&self.inner.record).len())
            .finish()
    }
}

/// One request a stubbed client made (one attempt).
#[derive(Clone)]
pub struct Recorded {
    /// The operation's spec name (`OperationMeta::name`).
    pub operation: &'static str,
    /// The prepared, signed HTTP request without its credential headers (`Authorization`,
    /// `X-Security-Token`, `X-Auth-Token`): method, endpoint, path as on the wire, raw query
    /// pairs, the other headers, body.
    pub http: HttpRequest,
    /// Whether a rule answered it.
    pub answered: bool,
    typed: Option<Arc<dyn Any + Send + Sync>>,
}

impl Recorded {
    /// The typed request, when it is an `R` and `R` has a rule.
    pub fn request<R: 'static>(&self) -> Option<&R> {
        self.typed.as_deref().and_then(|a| a.downcast_ref::<R>())
    }
}

impl std::fmt::Debug for Recorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorded").field("operation", &self.operation).field("http", &self.http).field("answered", &self.answered).finish()
    }
}

/// A service error a stub answers with: HTTP status, error code, message, request id, and
/// optionally `Retry-After`. The client parses it like a real error answer (status ≥ 400, or a
/// code other than `CBC.0000` with status 200), so it becomes [`Error::Service`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFault {
    status: u16,
    code: String,
    message: String,
    request_id: Option<String>,
    retry_after: Option<Duration>,
}

impl ServiceFault {
    /// An error answer with this status, code (`CBC.0250`) and message.
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ServiceFault { status, code: code.into(), message: message.into(), request_id: None, retry_after: None }
    }

    /// `429 CBC.0250 Flow control.`: BSS throttling (retried for idempotent operations).
    pub fn throttled() -> Self {
        Self::new(429, "CBC.0250", "Flow control.")
    }

    /// The `X-Request-Id` of the answer (default `stub-<n>`, `n` the attempt's number from 1).
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// A `Retry-After` header, in whole seconds.
    pub fn retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = Some(delay);
        self
    }

    fn response(&self) -> HttpResponse {
        let body = serde_json::json!({ "error_code": self.code, "error_msg": self.message });
        let mut r = json_response(self.status, serde_json::to_vec(&body).expect("JSON"));
        if let Some(id) = &self.request_id {
            r.headers.push(("X-Request-Id".into(), id.clone()));
        }
        if let Some(d) = self.retry_after {
            r.headers.push(("Retry-After".into(), d.as_secs().to_string()));
        }
        r
    }
}

fn json_response(status: u16, body: Vec<u8>) -> HttpResponse {
    HttpResponse { status, headers: vec![("Content-Type".into(), "application/json".into())], body }
}

fn output_response<T: serde::Serialize>(output: &T) -> Result<HttpResponse, String> {
    serde_json::to_vec(output).map(|body| json_response(200, body)).map_err(|e| format!("the stubbed output does not serialise: {e}"))
}

/// The stubbed answers of [`Stubs::on`] for the operation of request type `R`. Each method
/// adds to the same rule and returns it, so they chain; keep it to ask [`Rule::hits`].
pub struct Rule<R> {
    stubs: Stubs,
    index: usize,
    _request: PhantomData<fn(R)>,
}

impl<R> std::fmt::Debug for Rule<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("index", &self.index).field("hits", &self.hits()).finish()
    }
}

impl<R: Operation + Clone + Send + Sync> Rule<R> {
    fn with<T>(&self, f: impl FnOnce(&mut RuleState) -> T) -> T {
        f(&mut lock(&self.stubs.inner.rules)[self.index])
    }

    fn step(self, reply: StepReply) -> Self {
        self.with(|r| r.steps.push(Step { reply, left: Some(1) }));
        self
    }

    /// Only requests for which `predicate` is true (several `when`s must all hold).
    pub fn when(self, predicate: impl Fn(&R) -> bool + Send + Sync + 'static) -> Self {
        let p: Predicate = Box::new(move |any| any.downcast_ref::<R>().is_some_and(&predicate));
        self.with(|r| r.predicates.push(p));
        self
    }

    /// Answers with `output` (sent as the JSON body of a 200 answer, which the client decodes
    /// as from the service).
    ///
    /// # Panics
    ///
    /// When `output` cannot be serialised to JSON.
    pub fn answer(self, output: R::Output) -> Self
    where
        R::Output: serde::Serialize,
    {
        let response = output_response(&output).unwrap_or_else(|e| panic!("{}: {e}", R::META.name));
        self.step(StepReply::Http(response))
    }

    /// Answers with what `answer` makes of the request (e.g. a page for the requested offset).
    pub fn answer_with(self, answer: impl Fn(&R) -> R::Output + Send + Sync + 'static) -> Self
    where
        R::Output: serde::Serialize,
    {
        let d: Dynamic = Box::new(move |any| output_response(&answer(any.downcast_ref::<R>().expect("matched by type"))));
        self.step(StepReply::Dynamic(d))
    }

    /// Answers with a service error.
    pub fn fail(self, fault: ServiceFault) -> Self {
        self.step(StepReply::Http(fault.response()))
    }

    /// Fails the attempt with a transport error of this kind (`Connect`: the request never
    /// left; `Timeout`: it may have reached the server), as a transport would.
    pub fn fault(self, kind: TransportErrorKind) -> Self {
        self.step(StepReply::Fault(kind))
    }

    /// Answers with this HTTP response as it is (an HTML error page, a redirect, a body that
    /// does not decode, …).
    pub fn respond(self, response: HttpResponse) -> Self {
        self.step(StepReply::Http(response))
    }

    /// The last answer given answers `n` calls (at least 1) instead of one.
    pub fn times(self, n: usize) -> Self {
        self.with(|r| r.steps.last_mut().map(|s| s.left = Some(n.max(1))));
        self
    }

    /// The last answer given answers every further call: the rule is never used up.
    pub fn always(self) -> Self {
        self.with(|r| r.steps.last_mut().map(|s| s.left = None));
        self
    }
}

impl<R> Rule<R> {
    /// How many calls this rule answered.
    pub fn hits(&self) -> usize {
        lock(&self.stubs.inner.rules)[self.index].hits
    }
}

impl Stubs {
    /// No rules yet; a fresh [`FakeClock`].
    pub fn new() -> Self {
        Self::default()
    }

    /// A new rule for the operation whose request type is `R`, tried after the rules made
    /// before it.
    pub fn on<R: Operation + Clone + Send + Sync>(&self) -> Rule<R> {
        lock(&self.inner.cloners).insert(TypeId::of::<R>(), clone_as::<R>);
        let mut rules = lock(&self.inner.rules);
        rules.push(RuleState { type_id: TypeId::of::<R>(), operation: R::META.name, predicates: Vec::new(), steps: Vec::new(), hits: 0 });
        Rule { stubs: self.clone(), index: rules.len() - 1, _request: PhantomData }
    }

    /// A client answered by these stubs: a fixed endpoint ([`STUB_ENDPOINT`]) and test
    /// credentials, the default retry policy on [`Stubs::clock`], and a transport that sends
    /// nothing ([`NoNetwork`]). Wrap it for a generated crate: `BssClient::from_runtime(stubs.client())`.
    pub fn client(&self) -> Client {
        self.client_builder().build().expect("the stub client's configuration is complete")
    }

    /// The builder of [`Stubs::client`], to change more (retry policy, default headers, …).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .endpoint(STUB_ENDPOINT)
            .credentials(Credentials::aksk(STUB_AK, "stub-secret-key-never-sent").with_domain_id(STUB_DOMAIN_ID))
            .transport(NoNetwork)
            .retry(self.inner.clock.retry_policy())
            .stubs(self.clone())
    }

    /// The fake clock of [`Stubs::client`]'s retry policy: [`FakeClock::slept`] lists the backoffs.
    pub fn clock(&self) -> &FakeClock {
        &self.inner.clock
    }

    /// Every attempt made so far, in order (answered or not).
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.inner.record).clone()
    }

    /// The typed requests of every attempt of the operation `R`, in order.
    pub fn requests_of<R: Clone + 'static>(&self) -> Vec<R> {
        lock(&self.inner.record).iter().filter_map(|r| r.request::<R>().cloned()).collect()
    }

    /// The attempts no rule answered.
    pub fn unanswered(&self) -> Vec<Recorded> {
        lock(&self.inner.record).iter().filter(|r| !r.answered).cloned().collect()
    }

    /// Answers one attempt of `op`, whose prepared request is `request`.
    pub(crate) fn answer(&self, op: crate::operation::ErasedOperation<'_>, mut request: HttpRequest) -> Result<HttpResponse, Error> {
        let any: &dyn Any = op.request.as_any();
        let type_id = any.type_id();
        request.headers.retain(|(k, _)| !is_secret_header(k));
        let typed = lock(&self.inner.cloners).get(&type_id).map(|clone| clone(any));
        let mut outcome = None;
        let mut rules_for_type = 0;
        {
            let mut rules = lock(&self.inner.rules);
            for rule in rules.iter_mut().filter(|r| r.type_id == type_id) {
                rules_for_type += 1;
                let Some(step) = rule.steps.iter_mut().find(|s| s.left != Some(0)) else { continue };
                if !rule.predicates.iter().all(|p| p(any)) {
                    continue;
                }
                if let Some(left) = &mut step.left {
                    *left -= 1;
                }
                rule.hits += 1;
                outcome = Some(match &step.reply {
                    StepReply::Http(r) => Ok(r.clone()),
                    StepReply::Dynamic(f) => f(any).map_err(|e| Error::Config(format!("{}: {e}", rule.operation))),
                    StepReply::Fault(kind) => Err(Error::Transport(TransportError::new(*kind, format!("stubbed fault: {kind:?}")))),
                });
                break;
            }
        }
        let number = {
            let mut record = lock(&self.inner.record);
            record.push(Recorded { operation: op.meta.name, http: request.clone(), answered: outcome.is_some(), typed });
            record.len()
        };
        match outcome {
            Some(Ok(mut response)) => {
                if response.request_id().is_none() {
                    response.headers.push(("X-Request-Id".into(), format!("stub-{number}")));
                }
                Ok(response)
            }
            Some(Err(e)) => Err(e),
            None => {
                let why = if rules_for_type == 0 {
                    format!("no rule was made for it (Stubs::on::<{}>())", op.request.type_name())
                } else {
                    format!("none of its {rules_for_type} rule(s) matches this request with an answer left")
                };
                Err(Error::Config(format!("no stub answers {} ({} {}): {why}", op.meta.name, request.method, request.url())))
            }
        }
    }
}

/// So that an operation without a response body can be stubbed: `rule.answer(NoContent)`.
impl serde::Serialize for crate::NoContent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        s.serialize_map(Some(0))?.end()
    }
}
