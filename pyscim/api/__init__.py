"""The API classes, one module per tag of the spec (1.0.0's module names).

Import one from its module (``from pyscim.api.user_api import UserApi``) or all of
them from :mod:`pyscim.apis`.
"""
