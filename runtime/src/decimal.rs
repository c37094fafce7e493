//! Exact decimals for money: JSON numbers are read and written without passing through floats.
//!
//! Generated models read and write decimals through [`crate::model::Dec`]; these modules are the
//! same for `#[serde(with = …)]` in your own types. They need serde_json's `arbitrary_precision`
//! feature, which this crate enables.

pub use rust_decimal::Decimal;

/// A required decimal field.
pub mod required {
    pub use rust_decimal::serde::arbitrary_precision::{deserialize, serialize};
}

/// An optional decimal field.
pub mod option {
    pub use rust_decimal::serde::arbitrary_precision_option::{deserialize, serialize};
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
    }

    #[test]
    fn money_round_trips_exactly() {
        let text = r#"{"amount":12345678901234567.89,"credit":0.30000000000000004}"#;
        let m: Money = serde_json::from_str(text).unwrap();
        assert_eq!(m.amount.to_string(), "12345678901234567.89");
        assert_eq!(m.credit.unwrap().to_string(), "0.30000000000000004");
        assert_eq!(serde_json::to_string(&m).unwrap(), text);
        let none: Money = serde_json::from_str(r#"{"amount":"5"}"#).unwrap();
        assert_eq!((none.amount, none.credit), (Decimal::from(5), None));
    }
}
