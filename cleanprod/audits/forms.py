"""Input shapes of the audit pages. No business rules here: the services check them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cleanprod.agencies.models import Agency
from cleanprod.audits.models import Audit, AuditDocument, Phase, ReportComment, Track

# --- audit cases: list filters and the forms behind the case page's action buttons ----------

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class BootstrapFormMixin:
    """Gives each widget the Bootstrap class its kind needs."""

    fields: dict[str, forms.Field]

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs.setdefault("class", css)


class CaseActionForm(BootstrapFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class AuditListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Audit.Status.choices]
    )
    track = forms.ChoiceField(
        label=_("Track"), required=False, choices=[("", _("Any")), *Track.choices]
    )
    region = forms.CharField(label=_("Region code"), required=False, max_length=6)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class AuditDiscloseForm(CaseActionForm):
    content = forms.CharField(
        label=_("What was disclosed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Name, legal representative, address, pollutants, amounts, exceedances …"),
    )
    channel = forms.CharField(
        label=_("Where"), max_length=200, help_text=_("Newspaper, website or other public means.")
    )
    url = forms.URLField(label=_("Address (URL)"), required=False, assume_scheme="https")
    published_on = forms.DateField(label=_("Published on"), widget=DATE_INPUT)


def _agency_label(agency: Agency) -> str:
    today = timezone.localdate()
    if agency.filing_status == Agency.FilingStatus.FILED and agency.filed_until:
        if agency.filed_until >= today:
            return _("%(name)s (filed until %(date)s)") % {
                "name": agency.name,
                "date": agency.filed_until.isoformat(),
            }
        return _("%(name)s (filing expired)") % {"name": agency.name}
    return _("%(name)s (not filed)") % {"name": agency.name}


class AuditFileStartForm(CaseActionForm):
    SELF, AGENCY = "self", "agency"
    who = forms.ChoiceField(
        label=_("Who performs the audit"),
        choices=[
            (SELF, _("The enterprise itself (self-audit)")),
            (AGENCY, _("A consulting agency")),
        ],
        widget=forms.RadioSelect,
    )
    agency = forms.ModelChoiceField(
        label=_("Consulting agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— choose —"),
    )
    contract_number = forms.CharField(label=_("Contract number"), max_length=60, required=False)
    contract_signed_on = forms.DateField(
        label=_("Contract signed on"), required=False, widget=DATE_INPUT
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the agency register is public information: every active agency may be engaged, as
        # long as its filing covers the enterprise (checked on filing); the list says which are
        # filed, filed ones first
        field = self.fields["agency"]
        field.queryset = Agency.objects.active().order_by("filing_status", "name")  # type: ignore[attr-defined]
        field.label_from_instance = _agency_label  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        self_audit = data["who"] == self.SELF
        return {
            "self_audit": self_audit,
            "agency": None if self_audit else data.get("agency"),
            "contract_number": "" if self_audit else data.get("contract_number") or "",
            "contract_signed_on": None if self_audit else data.get("contract_signed_on"),
        }


def _phase_choices() -> list[tuple[Any, Any]]:
    return [("", _("Not tied to a phase")), *Phase.choices]


class AuditDocumentUploadForm(CaseActionForm):
    phase = forms.TypedChoiceField(
        label=_("Phase"), choices=_phase_choices, coerce=int, empty_value=None, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in AuditDocument.Kind.choices if c[0] != AuditDocument.Kind.REPORT],
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Upload under the same kind and title to add a new version."),
    )
    file = forms.FileField(label=_("File"))


class AuditReportSubmitForm(CaseActionForm):
    file = forms.FileField(label=_("Report file"))
    note = forms.CharField(
        label=_("Note to the authority"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AuditReportReturnForm(CaseActionForm):
    """A general comment and one comment row per chapter; empty rows are ignored."""

    comment = forms.CharField(label=_("General comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in ReportComment.Chapter.choices:
            self.fields[f"chapter_{value}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 1})
            )
        self.style_widgets()

    def chapter_fields(self) -> list[forms.BoundField]:
        return [self[f"chapter_{value}"] for value in ReportComment.Chapter.values]

    def chapters(self) -> list[tuple[int, str]]:
        return [
            (value, self.cleaned_data.get(f"chapter_{value}") or "")
            for value in ReportComment.Chapter.values
        ]


class AuditReportAcceptForm(CaseActionForm):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AuditWithdrawForm(CaseActionForm):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2})
    )
