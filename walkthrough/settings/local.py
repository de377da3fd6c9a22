"""Development: `make run` on a laptop, SQLite and the filesystem broker unless told otherwise."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
