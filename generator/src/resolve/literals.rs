//! Literals and values: YAML scalars in, exact [`Literal`]s of a field's type out (defaults, enum values, bounds), read as written.

use super::*;
use super::names::yaml_key;

impl Resolver<'_> {
    /// Converts a YAML scalar to a literal of the given type, or records why it does not fit.
    pub(super) fn literal_for(&mut self, path: &Path, at: &str, value: &Scalar, ty: &TypeRef) -> Option<Literal> {
        let base = ty.model().and_then(|m| self.enums.get(m)).map_or(ty, |(base, _)| base);
        let text = self.texts.get(path).copied().unwrap_or("");
        let exact = match as_written(text, at, value, base) {
            Ok(exact) => exact,
            Err(problem) => {
                self.diags.error(path, at, problem).help("write the value in quotes (`\"99999999999999999.99\"`, `\"0x1F\"`) so that it is read as written");
                return None;
            }
        };
        if let (Scalar::Str(written), false) = (&exact, matches!(value, Scalar::Str(_))) {
            if *written != shown_scalar(value) {
                self.diags
                    .warning(path, at, format!("YAML reads `{written}` as {}; it is kept as the text `{written}`", shown_scalar(value)))
                    .help(format!("write it in quotes (`\"{written}\"`) to say so"));
            }
        }
        let value = &exact;
        if let Some((base, values)) = ty.model().and_then(|m| self.enums.get(m)) {
            // A default of an enum-typed field is written as the value on the wire.
            let lit = scalar_literal(value, base).filter(|l| values.contains(l));
            if lit.is_none() {
                let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                self.diags
                    .error(path, at, format!("{} is not a value of the enumeration `{ty}`", shown_scalar(value)))
                    .help(format!("write one of its values: {}", listed.join(", ")));
            }
            return lit;
        }
        let lit = match scalar_literal(value, ty) {
            Some(lit) => lit,
            None => {
                let d = self.diags.error(path, at, format!("{} is not a valid `{ty}` value", shown_scalar(value)));
                match ty {
                    TypeRef::Int32 => d.help("an int32 is a whole number from -2147483648 to 2147483647"),
                    TypeRef::Int64 => d.help("an int64 is a whole number"),
                    TypeRef::Decimal => d.help("a decimal is written like `12.5` or `\"0.01\"`, with at most 28 digits"),
                    TypeRef::Bool => d.help("write `true` or `false`"),
                    TypeRef::Model(_) | TypeRef::Json | TypeRef::Map(_) | TypeRef::List(_) => d.help("constraints apply to strings, numbers and booleans; defaults also to enumerations"),
                    TypeRef::String => d,
                };
                return None;
            }
        };
        Some(lit)
    }
}

/// A YAML scalar as a literal of a scalar type, when it is one.
pub(super) fn scalar_literal(value: &Scalar, ty: &TypeRef) -> Option<Literal> {
    Some(match (ty, value) {
        (TypeRef::String, Scalar::Str(s)) => Literal::Str(s.clone()),
        // YAML reads `1` and `true` as non-strings; for string fields they are the text.
        (TypeRef::String, Scalar::Int(i)) => Literal::Str(i.to_string()),
        (TypeRef::String, Scalar::Bool(b)) => Literal::Str(b.to_string()),
        (TypeRef::Int32, Scalar::Int(i)) if i32::try_from(*i).is_ok() => Literal::Int(*i),
        (TypeRef::Int64, Scalar::Int(i)) => Literal::Int(*i),
        (TypeRef::Decimal, Scalar::Int(i)) => Literal::Int(*i),
        (TypeRef::Decimal, Scalar::Float(f)) if f.is_finite() && is_decimal_text(&f.to_string()) => Literal::Number(f.to_string()),
        (TypeRef::Decimal, Scalar::Str(s)) if is_decimal_text(s) => Literal::Number(s.clone()),
        (TypeRef::Bool, Scalar::Bool(b)) => Literal::Bool(*b),
        _ => return None,
    })
}

pub(super) fn shown_scalar(value: &Scalar) -> String {
    match value {
        Scalar::Str(s) => format!("{s:?}"),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(b) => b.to_string(),
    }
}

/// Base type and values of every well-formed enumeration in the spec (the enumerations'
/// problems are reported when they are resolved).
pub(super) fn enum_values(files: &[LoadedFile]) -> HashMap<String, (TypeRef, Vec<Literal>)> {
    let mut out = HashMap::new();
    for (file, name, doc) in files.iter().flat_map(|f| f.doc.models.iter().map(move |(n, d)| (f, n, d))) {
        let Some(e) = &doc.enumeration else { continue };
        let Ok(base @ (TypeRef::String | TypeRef::Int32 | TypeRef::Int64)) = TypeRef::parse(&e.base) else { continue };
        let values = e
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let at = format!("models.{}.enum.values.{i}.value", yaml_key(name));
                let exact = as_written(&file.text, &at, &v.value, &base).ok()?;
                scalar_literal(&exact, &base)
            })
            .collect();
        out.entry(name.clone()).or_insert((base, values));
    }
    out
}

