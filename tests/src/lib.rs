//! Shared helpers of the workspace tests: where the workspace is, the expected files
//! ([`expect`]: compare, or rewrite with `UPDATE_GOLDENS=1` or `cargo run -p sdk-tests --bin accept`)
//! and the diagnostics corpus ([`corpus`]).
//!
//! Required inputs are arguments, so a call without them does not compile. Paying an order takes
//! its body (order id and the coupon/discount flags), cancelling one takes the order id:
//!
//! ```
//! use huaweicloud_sdk_bss::{models, BssClient};
//! # #[allow(dead_code)]
//! async fn pay(client: &BssClient) -> Result<(), huaweicloud_sdk_bss::Error> {
//!     let body = models::PayCustomerOrderV3Req {
//!         order_id: "CS2311230000ABCDE".into(),
//!         use_coupon: models::YesNoWord::No,
//!         use_discount: models::YesNoWord::No,
//!         coupon_infos: None,
//!         discount_infos: None,
//!     };
//!     client.pay_orders(body).send().await
//! }
//! ```
//!
//! The README's write example, compiled:
//!
//! ```
//! use huaweicloud_sdk_bss::models::{
//!     CancelCustomerOrderReq, CouponSimpleInfoOrderPayV3, OrderPayCouponType, PayCustomerOrderV3Req, YesNoWord,
//! };
//! # #[allow(dead_code)]
//! # async fn run(client: &huaweicloud_sdk_bss::BssClient) -> Result<(), huaweicloud_sdk_bss::Error> {
//! let pay = PayCustomerOrderV3Req {
//!     order_id: "CS2311230000ABCDE".into(),
//!     use_coupon: YesNoWord::Yes,
//!     coupon_infos: Some(vec![CouponSimpleInfoOrderPayV3 {
//!         id: "CP2311230000ABCDE".into(),
//!         r#type: OrderPayCouponType::PromotionCashCoupon,
//!     }]),
//!     use_discount: YesNoWord::No,
//!     discount_infos: None,
//! };
//! client.pay_orders(pay).send().await?;
//! client.cancel_customer_order(CancelCustomerOrderReq { order_id: "CS2311230000ABCDE".into() }).await?;
//! # Ok(())
//! # }
//! ```
//!
//! ```compile_fail,E0061
//! # async fn pay(client: &huaweicloud_sdk_bss::BssClient) -> Result<(), huaweicloud_sdk_bss::Error> {
//! client.pay_orders().send().await // no body: refused by the compiler
//! # }
//! ```
//!
//! ```compile_fail,E0061
//! # async fn details(client: &huaweicloud_sdk_bss::BssClient) {
//! let _ = client.show_customer_order_details().send().await; // no order id
//! # }
//! ```
//!
//! ```compile_fail,E0599
//! // A prebuilt request with a required input has no `Default` to leave it out with: `new` takes it.
//! let _ = huaweicloud_sdk_bss::operations::CancelCustomerOrderRequest::default();
//! ```
//!
//! ```
//! // A request without required inputs is complete by default.
//! let _ = huaweicloud_sdk_bss::operations::ListCustomerOrdersRequest::default();
//! ```
//!
//! ```compile_fail,E0063
//! // A body cannot be built without its required fields either.
//! let _ = huaweicloud_sdk_bss::models::PayCustomerOrderV3Req { order_id: "CS2311230000ABCDE".into(), coupon_infos: None, discount_infos: None };
//! ```

use std::path::PathBuf;

pub mod corpus;
pub mod expect;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The dependency line the committed goldens use for the runtime (relative to each crate).
pub fn golden_runtime_dependency(levels_up: usize) -> String {
    let up = "../".repeat(levels_up);
    format!(r#"huaweicloud-sdk-runtime = {{ path = "{up}runtime", version = "0.1.0", default-features = false }}"#)
}
