#!/usr/bin/env python3
"""Seed the YAML spec (spec/*.yaml) from the reference facts snapshot.

Reads (read-only):
  /work/shared/reference/bss-v2.facts.json       China-site SDK facts (huaweicloudsdkbss)
  /work/shared/reference/bssintl-v2.facts.json   international SDK facts (huaweicloudsdkbssintl)
  /work/shared/reference/doc-operations.json     documented constraints and error tables (10 ops)
  /work/shared/reference/cbc-error-codes.json    CBC.xxxx error codes

Writes spec/service.yaml, spec/errors.yaml, spec/common.yaml and one spec/<area>.yaml per area.
Never writes spec/README.md. Python 3.11 standard library only; output is deterministic.

Usage:  python3 tools/import_spec/import_facts.py [--reference DIR] [--out DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_REFERENCE = Path("/work/shared/reference")
DEFAULT_OUT = REPO / "spec"

BSS_SITES = ["cn"]
INTL_SITES = ["intl", "eu"]

INT_COMMENT = "# Integer widths are not recorded by the official Python SDK; int64 is used until confirmed."

WARNINGS: list[str] = []


def warn(msg: str) -> None:
    WARNINGS.append(msg)


# ---------------------------------------------------------------------------------------------
# Areas
# ---------------------------------------------------------------------------------------------

AREAS: dict[str, tuple[str, str]] = {
    "accounts": (
        "Accounts and funds",
        "Account balances, income and expense records, partner fund transfers to customers and "
        "indirect partners (resellers), adjustment records and stored-value cards.",
    ),
    "bills": (
        "Bills and costs",
        "Monthly bill summaries, resource consumption records and details, fee records, cost "
        "analysis, 95th-percentile usage, and partner-side bills of sub-customers.",
    ),
    "budgets": (
        "Budgets and quotas",
        "Sub-customer budgets set by a partner and their change records, and consumption or "
        "expenditure quotas.",
    ),
    "coupons": (
        "Coupons and coupon quotas",
        "Coupons of customers, coupons issued and reclaimed by partners, coupon quotas granted "
        "to indirect partners (resellers), and their records.",
    ),
    "customers": (
        "Partner customers",
        "Partner-side management of sub-customers: creating customers, identity checks, "
        "verification codes, customer lists, new-customer tags, freezing and unfreezing, "
        "on-demand resources of customers, and the partner's indirect partners (resellers).",
    ),
    "enterprise": (
        "Enterprise multi-account",
        "Enterprise master and member accounts: member creation and lists, organization "
        "structure, fund and coupon transfers between master and members, and enterprise "
        "project authorization.",
    ),
    "invoices": (
        "Invoices",
        "Invoices of the international site.",
    ),
    "orders": (
        "Customer orders",
        "Querying, paying and cancelling orders of yearly/monthly products, the coupons and "
        "discounts usable for an order, and refund order details.",
    ),
    "period_resources": (
        "Yearly/monthly resources",
        "Yearly/monthly (包年/包月) resources: listing, renewal, unsubscription, auto-renewal, "
        "renewal settings and conversion to pay-per-use.",
    ),
    "products": (
        "Products and prices",
        "Cloud service types, resource types and specifications, measurement units and "
        "conversions, usage types, price inquiries, discounts and incentive policies.",
    ),
    "realname": (
        "Real-name authentication",
        "Individual and enterprise real-name authentication of customers, its changes, status, "
        "review results and the face-recognition QR code.",
    ),
    "regions": (
        "Administrative regions",
        "Provinces, cities and counties used in customer information.",
    ),
    "resource_packages": (
        "Resource packages",
        "Free resources (resource packages): package lists, remaining usage and usage records.",
    ),
}

COMMON_AREA = ("common", "Shared models", "Models used by operations of more than one area, or by none.")

OP_AREA: dict[str, str] = {
    # orders
    "CancelCustomerOrder": "orders",
    "ListCustomerOrders": "orders",
    "ListOrderCouponsByOrderId": "orders",
    "ListOrderDiscounts": "orders",
    "PayOrders": "orders",
    "ShowCustomerOrderDetails": "orders",
    "ShowRefundOrderDetails": "orders",
    # period_resources
    "AutoRenewalResources": "period_resources",
    "CancelAutoRenewalResources": "period_resources",
    "CancelResourcesSubscription": "period_resources",
    "ListPayPerUseCustomerResources": "period_resources",
    "RenewalResources": "period_resources",
    "SetResourcesRenewConfig": "period_resources",
    "UpdatePeriodToOnDemand": "period_resources",
    "UpdatePeriodToOnDemandInstantly": "period_resources",
    # resource_packages
    "ListFreeResourceInfos": "resource_packages",
    "ListFreeResourceUsages": "resource_packages",
    "ListFreeResourcesUsageRecords": "resource_packages",
    # coupons
    "CreatePartnerCoupons": "coupons",
    "ListCouponQuotasRecords": "coupons",
    "ListCustomerCouponChangeRecords": "coupons",
    "ListIssuedCouponQuotas": "coupons",
    "ListIssuedPartnerCoupons": "coupons",
    "ListPartnerCouponsRecord": "coupons",
    "ListQuotaCoupons": "coupons",
    "ListSubCustomerCoupons": "coupons",
    "ReclaimCouponQuotas": "coupons",
    "ReclaimPartnerCoupons": "coupons",
    "UpdateCouponQuotas": "coupons",
    # customers
    "CheckUserIdentity": "customers",
    "CreateSubCustomer": "customers",
    "FreezeSubCustomers": "customers",
    "ListCustomerOnDemandResources": "customers",
    "ListIndirectPartners": "customers",
    "ListSubCustomerNewTag": "customers",
    "ListSubCustomers": "customers",
    "SendVerificationMessageCode": "customers",
    "UnfreezeSubCustomers": "customers",
    # bills
    "ListConsumeSubCustomers": "bills",
    "ListCosts": "bills",
    "ListCustomerBillsFeeRecords": "bills",
    "ListCustomerBillsMonthlyBreakDown": "bills",
    "ListCustomerselfResourceRecordDetails": "bills",
    "ListCustomerselfResourceRecords": "bills",
    "ListPostpaidBillSum": "bills",
    "ListResourceUsage": "bills",
    "ListResourceUsageSummary": "bills",
    "ListSubCustomerBillDetail": "bills",
    "ListSubcustomerMonthlyBills": "bills",
    "ShowCustomerMonthlySum": "bills",
    # realname
    "ChangeEnterpriseRealnameAuthentication": "realname",
    "CreateEnterpriseRealnameAuthentication": "realname",
    "CreatePersonalRealnameAuth": "realname",
    "ShowRealNameAuthQrCode": "realname",
    "ShowRealNameAuthStatus": "realname",
    "ShowRealnameAuthenticationReviewResult": "realname",
    # enterprise
    "ClaimEnterpriseMultiAccountCoupon": "enterprise",
    "CreateEnterpriseProjectAuth": "enterprise",
    "CreateSubEnterpriseAccount": "enterprise",
    "ListEnterpriseMultiAccount": "enterprise",
    "ListEnterpriseOrganizations": "enterprise",
    "ListEnterpriseSubCustomers": "enterprise",
    "ListMultiAccountRetrieveCoupons": "enterprise",
    "ListMultiAccountTransferCoupons": "enterprise",
    "ReclaimEnterpriseMultiAccountCoupon": "enterprise",
    "ReclaimSubEnterpriseAmount": "enterprise",
    "SendSmsVerificationCode": "enterprise",
    "ShowMultiAccountTransferAmount": "enterprise",
    "UpdateSubEnterpriseAmount": "enterprise",
    # accounts
    "ListCustomerAccountChangeRecords": "accounts",
    "ListCustomersBalancesDetail": "accounts",
    "ListPartnerAccountChangeRecords": "accounts",
    "ListPartnerAdjustRecords": "accounts",
    "ListPartnerBalances": "accounts",
    "ListStoredValueCards": "accounts",
    "ReclaimIndirectPartnerAccount": "accounts",
    "ReclaimToPartnerAccount": "accounts",
    "ShowCustomerAccountBalances": "accounts",
    "UpdateCustomerAccountAmount": "accounts",
    "UpdateIndirectPartnerAccount": "accounts",
    # budgets
    "ListSubCustomerBudget": "budgets",
    "ListSubCustomerBudgetRecords": "budgets",
    "ShowCustomerExpenditureQuota": "budgets",
    "ShowPartnerConsumptionQuota": "budgets",
    "ShowSubCustomerBudget": "budgets",
    "UpdateSubCustomerBudget": "budgets",
    # products
    "ListBusinessDiscountInfo": "products",
    "ListConversions": "products",
    "ListIncentiveDiscountPolicies": "products",
    "ListMeasureUnits": "products",
    "ListOnDemandResourceRatings": "products",
    "ListRateOnPeriodDetail": "products",
    "ListRenewRateOnPeriod": "products",
    "ListResourceSpecs": "products",
    "ListResourceSpecsPrice": "products",
    "ListResourceTypes": "products",
    "ListServiceResources": "products",
    "ListServiceTypes": "products",
    "ListUsageTypes": "products",
    # invoices
    "ListInvoices": "invoices",
    # regions
    "ListCities": "regions",
    "ListCounties": "regions",
    "ListProvinces": "regions",
}

# ---------------------------------------------------------------------------------------------
# Hand-curated readings of doc-operations.json
# ---------------------------------------------------------------------------------------------

# `caller` from the doc's own `caller` sentence: (value, a substring the sentence must contain).
# Operations without a `caller` sentence get `unknown`.
DOC_CALLER = {
    "ListFreeResourceUsages": ("customer", "customer AK/SK or token only"),
    "ListCustomerOrders": ("either", "partner own AK/SK/token or customer AK/SK/token"),
    "ListPartnerCouponsRecord": ("partner", "solution provider or Huawei Cloud distributor"),
    "ShowRealnameAuthenticationReviewResult": ("partner", "solution provider or distributor"),
    "ShowCustomerMonthlySum": ("customer", "customer AK/SK or token"),
    "ReclaimPartnerCoupons": ("partner", "solution provider or distributor"),
}

# Operations whose body is required per the docs (a documented required body field).
# Derived in code from the doc rows with in=body and required=true; listed here for review.
EXPECTED_BODY_REQUIRED = {"ListFreeResourceUsages", "ReclaimPartnerCoupons"}

# Short English descriptions written for parameters that get documented constraints
# (key: (operation, wire name)). Only facts from doc-operations.json.
DOC_DESCRIPTIONS = {
    ("ListFreeResourceUsages", "free_resource_ids"): "Resource item IDs, each at most 64 characters.",
    ("ListCustomerOrders", "create_time_begin"): "UTC. At most one year before create_time_end.",
    ("ListCustomerOrders", "create_time_end"): "UTC. At most one year after create_time_begin.",
    ("ListCustomerOrders", "status"): (
        "1 pending review, 3 processing, 4 cancelled, 5 completed, 6 pending payment, "
        "9 pending confirmation."
    ),
    ("ListCustomerOrders", "order_type"): (
        "1 new purchase, 2 renewal, 3 change, 4 unsubscription, 10 yearly/monthly to pay-per-use, "
        "11 pay-per-use to yearly/monthly, 13 trial, 14 trial to commercial, 15 fee adjustment."
    ),
    ("ListCustomerOrders", "offset"): "Record offset, not a page number.",
    ("ShowCustomerOrderDetails", "offset"): "Record offset (of order line items), not a page number.",
    ("ListPartnerCouponsRecord", "operation_types"): (
        "1 issue, 2 manual reclaim, 3 reclaim on unbinding, 4 reclaim on expiry, "
        "5 reclaim on unsubscription, 6 refund top-up reversal, 7 reclaim on association, "
        "8 reclaim on association mode switch, 9 reseller transfer. The docs allow at most "
        "8 items although 9 values exist."
    ),
    ("ListPartnerCouponsRecord", "quota_type"): "0 cash coupon quota (代金券), 1 cash voucher quota (现金券).",
    ("ListPartnerCouponsRecord", "operation_time_begin"): "UTC. Records strictly after this time.",
    ("ListPartnerCouponsRecord", "operation_time_end"): "UTC.",
    ("ShowCustomerMonthlySum", "bill_cycle"): "Bill month in UTC+8.",
    ("ShowCustomerMonthlySum", "method"): "oneself, sub_customer (enterprise member) or all.",
    ("ShowCustomerMonthlySum", "sub_customer_id"): "Used only when method is sub_customer; then it must be set.",
    ("ShowCustomerMonthlySum", "offset"): "Record offset, not a page number.",
    ("ListCouponQuotasRecords", "operation_time_begin"): "UTC.",
    ("ListCouponQuotasRecords", "operation_time_end"): "UTC.",
    ("ListCouponQuotasRecords", "operation_type"): "10 quota issued, 11 quota reclaimed.",
    ("ListCouponQuotasRecords", "offset"): "Record offset, not a page number.",
    ("ListSubCustomerCoupons", "coupon_type"): "1 cash coupon (代金券), 2 discount coupon, 4 cash voucher (现金券); 3 is not defined.",
    ("ListSubCustomerCoupons", "status"): "2 unused, 3 used, 4 expired, 5 reclaimed.",
    ("ListSubCustomerCoupons", "active_start_time"): "UTC.",
    ("ListSubCustomerCoupons", "active_end_time"): "UTC.",
    ("ListSubCustomerCoupons", "offset"): "Record offset, not a page number.",
    ("ListSubcustomerMonthlyBills", "charge_mode"): "1 yearly/monthly, 3 pay-per-use, 11 savings plan.",
    ("ListSubcustomerMonthlyBills", "bill_type"): "0 consumption, 1 unsubscription, 2 Huawei write-off.",
    ("ListSubcustomerMonthlyBills", "offset"): "Record offset, not a page number.",
}

DATE_TIME_DOC = "UTC yyyy-MM-dd'T'HH:mm:ss'Z' (HH 0-23, mm/ss 0-59)"
FORMAT_MAP = {
    DATE_TIME_DOC: "date-time",
    "YYYY-MM, UTC+8 (东八区)": "YYYY-MM",
    "YYYY-MM": "YYYY-MM",
}
MAX_INT_DOC = "最大整数 (documented literally as 'max integer'; = 2147483647)"
KNOWN_CONSTRAINT_KEYS = {"max_length", "minimum", "maximum", "max_items", "item_max_length", "format", "cross_field", "conditional"}

# ---------------------------------------------------------------------------------------------
# Hand-written error notes (own words, from cbc-error-codes.json meta/notes/conflicts)
# ---------------------------------------------------------------------------------------------

ERROR_CATEGORY = {
    "CBC.0000": "success",
    "CBC.0100": "invalid_parameter",
    "CBC.0101": "invalid_parameter",
    "CBC.0151": "access_denied",
    "CBC.0155": "access_denied",
    "CBC.0154": "auth",
    "CBC.0150": "wrong_site",
    "CBC.0156": "wrong_site",
    "CBC.0250": "rate_limited",
    "CBC.0999": "server",
}
ERROR_RETRYABLE = {"CBC.0250"}

ERROR_NOTES = {
    "CBC.0000": "Many operations answer 204 No Content on success instead of a body with this code; older v1 APIs put it in a 200 body.",
    "CBC.0156": "Listed by the Chinese global tables and the English customer table; the English partner table lists CBC.0150 with the same message instead. The Chinese text has a typo (访问拒接 for 访问拒绝).",
    "CBC.0150": "Only the English partner table lists it, in the place where the other tables have CBC.0156; both codes are seen for calls to the wrong site.",
    "CBC.0250": "Per-operation tables give HTTP 429. An unrelated KooGallery table lists it with HTTP 406. Some enterprise multi-account tables document CBC.99007197 (IP rate-limited, 400) as well.",
    "CBC.18000048": "The limit is 1000 financially independent members; added to the V4 cost query in 2024.",
    "CBC.3106": "Per-operation payment tables list CBC.99003106 (HTTP 400) with the same Chinese text instead.",
    "CBC.3124": "The Chinese text is cut off in the source (starts with 资源已经).",
    "CBC.5006": "Only an English fragment is documented: 'The customer type (individual/enterprise) i…'.",
    "CBC.5003": "CBC.99005003 has the same Chinese text.",
    "CBC.6055": "CBC.99006055 has the same Chinese text and HTTP 400.",
    "CBC.7004": "CBC.99007004 has the same Chinese text and HTTP 400.",
    "CBC.99000021": "The global customer table gives HTTP 200, although 99-prefixed codes are otherwise documented with 400.",
    "CBC.99000022": "Only the start of the English text is documented ('The coupon…').",
    "CBC.99000087": "The text asks to try again later.",
    "CBC.99006073": "Removed from the price-inquiry tables according to their revision log.",
    "CBC.99007197": "The caller's IP has been rate-limited; documented by enterprise multi-account tables (compare CBC.0250).",
    "CBC.99007461": "A fund transfer or reclaim task is still running; the text asks to try again later.",
    "CBC.50000045": "The Chinese text is cut off in the source (不能对同一个代金券额度进行频繁操作…).",
    "CBC.30050007": "Also listed by the renewal price-inquiry table with HTTP 200.",
}
# Descriptions in the data that are not real texts (truncation markers, placeholders).
ERROR_BAD_ZH = {
    "CBC.3124",  # "资源已经… (truncated; presumably 资源已经退订。)"
    "CBC.50000045",  # "不能对同一个代金券额度进行频繁操作..."
}
ERROR_BAD_MESSAGE = {"CBC.5006", "CBC.99000022"}

# ---------------------------------------------------------------------------------------------
# YAML emitter
# ---------------------------------------------------------------------------------------------

_RESERVED = {
    "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~",
}
_PLAIN_CHARS = r"A-Za-z0-9_.\-/()\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF"
_PLAIN_RE = re.compile(rf"[A-Za-z_\u4E00-\u9FFF][{_PLAIN_CHARS}]*(?: [{_PLAIN_CHARS}]+)*")


class Raw(str):
    """A scalar written exactly as given (sentinels such as `unknown`)."""


class Flow(dict):
    """A mapping written in flow style on one line: `{ a: 1, b: x }`."""


class Map(dict):
    """A block mapping; `comments[key]` lists comment lines written above the key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.comments: dict[str, list[str]] = {}


