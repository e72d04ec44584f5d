"""Factories for the models of the foundation apps."""

from __future__ import annotations

import factory

from cleanprod.accounts.models import Role, RoleAssignment, User
from cleanprod.regions.models import Region
from cleanprod.trail.models import TrailEvent

PASSWORD = "Test-Passw0rd-2026"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"{990000 + n:06d}")
    name = factory.Sequence(lambda n: f"测试区{n}")
    level = Region.Level.COUNTY
    parent = None
    path = factory.LazyAttribute(lambda o: f"{o.parent.path if o.parent else '000000/'}{o.code}/")
    depth = factory.LazyAttribute(lambda o: (o.parent.depth if o.parent else 0) + 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name", locale="zh_CN")
    region = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = factory.LazyFunction(lambda: Role.objects.get(slug="county_official"))
    region = factory.LazyAttribute(lambda o: o.user.region)
    is_admin = factory.LazyAttribute(lambda o: o.role.is_admin)


class TrailEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrailEvent

    actor_username = factory.Sequence(lambda n: f"user{n}")
    action = TrailEvent.Action.LOGIN
    result = TrailEvent.Result.SUCCESS
    region_path = "000000/"
