//! Exact decimals for money: JSON numbers are read and written without passing through floats,
//! and a number the decimal type cannot hold exactly is an error, never a rounded value.
//!
//! Generated models read and write decimals through [`crate::model::Dec`]; these modules are the
//! same for `#[serde(with = …)]` in your own types. They need serde_json's `arbitrary_precision`
//! feature, which this crate enables.

pub use rust_decimal::Decimal;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// The key under which serde_json (with `arbitrary_precision`) hands a number's exact text to a
/// visitor.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Reads a decimal from its exact text: plain (`-12.340`) or scientific (`1.5e-3`). Refuses,
/// rather than rounds, a value with more significant digits than [`Decimal`] holds (28 to 29) or
/// outside its range (about ±7.9 × 10²⁸).
pub fn parse_exact(text: &str) -> Result<Decimal, String> {
    let text = text.trim();
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => {
            let exp: i64 = text[i + 1..].parse().map_err(|_| format!("`{text}` is not a number"))?;
            (&text[..i], exp)
        }
        None => (text, 0),
    };
    let (negative, digits_part) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (int_part, frac_part) = digits_part.split_once('.').unwrap_or((digits_part, ""));
    let well_formed = !(int_part.is_empty() && frac_part.is_empty())
        && int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(format!("`{text}` is not a number"));
    }
    // All digits, and the position of the decimal point in them once the exponent is applied.
    let digits: String = format!("{int_part}{frac_part}");
    let point = i64::try_from(int_part.len()).unwrap_or(i64::MAX).saturating_add(exponent);
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let leading_zeros = i64::try_from(format!("{int_part}{frac_part}").len() - digits.len()).unwrap_or(0);
    let point = point - leading_zeros;
    // Trailing zeros after the point carry no value; keep the scale as written where it fits.
    let significant = digits.trim_end_matches('0');
    let sig_len = i64::try_from(significant.len()).unwrap_or(i64::MAX);
    if sig_len > 29 || point > 29 || sig_len - point > 28 {
        return Err(format!("`{text}` does not fit a decimal exactly (at most 28 digits after the point and 29 significant digits)"));
    }
    let plain = if point <= 0 {
        format!("0.{}{}", "0".repeat(usize::try_from(-point).unwrap_or(0)), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}", digits, "0".repeat(point as usize - digits.len()))
    } else {
        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
    };
    let plain = if negative { format!("-{plain}") } else { plain };
    Decimal::from_str_exact(&plain)
        .or_else(|_| {
            // Too many written trailing zeros for the scale: drop them (the value is unchanged).
            let trimmed = if plain.contains('.') { plain.trim_end_matches('0').trim_end_matches('.') } else { &plain };
            Decimal::from_str_exact(trimmed)
        })
        .map_err(|_| format!("`{text}` does not fit a decimal exactly (at most 28 digits after the point and 29 significant digits)"))
}

struct ExactVisitor;

impl<'de> Visitor<'de> for ExactVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        parse_exact(&v.to_string()).map_err(E::custom)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        parse_exact(&v.to_string()).map_err(E::custom)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        // Only reached from deserializers that have no exact text (not serde_json here): the
        // shortest text that reads back as the same float.
        if !v.is_finite() {
            return Err(E::custom(format!("`{v}` is not a decimal")));
        }
        parse_exact(&v.to_string()).map_err(E::custom)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse_exact(v).map_err(E::custom)
    }

    /// A number's text (serde_json hands a number over as a one-entry map under a private key);
    /// any other map is a type error, raised once the map is read to its end, so that the
    /// error's position is after the value, as for a value of any other wrong type (a decode
    /// error's JSON path is read from that position).
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        match map.next_key::<NumberKey>()? {
            Some(NumberKey(true)) => {
                let text: String = map.next_value()?;
                parse_exact(&text).map_err(de::Error::custom)
            }
            Some(NumberKey(false)) => {
                map.next_value::<de::IgnoredAny>()?;
                while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Err(de::Error::invalid_type(de::Unexpected::Map, &self))
            }
            None => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }

    /// An array is a type error, raised once the array is read to its end (see `visit_map`).
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Decimal, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
    }
}