/// The order of two numeric literals, compared exactly (decimal text, never through a float).
pub(super) fn compare_numbers(a: &Literal, b: &Literal) -> Option<std::cmp::Ordering> {
    let text = |l: &Literal| match l {
        Literal::Int(i) => Some(i.to_string()),
        Literal::Number(n) => Some(n.clone()),
        _ => None,
    };
    Some(compare_decimal_text(&text(a)?, &text(b)?))
}

/// Compares two decimal texts (`-12.50`, `3`) by value.
pub(super) fn compare_decimal_text(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    fn parts(t: &str) -> (bool, String, String) {
        let (neg, body) = t.strip_prefix('-').map_or((false, t), |r| (true, r));
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let int = int.trim_start_matches('0').to_string();
        let frac = frac.trim_end_matches('0').to_string();
        let zero = int.is_empty() && frac.is_empty();
        (neg && !zero, int, frac)
    }
    let (na, ia, fa) = parts(a);
    let (nb, ib, fb) = parts(b);
    let magnitude = ia.len().cmp(&ib.len()).then_with(|| ia.cmp(&ib)).then_with(|| fa.cmp(&fb));
    match (na, nb) {
        (false, true) => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, false) => magnitude,
        (true, true) => magnitude.reverse(),
    }
}

/// The scalar at `at` as its author wrote it, where YAML's own reading loses that: a number
/// for a decimal read through a float (`99999999999999999.99`), and a number or boolean where
/// text is expected (`0x1F`, `1.0`, `True`). Other values are returned as they are.
///
/// The written text is taken from the file and checked to read back as the same YAML value;
/// when it cannot be found, a decimal that a float may have changed is an error.
pub(super) fn as_written(text: &str, at: &str, value: &Scalar, ty: &TypeRef) -> Result<Scalar, String> {
    match (ty, value) {
        (TypeRef::String, Scalar::Int(_) | Scalar::Float(_) | Scalar::Bool(_)) => {
            Ok(written_token(text, at, value).map_or_else(|| value.clone(), Scalar::Str))
        }
        (TypeRef::Decimal, Scalar::Float(f)) => match written_token(text, at, value) {
            Some(token) if is_decimal_text(&token) => Ok(Scalar::Str(token)),
            // Scientific or out of range: the usual check below says what is wrong with it.
            Some(_) => Ok(value.clone()),
            // Without the written text, only a float that cannot have been rounded is safe:
            // at most 15 significant digits and below 2^53.
            None if f.abs() < 9_007_199_254_740_992.0 && significant_digits(&f.to_string()) <= 15 => Ok(value.clone()),
            None => Err(format!("the decimal {f} may not be the value written (YAML reads unquoted numbers as floats)")),
        },
        _ => Ok(value.clone()),
    }
}

pub(super) fn significant_digits(text: &str) -> usize {
    let digits: String = text.chars().take_while(|c| *c != 'e' && *c != 'E').filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').trim_end_matches('0').len().max(1)
}

/// The plain (unquoted) token written at `at`, when it can be found and reads back as `value`.
pub(super) fn written_token(text: &str, at: &str, value: &Scalar) -> Option<String> {
    let (line, column) = crate::diag::locate(text, at)?;
    let line = text.lines().nth(line.checked_sub(1)?)?;
    let byte = line.char_indices().nth(column.checked_sub(1)?).map_or(line.len(), |(b, _)| b);
    let mut rest = &line[byte..];
    let last = at.rsplit('.').next().unwrap_or("");
    if !last.chars().all(|c| c.is_ascii_digit()) {
        // A key: step over it and its colon.
        rest = rest.strip_prefix(last)?.trim_start().strip_prefix(':')?;
    }
    let rest = rest.trim_start().trim_start_matches("- ").trim_start();
    let end = rest.find([',', '}', ']']).unwrap_or(rest.len());
    let end = rest[..end].find(" #").unwrap_or(end);
    let token = rest[..end].trim();
    if token.is_empty() || token.starts_with(['"', '\'', '&', '*', '!']) {
        return None;
    }
    // Only a token YAML reads as exactly this value is the one that was meant.
    let reads_as = crate::load::read_scalar(token)?;
    let same = match (&reads_as, value) {
        (Scalar::Float(a), Scalar::Float(b)) => a.to_bits() == b.to_bits(),
        (a, b) => a == b,
    };
    same.then(|| token.to_string())
}

/// A decimal literal the runtime's exact decimal type can hold: `-12.50`, at most 28 digits.
pub(super) fn is_decimal_text(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    !int.is_empty() && digits(int) && digits(frac) && (body.contains('.') <= !frac.is_empty()) && int.trim_start_matches('0').len() + frac.len() <= 28
}
