"""Trust (Art. 1g, 1h; AVG/GDPR): who may do what, and what proves what happened.

``trust.access``: the roles and what each may do (GRANTS) and read (READS); every room asks
the store's ``require``/``require_read`` against this table. ``trust.people``: members,
PINs (salted scrypt), sign-in and lock-out. ``trust.audit``: the audit trail, chained by
hashes. ``trust.seals``: every record that carries money, rights or a letter's facts bound
to the trail. ``trust.backup``: consistent, rotated copies and restoring them.
``trust.privacy``: retention, anonymising and a person's data (AVG art. 15). ``trust.four_eyes``:
a second member confirms with their own PIN, and the trail names them.
"""
