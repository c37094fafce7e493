//! Operations: what generated request types implement, and the writer they describe themselves to.

use crate::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Static facts of an operation, from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationMeta {
    /// Spec name, e.g. `ListCustomerOrders`.
    pub name: &'static str,
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// Path template with `{name}` placeholders.
    pub path: &'static str,
    /// Error codes the operation documents.
    pub errors: &'static [&'static str],
    /// Error codes after which the same request may succeed when sent again (the crate's error
    /// catalog marks them `retryable`; for BSS the throttling code `CBC.0250`). The client marks
    /// service errors with these codes retryable ([`ServiceError::code_is_retryable`](crate::ServiceError::code_is_retryable)).
    pub retryable_codes: &'static [&'static str],
    /// Whether sending the request twice has the same effect as once, so that it may be retried
    /// after it may have reached the server (GET/HEAD/PUT/DELETE, or marked `idempotent` in the spec).
    pub idempotent: bool,
    /// Whose credentials the API reference says the operation takes.
    pub caller: Caller,
}

/// Whose credentials an operation takes, as its API reference documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Caller {
    /// A customer's own account (an enterprise master account is a customer account too).
    Customer,
    /// A partner (solution provider, distributor or reseller) account.
    Partner,
    /// An enterprise master account only.
    EnterpriseMaster,
    /// A customer or a partner.
    Either,
    /// Not documented.
    Unknown,
}

/// What kind of account a client's credentials belong to, when the user declares it
/// ([`crate::ClientBuilder::account_kind`]); AK/SK alone do not tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccountKind {
    /// A customer account (not an enterprise master).
    Customer,
    /// An enterprise master account.
    EnterpriseMaster,
    /// A partner account.
    Partner,
}

impl Caller {
    /// Whether the API reference says an account of `kind` may call the operation; `true` when
    /// the caller is not documented.
    pub fn accepts(self, kind: AccountKind) -> bool {
        match self {
            Caller::Customer => matches!(kind, AccountKind::Customer | AccountKind::EnterpriseMaster),
            Caller::Partner => kind == AccountKind::Partner,
            Caller::EnterpriseMaster => kind == AccountKind::EnterpriseMaster,
            Caller::Either | Caller::Unknown => true,
        }
    }

    /// The caller in words, as the method docs give it.
    pub fn describe(self) -> &'static str {
        match self {
            Caller::Customer => "customer credentials",
            Caller::Partner => "partner credentials",
            Caller::EnterpriseMaster => "enterprise master account credentials",
            Caller::Either => "customer or partner credentials",
            Caller::Unknown => "not documented",
        }
    }
}

/// A request of one operation: generated per operation, sent by [`crate::Client::execute`].
///
/// Requests are owned values (`'static`), so that test doubles can recognise their type, and
/// can be shared between threads (`Send + Sync`), so that a call can move between threads.
pub trait Operation: Send + Sync + 'static {
    /// What a successful call returns.
    type Output: DeserializeOwned;
    /// The operation's facts.
    const META: OperationMeta;
    /// Describes the request's parameters and body to the writer.
    fn write(&self, w: &mut RequestWriter) -> Result<(), Error>;

    /// Records every documented constraint the request breaks; checked before sending.
    fn validate(&self, v: &mut crate::Violations) {
        let _ = v;
    }
}

/// An operation seen through its facts and an object-safe view of its request: what the
/// client's pipeline (validating, building, signing, sending, retrying, reading the status)
/// works on. That pipeline is then compiled once, in this crate, instead of once per operation
/// in every crate that sends one; only decoding the typed output stays per operation.
#[derive(Clone, Copy)]
pub(crate) struct ErasedOperation<'o> {
    /// The operation's facts.
    pub meta: OperationMeta,
    /// The request.
    pub request: &'o dyn DynRequest,
}

impl<'o> ErasedOperation<'o> {
    /// The erased view of `op`.
    pub fn of<O: Operation>(op: &'o O) -> Self {
        ErasedOperation { meta: O::META, request: op }
    }
}

/// The object-safe part of [`Operation`], implemented for every operation.
pub(crate) trait DynRequest: Send + Sync {
    /// [`Operation::write`].
    fn write_to(&self, w: &mut RequestWriter) -> Result<(), Error>;
    /// [`Operation::validate`].
    fn validate_into(&self, v: &mut crate::Violations);
    /// The request as `Any`, for test doubles that match requests by type.
    #[cfg(feature = "testing")]
    fn as_any(&self) -> &dyn std::any::Any;
    /// The request type's name, for messages.
    #[cfg(feature = "testing")]
    fn type_name(&self) -> &'static str;
}

impl<O: Operation> DynRequest for O {
    fn write_to(&self, w: &mut RequestWriter) -> Result<(), Error> {
        self.write(w)
    }

    fn validate_into(&self, v: &mut crate::Violations) {
        self.validate(v);
    }

    #[cfg(feature = "testing")]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    #[cfg(feature = "testing")]
    fn type_name(&self) -> &'static str {
        std::any::type_name::<O>()
    }
}

/// The output of operations whose response has no body worth reading: accepts and discards anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoContent;

impl<'de> serde::Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| NoContent)
    }
}

/// A value that can be sent as a path, query or header parameter.
pub trait ParamValue {
    /// The parameter text, unencoded.
    fn to_param(&self) -> String;
}

macro_rules! param_via_to_string {
    ($($t:ty),*) => { $(impl ParamValue for $t { fn to_param(&self) -> String { self.to_string() } })* };
}
param_via_to_string!(String, str, i32, i64, u32, u64, bool, rust_decimal::Decimal);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

