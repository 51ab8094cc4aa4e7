"""Vouchers (Art. 1a, 5, 5.7, 9): serials, signing, issuing, redeeming, checking.

``vouchers.issuing`` issues (the only place a grant is split into vouchers), voids and
replaces, and expires vouchers: it writes the ``voucher`` table. ``vouchers.serials``: serials and
voting codes with a check character (Art. 1a); ``vouchers.signing``: the register's Ed25519
key, used inside the core only, and the signed codes printed on vouchers;
``vouchers.payments``: redeeming (Art. 9) and refused payments; ``vouchers.status_list``:
the signed list of vouchers no longer good to pay, for offline checks;
``vouchers.voucher_prints``: the certificates printed, reprints marked; ``vouchers.verifying``:
whether a voucher is good to pay. Depends on deciding (the grants in force), never the
other way round.

The package's face is light: a cash manager's offline check (``vouchers.signing``) loads
nothing of the register.
"""
