"""Issue 23.5: every cause of the 42 tracebacks in 2,193 bad invocations, one by one: a
message, exit 1 (2 for wrong use), nothing left behind, the register unchanged."""

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from regiegroep import demo
from regiegroep.cli import main

MODEL = Path(__file__).resolve().parents[1] / "resources" / "ordinances" / "model-2008.toml"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    path = tmp_path_factory.mktemp("no-traceback") / "template.sqlite"
    demo.write_demo(path, 8)
    return path


def _ordinance(folder: Path, value: str) -> Path:
    text = re.sub(r"^max_voucher_value = [^\n#]*", f"max_voucher_value = {value}  ",
                  MODEL.read_text(encoding="utf-8"), count=1, flags=re.M)
    path = folder / "eigen.toml"
    path.write_text(text.replace('id = "model-2008"', 'id = "eigen-2026"'), encoding="utf-8")
    return path


def _files(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir() if p.is_file()}


CASES = {
    "non-UTF-8 --name": (["people", "add", "--db", "{db}", "--name", "Jos\udce9", "--role",
                          "member"], 2, "UTF-8"),
    "non-UTF-8 --wijk": (["budget", "set", "--db", "{db}", "--wijk", "Zuid\udcff", "--year",
                          "2026", "--amount", "1000"], 2, "UTF-8"),
    "non-UTF-8 --id": (["ordinance", "add", "--db", "{db}", "--id", "\udcff"], 2, "UTF-8"),
    "non-UTF-8 --keeper": (["kiosk", "load", "--db", "{folder}/kiosk.sqlite", "{folder}/x.json",
                            "--keeper", "\udcfe"], 2, "UTF-8"),
    "ordinance amount NaN": (["ordinance", "add", "--db", "{db}", "{nan}", "--year", "2026"], 1,
                             "max_voucher_value"),
    "ordinance amount 1e30": (["ordinance", "add", "--db", "{db}", "{huge}", "--year", "2026"],
                              1, "max_voucher_value"),
    "ordinance amount 99999999999999999": (["ordinance", "add", "--db", "{db}", "{many}",
                                            "--year", "2026"], 1, "max_voucher_value"),
    "ordinance in Latin-1": (["ordinance", "add", "--db", "{db}", "{latin1}", "--year", "2026"],
                             1, "UTF-8"),
    "print vouchers --application 2**63": (["print", "vouchers", "--db", "{db}",
                                            "--application", "9223372036854775808", "--out",
                                            "{folder}/v.pdf"], 1, "9223372036854775808"),
    "budget set --year 10**20": (["budget", "set", "--db", "{db}", "--wijk", "Zuid", "--year",
                                  "99999999999999999999", "--amount", "1000"], 1,
                                 "99999999999999999999"),
    "kiosk load deep JSON": (["kiosk", "load", "--db", "{folder}/kiosk.sqlite", "{deep}"], 1, ""),
    "kiosk load mistyped keys": (["kiosk", "load", "--db", "{folder}/kiosk.sqlite",
                                  "{mistyped}"], 1, "kiosk"),
    "consultation codes with residents ²": (["consultation", "codes", "--db", "{db}",
                                             "--consultation", "1", "--addresses", "{squared}",
                                             "--out", "{folder}/codes.pdf"], 1, "2"),
    "verify --key ''": (["verify", "--key", "", "RGV1:abc"], 2, "--key"),
    "reconcile NaN": (["reconcile", "--db", "{db}", "{cash_nan}"], 1, "NaN"),
    "reconcile cell over 128 KiB": (["reconcile", "--db", "{db}", "{cash_huge}"], 1, "Line 2"),
    "whole number in Arabic digits": (["print", "letter", "--db", "{db}", "--application",
                                       "\u0661\u0662", "--out", "{folder}/l.pdf"], 2,
                                      "whole number"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_cause_of_a_traceback_is_a_message(example, tmp_path, case, capsys):
    db = tmp_path / "reg.sqlite"
    shutil.copy(example, db)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "latin1.toml").write_bytes(
        MODEL.read_text(encoding="utf-8").replace("vouchers", "vouchers é").encode("latin-1"))
    (inputs / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (inputs / "mistyped.json").write_text(
        '{"format": "regiegroep-kiosk-public", "recipient": "' + "A" * 43 + '=", '
        '"wijken": [{"id": "een", "name": ["Zuid"]}], "granted": 7}', encoding="utf-8")
    (inputs / "squared.csv").write_text("address;postcode;residents\nDam 1;1500 AA;²\n",
                                        encoding="utf-8")
    (inputs / "cash_nan.csv").write_text("serial;date;amount\nG69EUPJMHJAF;2026-03-02;NaN\n",
                                         encoding="utf-8")
    (inputs / "cash_huge.csv").write_text("serial;date;amount\n" + "A" * 140_000
                                          + ";2026-03-02;1\n", encoding="utf-8")
    names = dict(db=db, folder=tmp_path, latin1=inputs / "latin1.toml",
                 nan=_ordinance(inputs, '"NaN"'), deep=inputs / "deep.json",
                 mistyped=inputs / "mistyped.json", squared=inputs / "squared.csv",
                 cash_nan=inputs / "cash_nan.csv", cash_huge=inputs / "cash_huge.csv")
    huge = inputs / "huge.toml"
    _ordinance(inputs, '"1e30"').rename(huge)
    many = inputs / "many.toml"
    _ordinance(inputs, '"99999999999999999"').rename(many)
    nan = _ordinance(inputs, '"NaN"')
    names.update(huge=huge, many=many, nan=nan)
    argv, status, word = CASES[case]
    before = _files(tmp_path)
    try:
        code = main(["--lang", "en", *[a.format(**names) for a in argv]])
    except SystemExit as wrong_use:  # argparse's own exit, as the real script has it
        code = wrong_use.code
    out, err = capsys.readouterr()
    assert code == status, out + err
    assert "Traceback" not in out + err
    assert word in out + err, out + err
    assert _files(tmp_path) == before  # the register as it was, and nothing new
