"""A calendar invitation (RFC 5545) for one appointment, as plain text: customers add their visit
to their phone's calendar from the confirmation mail, without Odoo's Calendar app."""

from datetime import UTC, datetime


def _escape(text):
    """Text value escaping of RFC 5545 (3.3.11)."""
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line):
    """Lines longer than 75 octets are folded (3.1), never inside a UTF-8 character."""
    encoded = line.encode()
    parts = []
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        while cut and (encoded[cut] & 0xC0) == 0x80:
            cut -= 1
        parts.append(encoded[:cut])
        encoded = encoded[cut:]
    parts.append(encoded)
    return b"\r\n ".join(parts).decode()


def _utc(moment):
    return moment.strftime("%Y%m%dT%H%M%SZ")


def appointment_ics(
    uid, sequence, date_start, date_end, summary, location="", description="", cancelled=False
):
    """The .ics of one event between two naive UTC datetimes. ``uid`` stays the same for the
    appointment and ``sequence`` grows with each change, so that calendars update the event
    (or remove it when ``cancelled``) instead of adding a second one."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Field Service Suite//Intervention//EN",
        "CALSCALE:GREGORIAN",
        f"METHOD:{'CANCEL' if cancelled else 'PUBLISH'}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{_utc(datetime.now(UTC))}",
        f"DTSTART:{_utc(date_start)}",
        f"DTEND:{_utc(date_end)}",
        f"SUMMARY:{_escape(summary)}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()
