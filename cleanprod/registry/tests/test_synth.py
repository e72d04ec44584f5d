"""Synthetic registry data: deterministic for a seed, valid credit codes, searchable tokens,
weighted like the real registry, safe to run twice."""

import io

import pytest
from django.core.management import CommandError, call_command

from cleanprod.core.search import search_filter
from cleanprod.regions.models import Region
from cleanprod.registry import credit_codes
from cleanprod.registry.models import Enterprise, Industry
from cleanprod.registry.services.enterprises import enterprise_tokens
from cleanprod.registry.synth import MARKER, seed_tag, synth_enterprises

pytestmark = pytest.mark.django_db

FIELDS = [
    "credit_code",
    "name",
    "former_names",
    "address",
    "region__code",
    "industry__code",
    "industry_path",
    "scale",
    "status",
    "park__name",
    "key_pollutant_unit",
    "exceeds_standard",
    "exceeds_cap",
    "over_energy_quota",
    "uses_toxic",
    "contact_name",
    "contact_phone",
    "longitude",
    "latitude",
    "search_tokens",
]


def _snapshot():
    through = Enterprise.other_industries.through.objects
    return (
        list(Enterprise.objects.order_by("credit_code").values_list(*FIELDS)),
        sorted(through.values_list("enterprise__credit_code", "industry__code")),
    )


def _wipe():
    Enterprise.other_industries.through.objects.all().delete()
    Enterprise.objects.all().delete()


def test_the_same_seed_gives_the_same_rows(regions, industries):
    # given: 200 enterprises of seed 7, removed again
    synth_enterprises(n=200, seed=7, batch=64)
    first = _snapshot()
    _wipe()
    # when: seed 7 again, in other batches
    synth_enterprises(n=200, seed=7, batch=200)
    # then
    assert _snapshot() == first
    assert len(first[0]) == 200


def test_rows_have_valid_unique_codes_and_searchable_tokens(regions, industries):
    # when
    out = io.StringIO()
    call_command("synth", "--enterprises", "200", "--seed", "3", stdout=out)
    # then
    assert "created 200 enterprises" in out.getvalue()
    assert "rows/s" in out.getvalue()
    enterprises = list(Enterprise.objects.select_related("region", "industry"))
    codes = [e.credit_code for e in enterprises]
    assert len(set(codes)) == 200
    for e in enterprises:
        assert credit_codes.is_valid(e.credit_code), e.credit_code
        assert e.credit_code[2:8] == e.region.code
        assert e.credit_code[8:11] == MARKER + seed_tag(3)
        assert e.region.level == Region.Level.COUNTY
        assert e.industry.level == Industry.Level.CLASS
        assert e.industry_path == e.industry.path
        assert e.search_tokens == enterprise_tokens(e)
        assert e.name.endswith("公司")
        assert e.address.startswith(("山东省", "广东省"))
    # and every row is found by two and four characters of its name and by its code prefix
    base = Enterprise.objects.all()
    for e in enterprises[:20]:
        assert e in search_filter(base, e.name[:2])
        assert e in search_filter(base, e.name[1:5])
        assert e in search_filter(base, e.credit_code[:10])
    assert Enterprise.history.count() == 0  # no simple-history rows for synthetic data


def test_shares_follow_the_weights(regions, industries):
    # when
    synth_enterprises(n=2000, seed=11)
    # then: about 90 % manufacturing, 15 % key units; Guangdong (160) outweighs Shandong (90)
    total = Enterprise.objects.count()
    manufacturing = Enterprise.objects.filter(industry_path__startswith="C/").count() / total
    key_units = Enterprise.objects.filter(key_pollutant_unit=True).count() / total
    guangdong = Enterprise.objects.filter(region__code__startswith="44").count() / total
    assert 0.86 < manufacturing < 0.94
    assert 0.11 < key_units < 0.19
    assert 0.58 < guangdong < 0.70  # 160 / (160 + 90) = 0.64 in the test tree
    assert Enterprise.other_industries.through.objects.exists()
    assert Enterprise.objects.filter(park__isnull=False).exists()


def test_a_used_seed_is_refused_and_another_adds_rows(regions, industries):
    call_command("synth", "--enterprises", "30", "--seed", "5", stdout=io.StringIO())
    with pytest.raises(CommandError, match="seed 5"):
        call_command("synth", "--enterprises", "30", "--seed", "5", stdout=io.StringIO())
    call_command("synth", "--enterprises", "30", "--seed", "6", stdout=io.StringIO())
    assert Enterprise.objects.count() == 60


def test_missing_regions_and_industries_are_loaded_first(db, without_industries):
    out = io.StringIO()
    call_command("synth", "--enterprises", "20", "--seed", "1", stdout=out)
    assert "loaded the bundled regions and industries" in out.getvalue()
    assert Enterprise.objects.count() == 20
    assert Region.objects.filter(level=Region.Level.COUNTY).count() > 2000
