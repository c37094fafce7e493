#!/usr/bin/env python3
"""Produce SDK-HMAC-SHA256 test vectors with the official Huawei Cloud Python signer.

The official `huaweicloudsdkcore` package is used purely as an oracle: every vector below is a
request description; the script builds the package's own request object from it, runs the
package's own HMAC-SHA256 signer and records what comes out. Nothing here re-implements the
signing rules, so the JSON file is an independent reference for the Rust signer.

Usage (see README.md beside this file):

    python make_vectors.py [OUTPUT]   # default: runtime/tests/data/signing_vectors.json

All keys are fake. The output is deterministic: the random vectors use a fixed seed and the
signer's clock is pinned to each vector's `sdk_date`.
"""

import datetime as _dt
import json
import os
import random
import sys
import types
from urllib.parse import urlsplit

from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer import signer as official_signer_module
from huaweicloudsdkcore.signer.signer import Signer

try:
    from importlib.metadata import version as _pkg_version

    SDK_VERSION = _pkg_version("huaweicloudsdkcore")
except Exception:  # pragma: no cover - metadata is always there for pip installs
    SDK_VERSION = "unknown"

DEFAULT_OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "runtime", "tests", "data", "signing_vectors.json",
)

# ---------------------------------------------------------------------------------------------
# Oracle plumbing
# ---------------------------------------------------------------------------------------------


class _PinnedClock(_dt.datetime):
    """A datetime class whose utcnow() returns a fixed instant (the vector's sdk_date)."""

    pinned = None

    @classmethod
    def utcnow(cls):  # the official signer asks for "now" only when X-Sdk-Date is absent
        if cls.pinned is None:
            raise RuntimeError("vector needs a clock but has no sdk_date")
        return cls.pinned


# The signer module looks `datetime` up as a module global; point it at the pinned clock.
official_signer_module.datetime = _PinnedClock


class _RecordingSigner(Signer):
    """The official signer, additionally remembering its intermediate strings."""

    canonical_request = None
    string_to_sign = None

    def _process_canonical_request(self, request, signed_headers):
        value = super()._process_canonical_request(request, signed_headers)
        self.canonical_request = value
        return value

    def _process_string_to_sign(self, canonical_request, time):
        value = super()._process_string_to_sign(canonical_request, time)
        self.string_to_sign = value
        return value


def run_official(vec):
    """Sign one vector with the official signer and return the expected outputs."""
    names = [k for k, _ in vec["headers"]]
    if len(set(names)) != len(names):
        raise ValueError("%s: exact duplicate header names cannot be expressed" % vec["name"])
    headers = {k: v for k, v in vec["headers"]}
    sdk_date = vec["sdk_date"]
    _PinnedClock.pinned = (
        _dt.datetime.strptime(sdk_date, "%Y%m%dT%H%M%SZ") if sdk_date is not None else None
    )
    parts = urlsplit(vec["base_url"])
    request = SdkRequest(
        method=vec["method"],
        schema=parts.scheme,
        host=parts.netloc,
        resource_path=vec["path"],
        query_params=[(k, v) for k, v in vec["query"]],
        header_params=headers,
        body=vec["body"],
    )
    creds = types.SimpleNamespace(ak=vec["ak"], sk=vec["sk"])
    signer = _RecordingSigner(creds)
    signed = signer.sign(request)
    # The signer leaves header values as the latin-1 view of their UTF-8 bytes (what goes on
    # the wire); turn them back into text for JSON.
    final_headers = [
        [k, v.encode("iso-8859-1").decode("utf-8")] for k, v in signed.header_params.items()
    ]
    authorization = signed.header_params["Authorization"]
    signed_headers = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0]
    signature = authorization.rsplit("Signature=", 1)[1]
    return {
        "canonical_request": signer.canonical_request,
        "string_to_sign": signer.string_to_sign,
        "signed_headers": signed_headers,
        "signature": signature,
        "authorization": authorization,
        "headers": final_headers,
        "uri": signed.uri,
    }


# ---------------------------------------------------------------------------------------------
# Vector definitions
# ---------------------------------------------------------------------------------------------

