"""The kiosk in the community centre (Art. 4.1, 5.3-5.5): residents hand in applications and votes.

``kiosk.kiosk_packages``: the kiosk's session, what it shows, and the packages between the
group's register and a kiosk PC with a register of its own (prepare, load, collect,
receive). ``kiosk.kiosk_votes``: votes on such a kiosk PC, sealed at once and counted at the
laptop. ``kiosk.sealing``: the group's X25519 key pair and the sealed boxes; the private key
is used inside the core only. ``kiosk.kiosk_identity``: a kiosk PC's own signing key, so the
group accepts packages from the kiosks it knows only; ``kiosk.kiosk_checks``: every field
of a package checked for type, range and size. Depends on consultations, never the other way round.
"""
