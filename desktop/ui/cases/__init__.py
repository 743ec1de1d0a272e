"""服务对象与个案: the clients, the case list and the case window."""