AK = "AKFAKE00000000000001"
SK = "SKfake0000000000000000000000000000000001"
DATE = "20240105T010203Z"
BSS = "https://bss.myhuaweicloud.com"
DOMAIN_ID = "0123456789abcdef0123456789abcdef"
UA = "huaweicloud-sdk-rust/0.1.0"

JSON_HEADERS = [
    ("Content-Type", "application/json"),
    ("User-Agent", UA),
    ("X-Domain-Id", DOMAIN_ID),
]


def vec(name, method="GET", path="/v2/orders/customer-orders", query=(), headers=None,
        body=None, base_url=BSS, ak=AK, sk=SK, sdk_date=DATE):
    return {
        "name": name,
        "method": method,
        "base_url": base_url,
        "path": path,
        "query": [list(p) for p in query],
        "headers": [list(h) for h in (JSON_HEADERS if headers is None else headers)],
        "body": body,
        "ak": ak,
        "sk": sk,
        "sdk_date": sdk_date,
    }


def handwritten():
    v = []
    add = v.append

    # --- plain requests and methods --------------------------------------------------------
    add(vec("get_simple"))
    add(vec("get_no_headers_at_all", headers=[]))
    add(vec("get_without_content_type", headers=[("User-Agent", UA), ("X-Domain-Id", DOMAIN_ID)]))
    add(vec("post_json_ascii", "POST", "/v2/orders/customer-orders/pay",
            body='{"order_id": "CS2401051234ABCD", "use_coupon": "NO"}'))
    add(vec("post_json_unicode_raw", "POST", "/v2/bills/customer-bills/res-records",
            body='{"remark": "测试 ü — ok", "emoji": "😀"}'))
    add(vec("post_json_unicode_escaped", "POST", "/v2/bills/customer-bills/res-records",
            body='{"remark": "\\u6d4b\\u8bd5", "n": 1.50}'))
    add(vec("post_empty_string_body", "POST", "/v2/orders/customer-orders/pay", body=""))
    add(vec("post_no_body", "POST", "/v2/orders/customer-orders/pay"))
    add(vec("post_empty_object_body", "POST", "/v3/orders/customer-orders/pay", body="{}"))
    add(vec("put_json", "PUT", "/v2/partners/sub-customers/budget",
            body='{"customer_id": "abc", "budget_amount": 100.25, "cancel_partner_frozen": "false"}'))
    add(vec("delete_no_body", "DELETE", "/v2/partners/sub-customers/abc123"))
    add(vec("delete_with_query", "DELETE", "/v2/orders/customer-orders/CS1",
            query=[("reason", "user cancel"), ("force", "true")]))
    add(vec("patch_lowercase_method", "patch", "/v2/x", body='{"a": 1}'))
    add(vec("head_method", "HEAD", "/v2/x"))

    # --- query strings -----------------------------------------------------------------------
    add(vec("query_basic_sorted", query=[("offset", "0"), ("limit", "10")]))
    add(vec("query_repeated_keys", query=[("status", "2"), ("status", "1"), ("a", "x"), ("status", "10")]))
    add(vec("query_empty_values", query=[("order_id", ""), ("limit", "10"), ("z", "")]))
    add(vec("query_space", query=[("name", "a b  c "), ("x", " ")]))
    add(vec("query_plus", query=[("q", "a+b"), ("p", "+")]))
    add(vec("query_tilde", query=[("t", "~x~"), ("~", "~")]))
    add(vec("query_equals_and_ampersand", query=[("expr", "a=b&c=d"), ("k=1", "v&2")]))
    add(vec("query_unicode_value", query=[("name", "测试 名字"), ("city", "Zürich")]))
    add(vec("query_unicode_key", query=[("键", "值"), ("kéy", "vàl")]))
    add(vec("query_slash_and_percent", query=[("path", "/a/b%2Fc"), ("pct", "100%")]))
    add(vec("query_sort_case", query=[("k", "b"), ("k", "B"), ("k", "a"), ("K", "z"), ("_", "1")]))
    add(vec("query_sort_astral_vs_private_use",
            query=[("k", "\ue000"), ("k", "\U0001F600"), ("k", "\uff01"), ("k", "\u00e9")]))
    add(vec("query_reserved_chars", query=[("chars", "!*'();:@$,?#[]"), ("quote", '"<>\\^`{|}')]))
    add(vec("query_empty_key", query=[("", "v"), ("", "")]))
    add(vec("query_key_prefix_sort", query=[("a", "1"), ("a-b", "2"), ("a_b", "3"), ("aa", "4"), ("a.b", "5")]))
    add(vec("query_typical_bss_list", path="/v2/bills/customer-bills/monthly-sum",
            query=[("bill_cycle", "2024-01"), ("service_type_code", "hws.service.type.ebs"),
                   ("offset", "0"), ("limit", "100"), ("method", "sub_customer"),
                   ("sub_customer_id", "")]))
    add(vec("query_iso_time", query=[("create_time_begin", "2024-01-01T00:00:00Z"),
                                     ("create_time_end", "2024-01-31T23:59:59+08:00")]))
    add(vec("query_control_and_tab", query=[("t", "a\tb"), ("n", "line1\nline2")]))

    # --- resource paths ----------------------------------------------------------------------
    add(vec("path_unicode_raw", path="/v2/测试/items"))
    add(vec("path_unicode_encoded", path="/v2/%E6%B5%8B%E8%AF%95/items"))
    add(vec("path_lowercase_hex", path="/v2/%e6%b5%8b/x%2fy"))
    add(vec("path_encoded_slash", path="/v2/orders/a%2Fb/detail"))
    add(vec("path_plus", path="/v2/a+b/c"))
    add(vec("path_encoded_space", path="/v2/a%20b"))
    add(vec("path_raw_space", path="/v2/a b/c"))
    add(vec("path_tilde", path="/v2/%7Euser/~x"))
    add(vec("path_trailing_slash", path="/v2/orders/"))
    add(vec("path_root", path="/"))
    add(vec("path_double_slash", path="/v2//orders"))
    add(vec("path_invalid_percent", path="/v2/%zz/%4/50%"))
    add(vec("path_invalid_utf8", path="/v2/%C3/%80%80/%E6%B5x/%F0%9F%98"))
    add(vec("path_reserved_chars", path="/v2/a;b,c@d:e=f&g!h*i'(j)$"))
    add(vec("path_percent_25", path="/v2/100%25/%2525"))
    add(vec("path_domain_id", path="/v1.0/%s/payments/intl-invoices" % DOMAIN_ID,
            query=[("invoice_ids", "a"), ("invoice_ids", "b")]))

    # --- content types and payload hash ------------------------------------------------------
    def ct(value, name="Content-Type"):
        return [(name, value), ("User-Agent", UA), ("X-Domain-Id", DOMAIN_ID)]

    add(vec("content_type_text_plain", "POST", "/v2/x", headers=ct("text/plain"), body="hello"))
    add(vec("content_type_form", "POST", "/v2/x",
            headers=ct("application/x-www-form-urlencoded"), body="a=1&b=2"))
    add(vec("content_type_octet_no_body", "PUT", "/v2/x", headers=ct("application/octet-stream")))
    add(vec("content_type_json_charset", "POST", "/v2/x",
            headers=ct("application/json;charset=UTF-8"), body='{"a": "b"}'))
    add(vec("content_type_bson", "POST", "/v2/x", headers=ct("application/bson"), body="\x05bson"))
    add(vec("content_type_case_sensitive_value", "POST", "/v2/x",
            headers=ct("Application/JSON"), body='{"a": "b"}'))
    add(vec("content_type_lowercase_name", "POST", "/v2/x",
            headers=ct("text/plain", name="content-type"), body="hello"))
    add(vec("content_type_xml", "POST", "/v2/x", headers=ct("application/xml"),
            body="<a>é</a>"))
    add(vec("preset_content_sha256_json", "POST", "/v2/x",
            headers=JSON_HEADERS + [("X-Sdk-Content-Sha256", "0" * 64)], body='{"a": 1}'))
    add(vec("preset_content_sha256_exact_with_text", "POST", "/v2/x",
            headers=ct("text/plain") + [("X-Sdk-Content-Sha256", "abc")], body="hello"))
    add(vec("preset_content_sha256_lowercase_with_text", "POST", "/v2/x",
            headers=[("x-sdk-content-sha256", "deadbeef")] + ct("text/plain"), body="hello"))
    add(vec("preset_content_sha256_padded", "POST", "/v2/x",
            headers=JSON_HEADERS + [("X-Sdk-Content-Sha256", "  UNSIGNED-PAYLOAD  ")], body="{}"))
    add(vec("preset_content_sha256_blank", "POST", "/v2/x",
            headers=JSON_HEADERS + [("X-Sdk-Content-Sha256", "   ")], body='{"a": 2}'))
    add(vec("preset_content_sha256_empty_body", "POST", "/v2/x",
            headers=JSON_HEADERS + [("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")], body=""))

    # --- endpoints and Host ------------------------------------------------------------------
    add(vec("endpoint_port", base_url="https://bss.example.com:8443"))
    add(vec("endpoint_http_port", base_url="http://127.0.0.1:8080", query=[("a", "1")]))
    add(vec("endpoint_ipv6_port", base_url="https://[::1]:9443"))
    add(vec("endpoint_intl", base_url="https://bss-intl.myhuaweicloud.com",
            path="/v2/customers/customer-credits"))
    add(vec("preset_host_header", headers=JSON_HEADERS + [("Host", "other.example.com")]))
    add(vec("preset_host_lowercase", headers=[("host", "x.example.com:443")] + JSON_HEADERS))

    # --- header names and values -------------------------------------------------------------
    add(vec("header_mixed_case_names",
            headers=[("content-TYPE", "application/json"), ("user-agent", UA),
                     ("x-DOMAIN-id", DOMAIN_ID), ("X-LANGUAGE", "en-us")]))
    add(vec("header_underscore_unsigned",
            headers=JSON_HEADERS + [("X_Custom_Header", "v"), ("x_project_id", "p"), ("X-A_B", "c")]))
    add(vec("header_security_token",
            headers=JSON_HEADERS + [("X-Security-Token", "FAKETOKEN/+=abc" * 4)]))
    add(vec("header_language", headers=JSON_HEADERS + [("X-Language", "zh-cn")]))
    add(vec("header_value_spaces",
            headers=[("Content-Type", " application/json "), ("User-Agent", "a  b   c"),
                     ("X-Domain-Id", "\t" + DOMAIN_ID + "  "), ("X-Language", "  en-us  ")]))
    add(vec("header_value_unicode_whitespace",
            headers=JSON_HEADERS + [("X-Custom-A", "\u3000val\u00a0"), ("X-Custom-B", "\x1fv\x1c"),
                                    ("X-Custom-C", "\u2003\u2028v\u0085"), ("X-Custom-D", "\u200bv\u200b")]))
    add(vec("header_value_unicode", headers=JSON_HEADERS + [("X-Custom-Name", "测试 café")]))
    add(vec("header_case_duplicate", headers=JSON_HEADERS + [("X-Custom", "a"), ("x-custom", "b")]))
    add(vec("header_empty_value", headers=JSON_HEADERS + [("X-Empty", ""), ("X-Blank", "   ")]))
    add(vec("header_digits_and_dots", headers=JSON_HEADERS + [("X-123", "1"), ("X.Dot", "d")]))
    add(vec("header_auth_token_signed", headers=JSON_HEADERS + [("X-Auth-Token", "tok")]))

    # --- dates --------------------------------------------------------------------------------
    add(vec("preset_sdk_date_header_wins",
            headers=JSON_HEADERS + [("X-Sdk-Date", "20231231T235959Z")]))
    add(vec("preset_sdk_date_lowercase_leap_day",
            headers=[("x-sdk-date", "20240229T120000Z")] + JSON_HEADERS))
    add(vec("preset_sdk_date_no_clock", headers=JSON_HEADERS + [("X-SDK-DATE", "20000229T000000Z")],
            sdk_date=None))
    add(vec("sdk_date_epoch", sdk_date="19700101T000000Z"))
    add(vec("sdk_date_far_future", sdk_date="20991231T235959Z"))

    # --- keys ---------------------------------------------------------------------------------
    add(vec("ak_sk_unicode_sk", ak="AKFAKE-0002-UNICODE-SK", sk="秘密-fake-sk-ü"))
    add(vec("ak_sk_long", ak="A" * 40, sk="s" * 100))

    # --- a full realistic call -----------------------------------------------------------------
    add(vec("full_bss_post", "POST", "/v2/orders/customer-orders/pay",
            query=[("x", "y z")],
            headers=[("Content-Type", "application/json"), ("User-Agent", UA + "; os/linux"),
                     ("X-Domain-Id", DOMAIN_ID), ("X-Security-Token", "FAKE-SECURITY-TOKEN"),
                     ("X-Language", "en-us")],
            body='{"order_id": "CS2401051234ABCD", "pay_account_type": 2, '
                 '"coupon_ids": ["CP1", "CP2"], "remark": "\\u4e2d"}'))
    return v


