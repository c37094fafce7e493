use huaweicloud_sdk_bss::models::OrderStatus;
use huaweicloud_sdk_bss::{BssClient, Decimal, Error};

/// What the account still has to pay: the unpaid orders of every page, summed.
pub async fn total_unpaid(client: &BssClient) -> Result<Decimal, Error> {
    let mut orders = client.list_customer_orders().status(OrderStatus::PendingPayment).limit(2).into_stream();
    let mut total = Decimal::ZERO;
    while let Some(order) = orders.next_item().await {
        total += order?.amount_after_discount.unwrap_or_default();
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use huaweicloud_sdk_bss::models::{CustomerOrderV2, ListCustomerOrdersResponse as Page};
    use huaweicloud_sdk_bss::operations::ListCustomerOrdersRequest as List;
    use huaweicloud_sdk_bss::runtime::testing::{ServiceFault, Stubs};

    #[tokio::test]
    async fn total_unpaid_sums_every_page_and_rides_out_throttling() {
        let order = |amount: &str| CustomerOrderV2 { amount_after_discount: amount.parse().ok(), ..Default::default() };
        let stubs = Stubs::new();
        stubs.on::<List>().when(|r| r.offset == Some(0))
            .fail(ServiceFault::throttled()) // CBC.0250 first: the client retries
            .answer(Page { total_count: Some(3), order_infos: Some(vec![order("10.50"), order("0.25")]) });
        stubs.on::<List>().when(|r| r.offset == Some(2))
            .answer(Page { total_count: Some(3), order_infos: Some(vec![order("100")]) });

        let total = total_unpaid(&BssClient::from_runtime(stubs.client())).await.unwrap();

        assert_eq!(total.to_string(), "110.75");
        let sent = stubs.requests_of::<List>();
        assert_eq!(sent.len(), 3, "page 1 twice (throttled, then answered), page 2 once");
        assert!(sent.iter().all(|r| r.status == Some(OrderStatus::PendingPayment)));
        let wire = stubs.requests()[2].http.url();
        assert_eq!(wire, "https://bss.stub.invalid/v2/orders/customer-orders?limit=2&offset=2&status=6");
        assert_eq!(stubs.clock().slept().len(), 1, "one backoff, on a fake clock");
    }
}
