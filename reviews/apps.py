from django.apps import AppConfig
from django.db.models.signals import post_save


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Case reviews"

    def ready(self):
        from kscp.core.models import Partnership
        from reviews.services import (
            partnership_refresh_publication_deadlines,
            partnership_seed_review_lists,
        )

        def partnership_saved(sender, instance, created, raw=False, **kwargs):
            """A new partnership starts with the default lists; a changed one may have
            changed the months it allows to publish a CSPR, which moves their deadlines."""
            if raw:
                return
            if created:
                partnership_seed_review_lists(partnership=instance)
            else:
                partnership_refresh_publication_deadlines(partnership=instance)

        post_save.connect(
            partnership_saved, sender=Partnership, weak=False, dispatch_uid="reviews_partnership"
        )