def scalar(v) -> str:
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        raise TypeError("floats are not emitted")
    if not isinstance(v, str):
        raise TypeError(f"not a scalar: {v!r}")
    if _PLAIN_RE.fullmatch(v) and v.lower() not in _RESERVED:
        return v
    out = ['"']
    for ch in v:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or o in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def flow(v) -> str:
    if isinstance(v, dict):
        if not v:
            return "{}"
        return "{ " + ", ".join(f"{scalar(k)}: {flow(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    return scalar(v)


def emit(node, indent: int = 0) -> list[str]:
    """Lines of a block mapping (the top level and nested Map values)."""
    pad = "  " * indent
    lines: list[str] = []
    assert isinstance(node, dict)
    comments = getattr(node, "comments", {})
    for k, v in node.items():
        for c in comments.get(k, []):
            lines.append(f"{pad}# {c}")
        key = scalar(k)
        if isinstance(v, Flow) or (isinstance(v, dict) and not v):
            lines.append(f"{pad}{key}: {flow(v)}")
        elif isinstance(v, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(emit(v, indent + 1))
        elif isinstance(v, list):
            if all(not isinstance(x, dict) for x in v):
                lines.append(f"{pad}{key}: {flow(v)}")
            else:
                lines.append(f"{pad}{key}:")
                for x in v:
                    lines.append(f"{pad}  - {flow(x)}")
        else:
            lines.append(f"{pad}{key}: {scalar(v)}")
    return lines


# ---------------------------------------------------------------------------------------------
# Names (mirror of generator/src/naming.rs, heck 0.5 rules) for collision checks
# ---------------------------------------------------------------------------------------------

RAW_KEYWORDS = set(
    "as async await break const continue dyn else enum false fn for if impl in let loop match mod move "
    "mut pub ref return static struct trait true type unsafe use where while abstract become box do "
    "final gen macro override priv try typeof unsized virtual yield union".split()
)
NON_RAW_KEYWORDS = {"self", "Self", "super", "crate", "extern", "_"}


def heck_words(s: str) -> list[str]:
    words = []
    for word in re.split(r"[^\w]|_", s):
        if not word:
            continue
        init = 0
        mode = "boundary"
        chars = list(word)
        for i, c in enumerate(chars):
            if i + 1 < len(chars):
                nxt = chars[i + 1]
                next_mode = "lower" if c.islower() else ("upper" if c.isupper() else mode)
                if next_mode == "lower" and nxt.isupper():
                    words.append(word[init : i + 1])
                    init = i + 1
                    mode = "boundary"
                elif mode == "upper" and c.isupper() and nxt.islower():
                    words.append(word[init:i])
                    init = i
                    mode = "boundary"
                else:
                    mode = next_mode
            else:
                words.append(word[init:])
    return [w for w in words if w]


def _finish(s: str, prefix: str) -> str:
    s = "".join(c for c in s if (c.isascii() and c.isalnum()) or c == "_")
    if not s:
        s = prefix + "empty"
    elif s[0].isdigit():
        s = prefix + s
    if s in NON_RAW_KEYWORDS:
        return s + "_"
    if s in RAW_KEYWORDS:
        return "r#" + s
    return s


def snake_ident(name: str) -> str:
    return _finish("_".join(w.lower() for w in heck_words(name)), "_")


def camel_ident(name: str) -> str:
    return _finish("".join(w[:1].upper() + w[1:].lower() for w in heck_words(name)), "V")


def collisions(names: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    seen: dict[str, str] = {}
    out = []
    for src, ident in names:
        bare = ident.removeprefix("r#")
        if bare in seen:
            out.append((seen[bare], src, bare))
        else:
            seen[bare] = src
    return out


# ---------------------------------------------------------------------------------------------
# Types
# ---------------------------------------------------------------------------------------------

PRIMS = {
    "str": "string",
    "int": "int64",
    "bool": "bool",
    "float": "decimal",
    "decimal.Decimal": "decimal",
    "object": "json",
}


def map_type(t: str) -> str:
    t = t.strip()
    if t in PRIMS:
        return PRIMS[t]
    m = re.fullmatch(r"list\[(.+)\]", t)
    if m:
        return f"list<{map_type(m.group(1))}>"
    m = re.fullmatch(r"dict\(\s*str\s*,\s*(.+)\)", t)
    if m:
        return f"map<{map_type(m.group(1))}>"
    if re.fullmatch(r"[A-Z][A-Za-z0-9_]*", t):
        return t
    raise ValueError(f"unmapped type {t!r}")


def type_models(ty: str) -> list[str]:
    """Model names referenced by a spec type expression."""
    m = re.fullmatch(r"(list|map)<(.+)>", ty)
    if m:
        return type_models(m.group(2))
    if ty in {"string", "int32", "int64", "bool", "decimal", "json"}:
        return []
    return [ty]


# ---------------------------------------------------------------------------------------------
# Merging the two packages
# ---------------------------------------------------------------------------------------------


def merge_order(first: list[str], second: list[str]) -> list[str]:
    """`first` in its order, with names only in `second` inserted after their predecessor there."""
    out = list(first)
    for i, name in enumerate(second):
        if name in out:
            continue
        pos = 0
        for prev in reversed(second[:i]):
            if prev in out:
                pos = out.index(prev) + 1
                break
        out.insert(pos, name)
    return out


def merge_entries(where: str, bss: list[dict] | None, intl: list[dict] | None, kind: str) -> list[dict]:
    """Merge fields/params of one model or op location. Each entry: wire, type, required.

    Returns entries with `sites` set when only one package has them.
    """
    b = {e["wire"]: e for e in (bss or [])}
    i = {e["wire"]: e for e in (intl or [])}
    if bss is None:
        return [dict(e) for e in intl]
    if intl is None:
        return [dict(e) for e in bss]
    common_b = [w for w in b if w in i]
    common_i = [w for w in i if w in b]
    if common_b != common_i:
        warn(f"{kind} order differs between packages in {where}: bss {common_b} / bssintl {common_i}; bss order kept")
    out = []
    for w in merge_order(list(b), list(i)):
        if w in b and w in i:
            e = dict(b[w])
            if (b[w]["type"], b[w]["required"]) != (i[w]["type"], i[w]["required"]):
                warn(
                    f"{kind} {where}.{w} differs: bss type={b[w]['type']} required={b[w]['required']}, "
                    f"bssintl type={i[w]['type']} required={i[w]['required']}; bss kept"
                )
        elif w in b:
            e = dict(b[w])
            e["sites"] = BSS_SITES
        else:
            e = dict(i[w])
            e["sites"] = INTL_SITES
        out.append(e)
    return out


# ---------------------------------------------------------------------------------------------
# Main build
# ---------------------------------------------------------------------------------------------


def load(ref: Path):
    def j(name):
        with open(ref / name, encoding="utf-8") as f:
            return json.load(f)

    return j("bss-v2.facts.json"), j("bssintl-v2.facts.json"), j("doc-operations.json"), j("cbc-error-codes.json")


def entry_from_fact(p: dict) -> dict:
    return {"wire": p["wire"], "type": map_type(p["type"]), "required": bool(p["required"]), "pytype": p["type"]}


def build(ref: Path):
    bss, intl, docs, cbc = load(ref)
    report: dict[str, object] = {}

    b_ops = {o["camel"]: o for o in bss["operations"]}
    i_ops = {o["camel"]: o for o in intl["operations"]}
    b_models = {m["name"]: m for m in bss["models"]}
    i_models = {m["name"]: m for m in intl["models"]}
    assert len(b_ops) == len(bss["operations"]) and len(i_ops) == len(intl["operations"]), "duplicate op names"
    assert len(b_models) == len(bss["models"]) and len(i_models) == len(intl["models"]), "duplicate model names"

    all_ops = sorted(set(b_ops) | set(i_ops))
    unmapped = [o for o in all_ops if o not in OP_AREA]
    assert not unmapped, f"operations without an area: {unmapped}"
    stale = [o for o in OP_AREA if o not in b_ops and o not in i_ops]
    assert not stale, f"area table names unknown operations: {stale}"
    assert set(OP_AREA.values()) <= set(AREAS), "area table uses an undeclared area"

    # ---------------- models ----------------
    models: dict[str, dict] = {}  # name -> {"fields": [entries]}
    for name in sorted(set(b_models) | set(i_models)):
        bm, im = b_models.get(name), i_models.get(name)
        kinds = {m["kind"] for m in (bm, im) if m}
        assert len(kinds) == 1, f"model {name} has kinds {kinds}"
        kind = kinds.pop()
        if kind == "request":
            continue
        for m in (bm, im):
            if m and (m.get("has_discriminator") or m.get("sensitive_list")):
                warn(f"model {name} has a discriminator or sensitive fields in the facts (not represented)")
        fields = merge_entries(
            name,
            [entry_from_fact(f) for f in bm["fields"]] if bm else None,
            [entry_from_fact(f) for f in im["fields"]] if im else None,
            "field",
        )
        models[name] = {"fields": fields, "kind": kind, "in": [p for p, m in (("bss", bm), ("bssintl", im)) if m]}

    # Response headers are not body fields.
    for pkg_ops in (b_ops, i_ops):
        for o in pkg_ops.values():
            hdrs = {h if isinstance(h, str) else h.get("wire") for h in o["response_headers"]}
            if hdrs and o["response_model"] in models:
                models[o["response_model"]]["fields"] = [
                    f for f in models[o["response_model"]]["fields"] if f["wire"] not in hdrs
                ]

    # ---------------- operations ----------------
    ops: dict[str, dict] = {}
    for name in all_ops:
        bo, io = b_ops.get(name), i_ops.get(name)
        base = bo or io
        op: dict = {"name": name, "area": OP_AREA[name]}
        if bo and io:
            for k in ("method", "path"):
                if bo[k] != io[k]:
                    warn(f"operation {name}: {k} differs (bss {bo[k]!r}, bssintl {io[k]!r}); bss kept")
            if bo["summary"] != io["summary"]:
                warn(f"operation {name}: summary differs (bss {bo['summary']!r}, bssintl {io['summary']!r}); bss kept")
            op["sites"] = None
        else:
            op["sites"] = BSS_SITES if bo else INTL_SITES
        op["summary"] = base["summary"]
        op["method"] = base["method"]
        op["path"] = base["path"]
        for o in (bo, io):
            if o and (o["form_params"] or o["unplaced_request_attrs"]):
                warn(f"operation {name}: form params or unplaced request attrs in the facts (not represented)")
            if o and o["content_type"] != "application/json":
                warn(f"operation {name}: content type {o['content_type']}")
        for loc, key in (("path_params", "path_params"), ("query", "query_params"), ("headers", "header_params")):
            op[loc] = merge_entries(
                f"{name}.{loc}",
                [entry_from_fact(p) for p in bo[key]] if bo else None,
                [entry_from_fact(p) for p in io[key]] if io else None,
                "param",
            )
        cred = sorted(set((bo or {}).get("credential_path_params", [])) | set((io or {}).get("credential_path_params", [])))
        for c in cred:
            if c in {p["wire"] for p in op["path_params"]}:
                raise AssertionError(f"{name}: credential placeholder {c} is also a path param")
            op["path_params"].append({"wire": c, "type": "string", "required": True, "from_credentials": c})
        bodies = {o["body"]["model"] for o in (bo, io) if o and o["body"]}
        if bo and io and bool(bo["body"]) != bool(io["body"]):
            warn(f"operation {name}: body present in one package only")
        assert len(bodies) <= 1, f"{name}: body models differ {bodies}"
        op["body"] = bodies.pop() if bodies else None
        op["body_required"] = False
        resp = {o["response_model"] for o in (bo, io) if o}
        assert len(resp) == 1, f"{name}: response models differ {resp}"
        rname = resp.pop()
        op["response"] = rname if models.get(rname, {}).get("fields") else None
        op["caller"] = "unknown"
        op["errors"] = []
        op["comments"] = []
        ops[name] = op

    # Empty response models describe "no body": they are not emitted.
    empty_responses = sorted(n for n, m in models.items() if m["kind"] == "response" and not m["fields"])
    for n in empty_responses:
        del models[n]
    report["empty_response_models"] = empty_responses
    empty_models = sorted(n for n, m in models.items() if not m["fields"])
    if empty_models:
        warn(f"models without fields (emitted as `fields: {{}}`): {empty_models}")

    # ---------------- errors catalog ----------------
    errors = build_errors(cbc, report)

    # ---------------- documented constraints and errors ----------------
    apply_docs(docs, ops, models, errors, report)

    # ---------------- placement ----------------
    refs = {n: sorted({r for f in m["fields"] for r in type_models(f["type"])}) for n, m in models.items()}
    areas_of: dict[str, set[str]] = {n: set() for n in models}
    for op in ops.values():
        roots = [op["body"], op["response"]] + [
            r for loc in ("path_params", "query", "headers") for p in op[loc] for r in type_models(p["type"])
        ]
        stack = [r for r in roots if r]
        seen = set()
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            if n not in models:
                raise AssertionError(f"{op['name']} references unknown model {n}")
            areas_of[n].add(op["area"])
            stack.extend(refs[n])
    placement = {}
    unreachable = []
    for n, a in areas_of.items():
        if len(a) == 1:
            placement[n] = next(iter(a))
        else:
            placement[n] = "common"
            if not a:
                unreachable.append(n)
    report["unreachable_models"] = sorted(unreachable)
    report["common_models"] = sorted(n for n, a in areas_of.items() if len(a) > 1)

    # ---------------- rust_name collisions ----------------
    report["collisions"] = []
    for n, m in models.items():
        resolve_collisions(f"model {n}", m["fields"], report)
    for op in ops.values():
        for loc in ("path_params", "query", "headers"):
            resolve_collisions(f"operation {op['name']}.{loc}", op[loc], report)
        params = [p for loc in ("path_params", "query", "headers") for p in op[loc] if not p.get("from_credentials")]
        names = [(p["wire"], p.get("rust_name") or snake_ident(p["wire"])) for p in params]
        if op["body"]:
            names.append(("body", "body"))
        for a, b, ident in collisions(names):
            raise AssertionError(f"operation {op['name']}: request params {a} and {b} both become {ident}")

    return ops, models, placement, errors, report


def resolve_collisions(where: str, entries: list[dict], report) -> None:
    taken: set[str] = set()
    for e in entries:
        ident = (e.get("rust_name") or snake_ident(e["wire"])).removeprefix("r#")
        if ident in taken:
            n = 2
            while f"{ident}_{n}" in taken:
                n += 1
            e["rust_name"] = f"{ident}_{n}"
            report["collisions"].append(f"{where}: `{e['wire']}` becomes `{ident}` like an earlier field; rust_name {e['rust_name']}")
            ident = e["rust_name"]
        taken.add(ident)


def build_errors(cbc: dict, report) -> dict[str, dict]:
    glob = {c["code"]: c for c in cbc["codes"]}
    perop = {c["code"]: c for c in cbc["per_operation_codes"]}
    assert len(glob) == len(cbc["codes"]) and len(perop) == len(cbc["per_operation_codes"])
    conflicts = cbc["conflicts"]
    legacy_pairs = {}
    for c in conflicts:
        if c["kind"] == "legacy/new pair":
            old, new = c["codes"]
            assert new.startswith("CBC.99"), c
            legacy_pairs[new] = old
    out: dict[str, dict] = {}

    def status_int(s):
        return int(s) if isinstance(s, int) or (isinstance(s, str) and s.isdigit()) else None

    for code in sorted(set(glob) | set(perop), key=lambda c: c):
        g, p = glob.get(code), perop.get(code)
        notes: list[str] = []
        # status
        variant_statuses = [v["http_status"] for v in p["variants"]] if p else []
        if g is not None:
            status = g["http_status"]
            others = sorted({str(s) for s in variant_statuses if status_int(s) != status})
            if others:
                notes.append(f"Operation tables also give HTTP {', '.join(others)}.")
        else:
            counts: dict[str, int] = {}
            for s in variant_statuses:
                counts[str(s)] = counts.get(str(s), 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            if len(ranked) == 1 and status_int(ranked[0][0]) is not None:
                status = status_int(ranked[0][0])
            elif len(ranked) > 1 and ranked[0][1] > ranked[1][1] and status_int(ranked[0][0]) is not None:
                status = status_int(ranked[0][0])
                notes.append(
                    "Most operation tables give HTTP "
                    + ranked[0][0]
                    + "; others give "
                    + ", ".join(s for s, _ in ranked[1:])
                    + "."
                )
            elif len(ranked) > 1:
                status = Raw("unknown")
                notes.append("Operation tables disagree on the HTTP status: " + " vs ".join(s for s, _ in ranked) + ".")
            else:
                status = Raw("unknown")
        # message
        if g is not None and g.get("message_en") and code not in ERROR_BAD_MESSAGE:
            message = g["message_en"]
        else:
            message = Raw("unknown")
        # description_zh
        zh = None
        if code not in ERROR_BAD_ZH:
            if g is not None and g.get("description_zh"):
                zh = g["description_zh"]
            elif p is not None:
                texts = []
                for v in p["variants"]:
                    t = v.get("description_zh")
                    if t and t not in texts:
                        texts.append(t)
                if texts:
                    zh = texts[0]
                    if len(texts) > 1:
                        notes.append("Also worded " + " / ".join(texts[1:]) + " in some tables.")
        if g is not None and p is not None and zh:
            extra = [v["description_zh"] for v in p["variants"] if v.get("description_zh") and v["description_zh"] != zh and not v["description_zh"].startswith("(")]
            if extra:
                notes.append("Operation tables word it " + " / ".join(sorted(set(extra))) + ".")
        if code in ERROR_NOTES:
            notes.insert(0, ERROR_NOTES[code])
        entry: dict = {"status": status, "message": message}
        if zh:
            entry["description_zh"] = zh
        if code in ERROR_CATEGORY:
            entry["category"] = ERROR_CATEGORY[code]
        if code in ERROR_RETRYABLE:
            entry["retryable"] = True
        replaced_by = {old: new for new, old in legacy_pairs.items()}
        if code in replaced_by:
            entry["replaced_by"] = replaced_by[code]
        if notes:
            entry["notes"] = " ".join(notes)
        out[code] = entry
    for new, old in legacy_pairs.items():
        assert new in out and old in out, f"legacy pair {old}/{new} not both in the catalog"
    report["status_unknown"] = sorted(c for c, e in out.items() if isinstance(e["status"], Raw))
    report["message_unknown"] = sorted(c for c, e in out.items() if isinstance(e["message"], Raw))
    return out


def typed_literal(value, ty: str, where: str):
    base = ty[5:-1] if ty.startswith("list<") else ty
    if base in ("int64", "int32"):
        if isinstance(value, str) and value.isdigit():
            return int(value)
        if isinstance(value, int):
            return value
        raise AssertionError(f"{where}: {value!r} is not an integer")
    if base == "string":
        return str(value)
    raise AssertionError(f"{where}: no literal rule for {ty}")


def apply_docs(docs: dict, ops: dict, models: dict, errors: dict, report) -> None:
    by_route = {(o["method"], o["path"]): n for n, o in ops.items()}
    counted = 0
    notes = []
    model_users: dict[str, list[str]] = {}
    for o in ops.values():
        if o["body"]:
            model_users.setdefault(o["body"], []).append(o["name"])
    for d in docs["operations"]:
        name = by_route.get((d["method"], d["uri"]))
        assert name, f"doc operation {d['operation']} ({d['method']} {d['uri']}) matches no operation"
        if name != d["operation"]:
            notes.append(f"doc entry {d['operation']!r} matched by route to {name}")
        op = ops[name]
        # caller
        if "caller" in d:
            assert name in DOC_CALLER, f"{name}: doc states a caller ({d['caller']!r}) that the table does not read"
            value, must = DOC_CALLER[name]
            assert must in d["caller"], f"{name}: caller sentence changed: {d['caller']!r}"
            op["caller"] = value
        else:
            assert name not in DOC_CALLER, f"{name}: DOC_CALLER entry but no doc caller"
        # params
        body_fields = {f["wire"]: f for f in models[op["body"]]["fields"]} if op["body"] else {}
        locs = {"path": "path_params", "query": "query", "header": "headers"}
        for r in d["request"]:
            if "in" not in r:
                notes.append(f"{name}: doc row {r['name']!r} skipped (no location; {r.get('note', '')})")
                continue
            if r["in"] == "body":
                target = body_fields.get(r["name"])
                if target is not None and len(model_users.get(op["body"], [])) > 1:
                    warn(f"{name}: body model {op['body']} is shared by {model_users[op['body']]}; constraints apply to all")
            else:
                target = next((p for p in op[locs[r["in"]]] if p["wire"] == r["name"]), None)
            if target is None:
                notes.append(f"{name}: documented {r['in']} param {r['name']!r} not in the SDK facts; skipped")
                continue
            if "required" in r and bool(r["required"]) != bool(target["required"]):
                notes.append(
                    f"{name}: {r['name']} documented required={r['required']} but SDK says required={target['required']} (SDK kept)"
                )
            c = r.get("constraints", {})
            unknown = set(c) - KNOWN_CONSTRAINT_KEYS
            assert not unknown, f"{name}.{r['name']}: unknown constraint keys {unknown}"
            added = {}
            if "max_length" in c:
                added["max_length"] = int(c["max_length"])
            for k in ("minimum", "maximum"):
                if k in c:
                    v = c[k]
                    if v == MAX_INT_DOC:
                        v = 2147483647
                    added[k] = typed_literal(v, target["type"], f"{name}.{r['name']}.{k}")
            if "max_items" in c:
                added["max_items"] = int(c["max_items"])
            if "enum" in r:
                added["enum"] = [typed_literal(k, target["type"], f"{name}.{r['name']}.enum") for k in r["enum"]]
            if "default" in r:
                added["default"] = typed_literal(r["default"], target["type"], f"{name}.{r['name']}.default")
            if "format" in c:
                assert c["format"] in FORMAT_MAP, f"{name}.{r['name']}: unmapped format {c['format']!r}"
                added["format"] = FORMAT_MAP[c["format"]]
            if "item_max_length" in c or "cross_field" in c or "conditional" in c:
                assert (name, r["name"]) in DOC_DESCRIPTIONS, f"{name}.{r['name']}: prose constraint needs a description"
            if (name, r["name"]) in DOC_DESCRIPTIONS:
                added["description"] = DOC_DESCRIPTIONS[(name, r["name"])]
            if set(added) - {"description"}:
                counted += 1
            for k, v in added.items():
                if k in target and target[k] != v:
                    warn(f"{name}.{r['name']}: constraint {k} already {target[k]!r}, doc says {v!r}; first kept")
                    continue
                target[k] = v
        # body required
        if any(r.get("in") == "body" and r.get("required") for r in d["request"]):
            op["body_required"] = True
        # errors
        e = d.get("errors", {})
        status = e.get("status", "")
        rows = [x for x in e.get("rows", []) if re.fullmatch(r"CBC\.\d+", x.get("code", ""))]
        skipped = [x for x in e.get("rows", []) if x not in rows]
        for x in skipped:
            notes.append(f"{name}: error row {x.get('code')!r} skipped")
        if status.startswith("inferred"):
            codes = ", ".join(x["code"] for x in rows)
            op["comments"].append(
                f"errors: the docs excerpt shows only a section-wide table ({codes}), not confirmed for this operation; left out."
            )
            notes.append(f"{name}: error table is inferred (section-wide), not written")
            continue
        if not rows:
            if status:
                op["comments"].append("errors: the operation's error table was not reachable in the docs excerpt.")
            continue
        if status.startswith("partial"):
            op["comments"].append("errors: only part of the documented error table was reachable.")
        for x in rows:
            code = x["code"]
            assert code in errors, f"{name}: error {code} not in the catalog"
            cat = errors[code]
            st = x.get("http_status")
            zh = x.get("description_zh")
            if zh and zh.startswith("("):
                zh = None  # placeholder such as "(first row only visible)"
            differs = (st is not None and st != cat["status"]) or (zh is not None and zh != cat.get("description_zh"))
            if differs:
                item = Flow(code=code)
                if st is not None:
                    item["status"] = st
                if zh is not None:
                    item["description_zh"] = zh
                op["errors"].append(item)
            else:
                op["errors"].append(code)
    missing_body_required = {n for n, o in ops.items() if o["body_required"]} ^ EXPECTED_BODY_REQUIRED
    assert not missing_body_required, f"body_required differs from the reviewed list: {missing_body_required}"
    report["constrained"] = counted
    report["doc_notes"] = notes


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------

FIELD_KEY_ORDER = [
    "type", "required", "sites", "rust_name", "from_credentials", "max_length", "min_length", "minimum",
    "maximum", "max_items", "min_items", "enum", "default", "format", "description",
]


def field_node(e: dict, is_path: bool = False) -> Flow:
    node = Flow()
    for k in FIELD_KEY_ORDER:
        if k not in e:
            continue
        v = e[k]
        if k == "required":
            if not v or is_path:
                continue
        node[k] = v
    return node


def op_node(op: dict) -> Map:
    node = Map()
    node["summary"] = op["summary"]
    node["method"] = op["method"]
    node["path"] = op["path"]
    if op["sites"]:
        node["sites"] = op["sites"]
    node["caller"] = Raw(op["caller"]) if op["caller"] == "unknown" else op["caller"]
    for loc in ("path_params", "query", "headers"):
        if op[loc]:
            node[loc] = Map((p["wire"], field_node(p, loc == "path_params")) for p in op[loc])
    if op["body"]:
        node["body"] = op["body"]
        if op["body_required"]:
            node["body_required"] = True
    if op["response"]:
        node["response"] = op["response"]
    if op["errors"]:
        node["errors"] = list(op["errors"])
    if op["comments"]:
        # Notes about the error table go above `errors`, or above `summary` when there is none.
        node.comments["errors" if op["errors"] else "summary"] = list(op["comments"])
    return node


def area_file(area: str, title: str, description: str, ops: dict, models: dict, placement: dict) -> str:
    doc = Map()
    doc["area"] = Map(name=area, title=title, description=description)
    mnode = Map()
    for n in sorted(m for m in models if placement[m] == area):
        mnode[n] = Map(fields=Map((f["wire"], field_node(f)) for f in models[n]["fields"]))
    doc["models"] = mnode
    onode = Map()
    for n in sorted(o for o in ops if ops[o]["area"] == area):
        onode[n] = op_node(ops[n])
    doc["operations"] = onode
    header = [
        f"# Area `{area}`: seeded from the facts snapshot by tools/import_spec/import_facts.py.",
        INT_COMMENT,
    ]
    return "\n".join(header + emit(doc)) + "\n"


def service_file() -> str:
    doc = Map()
    doc["service"] = Map(
        name="bss",
        title="Huawei Cloud Business Support System (BSS)",
        sites=Map(
            cn=Flow(name="China site (中国站)", endpoint="https://bss.myhuaweicloud.com"),
            intl=Flow(name="International site", endpoint="https://bss-intl.myhuaweicloud.com"),
            eu=Flow(name="Europe site", endpoint="https://bss.myhuaweicloud.eu"),
        ),
        crates=Map(
            bss=Flow(crate="huaweicloud-sdk-bss", client="BssClient", sites=["cn"]),
            bssintl=Flow(crate="huaweicloud-sdk-bssintl", client="BssintlClient", sites=["intl", "eu"]),
        ),
        shared_crate=Flow(id="shared", crate="huaweicloud-sdk-bss-shared"),
        package=Map(
            version="0.1.0",
            checked_against="3.1.219",
            repository="https://github.com/huaweicloud-sdk-rust/bss",
            keywords=["huaweicloud", "huawei-cloud", "bss", "billing", "sdk"],
            categories=["api-bindings", "web-programming::http-client"],
        ),
    )
    doc["service"].comments["shared_crate"] = [
        "What both crates have in common (the CBC error catalog, the models that are the same in both)",
        "is generated once, as a crate of its own that each SDK crate re-exports (compiled once when a",
        "program uses both). A build script's single-file output keeps all of its own.",
    ]
    doc["service"].comments["package"] = [
        'Publishing of the generated crates (see spec/README.md, "Versions"): crate version',
        "0.1.x, with the official SDK version the spec was checked against as build metadata.",
    ]
    return "# Seeded by tools/import_spec/import_facts.py.\n" + "\n".join(emit(doc)) + "\n"


def errors_file(errors: dict) -> str:
    doc = Map()
    doc["errors"] = Map((code, Map(e)) for code, e in errors.items())
    header = [
        "# CBC error codes: seeded from cbc-error-codes.json by tools/import_spec/import_facts.py.",
        "# The global tables were only partly reachable; codes seen only in per-operation tables have no",
        "# documented English message (`message: unknown`).",
    ]
    return "\n".join(header + emit(doc)) + "\n"


# ---------------------------------------------------------------------------------------------
# Self-check
# ---------------------------------------------------------------------------------------------


def self_check(ops, models, placement, errors) -> list[str]:
    problems = []
    for n, m in models.items():
        for f in m["fields"]:
            for r in type_models(f["type"]):
                if r not in models:
                    problems.append(f"model {n}.{f['wire']}: unknown type {r}")
    for n, op in ops.items():
        if op["area"] not in AREAS:
            problems.append(f"operation {n}: no area")
        placeholders = re.findall(r"\{([^{}]+)\}", op["path"])
        params = [p["wire"] for p in op["path_params"]]
        if sorted(placeholders) != sorted(params) or len(set(params)) != len(params):
            problems.append(f"operation {n}: placeholders {placeholders} vs path params {params}")
        for loc in ("path_params", "query", "headers"):
            wires = [p["wire"] for p in op[loc]]
            if len(set(wires)) != len(wires):
                problems.append(f"operation {n}.{loc}: duplicate keys")
            for p in op[loc]:
                for r in type_models(p["type"]):
                    problems.append(f"operation {n}.{loc}.{p['wire']}: model type {r} in a parameter")
        for r in (op["body"], op["response"]):
            if r and r not in models:
                problems.append(f"operation {n}: unknown model {r}")
        if op["method"] in ("GET", "HEAD") and op["body"]:
            problems.append(f"operation {n}: body on {op['method']}")
        for e in op["errors"]:
            code = e["code"] if isinstance(e, dict) else e
            if code not in errors:
                problems.append(f"operation {n}: error {code} not in catalog")
        if camel_ident(n) != n:
            problems.append(f"operation {n}: not UpperCamelCase ({camel_ident(n)})")
    for n, m in models.items():
        wires = [f["wire"] for f in m["fields"]]
        if len(set(wires)) != len(wires):
            problems.append(f"model {n}: duplicate field keys")
        if n not in placement:
            problems.append(f"model {n}: not placed")
    for a, b, ident in collisions([(n, camel_ident(n)) for n in sorted(models)]):
        problems.append(f"models {a} and {b} both become {ident}")
    rust_models = {camel_ident(n) for n in models}
    for n in ops:
        if f"{camel_ident(n)}Request" in rust_models:
            problems.append(f"operation {n}: request type name taken by a model")
    for a, b, ident in collisions([(n, snake_ident(n)) for n in sorted(ops)]):
        problems.append(f"operations {a} and {b} both become {ident}")
    for code, e in errors.items():
        if e.get("replaced_by") and e["replaced_by"] not in errors:
            problems.append(f"error {code}: replaced_by {e['replaced_by']} not in catalog")
    return problems


def yaml_key_check(text: str, fname: str) -> list[str]:
    """Duplicate keys at the same indentation within one block (block mappings only)."""
    problems = []
    stack: list[tuple[int, set]] = [(-1, set())]
    for ln, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#") or line.lstrip().startswith("- "):
            continue
        indent = len(line) - len(line.lstrip())
        m = re.match(r"\s*(\"(?:[^\"\\]|\\.)*\"|[^:]+):(?: |$)", line)
        if not m:
            problems.append(f"{fname}:{ln}: cannot read key")
            continue
        while stack and stack[-1][0] > indent:
            stack.pop()
        if stack[-1][0] < indent:
            stack.append((indent, set()))
        key = m.group(1)
        if key in stack[-1][1]:
            problems.append(f"{fname}:{ln}: duplicate key {key}")
        stack[-1][1].add(key)
    return problems


# ---------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = ap.parse_args()

    ops, models, placement, errors, report = build(args.reference)

    files: dict[str, str] = {"service.yaml": service_file(), "errors.yaml": errors_file(errors)}
    for area, (title, desc) in AREAS.items():
        files[f"{area}.yaml"] = area_file(area, title, desc, ops, models, placement)
    files["common.yaml"] = area_file(*COMMON_AREA, ops, models, placement)

    problems = self_check(ops, models, placement, errors)
    for fname, text in files.items():
        problems += yaml_key_check(text, fname)
    if problems:
        print("SELF-CHECK FAILED:")
        for p in problems:
            print("  " + p)
        return 1

    if args.check:
        stale = [f for f, t in files.items() if not (args.out / f).exists() or (args.out / f).read_text(encoding="utf-8") != t]
        print("up to date" if not stale else f"stale: {stale}")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for fname, text in sorted(files.items()):
        assert fname.endswith(".yaml") and fname != "README.md"
        (args.out / fname).write_text(text, encoding="utf-8")

    # ---------------- report ----------------
    print(f"wrote {len(files)} files to {args.out}: {', '.join(sorted(files))}")
    print("operations per area:")
    for area in sorted(AREAS):
        n = sum(1 for o in ops.values() if o["area"] == area)
        print(f"  {area:18s} {n:3d} ops, {sum(1 for m in placement.values() if m == area):3d} models")
    print(f"  {'common':18s}   0 ops, {sum(1 for m in placement.values() if m == 'common'):3d} models")
    shared = sum(1 for o in ops.values() if not o["sites"])
    cn = sum(1 for o in ops.values() if o["sites"] == BSS_SITES)
    it = sum(1 for o in ops.values() if o["sites"] == INTL_SITES)
    print(f"operations: {len(ops)} ({shared} shared, {cn} cn only, {it} intl/eu only)")
    nfields = sum(len(m["fields"]) for m in models.values())
    site_fields = sum(1 for m in models.values() for f in m["fields"] if f.get("sites"))
    nparams = sum(len(o[loc]) for o in ops.values() for loc in ("path_params", "query", "headers"))
    site_params = sum(1 for o in ops.values() for loc in ("path_params", "query", "headers") for p in o[loc] if p.get("sites"))
    print(f"models: {len(models)} ({len(report['common_models'])} shared across areas), fields: {nfields} ({site_fields} site-specific)")
    print(f"parameters: {nparams} ({site_params} site-specific)")
    print(f"error codes: {len(errors)} (status unknown: {len(report['status_unknown'])}, message unknown: {len(report['message_unknown'])})")
    print(f"fields/params with documented constraints: {report['constrained']}")
    print(f"callers: " + ", ".join(f"{k}={sum(1 for o in ops.values() if o['caller'] == k)}" for k in ("customer", "partner", "either", "unknown")))
    print(f"operations with errors: {sum(1 for o in ops.values() if o['errors'])}; body_required: {sorted(n for n, o in ops.items() if o['body_required'])}")
    print(f"empty response models not emitted ({len(report['empty_response_models'])}): {', '.join(report['empty_response_models'])}")
    print(f"unreachable models (in common.yaml): {report['unreachable_models'] or 'none'}")
    print(f"rust_name collisions: {report['collisions'] or 'none'}")
    print("status unknown: " + ", ".join(report["status_unknown"]))
    print("doc notes:")
    for n in report["doc_notes"]:
        print("  " + n)
    print(f"warnings ({len(WARNINGS)}):")
    for w in WARNINGS:
        print("  WARNING " + w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
