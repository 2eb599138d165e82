"""The SCIM models, one module per schema of the spec (1.0.0's module names).

Import a model from its module (``from pyscim.model.user_resource import UserResource``)
or all of them at once from :mod:`pyscim.models`.
"""
