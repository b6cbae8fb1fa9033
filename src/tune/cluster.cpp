// cluster: see include/starshift/tune/ (implementation pending)
