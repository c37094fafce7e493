//! The `Serialize`/`Deserialize` impls of generated models, written once: a model declares its
//! fields ([`object_serde!`](crate::object_serde), [`enum_serde!`](crate::enum_serde)) and the
//! generic code here does the work.
//!
//! Generated models do not `#[derive]` serde: a derive per model made most of the generated
//! crate's compile time. A model's declaration lists, per field, its Rust name, its *kind* (one of
//! the slot types below: [`Opt`], [`Req`], [`OptDec`], [`ReqDec`], [`OptDecs`], [`ReqDecs`]) and its
//! wire name, in groups of at most 12 (tuples of slots). Serialising writes the fields as a map in
//! declaration order, leaving `None` out; deserialising reads keys by position in the list of wire
//! names (no key is allocated), skips unknown keys, reads `null` as `None` and names a missing
//! required field in its error. Decimals are read and written as exact JSON numbers.

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

/// One field, or a group of fields (a tuple), written to a map.
pub trait Entries {
    /// Writes the present fields as map entries.
    fn put<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error>;
}

/// One field, or a group of fields (a tuple), read from a map: the state of a model's fields
/// while its object is read.
pub trait Slots {
    /// How many fields.
    const LEN: usize;
    /// Reads the value of field `i` (`i < LEN`) from the map.
    fn read<'de, A: MapAccess<'de>>(&mut self, i: usize, m: &mut A) -> Result<(), A::Error>;
    /// The wire name of the first required field without a value.
    fn missing(&self) -> Option<&'static str>;
}

/// The value of a field once its object has been read (and [`Slots::missing`] found every
/// required field).
pub trait Finish {
    /// The field's type.
    type Out;
    /// The value.
    fn finish(self) -> Self::Out;
}

macro_rules! field_kinds {
    ($($(#[$doc:meta])* $kind:ident<$($t:ident)?> $out:ident: $field:ty, $slot:ty;)*) => {$(
        $(#[$doc])*
        #[derive(Debug)]
        #[allow(dead_code)] // the wire name: read by the required kinds only
        pub struct $kind<$($t)?>(Option<$slot>, &'static str);

        /// A field of this kind, to write.
        #[derive(Debug)]
        pub struct $out<'a, $($t)?>(&'static str, &'a $field);

        impl<$($t)?> $kind<$($t)?> {
            /// The empty slot of the field with this wire name.
            pub fn slot(wire: &'static str) -> Self {
                $kind(None, wire)
            }

            /// The field with this wire name, to write.
            pub fn entry<'a>(wire: &'static str, value: &'a $field) -> $out<'a, $($t)?> {
                $out(wire, value)
            }
        }
    )*};
}

field_kinds! {
    /// An optional field (`Option<T>`): left out when `None`, `null` reads as `None`.
    Opt<T> OptOut: Option<T>, T;
    /// A required field (`T`): a missing key is an error.
    Req<T> ReqOut: T, T;
    /// An optional exact decimal.
    OptDec<> OptDecOut: Option<Decimal>, Decimal;
    /// A required exact decimal.
    ReqDec<> ReqDecOut: Decimal, Decimal;
    /// An optional list of exact decimals.
    OptDecs<> OptDecsOut: Option<Vec<Decimal>>, Vec<Decimal>;
    /// A required list of exact decimals.
    ReqDecs<> ReqDecsOut: Vec<Decimal>, Vec<Decimal>;
}

impl<T: Serialize> Entries for OptOut<'_, T> {
    fn put<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        match self.1 {
            Some(v) => m.serialize_entry(self.0, v),
            None => Ok(()),
        }
    }
}

impl<T: Serialize> Entries for ReqOut<'_, T> {
    fn put<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry(self.0, self.1)
    }
}

impl Entries for OptDecOut<'_> {
    fn put<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        match self.1 {
            Some(v) => m.serialize_entry(self.0, &Dec(*v)),
            None => Ok(()),
        }
    }
}

impl Entries for ReqDecOut<'_> {
    fn put<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry(self.0, &Dec(*self.1))
    }
}

