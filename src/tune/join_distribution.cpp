// join_distribution: see include/starshift/tune/ (implementation pending)
