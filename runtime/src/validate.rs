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

    /// A required text that must not be empty (the API refuses an empty value).
    pub fn not_empty(&mut self, field: &str, value: &str) {
        if value.is_empty() {
            self.push(field, "must not be empty");
        }
    }

    /// Length limits in characters of a text or an optional text (`0` / `usize::MAX`: no limit).
    pub fn chars(&mut self, field: &str, value: &impl TextValue, min: usize, max: usize) {
        self.length(field, value.text(), (min > 0).then_some(min), (max < usize::MAX).then_some(max));
    }

    /// Inclusive range of an integer or an optional integer (`i64::MIN` / `i64::MAX`: no bound).
    pub fn int_range(&mut self, field: &str, value: &impl IntValue, min: i64, max: i64) {
        self.range(field, value.int(), (min > i64::MIN).then_some(min), (max < i64::MAX).then_some(max));
    }

    /// A documented text format; an absent or empty value is not checked (emptiness is the
    /// business of [`Violations::not_empty`]).
    pub fn format(&mut self, field: &str, value: &impl TextValue, format: Format) {
        if let Some(text) = value.text().filter(|t| !t.is_empty()) {
            if !format.matches(text) {
                self.push(field, format!("must be {} (got {:?})", format.describe(), short(text)));
            }
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

/// A text value a check reads: `String`, `str` or an optional one (absent: nothing to check).
pub trait TextValue {
    /// The text, if present.
    fn text(&self) -> Option<&str>;
}

impl TextValue for str {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl TextValue for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: TextValue> TextValue for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(T::text)
    }
}

impl<T: TextValue + ?Sized> TextValue for &T {
    fn text(&self) -> Option<&str> {
        (**self).text()
    }
}

/// An integer value a check reads: `i32`, `i64` or an optional one.
pub trait IntValue {
    /// The value, if present.
    fn int(&self) -> Option<i64>;
}

impl IntValue for i32 {
    fn int(&self) -> Option<i64> {
        Some(i64::from(*self))
    }
}

impl IntValue for i64 {
    fn int(&self) -> Option<i64> {
        Some(*self)
    }
}

impl<T: IntValue> IntValue for Option<T> {
    fn int(&self) -> Option<i64> {
        self.as_ref().and_then(T::int)
    }
}

/// A documented text format, checked before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// A UTC time `yyyy-MM-ddTHH:mm:ssZ`, e.g. `2024-01-31T16:00:00Z` (spec `date-time`).
    DateTime,
    /// A month `YYYY-MM`, e.g. `2024-01` (spec `YYYY-MM`).
    YearMonth,
    /// A day `YYYY-MM-DD`, e.g. `2024-01-31` (spec `YYYY-MM-DD`).
    Date,
    /// Decimal digits only, e.g. `0042` (spec `digits`).
    Digits,
    /// A decimal number as text, e.g. `300.00` (spec `decimal`).
    DecimalText,
}

impl Format {
    /// The format's spec name.
    pub fn spec_name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::YearMonth => "YYYY-MM",
            Format::Date => "YYYY-MM-DD",
            Format::Digits => "digits",
            Format::DecimalText => "decimal",
        }
    }

    /// The format in words, as violations say it.
    pub fn describe(self) -> &'static str {
        match self {
            Format::DateTime => "a UTC time yyyy-MM-ddTHH:mm:ssZ",
            Format::YearMonth => "a month YYYY-MM",
            Format::Date => "a date YYYY-MM-DD",
            Format::Digits => "digits only",
            Format::DecimalText => "a decimal number such as 300.00",
        }
    }

    /// Whether `text` has the format (dates must exist: `2023-02-29` does not).
    pub fn matches(self, text: &str) -> bool {
        let b = text.as_bytes();
        match self {
            Format::YearMonth => b.len() == 7 && year_month_day(b, false).is_some(),
            Format::Date => b.len() == 10 && year_month_day(b, true).is_some(),
            Format::DateTime => {
                b.len() == 20
                    && b[10] == b'T'
                    && b[19] == b'Z'
                    && year_month_day(&b[..10], true).is_some()
                    && b[13] == b':'
                    && b[16] == b':'
                    && number(&b[11..13]).is_some_and(|h| h < 24)
                    && number(&b[14..16]).is_some_and(|m| m < 60)
                    && number(&b[17..19]).is_some_and(|s| s < 60)
            }
            Format::Digits => !b.is_empty() && b.iter().all(u8::is_ascii_digit),
            Format::DecimalText => {
                let (int, frac) = text.split_once('.').unwrap_or((text, "0"));
                let int = int.strip_prefix('-').unwrap_or(int);
                !int.is_empty() && !frac.is_empty() && (int.bytes().chain(frac.bytes())).all(|c| c.is_ascii_digit())
            }
        }
    }
}

/// At most 40 characters of `text`, for a violation's message.
fn short(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The value of ASCII digits.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
}

/// `YYYY-MM` (or `YYYY-MM-DD` with `day`), a month that exists (and a day of that month).
fn year_month_day(b: &[u8], day: bool) -> Option<()> {
    let year = number(b.get(..4)?)?;
    (b.get(4) == Some(&b'-')).then_some(())?;
    let month = number(b.get(5..7)?)?;
    (1..=12).contains(&month).then_some(())?;
    if day {
        (b.get(7) == Some(&b'-')).then_some(())?;
        let d = number(b.get(8..10)?)?;
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (1..=days).contains(&d).then_some(())?;
    }
    Some(())
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

    #[test]
    fn formats_are_checked_and_empty_or_absent_values_are_not() {
        let ok = [
            (Format::DateTime, "2024-02-29T23:59:59Z"),
            (Format::YearMonth, "2024-12"),
            (Format::Date, "2023-12-31"),
            (Format::Digits, "0042"),
            (Format::DecimalText, "300.00"),
        ];
        for (f, text) in ok {
            assert!(f.matches(text), "{f:?} {text}");
        }
        let bad = [
            (Format::DateTime, "2023-02-29T00:00:00Z"),
            (Format::DateTime, "2024-01-01 00:00:00Z"),
            (Format::DateTime, "2024-01-01T24:00:00Z"),
            (Format::DateTime, "2024-01-01T00:00:00+08:00"),
            (Format::YearMonth, "2024-13"),
            (Format::YearMonth, "2024/01"),
            (Format::Date, "2024-04-31"),
            (Format::Digits, "12a"),
            (Format::DecimalText, "1e5"),
            (Format::DecimalText, "3."),
        ];
        for (f, text) in bad {
            assert!(!f.matches(text), "{f:?} {text}");
        }
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_706_716_800);
        assert_eq!(crate::utc_date_time(t), "2024-01-31T16:00:00Z");
        assert!(Format::DateTime.matches(&crate::utc_date_time(std::time::SystemTime::now())));
        let mut v = Violations::new();
        v.format("cycle", &Some("2024-1".to_string()), Format::YearMonth);
        v.format("begin", &None::<String>, Format::DateTime);
        v.format("end", &String::new(), Format::DateTime);
        v.not_empty("order_id", "");
        v.chars("id", &Some("abcd".to_string()), 0, 3);
        v.int_range("limit", &Some(0i32), 1, i64::MAX);
        let err = v.finish("X").unwrap_err();
        let text: Vec<String> = err.violations.iter().map(|x| x.to_string()).collect();
        assert_eq!(
            text,
            [
                "`cycle` must be a month YYYY-MM (got \"2024-1\")",
                "`order_id` must not be empty",
                "`id` must be at most 3 characters (got 4)",
                "`limit` must be at least 1 (got 0)"
            ]
        );
    }
}