impl Entries for OptDecsOut<'_> {
    fn put<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        match self.1 {
            Some(v) => m.serialize_entry(self.0, &DecList(v)),
            None => Ok(()),
        }
    }
}

impl Entries for ReqDecsOut<'_> {
    fn put<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
        m.serialize_entry(self.0, &DecList(self.1))
    }
}

impl<T: for<'de> Deserialize<'de>> Slots for Opt<T> {
    const LEN: usize = 1;
    fn missing(&self) -> Option<&'static str> {
        None
    }
    fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, m: &mut A) -> Result<(), A::Error> {
        self.0 = m.next_value()?;
        Ok(())
    }
}

impl<T: for<'de> Deserialize<'de>> Slots for Req<T> {
    const LEN: usize = 1;
    fn missing(&self) -> Option<&'static str> {
        self.0.is_none().then_some(self.1)
    }
    fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, m: &mut A) -> Result<(), A::Error> {
        self.0 = Some(m.next_value()?);
        Ok(())
    }
}

impl Slots for OptDec {
    const LEN: usize = 1;
    fn missing(&self) -> Option<&'static str> {
        None
    }
    fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, m: &mut A) -> Result<(), A::Error> {
        self.0 = m.next_value::<Option<Dec>>()?.map(|d| d.0);
        Ok(())
    }
}

impl Slots for ReqDec {
    const LEN: usize = 1;
    fn missing(&self) -> Option<&'static str> {
        self.0.is_none().then_some(self.1)
    }
    fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, m: &mut A) -> Result<(), A::Error> {
        self.0 = Some(m.next_value::<Dec>()?.0);
        Ok(())
    }
}

impl Slots for OptDecs {
    const LEN: usize = 1;
    fn missing(&self) -> Option<&'static str> {
        None
    }
    fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, m: &mut A) -> Result<(), A::Error> {
        self.0 = m.next_value::<Option<Vec<Dec>>>()?.map(decimals);
        Ok(())
    }
}

impl Slots for ReqDecs {
    const LEN: usize = 1;
    fn missing(&self) -> Option<&'static str> {
        self.0.is_none().then_some(self.1)
    }
    fn read<'de, A: MapAccess<'de>>(&mut self, _: usize, m: &mut A) -> Result<(), A::Error> {
        self.0 = Some(decimals(m.next_value()?));
        Ok(())
    }
}

macro_rules! finish_optional {
    ($($kind:ident<$($t:ident)?>: $out:ty;)*) => {$(
        impl<$($t)?> Finish for $kind<$($t)?> {
            type Out = Option<$out>;
            fn finish(self) -> Self::Out {
                self.0
            }
        }
    )*};
}

macro_rules! finish_required {
    ($($kind:ident<$($t:ident)?>: $out:ty;)*) => {$(
        impl<$($t)?> Finish for $kind<$($t)?> {
            type Out = $out;
            fn finish(self) -> Self::Out {
                match self.0 {
                    Some(v) => v,
                    None => unreachable!("`{}` was checked by `Slots::missing`", self.1),
                }
            }
        }
    )*};
}

finish_optional! { Opt<T>: T; OptDec<>: Decimal; OptDecs<>: Vec<Decimal>; }
finish_required! { Req<T>: T; ReqDec<>: Decimal; ReqDecs<>: Vec<Decimal>; }

/// Tuples of entries and of slots, up to 12: a model's fields in groups.
macro_rules! tuples {
    ($(($($i:tt $t:ident),+))*) => {$(
        impl<$($t: Entries),+> Entries for ($($t,)+) {
            fn put<M: SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
                $(self.$i.put(m)?;)+
                Ok(())
            }
        }

        impl<$($t: Slots),+> Slots for ($($t,)+) {
            const LEN: usize = 0 $(+ $t::LEN)+;
            #[allow(unused_assignments)]
            fn read<'de, Map: MapAccess<'de>>(&mut self, i: usize, m: &mut Map) -> Result<(), Map::Error> {
                let mut start = 0;
                $(
                    if i < start + $t::LEN {
                        return self.$i.read(i - start, m);
                    }
                    start += $t::LEN;
                )+
                unreachable!("field {i} of {start}")
            }

            fn missing(&self) -> Option<&'static str> {
                $(
                    if let Some(wire) = self.$i.missing() {
                        return Some(wire);
                    }
                )+
                None
            }
        }
    )*};
}

