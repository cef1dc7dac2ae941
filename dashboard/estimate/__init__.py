"""Estimate review (見積精査): a vendor's estimate read line by line, mapped to the 12 cost
items and the 20 operations, and checked against red-flag rules and peers.

The flow is one way and free of Streamlit: reader (office file → lines) → mapper
(dictionary + saved corrections → cost item, operation) → annual (annualise, apportion
shared lines) → rules (declarative rules in data/reference/estimate_rules.json) → review
(the whole result). The page, the CLI and the exports only call `review.review()`.
"""
