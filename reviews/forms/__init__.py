"""Forms of the case record pages: a notification, its rapid review and the review that
follows (cases.py), its learning, the agencies' actions and how the learning was shared
(learning.py), all built on CaseForm (base.py)."""
