"""The core of the product: the partnership and its structure, roles and policy, tracked
items and their one update page, history, years and working days, lists, statistics tables,
PDF and form rendering. It imports no app of ours; the apps register with it."""
