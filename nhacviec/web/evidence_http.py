"""Evidence files over HTTP, shared by the API's routes and the console's pages: the face's
service on the application, the sent files read, a file answered as a download."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request, UploadFile
from fastapi.responses import Response

from nhacviec.services.evidence import Upload
from nhacviec.web.evidence import Download, EvidenceWeb


def evidence_web(request: Request) -> EvidenceWeb:
    found: EvidenceWeb = request.app.state.evidence_web
    return found


async def read_uploads(files: list[UploadFile]) -> list[Upload]:
    """The sent files (a form's empty file field is no file)."""
    uploads = []
    for file in files:
        content = await file.read()
        if file.filename or content:
            uploads.append(Upload(file.filename or "", content))
    return uploads


def download_response(found: Download) -> Response:
    """The file as an attachment, under its sent name (RFC 5987 for Vietnamese names)."""
    ascii_name = found.name.encode("ascii", "replace").decode().replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(found.name)}"
    headers = {"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"}
    return Response(found.content, media_type=found.media_type, headers=headers)
