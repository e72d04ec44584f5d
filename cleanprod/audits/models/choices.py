"""The constants of the regime (regulation.md §1.1, §3.1): trigger categories, tracks, phases,
lead departments and the steps of the legal clock. Everything else is configuration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Trigger(models.TextChoices):
    """Why an enterprise is on a mandatory list (CP Law Art 27; Measures Art 8)."""

    EXCEED_STD_OR_CAP = "exceed", _("Over discharge standards or total caps (双超)")
    ENERGY_QUOTA = "energy", _("Over the unit-product energy quota (高耗能)")
    TOXIC = "toxic", _("Uses or discharges toxic substances (双有)")
    INTERVAL = "interval", _("Next audit round due (interval)")
    ROLLOVER = "rollover", _("Rolled over: overdue, refused or failed")
    OTHER = "other", _("Other reason stated by the authority")


class Department(models.TextChoices):
    """Lead department (牵头部门) by trigger category."""

    ECO_ENV = "eco_env", _("Ecology and environment")
    DRC = "drc", _("Development and reform")
    MIIT = "miit", _("Industry and information technology")


class Track(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory")
    VOLUNTARY = "voluntary", _("Voluntary")


class Phase(models.IntegerChoices):
    """The seven phases of an audit (CNCPC)."""

    PLANNING = 1, _("Planning and organisation")
    PRE_ASSESSMENT = 2, _("Pre-assessment")
    ASSESSMENT = 3, _("Assessment")
    OPTION_GENERATION = 4, _("Option generation and screening")
    FEASIBILITY = 5, _("Feasibility analysis")
    IMPLEMENTATION = 6, _("Implementation")
    CONTINUOUS = 7, _("Continuous cleaner production")


class Step(models.TextChoices):
    """Steps of the legal clock. Evaluation and acceptance steps are used by the review
    capability; they resolve through the same rules."""

    DISCLOSE = "disclose", _("Disclose information")
    REGISTER = "register", _("Register on the platform")
    START = "start", _("File the audit start")
    REPORT = "report", _("Submit the audit report")
    EVALUATION_APPLY = "evaluation_apply", _("Apply for evaluation")
    EVALUATION = "evaluation", _("Evaluation concluded")
    ACCEPTANCE_APPLY = "acceptance_apply", _("Apply for acceptance")
    ACCEPTANCE = "acceptance", _("Acceptance concluded")


class Anchor(models.TextChoices):
    """The event a deadline counts from."""

    LISTED = "listed", _("List publication (or voluntary audit accepted)")
    REPORT_ACCEPTED = "report_accepted", _("Report accepted for evaluation")
    EVALUATION_APPLIED = "evaluation_applied", _("Evaluation applied for")
    EVALUATION_PASSED = "evaluation_passed", _("Evaluation passed")
    ACCEPTANCE_APPLIED = "acceptance_applied", _("Acceptance applied for")
