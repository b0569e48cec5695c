"""Load the demo data of fixtures/ (the records of the source documents) into a migrated
database, calling each app's loader on each partnership's files in turn. Records are found by
natural key and left alone once they exist, so running the command twice changes nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kscp.core.loading import Loader, load_structure, registered_loaders
from kscp.demo.fixtures import fixture_files
from kscp.rounds.loading import load_rounds
from plans.loading import load_plans
from reviews.loading import load_reviews
from training.loading import load_training

NO_STRUCTURE = "fixtures/{slug}/{pattern}: there is no fixtures/{slug}/structure.yaml"

# In this order: reviews after plans, as a learning point may name the objective it feeds;
# rounds, as they ask for updates of the plans and review actions; then the files of the apps
# that register their loaders with the core (the yearly report).
LOADERS = (
    ("structure.yaml", load_structure),
    ("plan-*.yaml", load_plans),
    ("reviews.yaml", load_reviews),
    ("training.yaml", load_training),
    ("rounds.yaml", load_rounds),
)


class Command(BaseCommand):
    help = (
        "Load the demo partnerships: structure, business plans, case reviews, training, "
        "update rounds and the yearly report."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        loader = Loader()
        partnerships = {
            slug: loader.partnership(data["partnership"])
            for slug, data in fixture_files("structure.yaml")
        }
        for pattern, load in (*LOADERS, *registered_loaders()):
            for slug, data in fixture_files(pattern):
                if slug not in partnerships:
                    raise CommandError(NO_STRUCTURE.format(pattern=pattern, slug=slug))
                load(partnerships[slug], data, loader)
        self.stdout.write(f"Demo data loaded: {loader.created} records created.")
