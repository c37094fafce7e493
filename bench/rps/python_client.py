#!/usr/bin/env python3
"""Requests per second of the official Python SDK (huaweicloudsdkbss) on the local test server.

    python python_client.py URL N [--warmup W]

Sends W untimed warm-up requests (default 100), then N ShowCustomerAccountBalances requests one
after another with a BssClient pointed at URL (e.g. http://127.0.0.1:8080) with fake AK/SK
credentials, checks that every answer decoded to the server's fixed body, and prints one line:
`RESULT client=python requests=N seconds=S rps=R cpu_seconds=C` (C: CPU time of this process
during the N requests). Run by bench/rps.sh.
"""

import argparse
import sys
import time

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkbss.v2 import BssClient, ShowCustomerAccountBalancesRequest

# Fake credentials: the test server verifies signatures with them. BssClient accepts only
# GlobalCredentials (BSS is a global service); with a domain id set, the SDK does not ask IAM
# for one.
FAKE_AK = "RPSBENCHFAKEAK0000000"
FAKE_SK = "rpsbenchfakesk0000000000000000000000000000"
FAKE_DOMAIN_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def check(resp):
    balances = resp.account_balances or []
    ok = (
        len(balances) == 2
        and balances[0].account_id == "0b4ac4c2a1a84b7fa1d1f2a7c3e5d901"
        and str(balances[0].amount) == "128456.73"
        and resp.currency == "CNY"
    )
    if not ok:
        raise SystemExit("python_client: unexpected answer: %r" % (resp,))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="endpoint, e.g. http://127.0.0.1:8080")
    parser.add_argument("requests", type=int, help="number of timed requests")
    parser.add_argument("--warmup", type=int, default=100, help="untimed requests first (default 100)")
    args = parser.parse_args()
    if args.requests < 1:
        parser.error("N must be at least 1")

    config = HttpConfig.get_default_config()
    config.timeout = (5, 30)  # connect, read: a stuck server fails the run
    # An endpoint that starts with "http" is kept as it is (no https:// is prepended), and no
    # region is set, so nothing but the test server is ever contacted.
    client = (
        BssClient.new_builder()
        .with_http_config(config)
        .with_credentials(GlobalCredentials(FAKE_AK, FAKE_SK, FAKE_DOMAIN_ID))
        .with_endpoint(args.url)
        .build()
    )

    for _ in range(args.warmup):
        check(client.show_customer_account_balances(ShowCustomerAccountBalancesRequest()))
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        check(client.show_customer_account_balances(ShowCustomerAccountBalancesRequest()))
    secs = time.perf_counter() - start
    cpu = time.process_time() - cpu_start  # this process, all threads, user + system
    print("RESULT client=python requests=%d seconds=%.4f rps=%.1f cpu_seconds=%.4f"
          % (args.requests, secs, args.requests / secs, cpu))


if __name__ == "__main__":
    sys.exit(main())
