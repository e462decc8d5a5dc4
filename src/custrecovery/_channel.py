"""Channels a complaint arrives on, private or public.

Private channels keep the conversation between the customer and the firm;
public ones are seen by others (seed article 002: invite customers to raise
complaints privately before they go public).
"""

from __future__ import annotations

import enum
from typing import final

__all__ = ["Channel"]


@final
class Channel(enum.Enum):
    """Where a complaint was made."""

    PHONE = "phone"
    EMAIL = "email"
    WEB_FORM = "web_form"
    IN_PERSON = "in_person"
    OWNED_FORUM = "owned_forum"
    POSTAL_MAIL = "postal_mail"
    SOCIAL_MEDIA = "social_media"
    REVIEW_SITE = "review_site"
    PRESS = "press"
    REGULATOR = "regulator"

    @property
    def is_public(self) -> bool:
        """Whether other people can see what is said on this channel."""
        return self in _PUBLIC


_PUBLIC = frozenset({Channel.SOCIAL_MEDIA, Channel.REVIEW_SITE, Channel.PRESS, Channel.REGULATOR})
