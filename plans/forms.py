"""The forms the business unit writes a draft plan with: the plan's details and progress key,
its priorities, objectives and actions. Months are GOV.UK date inputs of month and year;
every free text has its limit; each form of a saved record posts back its version."""

from django import forms
from django.core.exceptions import ValidationError

from kscp.core.fields import text_too_long
from kscp.core.forms import GovukMonthField, GovukTextareaField
from kscp.core.modelforms import PartnershipModelForm
from kscp.core.models import Group
from kscp.core.tracking import RAG, month_end
from plans.models import (
    DEFAULT_PROGRESS_KEY,
    VERSION_SUMMARY_MAX_LENGTH,
    Action,
    Objective,
    Plan,
    Priority,
)
from plans.owner_forms import OwnersFormMixin

TITLE_REQUIRED = "Enter the plan's title"
PERIOD_REQUIRED = "Enter the period the plan covers, for example 2025/2027"
PLAN_ENDS_BEFORE_START = "The last month must be the same as or after the first month"
KEY_EMPTY = "Give the words of at least one status of the progress key"
PRIORITY_NUMBER_REQUIRED = "Enter the priority's number"
PRIORITY_NUMBER_TAKEN = "This plan already has a priority {number}"
PRIORITY_TITLE_REQUIRED = "Enter the priority's title"
OBJECTIVE_NUMBER_REQUIRED = "Enter the objective's number, for example 1.1"
OBJECTIVE_NUMBER_TAKEN = "This plan already has an objective {number}"
OBJECTIVE_TEXT_REQUIRED = "Enter what will be done"
ACTION_LABEL_REQUIRED = "Enter the action's label, for example a)"
ACTION_TEXT_REQUIRED = "Enter the work required"
RAG_NOT_IN_KEY = "Select a status of this plan's progress key"

KEY_FIELDS = [f"key_{rag}" for rag in RAG.values]


