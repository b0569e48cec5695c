"""Images of narrative sections: uploaded with their alternative text, checked by content
and size, stored through the storage API, served only to the report's readers, and shown in
the page, the PDF (through the renderer's own fetcher, which reads nothing else) and the
Word document with their alternative text."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image
from pypdf import PdfReader

from kscp.assurance import images, rendering, services, word
from kscp.assurance.models import Report, SectionImage
from kscp.assurance.views.sections import SIGN_OFFS_WITHDRAWN
from kscp.core.pdf import BASE_URL, RefusedURL, static_files_fetcher
from tests.assurance.conftest import sign_by_all
from tests.assurance.test_sign_off import messages_of
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db

ALT = "Diagram: the safeguarding effectiveness framework, from performance to learning"


def picture(kind="PNG", size=(120, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 112, 184)).save(buffer, kind)
    return buffer.getvalue()


def upload(content: bytes, name="framework.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def image(foreword, business_unit):
    added, _ = services.section_image_add(
        section=foreword, user=business_unit, upload=upload(picture()), alt_text=ALT
    )
    return added


def post_image(client, section, content, alt=ALT, name="framework.png"):
    return client.post(
        reverse("assurance:section_image_add", args=[section.pk]),
        {"image": upload(content, name=name), "alt_text": alt},
    )


def test_the_business_unit_adds_an_image_with_its_alternative_text(client, foreword, business_unit):
    client.force_login(business_unit)
    response = post_image(client, foreword, picture("JPEG"), name="photo.jpeg")
    assert response.status_code == 302
    image = foreword.images.get()
    assert (image.content_type, image.width, image.height) == ("image/jpeg", 120, 60)
    assert image.alt_text == ALT and image.image.name.startswith("report-images/")
    page = client.get(reverse("assurance:report_print", args=[foreword.report.pk]))
    src = reverse("assurance:section_image", args=[image.pk])
    assert f'src="{src}" alt="{ALT}"' in page.content.decode()
    served = client.get(src)
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8\xff")


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"just some text, not an image", "notes.png", images.IMAGE_NOT_PNG_OR_JPEG),
        (picture("GIF"), "moving.png", images.IMAGE_NOT_PNG_OR_JPEG),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
            "chart.png",
            images.IMAGE_NOT_PNG_OR_JPEG,
        ),
        (picture()[:40], "broken.png", images.IMAGE_UNREADABLE),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "fake.png", images.IMAGE_UNREADABLE),
    ],
)
def test_anything_but_a_whole_png_or_jpeg_is_refused_whatever_its_name(
    client, foreword, business_unit, content, name, message
):
    client.force_login(business_unit)
    response = post_image(client, foreword, content, name=name)
    assert form_errors(response)["image"] == [message]
    assert not SectionImage.objects.exists()


def test_an_image_over_the_size_limit_is_refused(client, foreword, business_unit, settings):
    settings.REPORT_IMAGE_MAX_BYTES = 200
    client.force_login(business_unit)
    response = post_image(client, foreword, picture(size=(400, 400)) + b"\x00" * 300)
    assert form_errors(response)["image"] == [images.IMAGE_TOO_BIG.format(limit="0 KB")]
    assert not SectionImage.objects.exists()


def test_an_image_without_alternative_text_is_refused(client, foreword, business_unit):
    client.force_login(business_unit)
    response = post_image(client, foreword, picture(), alt="")
    assert form_errors(response)["alt_text"] == ["Enter the alternative text: what the image shows"]
    response = client.post(
        reverse("assurance:section_image_add", args=[foreword.pk]), {"alt_text": ALT}
    )
    assert form_errors(response)["image"] == ["Select an image"]
    assert not SectionImage.objects.exists()


def test_the_pdf_carries_the_image_with_its_alternative_text(image):
    pdf = rendering.report_pdf(image.section.report)
    reader = PdfReader(io.BytesIO(pdf))
    # One picture (the renderer shares the resources of every page).
    assert len({image.data for page in reader.pages for image in page.images}) == 1
    assert _alt_in_tags(reader)  # the tagged PDF's figure carries the alternative text


def _alt_in_tags(reader) -> bool:
    """Whether an element of the PDF's structure tree has the image's /Alt."""

    def walk(node):
        node = node.get_object()
        if hasattr(node, "get") and node.get("/Alt") == ALT:
            return True
        kids = node.get("/K") if hasattr(node, "get") else None
        if kids is None:
            return False
        kids = kids if isinstance(kids, list) else [kids]
        return any(walk(kid) for kid in kids if hasattr(kid, "get_object"))

    return walk(reader.trailer["/Root"]["/StructTreeRoot"])


def test_the_pdf_renderer_serves_only_the_files_it_is_given():
    fetcher = static_files_fetcher({f"{BASE_URL}reports/images/1/": (b"png", "image/png")})
    assert fetcher.fetch(f"{BASE_URL}reports/images/1/") is not None
    for url in (f"{BASE_URL}reports/images/2/", "file:///etc/passwd", "https://example.org/x"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_the_word_document_has_the_picture_with_its_alternative_text(image):
    document = Document(io.BytesIO(word.report_docx(image.section.report)))
    (shape,) = document.inline_shapes
    assert shape._inline.docPr.get("descr") == ALT


def test_only_the_reports_readers_see_the_image(client, image, member, executive, outsider):
    url = reverse("assurance:section_image", args=[image.pk])
    for person, status in ((member, 404), (outsider, 404), (executive, 200)):
        client.force_login(person)
        assert client.get(url).status_code == status


def test_removing_an_image_after_sign_off_withdraws_the_sign_offs(
    client, image, business_unit, partners, django_capture_on_commit_callbacks
):
    report = image.section.report
    services.report_send_for_sign_off(report=report, user=business_unit)
    sign_by_all(report, partners)
    stored = image.image.name
    client.force_login(business_unit)
    url = reverse("assurance:section_image_remove", args=[image.pk])
    assert ALT in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert SIGN_OFFS_WITHDRAWN.format(count=3, s="s", have="have") in messages_of(response)
    assert not SectionImage.objects.exists()
    assert not image.image.storage.exists(stored)
    report.refresh_from_db()
    assert report.status == Report.Status.WITH_PARTNERS


def test_a_section_has_a_bounded_number_of_images(foreword, business_unit):
    for _ in range(services.IMAGES_MAX_PER_SECTION):
        services.section_image_add(
            section=foreword, user=business_unit, upload=upload(picture()), alt_text=ALT
        )
    with pytest.raises(Exception, match="at most 10 images"):
        services.section_image_add(
            section=foreword, user=business_unit, upload=upload(picture()), alt_text=ALT
        )


def test_the_report_pages_take_the_same_queries_with_more_images(
    client, foreword, report, business_unit
):
    from tests.helpers import queries

    client.force_login(business_unit)
    urls = [
        reverse("assurance:report", args=[report.pk]),
        reverse("assurance:report_print", args=[report.pk]),
    ]
    services.section_image_add(
        section=foreword, user=business_unit, upload=upload(picture()), alt_text=ALT
    )
    for url in urls:  # the first page after signing in records the sign-in
        client.get(url)
    few = [queries(client, url) for url in urls]
    for section in report.sections.exclude(kind="generated")[:5]:
        services.section_image_add(
            section=section, user=business_unit, upload=upload(picture()), alt_text=ALT
        )
    assert [queries(client, url) for url in urls] == few


def test_next_years_report_starts_with_copies_of_the_images(image, business_unit):
    import datetime

    report = image.section.report
    following = services.report_create(
        partnership=report.partnership,
        user=business_unit,
        period_start=datetime.date(2026, 4, 1),
        title="Northdale annual assurance statement 2026 to 2027",
    )
    (copy,) = SectionImage.objects.filter(section__report=following)
    assert copy.section.title == image.section.title and copy.alt_text == ALT
    assert copy.image.name != image.image.name
    with copy.image.open("rb") as new, image.image.open("rb") as old:
        assert new.read() == old.read()
