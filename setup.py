"""Packaging of pyscim, the Python client SDK for the Janssen SCIM 2.0 API."""

from pathlib import Path

from setuptools import find_packages, setup

here = Path(__file__).parent

REQUIRES = [
    "urllib3 >= 1.26.0, < 3",
    "python-dateutil >= 2.8.2",
    "certifi >= 2017.4.17",
]

setup(
    name="pyscim",
    version="2.0.0",
    description="Python client SDK for the Janssen SCIM 2.0 API (RFC 7643/7644)",
    long_description=(here / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    keywords=["SCIM", "Janssen", "RFC 7643", "RFC 7644", "provisioning", "OpenAPI"],
    python_requires=">=3.9",
    # The same ranges as requirements.txt (test_packaging checks they agree): an sdist
    # does not carry requirements.txt, so they are written out here.
    install_requires=REQUIRES,
    packages=find_packages(include=["pyscim", "pyscim.*"]),
    package_data={"pyscim": ["py.typed"], "pyscim.testing": ["janssen/*.json"]},
    include_package_data=True,
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Typing :: Typed",
        "Topic :: System :: Systems Administration :: Authentication/Directory",
    ],
)
