"""The POST forms of a page, read from its HTML as a browser would submit them.

The hostile-input and ownership tests find the forms on every page this way, so a
form added to a template is exercised without a test naming its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Control:
    name: str
    kind: str  # input type, "select", "textarea" or "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    required: bool = False


@dataclass
class Form:
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)

    @property
    def buttons(self) -> list[Control]:
        """Named submit buttons: each one submits its own name=value (flow answers work this way)."""
        return [c for c in self.controls if c.kind in ("button", "submit")]

    @property
    def fields(self) -> list[Control]:
        return [c for c in self.controls if c.kind not in ("button", "submit", "reset", "image")]

    def defaults(self, button: Control | None = None) -> dict[str, str | list[str]]:
        """What the browser submits untouched (with the given submit button, if any)."""
        data: dict[str, list[str]] = {}
        for c in self.fields:
            if c.kind in ("checkbox", "radio"):
                if c.checked:
                    data.setdefault(c.name, []).append(c.value or "on")
            elif c.kind == "select":
                data.setdefault(c.name, []).append(c.value if c.value else (c.options[0] if c.options else ""))
            else:
                data.setdefault(c.name, []).append(c.value)
        if button is not None:
            data.setdefault(button.name, []).append(button.value)
        return {k: v[0] if len(v) == 1 else v for k, v in data.items()}


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Control | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action") or self.page_url, method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            self._form.controls.append(
                Control(name, kind, a.get("value", ""), checked="checked" in a, required="required" in a)
            )
        elif tag == "button" and name:
            kind = (a.get("type") or "submit").lower()
            if kind == "submit":
                self._form.controls.append(Control(name, "button", a.get("value", "")))
        elif tag == "select" and name:
            self._select = Control(name, "select", required="required" in a)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea = Control(name, "textarea", required="required" in a)
            self._form.controls.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        elif self._option_value is not None or self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text.strip()
            self._select.options.append(value)
            if self._option_selected:
                self._select.value = value
            self._option_value = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline right after <textarea>.
            if self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None


def post_forms(html: str, page_url: str) -> list[Form]:
    """The page's POST forms, in document order."""
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return [f for f in parser.forms if f.method == "post"]


def page_html(response) -> str:
    """The HTML of a response, or "" for a download (an export streams CSV or JSON, and has no forms)."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    return response.content.decode()
