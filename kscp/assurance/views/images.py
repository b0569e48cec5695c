"""Images of the report's narrative sections: added with their alternative text (a PNG or
a JPEG, checked by its content, within the size limit), served only to those who may read
the report, and removed; each change withdraws any sign-offs, and says so."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kscp.assurance import access, images, services
from kscp.assurance.forms import SectionImageForm
from kscp.assurance.views.sections import _report_url, _say_withdrawn
from kscp.core import policy
from kscp.core.formpages import FormPage, posted, refusal_on

IMAGE_ADDED = "The image has been added to {title}"
IMAGE_REMOVED = "The image has been removed from {title}"


def section_image_add(request, pk):
    section, can_change = access.get_section(request.user, pk)
    policy.require(can_change)
    form = SectionImageForm(posted(request), request.FILES or None)
    if form.is_valid():
        with refusal_on(form):
            _, withdrawn = services.section_image_add(
                section=section,
                user=request.user,
                upload=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
            )
            messages.success(request, IMAGE_ADDED.format(title=section.title))
            _say_withdrawn(request, withdrawn)
            return redirect(_report_url(section.report, section.anchor))
    page = FormPage(
        title=f"Add an image to {section.title}",
        caption=section.report.title,
        back_url=_report_url(section.report, section.anchor),
        back_label=f"Back to {section.report.title}",
        submit="Add the image",
        intro=f"The image follows the section's text in the page, the PDF and the Word "
        f"document. A PNG or JPEG file smaller than {images.size_words(images.max_bytes())}; "
        "its alternative text says what it shows to those who cannot see it.",
    )
    return render(request, "assurance/image_form.html", {"form": form, "page": page})


def section_image(request, pk):
    """The image itself, to those who may read its report."""
    image, _ = access.get_image(request.user, pk)
    response = FileResponse(image.image.open("rb"), content_type=image.content_type)
    response["Content-Disposition"] = "inline"
    return response


def section_image_remove(request, pk):
    image, can_change = access.get_image(request.user, pk)
    policy.require(can_change)
    section = image.section
    if request.method == "POST":
        withdrawn = services.section_image_remove(image=image, user=request.user)
        messages.success(request, IMAGE_REMOVED.format(title=section.title))
        _say_withdrawn(request, withdrawn)
        return redirect(_report_url(section.report, section.anchor))
    return render(
        request,
        "assurance/image_remove.html",
        {
            "image": image,
            "section": section,
            "image_url": reverse("assurance:section_image", args=[image.pk]),
            "back_url": _report_url(section.report, section.anchor),
        },
    )
