from django.apps import AppConfig
from django.db.models.signals import post_save


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Case reviews"

    def ready(self):
        from kscp.models import Partnership
        from reviews.services import partnership_seed_review_lists

        def seed(sender, instance, created, raw=False, **kwargs):
            if created and not raw:
                partnership_seed_review_lists(partnership=instance)

        post_save.connect(seed, sender=Partnership, weak=False, dispatch_uid="reviews_seed_lists")
