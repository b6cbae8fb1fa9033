// advisor: see include/starshift/tune/ (implementation pending)
