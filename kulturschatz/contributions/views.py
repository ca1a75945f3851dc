"""Public pages of Mitmachen: the landing page, the two forms, the contributor's
private page and the privacy notice.

The forms and the private page are never stored by a cache, send no path as
referrer (the private link must not leak) and are not indexed. Every POST to a form
counts against KULTURSCHATZ_CONTRIBUTION_ATTEMPT_RATE per client address; a
stored contribution against KULTURSCHATZ_CONTRIBUTION_RATE or _HINT_RATE.
"""

import functools
import math
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage

from kulturschatz.collections.accounts import client_ip_address
from kulturschatz.collections.models import Collection, HeritageObject

from . import privacy, submission
from .forms import HONEYPOT_FIELD, HintForm, ShareTreasureForm, WithdrawForm
from .models import Hint, SharedTreasure, State, hash_token

NEWEST_TREASURES = 8


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No cache keeps it, no referrer carries its address away, no index lists it.

    "strict-origin" rather than "no-referrer": with no-referrer, browsers send
    ``Origin: null`` with a form's POST, which Django's CSRF check refuses.
    strict-origin never sends the path (the private link's token) either.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "strict-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapper


# -- rate limits ---------------------------------------------------------------


def client_key(group: str, request: HttpRequest) -> str:
    return client_ip_address(request) or ""


def refuse_if_limited(request: HttpRequest, *, form: str, rate: str) -> HttpResponse | None:
    """Count this POST as an attempt; the 429 page if attempts or stored
    contributions (``rate``) from this address are over their limit."""
    attempts = get_usage(
        request,
        group=f"contributions:{form}-attempt",
        key=client_key,
        rate=settings.KULTURSCHATZ_CONTRIBUTION_ATTEMPT_RATE,
        increment=True,
    )
    if attempts and attempts["should_limit"]:
        return rate_limited(request, attempts["time_left"])
    stored = get_usage(request, group=f"contributions:{form}", key=client_key, rate=rate)
    # Checked before anything is stored: the limit-th contribution is the last.
    if stored and stored["count"] >= stored["limit"]:
        return rate_limited(request, stored["time_left"])
    return None


def count_success(request: HttpRequest, *, form: str, rate: str) -> None:
    get_usage(
        request, group=f"contributions:{form}", key=client_key, rate=rate, increment=True
    )


def rate_limited(request: HttpRequest, seconds: int) -> HttpResponse:
    seconds = max(int(seconds), 60)
    response = render(
        request,
        "contributions/rate_limited.html",
        {"minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def refuse_honeypot(request: HttpRequest) -> HttpResponse | None:
    if request.POST.get(HONEYPOT_FIELD, "").strip():
        return render(request, "contributions/refused.html", status=400)
    return None


# -- pages ---------------------------------------------------------------------


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    collection = Collection.objects.filter(
        slug=settings.KULTURSCHATZ_CONTRIBUTION_COLLECTION
    ).first()
    treasures: list[HeritageObject] = []
    if collection is not None:
        treasures = list(
            HeritageObject.objects.published()
            .with_display_data()
            .filter(collection_id__in=collection.descendant_ids())
            .order_by("-published_at", "-pk")[:NEWEST_TREASURES]
        )
    return render(
        request,
        "contributions/landing.html",
        {"collection": collection, "treasures": treasures},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def share_treasure(request: HttpRequest) -> HttpResponse:
    rate = settings.KULTURSCHATZ_CONTRIBUTION_RATE
    if request.method != "POST":
        form = ShareTreasureForm()
    else:
        refusal = refuse_if_limited(request, form="treasure", rate=rate)
        refusal = refusal or refuse_honeypot(request)
        if refusal is not None:
            return refusal
        form = ShareTreasureForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                _treasure, token = submission.submit_treasure(
                    title=data["title"],
                    story=data["story"],
                    date_text=data["date_text"],
                    place_text=data["place_text"],
                    contributor_name=data["contributor_name"],
                    licence=data["licence"],
                    email=data["email"],
                    share_location=data["share_location"],
                    photos=data["photos"],
                    language=get_language(),
                )
            except ValidationError as error:
                form.add_error("photos", error)
            else:
                count_success(request, form="treasure", rate=rate)
                return redirect_to_private_page(token)
    return render(
        request,
        "contributions/share_treasure.html",
        {"form": form, "retention_days": settings.KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def give_hint(request: HttpRequest, identifier: str) -> HttpResponse:
    heritage_object = get_object_or_404(
        HeritageObject.objects.published(), identifier=identifier
    )
    rate = settings.KULTURSCHATZ_HINT_RATE
    if request.method != "POST":
        form = HintForm()
    else:
        refusal = refuse_if_limited(request, form="hint", rate=rate)
        refusal = refusal or refuse_honeypot(request)
        if refusal is not None:
            return refusal
        form = HintForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _hint, token = submission.submit_hint(
                heritage_object,
                kind=data["kind"],
                text=data["text"],
                contributor_name=data["contributor_name"],
                email=data["email"],
                language=get_language(),
            )
            count_success(request, form="hint", rate=rate)
            return redirect_to_private_page(token)
    title, title_lang = heritage_object.display_title()
    return render(
        request,
        "contributions/hint_form.html",
        {
            "form": form,
            "object": heritage_object,
            "title": title,
            "title_lang": title_lang,
            "retention_days": settings.KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS,
        },
    )


def redirect_to_private_page(token: str) -> HttpResponse:
    return redirect(reverse("contributions:contribution", args=[token]) + "?neu=1")


def find_contribution(token: str) -> SharedTreasure | Hint:
    token_hash = hash_token(token)
    treasure = (
        SharedTreasure.objects.select_related("heritage_object")
        .prefetch_related("photos")
        .filter(token_hash=token_hash)
        .first()
    )
    if treasure is not None:
        return treasure
    hint = Hint.objects.select_related("heritage_object").filter(token_hash=token_hash).first()
    if hint is None:
        raise Http404("No contribution has this link.")
    return hint


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def contribution_page(request: HttpRequest, token: str) -> HttpResponse:
    contribution = find_contribution(token)
    can_withdraw = contribution.state in (State.SUBMITTED, State.ACCEPTED)
    form = WithdrawForm()
    if request.method == "POST":
        if not can_withdraw:
            return redirect(request.path)
        form = WithdrawForm(request.POST)
        if form.is_valid():
            privacy.withdraw(contribution)
            return redirect(request.path)
    is_treasure = isinstance(contribution, SharedTreasure)
    public_object = None
    if contribution.heritage_object_id:
        public_object = (
            HeritageObject.objects.published().filter(pk=contribution.heritage_object_id).first()
        )
    return render(
        request,
        "contributions/contribution.html",
        {
            "contribution": contribution,
            "is_treasure": is_treasure,
            "photos": list(contribution.photos.all()) if is_treasure else [],
            "public_object": public_object,
            "is_new": request.GET.get("neu") == "1",
            "private_link": request.build_absolute_uri(request.path),
            "can_withdraw": can_withdraw,
            "form": form,
            "State": State,
            "retention_days": settings.KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS,
        },
    )


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contributions/privacy.html",
        {
            "retention_days": settings.KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS,
            "max_photos": settings.KULTURSCHATZ_CONTRIBUTION_MAX_PHOTOS,
            "controller": settings.KULTURSCHATZ_PRIVACY_CONTROLLER,
            "data_protection_officer": settings.KULTURSCHATZ_DATA_PROTECTION_OFFICER,
        },
    )