tuples! {
    (0 A)
    (0 A, 1 B)
    (0 A, 1 B, 2 C)
    (0 A, 1 B, 2 C, 3 D)
    (0 A, 1 B, 2 C, 3 D, 4 E)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H, 8 I, 9 J, 10 K)
    (0 T0, 1 T1, 2 T2, 3 T3, 4 T4, 5 T5, 6 T6, 7 T7, 8 T8, 9 T9, 10 T10, 11 T11)
}

impl Entries for () {
    fn put<M: SerializeMap>(&self, _: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

impl Slots for () {
    const LEN: usize = 0;
    fn read<'de, A: MapAccess<'de>>(&mut self, i: usize, _: &mut A) -> Result<(), A::Error> {
        unreachable!("field {i} of a model without fields")
    }

    fn missing(&self) -> Option<&'static str> {
        None
    }
}

/// Writes a model's fields as a JSON object (a map), in order, leaving out absent optional fields.
pub fn write<S: Serializer, E: Entries>(s: S, entries: E) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(None)?;
    entries.put(&mut m)?;
    m.end()
}

/// Reads an object into a model's slots: `names` are the wire names in slot order; unknown keys
/// are skipped, and a required field without a value is an error naming the first such field.
pub fn read<'de, D: Deserializer<'de>, S: Slots>(
    d: D,
    expecting: &'static str,
    names: &'static [&'static str],
    slots: &mut S,
) -> Result<(), D::Error> {
    debug_assert_eq!(names.len(), S::LEN);
    d.deserialize_map(ObjectVisitor { expecting, names, slots })
}

struct ObjectVisitor<'s, S> {
    expecting: &'static str,
    names: &'static [&'static str],
    slots: &'s mut S,
}

impl<'de, S: Slots> Visitor<'de> for ObjectVisitor<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<(), A::Error> {
        while let Some(key) = m.next_key_seed(FieldIndex(self.names))? {
            match key {
                Some(i) => self.slots.read(i, &mut m)?,
                None => {
                    m.next_value::<IgnoredAny>()?;
                }
            }
        }
        match self.slots.missing() {
            Some(wire) => Err(missing(wire)),
            None => Ok(()),
        }
    }
}

/// `Serialize` and `Deserialize` for a generated object model, from its fields: groups (at most
/// 12 each) of `rust_name: Kind "wire_name"`, `Kind` one of the slot types of
/// [`model`](crate::model). An implementation detail of the generated crates.
#[doc(hidden)]
#[macro_export]
macro_rules! object_serde {
    ($(#[$attr:meta])* $name:ident { $([$($field:ident: $kind:ident $wire:literal),* $(,)?])* }) => {
        $(#[$attr])*
        #[allow(deprecated)]
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::model::write(s, ($(($($crate::model::$kind::entry($wire, &self.$field),)*),)*))
            }
        }
        $(#[$attr])*
        #[allow(deprecated)]
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let mut slots = ($(($($crate::model::$kind::slot($wire),)*),)*);
                $crate::model::read(d, ::core::concat!("struct ", ::core::stringify!($name)), &[$($($wire),*),*], &mut slots)?;
                let ($(($($field,)*),)*) = slots;
                ::core::result::Result::Ok($name {
                    $($($field: $crate::model::Finish::finish($field),)*)*
                })
            }
        }
    };
}

