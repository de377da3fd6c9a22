from django.db import models


def choices_constraint(field: str, choices: type[models.TextChoices], *, name: str, allow_blank=False):
    """A CheckConstraint that keeps a choices column to its declared values in the database too."""
    values = list(choices.values) + ([""] if allow_blank else [])
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)
