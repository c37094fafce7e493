//! Exact decimals for money: JSON numbers are read and written without passing through floats.
//!
//! Generated models use these modules in `#[serde(with = …)]`; they need serde_json's
//! `arbitrary_precision` feature, which this crate enables.

pub use rust_decimal::Decimal;

/// A required decimal field.
pub mod required {
    pub use rust_decimal::serde::arbitrary_precision::{deserialize, serialize};
}

/// An optional decimal field.
pub mod option {
    pub use rust_decimal::serde::arbitrary_precision_option::{deserialize, serialize};
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Exact(#[serde(with = "required")] Decimal);

/// A list of decimals.
pub mod vec {
    use super::{Decimal, Exact};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serialises each item as an exact JSON number.
    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        let items: Vec<Exact> = v.iter().map(|d| Exact(*d)).collect();
        items.serialize(s)
    }

    /// Reads each item from a JSON number or string without rounding.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
        Ok(Vec::<Exact>::deserialize(d)?.into_iter().map(|e| e.0).collect())
    }
}

/// An optional list of decimals.
pub mod option_vec {
    use super::{Decimal, Exact};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serialises each item as an exact JSON number.
    pub fn serialize<S: Serializer>(v: &Option<Vec<Decimal>>, s: S) -> Result<S::Ok, S::Error> {
        v.as_ref().map(|list| list.iter().map(|d| Exact(*d)).collect::<Vec<_>>()).serialize(s)
    }

    /// Reads each item from a JSON number or string without rounding.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Decimal>>, D::Error> {
        Ok(Option::<Vec<Exact>>::deserialize(d)?.map(|v| v.into_iter().map(|e| e.0).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Money {
        #[serde(with = "required")]
        amount: Decimal,
        #[serde(with = "option", default, skip_serializing_if = "Option::is_none")]
        credit: Option<Decimal>,
        #[serde(with = "vec")]
        parts: Vec<Decimal>,
    }

    #[test]
    fn money_round_trips_exactly() {
        let text = r#"{"amount":12345678901234567.89,"credit":0.1,"parts":[0.30000000000000004,1]}"#;
        let m: Money = serde_json::from_str(text).unwrap();
        assert_eq!(m.amount.to_string(), "12345678901234567.89");
        assert_eq!(m.credit.unwrap().to_string(), "0.1");
        assert_eq!(m.parts[0].to_string(), "0.30000000000000004");
        assert_eq!(serde_json::to_string(&m).unwrap(), text);
        let none: Money = serde_json::from_str(r#"{"amount":"5","parts":[]}"#).unwrap();
        assert_eq!((none.amount, none.credit), (Decimal::from(5), None));
    }
}
