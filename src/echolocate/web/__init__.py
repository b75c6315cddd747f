"""The analyst's web app: server-rendered pages and a JSON API over a store, read-only.

Nothing is imported here so that `import echolocate` never pulls in FastAPI; use
``echolocate.web.app.create_app`` or ``echolocate.web.server.serve``.
"""
