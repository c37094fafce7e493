//! Credentials: AK/SK (with optional domain id and security token) or an IAM token; secrets never print.

use std::fmt;

/// A secret string: its value is only reachable through [`Secret::expose`], never through Debug or Display.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value, for signing or sending.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// How requests are authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// Access key and secret key: every request is signed with SDK-HMAC-SHA256.
    AkSk(AkSk),
    /// An IAM token sent as `X-Auth-Token`; requests are not signed.
    Token(Secret),
}

/// An access key pair, with the optional account (domain) id and temporary-key security token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AkSk {
    /// Access key id (not secret).
    pub ak: String,
    /// Secret access key.
    pub sk: Secret,
    /// Account id, sent as `X-Domain-Id` and used for `{domain_id}` in paths.
    pub domain_id: Option<String>,
    /// Security token of temporary keys, sent as `X-Security-Token`.
    pub security_token: Option<Secret>,
}

/// Environment variable names, the same as the official SDKs'.
pub mod env {
    /// Access key id.
    pub const AK: &str = "HUAWEICLOUD_SDK_AK";
    /// Secret access key.
    pub const SK: &str = "HUAWEICLOUD_SDK_SK";
    /// Account (domain) id.
    pub const DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
    /// Security token of temporary keys.
    pub const SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
}

impl Credentials {
    /// AK/SK credentials.
    pub fn aksk(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        Credentials::AkSk(AkSk { ak: ak.into(), sk: Secret::new(sk), domain_id: None, security_token: None })
    }

    /// IAM token credentials (`X-Auth-Token`).
    pub fn token(token: impl Into<String>) -> Self {
        Credentials::Token(Secret::new(token))
    }

    /// Adds the account (domain) id; no effect on token credentials.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        if let Credentials::AkSk(k) = &mut self {
            k.domain_id = Some(domain_id.into());
        }
        self
    }

    /// Adds the security token of temporary keys; no effect on token credentials.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        if let Credentials::AkSk(k) = &mut self {
            k.security_token = Some(Secret::new(token));
        }
        self
    }

    /// Reads AK/SK credentials from `HUAWEICLOUD_SDK_AK`, `_SK`, `_DOMAIN_ID`, `_SECURITY_TOKEN`.
    pub fn from_env() -> Result<Self, crate::Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup` (for tests and custom sources).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, crate::Error> {
        let non_empty = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let ak = non_empty(env::AK).ok_or_else(|| crate::Error::Config(format!("{} is not set", env::AK)))?;
        let sk = non_empty(env::SK).ok_or_else(|| crate::Error::Config(format!("{} is not set", env::SK)))?;
        let mut creds = Credentials::aksk(ak, sk);
        if let Some(d) = non_empty(env::DOMAIN_ID) {
            creds = creds.with_domain_id(d);
        }
        if let Some(t) = non_empty(env::SECURITY_TOKEN) {
            creds = creds.with_security_token(t);
        }
        Ok(creds)
    }

    /// The account (domain) id, if known.
    pub fn domain_id(&self) -> Option<&str> {
        match self {
            Credentials::AkSk(k) => k.domain_id.as_deref(),
            Credentials::Token(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let c = Credentials::aksk("AKID", "very-secret-sk").with_security_token("tok-secret").with_domain_id("dom");
        let shown = format!("{c:?}");
        assert!(!shown.contains("very-secret-sk") && !shown.contains("tok-secret"), "{shown}");
        assert!(shown.contains("AKID") && shown.contains("dom"));
        let t = Credentials::token("iam-token-value");
        assert!(!format!("{t:?}").contains("iam-token-value"));
    }

    #[test]
    fn env_lookup() {
        let vars = [(env::AK, "ak1"), (env::SK, "sk1"), (env::DOMAIN_ID, "d1"), (env::SECURITY_TOKEN, "")];
        let c = Credentials::from_lookup(|n| vars.iter().find(|(k, _)| *k == n).map(|(_, v)| v.to_string())).unwrap();
        assert_eq!(c.domain_id(), Some("d1"));
        let Credentials::AkSk(k) = &c else { panic!("expected AK/SK") };
        assert_eq!((k.ak.as_str(), k.sk.expose(), k.security_token.is_none()), ("ak1", "sk1", true));
        let missing = Credentials::from_lookup(|_| None).unwrap_err();
        assert!(missing.to_string().contains("HUAWEICLOUD_SDK_AK"));
    }
}
