"""Views of the campaigns app: thin, parse → selector or service → render or redirect."""

from .home import home
from .walkthroughs import walkthrough_create, walkthrough_detail, walkthrough_edit, walkthrough_index

__all__ = ["home", "walkthrough_create", "walkthrough_detail", "walkthrough_edit", "walkthrough_index"]
