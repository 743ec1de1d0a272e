"""English is the source language: fill every empty msgstr of the en catalog with its msgid."""

import sys

from babel.messages.pofile import read_po, write_po

path = sys.argv[1]
with open(path, "rb") as f:
    catalog = read_po(f, locale="en")
for message in catalog:
    if isinstance(message.id, tuple):  # plural: (singular, plural)
        if not all(message.string):
            message.string = message.id
    elif message.id and not message.string:
        message.string = message.id
    message.flags.discard("fuzzy")
with open(path, "wb") as f:
    write_po(f, catalog, width=0)
