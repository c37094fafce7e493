//! The JSON path of a decode error, found from where the error happened in the body.
//!
//! A `serde_json` error knows its line and column but not which value it is about. Tracking the
//! path while decoding (what `serde_path_to_error` does) wraps every deserializer, which doubles
//! the code instantiated for every response type in every crate that decodes one. Instead,
//! [`path_at`] reads the body again up to the error's position, only on failure, and names the
//! value there, in the same notation: `order_infos[3].amount_info.discounts[0].discount_amount`.

/// One level of nesting while the body is read.
enum Frame {
    /// Inside an object: the last key read, and whether a key (rather than its value) comes next.
    Object { key: Option<String>, expects_key: bool },
    /// Inside an array: the index of the current element.
    Array { index: usize },
}

/// The path of the value a `serde_json` error at `line` and `column` (as the error reports
/// them: 1-based line, bytes into the line) is about: the innermost value that the last byte
/// read belongs to or that starts right there. `None` for the whole body, or when the position is
/// not in the body.
///
/// `serde_json` reports a type error after the offending scalar (or at the `[` or `{` that
/// starts an unexpected array or object), and a missing field after the `}` of its object: each
/// of these positions falls on the value the error is about.
pub(crate) fn path_at(body: &[u8], line: usize, column: usize) -> Option<String> {
    let end = offset_of(body, line, column)?;
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => stack.push(Frame::Object { key: None, expects_key: true }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expects_key, .. }) => *expects_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let close = string_end(body, i);
                if let Some(Frame::Object { key, expects_key: expects_key @ true }) = stack.last_mut() {
                    *key = Some(unescape(&body[i..close.min(body.len())]));
                    *expects_key = false;
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

/// `a.b[2].c`: keys joined by dots, indices in brackets. An object whose next key has not been
/// read yet adds nothing (the error is about the object itself).
fn render(stack: &[Frame]) -> String {
    let mut out = String::new();
    for frame in stack {
        match frame {
            Frame::Object { key: Some(key), expects_key: false } => {
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
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Discount {
        discount_amount: Option<f64>,
        kind: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Info {
        discounts: Option<Vec<Discount>>,
        #[serde(rename = "we\"ird")]
        weird: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        order_id: String,
        amount_info: Option<Info>,
        tags: Option<Vec<Vec<i64>>>,
        extra: Option<std::collections::BTreeMap<String, i64>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        total_count: Option<i64>,
        order_infos: Option<Vec<Order>>,
    }

    /// The path `serde_path_to_error` finds for `body`, and the one read from the error's position.
    fn both(body: &str) -> (Option<String>, Option<String>) {
        let tracked = serde_path_to_error::deserialize::<_, Page>(&mut serde_json::Deserializer::from_str(body))
            .expect_err(body)
            .path()
            .to_string();
        let tracked = (tracked != ".").then_some(tracked);
        let plain = serde_json::from_str::<Page>(body).expect_err(body);
        (tracked, path_at(body.as_bytes(), plain.line(), plain.column()))
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
            let (tracked, read) = both(body);
            assert_eq!(read, tracked, "{body}");
        }
    }

    #[test]
    fn positions_outside_the_body_have_no_path() {
        assert_eq!(path_at(b"{}", 0, 0), None);
        assert_eq!(path_at(b"{}", 3, 1), None);
        assert_eq!(path_at(b"{}", 1, 9), None);
        assert_eq!(path_at(br#"{"a":"#, 1, 5), Some("a".into()));
    }
}
