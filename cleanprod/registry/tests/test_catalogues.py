"""Industry catalogues: bundled national ones, a province's own, versions frozen on publish."""

import pytest
from django.core.exceptions import PermissionDenied

from cleanprod.core.errors import DomainError
from cleanprod.registry.models import Industry, IndustryCatalogue
from cleanprod.registry.services.industries import (
    catalogue_create,
    catalogue_entry_add,
    catalogue_new_version,
    catalogue_publish,
    industries_load,
)
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db


def test_the_standard_loads_whole_and_once(industries):
    levels = dict.fromkeys(Industry.Level.values, 0)
    for level in Industry.objects.values_list("level", flat=True):
        levels[level] += 1
    assert levels == {"section": 20, "division": 97, "group": 473, "class": 1382}
    assert industries_load() == 0
    assert Industry.objects.get(code="2614").path == "C/26/261/2614/"


def test_the_national_catalogues_are_published_with_their_cycles(industries):
    published = {c.slug: c for c in IndustryCatalogue.objects.published()}
    assert set(published) == {
        "key-industries-2020",
        "water-ten-plan",
        "heavy-metal-2010",
        "overcapacity-2010",
    }
    assert published["heavy-metal-2010"].cycle_years == 2
    assert published["overcapacity-2010"].cycle_years == 3
    tags = set(published["key-industries-2020"].entries.values_list("tag", flat=True))
    assert len(tags) == 13


def test_a_province_keeps_its_own_catalogue_in_versions(
    regions, industries, make_account, signed_in
):
    # given: a provincial official's draft with one code
    official = make_account("provincial_official", "370000")
    draft = catalogue_create(
        slug="sd-key", name="山东省重点行业", region=regions["370000"], by=official
    )
    catalogue_entry_add(catalogue=draft, code="3360", tag="电镀", by=official)
    # when: published, a new version changes, the published one stays frozen
    catalogue_publish(catalogue=draft, by=official)
    with pytest.raises(DomainError):
        catalogue_entry_add(catalogue=draft, code="2221", tag="造纸", by=official)
    second = catalogue_new_version(catalogue=draft, by=official)
    catalogue_entry_add(catalogue=second, code="2221", tag="造纸", by=official)
    catalogue_publish(catalogue=second, by=official)
    # then
    draft.refresh_from_db()
    assert draft.status == IndustryCatalogue.Status.RETIRED
    assert second.version == 2
    current = IndustryCatalogue.objects.published().get(slug="sd-key")
    assert sorted(current.industries.values_list("code", flat=True)) == ["2221", "3360"]
    make_enterprise("370303", name="目录造纸有限公司", industry="2221")
    client = signed_in("county_official", "370303")
    names = [
        e["name"]
        for e in client.get("/api/v1/enterprises/", {"catalogue": "sd-key"}).json()["results"]
    ]
    assert names == ["目录造纸有限公司"]


def test_only_the_keeping_authority_changes_a_catalogue(regions, industries, make_account):
    county = make_account("county_official", "370303")
    province = make_account("provincial_official", "370000")
    national = IndustryCatalogue.objects.get(slug="water-ten-plan")
    with pytest.raises(PermissionDenied):
        catalogue_create(slug="x", name="x", region=regions["370303"], by=county)
    with pytest.raises(PermissionDenied):
        catalogue_new_version(catalogue=national, by=province)


def test_the_pages_show_published_catalogues_and_let_the_province_edit(
    regions, industries, signed_in
):
    county = signed_in("county_official", "370303")
    assert "水十条" in county.get("/registry/catalogues/").content.decode()
    province = signed_in("provincial_official", "370000")
    province.post(
        "/registry/catalogues/new/", {"region": "370000", "slug": "sd-2026", "name": "山东2026"}
    )
    draft = IndustryCatalogue.objects.get(slug="sd-2026")
    province.post(f"/registry/catalogues/{draft.pk}/add/", {"code": "3011", "tag": "水泥"})
    province.post(f"/registry/catalogues/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == IndustryCatalogue.Status.PUBLISHED
    assert "山东2026" in county.get("/registry/catalogues/").content.decode()
    assert county.post(f"/registry/catalogues/{draft.pk}/new-version/").status_code == 403