SEG_POOL = ["v2", "orders", "测试", "%E6%B5%8B", "a%2Fb", "a+b", "a b", "%7E", "~u", "%20",
            "100%25", "%zz", "ü", "x.y", "a_b-c", "%C3", "😀", "CS2401", "", "a=b", "@:;,"]
QK_POOL = ["offset", "limit", "name", "键", "a b", "a+b", "k=v", "~t", "status", "", "ÄÖ", "z"]
QV_POOL = ["", "0", "10", "a b", "a+b", "x=y&z", "测试", "~", "/a/b", "%2F", "😀", "Zürich",
           "true", "2024-01", " lead", "trail "]
HEADER_POOL = [
    ("X-Language", ["en-us", " zh-cn ", "EN"]),
    ("X-Security-Token", ["tok", "tok+/=", " t "]),
    ("x-custom-mixed", ["Value", "测试", ""]),
    ("X_Underscore", ["skip", "x"]),
    ("X-Project-Id", ["p1"]),
    ("Accept", ["application/json", "*/*"]),
]
CT_POOL = [None, "application/json", "application/json;charset=UTF-8", "text/plain",
           "application/x-www-form-urlencoded", "application/octet-stream"]
BODY_POOL = [None, "", "{}", '{"a": "b"}', '{"名": "值"}', "plain text", "a=1&b=2"]
BASE_POOL = [BSS, "https://bss-intl.myhuaweicloud.com", "https://localhost:8443",
             "http://10.0.0.1:80", "https://bss.myhuaweicloud.eu"]


