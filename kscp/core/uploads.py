"""Upload pages refuse a request whose body is larger than the file allowed before reading it:
such a page is exempt from the CSRF middleware, which would read the body first, and checks
the CSRF token itself (csrf_protect) once the size is known."""

# Room for the form's other fields and the multipart framing around the file.
FORM_OVERHEAD = 64 * 1024


def body_too_big(request, max_bytes: int) -> bool:
    """Whether the request says it carries more than a file of `max_bytes` and its form."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > max_bytes + FORM_OVERHEAD
