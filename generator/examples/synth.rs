//! Writes a synthetic spec of N operations (deterministic for N and a seed), for benchmarks.
//!
//! `cargo run --release -p huaweicloud-sdk-codegen --example synth -- 1000 42 /tmp/synth-1000`
//!
//! Shapes follow the real BSS API: 50 operations per area file; list operations paged by
//! offset/limit with a total; bodies with nested models, lists, enums, decimals, optional fields
//! and constraints; per-operation error lists.

use std::fmt::Write as _;
use std::path::PathBuf;

/// A small deterministic generator (SplitMix64), so the spec depends only on N and the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "order", "coupon", "bill", "customer", "resource", "package", "quota", "account", "invoice", "budget",
    "discount", "cycle", "service", "region", "project", "partner", "record", "usage", "amount", "status",
];

fn word(rng: &mut Rng) -> &'static str {
    WORDS[rng.below(WORDS.len() as u64) as usize]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(seed), Some(out)) = (args.first(), args.get(1), args.get(2)) else {
        eprintln!("usage: synth N SEED OUT_DIR");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap_or_else(|_| {
        eprintln!("N must be a number");
        std::process::exit(2)
    });
    let seed: u64 = seed.parse().unwrap_or(42);
    let out = PathBuf::from(out);
    if let Err(e) = write_spec(n, seed, &out) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}

/// Writes the spec of `n` operations for `seed` into `out` (created if missing): `service.yaml`,
/// `errors.yaml` and one `areaNNNN.yaml` per 50 operations. Also used by `benches/generate.rs`,
/// which includes this file as a module.
pub fn write_spec(n: usize, seed: u64, out: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    let mut rng = Rng(seed);
    std::fs::write(
        out.join("service.yaml"),
        "service:\n  name: synth\n  title: Synthetic BSS-like API\n  sites:\n    cn: { name: China site, endpoint: \"https://bss.myhuaweicloud.com\" }\n  crates:\n    synth: { crate: synth-sdk, client: SynthClient, sites: [cn] }\n",
    )?;
    let mut errors = String::from("errors:\n");
    for i in 0..20 {
        let _ = writeln!(errors, "  CBC.{:04}:\n    status: {}\n    message: Synthetic error {i}.\n    description_zh: 合成错误{i}。", 100 + i, [400, 403, 404, 500][i % 4]);
    }
    std::fs::write(out.join("errors.yaml"), errors)?;
    for area in 0..n.div_ceil(50) {
        let mut text = format!("area:\n  name: area{area}\n  title: Area {area}\n  description: Synthetic operations.\nmodels:\n");
        let mut ops = String::from("operations:\n");
        for k in 0..50.min(n - area * 50) {
            let i = area * 50 + k;
            write_operation(&mut rng, i, &mut text, &mut ops);
        }
        text.push_str(&ops);
        std::fs::write(out.join(format!("area{area:04}.yaml")), text)?;
    }
    Ok(())
}

fn write_operation(rng: &mut Rng, i: usize, models: &mut String, ops: &mut String) {
    let noun = format!("{}{}", capitalize(word(rng)), i);
    let list = rng.below(2) == 0;
    let item = format!("{noun}Item");
    let status = format!("{noun}Status");
    let detail = format!("{noun}Detail");
    // The item model: scalars, a decimal, an enum, a nested detail list.
    let _ = writeln!(models, "  {status}:\n    enum:\n      type: string\n      values:\n        - {{ value: active, name: Active }}\n        - {{ value: frozen, name: Frozen }}\n        - {{ value: \"3\", name: Closed }}");
    let _ = writeln!(models, "  {detail}:\n    fields:\n      detail_id: {{ type: string, required: true, max_length: 64 }}\n      quantity: {{ type: int64, minimum: 0 }}\n      price: {{ type: decimal }}");
    let _ = writeln!(models, "  {item}:\n    description: One synthetic record.\n    fields:");
    for f in 0..(4 + rng.below(8)) {
        let (ty, extra) = match rng.below(5) {
            0 => ("string", ", max_length: 128"),
            1 => ("int64", ", minimum: 0"),
            2 => ("decimal", ""),
            3 => ("bool", ""),
            _ => ("\"list<string>\"", ", max_items: 50"),
        };
        let required = if rng.below(3) == 0 { ", required: true" } else { "" };
        let _ = writeln!(models, "      {}_{f}: {{ type: {ty}{required}{extra} }}", word(rng));
    }
    let _ = writeln!(models, "      status: {{ type: {status} }}\n      details: {{ type: \"list<{detail}>\", max_items: 100 }}");
    let response = format!("{noun}Response");
    if list {
        let _ = writeln!(models, "  {response}:\n    fields:\n      total_count: {{ type: int64 }}\n      items: {{ type: \"list<{item}>\" }}");
        let _ = writeln!(
            ops,
            "  List{noun}:\n    summary: 查询{i}\n    description: Lists synthetic records {i}.\n    method: GET\n    path: /v2/synth/{i}/{}s\n    caller: either\n    query:\n      {}_id: {{ type: string, max_length: 64 }}\n      status: {{ type: {status} }}\n      limit: {{ type: int32, minimum: 1, maximum: 100, default: 10 }}\n      offset: {{ type: int32, minimum: 0, default: 0 }}\n    headers:\n      X-Language: {{ type: string, enum: [zh_CN, en_US], default: zh_CN }}\n    response: {response}\n    pagination: {{ style: record_offset, offset: offset, limit: limit, items: items, total: total_count }}\n    errors: [CBC.0100, CBC.0101]",
            word(rng),
            word(rng)
        );
    } else {
        let request = format!("{noun}Req");
        let _ = writeln!(models, "  {request}:\n    fields:\n      item: {{ type: {item}, required: true }}\n      remark: {{ type: string, max_length: 256 }}");
        let _ = writeln!(models, "  {response}:\n    fields:\n      result: {{ type: {item} }}\n      error_code: {{ type: string }}");
        let _ = writeln!(
            ops,
            "  Update{noun}:\n    summary: 更新{i}\n    description: Updates synthetic record {i}.\n    method: POST\n    path: /v2/synth/{i}/{}s/{{record_id}}\n    caller: partner\n    path_params:\n      record_id: {{ type: string, max_length: 64 }}\n    body: {request}\n    body_required: true\n    response: {response}\n    errors: [CBC.0102]",
            word(rng)
        );
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