def randomized(count, seed=20240105):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        path = "/" + "/".join(rng.choice(SEG_POOL) for _ in range(rng.randint(1, 4)))
        query = [(rng.choice(QK_POOL), rng.choice(QV_POOL)) for _ in range(rng.randint(0, 5))]
        headers = []
        content_type = rng.choice(CT_POOL)
        if content_type is not None:
            headers.append(("Content-Type", content_type))
        headers.append(("User-Agent", UA))
        if rng.random() < 0.7:
            headers.append(("X-Domain-Id", DOMAIN_ID))
        for name, values in rng.sample(HEADER_POOL, rng.randint(0, 3)):
            headers.append((name, rng.choice(values)))
        method = rng.choice(["GET", "POST", "PUT", "DELETE"])
        body = rng.choice(BODY_POOL) if method in ("POST", "PUT") else None
        date = "%04d%02d%02dT%02d%02d%02dZ" % (
            rng.randint(1971, 2099), rng.randint(1, 12), rng.randint(1, 28),
            rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        out.append(vec("random_%03d" % i, method, path, query, headers, body,
                       base_url=rng.choice(BASE_POOL),
                       ak="AKFAKE%014d" % i, sk="SKfake-random-%d" % i, sdk_date=date))
    return out


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    vectors = handwritten() + randomized(40)
    names = [v["name"] for v in vectors]
    assert len(set(names)) == len(names), "vector names must be unique"
    records = []
    for v in vectors:
        expected = run_official(v)
        records.append({"name": v["name"], "input": {k: v[k] for k in v if k != "name"},
                        "expected": expected})
    doc = {
        "description": "SDK-HMAC-SHA256 vectors produced by the official huaweicloudsdkcore "
                       "signer (tools/signing-vectors/make_vectors.py). Fake keys only.",
        "huaweicloudsdkcore_version": SDK_VERSION,
        "count": len(records),
        "vectors": records,
    }
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote %d vectors to %s" % (len(records), os.path.normpath(out_path)))


if __name__ == "__main__":
    main()
