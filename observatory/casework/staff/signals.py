"""Membership ends -> the organisation key grant goes with it, whoever removed the membership (the
Django admin, a command, a cascade). revoke_organisation_access says why this is not the whole story."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from observatory.accounts.models import Membership
from observatory.casework.staff.keyring import revoke_organisation_access


@receiver(post_delete, sender=Membership, dispatch_uid="casework.drop_grant_with_membership")
def drop_grant_with_membership(sender, instance, **kwargs):
    revoke_organisation_access(instance.organisation, instance.user)