/// The impls of a generated enumeration with an `Unknown(raw)` variant: the wire value
/// (`as_str` for text, `value` for integers), `From` the raw value, `Display`, `ParamValue`,
/// `Serialize` and `Deserialize`. An implementation detail of the generated crates.
#[doc(hidden)]
#[macro_export]
macro_rules! enum_serde {
    ($(#[$attr:meta])* $name:ident: str { $($var:ident = $lit:literal),* $(,)? }) => {
        $(#[$attr])*
        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$var => $lit,)*
                    $name::Unknown(other) => other.as_str(),
                }
            }
        }
        $(#[$attr])*
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($lit => $name::$var,)*
                    other => $name::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }
        $(#[$attr])*
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        $(#[$attr])*
        impl $crate::ParamValue for $name {
            fn to_param(&self) -> ::std::string::String {
                ::std::borrow::ToOwned::to_owned(self.as_str())
            }
        }
        $(#[$attr])*
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        $(#[$attr])*
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let raw = <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok($name::from(raw.as_str()))
            }
        }
    };
    ($(#[$attr:meta])* $name:ident: $raw:ty { $($var:ident = $lit:literal),* $(,)? }) => {
        $(#[$attr])*
        impl $name {
            /// The wire value.
            pub fn value(&self) -> $raw {
                match self {
                    $($name::$var => $lit,)*
                    $name::Unknown(other) => *other,
                }
            }
        }
        $(#[$attr])*
        impl ::core::convert::From<$raw> for $name {
            fn from(value: $raw) -> Self {
                match value {
                    $($lit => $name::$var,)*
                    other => $name::Unknown(other),
                }
            }
        }
        $(#[$attr])*
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(f, "{}", self.value())
            }
        }
        $(#[$attr])*
        impl $crate::ParamValue for $name {
            fn to_param(&self) -> ::std::string::String {
                ::std::string::ToString::to_string(&self.value())
            }
        }
        $(#[$attr])*
        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serde::Serialize::serialize(&self.value(), serializer)
            }
        }
        $(#[$attr])*
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let raw = <$raw as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok($name::from(raw))
            }
        }
    };
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

    #[derive(Debug, PartialEq)]
    struct Inner {
        amount: Decimal,
        r#type: Option<String>,
    }
    crate::object_serde! { Inner { [amount: ReqDec "amount", r#type: Opt "type"] } }

    #[derive(Debug, PartialEq)]
    struct Outer {
        id: String,
        items: Option<Vec<Inner>>,
        rates: Option<Vec<Decimal>>,
    }
    crate::object_serde! { Outer { [id: Req "id"] [items: Opt "items", rates: OptDecs "rates"] } }

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Mode {
        On,
        Unknown(String),
    }
    crate::enum_serde! { Mode: str { On = "ON" } }

    #[test]
    fn declared_models_read_and_write_like_the_hand_written_impls() {
        let json = r#"{"zz":[1,{"a":2}],"id":"x","items":[{"amount":0.10,"type":null}],"rates":[1.50]}"#;
        let outer: Outer = serde_json::from_str(json).unwrap();
        assert_eq!(outer.items.as_ref().unwrap()[0].amount.to_string(), "0.10");
        assert_eq!(outer.items.as_ref().unwrap()[0].r#type, None);
        assert_eq!(serde_json::to_string(&outer).unwrap(), r#"{"id":"x","items":[{"amount":0.10}],"rates":[1.50]}"#);
        let missing = serde_json::from_str::<Outer>(r#"{"items":[]}"#).unwrap_err();
        assert!(missing.to_string().starts_with("missing field `id`"), "{missing}");
        let mut de = serde_json::Deserializer::from_str(r#"{"id":"x","items":[{"amount":true}]}"#);
        let err = serde_path_to_error::deserialize::<_, Outer>(&mut de).unwrap_err();
        assert_eq!(err.path().to_string(), "items[0].amount");
        let err = serde_json::from_str::<Outer>(r#"{"id":7}"#).unwrap_err();
        assert_eq!(err.to_string(), "invalid type: integer `7`, expected a string at line 1 column 7");
        let err = serde_json::from_str::<Outer>("[]").unwrap_err();
        assert!(err.to_string().contains("expected struct Outer"), "{err}");
        assert_eq!(serde_json::from_str::<Mode>(r#""ON""#).unwrap(), Mode::On);
        assert_eq!(serde_json::from_str::<Mode>(r#""NEW""#).unwrap(), Mode::Unknown("NEW".into()));
        assert_eq!(serde_json::to_string(&Mode::On).unwrap(), r#""ON""#);
    }
}
