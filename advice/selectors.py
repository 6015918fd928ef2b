"""The flow's reads of advice and message templates, cached: they change when staff edit them, not per request.

A flow step read its advice (and the message step its template) with a query on every
request, for content that is the same for every interview in the same notice state and
with the same reason. Here each read is kept in Django's cache (CACHE_URL: Redis in
production, shared by every process) for ADVICE_CACHE_SECONDS, under a generation that
any save or delete of an Advice or a MessageTemplate moves on, so an edit in admin shows
on the next page. Writes that bypass save() (a data migration, a queryset update) show
once the entries expire; so does an edit in another process when the cache is one
process's memory (the locmem default).
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Advice, MessageTemplate

ADVICE_CACHE_SECONDS = 60
GENERATION_KEY = "advice:generation"


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 0
        cache.add(GENERATION_KEY, generation, None)
    return generation


def advice_for_step(*, stage: str, notice_state: str, reason: str = "") -> list[Advice]:
    """Advice.objects.for_step, as a list, cached until staff change advice."""
    key = f"advice:{_generation()}:step:{stage}:{notice_state}:{reason}"
    items = cache.get(key)
    if items is None:
        items = list(Advice.objects.for_step(stage=stage, notice_state=notice_state, reason=reason))
        cache.set(key, items, ADVICE_CACHE_SECONDS)
    return items


def message_template_for(purpose: str) -> MessageTemplate | None:
    """MessageTemplate.objects.for_purpose, cached until staff change a template (None is kept too)."""
    key = f"advice:{_generation()}:template:{purpose}"
    found = cache.get(key, default=False)
    if found is False:
        found = MessageTemplate.objects.for_purpose(purpose)
        cache.set(key, found, ADVICE_CACHE_SECONDS)
    return found


@receiver([post_save, post_delete], sender=Advice)
@receiver([post_save, post_delete], sender=MessageTemplate)
def _content_changed(**kwargs) -> None:
    """A new generation: every cached read above is read again from the database."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache (expired or never read): the next read starts one
        cache.set(GENERATION_KEY, 1, None)