class PlanForm(PartnershipModelForm):
    """A plan's details. A new plan's progress key proposes words that say what each status
    means (DEFAULT_PROGRESS_KEY); a blank meaning leaves the status out of the plan."""

    record_noun = "plan"

    starts_on = GovukMonthField(label="First month of the plan")
    ends_on = GovukMonthField(label="Last month of the plan")

    class Meta:
        model = Plan
        fields = [
            "title",
            "period",
            "starts_on",
            "ends_on",
            "version_label",
            "introduction",
            *KEY_FIELDS,
            "glossary",
        ]
        labels = {
            "title": "Title",
            "period": "Period",
            "version_label": "Version label",
            "introduction": "Introduction",
            "glossary": "Acronyms the plan uses",
            **{f"key_{rag.value}": f"{rag.label} means" for rag in RAG},
        }
        help_texts = {
            "period": "For example 2025/2027",
            "version_label": "For example V1",
            "key_not_started": "Leave a status blank if the plan does not use it",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "glossary": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": TITLE_REQUIRED},
            "period": {"required": PERIOD_REQUIRED},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            for rag, words in DEFAULT_PROGRESS_KEY.items():
                self.initial.setdefault(f"key_{rag}", words)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", PLAN_ENDS_BEFORE_START)
        if all(name in cleaned for name in KEY_FIELDS) and not any(
            cleaned[name].strip() for name in KEY_FIELDS
        ):
            self.add_error("key_not_started", KEY_EMPTY)
        return cleaned

    def _post_clean(self):
        # The last month is stored as its last day, as a plan's period ends.
        ends = self.cleaned_data.get("ends_on")
        if ends:
            self.cleaned_data["ends_on"] = month_end(ends)
        super()._post_clean()


class PriorityForm(PartnershipModelForm):
    record_noun = "priority"

    number = forms.IntegerField(
        min_value=1,
        max_value=99,
        error_messages={"required": PRIORITY_NUMBER_REQUIRED},
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    class Meta:
        model = Priority
        fields = ["number", "title", "aim", "strategic_aim"]
        labels = {"title": "Title", "aim": "Aim", "strategic_aim": "Link to strategic aim"}
        widgets = {"aim": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"title": {"required": PRIORITY_TITLE_REQUIRED}}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Priority.objects.filter(plan=self.instance.plan, number=number).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise ValidationError(PRIORITY_NUMBER_TAKEN.format(number=number))
        return number

    def validate_unique(self):
        """The number's uniqueness is checked by clean_number, in words."""


def _rag_field(form, plan: Plan) -> None:
    field = form.fields["rag"]
    field.choices = plan.rag_choices() or RAG.choices
    field.error_messages["invalid_choice"] = RAG_NOT_IN_KEY


class ObjectiveForm(OwnersFormMixin, PartnershipModelForm):
    """Every field of an objective. Owners, in the plan's order, are the partnership's groups
    and people, or the words of one who is neither (plans/owner_forms.py)."""

    record_noun = "objective"

    due_on = GovukMonthField(label="Month it is due", required=False)

    class Meta:
        model = Objective
        fields = [
            "priority",
            "number",
            "action",
            "outcome",
            "outcome_measure",
            "difference",
            "references",
            "due_on",
            "due_text",
            "reporting_group",
            "rag",
            "progress",
            "evidence",
        ]
        labels = {
            "priority": "Priority",
            "number": "Number",
            "action": "Objective",
            "outcome": "Outcome",
            "outcome_measure": "Outcome measure",
            "difference": "What difference will it make for children and young people",
            "references": "References",
            "due_text": "Recurring timescale",
            "reporting_group": "Reports to",
            "rag": "RAG status",
            "progress": "Progress",
            "evidence": "Evidence",
        }
        help_texts = {
            "number": "For example 1.1",
            "action": "What will be done",
            "due_text": "When there is no single due month, for example Each year in March",
        }
        widgets = {
            "priority": forms.RadioSelect,
            "action": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "outcome_measure": forms.Textarea(attrs={"rows": 3}),
            "difference": forms.Textarea(attrs={"rows": 3}),
            "rag": forms.RadioSelect,
            "progress": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "number": {"required": OBJECTIVE_NUMBER_REQUIRED},
            "action": {"required": OBJECTIVE_TEXT_REQUIRED},
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        partnership_id = plan.partnership_id
        self.fields["priority"].queryset = plan.priorities.all()
        groups = Group.objects.filter(partnership_id=partnership_id).order_by("name")
        self.fields["reporting_group"].queryset = groups
        self.fields["reporting_group"].empty_label = "No group"
        owners = list(self.instance.owners.all()) if self.instance.pk else []
        self.add_owner_fields(partnership_id=partnership_id, owners=owners, after="due_text")
        _rag_field(self, plan)

    def clean(self):
        cleaned = super().clean()
        self.clean_owners()
        return cleaned

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        taken = Objective.objects.filter(plan=self.plan, number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(OBJECTIVE_NUMBER_TAKEN.format(number=number))
        return number

    def validate_unique(self):
        """The number's uniqueness is checked by clean_number, in words."""


class ActionForm(OwnersFormMixin, PartnershipModelForm):
    """An action's fields; its owners, in order, may be several groups (Calderdale 2.2 b)
    reports to the Performance Management and the Quality Assurance sub-groups)."""

    record_noun = "action"

    due_on = GovukMonthField(label="Month it is due", required=False)

    class Meta:
        model = Action
        fields = [
            "label",
            "description",
            "due_on",
            "due_text",
            "rag",
            "progress",
            "evidence",
        ]
        labels = {
            "label": "Label",
            "description": "Work required",
            "due_text": "Recurring timescale",
            "rag": "RAG status",
            "progress": "Progress",
            "evidence": "Evidence",
        }
        help_texts = {
            "label": "For example a)",
        }
        widgets = {
            "label": forms.TextInput(attrs={"class": "govuk-input--width-4"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "rag": forms.RadioSelect,
            "progress": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "label": {"required": ACTION_LABEL_REQUIRED},
            "description": {"required": ACTION_TEXT_REQUIRED},
        }

    def __init__(self, *args, objective, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.objective = objective
        plan = objective.plan
        owners = list(self.instance.owners.all()) if self.instance.pk else []
        self.add_owner_fields(
            partnership_id=plan.partnership_id, owners=owners, after="description"
        )
        _rag_field(self, plan)

    def clean(self):
        cleaned = super().clean()
        self.clean_owners()
        return cleaned

    def validate_unique(self):
        """Positions are given by the service."""


def removal_form(model):
    """A form that confirms removing a record of `model`, posting back the version the editor
    saw, so that a record changed meanwhile is not removed unseen."""
    meta = type("Meta", (), {"model": model, "fields": []})
    return type(f"{model.__name__}RemovalForm", (PartnershipModelForm,), {"Meta": meta})


class LifecycleForm(PartnershipModelForm):
    """Publishing or closing a plan: one button, and the version the page was opened at."""

    record_noun = "plan"

    class Meta:
        model = Plan
        fields = []


VERSION_SUMMARY_REQUIRED = "Enter what changed in this version"
VERSION_SUMMARY_LABEL = "What changed in this version"


class PlanVersionForm(PartnershipModelForm):
    """A new version of a live plan: the required summary of what changed, and the version
    of the plan the page was opened at."""

    record_noun = "plan"

    summary = GovukTextareaField(
        label=VERSION_SUMMARY_LABEL,
        max_length=VERSION_SUMMARY_MAX_LENGTH,
        help_text="For example: Updated from the sub-groups' reports to the September Board",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": VERSION_SUMMARY_REQUIRED,
            "max_length": text_too_long(VERSION_SUMMARY_LABEL, VERSION_SUMMARY_MAX_LENGTH),
        },
    )

    class Meta:
        model = Plan
        fields = []


def _objective_label(objective: Objective) -> str:
    text = objective.action if len(objective.action) <= 120 else objective.action[:117] + "…"
    return f"{objective.number} {text} ({objective.get_rag_display()})"


class RollForwardForm(PlanForm):
    """The next plan's details, and a choice per objective not complete: carry it forward
    (ticked, as proposed) or leave it behind."""

    carried = forms.ModelMultipleChoiceField(
        label="Objectives to carry forward",
        help_text="Objectives not complete. Untick those to leave behind.",
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(PlanForm.Meta):
        fields = ["title", "period", "starts_on", "ends_on", "version_label"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        open_objectives = (
            Objective.objects.filter(plan=plan).exclude(rag=RAG.COMPLETE).order_by("sort_key")
        )
        carried = self.fields["carried"]
        carried.queryset = open_objectives
        carried.label_from_instance = _objective_label
        self.initial.setdefault("carried", list(open_objectives))
