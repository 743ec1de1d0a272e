"""慈善资源: the register of donors and partners, and what they can offer."""
