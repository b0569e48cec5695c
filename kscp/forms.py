"""GOV.UK Design System markup for every Django form: one renderer, used everywhere, so each
field has its label, hint and error message, and pages get an error summary."""

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
