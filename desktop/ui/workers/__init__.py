"""社会工作者: the register of social workers."""
