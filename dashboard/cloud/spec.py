"""What the FOCUS specification says about columns, per version (FinOps Foundation, 1.0-1.3).

Only the columns this product relies on are checked as mandatory; every other column of the
file (custom `x_` columns included) is kept untouched in the raw Parquet rows.
"""
from __future__ import annotations

# Mandatory in every version 1.0-1.3 (spec "Column: ... Requirement level: Mandatory").
MANDATORY_ALL = (
    "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency",
    "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
    "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost",
    "EffectiveCost", "InvoiceIssuerName", "ListCost", "PricingQuantity", "PricingUnit",
    "ServiceCategory", "ServiceName",
)
# ProviderName and PublisherName are mandatory until 1.3 deprecates them in favour of
# ServiceProviderName and HostProviderName; ServiceSubcategory is mandatory from 1.2.
MANDATORY = {
    "1.0": MANDATORY_ALL + ("ProviderName", "PublisherName"),
    "1.1": MANDATORY_ALL + ("ProviderName", "PublisherName"),
    "1.2": MANDATORY_ALL + ("ProviderName", "PublisherName", "ServiceSubcategory"),
    "1.3": MANDATORY_ALL + ("ServiceProviderName", "HostProviderName", "ServiceSubcategory"),
}
# Conditional columns we read; absent ones are added as NULL so the SQL has one shape.
OPTIONAL = ("SubAccountId", "SubAccountName", "InvoiceId", "ResourceId", "ResourceName",
            "Tags", "CommitmentDiscountId", "CommitmentDiscountStatus", "ServiceSubcategory")

# Columns whose first appearance tells the version (newest first).
VERSION_MARKERS = (
    ("1.3", ("ServiceProviderName", "HostProviderName")),
    ("1.2", ("InvoiceId", "BillingAccountType", "SubAccountType", "PricingCurrency",
             "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice")),
    ("1.1", ("ServiceSubcategory", "CommitmentDiscountQuantity", "CommitmentDiscountUnit",
             "CapacityReservationId", "CapacityReservationStatus", "SkuMeter", "SkuPriceDetails")),
)
# A file with fewer than this many of the core columns is not FOCUS at all.
CORE = ("BilledCost", "BillingCurrency", "ChargePeriodStart", "ChargePeriodEnd",
        "BillingAccountId", "ChargeCategory")

COST_COLUMNS = ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost")
TIME_COLUMNS = ("ChargePeriodStart", "ChargePeriodEnd", "BillingPeriodStart", "BillingPeriodEnd")
CHARGE_CATEGORIES = ("Usage", "Purchase", "Tax", "Credit", "Adjustment")

# ISO 4217 active alphabetic codes (2024 list; X-codes for metals and testing left out).
ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES
KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
""".split())


def version_of(columns) -> str | None:
    """The FOCUS version the columns show, or None when the file is not FOCUS."""
    present = set(columns)
    if sum(c in present for c in CORE) < 4:
        return None
    for version, markers in VERSION_MARKERS:
        if version == "1.3":
            if all(m in present for m in markers):
                return version
        elif any(m in present for m in markers):
            return version
    return "1.0"


def missing_mandatory(columns, version: str) -> list[str]:
    present = set(columns)
    return [c for c in MANDATORY[version] if c not in present]
