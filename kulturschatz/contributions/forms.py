"""The public forms of Mitmachen: share a treasure, give a hint, withdraw.

Text from the public is plain text: normalised to NFC, without control
characters, and refused if it holds HTML tags or more than a few web links
(PlainTextField). The photos' content is checked by submission.check_photos,
which the service runs itself (byte size included); the form checks their number.
"""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kulturschatz.iiif import uploads

from .models import Hint, Licence

# The honeypot: a field people never see (hidden by CSS, skipped by the
# keyboard, labelled "leave empty" for screen readers); bots fill it in.
HONEYPOT_FIELD = "website"
MAX_LINKS = 3
# "<" followed by a letter, "/" or "!" opens a tag, an end tag, a comment or a
# doctype; "Höhe < 2 m" or "<3" are left alone.
HTML_TAG = re.compile(r"<[A-Za-z/!]")
WEB_LINK = re.compile(r"(?i)\b(?:https?://|www\.)")

LICENCE_EXPLANATIONS = {
    Licence.CC_BY.value: _(
        "Anyone may use, share and change your photos, also commercially, as long "
        "as they name you as the author."
    ),
    Licence.CC_BY_SA.value: _(
        "As CC BY, and whoever changes your photos must share the result under the "
        "same licence."
    ),
    Licence.CC0.value: _(
        "You give up all rights: anyone may use your photos for any purpose, without "
        "naming you."
    ),
}


def normalise_text(value: str, *, multiline: bool) -> str:
    """NFC, Unix line ends, no control characters (a single line: no line breaks)."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return "".join(
        char for char in value if char in "\n\t" or unicodedata.category(char) != "Cc"
    ).strip()


class PlainTextField(forms.CharField):
    """A text field that takes plain text only (see the module's docstring)."""

    def __init__(self, *, multiline: bool = False, **kwargs) -> None:
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_text(value, multiline=self.multiline) if value else value

    def validate(self, value) -> None:
        super().validate(value)
        if not value:
            return
        tag = HTML_TAG.search(value)
        if tag:
            raise ValidationError(
                _(
                    "Please write without HTML: “%(start)s” looks like the start of an "
                    "HTML tag. Plain text is enough; line breaks are kept."
                ),
                code="html",
                params={"start": value[tag.start() : tag.start() + 2]},
            )
        if len(WEB_LINK.findall(value)) > MAX_LINKS:
            raise ValidationError(
                ngettext_lazy(
                    "Please include at most %(count)d web link.",
                    "Please include at most %(count)d web links.",
                    "count",
                ),
                code="links",
                params={"count": MAX_LINKS},
            )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple> (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, (list, tuple)):
            return [single_file_clean(d, initial) for d in data]
        return [single_file_clean(data, initial)]


def max_photos() -> int:
    return settings.KULTURSCHATZ_CONTRIBUTION_MAX_PHOTOS


class SummarisedForm(forms.Form):
    def error_summary(self) -> list[dict]:
        """Every error with the id of its field, for the summary atop the form."""
        entries = [{"anchor": "", "label": "", "message": m} for m in self.non_field_errors()]
        for bound in self:
            # A group of radio buttons is reached through its first button.
            radios = isinstance(bound.field.widget, forms.RadioSelect)
            anchor = f"{bound.auto_id}_0" if radios else bound.id_for_label
            entries += [
                {"anchor": anchor, "label": bound.label, "message": message}
                for message in bound.errors
            ]
        return entries


class ContributorFields(SummarisedForm):
    """E-mail address and consent: what every contribution asks."""

    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        max_length=254,
        help_text=_(
            "Only to tell you when your contribution is published; deleted once that "
            "message is sent."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my contribution is stored "
            "and processed as described there."
        ),
        error_messages={
            "required": _("Please agree to the privacy notice to send your contribution.")
        },
    )


class ShareTreasureForm(ContributorFields):
    photos = MultipleFileField(
        label=_("Photos"),
        error_messages={"required": _("Please choose at least one photo.")},
    )
    title = PlainTextField(
        label=_("Title"),
        max_length=300,
        help_text=_("What is it? For example “Postcard of the Neumarkt bridge”."),
    )
    story = PlainTextField(
        label=_("Story"),
        max_length=5000,
        multiline=True,
        help_text=_(
            "What do you know about it? Where does it come from, who made or used it, "
            "what does it mean to you?"
        ),
    )
    date_text = PlainTextField(
        label=_("Date (optional)"),
        max_length=100,
        required=False,
        help_text=_("As you know it, for example “um 1960” or “1920s”."),
    )
    place_text = PlainTextField(
        label=_("Place (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example “Merseburg, Gotthardtstraße”."),
    )
    contributor_name = PlainTextField(
        label=_("Your name or a pseudonym"),
        max_length=120,
        help_text=_("Shown with your contribution if it is published."),
        error_messages={"required": _("Please give a name or pseudonym for the credit.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY,
        widget=forms.RadioSelect,
    )
    rights_confirmed = forms.BooleanField(
        label=_(
            "I took these photos myself or hold the rights to them, I may grant the "
            "licence chosen, and publishing them violates no one else's rights (for "
            "example of people shown)."
        ),
        error_messages={
            "required": _("Please confirm that you hold the rights to these photos.")
        },
    )
    share_location = forms.BooleanField(
        label=_("Share the location stored in the photos"),
        required=False,
        help_text=_(
            "Many phones store where a photo was taken (GPS). Without this tick we "
            "remove that position when your photos arrive."
        ),
    )

    field_order = [
        "photos", "title", "story", "date_text", "place_text", "contributor_name",
        "licence", "rights_confirmed", "email", "share_location", "privacy_consent",
    ]  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs["accept"] = uploads.ACCEPT
        self.fields["photos"].help_text = _(
            "1 to %(max)s photos, each at most %(limit)s MB (%(formats)s)."
        ) % {
            "max": max_photos(),
            "limit": uploads.megabytes(settings.KULTURSCHATZ_CONTRIBUTION_MAX_UPLOAD_BYTES),
            "formats": uploads.ACCEPTED_LIST,
        }

    def clean_photos(self) -> list:
        photos = self.cleaned_data["photos"]
        if len(photos) > max_photos():
            raise ValidationError(
                ngettext_lazy(
                    "Please choose at most %(max)d photo (you chose %(count)d).",
                    "Please choose at most %(max)d photos (you chose %(count)d).",
                    "max",
                ),
                code="too_many_photos",
                params={"max": max_photos(), "count": len(photos)},
            )
        return photos

    def licence_choices(self) -> list[dict]:
        """The licence radio buttons with their plain-language explanation."""
        return [
            {"widget": widget, "explanation": LICENCE_EXPLANATIONS[widget.data["value"]]}
            for widget in self["licence"]
        ]


class HintForm(ContributorFields):
    kind = forms.ChoiceField(
        label=_("What kind of hint is it?"),
        choices=Hint.Kind.choices,
        initial=Hint.Kind.MEMORY,
        widget=forms.RadioSelect,
    )
    text = PlainTextField(
        label=_("Your hint"),
        max_length=5000,
        multiline=True,
        help_text=_("What is wrong or missing, or what do you remember about this object?"),
    )
    contributor_name = PlainTextField(
        label=_("Your name or a pseudonym (optional)"),
        max_length=120,
        required=False,
        help_text=_(
            "Shown with your hint if it is published; without a name it is shown as "
            "“anonymous”."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["kind", "text", "contributor_name", "email", "privacy_consent"]


class WithdrawForm(SummarisedForm):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw my contribution and delete my data."),
        error_messages={"required": _("Please tick the box to confirm the withdrawal.")},
    )

