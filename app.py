"""Entry point for `flask --app app ...` and WSGI servers."""

from carespace import create_app

app = create_app()