/// A key of a map read as a decimal: whether it is the private key serde_json uses for a
/// number's text.
struct NumberKey(bool);

impl<'de> serde::Deserialize<'de> for NumberKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = NumberKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<NumberKey, E> {
                Ok(NumberKey(v == NUMBER_TOKEN))
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// Reads a decimal exactly from a JSON number or a numeric string ([`parse_exact`]).
pub fn deserialize_exact<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    d.deserialize_any(ExactVisitor)
}

/// A required decimal field.
pub mod required {
    pub use rust_decimal::serde::arbitrary_precision::serialize;

    /// Reads a decimal exactly; see [`super::parse_exact`].
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<super::Decimal, D::Error> {
        super::deserialize_exact(d)
    }
}

/// An optional decimal field.
pub mod option {
    pub use rust_decimal::serde::arbitrary_precision_option::serialize;

    /// Reads an optional decimal exactly (`null` is `None`); see [`super::parse_exact`].
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<super::Decimal>, D::Error> {
        struct Exact(super::Decimal);
        impl<'de> serde::Deserialize<'de> for Exact {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::deserialize_exact(d).map(Exact)
            }
        }
        Ok(<Option<Exact> as serde::Deserialize>::deserialize(d)?.map(|e| e.0))
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
    }

    #[test]
    fn money_round_trips_exactly() {
        let text = r#"{"amount":12345678901234567.89,"credit":0.30000000000000004}"#;
        let m: Money = serde_json::from_str(text).unwrap();
        assert_eq!(m.amount.to_string(), "12345678901234567.89");
        assert_eq!(m.credit.unwrap().to_string(), "0.30000000000000004");
        assert_eq!(serde_json::to_string(&m).unwrap(), text);
        let none: Money = serde_json::from_str(r#"{"amount":"5","credit":null}"#).unwrap();
        assert_eq!((none.amount, none.credit), (Decimal::from(5), None));
    }

    #[test]
    fn exact_text_forms() {
        let p = |t: &str| parse_exact(t).map(|d| d.to_string());
        assert_eq!(p("-12.340").unwrap(), "-12.340");
        assert_eq!(p("1.5e-3").unwrap(), "0.0015");
        assert_eq!(p("2E+3").unwrap(), "2000");
        assert_eq!(p("0.000").unwrap(), "0");
        assert_eq!(p("79228162514264337593543950335").unwrap(), "79228162514264337593543950335");
        assert_eq!(p("0.0000000000000000000000000001").unwrap(), "0.0000000000000000000000000001");
        // Written trailing zeros beyond the scale limit do not change the value.
        assert_eq!(p("1.00000000000000000000000000000000").unwrap(), "1");
    }

    #[test]
    fn inexact_or_out_of_range_is_an_error_not_a_rounding() {
        for bad in [
            "0.12345678901234567890123456789",   // 29 digits after the point
            "123456789012345678901234567890",    // 30 digits
            "79228162514264337593543950336",     // one above the maximum
            "1e29",
            "1e-29",
            "1.2.3",
            "abc",
            "",
            "-",
        ] {
            assert!(parse_exact(bad).is_err(), "{bad}");
        }
        let e = serde_json::from_str::<Money>(r#"{"amount":0.12345678901234567890123456789}"#).unwrap_err();
        assert!(e.to_string().contains("does not fit a decimal exactly"), "{e}");
        let e = serde_json::from_str::<Money>(r#"{"amount":1,"credit":1e40}"#).unwrap_err();
        assert!(e.to_string().contains("does not fit"), "{e}");
        assert!(serde_json::from_str::<Money>(r#"{"amount":true}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":{"x":1}}"#).is_err());
    }
}
