"""Staff pages for organisations and their members (casework.members does the writes):

- /staff/members/…: organisations, their members, invitations, key grants waiting for a holder, revoking
  a member and the key rotation's progress, resetting a lost second factor. Casework roles only
  (`staff_view`); an organisation's page is for its own members and for whoever administers it, any
  other id is a 404;
- /staff/login/join/ and /staff/login/recover/: redeeming an invitation and a forgotten password, for
  someone not signed in. They sit under /staff/login/ because that prefix is open before sign-in
  (settings.STAFF_OPEN_PATHS) and needs no unlocked key for a POST (RequireVerifiedStaffMiddleware).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from observatory.accounts.models import Membership, Organisation
from observatory.casework import members
from observatory.casework.errors import AccessDenied, CaseworkError
from observatory.casework.models import Invitation, KeyRotation
from observatory.casework.staff import keyring, throttle
from observatory.casework.staff import session as key_session
from observatory.casework.views import staff_view
from observatory.crypto import user_keys
from observatory.crypto.envelope import WrongPassword
from observatory.security import no_store
from observatory.taxonomy import GROUNDS

# --- Forms -------------------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    contact = forms.CharField(
        label=_("Contact (address, phone, hours)"), max_length=300, required=False, widget=forms.Textarea
    )
    grounds = forms.MultipleChoiceField(
        label=_("Grounds it works on"), choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    services = forms.CharField(
        label=_("Services it offers (one a line)"), required=False, widget=forms.Textarea
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages it attends in"), choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grounds"].choices = GROUNDS.choices()
        self.fields["languages"].choices = settings.LANGUAGES

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(name__iexact=name).exists():
            raise ValidationError(_("An organisation with this name exists already."))
        return name

    def profile(self) -> members.OrganisationProfile:
        data = self.cleaned_data
        return members.OrganisationProfile(
            name=data["name"],
            contact=data["contact"],
            grounds=tuple(data["grounds"]),
            services=tuple(_lines(data["services"])),
            languages=tuple(data["languages"]),
        )


class InviteForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Membership.Role.choices)
        self.fields["role"].choices = [(r, labels[r]) for r in members.INVITABLE_ROLES[organisation.kind]]


def _username_field():
    return forms.CharField(
        label=_("User name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )


class _NewPasswordForm(forms.Form):
    """A new password typed twice (joining, recovering, changing)."""

    password1 = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class JoinForm(_NewPasswordForm):
    code = forms.CharField(label=_("Invitation code"), max_length=64)
    username = _username_field()
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    field_order = ["code", "username", "password1", "password2"]


class RecoverForm(_NewPasswordForm):
    username = _username_field()
    recovery_key = forms.CharField(
        label=_("Recovery key"), max_length=64, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    field_order = ["username", "recovery_key", "password1", "password2"]


class PasswordForm(_NewPasswordForm):
    old_password = forms.CharField(
        label=_("Current password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    field_order = ["old_password", "password1", "password2"]


# --- Helpers -----------------------------------------------------------------------------------------------


def _organisation_for(request, organisation_id) -> Organisation:
    """The organisation if the user administers it or is one of its casework members; otherwise 404."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if members.can_administer(request.user, organisation):
        return organisation
    if Membership.objects.filter(
        user=request.user, organisation=organisation, role__in=keyring.CASEWORK_ROLES
    ).exists():
        return organisation
    raise Http404


def _require_admin(request, organisation: Organisation) -> None:
    if not members.can_administer(request.user, organisation):
        raise Http404


def _member(organisation: Organisation, user_id):
    membership = (
        Membership.objects.filter(organisation=organisation, user_id=user_id).select_related("user").first()
    )
    if membership is None:
        raise Http404
    return membership.user


def _org_key(request, organisation: Organisation) -> bytes:
    private = key_session.private_key(request)
    if private is None:
        raise AccessDenied("the session is locked: sign in again")
    return members.organisation_key_for(request.user, private, organisation)


def _refused(request, exc: CaseworkError, organisation: Organisation):
    messages.error(request, _("Not done: %(reason)s") % {"reason": _reason(exc)})
    return redirect("casework:organisation", organisation_id=organisation.pk)


