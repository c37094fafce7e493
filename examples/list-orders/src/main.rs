//! Lists every order of the account, page by page, against the China site or a custom endpoint.
//!
//! ```sh
//! HUAWEICLOUD_SDK_AK=… HUAWEICLOUD_SDK_SK=… cargo run -p list-orders-example
//! BSS_ENDPOINT=http://127.0.0.1:8080 cargo run -p list-orders-example   # a local test server
//! ```

use huaweicloud_sdk_bss::{runtime, BssClient, Credentials, Site};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        if let Some(code) = huaweicloud_sdk_bss::errors::ErrorCode::of(&e) {
            eprintln!("  {code}: {}", code.message().unwrap_or("not in the catalog"));
        }
        std::process::exit(1);
    }
}

async fn run() -> Result<(), huaweicloud_sdk_bss::Error> {
    let credentials = Credentials::from_env()?;
    let builder = match std::env::var("BSS_ENDPOINT") {
        Ok(endpoint) => runtime::Client::builder().endpoint(endpoint),
        Err(_) => BssClient::builder(Site::Cn),
    };
    let client = BssClient::from_runtime(builder.credentials(credentials).build()?);

    // 50 orders per request; the stream fetches the next page when this one is used up.
    let mut orders = client.list_customer_orders().limit(50).into_stream();
    let mut count = 0;
    while let Some(order) = orders.next_item().await {
        let order = order?;
        count += 1;
        println!(
            "{}  {}  {}",
            order.order_id.as_deref().unwrap_or("-"),
            order.service_type_name.as_deref().unwrap_or("-"),
            order.amount_after_discount.map(|a| a.to_string()).unwrap_or_default()
        );
    }
    println!("{count} order(s)");
    Ok(())
}
