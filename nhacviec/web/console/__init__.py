"""The office's console: server-rendered pages (Jinja2, htmx vendored in ``static/``) beside the
REST API, in Vietnamese or English, usable on a phone and offline (no CDN, no build step).

- ``pages``: the template environment and ``render`` (the language, the signed-in account, its
  CSRF token and the message left for it are in every page);
- ``auth``: who is signed in (a server-side login behind an HttpOnly cookie), the CSRF check on
  every form, the role checks;
- ``logins``: the sign-in and sign-out pages, the language switch and the home page;
- one module per area of the console (its routes), each calling one method of its service
  class per request (one transaction, through ``nhacviec.services`` as the CLI and the bot do).
"""
