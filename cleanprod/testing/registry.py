"""Registry test data: the industry table, catalogues and an enterprise factory."""

from __future__ import annotations

import itertools
from typing import Any

from cleanprod.registry.credit_codes import make_code
from cleanprod.registry.models import Enterprise
from cleanprod.registry.services.enterprises import enterprise_save
from cleanprod.registry.services.industries import catalogues_seed, industries_load

_serial = itertools.count(1)


def load_industries() -> None:
    industries_load()
    catalogues_seed()


def credit_code_for(county: str, serial: int | None = None) -> str:
    return make_code(f"91{county}MA{serial or next(_serial):07d}"[:17])


def make_enterprise(county: str, **data: Any) -> Enterprise:
    """An enterprise saved through the real service (as the system)."""
    values = {
        "credit_code": credit_code_for(county),
        "name": f"测试企业{next(_serial)}有限公司",
        "region": county,
        "industry": "2614",
        "status": "operating",
        "contact_name": "张三",
        "contact_phone": "13800001234",
    }
    values.update(data)
    return enterprise_save(data=values, by=None)
