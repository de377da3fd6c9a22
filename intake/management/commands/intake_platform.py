from django.core.management.base import BaseCommand, CommandError

from intake.models import IntakePlatform
from intake.tokens import platform_create, platform_rotate_token


class Command(BaseCommand):
    help = "Create an intake platform (12345 / 好差评) or rotate its token; the token is printed once."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--kind", choices=IntakePlatform.Kind.values)
        parser.add_argument("--webhook-url", default="")
        parser.add_argument("--rotate", action="store_true", help="new token for an existing platform of that name")

    def handle(self, *args, name, kind, webhook_url, rotate, **options):
        if rotate:
            platform = IntakePlatform.objects.filter(name=name).first()
            if platform is None:
                raise CommandError(f"no platform named {name}")
            token = platform_rotate_token(platform=platform)
        else:
            if not kind:
                raise CommandError("--kind is required to create a platform")
            platform, token = platform_create(name=name, kind=kind, webhook_url=webhook_url)
        self.stdout.write(f"{platform}: {token}")