def _reason(exc: CaseworkError) -> str:
    # The actions' own messages are for logs and commands (English); the page says it in the reader's.
    if isinstance(exc, AccessDenied):
        return _("your session does not hold this organisation's key, or you may not do this.")
    return _("the organisation's state does not allow it.")


# --- Organisations -----------------------------------------------------------------------------------------


@staff_view(casework=True)
def organisations(request):
    administered = members.administered_organisations(request.user)
    own = Organisation.objects.filter(
        memberships__user=request.user, memberships__role__in=keyring.CASEWORK_ROLES
    )
    context = {
        "organisations": (administered | own).distinct().order_by("kind", "name"),
        "can_create": members.is_office_admin(request.user),
    }
    return render(request, "casework/members/organisations.html", context)


@staff_view(casework=True)
def organisation_new(request):
    if not members.is_office_admin(request.user):
        raise Http404
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = members.create_organisation(form.profile(), by=request.user)
        except CaseworkError as exc:
            form.add_error(None, _reason(exc))
        else:
            messages.success(
                request, _("%(name)s was created with its own key.") % {"name": organisation.name}
            )
            return redirect("casework:organisation", organisation_id=organisation.pk)
    return render(
        request, "casework/members/organisation_new.html", {"form": form}, status=400 if form.errors else 200
    )


@staff_view(casework=True)
def organisation_detail(request, organisation_id):
    organisation = _organisation_for(request, organisation_id)
    is_admin = members.can_administer(request.user, organisation)
    context = {
        "organisation": organisation,
        "is_admin": is_admin,
        "members": members.members_of(organisation),
        "pending": members.pending_grants(organisation),
        "holds_key": members.holds_key(request.user, key_session.private_key(request), organisation),
        "invitations": members.open_invitations(organisation) if is_admin else [],
        "invite_form": InviteForm(organisation=organisation) if is_admin else None,
        "rotations": organisation.key_rotations.all()[:5],
        "grounds": [GROUNDS.label(code) for code in organisation.grounds if code in GROUNDS],
        "languages": [name for code, name in settings.LANGUAGES if code in organisation.languages],
    }
    return render(request, "casework/members/organisation.html", context)


@require_POST
@staff_view(casework=True)
def invite(request, organisation_id):
    organisation = _organisation_for(request, organisation_id)
    _require_admin(request, organisation)
    form = InviteForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, _("Choose a role for the new member."))
        return redirect("casework:organisation", organisation_id=organisation.pk)
    invitation, code = members.invite_member(organisation, form.cleaned_data["role"], by=request.user)
    link = request.build_absolute_uri(reverse("casework:join_code", args=[code]))
    context = {"organisation": organisation, "invitation": invitation, "code": code, "link": link}
    return render(request, "casework/members/invitation.html", context)


@require_POST
@staff_view(casework=True)
def withdraw_invitation(request, organisation_id, invitation_id):
    organisation = _organisation_for(request, organisation_id)
    _require_admin(request, organisation)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    members.withdraw_invitation(invitation, by=request.user)
    messages.success(request, _("The invitation no longer works."))
    return redirect("casework:organisation", organisation_id=organisation.pk)


@require_POST
@staff_view(casework=True)
def grant(request, organisation_id, user_id):
    organisation = _organisation_for(request, organisation_id)
    member = _member(organisation, user_id)
    try:
        members.grant_access(
            organisation, member, by=request.user, org_private=_org_key(request, organisation)
        )
    except CaseworkError as exc:
        return _refused(request, exc, organisation)
    messages.success(
        request, _("%(user)s can now open the organisation's cases.") % {"user": member.username}
    )
    return redirect("casework:organisation", organisation_id=organisation.pk)


@require_POST
@staff_view(casework=True)
def revoke(request, organisation_id, user_id):
    organisation = _organisation_for(request, organisation_id)
    _require_admin(request, organisation)
    member = _member(organisation, user_id)
    try:
        org_private = _org_key(request, organisation) if organisation.key_id else None
        rotation = members.revoke_member(organisation, member, by=request.user, org_private=org_private)
    except CaseworkError as exc:
        return _refused(request, exc, organisation)
    messages.success(request, _("%(user)s no longer belongs to %(organisation)s.") % {
        "user": member.username, "organisation": organisation.name})  # fmt: skip
    if rotation is not None:
        return redirect("casework:rotation", organisation_id=organisation.pk, rotation_id=rotation.pk)
    return redirect("casework:organisation", organisation_id=organisation.pk)


