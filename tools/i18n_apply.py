"""Apply translations kept as JSON ({"msgid": "译文"}, plurals {"singular": ["译文", ...]}) to a catalog.

    python tools/i18n_apply.py i18n/zh_CN/LC_MESSAGES/messages.po zh_CN FILE.json ...

Only entries of the catalog are filled (run ``make i18n`` first so new msgids are there); a JSON
entry the catalog does not have is reported, since it usually means a msgid was reworded.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po

path, locale, *sources = sys.argv[1:]
with open(path, "rb") as f:
    catalog = read_po(f, locale=locale)
unknown = []
for source in sources:
    with open(source, encoding="utf-8") as f:
        translations = json.load(f)
    for msgid, text in translations.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(f"{source}: {msgid}")
            continue
        plural = isinstance(message.id, tuple)
        forms = text if isinstance(text, list) else [text]
        message.string = tuple(forms * (1 if len(forms) > 1 else catalog.num_plurals)) if plural else forms[0]
        message.flags.discard("fuzzy")
with open(path, "wb") as f:
    write_po(f, catalog, width=0)
for line in unknown:
    print("not in the catalog:", line, file=sys.stderr)
