from django import template
from django.utils.safestring import SafeString

from advice.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Advice Markdown as sanitised HTML."""
    return render_markdown(text)
