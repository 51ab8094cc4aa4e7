"""What the register does with residents' personal data, in plain words (AVG/GDPR)."""

from .i18n import _


def statement(retention_months: int) -> str:
    """The privacy statement shown in the app; the same text goes on application forms."""
    return _(
        "Privacy statement\n\n"
        "The steering group records what the voucher ordinance asks of an application "
        "(Art. 4.2): the applicant's name, contact address, phone number and signature, and "
        "the initiative. An e-mail address only if the applicant gives one. The data is used "
        "only to handle the application, to issue vouchers and to account for them to the "
        "municipality.\n\n"
        "The register is one file on the steering group's computer, readable by its owner "
        "only, and so are its backups. Nothing is sent anywhere.\n\n"
        "An applicant's name is published with the initiative (Art. 7.2) only if they agreed "
        "to it on the form.\n\n"
        "Every applicant may ask what is stored about them; the steering group gives them "
        "everything (the command: regiegroep privacy export). {months} months after an "
        "application was closed, "
        "the applicant's name, address, phone, e-mail and scans are removed; the amounts and "
        "decisions stay for the accounts."
    ).format(months=retention_months)
