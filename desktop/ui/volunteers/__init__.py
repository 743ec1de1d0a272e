"""志愿者: the volunteer register, each volunteer's record, the time bank and the certificates."""
