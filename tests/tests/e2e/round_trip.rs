//! Every operation of the spec, sent by its generated sample call and checked by the server.
//! Nothing here names an operation: a new operation in the spec is covered by regenerating.

use crate::server::{json, json_diff, variant_api, BssServer};
use huaweicloud_sdk_runtime::{BoxFuture, Client, Error, RetryPolicy};
use sdkgen::emit::samples::operation_samples;
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

type SendFn<C> = for<'a> fn(&'a C) -> BoxFuture<'a, Result<Value, Error>>;

/// Sends every sample call once (no retries) and returns one line per failed operation.
async fn round_trip<C>(
    api: &sdkgen::ir::Api,
    variant: &str,
    calls: Vec<(&'static str, SendFn<C>)>,
    client: impl Fn(Client) -> C,
) -> (usize, Vec<String>) {
    let api = variant_api(api, variant);
    let server = BssServer::spec(api.clone());
    let client = client(crate::runtime(&server.url, RetryPolicy::none(), crate::http(Duration::from_secs(10))));
    let mut failures = Vec::new();

    let spec_ops: BTreeSet<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    let sampled: BTreeSet<&str> = calls.iter().map(|(name, _)| *name).collect();
    for missing in spec_ops.difference(&sampled) {
        failures.push(format!("{missing}: no sample call (is its area feature on?)"));
    }
    for extra in sampled.difference(&spec_ops) {
        failures.push(format!("{extra}: a sample call for an operation the spec does not have"));
    }

    for (name, send) in &calls {
        let op = api.operations.iter().find(|o| o.name == *name).expect("checked above");
        let before = server.outcomes().len();
        let result = send(&client).await;
        let outcomes = server.outcomes()[before..].to_vec();
        let mut problems: Vec<String> = Vec::new();
        match outcomes.as_slice() {
            [one] => {
                if one.operation.as_deref() != Some(*name) {
                    problems.push(format!("the server matched the request to {:?}", one.operation));
                }
                problems.extend(one.problems.iter().cloned());
            }
            other => problems.push(format!("{} requests reached the server, expected 1", other.len())),
        }
        match result {
            Ok(value) => {
                let expected = operation_samples(&api, op).response.as_ref().map_or(Value::Null, json);
                problems.extend(json_diff("response", &expected, &value));
            }
            Err(e) if problems.is_empty() => problems.push(format!("the call failed: {e}")),
            Err(_) => {}
        }
        if !problems.is_empty() {
            failures.push(format!("{name} ({} {}): {}", op.http_method, op.path, problems.join("\n    ")));
        }
    }
    assert_eq!(server.attempts(), calls.len(), "one request per operation");
    (calls.len(), failures)
}

fn report(variant: &str, (count, failures): (usize, Vec<String>)) {
    eprintln!("{variant}: {count} operations round-tripped, {} failed", failures.len());
    assert!(failures.is_empty(), "{variant}: {} of {count} operations failed:\n  {}", failures.len(), failures.join("\n  "));
}

#[tokio::test]
async fn every_bss_operation_round_trips() {
    let calls = huaweicloud_sdk_bss::__samples::calls().into_iter().map(|c| (c.operation, c.send as SendFn<_>)).collect();
    let result = round_trip(crate::server::spec_api(), "bss", calls, huaweicloud_sdk_bss::BssClient::from_runtime).await;
    report("bss", result);
}

#[tokio::test]
async fn every_bssintl_operation_round_trips() {
    let calls = huaweicloud_sdk_bssintl::__samples::calls().into_iter().map(|c| (c.operation, c.send as SendFn<_>)).collect();
    let result =
        round_trip(crate::server::spec_api(), "bssintl", calls, huaweicloud_sdk_bssintl::BssintlClient::from_runtime).await;
    report("bssintl", result);
}

/// The fixture crates hold every construct the generator knows (enumerations, recursion, maps,
/// `json`, keywords, deprecated operations, credential path parameters).
#[tokio::test]
async fn every_fixture_operation_round_trips() {
    let calls = demo_sdk::__samples::calls().into_iter().map(|c| (c.operation, c.send as SendFn<_>)).collect();
    report("demo", round_trip(crate::server::fixture_api(), "demo", calls, demo_sdk::DemoClient::from_runtime).await);
    let calls = demo_sdk_intl::__samples::calls().into_iter().map(|c| (c.operation, c.send as SendFn<_>)).collect();
    let result = round_trip(crate::server::fixture_api(), "demointl", calls, demo_sdk_intl::DemoIntlClient::from_runtime).await;
    report("demointl", result);
}
