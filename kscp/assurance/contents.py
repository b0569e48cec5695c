"""What a new report starts from: the statutory contents checklist (Working Together) and
the sections of the 2019/20 statement, each mapped to the checklist items it covers."""

from kscp.assurance.models import Section

# (key, text): what the guidance says the report should contain.
CHECKLIST = [
    (
        "arrangements",
        "What the safeguarding partners and relevant agencies did under the arrangements",
    ),
    ("effectiveness", "How effective the arrangements have been"),
    ("reviews", "Child safeguarding practice reviews: rapid reviews, local and national reviews"),
    ("impact", "Evidence of impact on outcomes for children and families, including training"),
    ("progress", "Areas with little or no progress on the priorities"),
    (
        "recommendations",
        "Decisions and actions taken on review recommendations and the improvements that followed",
    ),
    ("voice", "How feedback from children and families was sought and used"),
    ("education", "How education and childcare agencies are involved"),
    ("funding", "Funding and budget"),
    ("scrutiny", "Independent scrutiny"),
    ("next", "Priorities for the next period"),
]

N, S, G = Section.Kind.NARRATIVE, Section.Kind.SCRUTINY, Section.Kind.GENERATED
GEN = Section.Generator

# (title, kind, generator, checklist keys)
TEMPLATE = [
    ("Worried about a child", N, "", []),
    ("Foreword", N, "", ["arrangements", "effectiveness"]),
    ("Principles and our approach to safeguarding", N, "", ["arrangements"]),
    ("What do we know about children in the area", N, "", []),
    ("What do young people say", N, "", ["voice"]),
    ("Engaging our workforce", N, "", ["education", "arrangements"]),
    ("Working with other partnerships", N, "", ["arrangements"]),
    ("Key practice themes and messages", N, "", ["effectiveness"]),
    ("Learning from reviews", N, "", ["reviews"]),
    ("Learning from reviews: the figures", G, GEN.REVIEWS, ["reviews"]),
    (
        "Decisions and actions on review recommendations",
        G,
        GEN.RECOMMENDATIONS,
        ["recommendations"],
    ),
    ("Evidence of impact on priorities", N, "", ["impact"]),
    ("Business plan progress", G, GEN.PLAN_PROGRESS, ["progress", "effectiveness"]),
    ("Case studies", N, "", ["impact"]),
    ("Communication and engagement", N, "", ["voice"]),
    ("Independent scrutiny", S, "", ["scrutiny", "effectiveness"]),
    ("Strategic priorities", N, "", ["next"]),
    ("Strategic priorities: the next plan", G, GEN.NEXT_PRIORITIES, ["next"]),
    ("Appendix 1: Budget", N, "", ["funding"]),
    ("Appendix 1: Budget, the figures", G, GEN.BUDGET, ["funding"]),
    ("Appendix 2: Workforce development", G, GEN.WORKFORCE, ["impact"]),
    ("Glossary", G, GEN.GLOSSARY, []),
]
