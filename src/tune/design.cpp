// design: see include/starshift/tune/ (implementation pending)
