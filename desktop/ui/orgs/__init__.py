"""社会组织: the register of community social organisations."""
