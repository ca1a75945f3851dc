"""The official IIIF Image API validator against a live server, levels 2 of 3.0 and 2.x."""

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.files import File

from kulturschatz.collections.models import ObjectImage
from tests import factories

SHARED = Path(__file__).resolve().parents[3] / "shared" / "standards" / "iiif"
TEST_IMAGE = SHARED / "67352ccc-d1b0-11e1-89ae-279075081939.png"
VALIDATOR = Path(sys.executable).parent / "iiif-validate.py"

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def validator_image() -> ObjectImage:
    image = ObjectImage(heritage_object=factories.make_object(), is_primary=True)
    with TEST_IMAGE.open("rb") as handle:
        image.master.save("validator.png", File(handle), save=False)
    image.save()
    return image


@pytest.mark.parametrize("version,prefix", [("3.0", "iiif/3"), ("2.0", "iiif/2")])
def test_official_validator_passes_level_2(live_server, validator_image, version, prefix):
    server = urlparse(live_server.url).netloc
    result = subprocess.run(
        [sys.executable, str(VALIDATOR), "-s", server, "-p", prefix,
         "-i", validator_image.iiif_identifier, f"--version={version}", "--level", "2"],
        capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert ", 0 failures)" in output, output
    assert "FAIL" not in output, output
