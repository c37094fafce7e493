//! The JSON path of a decode error, found from where the error happened in the body.
//!
//! A `serde_json` error knows its line and column but not which value it is about. Tracking the
//! path while decoding (what `serde_path_to_error` does) wraps every deserializer, which doubles
//! the code instantiated for every response type in every crate that decodes one. Instead,
//! [`path_at`] reads the body again up to the error's position, only on failure, and names the
//! value there, in the same notation: `order_infos[3].amount_info.discounts[0].discount_amount`.

/// One level of nesting while the body is read.
enum Frame {
    /// Inside an object: the last key read, and where in an entry the reading is.
    Object { key: Option<String>, at: Entry },
    /// Inside an array: the index of the current element.
    Array { index: usize },
}

/// Where in an object's entry the reading is.
enum Entry {
    /// Before a key (after `{` or `,`).
    Key,
    /// After a key, before its `:`.
    Colon,
    /// After the `:`: in the key's value, which the path then names.
    Value,
}

/// The path of the value a `serde_json` error at `line` and `column` (as the error reports
/// them: 1-based line, bytes into the line; `syntax` for a syntax error) is about: the innermost
/// value that the last byte read belongs to or that starts right there. `None` for the whole
/// body, or when the position is not in the body.
///
/// `serde_json` reports a type error after the offending scalar (or at the `[` or `{` that
/// starts an unexpected array or object), and a missing field after the `}` of its object: each
/// of these positions falls on the value the error is about.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize, syntax: bool) -> Option<String> {
    let mut end = offset_of(body, line, column)?;
    // A syntax error's position is just past the byte that broke the syntax: that byte is not
    // read as structure.
    if syntax {
        end = end.saturating_sub(1);
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => stack.push(Frame::Object { key: None, at: Entry::Key }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { at, .. }) => *at = Entry::Key,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { at: at @ Entry::Colon, .. }) = stack.last_mut() {
                    *at = Entry::Value;
                }
            }
            b'"' => {
                let close = string_end(body, i);
                if let Some(Frame::Object { key, at: at @ Entry::Key }) = stack.last_mut() {
                    *key = Some(unescape(&body[i..close.min(body.len())]));
                    *at = Entry::Colon;
                }
                i = close;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let path = render(&stack);
    (!path.is_empty()).then_some(path)
}

/// The byte offset of a 1-based `line` and a `column` counted in bytes from the line's start.
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += body.get(start..)?.iter().position(|&b| b == b'\n')? + 1;
    }
    let offset = start + column;
    (offset <= body.len()).then_some(offset)
}

