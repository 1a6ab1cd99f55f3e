from django import forms

from innbyggerstemmen.core.forms import StyledFormMixin

from .models import Story


class StoryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Story
        fields = ["summary", "lessons", "method"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6}), "lessons": forms.Textarea(attrs={"rows": 6})}
