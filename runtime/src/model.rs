//! Building blocks of the `Serialize`/`Deserialize` impls the generator writes for object models.
//!
//! Generated models do not `#[derive]` serde: a derive per model made most of the generated
//! crate's compile time. Their impls are a map loop over these helpers instead, which keeps the
//! per-model code small and the generic parts here, compiled once.

use crate::Decimal;
use serde::de::{DeserializeSeed, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

pub use serde::de::{Error as DeError, IgnoredAny, MapAccess, Visitor};
pub use serde::ser::SerializeMap;

/// Reads an object key as its position in a model's list of wire names (`None`: a key the model
/// does not know, which is skipped), without allocating the key.
#[derive(Debug, Clone, Copy)]
pub struct FieldIndex(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FieldIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: DeError>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: DeError>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

/// A decimal written and read as an exact JSON number (never through a float).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dec(pub Decimal);

impl Serialize for Dec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::decimal::required::serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::decimal::required::deserialize(d).map(Dec)
    }
}

/// A list of decimals written as exact JSON numbers.
#[derive(Debug, Clone, Copy)]
pub struct DecList<'a>(pub &'a [Decimal]);

impl Serialize for DecList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|d| Dec(*d)))
    }
}

/// The decimals of a list read as [`Dec`]s.
pub fn decimals(list: Vec<Dec>) -> Vec<Decimal> {
    list.into_iter().map(|d| d.0).collect()
}

/// The error for a required field missing from an object.
pub fn missing<E: DeError>(wire_name: &'static str) -> E {
    E::missing_field(wire_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_by_position_and_unknown_keys_are_none() {
        let seed = FieldIndex(&["a", "b_c"]);
        let read = |json: &str| seed.deserialize(&mut serde_json::Deserializer::from_str(json)).unwrap();
        assert_eq!((read(r#""b_c""#), read(r#""a""#), read(r#""zz""#)), (Some(1), Some(0), None));
        // An escaped key is decoded before it is looked up.
        assert_eq!(read(r#""b\u005fc""#), Some(1));
    }

    #[test]
    fn decimals_stay_exact() {
        let d: Vec<Dec> = serde_json::from_str("[0.30000000000000004, 12345678901234567.89]").unwrap();
        let list = decimals(d);
        assert_eq!(list[0].to_string(), "0.30000000000000004");
        assert_eq!(serde_json::to_string(&DecList(&list)).unwrap(), "[0.30000000000000004,12345678901234567.89]");
    }
}
