"""Provision an account for scripts: the password is read from standard input.

    echo 'S3cure-pass!' | python manage.py add_account zhang --role county_official --region 370303
    echo 'S3cure-pass!' | python manage.py add_account qilu --role enterprise_user \
        --region 370305 --enterprise 91370305MA0000001J
    echo 'S3cure-pass!' | python manage.py add_account ma --role expert --region 370000 \
        --expert ZJ370000-0001

Run again with an existing user name to grant that person another role (no password read).
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cleanprod.accounts import parties
from cleanprod.accounts.models import Role, User
from cleanprod.accounts.roles import ROLES
from cleanprod.accounts.services import account_create, role_grant
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region


class Command(BaseCommand):
    help = "Create an account with a role in a region, or grant an existing account a role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--region", required=True, help="6-digit division code")
        parser.add_argument("--name", default="", help="display name")
        parser.add_argument("--organisation", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--enterprise",
            metavar="CREDIT_CODE",
            help="for enterprise_user: the enterprise the person acts for",
        )
        parser.add_argument(
            "--agency",
            metavar="CREDIT_CODE",
            help="for agency_staff: the consulting agency the person acts for",
        )
        parser.add_argument(
            "--expert",
            metavar="POOL_NO",
            help="for expert: the member of the expert pool the person is (e.g. ZJ370000-0001)",
        )

    def handle(self, *args: Any, username: str, role: str, region: str, **opts: Any) -> None:
        try:
            where = Region.objects.current().get(code=region)
        except Region.DoesNotExist as exc:
            raise CommandError(f"no region in force with code {region}") from exc
        what = Role.objects.get(slug=role)
        party_id = self._party(what, opts.get("enterprise"), opts.get("agency"), opts.get("expert"))
        existing = User.objects.filter(username=username).first()
        try:
            with transaction.atomic():
                if existing is not None:
                    role_grant(user=existing, role=what, region=where, party_id=party_id)
                    self.stdout.write(f"granted {role} in {where} to {username}")
                    return
                password = sys.stdin.readline().rstrip("\r\n")
                if not password:
                    raise CommandError("a password is required on standard input")
                account_create(
                    username=username,
                    password=password,
                    region=where,
                    role=what,
                    display_name=opts["name"],
                    organisation=opts["organisation"],
                    email=opts["email"],
                    party_id=party_id,
                )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"created {username}: {role} in {where}")

    def _party(
        self, role: Role, enterprise: str | None, agency: str | None, expert: str | None = None
    ) -> int | None:
        """The id of the enterprise or agency (from its credit code) or of the expert (from the
        pool number) the role acts for."""
        options = (("enterprise", enterprise), ("agency", agency), ("expert", expert))
        given = [(k, v) for k, v in options if v]
        if not given:
            return None
        if len(given) > 1:
            raise CommandError("give one of --enterprise, --agency or --expert")
        party, code = given[0]
        if role.party != party:
            raise CommandError(f"--{party} does not fit the role {role.slug}")
        party_id = parties.resolve(party, code)
        if party_id is None:
            what = "pool number" if party == "expert" else "credit code"
            raise CommandError(f"no {party} with {what} {code}")
        return party_id
