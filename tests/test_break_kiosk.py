"""An adversarial reviewer's attacks on the kiosk's votes: forged and misdirected packages,
and kiosk registers handled the wrong way round."""

import base64
import json
import uuid

import pytest

from regiegroep import consultations as cons, kiosk_packages
from regiegroep.cli import main
from regiegroep.errors import UserError

from .test_kiosk_votes import laptop, load  # noqa: F401  (the fixture)


def test_the_public_package_alone_cannot_cast_votes_for_unused_codes(laptop, tmp_path, capsys):
    """The public package lies in the community centre with every code's hash and the
    group's public key: whoever copies it must not be able to seal a vote for a code they
    never held, or every unused letter could be voted for."""
    c, codes, ids = laptop.laptop
    load(laptop, tmp_path)
    public = json.loads((tmp_path / "public.json").read_text(encoding="utf-8"))
    recipient = base64.b64decode(public["recipient"])
    [shown] = public["consultations"]
    forged = []
    for digest, used in shown["codes"]:
        assert used is None
        ballot = json.dumps({"consultation_id": shown["id"], "code_hash": digest,
                             "choices": {str(ids[0]): "for"}}).encode("ascii")
        forged.append(base64.b64encode(kiosk_packages.seal(ballot, recipient)).decode("ascii"))
    payload = {"format": "regiegroep-kiosk-sealed", "version": 1,
               "package_id": uuid.uuid4().hex, "kiosk": "Kiosk", "made_at": "2026-04-02T10:00:00",
               "applications": [], "votes": forged}
    package = tmp_path / "forged.bin"
    package.write_bytes(kiosk_packages.seal(json.dumps(payload).encode("utf-8"), recipient))
    main(["kiosk", "receive", "--db", str(laptop.path), str(package)])
    capsys.readouterr()
    assert cons.ballots(laptop, c.id) == []
    assert cons.consultation(laptop, c.id).codes_used == {}
