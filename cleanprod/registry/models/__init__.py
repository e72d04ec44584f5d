"""The registry's models, one module per registry."""

from cleanprod.registry.models.corrections import EnterpriseCorrection
from cleanprod.registry.models.enterprises import (
    EnergyUse,
    Enterprise,
    Exceedance,
    HazardousWaste,
    ToxicSubstance,
)
from cleanprod.registry.models.industries import CatalogueEntry, Industry, IndustryCatalogue
from cleanprod.registry.models.parks import Park
from cleanprod.registry.models.permits import Permit, PermitAllowance

__all__ = [
    "CatalogueEntry",
    "EnergyUse",
    "Enterprise",
    "EnterpriseCorrection",
    "Exceedance",
    "HazardousWaste",
    "Industry",
    "IndustryCatalogue",
    "Park",
    "Permit",
    "PermitAllowance",
    "ToxicSubstance",
]
