//! Client-side validation: the spec's documented constraints, checked before anything is sent.

use std::fmt;

/// One broken rule: the field (wire name, with the path into nested bodies) and the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Wire name of the field, e.g. `limit`, `X-Language` or `coupon_infos[2].coupon_id`.
    pub field: String,
    /// The rule it breaks, e.g. `must be at most 100 (got 500)`.
    pub rule: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.rule)
    }
}

/// Every violation of a request, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The operation's spec name.
    pub operation: &'static str,
    /// What is wrong, in field order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} request is invalid: ", self.operation)?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Collects violations; generated `validate` methods call its checks.
#[derive(Debug, Default)]
pub struct Violations {
    prefix: Vec<String>,
    items: Vec<Violation>,
}

/// Something whose documented constraints can be checked (generated requests and body models).
pub trait Validate {
    /// Records every broken constraint in `v`.
    fn validate(&self, v: &mut Violations);
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self, v: &mut Violations) {
        if let Some(inner) = self {
            inner.validate(v);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self, v: &mut Violations) {
        (**self).validate(v);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, v: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            v.nested_index(i, |v| item.validate(v));
        }
    }
}

impl Violations {
    /// No violations yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The violations found.
    pub fn into_vec(self) -> Vec<Violation> {
        self.items
    }

    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Runs `check` with `field` prepended to every field name it reports (`field.sub`).
    pub fn nested(&mut self, field: &str, check: impl FnOnce(&mut Self)) {
        self.prefix.push(format!("{field}."));
        check(self);
        self.prefix.pop();
    }

    /// Runs `check` for list item `index` (`list[3].sub`); the list's own name is the enclosing
    /// [`Violations::nested`] field.
    pub fn nested_index(&mut self, index: usize, check: impl FnOnce(&mut Self)) {
        // Turn the trailing `field.` of the prefix into `field[i].`.
        let base = self.prefix.last().map(|p| p.trim_end_matches('.').to_string());
        match base {
            Some(b) => {
                let last = self.prefix.len() - 1;
                let saved = std::mem::replace(&mut self.prefix[last], format!("{b}[{index}]."));
                check(self);
                self.prefix[last] = saved;
            }
            None => {
                self.prefix.push(format!("[{index}]."));
                check(self);
                self.prefix.pop();
            }
        }
    }

    /// Records a violation of `field`.
    pub fn push(&mut self, field: &str, rule: impl Into<String>) {
        let field = format!("{}{field}", self.prefix.concat());
        self.items.push(Violation { field, rule: rule.into() });
    }

    /// A required value is missing (or empty, for path parameters).
    pub fn required(&mut self, field: &str, present: bool) {
        if !present {
            self.push(field, "is required");
        }
    }

    /// Length limits in characters.
    pub fn length(&mut self, field: &str, value: Option<&str>, min: Option<usize>, max: Option<usize>) {
        let Some(value) = value else { return };
        let len = value.chars().count();
        if let Some(max) = max.filter(|m| len > *m) {
            self.push(field, format!("must be at most {max} characters (got {len})"));
        }
        if let Some(min) = min.filter(|m| len < *m) {
            self.push(field, format!("must be at least {min} characters (got {len})"));
        }
    }

    /// Length limits applied to each item of a list of strings.
    pub fn each_length(&mut self, field: &str, values: Option<&[String]>, min: Option<usize>, max: Option<usize>) {
        for (i, item) in values.unwrap_or_default().iter().enumerate() {
            self.length(&format!("{field}[{i}]"), Some(item), min, max);
        }
    }

    /// Item-count limits of a list.
    pub fn items(&mut self, field: &str, len: Option<usize>, min: Option<usize>, max: Option<usize>) {
        let Some(len) = len else { return };
        if let Some(max) = max.filter(|m| len > *m) {
            self.push(field, format!("must have at most {max} items (got {len})"));
        }
        if let Some(min) = min.filter(|m| len < *m) {
            self.push(field, format!("must have at least {min} items (got {len})"));
        }
    }

    /// Inclusive integer range.
    pub fn range(&mut self, field: &str, value: Option<i64>, min: Option<i64>, max: Option<i64>) {
        let Some(value) = value else { return };
        if let Some(min) = min.filter(|m| value < *m) {
            self.push(field, format!("must be at least {min} (got {value})"));
        }
        if let Some(max) = max.filter(|m| value > *m) {
            self.push(field, format!("must be at most {max} (got {value})"));
        }
    }

    /// Inclusive decimal range; bounds are written as in the spec.
    pub fn decimal_range(&mut self, field: &str, value: Option<crate::Decimal>, min: Option<&str>, max: Option<&str>) {
        let Some(value) = value else { return };
        let parse = |s: &str| s.parse::<crate::Decimal>().ok();
        if let Some(min) = min.filter(|m| parse(m).is_some_and(|m| value < m)) {
            self.push(field, format!("must be at least {min} (got {value})"));
        }
        if let Some(max) = max.filter(|m| parse(m).is_some_and(|m| value > m)) {
            self.push(field, format!("must be at most {max} (got {value})"));
        }
    }

    /// The value must be one of the documented ones.
    pub fn one_of<T: PartialEq + fmt::Display + ?Sized>(&mut self, field: &str, value: Option<&T>, allowed: &[&T]) {
        let Some(value) = value else { return };
        if !allowed.contains(&value) {
            let list: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
            self.push(field, format!("must be one of {} (got {value})", list.join(", ")));
        }
    }

    /// Turns the findings into a result for `operation`.
    pub fn finish(self, operation: &'static str) -> Result<(), ValidationError> {
        if self.items.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { operation, violations: self.items })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(Option<String>);
    impl Validate for Item {
        fn validate(&self, v: &mut Violations) {
            v.length("id", self.0.as_deref(), None, Some(3));
        }
    }

    #[test]
    fn every_violation_is_reported_with_its_path() {
        let mut v = Violations::new();
        v.range("limit", Some(500), Some(1), Some(100));
        v.length("X-Language", Some("zh_CN_long"), None, Some(8));
        v.items("ids", Some(3), None, Some(2));
        v.each_length("ids", Some(&["ok".into(), "toolong".into()]), None, Some(3));
        v.one_of("lang", Some("fr"), &["zh_CN", "en_US"]);
        v.decimal_range("amount", Some("-0.01".parse().unwrap()), Some("0"), None);
        v.nested("infos", |v| vec![Item(Some("a".into())), Item(Some("abcd".into()))].validate(v));
        v.range("offset", None, Some(0), None);
        let err = v.finish("ListThings").unwrap_err();
        let fields: Vec<&str> = err.violations.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["limit", "X-Language", "ids", "ids[1]", "lang", "amount", "infos[1].id"]);
        assert!(err.to_string().starts_with("ListThings request is invalid: `limit` must be at most 100 (got 500)"));
        assert!(Violations::new().finish("X").is_ok());
    }
}
