"""Pure rules of the domain: validation, money, codes. Imports nothing of ours but errors and i18n."""
