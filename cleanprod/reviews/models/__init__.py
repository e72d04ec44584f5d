from cleanprod.reviews.models.config import Level, ReviewPolicy, SheetTemplate, Stage
from cleanprod.reviews.models.reviews import (
    Amendment,
    Attachment,
    Draw,
    OpinionFile,
    Outcome,
    Review,
    Seat,
    Sheet,
)
from cleanprod.reviews.models.scorecards import ScorecardRule

__all__ = [
    "Amendment",
    "Attachment",
    "Draw",
    "Level",
    "OpinionFile",
    "Outcome",
    "Review",
    "ReviewPolicy",
    "ScorecardRule",
    "Seat",
    "Sheet",
    "SheetTemplate",
    "Stage",
]
