//! Calls the build-time generated client against a custom endpoint.
//!
//! `BSS_ENDPOINT=http://127.0.0.1:8080 cargo run -p bss-consumer-example` (credentials from
//! `HUAWEICLOUD_SDK_AK` / `HUAWEICLOUD_SDK_SK`, or a placeholder pair for a local test server).

use bss_consumer_example::bss::{self, BssClient, Credentials};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = std::env::var("BSS_ENDPOINT").unwrap_or_else(|_| "http://127.0.0.1:8080".to_string());
    let credentials = Credentials::from_env().unwrap_or_else(|_| Credentials::aksk("LOCAL-AK", "LOCAL-SK"));
    let runtime = match bss::runtime::Client::builder().endpoint(&endpoint).credentials(credentials).build() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot build the client: {e}");
            std::process::exit(2);
        }
    };
    let client = BssClient::from_runtime(runtime);
    match client.list_customer_orders().limit(10).send().await {
        Ok(orders) => println!("{} order(s) in total", orders.total_count.unwrap_or_default()),
        Err(e) => {
            let known = bss::errors::describe(&e).and_then(|info| info.message).unwrap_or("not in the catalog");
            eprintln!("call to {endpoint} failed: {e} ({known})");
            std::process::exit(1);
        }
    }
}
