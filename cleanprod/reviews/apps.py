"""Evaluation (评估) and acceptance (验收) of audits by expert panels: applications, random
draws, invitations, scoring sheets, signed opinions, published results and scorecards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "cleanprod.reviews"
    label = "reviews"
    verbose_name = _("Evaluation and acceptance")