/// Something that adds zero or more query pairs: a value, an optional value, or a list (one pair per item).
pub trait QueryValue {
    /// Appends `(name, text)` pairs.
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>);
}

impl<T: ParamValue> QueryValue for T {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        out.push((name.to_owned(), self.to_param()));
    }
}

impl<T: ParamValue> QueryValue for Option<T> {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(v) = self {
            v.append_to(name, out);
        }
    }
}

impl<T: ParamValue> QueryValue for Vec<T> {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        for v in self {
            v.append_to(name, out);
        }
    }
}

impl<T: ParamValue> QueryValue for Option<Vec<T>> {
    fn append_to(&self, name: &str, out: &mut Vec<(String, String)>) {
        if let Some(list) = self {
            list.append_to(name, out);
        }
    }
}

/// Collects an operation's parameters and body; the client turns them into an HTTP request.
#[derive(Debug, Default)]
pub struct RequestWriter {
    pub(crate) path_params: Vec<(&'static str, String)>,
    pub(crate) credential_params: Vec<&'static str>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
}

impl RequestWriter {
    /// A writer with nothing written.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fills the `{name}` placeholder of the path.
    pub fn path_param(&mut self, name: &'static str, value: &impl ParamValue) {
        self.path_params.push((name, value.to_param()));
    }

    /// Fills the `{name}` placeholder from the credentials' domain id.
    pub fn path_param_from_credentials(&mut self, name: &'static str) {
        self.credential_params.push(name);
    }

    /// Adds a query parameter (nothing for `None`, one pair per item for lists).
    pub fn query(&mut self, name: &str, value: &impl QueryValue) {
        value.append_to(name, &mut self.query);
    }

    /// Adds a header (nothing for `None`).
    pub fn header(&mut self, name: &str, value: &impl QueryValue) {
        value.append_to(name, &mut self.headers);
    }

    /// Serialises the body as JSON (nothing for `None`).
    pub fn json_body<T: Serialize>(&mut self, body: &Option<T>) -> Result<(), Error> {
        if let Some(b) = body {
            self.json_body_required(b)?;
        }
        Ok(())
    }

    /// Serialises a required body as JSON.
    pub fn json_body_required<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        // serde_json starts at 128 bytes and doubles; most request bodies fit in 512 at once.
        let mut bytes = Vec::with_capacity(512);
        serde_json::to_writer(&mut bytes, body).map_err(|e| Error::InvalidRequest(format!("cannot serialise the body: {e}")))?;
        self.body = Some(bytes);
        Ok(())
    }

    /// The raw query pairs written so far.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The body written so far.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }
}

/// Substitutes `{name}` placeholders with percent-encoded values (every byte outside the RFC 3986
/// unreserved set is encoded, `/` included, as the official SDKs do).
pub fn fill_path(template: &str, values: &[(&str, String)]) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or_else(|| Error::InvalidRequest(format!("bad path template `{template}`")))?;
        let name = &after[..close];
        let value = values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| Error::InvalidRequest(format!("no value for path parameter `{name}`")))?;
        if value.is_empty() {
            return Err(Error::InvalidRequest(format!("path parameter `{name}` is empty")));
        }
        // `.` and `..` are unreserved, so encoding leaves them as they are, and URL parsers
        // resolve such segments: the request would go to another resource.
        if value == "." || value == ".." {
            return Err(Error::InvalidRequest(format!("path parameter `{name}` cannot be `{value}`")));
        }
        crate::encode::push_encoded(&mut out, value, |_| false);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_accept_the_documented_account_kinds() {
        use AccountKind::*;
        assert!(Caller::Customer.accepts(Customer) && Caller::Customer.accepts(EnterpriseMaster) && !Caller::Customer.accepts(Partner));
        assert!(Caller::Partner.accepts(Partner) && !Caller::Partner.accepts(Customer) && !Caller::Partner.accepts(EnterpriseMaster));
        assert!(Caller::EnterpriseMaster.accepts(EnterpriseMaster) && !Caller::EnterpriseMaster.accepts(Customer));
        assert!([Customer, Partner, EnterpriseMaster].iter().all(|k| Caller::Either.accepts(*k) && Caller::Unknown.accepts(*k)));
    }

    #[test]
    fn path_values_are_encoded_including_slash() {
        let p = fill_path("/v2/orders/{order_id}/x", &[("order_id", "a/b c+é".into())]).unwrap();
        assert_eq!(p, "/v2/orders/a%2Fb%20c%2B%C3%A9/x");
        assert!(fill_path("/v2/{missing}", &[]).is_err());
        assert!(fill_path("/v2/{id}", &[("id", String::new())]).is_err());
        for dots in [".", ".."] {
            assert!(fill_path("/v2/{id}/x", &[("id", dots.into())]).is_err(), "{dots}");
        }
        assert_eq!(fill_path("/v2/{id}", &[("id", "...".into())]).unwrap(), "/v2/...");
    }

    #[test]
    fn query_values_expand() {
        let mut w = RequestWriter::new();
        w.query("limit", &Some(10i32));
        w.query("offset", &None::<i32>);
        w.query("ids", &vec!["a".to_string(), "b".to_string()]);
        w.query("flag", &true);
        assert_eq!(
            w.query_pairs(),
            &[("limit".into(), "10".into()), ("ids".into(), "a".into()), ("ids".into(), "b".into()), ("flag".into(), "true".into())]
        );
    }

    #[test]
    fn no_content_accepts_anything() {
        for body in ["{}", "null", "[1,2]", "{\"a\":{\"b\":1}}"] {
            assert_eq!(serde_json::from_str::<NoContent>(body).unwrap(), NoContent);
        }
    }
}
