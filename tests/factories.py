"""Test data. Interviews are created through the service, as the app does."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import User
from interviews.models import Interview
from interviews.services import interview_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Sequence(lambda n: f"Jo Seeker {n}")
    time_zone = "Europe/Berlin"
    email_verified_at = factory.LazyFunction(timezone.now)
    reminders_enabled = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InterviewFactory(factory.Factory):
    """Builds through interview_create, so the deadline, history and reminders are real."""

    class Meta:
        model = Interview

    owner = factory.SubFactory(UserFactory)
    company = factory.Sequence(lambda n: f"Acme {n}")
    role = "Backend developer"
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    time_zone = factory.LazyAttribute(lambda o: o.owner.time_zone)
    duration_minutes = 60
    location = "Video call"
    contact_name = "Sam Hiring"
    contact_email = "sam@acme.example"
    contact_phone = "+49 30 1234567"
    notes = ""

    @classmethod
    def _create(cls, model_class, *args, now=None, **kwargs):
        return interview_create(now=now or timezone.now(), **kwargs)

    @classmethod
    def _build(cls, model_class, *args, now=None, **kwargs):
        return model_class(**kwargs)
