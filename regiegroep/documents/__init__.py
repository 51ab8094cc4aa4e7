"""Everything the steering group prints: letters, voucher certificates, notices, the year report."""
