from django.core.management.base import BaseCommand

from bench.seed import seed


class Command(BaseCommand):
    help = (
        "Fill an empty PostgreSQL database with a province-sized benchmark: ~500 departments over four levels, "
        "~2,000 officials, walkthroughs (30%% of N) and N ledger lines with their events, history, evidence, "
        "reductions and reminders. Refuses a database that holds anything else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--issues", type=int, default=100_000, help="ledger lines to write (default 100,000)")
        parser.add_argument("--reset", action="store_true", help="empty a database seed_bench filled before")
        parser.add_argument("--random-seed", type=int, default=13, help="the same seed writes the same rows")

    def handle(self, *args, issues, reset, random_seed, **options):
        seed(issues=issues, reset=reset, random_seed=random_seed, say=self.stdout.write)
