"""CKEditor image uploads at /write/upload/, for the portal and the admin alike.

CKEditor's ``uploadimage`` plugin (images dropped or pasted into the text)
posts the file in the field "upload" with XMLHttpRequest and reads a JSON
answer: ``{"uploaded": 1, "fileName", "url", "width", "height"}`` on success,
``{"uploaded": 0, "error": {"message": ...}}`` on refusal. Only this JSON flow
is supported (it is also what the image dialog sends with
``?responseType=json``); the classic dialog upload, an iframe form post that
expects a ``<script>...callFunction(...)</script>`` page, is not.

Refusals carry an HTTP error status (400, 403, 405, 429). CKEditor 4 shows a
generic "HTTP error" for those; static/js/ckeditor-uploads.js puts our
message in its place.

django-ckeditor's own uploader is never mounted: it is CSRF-exempt, staff-only
and stores the original bytes unchecked. This view keeps Django's CSRF check
(the script sends the X-CSRFToken header), and every image goes through
``articles.images.validate_and_reencode``, like every other image upload.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from articles.images import validate_and_reencode
from articles.models import Image
from editorial.permissions import can_upload_images

UPLOADS_PER_HOUR = 30
UPLOAD_LIMIT_MESSAGE = gettext_lazy(
    "You have uploaded too many images this hour. Try again later."
)
UPLOAD_FIELD = "upload"  # the form field CKEditor's filetools plugin posts


def refusal(message: str, status: int) -> JsonResponse:
    """CKEditor's error answer: ``{"uploaded": 0, "error": {"message": ...}}``."""
    return JsonResponse(
        {"uploaded": 0, "error": {"message": str(message)}}, status=status
    )


def over_upload_limit(request) -> bool:
    """Count this upload; True when the user is over ``UPLOADS_PER_HOUR``."""
    return is_ratelimited(
        request,
        group="portal.upload",
        key="user",
        rate=f"{UPLOADS_PER_HOUR}/h",
        method="POST",
        increment=True,
    )


def ckeditor_upload(request):
    if request.method != "POST":
        response = refusal(_("Upload images with a POST request."), 405)
        response["Allow"] = "POST"
        return response
    if not request.user.is_authenticated:
        return refusal(_("Log in to upload images."), 403)
    if not can_upload_images(request.user):
        return refusal(_("You may not upload images."), 403)
    # Counted before validation: refused files (bombs included) use up the limit.
    if over_upload_limit(request):
        return refusal(str(UPLOAD_LIMIT_MESSAGE), 429)
    upload = request.FILES.get(UPLOAD_FIELD)
    if upload is None:
        return refusal(_("Choose an image file to upload."), 400)
    try:
        clean_file = validate_and_reencode(upload)
    except ValidationError as exc:
        return refusal(exc.messages[0], 400)
    # Alt text belongs to the article text; the writer sets it in the editor's
    # image dialog. The file name is never used as alt text.
    alt_text = request.POST.get("alt", "").strip()[:250]
    image = Image.objects.create(
        file=clean_file,
        alt_text=alt_text or _("Image in the article text"),
        uploaded_by=request.user,
    )
    return JsonResponse(
        {
            "uploaded": 1,
            "fileName": PurePath(image.file.name).name,
            "url": image.file.url,
            "width": image.width,
            "height": image.height,
        }
    )
