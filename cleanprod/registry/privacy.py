"""Contact persons and phone numbers are personal data (PIPL): masked unless shown on purpose."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; short numbers keep only their last two digits."""
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * (len(digits) - 2) + digits[-2:]


def mask_name(name: str) -> str:
    """张三丰 → 张**: the family name stays, so a caller still knows whom to ask for."""
    name = name.strip()
    return f"{name[0]}{'*' * (len(name) - 1)}" if name else ""
