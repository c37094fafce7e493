//! One BSS call (ShowCustomerAccountBalances) with credentials from a profile file, then from an
//! ECS metadata service: the same program as on a real machine or ECS instance, except that the
//! BSS endpoint and the metadata service are local servers of the runtime's test kit (on
//! 127.0.0.1; the BSS one verifies every SDK-HMAC-SHA256 signature and answers 401 otherwise).
//!
//! ```text
//! cargo run -p credentials-example            # both
//! cargo run -p credentials-example -- profile # a profile file in a temporary folder
//! cargo run -p credentials-example -- metadata
//! ```
//!
//! Prints which access key signed each call and the balance; never a secret.

use huaweicloud_sdk_bss::runtime::testing::metadata::{rotating_keys, MetadataServer};
use huaweicloud_sdk_bss::runtime::testing::{Reply, TestServer};
use huaweicloud_sdk_bss::runtime::{Client, CredentialsProvider, MetadataProvider, ProfileProvider, TokioClock};
use huaweicloud_sdk_bss::BssClient;
use std::time::Duration;

const PROFILE_AK: &str = "PROFILEAK0000000";
const PROFILE_SK: &str = "profile-secret-key-in-a-temp-dir";
const DOMAIN_ID: &str = "0a1b2c3d4e5f-example-domain";
const BALANCES: &str = r#"{"account_balances":[{"account_id":"acct-1","account_type":1,"amount":128456.73,"currency":"CNY","designated_amount":0,"credit_amount":0,"measure_id":1}],"debt_amount":0,"measure_id":1,"currency":"CNY"}"#;

/// A local BSS that knows the profile's keys and the metadata service's keys (`AK-n`).
fn bss_server() -> TestServer {
    TestServer::start(|_, request| {
        let secret = |access: &str| match access {
            PROFILE_AK => Some(PROFILE_SK.to_string()),
            _ => (1..100).map(rotating_keys).find(|(ak, ..)| ak == access).map(|(_, sk, _)| sk),
        };
        let access = request.header("authorization").and_then(|a| a.split("Access=").nth(1)).and_then(|a| a.split(',').next());
        let verified = access.and_then(secret).map(|sk| request.verify_signature(&sk));
        match verified {
            Some(Ok(_)) if request.path == "/v2/accounts/customer-accounts/balances" => Reply::json(200, BALANCES),
            Some(Ok(_)) => Reply::json(404, r#"{"error_code":"APIGW.0101","error_msg":"The API does not exist"}"#),
            _ => Reply::json(401, r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#),
        }
    })
}

/// One call with credentials from `provider`; returns the access key the server saw.
async fn call(server: &TestServer, provider: impl CredentialsProvider) -> Result<String, Box<dyn std::error::Error>> {
    let runtime = Client::builder().endpoint(&server.url).credentials(provider).build()?;
    let client = BssClient::from_runtime(runtime);
    let balances = client.show_customer_account_balances().send().await?;
    let amount = balances.account_balances.unwrap_or_default().first().map(|b| b.amount.to_string()).unwrap_or_default();
    let seen = server.requests().pop().ok_or("the server saw no request")?;
    let auth = seen.header("authorization").unwrap_or_default();
    let access = auth.split("Access=").nth(1).and_then(|a| a.split(',').next()).unwrap_or_default().to_string();
    println!("  balance {amount} {}, signed with access key {access}", balances.currency.unwrap_or_default());
    Ok(access)
}

async fn with_profile_file(server: &TestServer) -> Result<(), Box<dyn std::error::Error>> {
    // ~/.huaweicloud/credentials (or HUAWEICLOUD_SDK_CREDENTIALS_FILE) has this format; here it
    // is a file in a temporary folder.
    let dir = std::env::temp_dir().join(format!("credentials-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("credentials");
    std::fs::write(&path, format!("[global]\nak = {PROFILE_AK}\nsk = {PROFILE_SK}\ndomain_id = {DOMAIN_ID}\n"))?;
    println!("profile file {}:", path.display());
    let access = call(server, ProfileProvider::from_path(&path)).await;
    std::fs::remove_dir_all(&dir)?;
    if access? != PROFILE_AK {
        return Err("the call was not signed with the profile's key".into());
    }
    Ok(())
}

async fn with_metadata_service(server: &TestServer) -> Result<(), Box<dyn std::error::Error>> {
    // On ECS the provider asks http://169.254.169.254; here a local stand-in that hands out
    // temporary keys (AK-1, AK-2, …) valid for an hour.
    let metadata = MetadataServer::rotating(TokioClock, Duration::from_secs(3600));
    println!("ECS metadata service {}:", metadata.url());
    let provider = MetadataProvider::new().endpoint(metadata.url()).domain_id(DOMAIN_ID);
    let access = call(server, provider).await?;
    let token_sent = server.requests().pop().and_then(|r| r.header("x-security-token").map(str::to_owned));
    if access != "AK-1" || token_sent.as_deref() != Some("security-token-1") || metadata.key_requests() != 1 {
        return Err("the call was not signed with the metadata service's temporary keys".into());
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let which = std::env::args().nth(1).unwrap_or_else(|| "both".into());
    if !matches!(which.as_str(), "profile" | "metadata" | "both") {
        return Err(format!("unknown source `{which}`: profile, metadata or both").into());
    }
    let server = bss_server();
    println!("local BSS at {} (signatures verified)", server.url);
    if matches!(which.as_str(), "profile" | "both") {
        with_profile_file(&server).await?;
    }
    if matches!(which.as_str(), "metadata" | "both") {
        with_metadata_service(&server).await?;
    }
    Ok(())
}
