"""Phone numbers as people write them, read with `phonenumbers`: the number to dial and how to show it.

A number written without "+" is read in the country of the interview's time zone (the
tz database's zone table says which country each zone belongs to), so "030 5550101" for
an interview in Europe/Berlin dials +49 30 5550101. The trunk zero that people keep in
international numbers ("+49 (0)30 ...") is dropped, and an extension becomes ";ext=" in
the tel: link (RFC 3966) instead of more digits of the number. Text that is not a valid
number gets no link: it is shown as the user wrote it.
"""

import functools
import importlib.resources
import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

# Where the tz database's tables live: the system's copy, else the tzdata package's.
SYSTEM_ZONEINFO = Path("/usr/share/zoneinfo")


def zoneinfo_table(name: str) -> str:
    """A table of the tz database ("zone.tab", "tzdata.zi") as text, or "" where none is installed."""
    system = SYSTEM_ZONEINFO / name
    if system.is_file():
        return system.read_text(encoding="utf-8")
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


@functools.cache
def _country_by_zone() -> dict[str, str]:
    """zone.tab: one country per canonical zone, plus the old names (tzdata.zi's links) of those zones."""
    countries: dict[str, str] = {}
    for line in zoneinfo_table("zone.tab").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            countries[parts[2]] = parts[0]
    for line in zoneinfo_table("tzdata.zi").splitlines():
        # "L Europe/Kyiv Europe/Kiev": the link Europe/Kiev names the zone Europe/Kyiv.
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L" and parts[1] in countries:
            countries.setdefault(parts[2], countries[parts[1]])
    return countries


def region_for_zone(time_zone: str) -> str | None:
    """The ISO country code of a time zone ("Europe/Berlin" -> "DE"), or None (UTC, Etc/GMT+5, unknown)."""
    return _country_by_zone().get(time_zone)


@dataclass(frozen=True)
class Phone:
    """A phone number as written, and, when it is a valid number, how to dial and show it."""

    text: str
    e164: str = ""  # "+49305550101"; only digits for a national number read without a country
    extension: str = ""
    display: str = ""

    @property
    def tel_url(self) -> str:
        """ "tel:+49305550101;ext=12", or "" when the text is not a number to dial."""
        if not self.e164:
            return ""
        return f"tel:{self.e164}" + (f";ext={self.extension}" if self.extension else "")

    def __str__(self) -> str:
        return self.display or self.text


# A pure function of two short strings that phonenumbers takes ~0.1 ms over: every flow page and the interview
# page read the same contact's number again (Phone is immutable, so a remembered one is safe to share).
@functools.lru_cache(maxsize=4096)
def phone_parse(text: str, *, time_zone: str = "") -> Phone:
    """Read a number as people write it; the time zone's country is the region for a number without "+"."""
    text = (text or "").strip()
    if not text:
        return Phone(text="")
    region = region_for_zone(time_zone)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        if region is None and error.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            return _dialled_as_written(text)
        return Phone(text=text)
    if not phonenumbers.is_valid_number(number):
        return Phone(text=text)
    return Phone(
        text=text,
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        extension=number.extension or "",
        display=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    )


# A national number in a zone without a country (UTC): digits and the usual separators only.
NATIONAL_NUMBER = re.compile(r"[\d\s()./-]+")


def _dialled_as_written(text: str) -> Phone:
    """No country to read it in: a plain national number is dialled as written, from the same country."""
    digits = re.sub(r"\D", "", text)
    if NATIONAL_NUMBER.fullmatch(text) and 6 <= len(digits) <= 15:
        return Phone(text=text, e164=digits, display=text)
    return Phone(text=text)


def tel_url(phone: str, *, time_zone: str = "") -> str:
    """A tel: link for a number as people write it, or "" when it is not a valid number."""
    return phone_parse(phone, time_zone=time_zone).tel_url
