"""Spreadsheet imports: a small framework (``base``: reading, checking, preview, apply,
batch lifecycle, background worker) and its clients (``survey``: the village survey).

Another importer (the training sign-in sheets) subclasses ``base.Importer`` with its own
columns and row handler and registers it with ``base.register_importer``.
"""