@require_POST
@staff_view(casework=True)
def reset_second_factor(request, organisation_id, user_id):
    organisation = _organisation_for(request, organisation_id)
    _require_admin(request, organisation)
    member = _member(organisation, user_id)
    try:
        members.reset_second_factor(member, by=request.user)
    except CaseworkError as exc:
        return _refused(request, exc, organisation)
    messages.success(request, _("%(user)s will set up a new authenticator at their next sign-in.") % {
        "user": member.username})  # fmt: skip
    return redirect("casework:organisation", organisation_id=organisation.pk)


@staff_view(casework=True)
def rotation(request, organisation_id, rotation_id):
    organisation = _organisation_for(request, organisation_id)
    rotation = get_object_or_404(KeyRotation, pk=rotation_id, organisation=organisation)
    if request.method == "POST":
        try:
            members.resume_rotation(rotation, by=request.user, org_private=_org_key(request, organisation))
        except CaseworkError as exc:
            return _refused(request, exc, organisation)
        return redirect("casework:rotation", organisation_id=organisation.pk, rotation_id=rotation.pk)
    context = {"organisation": organisation, "rotation": rotation, "refresh": rotation.status == "running"}
    return render(request, "casework/members/rotation.html", context)


@staff_view(casework=False)  # every staff member has a key sealed under their password, analysts too
def password(request):
    form = PasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            members.change_password(
                request.user, form.cleaned_data["old_password"], form.cleaned_data["password1"]
            )
        except WrongPassword:
            form.add_error("old_password", _("That is not your current password."))
        except ValidationError as exc:
            form.add_error("password1", exc)
        except CaseworkError:
            form.add_error(None, _("Your key changed meanwhile. Try again."))
        else:
            logout(request)  # sign in again with the new password: it opens the re-sealed key
            return redirect(reverse("staff_login") + "?changed=1")
    return render(
        request, "casework/members/password.html", {"form": form}, status=400 if form.errors else 200
    )


# --- Before sign-in: joining and recovering ----------------------------------------------------------------


@no_store
def join(request, code: str = ""):
    form = JoinForm(request.POST or None, initial={"code": code})
    invitation = members.usable_invitation(code) if code and request.method == "GET" else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = members.redeem_invitation(
                data["code"], username=data["username"], password=data["password1"]
            )
        except members.InvalidInvitation:
            form.add_error(
                "code", _("This invitation code is not valid: it may have been used or have expired.")
            )
        except ValidationError as exc:
            if getattr(exc, "code", None) == "username_taken":
                form.add_error("username", _("That user name is taken. Choose another."))
            elif getattr(exc, "code", None) == "username_invalid":
                form.add_error("username", _("Use only letters, digits and the signs @ . + - _"))
            else:
                form.add_error("password1", exc)
        else:
            if request.user.is_authenticated:
                logout(request)
            login(request, enrolment.user, backend="django.contrib.auth.backends.ModelBackend")
            key_session.store_private_key(request, enrolment.user, enrolment.private_key)
            key_session.stash_recovery_code(request, enrolment.recovery_code)
            return redirect("casework:enrol")
    context = {"form": form, "invitation": invitation, "code_given": bool(code)}
    return render(request, "casework/members/join.html", context, status=400 if form.errors else 200)


@no_store
def recover(request):
    form = RecoverForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wait = throttle.wait_seconds(request, data["username"])
        if wait:
            form.add_error(None, _("Too many failed attempts. Wait %(seconds)s seconds, then try again.") % {
                "seconds": wait})  # fmt: skip
        else:
            try:
                new_key = members.recover_password(data["username"], data["recovery_key"], data["password1"])
            except user_keys.InvalidRecoveryKey:
                form.add_error("recovery_key", _("This is not a recovery key: check each group of four."))
            except user_keys.WrongRecoveryKey:
                throttle.record_failure(request, data["username"])
                form.add_error(None, _("The user name or the recovery key is not right."))
            except ValidationError as exc:
                form.add_error("password1", exc)
            else:
                throttle.record_success(request, data["username"])
    if new_key is not None:
        return render(request, "casework/members/recovered.html", {"recovery_key": new_key})
    return render(
        request, "casework/members/recover.html", {"form": form}, status=400 if form.errors else 200
    )
