"""README's Python examples run, unchanged but for host and token, against a real SCIM server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pyscim

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)

#: What the snippets assume is already there (a configured client, a name, some operations).
PRELUDE = """\
import pyscim
from pyscim.apis import UserApi
configuration = pyscim.Configuration(host=HOST)
configuration.access_token = TOKEN
client = api_client = pyscim.ApiClient(configuration)
name = 'o"hara'
operations = []
"""


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.timeout(60)
@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index: int, scim_server, capsys) -> None:  # type: ignore[no-untyped-def]
    code = BLOCKS[index].replace('"https://jenkins-ldap.jans.io/jans-scim/restv1/v2"', "HOST")
    code = code.replace('"YOUR_ACCESS_TOKEN"', "TOKEN")
    namespace = {"HOST": scim_server.url, "TOKEN": scim_server.token}
    exec(compile(PRELUDE + code, "README.md block %d" % index, "exec"), namespace)
    out = capsys.readouterr().out
    assert "Exception when calling" not in out
    client = namespace.get("client")
    if isinstance(client, pyscim.ApiClient):
        client.close()
