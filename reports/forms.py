"""Forms of the reports app: the questionnaire, the complaint, and the steps of the recap chain."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reservations.models import Service
from reservations.phones import IndonesianPhoneField
from reservations.privacy import ConsentField
from reservations.text import NameField

from .models import CorrectionField, Education, Element, Occupation, Sex

# The questions and the four answers (scored 1–4) of each element, as the regulation prints them.
QUESTIONS = {
    Element.U1: (
        _("How well do the requirements of the service fit the kind of service?"),
        [_("Not suitable"), _("Less suitable"), _("Suitable"), _("Very suitable")],
    ),
    Element.U2: (
        _("How easy is the procedure of the service at this unit?"),
        [_("Not easy"), _("Less easy"), _("Easy"), _("Very easy")],
    ),
    Element.U3: (
        _("How fast was the service given?"),
        [_("Not fast"), _("Less fast"), _("Fast"), _("Very fast")],
    ),
    Element.U4: (
        _("How fair is the cost or tariff of the service?"),
        [_("Very expensive"), _("Fairly expensive"), _("Cheap"), _("Free")],
    ),
    Element.U5: (
        _("How well does what you received match what the service standard promises?"),
        [_("Not suitable"), _("Less suitable"), _("Suitable"), _("Very suitable")],
    ),
    Element.U6: (
        _("How competent were the staff who served you?"),
        [_("Not competent"), _("Less competent"), _("Competent"), _("Very competent")],
    ),
    Element.U7: (
        _("How polite and friendly were the staff?"),
        [
            _("Not polite and friendly"),
            _("Less polite and friendly"),
            _("Polite and friendly"),
            _("Very polite and friendly"),
        ],
    ),
    Element.U8: (
        _("What do you think of the quality of the facilities?"),
        [_("Poor"), _("Fair"), _("Good"), _("Very good")],
    ),
    Element.U9: (
        _("How are complaints from service users handled?"),
        [
            _("There is none"),
            _("There is, but it does not work"),
            _("It works, but not fully"),
            _("Managed well"),
        ],
    ),
}


class SurveyForm(forms.Form):
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    age = forms.IntegerField(label=_("Age (years)"), min_value=10, max_value=120)
    education = forms.ChoiceField(label=_("Highest education"), choices=Education.choices)
    occupation = forms.ChoiceField(label=_("Occupation"), choices=Occupation.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, (question, answers) in QUESTIONS.items():
            self.fields[code] = forms.TypedChoiceField(
                label=f"{code}. {question}",
                choices=[(str(i), label) for i, label in enumerate(answers, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose one answer.")},
            )
        self.fields["suggestion"] = forms.CharField(
            label=_("Suggestions for us (optional)"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    @property
    def question_fields(self):
        return [self[code] for code in QUESTIONS]

    @property
    def profile_fields(self):
        return [self[name] for name in ("sex", "age", "education", "occupation")]

    def answers(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code in QUESTIONS}


class ComplaintForm(forms.Form):
    service = forms.ChoiceField(label=_("Which service is it about?"), choices=Service.choices)
    name = NameField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Email"), help_text=_("We send the answer to this address."), max_length=254
    )
    phone = IndonesianPhoneField(label=_("Phone / WhatsApp (optional)"), required=False)
    message = forms.CharField(
        label=_("Your complaint"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, when, and what you expected."),
    )
    consent = ConsentField()


class AnswerComplaintForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


class PrepareRecapForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("A month that is over, for example 2026-10."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CorrectionForm(forms.Form):
    row = forms.IntegerField(label=_("Row number"), min_value=1)
    field = forms.ChoiceField(label=_("What to correct"), choices=CorrectionField.choices)
    value = forms.CharField(
        label=_("Corrected value"),
        required=False,
        max_length=200,
        help_text=_("Times as HH:MM. Leave empty to remove the session."),
    )
    reason = forms.CharField(label=_("Why"), max_length=255)