/// The index just past the closing quote of the string starting at `open` (the body's length
/// when it is not closed).
fn string_end(body: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < body.len() {
        match body[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    body.len()
}

/// The text of a quoted JSON string (quotes included), escapes decoded; lossy when it is not
/// valid JSON text.
fn unescape(quoted: &[u8]) -> String {
    serde_json::from_slice::<String>(quoted).unwrap_or_else(|_| {
        let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
        String::from_utf8_lossy(inner).into_owned()
    })
}

/// `a.b[2].c`: keys joined by dots, indices in brackets. An object not inside a value (before a
/// key, or between a key and its `:`) adds nothing: the error is about the object itself.
fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key), at: Entry::Value } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Frame::Object { .. } => {}
            Frame::Array { index } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Models declared as the generated crates declare theirs.
    #[derive(Debug)]
    #[allow(dead_code)]
    struct Discount {
        discount_amount: Option<crate::Decimal>,
        kind: Option<String>,
    }
    crate::object_serde! { Discount { [discount_amount: OptDec "discount_amount", kind: Opt "kind"] } }

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Info {
        discounts: Option<Vec<Discount>>,
        weird: Option<i64>,
    }
    crate::object_serde! { Info { [discounts: Opt "discounts", weird: Opt "we\"ird"] } }

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Order {
        order_id: String,
        amount_info: Option<Info>,
        tags: Option<Vec<Vec<i64>>>,
        extra: Option<std::collections::BTreeMap<String, i64>>,
        rates: Option<Vec<crate::Decimal>>,
    }
    crate::object_serde! { Order { [order_id: Req "order_id", amount_info: Opt "amount_info", tags: Opt "tags", extra: Opt "extra"] [rates: OptDecs "rates"] } }

    #[derive(Debug)]
    #[allow(dead_code)]
    struct Page {
        total_count: Option<i64>,
        order_infos: Option<Vec<Order>>,
    }
    crate::object_serde! { Page { [total_count: Opt "total_count", order_infos: Opt "order_infos"] } }

    /// The path `serde_path_to_error` finds for `body`, and the one read from the error's
    /// position; `None` when the value decodes and only what follows it is wrong (the client
    /// gives that error no path).
    fn both(body: &str) -> Option<(Option<String>, Option<String>)> {
        use serde::Deserialize as _;
        let tracked = match serde_path_to_error::deserialize::<_, Page>(&mut serde_json::Deserializer::from_str(body)) {
            Ok(_) => return None,
            Err(e) => e.path().to_string(),
        };
        let tracked = (tracked != ".").then_some(tracked);
        let plain = Page::deserialize(&mut serde_json::Deserializer::from_str(body)).expect_err(body);
        Some((tracked, path_at(body.as_bytes(), plain.line(), plain.column(), plain.is_syntax())))
    }

    #[test]
    fn paths_read_from_positions_match_paths_tracked_while_decoding() {
        let bodies = [
            r#"{"total_count":"x"}"#,
            r#"{"total_count":1.5}"#,
            r#"{"order_infos":[{"order_id":1}]}"#,
            r#"{"order_infos":[{"order_id":"a"},{}]}"#,
            r#"{"order_infos":[{"order_id":"a"},{"order_id":"b","amount_info":{"discounts":[{"discount_amount":"x"}]}}]}"#,
            r#"{"order_infos":[{"order_id":"a","amount_info":{"discounts":[{},{"kind":{"a":1}}]}}]}"#,
            r#"{"order_infos":[{"order_id":"a","amount_info":{"discounts":[{"kind":[1,2]}]}}]}"#,
            r#"{"order_infos":[{"order_id":"a","amount_info":{"we\"ird":"s"}}]}"#,
            r#"{"order_infos":[{"order_id":"a","tags":[[1],[2,"x"]]}]}"#,
            r#"{"order_infos":[{"order_id":"a","extra":{"k,\"}":"v"}}]}"#,
            r#"{"order_infos":[{"order_id":"a","extra":{"k\u00e9":"v"}}]}"#,
            r#"{"order_infos":{"order_id":"a"}}"#,
            r#"{"order_infos":"none"}"#,
            r#"{"order_infos":[{"ignored":[{"x":"}]"}],"order_id":true}]}"#,
            "{\n  \"order_infos\": [\n    {\"order_id\": \"a\"},\n    {\"order_id\": null}\n  ]\n}",
            "{\"order_infos\":[{\"order_id\":\"多字节\",\"amount_info\":{\"discounts\":[{\"kind\":7}]}}]}",
            r#"[]"#,
            r#"{"total_count":1,"order_infos":[{}]}"#,
        ];
        for body in bodies {
            let (tracked, read) = both(body).expect(body);
            assert_eq!(read, tracked, "{body}");
        }
    }

    /// A random value of a random JSON type (shallow).
    fn random_value(rng: &mut fastrand::Rng) -> serde_json::Value {
        use serde_json::json;
        match rng.u8(0..10) {
            0 => json!(null),
            1 => json!(rng.bool()),
            2 => json!(rng.i64(-1000..1000)),
            3 => json!(1.5),
            4 => json!("t\"e,x]t}"),
            5 => json!([1, "a", {"k": [2]}]),
            6 => json!([[1]]),
            7 => json!({}),
            8 => json!("2.50"),
            _ => json!({"x\"y": {"z": []}, "w": "v"}),
        }
    }

    /// Every value in `v`, as a list of steps from the root (object key or array index).
    fn positions(v: &serde_json::Value, here: &mut Vec<serde_json::Value>, out: &mut Vec<Vec<serde_json::Value>>) {
        out.push(here.clone());
        match v {
            serde_json::Value::Object(m) => {
                for (k, child) in m {
                    here.push(k.clone().into());
                    positions(child, here, out);
                    here.pop();
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    here.push(i.into());
                    positions(child, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }

    /// The value at `steps`, if an earlier replacement left it there.
    fn at<'v>(v: &'v mut serde_json::Value, steps: &[serde_json::Value]) -> Option<&'v mut serde_json::Value> {
        steps.iter().try_fold(v, |v, step| match step {
            serde_json::Value::String(k) => v.get_mut(k.as_str()),
            i => v.get_mut(i.as_u64().expect("an index") as usize),
        })
    }

    #[test]
    fn paths_match_the_tracked_ones_on_thousands_of_broken_answers() {
        let valid: serde_json::Value = serde_json::from_str(
            r#"{"total_count":3,"order_infos":[
                {"order_id":"a","amount_info":{"discounts":[{"discount_amount":1.5,"kind":"x"},{"kind":"y"}],"we\"ird":4},"tags":[[1,2],[3]],"extra":{"k":1,"k\u00e9":2}},
                {"order_id":"b","unknown":{"deep":[1,{"a":"b"}]},"rates":[1.25,2,0.5]},
                {"order_id":"c","amount_info":{"discounts":[]}}]}"#,
        )
        .unwrap();
        let mut all = Vec::new();
        positions(&valid, &mut Vec::new(), &mut all);
        let mut rng = fastrand::Rng::with_seed(7);
        let (mut failures, mut data_errors) = (0, 0);
        for _ in 0..3000 {
            let mut body = valid.clone();
            // One to three values replaced by values of random types; sometimes a required field
            // removed.
            for _ in 0..rng.usize(1..4) {
                let steps = &all[rng.usize(1..all.len())];
                if let Some(value) = at(&mut body, steps) {
                    *value = random_value(&mut rng);
                }
            }
            if rng.u8(0..4) == 0 {
                if let Some(order) = body["order_infos"].as_array_mut().and_then(|a| a.first_mut()).and_then(|o| o.as_object_mut()) {
                    order.remove("order_id");
                }
            }
            let mut text = if rng.bool() { serde_json::to_string_pretty(&body) } else { serde_json::to_string(&body) }.unwrap();
            // Sometimes not JSON at all: cut short, or a stray character.
            let mut at = rng.usize(1..text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match rng.u8(0..8) {
                0 => text.truncate(at),
                1 => text.insert(at, *rng.choice(&['x', ',', '}', ']', '"']).unwrap()),
                _ => {}
            }
            if serde_json::from_str::<Page>(&text).is_ok() {
                continue;
            }
            failures += 1;
            let Some((tracked, read)) = both(&text) else { continue };
            if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
                // A value of the wrong type or a missing field: the same path.
                assert_eq!(read, tracked, "{text}");
                data_errors += 1;
            } else {
                // Broken JSON: the tracked path stops at a value skipped as unknown, or ends in
                // `?` where a key could not be read; ours goes on into the skipped value and
                // names the object. It starts with the tracked one.
                let tracked = tracked.as_deref().unwrap_or("").trim_end_matches(".?").trim_end_matches('?');
                let read = read.as_deref().unwrap_or("");
                assert!(read.starts_with(tracked), "{text}\nours {read:?}, tracked {tracked:?}");
            }
        }
        assert!(failures > 1000 && data_errors > 700, "only {failures} broken answers, {data_errors} with data errors");
    }

    #[test]
    fn positions_outside_the_body_have_no_path() {
        assert_eq!(path_at(b"{}", 0, 0, false), None);
        assert_eq!(path_at(b"{}", 3, 1, false), None);
        assert_eq!(path_at(b"{}", 1, 9, false), None);
        assert_eq!(path_at(br#"{"a":"#, 1, 5, false), Some("a".into()));
    }
}
